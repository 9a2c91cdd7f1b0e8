#![doc = include_str!("../README.md")]

pub mod components;
pub mod i18n;
pub mod layout;
pub mod model;
pub mod pages;

pub use i18n::{Lang, Tr};
pub use layout::{PageCtx, UserBadge};

use dioxus::prelude::Element;

/// Renders a whole page (a component tree of `head` and `body`) to an HTML document.
pub fn render_document(lang: Lang, element: Element) -> String {
    let inner = dioxus_ssr::render_element(element);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">{inner}</html>",
        lang.code()
    )
}

/// Version of the stylesheet, part of its URL so it can be cached for a year.
pub const CSS_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "-1");

/// The stylesheet served at `/assets/pspm-<version>.css`.
pub const CSS: &str = include_str!("../assets/pspm.css");
