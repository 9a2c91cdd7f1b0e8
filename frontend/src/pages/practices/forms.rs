//! The practice form: a new practice, an edit, or its texts in another language.

use dioxus::prelude::*;

use crate::components::{
    ChoiceFieldset, CsrfField, ErrorSummary, FormState, SelectField, TextArea, TextField,
    id_options, label_options,
};
use crate::i18n::Lang;
use crate::layout::{Layout, Nav, PageCtx};

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
    /// Whether what is sent waits for an administrator's review (texts of a
    /// published practice, sent by its organisation).
    pub reviewed: bool,
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
        ("how_to_use", "practice-how-to-use"),
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
    let sdgs = label_options(tr, "sdg", (1..=17).map(|n| n.to_string()));
    let chosen_sdgs: Vec<String> = form
        .value("sdgs")
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    let back = match view.id {
        Some(id) => format!("/practices/{id}"),
        None => "/practices".to_string(),
    };
    rsx! {
        Layout { ctx: ctx.clone(), title: title.clone(), nav: Nav::Practices,
            p { a { href: "{back}", {tr.t("back")} } }
            h1 { "{title}" }
            if view.reviewed { p { class: "notice", role: "note", {tr.t("practice-texts-reviewed-note")} } }
            ErrorSummary { tr, form: form.clone(), labels }
            form { method: "post", action: "{action}", class: "form", novalidate: true,
                CsrfField { token: ctx.csrf.clone() }
                if !view.choices.organisations.is_empty() && !view.texts_only {
                    SelectField { tr, form: form.clone(), name: "owner_organisation_id", label: tr.t("field-owner"),
                        options: id_options(&view.choices.organisations), required: true }
                }
                SelectField { tr, form: form.clone(), name: "lang", label: tr.t("field-text-language"), options: langs, required: true }
                TextField { tr, form: form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200 }
                TextArea { tr, form: form.clone(), name: "summary", label: tr.t("practice-summary"), required: true }
                TextArea { tr, form: form.clone(), name: "problem", label: tr.t("practice-problem"), required: true }
                TextArea { tr, form: form.clone(), name: "solution", label: tr.t("practice-solution"), required: true }
                TextArea { tr, form: form.clone(), name: "results", label: tr.t("practice-results") }
                TextArea { tr, form: form.clone(), name: "lessons", label: tr.t("practice-lessons") }
                TextArea { tr, form: form.clone(), name: "conditions", label: tr.t("practice-conditions") }
                TextArea { tr, form: form.clone(), name: "how_to_use", label: tr.t("practice-how-to-use") }
                if !view.texts_only {
                    TextField { tr, form: form.clone(), name: "country", label: tr.t("field-country"), hint: tr.t("hint-country"), required: true, maxlength: 2 }
                    TextField { tr, form: form.clone(), name: "territory_code", label: tr.t("field-territory"), hint: tr.t("hint-territory"), maxlength: 16 }
                    SelectField { tr, form: form.clone(), name: "level", label: tr.t("field-level"), options: label_options(tr, "org-level", &view.choices.levels), placeholder: tr.t("choose"), required: true }
                    SelectField { tr, form: form.clone(), name: "policy_area", label: tr.t("field-policy-area"), options: label_options(tr, "policy-area", &view.choices.policy_areas), placeholder: tr.t("choose"), required: true }
                    SelectField { tr, form: form.clone(), name: "innovation_stage", label: tr.t("field-stage"), options: label_options(tr, "stage", &view.choices.stages), placeholder: tr.t("choose") }
                    TextField { tr, form: form.clone(), name: "launch_year", label: tr.t("field-launch-year"), hint: tr.t("hint-year"), maxlength: 4 }
                    TextField { tr, form: form.clone(), name: "licence", label: tr.t("field-licence"), hint: tr.t("hint-licence"), maxlength: 60 }
                    TextField { tr, form: form.clone(), name: "contact", label: tr.t("field-contact"), hint: tr.t("hint-contact"), maxlength: 200 }
                    TextField { tr, form: form.clone(), name: "tags", label: tr.t("field-tags"), hint: tr.t("hint-tags") }
                    ChoiceFieldset { tr, form: form.clone(), name: "sdgs", legend: tr.t("field-sdgs"), options: sdgs, checked: chosen_sdgs, multiple: true }
                    TextArea { tr, form: form.clone(), name: "links", label: tr.t("practice-links"), hint: tr.t("hint-links") }
                }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}
