//! The plan editor's forms for plans and nodes (a node's with move,
//! milestones and delete). Plain HTML forms; a hidden `lock_version` detects
//! concurrent edits.

use dioxus::prelude::*;

use crate::components::attachments::{AttachmentEdit, AttachmentsSection};
use crate::components::{
    CsrfField, ErrorSummary, FormState, SelectField, TextArea, TextField, form_title, id_options,
    label_options,
};
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{AttachmentView, MilestoneView};

/// The plan form.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFormView {
    /// `None` when creating.
    pub id: Option<i32>,
    /// Entered values and errors (incl. `lock_version`).
    pub form: FormState,
    /// Plans that can be the parent: (id, title).
    pub parents: Vec<(i32, String)>,
    /// Organisations for administrators to pick the owner: (id, name); empty for planners.
    pub owners: Vec<(i32, String)>,
    /// Files attached to the plan (when editing).
    pub attachments: Vec<AttachmentView>,
    /// Values and errors of the upload form.
    pub attachment_form: FormState,
    /// The size limit of a file, in megabytes.
    pub max_upload_mb: u64,
}

/// Renders the plan form.
pub fn render_plan_form(ctx: &PageCtx, view: &PlanFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PlanFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn PlanFormPage(ctx: PageCtx, view: PlanFormView) -> Element {
    let tr = ctx.tr;
    let heading = if view.id.is_some() {
        tr.t("plan-edit")
    } else {
        tr.t("plan-new")
    };
    let action = view
        .id
        .map_or("/plans".to_string(), |id| format!("/plans/{id}"));
    let back = view
        .id
        .map_or("/plans".to_string(), |id| format!("/plans/{id}"));
    let labels = vec![
        ("title".to_string(), tr.t("field-title")),
        ("summary".to_string(), tr.t("field-summary")),
        ("owner_organisation_id".to_string(), tr.t("field-owner")),
        ("period_start".to_string(), tr.t("field-period-start")),
        ("period_end".to_string(), tr.t("field-period-end")),
        ("parent_plan_id".to_string(), tr.t("field-parent-plan")),
        (
            "start_tolerance_days".to_string(),
            tr.t("field-start-tolerance-days"),
        ),
    ];
    let parents = id_options(view.parents.iter().filter(|(id, _)| Some(*id) != view.id));
    let owners = id_options(&view.owners);
    rsx! {
        Layout { ctx: ctx.clone(), title: form_title(tr, &heading, !view.form.errors.is_empty()), nav: Nav::Plans,
            p { a { href: "{back}", {tr.t("back")} } }
            h1 { "{heading}" }
            ErrorSummary { tr, form: view.form.clone(), labels }
            form { method: "post", action: "{action}", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                input { r#type: "hidden", name: "lock_version", value: "{view.form.value(\"lock_version\")}" }
                TextField { tr, form: view.form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                TextArea { tr, form: view.form.clone(), name: "summary", label: tr.t("field-summary") }
                if !owners.is_empty() {
                    SelectField { tr, form: view.form.clone(), name: "owner_organisation_id", label: tr.t("field-owner"), options: owners, placeholder: tr.t("choose"), required: true }
                }
                TextField { tr, form: view.form.clone(), name: "period_start", label: tr.t("field-period-start"), hint: tr.t("hint-date"), required: true }
                TextField { tr, form: view.form.clone(), name: "period_end", label: tr.t("field-period-end"), hint: tr.t("hint-date"), required: true }
                SelectField { tr, form: view.form.clone(), name: "parent_plan_id", label: tr.t("field-parent-plan"), options: parents, placeholder: tr.t("none") }
                TextField { tr, form: view.form.clone(), name: "start_tolerance_days", label: tr.t("field-start-tolerance-days"), hint: tr.t("hint-start-tolerance") }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
            if let Some(id) = view.id {
                AttachmentsSection { tr, items: view.attachments.clone(), edit: AttachmentEdit {
                    csrf: ctx.csrf.clone(),
                    action: format!("/plans/{id}/attachments"),
                    form: view.attachment_form.clone(),
                    max_mb: view.max_upload_mb,
                    back: format!("/plans/{id}/edit#attachments"),
                } }
            }
        }
    }
}

/// The node form (create or edit), with move and delete sections when editing.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeFormView {
    /// Plan id.
    pub plan_id: i32,
    /// Plan title.
    pub plan_title: String,
    /// Node id when editing.
    pub id: Option<i32>,
    /// Entered values and errors.
    pub form: FormState,
    /// Organisations: (id, name).
    pub organisations: Vec<(i32, String)>,
    /// Possible parents for a move: (id, "code – title").
    pub parents: Vec<(i32, String)>,
    /// Nodes of the parent plan to align to: (id, "code – title").
    pub alignable: Vec<(i32, String)>,
    /// Whether the plan is a draft (deletion allowed).
    pub draft: bool,
    /// Errors of the move form.
    pub move_form: FormState,
    /// Milestones of the node.
    pub milestones: Vec<MilestoneView>,
    /// Values and errors of the new-milestone form.
    pub milestone_form: FormState,
    /// Files attached to the node.
    pub attachments: Vec<AttachmentView>,
    /// Values and errors of the upload form.
    pub attachment_form: FormState,
    /// The size limit of a file, in megabytes.
    pub max_upload_mb: u64,
}

/// `form` with its fields' ids prefixed: the page's main form has fields of
/// the same names (title, parent), and ids must be unique.
fn prefixed(form: &FormState, prefix: &str) -> FormState {
    FormState {
        id_prefix: prefix.to_owned(),
        ..form.clone()
    }
}

/// Renders the node form.
pub fn render_node_form(ctx: &PageCtx, view: &NodeFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { NodeFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn NodeFormPage(ctx: PageCtx, view: NodeFormView) -> Element {
    let tr = ctx.tr;
    let kind = view.form.value("kind");
    let heading = if view.id.is_some() {
        tr.t("node-edit")
    } else {
        tr.label("node-add", &kind)
    };
    let action = match view.id {
        Some(id) => format!("/nodes/{id}"),
        None => format!("/plans/{}/nodes", view.plan_id),
    };
    let fields = [
        ("code", "field-code"),
        ("title", "field-title"),
        ("description", "field-description"),
        ("responsible_office", "field-responsible-office"),
        (
            "responsible_organisation_id",
            "field-responsible-organisation",
        ),
        ("weight", "field-weight"),
        ("planned_start", "field-planned-start"),
        ("planned_end", "field-planned-end"),
        ("actual_start", "field-actual-start"),
        ("actual_end", "field-actual-end"),
        ("budget", "field-budget"),
        ("status", "field-status"),
        ("progress", "field-progress"),
        ("aligned_node_id", "field-contributes-to"),
        ("parent_id", "field-parent-node"),
        ("kind", "field-kind"),
    ];
    let labels: Vec<(String, String)> = fields
        .iter()
        .map(|(f, k)| (f.to_string(), tr.t(k)))
        .collect();
    let orgs = id_options(&view.organisations);
    let statuses = label_options(
        tr,
        "node-status",
        [
            "not_started",
            "on_track",
            "at_risk",
            "late",
            "done",
            "cancelled",
        ],
    );
    let alignable = id_options(&view.alignable);
    let parents = id_options(&view.parents);
    let is_action = kind == "action";
    rsx! {
        Layout { ctx: ctx.clone(), title: form_title(tr, &heading, !view.form.errors.is_empty()), nav: Nav::Plans,
            p { a { href: "/plans/{view.plan_id}", {tr.ta("back-to-plan", &[("title", view.plan_title.clone())])} } }
            h1 { "{heading}" }
            p { class: "lead", {tr.label("node-kind", &kind)} }
            ErrorSummary { tr, form: view.form.clone(), labels: labels.clone() }
            form { method: "post", action: "{action}", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                input { r#type: "hidden", name: "kind", value: "{kind}" }
                input { r#type: "hidden", name: "parent_id", value: "{view.form.value(\"parent_id\")}" }
                input { r#type: "hidden", name: "lock_version", value: "{view.form.value(\"lock_version\")}" }
                TextField { tr, form: view.form.clone(), name: "code", label: tr.t("field-code"), hint: tr.t("hint-code"), required: true, maxlength: 32usize }
                TextField { tr, form: view.form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                TextArea { tr, form: view.form.clone(), name: "description", label: tr.t("field-description") }
                TextField { tr, form: view.form.clone(), name: "responsible_office", label: tr.t("field-responsible-office"), maxlength: 200usize }
                SelectField { tr, form: view.form.clone(), name: "responsible_organisation_id", label: tr.t("field-responsible-organisation"), options: orgs, placeholder: tr.t("none") }
                SelectField { tr, form: view.form.clone(), name: "status", label: tr.t("field-status"), options: statuses, required: true }
                if is_action {
                    TextField { tr, form: view.form.clone(), name: "progress", label: tr.t("field-progress"), hint: tr.t("hint-progress"), input_type: "number" }
                }
                TextField { tr, form: view.form.clone(), name: "weight", label: tr.t("field-weight"), hint: tr.t("hint-weight") }
                TextField { tr, form: view.form.clone(), name: "planned_start", label: tr.t("field-planned-start"), hint: tr.t("hint-date") }
                TextField { tr, form: view.form.clone(), name: "planned_end", label: tr.t("field-planned-end"), hint: tr.t("hint-date") }
                TextField { tr, form: view.form.clone(), name: "actual_start", label: tr.t("field-actual-start"), hint: tr.t("hint-date") }
                TextField { tr, form: view.form.clone(), name: "actual_end", label: tr.t("field-actual-end"), hint: tr.t("hint-date") }
                TextField { tr, form: view.form.clone(), name: "budget", label: tr.t("field-budget"), hint: tr.t("hint-budget") }
                if !alignable.is_empty() {
                    SelectField { tr, form: view.form.clone(), name: "aligned_node_id", label: tr.t("field-contributes-to"), options: alignable, placeholder: tr.t("none") }
                }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
            if let Some(id) = view.id {
                section { aria_labelledby: "move-title",
                    h2 { id: "move-title", {tr.t("node-move-title")} }
                    ErrorSummary { tr, form: prefixed(&view.move_form, "move-"), labels: vec![("parent_id".to_string(), tr.t("field-parent-node"))] }
                    form { method: "post", action: "/nodes/{id}/move", class: "form",
                        CsrfField { token: ctx.csrf.clone() }
                        input { r#type: "hidden", name: "lock_version", value: "{view.form.value(\"lock_version\")}" }
                        if kind != "area" {
                            SelectField { tr, form: prefixed(&view.move_form, "move-"), name: "parent_id", label: tr.t("field-parent-node"), options: parents, required: true }
                        }
                        TextField { tr, form: prefixed(&view.move_form, "move-"), name: "position", label: tr.t("field-position"), hint: tr.t("hint-position"), input_type: "number" }
                        button { r#type: "submit", class: "button secondary", {tr.t("node-move-submit")} }
                    }
                }
                section { aria_labelledby: "milestones-title",
                    h2 { id: "milestones-title", {tr.t("node-milestones")} }
                    if view.milestones.is_empty() { p { {tr.t("milestones-empty")} } }
                    ul { class: "milestone-list",
                        for m in view.milestones.iter() {
                            li { key: "{m.id}",
                                "{m.due_date} – {m.title} "
                                if m.done { span { class: "badge badge-done", {tr.t("milestone-done")} } " " }
                                form { method: "post", action: "/milestones/{m.id}/toggle", class: "inline-form",
                                    CsrfField { token: ctx.csrf.clone() }
                                    input { r#type: "hidden", name: "done", value: if m.done { "false" } else { "true" } }
                                    button { r#type: "submit", class: "link-button dark",
                                        if m.done { {tr.t("milestone-mark-open")} } else { {tr.t("milestone-mark-done")} }
                                        span { class: "visually-hidden", " – {m.title}" }
                                    }
                                }
                            }
                        }
                    }
                    ErrorSummary { tr, form: prefixed(&view.milestone_form, "milestone-"), labels: vec![("title".to_string(), tr.t("field-milestone-title")), ("due_date".to_string(), tr.t("field-due-date"))] }
                    form { method: "post", action: "/nodes/{id}/milestones", class: "form", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        TextField { tr, form: prefixed(&view.milestone_form, "milestone-"), name: "title", label: tr.t("field-milestone-title"), required: true, maxlength: 200usize }
                        TextField { tr, form: prefixed(&view.milestone_form, "milestone-"), name: "due_date", label: tr.t("field-due-date"), hint: tr.t("hint-date"), required: true }
                        button { r#type: "submit", class: "button secondary", {tr.t("milestone-add")} }
                    }
                }
                AttachmentsSection { tr, items: view.attachments.clone(), edit: AttachmentEdit {
                    csrf: ctx.csrf.clone(),
                    action: format!("/nodes/{id}/attachments"),
                    form: view.attachment_form.clone(),
                    max_mb: view.max_upload_mb,
                    back: format!("/nodes/{id}/edit#attachments"),
                } }
                if view.draft {
                    section { aria_labelledby: "delete-title", class: "danger-zone",
                        h2 { id: "delete-title", {tr.t("node-delete-title")} }
                        p { {tr.t("node-delete-text")} }
                        form { method: "post", action: "/nodes/{id}/delete",
                            CsrfField { token: ctx.csrf.clone() }
                            button { r#type: "submit", class: "button danger", {tr.t("node-delete-submit")} }
                        }
                    }
                }
            }
        }
    }
}
