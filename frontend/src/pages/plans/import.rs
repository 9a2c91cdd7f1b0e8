//! The import page: upload a plan document (JSON) to create a new draft.

use dioxus::prelude::*;

use crate::components::{CsrfField, form_title};
use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};

/// The import page: upload a plan document (JSON) to create a new draft.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportView {
    /// Problems found in the uploaded document: (place, code, detail).
    pub errors: Vec<(String, String, String)>,
    /// The codes of the document's nodes, in order (to name where a problem is).
    pub codes: Vec<String>,
}

/// Where a problem is, in words (`nodes.3.indicators.0.baseline_date` →
/// "Node 4 (AZ1) › indicator 1"), and the label of its field.
pub fn describe_place(tr: Tr, place: &str, codes: &[String]) -> (String, String) {
    let parts: Vec<&str> = place.split('.').collect();
    let mut steps = Vec::new();
    let mut field = "";
    let mut i = 0;
    while i < parts.len() {
        let number = parts.get(i + 1).and_then(|n| n.parse::<usize>().ok());
        match (parts[i], number) {
            ("plan", _) => steps.push(tr.t("import-place-plan")),
            ("nodes", Some(n)) => {
                let code = codes.get(n).cloned().unwrap_or_default();
                steps.push(tr.ta(
                    "import-place-node",
                    &[("number", (n + 1).to_string()), ("code", code)],
                ));
                i += 1;
            }
            (list @ ("milestones" | "indicators" | "targets" | "measurements"), Some(n)) => {
                steps.push(tr.ta(
                    &format!("import-place-{list}"),
                    &[("number", (n + 1).to_string())],
                ));
                i += 1;
            }
            (name, _) => field = name,
        }
        i += 1;
    }
    if steps.is_empty() {
        steps.push(tr.t("import-place-file"));
    }
    let label = match field {
        "" | "file" => tr.t("field-plan-file"),
        "parent_code" => tr.t("field-parent-node"),
        "responsible_organisation" => tr.t("field-responsible-organisation"),
        "owner_organisation" => tr.t("field-owner"),
        name => {
            let label = tr.label("field", name);
            if label.contains('⟦') {
                name.to_owned()
            } else {
                label
            }
        }
    };
    (steps.join(" › "), label)
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
            p { class: "back-link", a { href: "/plans", {tr.t("back-to-plans")} } }
            h1 { "{heading}" }
            p { class: "lead", {tr.t("plan-import-lead")} }
            if !view.errors.is_empty() {
                div { class: "error-summary", role: "alert", tabindex: "-1", id: "error-summary",
                    h2 { class: "error-summary-title", {tr.t("plan-import-errors")} }
                    ul {
                        for (place, code, _) in view.errors.iter() {
                            {
                                let (at, label) = describe_place(tr, place, &view.codes);
                                rsx! { li { strong { "{at}" } ", " {label.clone()} ": " {tr.error(code, &label)} } }
                            }
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
