//! Error pages (403, 404, 500, …) inside the layout.

use dioxus::prelude::*;

use crate::layout::{Layout, Nav, PageCtx};

/// Renders the page for an HTTP error status.
pub fn render(ctx: &PageCtx, status: u16) -> String {
    let key = match status {
        401 | 403 | 404 | 409 | 413 | 429 | 503 => status.to_string(),
        s if s >= 500 => "500".to_string(),
        _ => "400".to_string(),
    };
    render_key(ctx, &key)
}

/// Renders the error page whose messages are `error-page-<key>-title` and `-text`
/// (a status such as `404`, or a specific case such as `csrf`).
pub fn render_key(ctx: &PageCtx, key: &str) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ErrorPage { ctx: ctx.clone(), case: key.to_owned() } },
    )
}

#[component]
fn ErrorPage(ctx: PageCtx, case: String) -> Element {
    let key = case;
    let tr = ctx.tr;
    let title = tr.t(&format!("error-page-{key}-title"));
    rsx! {
        Layout { ctx: ctx.clone(), title: title.clone(), nav: Nav::None,
            h1 { "{title}" }
            p { class: "lead", {tr.t(&format!("error-page-{key}-text"))} }
            p { a { href: "/", {tr.t("error-page-home-link")} } }
        }
    }
}
