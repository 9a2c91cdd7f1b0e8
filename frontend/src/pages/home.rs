//! The home page.

use dioxus::prelude::*;

use crate::layout::{Layout, Nav, PageCtx};

/// Renders the home page.
pub fn render(ctx: &PageCtx) -> String {
    crate::render_document(ctx.tr.lang, rsx! { HomePage { ctx: ctx.clone() } })
}

#[component]
fn HomePage(ctx: PageCtx) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("home-title"), nav: Nav::Home,
            h1 { {tr.t("home-title")} }
            p { class: "lead", {tr.t("home-lead")} }
            div { class: "cards",
                section { class: "card", aria_labelledby: "card-plans",
                    h2 { id: "card-plans", {tr.t("home-plans-title")} }
                    p { {tr.t("home-plans-text")} }
                }
                section { class: "card", aria_labelledby: "card-consult",
                    h2 { id: "card-consult", {tr.t("home-consultations-title")} }
                    p { {tr.t("home-consultations-text")} }
                }
                section { class: "card", aria_labelledby: "card-practices",
                    h2 { id: "card-practices", {tr.t("home-practices-title")} }
                    p { {tr.t("home-practices-text")} }
                }
            }
            if ctx.user.is_none() {
                p { a { class: "button", href: "/sign-in", {tr.t("home-sign-in-cta")} } }
            }
        }
    }
}
