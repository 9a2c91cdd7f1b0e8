//! The reader's notifications (responses, replies, consultations opened,
//! practices reviewed), with "mark all as read".

use dioxus::prelude::*;

use crate::components::CsrfField;
use crate::layout::{Layout, Nav, PageCtx};

/// A notification as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationItem {
    /// Kind.
    pub kind: String,
    /// Where it leads.
    pub href: String,
    /// Read.
    pub read: bool,
    /// When.
    pub at: String,
}

/// Renders the notifications page.
pub fn render_notifications(ctx: &PageCtx, items: &[NotificationItem], unread: i64) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { NotificationsPage { ctx: ctx.clone(), items: items.to_vec(), unread } },
    )
}

#[component]
fn NotificationsPage(ctx: PageCtx, items: Vec<NotificationItem>, unread: i64) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("notifications-title"), nav: Nav::Account,
            h1 { {tr.t("notifications-title")} }
            p { {tr.ta("notifications-unread", &[("count", unread.to_string())])} }
            if unread > 0 {
                form { method: "post", action: "/notifications/read",
                    CsrfField { token: ctx.csrf.clone() }
                    button { r#type: "submit", class: "button secondary", {tr.t("notifications-mark-read")} }
                }
            }
            if items.is_empty() { p { {tr.t("list-empty")} } }
            ul { class: "notification-list",
                for (i, n) in items.iter().enumerate() {
                    li { key: "{i}", class: if n.read { "read" } else { "unread" },
                        a { href: "{n.href}", {tr.label("notification", &n.kind)} }
                        " · {n.at}"
                        if !n.read { " " span { class: "badge badge-at_risk", {tr.t("notification-new")} } }
                    }
                }
            }
        }
    }
}
