//! "My account": profile, preferred language, e-mail, password, download my
//! data, delete my account.

use dioxus::prelude::*;

use crate::components::{
    ChoiceFieldset, CsrfField, ErrorSummary, FormState, Notice, SelectField, TextField,
};
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
    // The password and deletion forms show their problems in their own
    // section, with their own field ids (both ask for the current password).
    let which = form.value("form");
    let own = |name: &str| {
        let mut f = if which == name {
            form.clone()
        } else {
            FormState::default()
        };
        f.id_prefix = format!("{name}-");
        f.with_subject("current_password", "current-password")
            .with_subject("new_password", "new-password")
    };
    let (password_form, delete_form) = (own("password"), own("delete"));
    let form = if which == "password" || which == "delete" {
        FormState::default()
    } else {
        form
    };
    let confirm_error = delete_form.error("confirm").cloned();
    let labels = vec![
        ("lang".to_string(), tr.t("account-language-label")),
        ("email_frequency".to_string(), tr.t("account-email-legend")),
    ];
    let password_labels = vec![
        (
            "current_password".to_string(),
            tr.t("field-current-password"),
        ),
        ("new_password".to_string(), tr.t("field-new-password")),
    ];
    let delete_labels = vec![
        ("confirm".to_string(), tr.t("account-delete-confirm")),
        (
            "current_password".to_string(),
            tr.t("field-current-password"),
        ),
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
            if saved.is_some() && !matches!(saved.as_deref(), Some("email" | "password")) { Notice { text: tr.t("notice-saved") } }
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
                li { a { href: "/account/tokens", {tr.t("tokens-title")} } }
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
            section { aria_labelledby: "password-title", id: "password",
                h2 { id: "password-title", {tr.t("account-password-title")} }
                if saved.as_deref() == Some("password") { Notice { text: tr.t("account-password-changed") } }
                p { {tr.t("account-password-text")} }
                ErrorSummary { tr, form: password_form.clone(), labels: password_labels, id: "password-errors" }
                form { method: "post", action: "/account/password#password-errors", class: "form", novalidate: true,
                    CsrfField { token: ctx.csrf.clone() }
                    input { r#type: "hidden", name: "form", value: "password" }
                    TextField { tr, form: password_form.clone(), name: "current_password", label: tr.t("field-current-password"), input_type: "password", autocomplete: "current-password", required: true }
                    TextField { tr, form: password_form.clone(), name: "new_password", label: tr.t("field-new-password"), input_type: "password", autocomplete: "new-password", hint: tr.t("hint-new-password"), required: true }
                    button { r#type: "submit", class: "button secondary", {tr.t("account-password-submit")} }
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
                ErrorSummary { tr, form: delete_form.clone(), labels: delete_labels, id: "delete-errors" }
                form { method: "post", action: "/account/delete#delete-errors", class: "form", novalidate: true,
                    CsrfField { token: ctx.csrf.clone() }
                    input { r#type: "hidden", name: "form", value: "delete" }
                    div { class: if confirm_error.is_some() { "field field-error checkbox" } else { "field checkbox" },
                        if let Some(e) = &confirm_error { p { id: "delete-field-confirm-error", class: "field-message", {tr.error(&e.code, &tr.t("account-delete-confirm"))} } }
                        input { r#type: "checkbox", id: "delete-field-confirm", name: "confirm", value: "yes",
                            aria_describedby: confirm_error.as_ref().map(|_| "delete-field-confirm-error"),
                            aria_invalid: confirm_error.as_ref().map(|_| "true"),
                        }
                        label { r#for: "delete-field-confirm", {tr.t("account-delete-confirm")} }
                    }
                    TextField { tr, form: delete_form.clone(), name: "current_password", label: tr.t("field-current-password"), input_type: "password", autocomplete: "current-password", required: true }
                    button { r#type: "submit", class: "button danger", {tr.t("account-delete-submit")} }
                }
            }
        }
    }
}
