//! The step before a plan's lifecycle move that cannot simply be taken back
//! (adopting stores a version, closing ends the plan, leaving consultation
//! ends its consultations): what will happen, and a button to go ahead.

use dioxus::prelude::*;

use crate::components::CsrfField;
use crate::layout::{Layout, Nav, PageCtx};

/// What the confirmation page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionConfirmView {
    /// Plan id.
    pub plan_id: i32,
    /// Plan title.
    pub plan_title: String,
    /// The status it would move to.
    pub to: String,
    /// The version adopting would store.
    pub next_version: Option<i32>,
    /// Consultations that would close now: (id, title).
    pub closing: Vec<(i32, String)>,
    /// The plan's `lock_version` as shown.
    pub lock_version: i32,
}

/// Renders the confirmation page.
pub fn render(ctx: &PageCtx, view: &TransitionConfirmView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ConfirmPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn ConfirmPage(ctx: PageCtx, view: TransitionConfirmView) -> Element {
    let tr = ctx.tr;
    let heading = tr.ta(
        "plan-confirm-title",
        &[
            ("action", tr.label("plan-confirm-action", &view.to)),
            ("title", view.plan_title.clone()),
        ],
    );
    rsx! {
        Layout { ctx: ctx.clone(), title: heading.clone(), nav: Nav::Plans,
            p { a { href: "/plans/{view.plan_id}", {tr.ta("back-to-plan", &[("title", view.plan_title.clone())])} } }
            h1 { "{heading}" }
            ul { class: "consequences",
                if let Some(n) = view.next_version {
                    li { {tr.ta("plan-confirm-version", &[("number", n.to_string())])} }
                }
                if view.to == "closed" {
                    li { {tr.t("plan-confirm-closed")} }
                }
                if !view.closing.is_empty() {
                    li { {tr.t("plan-confirm-consultations")}
                        ul {
                            for (id, title) in view.closing.iter() {
                                li { a { href: "/consultations/{id}", "{title}" } }
                            }
                        }
                    }
                }
            }
            form { method: "post", action: "/plans/{view.plan_id}/transition", class: "inline-actions",
                CsrfField { token: ctx.csrf.clone() }
                input { r#type: "hidden", name: "lock_version", value: "{view.lock_version}" }
                input { r#type: "hidden", name: "status", value: "{view.to}" }
                input { r#type: "hidden", name: "confirm", value: "yes" }
                button { r#type: "submit", class: "button", id: "confirm-transition", {tr.label("plan-confirm-submit", &view.to)} }
                " "
                a { href: "/plans/{view.plan_id}", {tr.t("plan-confirm-cancel")} }
            }
        }
    }
}
