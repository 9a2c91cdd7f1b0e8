//! "API tokens" under My account: create one (the password asked again),
//! see each with its access, last use and end, revoke it.

use chrono::NaiveDate;
use dioxus::prelude::*;

use crate::components::table::DataTable;
use crate::components::{
    ChoiceFieldset, CsrfField, ErrorSummary, FormState, Notice, SelectField, TextField, form_title,
};
use crate::layout::{Layout, Nav, PageCtx};

/// A token as its owner sees it (never its secret).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenRow {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// Created on.
    pub created: NaiveDate,
    /// Last used on.
    pub last_used: Option<NaiveDate>,
    /// Refused from.
    pub expires: NaiveDate,
    /// Whether it has already expired.
    pub expired: bool,
}

/// What the tokens page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TokensView {
    /// The caller's tokens, newest first.
    pub tokens: Vec<TokenRow>,
    /// A token just created: its name and its secret, shown this once.
    pub created: Option<(String, String)>,
    /// Whether a token was just revoked.
    pub revoked: bool,
    /// The lifetimes offered, in days.
    pub days: Vec<i64>,
    /// The lifetime chosen unless the reader picks another.
    pub default_days: i64,
}

/// Renders the tokens page; `form` carries the creation form's values and errors.
pub fn render(ctx: &PageCtx, view: &TokensView, form: &FormState) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { TokensPage { ctx: ctx.clone(), view: view.clone(), form: form.clone() } },
    )
}

#[component]
fn TokensPage(ctx: PageCtx, view: TokensView, form: FormState) -> Element {
    let tr = ctx.tr;
    let labels = vec![
        ("name".to_string(), tr.t("field-name")),
        ("scope".to_string(), tr.t("tokens-scope-legend")),
        ("days".to_string(), tr.t("tokens-days-label")),
        (
            "current_password".to_string(),
            tr.t("field-current-password"),
        ),
    ];
    let scopes: Vec<(String, String)> = ["read", "write"]
        .into_iter()
        .map(|s| (s.to_owned(), tr.label("token-scope", s)))
        .collect();
    let days: Vec<(String, String)> = view
        .days
        .iter()
        .map(|d| {
            (
                d.to_string(),
                tr.ta("tokens-days", &[("days", d.to_string())]),
            )
        })
        .collect();
    let mut form = form
        .with_subject("name", "token-name")
        .with_subject("current_password", "current-password");
    if !form.values.contains_key("days") {
        form = form.with("days", view.default_days.to_string());
    }
    let scope = form
        .values
        .get("scope")
        .cloned()
        .unwrap_or_else(|| "read".into());
    let columns = vec![
        tr.t("field-name"),
        tr.t("tokens-col-scope"),
        tr.t("tokens-col-created"),
        tr.t("tokens-col-last-used"),
        tr.t("tokens-col-expires"),
        tr.t("tokens-col-revoke"),
    ];
    rsx! {
        Layout { ctx: ctx.clone(), title: form_title(tr, &tr.t("tokens-title"), !form.errors.is_empty()), nav: Nav::Account,
            h1 { {tr.t("tokens-title")} }
            p { class: "lead", {tr.t("tokens-lead")} }
            if let Some((name, secret)) = &view.created {
                section { class: "notice", role: "status", aria_labelledby: "created-title", id: "created",
                    h2 { id: "created-title", {tr.ta("tokens-created-title", &[("name", name.clone())])} }
                    p { {tr.t("tokens-created-text")} }
                    p { code { class: "secret", id: "token-secret", "{secret}" } }
                }
            }
            if view.revoked { Notice { text: tr.t("tokens-revoked") } }
            // Not a landmark of its own: the table's region carries the name.
            section { id: "tokens",
                h2 { id: "tokens-list-title", {tr.t("tokens-list-title")} }
                if view.tokens.is_empty() {
                    p { {tr.t("tokens-none")} }
                } else {
                    DataTable { caption: tr.t("tokens-list-title"), columns, id: "tokens-table",
                        for t in view.tokens.iter() {
                            tr { key: "{t.id}", id: "token-{t.id}",
                                th { scope: "row", "{t.name}" }
                                td { {tr.label("token-scope", &t.scope)} }
                                td { {tr.date(t.created)} }
                                td { {t.last_used.map(|d| tr.date(d)).unwrap_or_else(|| tr.t("tokens-never-used"))} }
                                td {
                                    {tr.date(t.expires)}
                                    if t.expired { " " span { class: "badge badge-late", {tr.t("tokens-expired")} } }
                                }
                                td {
                                    form { method: "post", action: "/account/tokens/{t.id}/revoke",
                                        CsrfField { token: ctx.csrf.clone() }
                                        button { r#type: "submit", class: "button secondary small",
                                            {tr.t("tokens-revoke")}
                                            span { class: "visually-hidden", " {t.name}" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section { aria_labelledby: "token-new-title",
                h2 { id: "token-new-title", {tr.t("tokens-new-title")} }
                ErrorSummary { tr, form: form.clone(), labels, id: "token-errors" }
                form { method: "post", action: "/account/tokens#token-errors", class: "form", novalidate: true,
                    CsrfField { token: ctx.csrf.clone() }
                    TextField { tr, form: form.clone(), name: "name", label: tr.t("field-name"), hint: tr.t("tokens-name-hint"), required: true, maxlength: 200usize }
                    ChoiceFieldset { tr, form: form.clone(), name: "scope", legend: tr.t("tokens-scope-legend"), options: scopes, checked: vec![scope], required: true }
                    SelectField { tr, form: form.clone(), name: "days", label: tr.t("tokens-days-label"), options: days, required: true }
                    TextField { tr, form: form.clone(), name: "current_password", label: tr.t("field-current-password"), input_type: "password", autocomplete: "current-password", hint: tr.t("hint-current-password"), required: true }
                    button { r#type: "submit", class: "button", {tr.t("tokens-create")} }
                }
            }
        }
    }
}
