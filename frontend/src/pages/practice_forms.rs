//! Writing good practices: the practice form (new, edit, texts in another
//! language) and the management page (review queue, the organisation's practices).

use dioxus::prelude::*;

use crate::components::{CsrfField, ErrorSummary, FormState, Notice, SelectField, TextField};
use crate::i18n::Lang;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::PracticeRow;
use crate::pages::plan_forms::TextArea;

/// Values of closed sets the form offers (from the backend's domain enums).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Choices {
    /// Levels of government.
    pub levels: Vec<String>,
    /// Policy areas.
    pub policy_areas: Vec<String>,
    /// Innovation stages.
    pub stages: Vec<String>,
    /// Organisations an administrator may choose as owner: (id, name); empty for others.
    pub organisations: Vec<(i32, String)>,
}

/// The practice form.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeFormView {
    /// Practice id when editing.
    pub id: Option<i32>,
    /// Whether only the texts in one language are edited (a translation).
    pub texts_only: bool,
    /// Entered values and errors (`sdgs` as comma-separated numbers).
    pub form: FormState,
    /// Closed sets.
    pub choices: Choices,
}

/// Renders the practice form.
pub fn render_form(ctx: &PageCtx, view: &PracticeFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PracticeForm { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn PracticeForm(ctx: PageCtx, view: PracticeFormView) -> Element {
    let tr = ctx.tr;
    let form = view.form.clone();
    let title = match (view.id, view.texts_only) {
        (None, _) => tr.t("practice-new"),
        (Some(_), false) => tr.t("practice-edit"),
        (Some(_), true) => tr.t("practice-translate"),
    };
    let action = match (view.id, view.texts_only) {
        (None, _) => "/practices/new".to_string(),
        (Some(id), false) => format!("/practices/{id}/edit"),
        (Some(id), true) => format!("/practices/{id}/texts"),
    };
    let fields: Vec<(&str, &str)> = vec![
        ("owner_organisation_id", "field-owner"),
        ("lang", "field-text-language"),
        ("title", "field-title"),
        ("summary", "practice-summary"),
        ("problem", "practice-problem"),
        ("solution", "practice-solution"),
        ("results", "practice-results"),
        ("lessons", "practice-lessons"),
        ("conditions", "practice-conditions"),
        ("country", "field-country"),
        ("territory_code", "field-territory"),
        ("level", "field-level"),
        ("policy_area", "field-policy-area"),
        ("innovation_stage", "field-stage"),
        ("launch_year", "field-launch-year"),
        ("licence", "field-licence"),
        ("contact", "field-contact"),
        ("tags", "field-tags"),
        ("sdgs", "field-sdgs"),
        ("links", "practice-links"),
    ];
    let labels: Vec<(String, String)> = fields
        .iter()
        .map(|(f, k)| ((*f).to_string(), tr.t(k)))
        .collect();
    let langs: Vec<(String, String)> = Lang::ALL
        .into_iter()
        .map(|l| (l.code().to_string(), l.native_name().to_string()))
        .collect();
    let opts = |prefix: &str, values: &[String]| -> Vec<(String, String)> {
        values
            .iter()
            .map(|v| (v.clone(), tr.label(prefix, v)))
            .collect()
    };
    let chosen_sdgs: Vec<String> = form
        .value("sdgs")
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    let sdg_error = form.error("sdgs").cloned();
    let back = match view.id {
        Some(id) => format!("/practices/{id}"),
        None => "/practices".to_string(),
    };
    rsx! {
        Layout { ctx: ctx.clone(), title: title.clone(), nav: Nav::Practices,
            p { a { href: "{back}", {tr.t("back")} } }
            h1 { "{title}" }
            ErrorSummary { tr, form: form.clone(), labels }
            form { method: "post", action: "{action}", class: "form", novalidate: true,
                CsrfField { token: ctx.csrf.clone() }
                if !view.choices.organisations.is_empty() && !view.texts_only {
                    SelectField { tr, form: form.clone(), name: "owner_organisation_id", label: tr.t("field-owner"),
                        options: view.choices.organisations.iter().map(|(id, n)| (id.to_string(), n.clone())).collect::<Vec<_>>(), required: true }
                }
                SelectField { tr, form: form.clone(), name: "lang", label: tr.t("field-text-language"), options: langs, required: true }
                TextField { tr, form: form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200 }
                TextArea { ctx: ctx.clone(), form: form.clone(), name: "summary", label: tr.t("practice-summary"), required: true }
                TextArea { ctx: ctx.clone(), form: form.clone(), name: "problem", label: tr.t("practice-problem"), required: true }
                TextArea { ctx: ctx.clone(), form: form.clone(), name: "solution", label: tr.t("practice-solution"), required: true }
                TextArea { ctx: ctx.clone(), form: form.clone(), name: "results", label: tr.t("practice-results") }
                TextArea { ctx: ctx.clone(), form: form.clone(), name: "lessons", label: tr.t("practice-lessons") }
                TextArea { ctx: ctx.clone(), form: form.clone(), name: "conditions", label: tr.t("practice-conditions") }
                if !view.texts_only {
                    TextField { tr, form: form.clone(), name: "country", label: tr.t("field-country"), hint: tr.t("hint-country"), required: true, maxlength: 2 }
                    TextField { tr, form: form.clone(), name: "territory_code", label: tr.t("field-territory"), hint: tr.t("hint-territory"), maxlength: 16 }
                    SelectField { tr, form: form.clone(), name: "level", label: tr.t("field-level"), options: opts("org-level", &view.choices.levels), placeholder: tr.t("choose"), required: true }
                    SelectField { tr, form: form.clone(), name: "policy_area", label: tr.t("field-policy-area"), options: opts("policy-area", &view.choices.policy_areas), placeholder: tr.t("choose"), required: true }
                    SelectField { tr, form: form.clone(), name: "innovation_stage", label: tr.t("field-stage"), options: opts("stage", &view.choices.stages), placeholder: tr.t("choose") }
                    TextField { tr, form: form.clone(), name: "launch_year", label: tr.t("field-launch-year"), hint: tr.t("hint-year"), maxlength: 4 }
                    TextField { tr, form: form.clone(), name: "licence", label: tr.t("field-licence"), hint: tr.t("hint-licence"), maxlength: 60 }
                    TextField { tr, form: form.clone(), name: "contact", label: tr.t("field-contact"), hint: tr.t("hint-contact"), maxlength: 200 }
                    TextField { tr, form: form.clone(), name: "tags", label: tr.t("field-tags"), hint: tr.t("hint-tags") }
                    fieldset { class: if sdg_error.is_some() { "field field-error" } else { "field" },
                        aria_describedby: sdg_error.as_ref().map(|_| "field-sdgs-error"),
                        legend { class: "field-label", {tr.t("field-sdgs")} span { class: "optional", " ({tr.t(\"field-optional\")})" } }
                        if let Some(e) = &sdg_error { p { id: "field-sdgs-error", class: "field-message", {tr.error(&e.code, &tr.t("field-sdgs"))} } }
                        div { class: "checkboxes",
                            for n in 1..=17 {
                                div { key: "{n}", class: "checkbox",
                                    input { r#type: "checkbox", id: if n == 1 { "field-sdgs".to_string() } else { format!("field-sdgs-{n}") }, name: "sdgs", value: "{n}", checked: chosen_sdgs.contains(&n.to_string()) }
                                    label { r#for: if n == 1 { "field-sdgs".to_string() } else { format!("field-sdgs-{n}") }, {tr.label("sdg", &n.to_string())} }
                                }
                            }
                        }
                    }
                    TextArea { ctx: ctx.clone(), form: form.clone(), name: "links", label: tr.t("practice-links"), hint: tr.t("hint-links") }
                }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}

/// The management page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ManageView {
    /// Submissions waiting for review (administrators only).
    pub queue: Option<Vec<PracticeRow>>,
    /// The reader's organisation's practices.
    pub mine: Vec<PracticeRow>,
    /// A notice after an action.
    pub notice: Option<String>,
}

/// Renders the management page.
pub fn render_manage(ctx: &PageCtx, view: &ManageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ManagePage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn RowTable(ctx: PageCtx, caption: String, rows: Vec<PracticeRow>) -> Element {
    let tr = ctx.tr;
    if rows.is_empty() {
        return rsx! { h2 { "{caption}" } p { {tr.t("list-empty")} } };
    }
    rsx! {
        table { class: "table",
            caption { "{caption}" }
            thead { tr {
                th { scope: "col", {tr.t("field-title")} }
                th { scope: "col", {tr.t("field-owner")} }
                th { scope: "col", {tr.t("field-status")} }
                th { scope: "col", {tr.t("field-updated")} }
            } }
            tbody {
                for r in rows.iter() {
                    tr { key: "{r.id}",
                        td { a { href: "/practices/{r.id}", "{r.title}" } }
                        td { "{r.owner}" }
                        td { {tr.label("practice-status", &r.status)}
                            if let Some(c) = &r.review_comment { br {} span { class: "muted", "{c}" } }
                        }
                        td { {r.updated_at.format("%Y-%m-%d").to_string()} }
                    }
                }
            }
        }
    }
}

#[component]
fn ManagePage(ctx: PageCtx, view: ManageView) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("practices-manage"), nav: Nav::Practices,
            p { a { href: "/practices", {tr.t("back-to-practices")} } }
            h1 { {tr.t("practices-manage")} }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            p { a { class: "button", href: "/practices/new", {tr.t("practice-new")} } }
            if let Some(q) = &view.queue {
                RowTable { ctx: ctx.clone(), caption: tr.t("practices-review-queue"), rows: q.clone() }
            }
            RowTable { ctx: ctx.clone(), caption: tr.t("practices-of-organisation"), rows: view.mine.clone() }
        }
    }
}
