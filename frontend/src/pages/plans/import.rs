//! The import page: upload a plan document (JSON) to create a new draft.

use dioxus::prelude::*;

use crate::components::{CsrfField, form_title};
use crate::layout::{Layout, Nav, PageCtx};

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
    let title = form_title(tr, &heading, !view.errors.is_empty());
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
