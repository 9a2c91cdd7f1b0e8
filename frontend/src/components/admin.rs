//! The frame the administration list pages (organisations, users) share.

use dioxus::prelude::*;

use crate::components::{Notice, Pager};
use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};

/// Tabs between the administration sections.
#[component]
pub fn AdminTabs(tr: Tr, current: String) -> Element {
    let cur = |s: &str| if current == s { Some("page") } else { None };
    rsx! {
        nav { class: "tabs", aria_label: tr.t("admin-sections"),
            ul {
                li { a { href: "/admin/organisations", aria_current: cur("organisations"), {tr.t("admin-organisations")} } }
                li { a { href: "/admin/users", aria_current: cur("users"), {tr.t("admin-users")} } }
            }
        }
    }
}

/// An administration list page: heading and tabs, the "saved" notice, the
/// button that adds an entry, and a paged table whose last column holds each
/// row's actions.
#[component]
pub fn AdminList(
    ctx: PageCtx,
    /// The section, `organisations` or `users`: its title is `admin-<section>`,
    /// its pages are under `/admin/<section>`.
    section: String,
    /// The text of the button that adds an entry.
    new_label: String,
    /// The column headings but the last (actions).
    columns: Vec<String>,
    /// Whether to say that a change was saved.
    saved: bool,
    /// The page shown, from 1.
    page: i64,
    /// Rows per page.
    per_page: i64,
    /// Rows in all.
    total: i64,
    /// The table's rows.
    children: Element,
) -> Element {
    let tr = ctx.tr;
    let title = tr.t(&format!("admin-{section}"));
    rsx! {
        Layout { ctx: ctx.clone(), title: title.clone(), nav: Nav::Admin,
            h1 { "{title}" }
            AdminTabs { tr, current: section.clone() }
            if saved { Notice { text: tr.t("notice-saved") } }
            p { a { class: "button", href: "/admin/{section}/new", "{new_label}" } }
            div { class: "table-wrap",
                table {
                    caption { class: "visually-hidden", "{title}" }
                    thead {
                        tr {
                            for c in columns.iter() { th { scope: "col", "{c}" } }
                            th { scope: "col", span { class: "visually-hidden", {tr.t("actions")} } }
                        }
                    }
                    tbody { {children} }
                }
            }
            Pager { tr, base: "/admin/{section}", page, per_page, total }
        }
    }
}
