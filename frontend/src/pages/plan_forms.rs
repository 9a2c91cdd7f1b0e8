//! The plan editor's forms: plan, node (with move and delete), indicator,
//! measurement. Plain HTML forms; a hidden `lock_version` detects concurrent edits.

use dioxus::prelude::*;

use crate::components::{CsrfField, ErrorSummary, FormState, SelectField, TextField};
use crate::layout::{Layout, Nav, PageCtx};

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
}

/// Renders the plan form.
pub fn render_plan_form(ctx: &PageCtx, view: &PlanFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PlanFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

fn title_for(ctx: &PageCtx, heading: &str, form: &FormState) -> String {
    if form.errors.is_empty() {
        heading.to_owned()
    } else {
        ctx.tr
            .ta("title-with-errors", &[("title", heading.to_owned())])
    }
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
    ];
    let parents: Vec<(String, String)> = view
        .parents
        .iter()
        .filter(|(id, _)| Some(*id) != view.id)
        .map(|(id, t)| (id.to_string(), t.clone()))
        .collect();
    let owners: Vec<(String, String)> = view
        .owners
        .iter()
        .map(|(id, t)| (id.to_string(), t.clone()))
        .collect();
    rsx! {
        Layout { ctx: ctx.clone(), title: title_for(&ctx, &heading, &view.form), nav: Nav::Plans,
            p { a { href: "{back}", {tr.t("back")} } }
            h1 { "{heading}" }
            ErrorSummary { tr, form: view.form.clone(), labels }
            form { method: "post", action: "{action}", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                input { r#type: "hidden", name: "lock_version", value: "{view.form.value(\"lock_version\")}" }
                TextField { tr, form: view.form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                TextArea { ctx: ctx.clone(), form: view.form.clone(), name: "summary", label: tr.t("field-summary") }
                if !owners.is_empty() {
                    SelectField { tr, form: view.form.clone(), name: "owner_organisation_id", label: tr.t("field-owner"), options: owners, placeholder: tr.t("choose"), required: true }
                }
                TextField { tr, form: view.form.clone(), name: "period_start", label: tr.t("field-period-start"), hint: tr.t("hint-date"), required: true }
                TextField { tr, form: view.form.clone(), name: "period_end", label: tr.t("field-period-end"), hint: tr.t("hint-date"), required: true }
                SelectField { tr, form: view.form.clone(), name: "parent_plan_id", label: tr.t("field-parent-plan"), options: parents, placeholder: tr.t("none") }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}

/// A labelled textarea with its error message.
#[component]
pub fn TextArea(
    ctx: PageCtx,
    form: FormState,
    name: String,
    label: String,
    #[props(default = false)] required: bool,
    #[props(default)] hint: Option<String>,
) -> Element {
    let tr = ctx.tr;
    let error = form.error(&name).cloned();
    let id = format!("{}field-{name}", form.id_prefix);
    rsx! {
        div { class: if error.is_some() { "field field-error" } else { "field" },
            label { r#for: "{id}", class: "field-label", "{label}"
                if !required { span { class: "optional", " ({tr.t(\"field-optional\")})" } }
            }
            if let Some(h) = &hint { p { id: "{id}-hint", class: "field-hint", "{h}" } }
            if let Some(e) = &error { p { id: "{id}-error", class: "field-message", {tr.error(&e.code, &label)} } }
            textarea {
                id: "{id}", name: "{name}", rows: "5",
                aria_describedby: {
                    let ids: Vec<String> = [hint.as_ref().map(|_| format!("{id}-hint")), error.as_ref().map(|_| format!("{id}-error"))].into_iter().flatten().collect();
                    (!ids.is_empty()).then(|| ids.join(" "))
                },
                aria_invalid: error.as_ref().map(|_| "true"),
                {form.value(&name)}
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
    pub milestones: Vec<crate::model::MilestoneView>,
    /// Values and errors of the new-milestone form.
    pub milestone_form: FormState,
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
        ("parent_id", "field-parent"),
        ("kind", "field-kind"),
    ];
    let labels: Vec<(String, String)> = fields
        .iter()
        .map(|(f, k)| (f.to_string(), tr.t(k)))
        .collect();
    let orgs: Vec<(String, String)> = view
        .organisations
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let statuses: Vec<(String, String)> = [
        "not_started",
        "on_track",
        "at_risk",
        "late",
        "done",
        "cancelled",
    ]
    .iter()
    .map(|s| (s.to_string(), tr.label("node-status", s)))
    .collect();
    let alignable: Vec<(String, String)> = view
        .alignable
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let parents: Vec<(String, String)> = view
        .parents
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let is_action = kind == "action";
    rsx! {
        Layout { ctx: ctx.clone(), title: title_for(&ctx, &heading, &view.form), nav: Nav::Plans,
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
                TextArea { ctx: ctx.clone(), form: view.form.clone(), name: "description", label: tr.t("field-description") }
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
                    ErrorSummary { tr, form: view.move_form.clone(), labels: vec![("parent_id".to_string(), tr.t("field-parent"))] }
                    form { method: "post", action: "/nodes/{id}/move", class: "form",
                        CsrfField { token: ctx.csrf.clone() }
                        input { r#type: "hidden", name: "lock_version", value: "{view.form.value(\"lock_version\")}" }
                        if kind != "area" {
                            SelectField { tr, form: view.move_form.clone(), name: "parent_id", label: tr.t("field-parent"), options: parents, required: true }
                        }
                        TextField { tr, form: view.move_form.clone(), name: "position", label: tr.t("field-position"), hint: tr.t("hint-position"), input_type: "number" }
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
                    ErrorSummary { tr, form: view.milestone_form.clone(), labels: vec![("title".to_string(), tr.t("field-milestone-title")), ("due_date".to_string(), tr.t("field-due-date"))] }
                    form { method: "post", action: "/nodes/{id}/milestones", class: "form", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        TextField { tr, form: view.milestone_form.clone(), name: "title", label: tr.t("field-milestone-title"), required: true, maxlength: 200usize }
                        TextField { tr, form: view.milestone_form.clone(), name: "due_date", label: tr.t("field-due-date"), hint: tr.t("hint-date"), required: true }
                        button { r#type: "submit", class: "button secondary", {tr.t("milestone-add")} }
                    }
                }
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

/// The indicator form.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFormView {
    /// Plan id.
    pub plan_id: i32,
    /// Node id.
    pub node_id: i32,
    /// Node heading ("code – title").
    pub node: String,
    /// The indicator when editing.
    pub indicator_id: Option<i32>,
    /// Number of target rows to show.
    pub rows: usize,
    /// Entered values (targets as `target_period_N`, `target_due_N`, `target_value_N`) and errors.
    pub form: FormState,
}

/// Renders the indicator form.
pub fn render_indicator_form(ctx: &PageCtx, view: &IndicatorFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { IndicatorFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

/// Number of target rows in a new indicator's form.
pub const TARGET_ROWS: usize = 4;

#[component]
fn IndicatorFormPage(ctx: PageCtx, view: IndicatorFormView) -> Element {
    let tr = ctx.tr;
    let heading = if view.indicator_id.is_some() {
        tr.t("indicator-edit")
    } else {
        tr.t("indicator-add")
    };
    let action = match view.indicator_id {
        Some(id) => format!("/indicators/{id}"),
        None => format!("/nodes/{}/indicators", view.node_id),
    };
    let mut labels: Vec<(String, String)> = [
        ("name", "field-name"),
        ("unit", "field-unit"),
        ("direction", "field-direction"),
        ("baseline_value", "field-baseline-value"),
        ("baseline_date", "field-baseline-date"),
        ("frequency", "field-frequency"),
        ("data_source", "field-data-source"),
    ]
    .iter()
    .map(|(f, k)| (f.to_string(), tr.t(k)))
    .collect();
    for i in 0..view.rows {
        let n = (i + 1).to_string();
        labels.push((
            format!("target_period_{i}"),
            tr.ta("field-target-period", &[("n", n.clone())]),
        ));
        labels.push((
            format!("target_due_{i}"),
            tr.ta("field-target-due", &[("n", n.clone())]),
        ));
        labels.push((
            format!("target_value_{i}"),
            tr.ta("field-target-value", &[("n", n.clone())]),
        ));
    }
    let directions: Vec<(String, String)> = ["increase", "decrease", "keep"]
        .iter()
        .map(|d| (d.to_string(), tr.label("direction", d)))
        .collect();
    let frequencies: Vec<(String, String)> = ["monthly", "quarterly", "semiannual", "annual"]
        .iter()
        .map(|d| (d.to_string(), tr.label("frequency", d)))
        .collect();
    rsx! {
        Layout { ctx: ctx.clone(), title: title_for(&ctx, &heading, &view.form), nav: Nav::Plans,
            p { a { href: "/nodes/{view.node_id}", {tr.t("back")} } }
            h1 { "{heading}" }
            p { class: "lead", "{view.node}" }
            ErrorSummary { tr, form: view.form.clone(), labels: labels.clone() }
            form { method: "post", action: "{action}", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                TextField { tr, form: view.form.clone(), name: "name", label: tr.t("field-name"), required: true, maxlength: 200usize }
                TextField { tr, form: view.form.clone(), name: "unit", label: tr.t("field-unit"), hint: tr.t("hint-unit") }
                SelectField { tr, form: view.form.clone(), name: "direction", label: tr.t("field-direction"), options: directions, placeholder: tr.t("choose"), required: true }
                TextField { tr, form: view.form.clone(), name: "baseline_value", label: tr.t("field-baseline-value"), required: true }
                TextField { tr, form: view.form.clone(), name: "baseline_date", label: tr.t("field-baseline-date"), hint: tr.t("hint-date"), required: true }
                SelectField { tr, form: view.form.clone(), name: "frequency", label: tr.t("field-frequency"), options: frequencies, placeholder: tr.t("choose"), required: true }
                TextField { tr, form: view.form.clone(), name: "data_source", label: tr.t("field-data-source") }
                fieldset { class: "targets",
                    legend { {tr.t("indicator-targets")} }
                    p { class: "field-hint", {tr.t("hint-targets")} }
                    for i in 0..view.rows {
                        div { class: "target-row",
                            TextField { tr, form: view.form.clone(), name: "target_period_{i}", label: labels[7 + i * 3].1.clone() }
                            TextField { tr, form: view.form.clone(), name: "target_due_{i}", label: labels[8 + i * 3].1.clone() }
                            TextField { tr, form: view.form.clone(), name: "target_value_{i}", label: labels[9 + i * 3].1.clone() }
                        }
                    }
                }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}

/// The measurement form.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementFormView {
    /// Plan id.
    pub plan_id: i32,
    /// Node id.
    pub node_id: i32,
    /// Indicator id.
    pub indicator_id: i32,
    /// Indicator name and unit.
    pub indicator: String,
    /// Entered values and errors.
    pub form: FormState,
}

/// Renders the measurement form.
pub fn render_measurement_form(ctx: &PageCtx, view: &MeasurementFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { MeasurementFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn MeasurementFormPage(ctx: PageCtx, view: MeasurementFormView) -> Element {
    let tr = ctx.tr;
    let heading = tr.t("measurement-new");
    let labels = vec![
        ("date".to_string(), tr.t("field-date")),
        ("value".to_string(), tr.t("field-value")),
        ("note".to_string(), tr.t("field-note")),
    ];
    rsx! {
        Layout { ctx: ctx.clone(), title: title_for(&ctx, &heading, &view.form), nav: Nav::Plans,
            p { a { href: "/nodes/{view.node_id}", {tr.t("back")} } }
            h1 { "{heading}" }
            p { class: "lead", "{view.indicator}" }
            ErrorSummary { tr, form: view.form.clone(), labels }
            form { method: "post", action: "/indicators/{view.indicator_id}/measurements", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                TextField { tr, form: view.form.clone(), name: "date", label: tr.t("field-date"), hint: tr.t("hint-date"), required: true }
                TextField { tr, form: view.form.clone(), name: "value", label: tr.t("field-value"), required: true }
                TextField { tr, form: view.form.clone(), name: "note", label: tr.t("field-note"), maxlength: 5000usize }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}

/// The import page: upload a plan document (JSON) to create a new draft.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportView {
    /// Problems found in the uploaded document: (place, code, detail).
    pub errors: Vec<(String, String, String)>,
}

/// Renders the import page.
pub fn render_import(ctx: &PageCtx, view: &ImportView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ImportPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn ImportPage(ctx: PageCtx, view: ImportView) -> Element {
    let tr = ctx.tr;
    let heading = tr.t("plan-import");
    let title = if view.errors.is_empty() {
        heading.clone()
    } else {
        tr.ta("title-with-errors", &[("title", heading.clone())])
    };
    rsx! {
        Layout { ctx: ctx.clone(), title, nav: Nav::Plans,
            p { a { href: "/plans", {tr.t("back-to-plans")} } }
            h1 { "{heading}" }
            p { class: "lead", {tr.t("plan-import-lead")} }
            if !view.errors.is_empty() {
                div { class: "error-summary", role: "alert", tabindex: "-1", id: "error-summary",
                    h2 { class: "error-summary-title", {tr.t("plan-import-errors")} }
                    ul {
                        for (place, code, detail) in view.errors.iter() {
                            li { code { "{place}" } ": " {tr.error(code, place)} " " span { class: "muted", "({detail})" } }
                        }
                    }
                }
            }
            form { method: "post", action: "/plans/import", enctype: "multipart/form-data", class: "form",
                CsrfField { token: ctx.csrf.clone() }
                div { class: "field",
                    label { r#for: "field-file", class: "field-label", {tr.t("field-plan-file")} }
                    p { id: "field-file-hint", class: "field-hint", {tr.t("hint-plan-file")} }
                    input { id: "field-file", name: "file", r#type: "file", accept: ".json,application/json", required: true, aria_describedby: "field-file-hint" }
                }
                button { r#type: "submit", class: "button", {tr.t("plan-import-submit")} }
            }
        }
    }
}
