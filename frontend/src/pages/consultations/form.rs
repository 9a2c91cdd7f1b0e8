//! The form that opens a consultation on a plan.

use dioxus::prelude::*;

use crate::components::{
    CsrfField, ErrorSummary, FormState, SelectField, TextArea, TextField, label_options,
};
use crate::layout::{Layout, Nav, PageCtx};

/// The form that opens a consultation on a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConsultationView {
    /// Plan id.
    pub plan_id: i32,
    /// Plan title.
    pub plan_title: String,
    /// Organisations that can be invited: (id, name).
    pub organisations: Vec<(i32, String)>,
    /// Entered values and errors.
    pub form: FormState,
    /// The time zone the window is entered in (the plan owner's).
    pub time_zone: String,
}

/// Renders the new-consultation form.
pub fn render_new(ctx: &PageCtx, view: &NewConsultationView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { NewConsultationPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn NewConsultationPage(ctx: PageCtx, view: NewConsultationView) -> Element {
    let tr = ctx.tr;
    let heading = tr.t("consultation-new");
    let labels = vec![
        ("title".to_string(), tr.t("field-title")),
        ("opens_at".to_string(), tr.t("field-opens-at")),
        ("closes_at".to_string(), tr.t("field-closes-at")),
        ("audience".to_string(), tr.t("field-audience")),
        ("invited".to_string(), tr.t("field-invited")),
        (
            "supports_per_person".to_string(),
            tr.t("field-supports-per-person"),
        ),
        (
            "points_per_person".to_string(),
            tr.t("field-points-per-person"),
        ),
    ];
    let audiences = label_options(tr, "audience", ["public", "invited"]);
    let invited: Vec<String> = view
        .form
        .value("invited")
        .split(',')
        .map(str::to_owned)
        .collect();
    rsx! {
        Layout { ctx: ctx.clone(), title: heading.clone(), nav: Nav::Plans,
            p { a { href: "/plans/{view.plan_id}", {tr.ta("back-to-plan", &[("title", view.plan_title.clone())])} } }
            h1 { "{heading}" }
            ErrorSummary { tr, form: view.form.clone(), labels }
            form { method: "post", action: "/plans/{view.plan_id}/consultations", class: "form", novalidate: true,
                CsrfField { token: ctx.csrf.clone() }
                TextField { tr, form: view.form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                TextArea { tr, form: view.form.clone(), name: "description", label: tr.t("field-description") }
                TextField { tr, form: view.form.clone(), name: "opens_at", label: tr.t("field-opens-at"), hint: tr.ta("hint-datetime", &[("zone", view.time_zone.clone())]), required: true }
                TextField { tr, form: view.form.clone(), name: "closes_at", label: tr.t("field-closes-at"), hint: tr.ta("hint-datetime", &[("zone", view.time_zone.clone())]), required: true }
                SelectField { tr, form: view.form.clone(), name: "audience", label: tr.t("field-audience"), options: audiences, required: true }
                fieldset { class: "targets", id: "field-invited",
                    legend { {tr.t("field-invited")} }
                    p { class: "field-hint", {tr.t("hint-invited")} }
                    for (id, name) in view.organisations.iter() {
                        div { class: "checkbox",
                            input { r#type: "checkbox", id: "invite-{id}", name: "invited", value: "{id}", checked: invited.contains(&id.to_string()) }
                            label { r#for: "invite-{id}", "{name}" }
                        }
                    }
                }
                div { class: "checkbox field",
                    input { r#type: "checkbox", id: "field-comments_enabled", name: "comments_enabled", value: "yes", checked: view.form.value("comments_enabled") != "no" }
                    label { r#for: "field-comments_enabled", {tr.t("field-comments-enabled")} }
                }
                div { class: "checkbox field",
                    input { r#type: "checkbox", id: "field-proposals_enabled", name: "proposals_enabled", value: "yes", checked: view.form.value("proposals_enabled") != "no" }
                    label { r#for: "field-proposals_enabled", {tr.t("field-proposals-enabled")} }
                }
                TextField { tr, form: view.form.clone(), name: "supports_per_person", label: tr.t("field-supports-per-person"), input_type: "number" }
                TextField { tr, form: view.form.clone(), name: "points_per_person", label: tr.t("field-points-per-person"), input_type: "number" }
                button { r#type: "submit", class: "button", {tr.t("consultation-open-submit")} }
            }
        }
    }
}
