#![doc = include_str!("../README.md")]

pub mod components;
pub mod i18n;
pub mod layout;
pub mod licences;
pub mod model;
pub mod numbers;
pub mod pages;
pub mod problems;

pub use i18n::{Lang, Tr};
pub use layout::{PageCtx, UserBadge};

use std::cell::RefCell;

use dioxus::prelude::Element;

thread_local! {
    /// Each thread's renderer, kept for its cache of the templates' static
    /// parts (one entry per `rsx!` template of the application, so bounded):
    /// a new renderer would work them out again for every page.
    static RENDERER: RefCell<dioxus_ssr::Renderer> = RefCell::new(dioxus_ssr::Renderer::new());
}

/// Renders a whole page (a component tree of `head` and `body`) to an HTML document.
pub fn render_document(lang: Lang, element: Element) -> String {
    let mut page = String::with_capacity(32 * 1024);
    page.push_str("<!DOCTYPE html>\n<html lang=\"");
    page.push_str(lang.code());
    page.push_str("\">");
    RENDERER.with_borrow_mut(|r| {
        // Writing into a String cannot fail.
        let _ = r.render_element_to(&mut page, element);
    });
    page.push_str("</html>");
    page
}

/// The local hour (the organisation's time zone) at which daily digests of
/// notifications are e-mailed; the account page says it.
pub const DIGEST_HOUR: u32 = 7;

/// The stylesheet served at `/assets/pspm-<hash>.css`.
pub const CSS: &str = include_str!("../assets/pspm.css");

/// FNV-1a hash of the stylesheet: part of its URL, so browsers may cache it for a
/// year and still get every new version at once.
pub const CSS_HASH: u64 = fnv1a(CSS.as_bytes());

/// The stylesheet's file name, e.g. `pspm-1a2b3c4d5e6f7a8b.css`.
pub fn css_file() -> String {
    format!("pspm-{CSS_HASH:016x}.css")
}

const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}
