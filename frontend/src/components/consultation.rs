//! Pieces of consultations that several pages show: a contribution's byline and
//! official response, the moderation forms with a reason, counts by kind.

use std::collections::BTreeMap;

use dioxus::prelude::*;

use crate::components::badges::StatusBadge;
use crate::components::{CsrfField, FormState};
use crate::i18n::Tr;
use crate::model::ContributionView;

/// "Region: 8, Municipality: fewer than 5" from counts by organisation kind
/// (`None`: hidden by the k = 5 rule).
pub fn by_kind(tr: Tr, counts: &BTreeMap<String, Option<i64>>) -> String {
    counts
        .iter()
        .map(|(k, n)| {
            let n = n.map_or_else(|| tr.t("suppressed"), |n| n.to_string());
            format!("{}: {n}", tr.label("org-kind", k))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A contribution's byline: kind, author (or "former participant" once the
/// account is gone), organisation and date; `children` follow the date.
#[component]
pub fn ContributionMeta(
    tr: Tr,
    /// The contribution.
    item: ContributionView,
    /// What follows the date (a link to the contribution in its thread).
    children: Element,
) -> Element {
    let author = if item.author.is_empty() {
        tr.t("former-participant")
    } else {
        item.author.clone()
    };
    rsx! {
        p { class: "meta",
            StatusBadge { tr, prefix: "contribution-kind", status: item.kind.clone() }
            " {author}"
            if let Some(o) = &item.organisation { " – {o}" }
            " · " {tr.date(item.created_at.date())}
            if item.withdrawn { " " span { class: "badge", {tr.t("contribution-withdrawn")} } }
            {children}
        }
    }
}

/// The official response to a contribution.
#[component]
pub fn OfficialResponse(
    tr: Tr,
    /// The response's status code.
    status: String,
    /// Its text.
    response: Option<String>,
    /// The plan node it led to.
    node_id: Option<i32>,
) -> Element {
    rsx! {
        div { class: "response",
            p { strong { {tr.t("response-official")} } " " StatusBadge { tr, prefix: "response-status", status } }
            if let Some(r) = &response { p { "{r}" } }
            if let Some(n) = node_id { p { a { href: "/nodes/{n}", {tr.t("response-see-node")} } } }
        }
    }
}

/// A form that sends one of a contribution's moderation actions (`report`,
/// `hide`) with a one-line reason to `/contributions/<id>/<action>`. After a
/// refusal (`form` named `<action>-<id>`) it comes back with its messages next
/// to the reason, as typed; the form's fragment scrolls to the field and
/// focuses it.
#[component]
pub fn ReasonForm(
    tr: Tr,
    /// The CSRF token.
    csrf: String,
    /// The contribution's id.
    contribution: i32,
    /// The action, also the prefix of the reason field's id and the subject
    /// of its messages (`error-required-report`).
    action: String,
    /// The reason field's label.
    label: String,
    /// The submit button's text.
    submit: String,
    /// The submit button's class.
    button_class: String,
    /// The form as last sent, when it was this one.
    #[props(default)]
    form: FormState,
    /// The page of threads the form is on (sent back, so that a refusal
    /// comes back on it).
    #[props(default = 1)]
    page: i64,
) -> Element {
    let id = format!("{action}-{contribution}");
    let form = form.with_subject("reason", &action);
    let messages: Vec<String> = form
        .errors
        .iter()
        .map(|e| form.message(tr, e, &label))
        .collect();
    let invalid = form.error("reason").is_some();
    let error_id = format!("{id}-error");
    rsx! {
        form { method: "post", action: "/contributions/{contribution}/{action}#{id}", class: "form", novalidate: true,
            CsrfField { token: csrf }
            if page > 1 { input { r#type: "hidden", name: "page", value: "{page}" } }
            div { class: if messages.is_empty() { "field" } else { "field field-error" },
                label { r#for: "{id}", class: "field-label", "{label}" }
                if !messages.is_empty() { p { id: "{error_id}", class: "field-message", {messages.join(" ")} } }
                input { id: "{id}", name: "reason", r#type: "text", maxlength: "1000", value: form.value("reason"),
                    aria_describedby: (!messages.is_empty()).then(|| error_id.clone()),
                    aria_invalid: invalid.then_some("true") }
            }
            button { r#type: "submit", class: "{button_class}", "{submit}" }
        }
    }
}
