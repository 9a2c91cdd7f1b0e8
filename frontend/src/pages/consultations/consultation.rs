//! The consultation page: its rules, the forms to comment and propose, the
//! ranking of proposals, the priorities, and the threads of contributions.

use std::rc::Rc;

use dioxus::prelude::*;

use crate::components::badges::StatusBadge;
use crate::components::consultation::{ContributionMeta, OfficialResponse, ReasonForm, by_kind};
use crate::components::{
    CsrfField, ErrorSummary, FormState, Notice, Pager, SelectField, TextArea, TextField, id_options,
};
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{ConsultationView, ContributionView};

/// What the consultation page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsultationPageView {
    /// The consultation.
    pub consultation: ConsultationView,
    /// Plan title.
    pub plan_title: String,
    /// Operational objectives proposals can go under: (id, "code – title").
    pub objectives: Vec<(i32, String)>,
    /// Nodes comments can be about: (id, "code – title").
    pub nodes: Vec<(i32, String)>,
    /// Proposals the reader supports.
    pub my_supports: Vec<i32>,
    /// The reader's priority points per action node.
    pub my_points: Vec<(i32, i32)>,
    /// Whether the reader may moderate and answer.
    pub can_moderate: bool,
    /// Values and errors of the form last sent (`form` names which one).
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
}

/// Renders the consultation page.
pub fn render(ctx: &PageCtx, view: &ConsultationPageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ConsultationPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

fn form_for(view: &ConsultationPageView, which: &str) -> FormState {
    if view.form.value("form") == which {
        view.form.clone()
    } else {
        FormState::default()
    }
}

/// The button that supports a proposal, or withdraws the reader's support.
#[component]
fn SupportForm(ctx: PageCtx, proposal: ContributionView, supported: bool) -> Element {
    let tr = ctx.tr;
    let title = proposal.title.clone().unwrap_or_default();
    rsx! {
        form { method: "post", action: "/contributions/{proposal.id}/support", class: "inline-form",
            CsrfField { token: ctx.csrf.clone() }
            if supported {
                input { r#type: "hidden", name: "withdraw", value: "1" }
                button { r#type: "submit", class: "link-button dark", {tr.t("support-withdraw")} span { class: "visually-hidden", " – {title}" } }
            } else {
                button { r#type: "submit", class: "link-button dark", {tr.t("support")} span { class: "visually-hidden", " – {title}" } }
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
    let open = view.consultation.state == "open";
    rsx! {
        li { class: "contribution", id: "contribution-{item.id}",
            article {
                ContributionMeta { tr, item: item.clone() }
                if let Some(reason) = &item.hidden_reason {
                    p { class: "hidden-note", {tr.ta("contribution-hidden", &[("reason", reason.clone())])} }
                } else {
                    if let Some(t) = &item.title { h3 { "{t}" } }
                    if let Some(b) = &item.body { p { class: "contribution-body", "{b}" } }
                    if item.kind == "proposal" {
                        p { class: "meta", {tr.ta("supports-count", &[("count", item.supports.to_string())])}
                            if open && ctx.user.is_some() {
                                " "
                                SupportForm { ctx: ctx.clone(), proposal: item.clone(), supported: view.my_supports.contains(&item.id) }
                            }
                        }
                    }
                }
                if let Some(status) = &item.response_status {
                    OfficialResponse { tr, status: status.clone(), response: item.response.clone(), node_id: item.response_node_id }
                }
                if open && ctx.user.is_some() && item.hidden_reason.is_none() && depth < 4 {
                    details { class: "inline-details",
                        summary { {tr.t("contribution-reply")} }
                        form { method: "post", action: "/consultations/{view.consultation.id}/contributions", class: "form",
                            CsrfField { token: ctx.csrf.clone() }
                            input { r#type: "hidden", name: "form", value: "reply-{item.id}" }
                            input { r#type: "hidden", name: "kind", value: "comment" }
                            input { r#type: "hidden", name: "parent_id", value: "{item.id}" }
                            div { class: "field",
                                label { r#for: "reply-{item.id}", class: "field-label", {tr.t("field-your-reply")} }
                                textarea { id: "reply-{item.id}", name: "body", rows: "3" }
                            }
                            button { r#type: "submit", class: "button secondary", {tr.t("contribution-reply-submit")} }
                        }
                    }
                }
                if ctx.user.is_some() && item.hidden_reason.is_none() {
                    details { class: "inline-details",
                        summary { {tr.t("contribution-report")} }
                        ReasonForm { csrf: ctx.csrf.clone(), contribution: item.id, action: "report", label: tr.t("field-reason"),
                            submit: tr.t("contribution-report-submit"), button_class: "button secondary" }
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
    };
    let proposal_form = FormState {
        id_prefix: "proposal-".into(),
        ..form_for(&view, "proposal")
    };
    let points_form = FormState {
        id_prefix: "points-".into(),
        ..form_for(&view, "points")
    };
    let node_options = id_options(&view.nodes);
    let objective_options = id_options(&view.objectives);
    let used: i32 = view.my_points.iter().map(|(_, p)| *p).sum();
    rsx! {
        Layout { ctx: ctx.clone(), title: c.title.clone(), nav: Nav::Plans,
            p { a { href: "/plans/{c.plan_id}", {tr.ta("back-to-plan", &[("title", view.plan_title.clone())])} } }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            h1 { "{c.title}" }
            dl { class: "summary-list",
                div { dt { {tr.t("field-status")} } dd { StatusBadge { tr, prefix: "consultation-state", status: c.state.clone() } } }
                div { dt { {tr.t("field-window")} } dd { {format!("{} – {} UTC", c.opens_at.format("%Y-%m-%d %H:%M"), c.closes_at.format("%Y-%m-%d %H:%M"))} } }
                div { dt { {tr.t("field-audience")} } dd { {tr.label("audience", &c.audience)} } }
                div { dt { {tr.t("field-rules")} } dd { {tr.ta("consultation-rules", &[("supports", c.supports_per_person.to_string()), ("points", c.points_per_person.to_string())])} } }
            }
            if !c.description.is_empty() { p { class: "lead", "{c.description}" } }
            p { class: "actions", a { href: "/consultations/{c.id}/you-said-we-did", {tr.t("you-said-we-did")} } }
            if ctx.user.is_none() && open {
                p { a { class: "button", href: "/sign-in?next=/consultations/{c.id}", {tr.t("consultation-sign-in")} } }
            }
            if open && ctx.user.is_some() {
                if c.comments_enabled {
                    section { aria_labelledby: "comment-title",
                        h2 { id: "comment-title", {tr.t("consultation-comment")} }
                        ErrorSummary { tr, form: comment_form.clone(), labels: vec![("body".into(), tr.t("field-comment")), ("node_id".into(), tr.t("field-about"))] }
                        form { method: "post", action: "/consultations/{c.id}/contributions", class: "form", novalidate: true,
                            CsrfField { token: ctx.csrf.clone() }
                            input { r#type: "hidden", name: "form", value: "comment" }
                            input { r#type: "hidden", name: "kind", value: "comment" }
                            SelectField { tr, form: comment_form.clone(), name: "node_id", label: tr.t("field-about"), options: node_options.clone(), placeholder: tr.t("about-whole-plan") }
                            TextArea { tr, form: comment_form.clone(), name: "body", label: tr.t("field-comment") }
                            button { r#type: "submit", class: "button", {tr.t("consultation-comment-submit")} }
                        }
                    }
                }
                if c.proposals_enabled {
                    section { aria_labelledby: "proposal-title",
                        h2 { id: "proposal-title", {tr.t("consultation-propose")} }
                        ErrorSummary { tr, form: proposal_form.clone(), labels: vec![("title".into(), tr.t("field-title")), ("body".into(), tr.t("field-description")), ("node_id".into(), tr.t("field-objective"))] }
                        form { method: "post", action: "/consultations/{c.id}/contributions", class: "form", novalidate: true,
                            CsrfField { token: ctx.csrf.clone() }
                            input { r#type: "hidden", name: "form", value: "proposal" }
                            input { r#type: "hidden", name: "kind", value: "proposal" }
                            TextField { tr, form: proposal_form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                            TextArea { tr, form: proposal_form.clone(), name: "body", label: tr.t("field-description") }
                            SelectField { tr, form: proposal_form.clone(), name: "node_id", label: tr.t("field-objective"), options: objective_options.clone(), placeholder: tr.t("choose"), required: true }
                            button { r#type: "submit", class: "button", {tr.t("consultation-propose-submit")} }
                        }
                    }
                }
            }
            section { aria_labelledby: "proposals-title",
                h2 { id: "proposals-title", {tr.t("consultation-proposals")} }
                if proposals.is_empty() { p { {tr.t("consultation-no-proposals")} } }
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
                            if open && ctx.user.is_some() {
                                " "
                                SupportForm { ctx: ctx.clone(), proposal: p.clone(), supported: view.my_supports.contains(&p.id) }
                            }
                        }
                    }
                }
            }
            section { aria_labelledby: "priorities-title",
                h2 { id: "priorities-title", {tr.t("consultation-priorities")} }
                if open && ctx.user.is_some() && c.points_per_person > 0 {
                    ErrorSummary { tr, form: points_form.clone(), labels: vec![("points".into(), tr.t("consultation-priorities"))] }
                    p { {tr.ta("priorities-help", &[("points", c.points_per_person.to_string()), ("used", used.to_string())])} }
                    form { method: "post", action: "/consultations/{c.id}/priorities", class: "form",
                        CsrfField { token: ctx.csrf.clone() }
                        table {
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
