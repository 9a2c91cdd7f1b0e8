//! Amendments on the consultation page: the form that proposes a changed
//! title or description, the change shown word by word, and accepting it.

use std::rc::Rc;

use dioxus::prelude::*;

use super::*;

/// What an amendment changes, word by word: removed words struck through,
/// added ones underlined, each announced to screen readers.
#[component]
pub(super) fn WordDiff(tr: Tr, old: String, new: String) -> Element {
    if old == new {
        return rsx! { span { "{new}" } " " span { class: "muted", "({tr.t(\"amendment-unchanged\")})" } };
    }
    let diff = similar::TextDiff::from_words(old.as_str(), new.as_str());
    // Runs of one kind of change, so that "added: new words" is said once.
    let mut parts: Vec<(similar::ChangeTag, String)> = Vec::new();
    for c in diff.iter_all_changes() {
        match parts.last_mut() {
            Some((tag, text)) if *tag == c.tag() => text.push_str(c.value()),
            _ => parts.push((c.tag(), c.value().to_owned())),
        }
    }
    rsx! {
        span { class: "word-diff",
            for (i, (tag, text)) in parts.into_iter().enumerate() {
                {match tag {
                    similar::ChangeTag::Equal => rsx! { span { key: "{i}", "{text}" } },
                    similar::ChangeTag::Delete => rsx! { del { key: "{i}", span { class: "visually-hidden", "[{tr.t(\"amendment-removed\")}: " } "{text}" span { class: "visually-hidden", "]" } } },
                    similar::ChangeTag::Insert => rsx! { ins { key: "{i}", span { class: "visually-hidden", "[{tr.t(\"amendment-added\")}: " } "{text}" span { class: "visually-hidden", "]" } } },
                }}
            }
        }
    }
}

/// The planner's "accept the change" on an amendment not yet accepted: the
/// official response (a default text to change), and the node takes the
/// amendment's title and description.
#[component]
pub(super) fn AcceptAmendment(
    ctx: PageCtx,
    view: Rc<ConsultationPageView>,
    item: ContributionView,
) -> Element {
    let tr = ctx.tr;
    let offered = view.can_moderate
        && item.amends.is_some()
        && item.response_status.as_deref() != Some("accepted")
        && !item.withdrawn
        && item.hidden_reason.is_none();
    if !offered {
        return rsx! {};
    }
    let name = format!("accept-{}", item.id);
    let mut form = FormState {
        id_prefix: format!("{name}-"),
        ..form_for(&view, &name)
    }
    .with_subject("body", "response");
    if form.errors.is_empty() {
        form = form.with("body", tr.t("amendment-accept-default"));
    }
    rsx! {
        details { class: "inline-details", id: "accept-box-{item.id}", open: !form.errors.is_empty(),
            summary { {tr.t("amendment-accept")} }
            form { method: "post", action: "/contributions/{item.id}/accept#{name}-field-body", class: "form", novalidate: true,
                CsrfField { token: ctx.csrf.clone() }
                ThreadPageField { page: view.page }
                p { {tr.t("amendment-accept-lead")} }
                TextArea { tr, form: form.clone(), name: "body", label: tr.t("field-response"), required: true, rows: 3u32 }
                button { r#type: "submit", class: "button", {tr.t("amendment-accept-submit")} }
            }
        }
    }
}

/// Proposing a change to an objective or action: choose it (a GET form, so
/// that its current text fills the form without scripts), then change it.
#[component]
pub(super) fn AmendSection(ctx: PageCtx, view: Rc<ConsultationPageView>) -> Element {
    let tr = ctx.tr;
    let c = &view.consultation;
    let pick = FormState::default().with(
        "amend",
        view.amend
            .as_ref()
            .map(|a| a.0.to_string())
            .unwrap_or_default(),
    );
    let mut form = FormState {
        id_prefix: "amendment-".into(),
        ..form_for(&view, "amendment")
    }
    .with_subject("body", "amendment");
    if let (Some((_, title, description)), true) = (&view.amend, form.values.is_empty()) {
        form = form
            .with("title", title.clone())
            .with("body", description.clone());
    }
    rsx! {
        section { aria_labelledby: "amend-title", id: "amend",
            h2 { id: "amend-title", {tr.t("consultation-amend")} }
            p { {tr.t("consultation-amend-lead")} }
            form { method: "get", action: "/consultations/{c.id}#amend-form", class: "form",
                SelectField { tr, form: pick, name: "amend", label: tr.t("field-amend-node"), options: id_options(&view.amendable), placeholder: tr.t("choose"), required: true }
                button { r#type: "submit", class: "button secondary", {tr.t("consultation-amend-pick")} }
            }
            if let Some((node, _, _)) = &view.amend {
                ErrorSummary { tr, form: form.clone(), labels: vec![("title".into(), tr.t("field-title")), ("body".into(), tr.t("field-description")), ("node_id".into(), tr.t("field-amend-node"))], id: "amendment-errors" }
                form { method: "post", action: "/consultations/{c.id}/contributions#amendment-errors", class: "form", novalidate: true, id: "amend-form",
                    CsrfField { token: ctx.csrf.clone() }
                    input { r#type: "hidden", name: "form", value: "amendment" }
                    input { r#type: "hidden", name: "kind", value: "amendment" }
                    input { r#type: "hidden", name: "node_id", value: "{node}" }
                    TextField { tr, form: form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                    TextArea { tr, form: form.clone(), name: "body", label: tr.t("field-description"), required: true }
                    button { r#type: "submit", class: "button", {tr.t("consultation-amend-submit")} }
                }
            }
        }
    }
}
