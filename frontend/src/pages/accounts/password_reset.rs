//! A forgotten password: the form that asks for a link by e-mail, and the
//! form the link opens to choose a new password.

use dioxus::prelude::*;

use crate::components::{CsrfField, ErrorSummary, FormState, Notice, TextField, form_title};
use crate::layout::{Layout, Nav, PageCtx};

/// Where the request for a link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// The form (again, with its messages).
    Form,
    /// Asked: a link is on its way if an account uses the address.
    Sent,
    /// This server sends no e-mail: only an administrator can help.
    NoMail,
}

/// Renders the page that asks for a reset link; `minutes`: how long a
/// link works.
pub fn render_forgot(ctx: &PageCtx, form: &FormState, asked: Asked, minutes: i64) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ForgotPage { ctx: ctx.clone(), form: form.clone(), asked, minutes } },
    )
}

#[component]
fn ForgotPage(ctx: PageCtx, form: FormState, asked: Asked, minutes: i64) -> Element {
    let tr = ctx.tr;
    let title = form_title(tr, &tr.t("forgot-title"), !form.errors.is_empty());
    let labels = vec![("email".to_string(), tr.t("field-email"))];
    rsx! {
        Layout { ctx: ctx.clone(), title, nav: Nav::SignIn,
            div { class: "narrow",
                h1 { {tr.t("forgot-title")} }
                match asked {
                    Asked::NoMail => rsx! { p { id: "no-mail", {tr.t("forgot-no-mail")} } },
                    Asked::Sent => rsx! {
                        Notice { text: tr.ta("forgot-sent", &[("minutes", tr.count(minutes))]) }
                        p { a { href: "/sign-in", {tr.t("forgot-back")} } }
                    },
                    Asked::Form => rsx! {
                        p { {tr.t("forgot-lead")} }
                        ErrorSummary { tr, form: form.clone(), labels }
                        form { method: "post", action: "/password/forgot", novalidate: true,
                            CsrfField { token: ctx.csrf.clone() }
                            TextField { tr, form: form.clone(), name: "email", label: tr.t("field-email"), input_type: "email", autocomplete: "username", required: true }
                            button { r#type: "submit", class: "button", {tr.t("forgot-submit")} }
                        }
                    },
                }
            }
        }
    }
}

/// Renders the page a reset link opens: the new-password form, or word
/// that the link no longer works (`usable` false).
pub fn render_reset(ctx: &PageCtx, form: &FormState, token: &str, usable: bool) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ResetPage { ctx: ctx.clone(), form: form.clone(), token: token.to_owned(), usable } },
    )
}

#[component]
fn ResetPage(ctx: PageCtx, form: FormState, token: String, usable: bool) -> Element {
    let tr = ctx.tr;
    let title = form_title(tr, &tr.t("reset-title"), !form.errors.is_empty());
    let labels = vec![
        ("new_password".to_string(), tr.t("field-new-password")),
        (
            "confirm_password".to_string(),
            tr.t("field-confirm-password"),
        ),
    ];
    rsx! {
        Layout { ctx: ctx.clone(), title, nav: Nav::SignIn,
            div { class: "narrow",
                h1 { {tr.t("reset-title")} }
                if usable {
                    ErrorSummary { tr, form: form.clone(), labels }
                    form { method: "post", action: "/password/reset/{token}", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        TextField { tr, form: form.clone(), name: "new_password", label: tr.t("field-new-password"), input_type: "password", autocomplete: "new-password", hint: tr.t("hint-new-password"), required: true }
                        TextField { tr, form: form.clone(), name: "confirm_password", label: tr.t("field-confirm-password"), input_type: "password", autocomplete: "new-password", required: true }
                        button { r#type: "submit", class: "button", {tr.t("reset-submit")} }
                    }
                } else {
                    p { id: "link-unusable", {tr.t("reset-unusable")} }
                    p { a { href: "/password/forgot", {tr.t("reset-ask-again")} } }
                }
            }
        }
    }
}
