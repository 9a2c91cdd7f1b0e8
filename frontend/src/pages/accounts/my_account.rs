//! "My account": profile, preferred language, download my data, delete my account.

use dioxus::prelude::*;

use crate::components::{ChoiceFieldset, CsrfField, ErrorSummary, FormState, Notice, SelectField};
use crate::i18n::Lang;
use crate::layout::{Layout, Nav, PageCtx};

/// What the account page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountView {
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Role code.
    pub role: String,
    /// Organisation name.
    pub organisation: Option<String>,
    /// Preferred language code, when chosen.
    pub locale: Option<String>,
    /// How often notifications come by e-mail: `immediate`, `daily`, `never`.
    pub email_frequency: String,
}

/// Renders the account page; `form` carries the errors of the language or
/// the deletion form, `saved` names what was just saved (`email`, or the
/// language), so that the notice shows where the reader is.
pub fn render(ctx: &PageCtx, view: &AccountView, form: &FormState, saved: Option<&str>) -> String {
    let saved = saved.map(str::to_owned);
    crate::render_document(
        ctx.tr.lang,
        rsx! { AccountPage { ctx: ctx.clone(), view: view.clone(), form: form.clone(), saved } },
    )
}

#[component]
fn AccountPage(ctx: PageCtx, view: AccountView, form: FormState, saved: Option<String>) -> Element {
    let tr = ctx.tr;
    let confirm_error = form.error("confirm").cloned();
    let labels = vec![
        ("lang".to_string(), tr.t("account-language-label")),
        ("confirm".to_string(), tr.t("account-delete-confirm")),
        ("email_frequency".to_string(), tr.t("account-email-legend")),
    ];
    let frequencies: Vec<(String, String)> = ["immediate", "daily", "never"]
        .into_iter()
        .map(|f| (f.to_owned(), tr.label("email-frequency", f)))
        .collect();
    // The stored choice, else the language the pages are shown in.
    let mut language = form.clone();
    if !language.values.contains_key("lang") {
        let current = view
            .locale
            .clone()
            .unwrap_or_else(|| tr.lang.code().to_owned());
        language = language.with("lang", current);
    }
    let languages: Vec<(String, String)> = Lang::ALL
        .into_iter()
        .map(|l| (l.code().to_owned(), l.native_name().to_owned()))
        .collect();
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("account-title"), nav: Nav::Account,
            h1 { {tr.t("account-title")} }
            if saved.is_some() && saved.as_deref() != Some("email") { Notice { text: tr.t("notice-saved") } }
            ErrorSummary { tr, form: form.clone(), labels }
            dl { class: "summary-list",
                div { dt { {tr.t("field-display-name")} } dd { "{view.name}" } }
                div { dt { {tr.t("field-email")} } dd { "{view.email}" } }
                div { dt { {tr.t("field-role")} } dd { {tr.label("role", &view.role)} } }
                div { dt { {tr.t("field-organisation")} } dd { {view.organisation.clone().unwrap_or_else(|| tr.t("none"))} } }
            }
            ul { class: "actions",
                li { a { href: "/my/contributions", {tr.t("my-contributions")} } }
                li { a { href: "/notifications", {tr.t("notifications-title")} } }
                li { a { href: "/adoptions", {tr.t("adoptions-title")} } }
            }
            section { aria_labelledby: "language-title",
                h2 { id: "language-title", {tr.t("account-language-title")} }
                p { {tr.t("account-language-text")} }
                form { method: "post", action: "/account/language",
                    CsrfField { token: ctx.csrf.clone() }
                    SelectField { tr, form: language, name: "lang", label: tr.t("account-language-label"), options: languages, required: true }
                    button { r#type: "submit", class: "button secondary", {tr.t("account-language-submit")} }
                }
            }
            section { aria_labelledby: "email-title", id: "email",
                h2 { id: "email-title", {tr.t("account-email-title")} }
                if saved.as_deref() == Some("email") { Notice { text: tr.t("notice-saved") } }
                p { {tr.ta("account-email-text", &[("hour", format!("{:02}:00", crate::DIGEST_HOUR))])} }
                form { method: "post", action: "/account/email",
                    CsrfField { token: ctx.csrf.clone() }
                    ChoiceFieldset { tr, form: form.clone(), name: "email_frequency", legend: tr.t("account-email-legend"),
                        options: frequencies, checked: vec![view.email_frequency.clone()], required: true }
                    button { r#type: "submit", class: "button secondary", {tr.t("account-email-submit")} }
                }
            }
            section { aria_labelledby: "export-title",
                h2 { id: "export-title", {tr.t("account-export-title")} }
                p { {tr.t("account-export-text")} }
                p { a { class: "button secondary", href: "/account/export", download: "pspm-my-data.json", {tr.t("account-export-link")} } }
            }
            section { aria_labelledby: "delete-title", class: "danger-zone",
                h2 { id: "delete-title", {tr.t("account-delete-title")} }
                p { {tr.t("account-delete-text")} }
                form { method: "post", action: "/account/delete",
                    CsrfField { token: ctx.csrf.clone() }
                    div { class: if confirm_error.is_some() { "field field-error checkbox" } else { "field checkbox" },
                        if let Some(e) = &confirm_error { p { id: "field-confirm-error", class: "field-message", {tr.error(&e.code, &tr.t("account-delete-confirm"))} } }
                        input { r#type: "checkbox", id: "field-confirm", name: "confirm", value: "yes",
                            aria_describedby: confirm_error.as_ref().map(|_| "field-confirm-error"),
                            aria_invalid: confirm_error.as_ref().map(|_| "true"),
                        }
                        label { r#for: "field-confirm", {tr.t("account-delete-confirm")} }
                    }
                    button { r#type: "submit", class: "button danger", {tr.t("account-delete-submit")} }
                }
            }
        }
    }
}
