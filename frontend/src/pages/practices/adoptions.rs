//! The adoptions awaiting the reader's decision: confirm or reject each.

use dioxus::prelude::*;

use crate::components::{CsrfField, Notice};
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::AdoptionView;

/// Renders the adoptions awaiting a decision.
pub fn render_decisions(ctx: &PageCtx, list: &[AdoptionView], notice: Option<String>) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { DecisionsPage { ctx: ctx.clone(), list: list.to_vec(), notice } },
    )
}

#[component]
fn DecisionsPage(ctx: PageCtx, list: Vec<AdoptionView>, notice: Option<String>) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("adoptions-title"), nav: Nav::Practices,
            h1 { {tr.t("adoptions-title")} }
            if let Some(n) = &notice { Notice { text: n.clone() } }
            if list.is_empty() { p { {tr.t("list-empty")} } }
            ul { class: "practice-list",
                for a in list.iter() {
                    li { key: "{a.id}", class: "card",
                        h2 { a { href: "/practices/{a.practice_id}", "{a.practice}" } }
                        p { strong { "{a.organisation}" } " · " {a.adopted_on.to_string()} }
                        p { strong { {tr.t("field-context")} ": " } "{a.context}" }
                        p { strong { {tr.t("field-outcome")} ": " } "{a.outcome}" }
                        form { method: "post", action: "/adoptions/{a.id}/decision", class: "inline-actions",
                            CsrfField { token: ctx.csrf.clone() }
                            button { r#type: "submit", name: "decision", value: "confirm", class: "button", {tr.t("adoption-confirm")} span { class: "visually-hidden", " – {a.organisation}" } }
                            button { r#type: "submit", name: "decision", value: "reject", class: "button secondary", {tr.t("adoption-reject")} span { class: "visually-hidden", " – {a.organisation}" } }
                        }
                    }
                }
            }
        }
    }
}
