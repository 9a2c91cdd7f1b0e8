//! A contribution's own controls on the consultation page: following its
//! thread, replying, and changing or withdrawing one's own.

use std::rc::Rc;

use dioxus::prelude::*;

use super::*;

/// Follow or stop following (a consultation or a thread): one button, and
/// the fragment brings the reader back to it after the change.
#[component]
pub(super) fn FollowControl(
    ctx: PageCtx,
    action: String,
    anchor: String,
    following: bool,
    follow: String,
    unfollow: String,
    note: String,
) -> Element {
    rsx! {
        form { method: "post", action: "{action}#{anchor}", class: "inline-form follow", id: "{anchor}",
            CsrfField { token: ctx.csrf.clone() }
            input { r#type: "hidden", name: "follow", value: if following { "no" } else { "yes" } }
            button { r#type: "submit", class: "link-button dark",
                if following { "{unfollow}" } else { "{follow}" }
            }
            if !note.is_empty() { " " span { class: "muted", "{note}" } }
        }
    }
}

/// The box to reply to a contribution: open, with its messages and the text
/// as typed, when a reply to it was refused. Where replies are no longer
/// offered (the consultation closed, the contribution was hidden), a refusal
/// still shows its reason in its place.
#[component]
pub(super) fn ReplyBox(
    ctx: PageCtx,
    view: Rc<ConsultationPageView>,
    item: ContributionView,
    offered: bool,
) -> Element {
    let tr = ctx.tr;
    let name = format!("reply-{}", item.id);
    let form = FormState {
        id_prefix: format!("{name}-"),
        ..form_for(&view, &name)
    }
    .with_subject("body", "reply");
    let target = format!("{name}-field-body");
    if !offered {
        let messages: Vec<String> = form
            .errors
            .iter()
            .map(|e| form.message(tr, e, ""))
            .collect();
        return rsx! {
            if !messages.is_empty() {
                p { class: "field-message", id: "{target}", tabindex: "-1", {messages.join(" ")} }
            }
        };
    }
    rsx! {
        details { class: "inline-details", id: "reply-box-{item.id}", open: !form.errors.is_empty(),
            summary { {tr.t("contribution-reply")} }
            form { method: "post", action: "/consultations/{view.consultation.id}/contributions#{target}", class: "form", novalidate: true,
                CsrfField { token: ctx.csrf.clone() }
                input { r#type: "hidden", name: "form", value: "{name}" }
                input { r#type: "hidden", name: "kind", value: "comment" }
                input { r#type: "hidden", name: "parent_id", value: "{item.id}" }
                ThreadPageField { page: view.page }
                TextArea { tr, form: form.clone(), name: "body", label: tr.t("field-your-reply"), required: true, rows: 3u32 }
                button { r#type: "submit", class: "button secondary", {tr.t("contribution-reply-submit")} }
            }
        }
    }
}

/// The author's own controls on their contribution while they can take
/// part and it has no answer: change it (the text it replaces is kept) or
/// withdraw it. A refusal comes back here, the box open, the text kept.
#[component]
pub(super) fn OwnContributionForms(
    ctx: PageCtx,
    view: Rc<ConsultationPageView>,
    item: ContributionView,
) -> Element {
    let tr = ctx.tr;
    let edit_name = format!("edit-{}", item.id);
    let edit = FormState {
        id_prefix: format!("{edit_name}-"),
        ..form_for(&view, &edit_name)
    }
    .with_subject("title", "proposal-title")
    .with_subject("body", "comment");
    let withdraw = form_for(&view, &format!("withdraw-{}", item.id));
    let mine = view.my_contributions.contains(&item.id);
    let changeable = mine
        && view.offers_forms(&ctx)
        && !item.withdrawn
        && item.hidden_reason.is_none()
        && item.response_status.is_none();
    let withdraw_messages: Vec<String> = withdraw
        .errors
        .iter()
        .map(|e| withdraw.message(tr, e, ""))
        .collect();
    if !changeable {
        return rsx! {
            if !withdraw_messages.is_empty() || !edit.errors.is_empty() {
                p { class: "field-message", id: "{edit_name}-errors", tabindex: "-1",
                    {withdraw_messages.iter().cloned().chain(edit.errors.iter().map(|e| edit.message(tr, e, ""))).collect::<Vec<_>>().join(" ")}
                }
            }
        };
    }
    let (title, body) = if edit.errors.is_empty() {
        (
            item.title.clone().unwrap_or_default(),
            item.body.clone().unwrap_or_default(),
        )
    } else {
        (edit.value("title"), edit.value("body"))
    };
    let shown = edit.clone().with("title", title).with("body", body);
    rsx! {
        details { class: "inline-details", id: "edit-box-{item.id}", open: !edit.errors.is_empty(),
            summary { {tr.t("contribution-edit")} }
            ErrorSummary { tr, form: edit.clone(), labels: vec![("title".into(), tr.t("field-title")), ("body".into(), tr.t("field-comment"))], id: "{edit_name}-errors" }
            form { method: "post", action: "/contributions/{item.id}/edit#{edit_name}-errors", class: "form", novalidate: true,
                CsrfField { token: ctx.csrf.clone() }
                ThreadPageField { page: view.page }
                if item.kind == "proposal" {
                    TextField { tr, form: shown.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                }
                TextArea { tr, form: shown.clone(), name: "body", label: tr.t("field-comment"), required: true, rows: 4u32 }
                button { r#type: "submit", class: "button secondary", {tr.t("contribution-edit-submit")} }
            }
        }
        form { method: "post", action: "/contributions/{item.id}/withdraw#contribution-{item.id}", class: "inline-form",
            CsrfField { token: ctx.csrf.clone() }
            ThreadPageField { page: view.page }
            if !withdraw_messages.is_empty() {
                span { class: "field-message", {withdraw_messages.join(" ")} }
            }
            button { r#type: "submit", class: "link-button dark", {tr.t("contribution-withdraw")} span { class: "visually-hidden", " – {item.title.clone().unwrap_or_default()}" } }
        }
    }
}
