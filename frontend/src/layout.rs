//! The shared page layout: skip link, header with navigation and language
//! switcher, main landmark, footer.

use dioxus::prelude::*;

use crate::i18n::{Lang, Tr};

/// The signed-in user as shown in the header.
#[derive(Debug, Clone, PartialEq)]
pub struct UserBadge {
    /// Display name.
    pub name: String,
    /// Whether the user is an administrator (shows the administration link).
    pub is_admin: bool,
    /// Unread notifications.
    pub unread: i64,
}

/// What every page needs besides its own data.
#[derive(Debug, Clone, PartialEq)]
pub struct PageCtx {
    /// Translator for the chosen language.
    pub tr: Tr,
    /// The signed-in user, if any.
    pub user: Option<UserBadge>,
    /// CSRF token to put in every form.
    pub csrf: String,
    /// Current path and query, for the language switcher's return link.
    pub path: String,
}

/// Which navigation entry is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// Home.
    Home,
    /// Plans.
    Plans,
    /// Good practices.
    Practices,
    /// Dashboards.
    Dashboards,

    /// Administration.
    Admin,
    /// The user's account.
    Account,
    /// Sign-in page.
    SignIn,
    /// None (error pages).
    None,
}

fn encode_next(path: &str) -> String {
    /// The unreserved characters of RFC 3986 and `/`.
    const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

/// The whole document around a page's content.
#[component]
pub fn Layout(ctx: PageCtx, title: String, nav: Nav, children: Element) -> Element {
    let tr = ctx.tr;
    let full_title = format!("{title} – {}", tr.t("app-name"));
    let css = format!("/assets/{}", crate::css_file());
    let next = encode_next(&ctx.path);
    let current = |n: Nav| if n == nav { Some("page") } else { None };
    rsx! {
        head {
                meta { charset: "utf-8" }
                meta { name: "viewport", content: "width=device-width, initial-scale=1" }
                title { "{full_title}" }
                link { rel: "stylesheet", href: "{css}" }
            }
            body {
                a { class: "skip-link", href: "#main", {tr.t("skip-to-content")} }
                header { class: "site-header",
                    div { class: "container header-inner",
                        a { class: "brand", href: "/",
                            span { class: "brand-mark", aria_hidden: "true", "P" }
                            span { class: "brand-text",
                                strong { {tr.t("app-name")} }
                                span { class: "brand-sub", {tr.t("app-tagline")} }
                            }
                        }
                        nav { class: "lang-switcher", aria_label: tr.t("lang-switcher-label"),
                            ul {
                                for lang in Lang::ALL {
                                    li {
                                        if lang == tr.lang {
                                            span { class: "lang-current", lang: lang.code(), aria_current: "true",
                                                {lang.native_name()}
                                            }
                                        } else {
                                            a {
                                                href: "/lang/{lang.code()}?next={next}",
                                                lang: lang.code(),
                                                hreflang: lang.code(),
                                                {lang.native_name()}
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    nav { class: "main-nav", aria_label: tr.t("nav-label"),
                        div { class: "container",
                            ul {
                                li { a { href: "/", aria_current: current(Nav::Home), {tr.t("nav-home")} } }
                                li { a { href: "/plans", aria_current: current(Nav::Plans), {tr.t("nav-plans")} } }
                                li { a { href: "/practices", aria_current: current(Nav::Practices), {tr.t("nav-practices")} } }
                                li { a { href: "/dashboards", aria_current: current(Nav::Dashboards), {tr.t("nav-dashboards")} } }


                                if let Some(user) = &ctx.user {
                                    if user.is_admin {
                                        li { a { href: "/admin/organisations", aria_current: current(Nav::Admin), {tr.t("nav-admin")} } }
                                    }
                                    li { a { href: "/account", aria_current: current(Nav::Account), {tr.t("nav-account")} } }
                                    li { a { href: "/notifications", {tr.ta("nav-notifications", &[("count", user.unread.to_string())])} } }
                                    li { class: "nav-end",
                                        form { method: "post", action: "/sign-out", class: "inline-form",
                                            input { r#type: "hidden", name: "csrf", value: "{ctx.csrf}" }
                                            button { r#type: "submit", class: "link-button",
                                                {tr.ta("nav-sign-out", &[("name", user.name.clone())])}
                                            }
                                        }
                                    }
                                } else {
                                    li { class: "nav-end", a { href: "/sign-in", aria_current: current(Nav::SignIn), {tr.t("nav-sign-in")} } }
                                }
                            }
                        }
                    }
                }
                main { id: "main", class: "container", tabindex: "-1",
                    {children}
                }
                footer { class: "site-footer",
                    div { class: "container",
                        p { {tr.t("footer-about")} }
                        ul { class: "footer-links",
                            li { a { href: "/api/v1/openapi.json", {tr.t("footer-api")} } }
                            li { a { href: "/health", {tr.t("footer-status")} } }
                        }
                    }
                }
            }
    }
}

#[cfg(test)]
mod tests {
    use super::encode_next;

    #[test]
    fn next_is_percent_encoded() {
        assert_eq!(
            encode_next("/admin/users?page=2&x=a b"),
            "/admin/users%3Fpage%3D2%26x%3Da%20b"
        );
    }
}
