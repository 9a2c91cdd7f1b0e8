//! The sign-in form.

use dioxus::prelude::*;

use crate::components::{CsrfField, ErrorSummary, FormState, Notice, TextField, form_title};
use crate::layout::{Layout, Nav, PageCtx};

/// Renders the sign-in page; `next` is where to go after signing in;
/// `reset`: the reader has just set a new password through a reset link.
pub fn render(ctx: &PageCtx, form: &FormState, next: &str, reset: bool) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { SignInPage { ctx: ctx.clone(), form: form.clone(), next: next.to_owned(), reset } },
    )
}

#[component]
fn SignInPage(ctx: PageCtx, form: FormState, next: String, reset: bool) -> Element {
    let tr = ctx.tr;
    let title = form_title(tr, &tr.t("sign-in-title"), !form.errors.is_empty());
    let labels = vec![
        ("email".to_string(), tr.t("field-email")),
        ("password".to_string(), tr.t("field-password")),
    ];
    rsx! {
        Layout { ctx: ctx.clone(), title, nav: Nav::SignIn,
            div { class: "narrow",
                h1 { {tr.t("sign-in-title")} }
                if reset { Notice { text: tr.t("reset-done") } }
                ErrorSummary { tr, form: form.clone(), labels }
                form { method: "post", action: "/sign-in", novalidate: true,
                    CsrfField { token: ctx.csrf.clone() }
                    input { r#type: "hidden", name: "next", value: "{next}" }
                    TextField { tr, form: form.clone(), name: "email", label: tr.t("field-email"), input_type: "email", autocomplete: "username", required: true }
                    TextField { tr, form: form.clone(), name: "password", label: tr.t("field-password"), input_type: "password", autocomplete: "current-password", required: true }
                    button { r#type: "submit", class: "button", {tr.t("sign-in-submit")} }
                }
                p { a { href: "/password/forgot", {tr.t("sign-in-forgot")} } }
            }
        }
    }
}
