//! The lists of contributions with what became of them: the response queue,
//! my contributions, "you said, we did" and the moderation queue.

use dioxus::prelude::*;

use crate::components::consultation::{ContributionMeta, OfficialResponse, ReasonForm};
use crate::components::{
    CsrfField, ErrorSummary, FormState, Notice, Pager, SelectField, TextArea, TextField,
    form_title, label_options,
};
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
            if view.items.is_empty() { p { {tr.t("list-empty")} } }
            ul { class: "contribution-list",
                for (consultation, item, reports) in view.items.iter() {
                    li { key: "{item.id}", class: "contribution", id: "contribution-{item.id}",
                        article {
                            ContributionMeta { tr, item: item.clone(),
                                " · "
                                a { href: "/consultations/{consultation}#contribution-{item.id}", {tr.t("contribution-in-context")} }
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
