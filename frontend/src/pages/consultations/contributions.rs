//! The lists of contributions with what became of them: the response queue,
//! my contributions, "you said, we did" and the moderation queue.

use dioxus::prelude::*;

use crate::components::consultation::{ContributionMeta, OfficialResponse, ReasonForm};
use crate::components::{
    CsrfField, ErrorSummary, FormState, Notice, Pager, SelectField, TextArea, TextField,
    form_title, label_options,
};
use std::collections::BTreeMap;

use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::ContributionView;

/// A list of contributions with what became of them (queue, mine, "you said, we did").
#[derive(Debug, Clone, PartialEq)]
pub struct ContributionListView {
    /// Which page: `queue`, `mine`, `you-said-we-did` or `moderation`.
    pub page: String,
    /// Heading.
    pub heading: String,
    /// The items: (consultation id, contribution, open reports' reasons).
    pub items: Vec<(i32, ContributionView, Vec<String>)>,
    /// Values and errors of the form last sent (`form` = `respond-<id>` or `hide-<id>`).
    pub form: FormState,
    /// A notice after an action.
    pub notice: Option<String>,
    /// Paging of a long list (`None`: everything is shown).
    pub pager: Option<ListPager>,
    /// Where each contribution was made, by contribution id (the queue).
    pub context: BTreeMap<i32, ItemContext>,
    /// The queue's filters (`None` on the other lists).
    pub filters: Option<QueueFilters>,
}

/// Where a contribution was made and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemContext {
    /// The plan: id and title.
    pub plan: (i32, String),
    /// The consultation: id and title.
    pub consultation: (i32, String),
    /// The node it is about: id and "code – title".
    pub node: Option<(i32, String)>,
}

/// The response queue's filter form: what can be chosen and what is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueueFilters {
    /// Plans: (id, title).
    pub plans: Vec<(i32, String)>,
    /// Consultations: (id, title).
    pub consultations: Vec<(i32, String)>,
    /// The chosen plan.
    pub plan: Option<i32>,
    /// The chosen consultation.
    pub consultation: Option<i32>,
    /// The chosen kind.
    pub kind: String,
    /// `awaiting`, `answered` or `all`.
    pub status: String,
    /// The node chosen (from a contribution's "only about this"): id and label.
    pub node: Option<(i32, String)>,
    /// The filters as a query string (no page), kept by the answer forms.
    pub query: String,
    /// How many contributions match.
    pub total: i64,
}

/// Where a paged contribution list is and how long it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPager {
    /// The page's URL without `page`.
    pub base: String,
    /// The page shown, from 1.
    pub page: i64,
    /// Items per page.
    pub per_page: i64,
    /// Items in all.
    pub total: i64,
}

/// Renders a contribution list page.
pub fn render_list(ctx: &PageCtx, view: &ContributionListView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ContributionListPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

/// The queue's filters, as a GET form that works without script.
#[component]
fn FilterForm(tr: Tr, filters: QueueFilters) -> Element {
    let f = &filters;
    let selected = |v: Option<i32>, id: i32| v == Some(id);
    rsx! {
        form { method: "get", action: "/responses", class: "filters", aria_label: tr.t("responses-filters"),
            div { class: "field",
                label { r#for: "filter-field-plan", class: "field-label", {tr.t("field-plan")} }
                select { id: "filter-field-plan", name: "plan",
                    option { value: "", {tr.t("responses-all-plans")} }
                    for (id, title) in f.plans.iter() { option { value: "{id}", selected: selected(f.plan, *id), "{title}" } }
                }
            }
            div { class: "field",
                label { r#for: "filter-field-consultation", class: "field-label", {tr.t("field-consultation")} }
                select { id: "filter-field-consultation", name: "consultation",
                    option { value: "", {tr.t("responses-all-consultations")} }
                    for (id, title) in f.consultations.iter() { option { value: "{id}", selected: selected(f.consultation, *id), "{title}" } }
                }
            }
            div { class: "field",
                label { r#for: "filter-field-kind", class: "field-label", {tr.t("field-kind")} }
                select { id: "filter-field-kind", name: "kind",
                    option { value: "", {tr.t("responses-all-kinds")} }
                    for k in ["comment", "proposal", "amendment"] { option { value: "{k}", selected: f.kind == k, {tr.label("contribution-kind", k)} } }
                }
            }
            div { class: "field",
                label { r#for: "filter-field-status", class: "field-label", {tr.t("field-response-status")} }
                select { id: "filter-field-status", name: "status",
                    for s in ["awaiting", "answered", "all"] { option { value: "{s}", selected: f.status == s, {tr.label("responses-status", s)} } }
                }
            }
            if let Some((id, label)) = &f.node {
                input { r#type: "hidden", name: "node", value: "{id}" }
                p { class: "field", {tr.ta("responses-about", &[("node", label.clone())])} " " a { href: "/responses", {tr.t("responses-clear")} } }
            }
            div { class: "field", button { r#type: "submit", class: "button secondary", {tr.t("responses-filter")} } }
        }
        p { role: "status", {tr.ta("responses-count", &[("count", f.total.to_string())])} }
    }
}

/// The form last sent when it was `name`, else an empty one.
fn form_for(view: &ContributionListView, name: &str) -> FormState {
    if view.form.value("form") == name {
        view.form.clone()
    } else {
        FormState::default()
    }
}

#[component]
fn ContributionListPage(ctx: PageCtx, view: ContributionListView) -> Element {
    let tr = ctx.tr;
    let statuses = label_options(
        tr,
        "response-status",
        [
            "accepted",
            "partially_accepted",
            "rejected",
            "already_planned",
            "out_of_scope",
        ],
    );
    rsx! {
        Layout { ctx: ctx.clone(), title: form_title(tr, &view.heading, !view.form.errors.is_empty()), nav: if view.page == "mine" { Nav::Account } else { Nav::Plans },
            h1 { "{view.heading}" }
            // Says which contributions it lists, as the dashboards say what they count.
            if view.page == "you-said-we-did" { p { class: "lead", {tr.t("you-said-we-did-lead")} } }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            ErrorSummary { tr, form: if view.form.value("form").is_empty() { view.form.clone() } else { FormState::default() },
                labels: vec![("plan".into(), tr.t("field-plan")), ("consultation".into(), tr.t("field-consultation")), ("kind".into(), tr.t("field-kind")), ("status".into(), tr.t("field-response-status")), ("node".into(), tr.t("field-about")), ("page".into(), tr.t("field-page"))] }
            if let Some(f) = &view.filters { FilterForm { tr, filters: f.clone() } }
            if view.items.is_empty() { p { {tr.t("list-empty")} } }
            ul { class: "contribution-list",
                for (_, item, reports) in view.items.iter() {
                    li { key: "{item.id}", class: "contribution", id: "contribution-{item.id}",
                        article {
                            ContributionMeta { tr, item: item.clone(),
                                " · "
                                a { href: "/contributions/{item.id}", {tr.t("contribution-in-context")} }
                            }
                            if let Some(c) = view.context.get(&item.id) {
                                p { class: "meta context",
                                    a { href: "/plans/{c.plan.0}", "{c.plan.1}" }
                                    " › "
                                    a { href: "/consultations/{c.consultation.0}", "{c.consultation.1}" }
                                    if let Some((id, label)) = &c.node {
                                        " › " a { href: "/nodes/{id}", "{label}" }
                                        if view.filters.as_ref().is_some_and(|f| f.node.is_none()) {
                                            " (" a { href: "/responses?node={id}", {tr.t("responses-only-node")} span { class: "visually-hidden", " {label}" } } ")"
                                        }
                                    }
                                }
                            }
                            if let Some(reason) = &item.hidden_reason {
                                p { class: "hidden-note", {tr.ta("contribution-hidden", &[("reason", reason.clone())])} }
                            } else {
                                if let Some(t) = &item.title { h2 { class: "contribution-title", "{t}" } }
                                if let Some(b) = &item.body { p { class: "contribution-body", "{b}" } }
                            }
                            if !reports.is_empty() {
                                ul { class: "muted", for r in reports.iter() { li { {tr.ta("report-reason", &[("reason", r.clone())])} } } }
                            }
                            match &item.response_status {
                                Some(status) => rsx! {
                                    OfficialResponse { tr, status: status.clone(), response: item.response.clone(), node_id: item.response_node_id }
                                },
                                None => rsx! { p { class: "muted", {tr.t("response-awaiting")} } },
                            }
                            if view.page == "queue" {
                                {
                                    let f = FormState {
                                        id_prefix: format!("respond-{}-", item.id),
                                        ..form_for(&view, &format!("respond-{}", item.id))
                                    }
                                    .with_subject("status", "response-status")
                                    .with_subject("body", "response");
                                    let id = item.id;
                                    rsx! {
                                        ErrorSummary { tr, form: f.clone(), labels: vec![("status".into(), tr.t("field-response-status")), ("body".into(), tr.t("field-response")), ("create_action_code".into(), tr.t("field-create-action-code"))], id: "respond-{id}-errors" }
                                        form { method: "post", action: "/contributions/{id}/respond#respond-{id}-errors", class: "form", novalidate: true,
                                            CsrfField { token: ctx.csrf.clone() }
                                            input { r#type: "hidden", name: "form", value: "respond-{id}" }
                                            if let Some(f) = &view.filters { input { r#type: "hidden", name: "back", value: "{f.query}" } }
                                            SelectField { tr, form: f.clone(), name: "status", label: tr.t("field-response-status"), options: statuses.clone(), placeholder: tr.t("choose"), required: true }
                                            TextArea { tr, form: f.clone(), name: "body", label: tr.t("field-response"), required: true }
                                            if item.kind == "proposal" {
                                                TextField { tr, form: f.clone(), name: "create_action_code", label: tr.t("field-create-action-code"), hint: tr.t("hint-create-action-code"), maxlength: 32usize }
                                            }
                                            button { r#type: "submit", class: "button", {tr.t("response-submit")} }
                                        }
                                    }
                                }
                            }
                            if view.page == "moderation" {
                                ReasonForm { tr, csrf: ctx.csrf.clone(), contribution: item.id, action: "hide", label: tr.t("field-hide-reason"),
                                    submit: tr.t("moderation-hide"), button_class: "button danger", form: form_for(&view, &format!("hide-{}", item.id)) }
                            }
                        }
                    }
                }
            }
            if let Some(p) = &view.pager {
                Pager { tr, base: p.base.clone(), page: p.page, per_page: p.per_page, total: p.total }
            }
        }
    }
}
