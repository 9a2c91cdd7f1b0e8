//! The consultation page: its rules, the forms to comment and propose, the
//! ranking of proposals, the priorities, and the threads of contributions.

use std::rc::Rc;

use dioxus::prelude::*;

use crate::components::badges::StatusBadge;
use crate::components::consultation::{ContributionMeta, OfficialResponse, ReasonForm, by_kind};
use crate::components::{
    CsrfField, ErrorSummary, FormState, Notice, Pager, SelectField, TextArea, TextField,
    form_title, id_options,
};
use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{ConsultationView, ContributionView};

mod amendments;
mod controls;

use amendments::{AcceptAmendment, AmendSection, WordDiff};
use controls::{FollowControl, OwnContributionForms, ReplyBox};

/// What the consultation page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultationPageView {
    /// The consultation.
    pub consultation: ConsultationView,
    /// Plan title.
    pub plan_title: String,
    /// The plan's status (a consultation ends when its plan leaves the
    /// consultation stage).
    pub plan_status: String,
    /// Names of the invited organisations (audience `invited`).
    pub invited_names: Vec<String>,
    /// The window as the plan's owner's clocks read it, and that time zone.
    pub window: (chrono::NaiveDateTime, chrono::NaiveDateTime, String),
    /// Why the signed-in reader cannot take part now, as the code of the
    /// refusal they would meet (`not_invited`, `consultation_closed`,
    /// `consultation_not_open`); `None` when they can.
    pub refused: Option<String>,
    /// Operational objectives proposals can go under: (id, "code – title").
    pub objectives: Vec<(i32, String)>,
    /// Nodes comments can be about: (id, "code – title").
    pub nodes: Vec<(i32, String)>,
    /// Proposals the reader supports.
    pub my_supports: Vec<i32>,
    /// The reader's own proposals (which they cannot support).
    pub my_proposals: Vec<i32>,
    /// All the reader's own contributions (which they may edit or withdraw
    /// until answered).
    pub my_contributions: Vec<i32>,
    /// The reader's priority points per action node.
    pub my_points: Vec<(i32, i32)>,
    /// Whether the reader may moderate and answer.
    pub can_moderate: bool,
    /// Values and errors of the form last sent (`form` names which one:
    /// `comment`, `proposal`, `points`, `reply-<id>`, `report-<id>`,
    /// `support-<ranking|thread>-<id>`).
    pub form: FormState,
    /// A notice after a successful action.
    pub notice: Option<String>,
    /// The top-level contributions of this page, oldest first (their replies
    /// and the ranked proposals are in `consultation.contributions`).
    pub threads: Vec<i32>,
    /// Top-level contributions in all.
    pub threads_total: i64,
    /// This page (from 1).
    pub page: i64,
    /// Top-level contributions per page.
    pub per_page: i64,
    /// Proposals in all (the ranking shows the most supported ones).
    pub proposals_total: i64,
    /// Whether the reader follows the consultation.
    pub following: bool,
    /// The threads (first contributions) the reader follows.
    pub followed_threads: Vec<i32>,
    /// Objectives and actions an amendment may change: (id, "code – title").
    pub amendable: Vec<(i32, String)>,
    /// The node whose text the amendment form starts from, once chosen:
    /// (id, title, description).
    pub amend: Option<(i32, String, String)>,
}

/// Renders the consultation page.
pub fn render(ctx: &PageCtx, view: &ConsultationPageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ConsultationPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

impl ConsultationPageView {
    /// Whether the forms to take part are offered to this reader: signed in
    /// and nothing they would be refused for.
    fn offers_forms(&self, ctx: &PageCtx) -> bool {
        ctx.user.is_some() && self.refused.is_none()
    }
}

fn form_for(view: &ConsultationPageView, which: &str) -> FormState {
    if view.form.value("form") == which {
        view.form.clone()
    } else {
        FormState::default()
    }
}

/// Where a proposal's Support control is: in the ranking or in its thread
/// (`ranking` or `thread`), so that a refusal comes back next to the one used.
fn support_anchor(place: &str, proposal: i32) -> String {
    format!("support-{place}-{proposal}")
}

/// The hidden field that keeps the page of threads a form was sent from, so
/// that a refused form comes back on the page that holds it.
#[component]
fn ThreadPageField(page: i64) -> Element {
    rsx! {
        if page > 1 { input { r#type: "hidden", name: "page", value: "{page}" } }
    }
}

/// A proposal's Support control where the reader can use it: the button that
/// supports the proposal or withdraws the reader's support, or why there is
/// none (their own proposal, no supports left); and, after a refusal, its
/// reason, which the form's fragment scrolls to and focuses.
#[component]
fn SupportControl(
    ctx: PageCtx,
    view: Rc<ConsultationPageView>,
    proposal: ContributionView,
    /// `ranking` or `thread`.
    place: String,
) -> Element {
    let tr = ctx.tr;
    let c = &view.consultation;
    let anchor = support_anchor(&place, proposal.id);
    let form = form_for(&view, &anchor);
    let offered = view.offers_forms(&ctx) && c.supports_per_person > 0 && !proposal.withdrawn;
    if !offered && form.errors.is_empty() {
        return rsx! {};
    }
    let title = proposal.title.clone().unwrap_or_default();
    let supported = view.my_supports.contains(&proposal.id);
    let own = view.my_proposals.contains(&proposal.id);
    let none_left = view.my_supports.len() as i32 >= c.supports_per_person;
    let refused = !form.errors.is_empty();
    let messages: Vec<String> = form
        .errors
        .iter()
        .map(|e| form.message(tr, e, ""))
        .collect();
    rsx! {
        " "
        span { class: "support-control", id: "{anchor}", tabindex: refused.then_some("-1"),
            if refused {
                span { class: "field-message support-message", {messages.join(" ")} }
            }
            if offered {
                if own {
                    span { class: "muted", {tr.t("support-own")} }
                } else if supported {
                    form { method: "post", action: "/contributions/{proposal.id}/support#{anchor}", class: "inline-form",
                        CsrfField { token: ctx.csrf.clone() }
                        input { r#type: "hidden", name: "from", value: "{place}" }
                        ThreadPageField { page: view.page }
                        input { r#type: "hidden", name: "withdraw", value: "1" }
                        button { r#type: "submit", class: "link-button dark", {tr.t("support-withdraw")} span { class: "visually-hidden", " – {title}" } }
                    }
                } else if none_left {
                    span { class: "muted", {tr.t("support-none-left")} }
                } else {
                    form { method: "post", action: "/contributions/{proposal.id}/support#{anchor}", class: "inline-form",
                        CsrfField { token: ctx.csrf.clone() }
                        input { r#type: "hidden", name: "from", value: "{place}" }
                        ThreadPageField { page: view.page }
                        button { r#type: "submit", class: "link-button dark", {tr.t("support")} span { class: "visually-hidden", " – {title}" } }
                    }
                }
            }
        }
    }
}

/// A contribution in its thread, with its replies below it.
#[component]
fn ContributionItem(
    ctx: PageCtx,
    view: Rc<ConsultationPageView>,
    item: ContributionView,
    depth: usize,
) -> Element {
    let tr = ctx.tr;
    let replies: Vec<ContributionView> = view
        .consultation
        .contributions
        .iter()
        .filter(|c| c.parent_id == Some(item.id))
        .cloned()
        .collect();
    let open = view.offers_forms(&ctx);
    rsx! {
        li { class: "contribution", id: "contribution-{item.id}",
            article {
                ContributionMeta { tr, item: item.clone() }
                if let Some((id, label)) = item.node_id.and_then(|n| view.nodes.iter().find(|(id, _)| *id == n)) {
                    p { class: "meta context", {tr.t("field-about")} ": " a { href: "/nodes/{id}", "{label}" } }
                }
                if let Some(reason) = &item.hidden_reason {
                    p { class: "hidden-note", {tr.ta("contribution-hidden", &[("reason", reason.clone())])} }
                } else {
                    if let Some(a) = &item.amends {
                        div { class: "amendment",
                            p { class: "meta", {tr.t("amendment-lead")} }
                            dl { class: "summary-list",
                                div { dt { {tr.t("field-title")} } dd { WordDiff { tr, old: a.title.clone(), new: item.title.clone().unwrap_or_default() } } }
                                div { dt { {tr.t("field-description")} } dd { WordDiff { tr, old: a.description.clone(), new: item.body.clone().unwrap_or_default() } } }
                            }
                        }
                    } else {
                        if let Some(t) = &item.title { h3 { "{t}" } }
                        if let Some(b) = &item.body { p { class: "contribution-body", "{b}" } }
                    }
                    if let Some(at) = item.edited_at {
                        details { class: "inline-details",
                            summary { {tr.ta("contribution-edited", &[("date", tr.date(at.date()))])} }
                            ol { class: "earlier",
                                for e in item.earlier.iter() {
                                    li {
                                        p { class: "meta", {tr.ta("contribution-earlier", &[("date", tr.date(e.written_at.date()))])} }
                                        if let Some(t) = &e.title { p { strong { "{t}" } } }
                                        p { "{e.body}" }
                                    }
                                }
                            }
                        }
                    }
                    OwnContributionForms { ctx: ctx.clone(), view: view.clone(), item: item.clone() }
                    if item.kind == "proposal" {
                        // A div: a form cannot sit inside a paragraph.
                        div { class: "meta", {tr.ta("supports-count", &[("count", item.supports.to_string())])}
                            SupportControl { ctx: ctx.clone(), view: view.clone(), proposal: item.clone(), place: "thread" }
                        }
                    }
                }
                if let Some(status) = &item.response_status {
                    OfficialResponse { tr, status: status.clone(), response: item.response.clone(), node_id: item.response_node_id }
                }
                AcceptAmendment { ctx: ctx.clone(), view: view.clone(), item: item.clone() }
                ReplyBox { ctx: ctx.clone(), view: view.clone(), item: item.clone(),
                    offered: open && item.hidden_reason.is_none() && depth < 4 }
                if ctx.user.is_some() && depth == 0 {
                    FollowControl { ctx: ctx.clone(), action: "/contributions/{item.id}/follow", anchor: "follow-{item.id}",
                        following: view.followed_threads.contains(&item.id),
                        follow: tr.t("follow-thread"), unfollow: tr.t("unfollow-thread"), note: String::new() }
                }
                if ctx.user.is_some() && item.hidden_reason.is_none() {
                    {
                        let report = form_for(&view, &format!("report-{}", item.id));
                        rsx! {
                            details { class: "inline-details", id: "report-box-{item.id}", open: !report.errors.is_empty(),
                                summary { {tr.t("contribution-report")} }
                                ReasonForm { tr, csrf: ctx.csrf.clone(), contribution: item.id, action: "report", label: tr.t("field-reason"),
                                    submit: tr.t("contribution-report-submit"), button_class: "button secondary", form: report.clone(), page: view.page }
                            }
                        }
                    }
                }
            }
            if !replies.is_empty() {
                ul { class: "contribution-list replies",
                    for r in replies.iter() {
                        ContributionItem { ctx: ctx.clone(), view: view.clone(), item: r.clone(), depth: depth + 1 }
                    }
                }
            }
        }
    }
}

#[component]
fn ConsultationPage(ctx: PageCtx, view: ConsultationPageView) -> Element {
    let tr = ctx.tr;
    let c = &view.consultation;
    let open = c.state == "open";
    let shared = Rc::new(view.clone());
    let top: Vec<ContributionView> = view
        .threads
        .iter()
        .filter_map(|id| c.contributions.iter().find(|x| x.id == *id).cloned())
        .collect();
    let proposals: Vec<ContributionView> = c
        .proposals_ranked
        .iter()
        .filter_map(|id| c.contributions.iter().find(|x| x.id == *id).cloned())
        .collect();
    let comment_form = FormState {
        id_prefix: "comment-".into(),
        ..form_for(&view, "comment")
    }
    .with_subject("body", "comment");
    let proposal_form = FormState {
        id_prefix: "proposal-".into(),
        ..form_for(&view, "proposal")
    }
    .with_subject("title", "proposal-title")
    .with_subject("body", "proposal-body");
    let points_form = FormState {
        id_prefix: "points-".into(),
        ..form_for(&view, "points")
    };
    let node_options = id_options(&view.nodes);
    let objective_options = id_options(&view.objectives);
    // Points on an action cancelled since no longer count.
    let used: i32 = view
        .my_points
        .iter()
        .filter(|(n, _)| c.actions_ranked.iter().any(|a| a.node_id == *n))
        .map(|(_, p)| *p)
        .sum();
    let taking_part = view.offers_forms(&ctx);
    let plan_moved_on = c.state == "closed" && view.plan_status != "consultation";
    let why_not = match view.refused.as_deref() {
        Some(_) if ctx.user.is_none() => None,
        Some("consultation_closed") if plan_moved_on => None,
        Some(code) => Some(tr.label("take-part-refused", code)),
        None => None,
    };
    // A form refused while the page no longer offers it (the consultation
    // closed meanwhile) still shows why, where the forms were.
    let top_refused = !taking_part
        && matches!(view.form.value("form").as_str(), "comment" | "proposal")
        && !view.form.errors.is_empty();
    rsx! {
        Layout { ctx: ctx.clone(), title: form_title(tr, &c.title, !view.form.errors.is_empty()), nav: Nav::Plans,
            p { a { href: "/plans/{c.plan_id}", {tr.ta("back-to-plan", &[("title", view.plan_title.clone())])} } }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            h1 { "{c.title}" }
            dl { class: "summary-list",
                div { dt { {tr.t("field-status")} } dd { StatusBadge { tr, prefix: "consultation-state", status: c.state.clone() } } }
                div { dt { {tr.t("field-window")} } dd {
                    {format!("{} {} – {} {} ({})", tr.date(view.window.0.date()), view.window.0.format("%H:%M"), tr.date(view.window.1.date()), view.window.1.format("%H:%M"), view.window.2.replace('_', " "))}
                } }
                div { dt { {tr.t("field-audience")} } dd { {tr.label("audience", &c.audience)}
                    if !view.invited_names.is_empty() { ": " {view.invited_names.join(", ")} } } }
                div { dt { {tr.t("field-rules")} } dd { {tr.ta("consultation-rules", &[("supports", c.supports_per_person.to_string()), ("points", c.points_per_person.to_string())])} } }
            }
            if plan_moved_on {
                p { class: "callout", id: "taking-part", {tr.ta("consultation-closed-with-plan", &[("status", tr.label("plan-status", &view.plan_status))])} }
            }
            if let Some(why) = why_not {
                p { class: "callout", id: "taking-part", "{why}" }
            }
            if !c.description.is_empty() { p { class: "lead", "{c.description}" } }
            p { class: "actions",
                a { href: "/consultations/{c.id}/you-said-we-did", {tr.t("you-said-we-did")} }
                " · "
                a { href: "/consultations/{c.id}/files", {tr.t("attachments-see")} }
            }
            if ctx.user.is_some() {
                FollowControl { ctx: ctx.clone(), action: "/consultations/{c.id}/follow", anchor: "follow", following: view.following,
                    follow: tr.t("follow-consultation"), unfollow: tr.t("unfollow-consultation"),
                    note: if view.following { tr.t("following-consultation") } else { tr.t("follow-consultation-hint") } }
            }
            if ctx.user.is_none() && open {
                p { a { class: "button", href: "/sign-in?next=/consultations/{c.id}", {tr.t("consultation-sign-in")} } }
            }
            if top_refused {
                ErrorSummary { tr, form: view.form.clone(), labels: Vec::new(), id: "{view.form.value(\"form\")}-errors" }
            }
            if taking_part {
                if c.comments_enabled {
                    section { aria_labelledby: "comment-title",
                        h2 { id: "comment-title", {tr.t("consultation-comment")} }
                        ErrorSummary { tr, form: comment_form.clone(), labels: vec![("body".into(), tr.t("field-comment")), ("node_id".into(), tr.t("field-about"))], id: "comment-errors" }
                        form { method: "post", action: "/consultations/{c.id}/contributions#comment-errors", class: "form", novalidate: true,
                            CsrfField { token: ctx.csrf.clone() }
                            input { r#type: "hidden", name: "form", value: "comment" }
                            input { r#type: "hidden", name: "kind", value: "comment" }
                            SelectField { tr, form: comment_form.clone(), name: "node_id", label: tr.t("field-about"), options: node_options.clone(), placeholder: tr.t("about-whole-plan") }
                            TextArea { tr, form: comment_form.clone(), name: "body", label: tr.t("field-comment"), required: true }
                            button { r#type: "submit", class: "button", {tr.t("consultation-comment-submit")} }
                        }
                    }
                }
                if c.proposals_enabled {
                    section { aria_labelledby: "proposal-title",
                        h2 { id: "proposal-title", {tr.t("consultation-propose")} }
                        ErrorSummary { tr, form: proposal_form.clone(), labels: vec![("title".into(), tr.t("field-title")), ("body".into(), tr.t("field-description")), ("node_id".into(), tr.t("field-objective"))], id: "proposal-errors" }
                        form { method: "post", action: "/consultations/{c.id}/contributions#proposal-errors", class: "form", novalidate: true,
                            CsrfField { token: ctx.csrf.clone() }
                            input { r#type: "hidden", name: "form", value: "proposal" }
                            input { r#type: "hidden", name: "kind", value: "proposal" }
                            TextField { tr, form: proposal_form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                            TextArea { tr, form: proposal_form.clone(), name: "body", label: tr.t("field-description"), required: true }
                            SelectField { tr, form: proposal_form.clone(), name: "node_id", label: tr.t("field-objective"), options: objective_options.clone(), placeholder: tr.t("choose"), required: true }
                            button { r#type: "submit", class: "button", {tr.t("consultation-propose-submit")} }
                        }
                    }
                }
            }
            if taking_part && c.proposals_enabled && !view.amendable.is_empty() {
                AmendSection { ctx: ctx.clone(), view: shared.clone() }
            }
            section { aria_labelledby: "proposals-title",
                h2 { id: "proposals-title", {tr.t("consultation-proposals")} }
                if proposals.is_empty() { p { {tr.t("consultation-no-proposals")} } }
                if taking_part && c.supports_per_person > 0 {
                    p { {tr.ta("support-used", &[("used", view.my_supports.len().to_string()), ("limit", c.supports_per_person.to_string())])} }
                }
                p { a { href: "/consultations/{c.id}/proposals", {tr.t("proposals-all")} } }
                if view.proposals_total > proposals.len() as i64 {
                    p { class: "meta", {tr.ta("consultation-ranking-top", &[("count", proposals.len().to_string()), ("total", view.proposals_total.to_string())])} }
                }
                ol { class: "ranking",
                    for p in proposals.iter() {
                        li { key: "{p.id}",
                            a { href: "#contribution-{p.id}", {p.title.clone().unwrap_or_default()} }
                            " – " {tr.ta("supports-count", &[("count", p.supports.to_string())])}
                            if !p.supports_by_kind.is_empty() {
                                span { class: "muted", " (" {by_kind(tr, &p.supports_by_kind)} ")" }
                            }
                            SupportControl { ctx: ctx.clone(), view: shared.clone(), proposal: p.clone(), place: "ranking" }
                        }
                    }
                }
            }
            section { aria_labelledby: "priorities-title",
                h2 { id: "priorities-title", {tr.t("consultation-priorities")} }
                ErrorSummary { tr, form: points_form.clone(), labels: vec![("points".into(), tr.t("consultation-priorities"))], id: "points-errors" }
                if taking_part && c.points_per_person > 0 {
                    p { {tr.ta("priorities-help", &[("points", c.points_per_person.to_string()), ("used", used.to_string())])} }
                    form { method: "post", action: "/consultations/{c.id}/priorities#points-errors", class: "form",
                        CsrfField { token: ctx.csrf.clone() }
                        table { id: "points-field-points",
                            caption { class: "visually-hidden", {tr.t("consultation-priorities")} }
                            thead { tr { th { scope: "col", {tr.t("node-kind-action")} } th { scope: "col", {tr.t("priorities-total")} } th { scope: "col", {tr.t("priorities-mine")} } } }
                            tbody {
                                for a in c.actions_ranked.iter() {
                                    tr { key: "{a.node_id}",
                                        td { label { r#for: "points-{a.node_id}", "{a.code} – {a.title}" } }
                                        td { "{a.points}" if !a.points_by_kind.is_empty() { span { class: "muted", " (" {by_kind(tr, &a.points_by_kind)} ")" } } }
                                        td { input { id: "points-{a.node_id}", name: "points_{a.node_id}", r#type: "number", min: "0", max: "{c.points_per_person}", class: "points-input",
                                            value: "{view.my_points.iter().find(|(n, _)| *n == a.node_id).map(|(_, p)| *p).unwrap_or(0)}" } }
                                    }
                                }
                            }
                        }
                        button { r#type: "submit", class: "button secondary", {tr.t("priorities-submit")} }
                    }
                } else {
                    ol { class: "ranking",
                        for a in c.actions_ranked.iter() {
                            li { key: "{a.node_id}", "{a.code} – {a.title}: " {tr.ta("points-count", &[("count", a.points.to_string())])}
                                if !a.points_by_kind.is_empty() { span { class: "muted", " (" {by_kind(tr, &a.points_by_kind)} ")" } }
                            }
                        }
                    }
                }
            }
            section { aria_labelledby: "contributions-title",
                h2 { id: "contributions-title", {tr.ta("consultation-contributions", &[("count", c.contribution_count.to_string())])} }
                ul { class: "contribution-list",
                    for item in top.iter() {
                        ContributionItem { ctx: ctx.clone(), view: shared.clone(), item: item.clone(), depth: 0usize }
                    }
                }
                if view.threads_total > view.per_page {
                    Pager { tr, base: format!("/consultations/{}", c.id), page: view.page, per_page: view.per_page, total: view.threads_total }
                }
            }
        }
    }
}
