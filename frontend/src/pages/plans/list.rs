//! The list of plans the reader may see.

use dioxus::prelude::*;

use crate::components::badges::StatusBadge;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::PlanView;

/// What the plan list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanListView {
    /// The plans the reader may see.
    pub plans: Vec<PlanView>,
    /// Whether the reader may create plans.
    pub can_create: bool,
}

/// Renders the plan list.
pub fn render_list(ctx: &PageCtx, view: &PlanListView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PlanListPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn PlanListPage(ctx: PageCtx, view: PlanListView) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("plans-title"), nav: Nav::Plans,
            h1 { {tr.t("plans-title")} }
            p { class: "lead", {tr.t("plans-lead")} }
            if view.can_create {
                p { class: "actions",
                    a { class: "button", href: "/plans/new", {tr.t("plan-new")} }
                    " "
                    a { class: "button secondary", href: "/plans/import", {tr.t("plan-import")} }
                }
            }
            if view.plans.is_empty() {
                p { {tr.t("plans-empty")} }
            }
            ul { class: "plan-list",
                for p in view.plans.iter() {
                    li { key: "{p.id}", class: "card",
                        h2 { a { href: "/plans/{p.id}", "{p.title}" } }
                        p { class: "meta",
                            StatusBadge { tr, prefix: "plan-status", status: p.status.clone() }
                            " {p.owner_organisation} · {p.period_start} – {p.period_end}"
                        }
                        if let Some(parent) = &p.parent_plan {
                            p { class: "meta", {tr.ta("plan-aligned-to", &[("title", parent.clone())])} }
                        }
                    }
                }
            }
        }
    }
}
