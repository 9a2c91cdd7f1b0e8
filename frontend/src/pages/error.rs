//! Error pages (403, 404, 500, …) inside the layout.

use dioxus::prelude::*;

use crate::layout::{Layout, Nav, PageCtx};

/// Renders the page for an HTTP error status.
pub fn render(ctx: &PageCtx, status: u16) -> String {
    crate::render_document(ctx.tr.lang, rsx! { ErrorPage { ctx: ctx.clone(), status } })
}

#[component]
fn ErrorPage(ctx: PageCtx, status: u16) -> Element {
    let tr = ctx.tr;
    let key = match status {
        401 | 403 | 404 | 409 | 429 | 503 => status.to_string(),
        s if s >= 500 => "500".to_string(),
        _ => "400".to_string(),
    };
    let title = tr.t(&format!("error-page-{key}-title"));
    rsx! {
        Layout { ctx: ctx.clone(), title: title.clone(), nav: Nav::None,
            h1 { "{title}" }
            p { class: "lead", {tr.t(&format!("error-page-{key}-text"))} }
            p { a { href: "/", {tr.t("error-page-home-link")} } }
        }
    }
}
