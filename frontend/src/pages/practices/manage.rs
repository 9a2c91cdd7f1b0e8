//! The management page: the review queue (administrators) and the practices
//! of the reader's organisation.

use dioxus::prelude::*;

use crate::components::Notice;
use crate::components::table::DataTable;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::PracticeRow;

/// The management page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ManageView {
    /// Submissions waiting for review (administrators only).
    pub queue: Option<Vec<PracticeRow>>,
    /// Archived practices of every organisation (administrators only), to restore.
    pub archived: Option<Vec<PracticeRow>>,
    /// Published practices with text changes waiting (administrators only).
    pub text_changes: Option<Vec<PracticeRow>>,
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
    let columns = vec![
        tr.t("field-title"),
        tr.t("field-owner"),
        tr.t("field-status"),
        tr.t("field-updated"),
    ];
    rsx! {
        DataTable { caption, columns,
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

#[component]
fn ManagePage(ctx: PageCtx, view: ManageView) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("practices-manage"), nav: Nav::Practices,
            p { a { href: "/practices", {tr.t("back-to-practices")} } }
            h1 { {tr.t("practices-manage")} }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            p { a { class: "button", href: "/practices/new", {tr.t("practice-new")} } }
            p { a { href: "/adoptions", {tr.t("adoptions-title")} } }
            if let Some(q) = &view.queue {
                RowTable { ctx: ctx.clone(), caption: tr.t("practices-review-queue"), rows: q.clone() }
            }
            if let Some(c) = &view.text_changes {
                RowTable { ctx: ctx.clone(), caption: tr.t("practices-text-changes-queue"), rows: c.clone() }
            }
            RowTable { ctx: ctx.clone(), caption: tr.t("practices-of-organisation"), rows: view.mine.clone() }
            if let Some(a) = &view.archived {
                RowTable { ctx: ctx.clone(), caption: tr.t("practices-archived"), rows: a.clone() }
            }
        }
    }
}
