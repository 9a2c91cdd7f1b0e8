//! The page an e-mail's unsubscribe link opens: one button stops every
//! e-mail, without signing in.

use dioxus::prelude::*;

use crate::layout::{Layout, Nav, PageCtx};

/// Renders the unsubscribe page: the button (`known`), the confirmation
/// (`done`), or word that the link is not valid.
pub fn render(ctx: &PageCtx, token: &str, known: bool, done: bool) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { UnsubscribePage { ctx: ctx.clone(), token: token.to_owned(), known, done } },
    )
}

#[component]
fn UnsubscribePage(ctx: PageCtx, token: String, known: bool, done: bool) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("unsubscribe-title"), nav: Nav::Account,
            h1 { {tr.t("unsubscribe-title")} }
            if done {
                div { class: "notice", role: "status", id: "unsubscribed", {tr.t("unsubscribe-done")} }
                p { {tr.t("unsubscribe-undo")} " " a { href: "/account#email", {tr.t("account-title")} } }
            } else if known {
                p { {tr.t("unsubscribe-text")} }
                form { method: "post", action: "/unsubscribe/{token}",
                    button { r#type: "submit", class: "button", {tr.t("unsubscribe-submit")} }
                }
            } else {
                p { {tr.t("unsubscribe-unknown")} " " a { href: "/account#email", {tr.t("account-title")} } }
            }
        }
    }
}
