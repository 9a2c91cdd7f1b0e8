//! Consultation pages: the consultation (contribute, support, prioritise), the
//! form that opens one, the response queue, my contributions, "you said, we
//! did", notifications and the moderation queue.

use std::rc::Rc;

use dioxus::prelude::*;

use crate::components::badges::StatusBadge;
use crate::components::{
    CsrfField, ErrorSummary, FormState, Notice, Pager, SelectField, TextField,
};
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{ConsultationView, ContributionView};
use crate::pages::plan_forms::TextArea;

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

/// "Region: 3, Municipality: 2" from counts by organisation kind.
fn by_kind(tr: crate::i18n::Tr, counts: &std::collections::BTreeMap<String, i64>) -> String {
    counts
        .iter()
        .map(|(k, n)| format!("{}: {n}", tr.label("org-kind", k)))
        .collect::<Vec<_>>()
        .join(", ")
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
    let author = if item.author.is_empty() {
        tr.t("former-participant")
    } else {
        item.author.clone()
    };
    rsx! {
        li { class: "contribution", id: "contribution-{item.id}",
            article {
                p { class: "meta",
                    StatusBadge { tr, prefix: "contribution-kind", status: item.kind.clone() }
                    " {author}"
                    if let Some(o) = &item.organisation { " – {o}" }
                    " · " {item.created_at.format("%Y-%m-%d").to_string()}
                }
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
                    div { class: "response",
                        p { strong { {tr.t("response-official")} } " " StatusBadge { tr, prefix: "response-status", status: status.clone() } }
                        if let Some(r) = &item.response { p { "{r}" } }
                        if let Some(n) = item.response_node_id { p { a { href: "/nodes/{n}", {tr.t("response-see-node")} } } }
                    }
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
                        form { method: "post", action: "/contributions/{item.id}/report", class: "form",
                            CsrfField { token: ctx.csrf.clone() }
                            div { class: "field",
                                label { r#for: "report-{item.id}", class: "field-label", {tr.t("field-reason")} }
                                input { id: "report-{item.id}", name: "reason", r#type: "text", maxlength: "1000" }
                            }
                            button { r#type: "submit", class: "button secondary", {tr.t("contribution-report-submit")} }
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
    };
    let proposal_form = FormState {
        id_prefix: "proposal-".into(),
        ..form_for(&view, "proposal")
    };
    let points_form = FormState {
        id_prefix: "points-".into(),
        ..form_for(&view, "points")
    };
    let node_options: Vec<(String, String)> = view
        .nodes
        .iter()
        .map(|(id, t)| (id.to_string(), t.clone()))
        .collect();
    let objective_options: Vec<(String, String)> = view
        .objectives
        .iter()
        .map(|(id, t)| (id.to_string(), t.clone()))
        .collect();
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
                            TextArea { ctx: ctx.clone(), form: comment_form.clone(), name: "body", label: tr.t("field-comment") }
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
                            TextArea { ctx: ctx.clone(), form: proposal_form.clone(), name: "body", label: tr.t("field-description") }
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

/// The form that opens a consultation on a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConsultationView {
    /// Plan id.
    pub plan_id: i32,
    /// Plan title.
    pub plan_title: String,
    /// Organisations that can be invited: (id, name).
    pub organisations: Vec<(i32, String)>,
    /// Entered values and errors.
    pub form: FormState,
}

/// Renders the new-consultation form.
pub fn render_new(ctx: &PageCtx, view: &NewConsultationView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { NewConsultationPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn NewConsultationPage(ctx: PageCtx, view: NewConsultationView) -> Element {
    let tr = ctx.tr;
    let heading = tr.t("consultation-new");
    let labels = vec![
        ("title".to_string(), tr.t("field-title")),
        ("opens_at".to_string(), tr.t("field-opens-at")),
        ("closes_at".to_string(), tr.t("field-closes-at")),
        ("audience".to_string(), tr.t("field-audience")),
        ("invited".to_string(), tr.t("field-invited")),
        (
            "supports_per_person".to_string(),
            tr.t("field-supports-per-person"),
        ),
        (
            "points_per_person".to_string(),
            tr.t("field-points-per-person"),
        ),
    ];
    let audiences: Vec<(String, String)> = ["public", "invited"]
        .iter()
        .map(|a| (a.to_string(), tr.label("audience", a)))
        .collect();
    let invited: Vec<String> = view
        .form
        .value("invited")
        .split(',')
        .map(str::to_owned)
        .collect();
    rsx! {
        Layout { ctx: ctx.clone(), title: heading.clone(), nav: Nav::Plans,
            p { a { href: "/plans/{view.plan_id}", {tr.ta("back-to-plan", &[("title", view.plan_title.clone())])} } }
            h1 { "{heading}" }
            ErrorSummary { tr, form: view.form.clone(), labels }
            form { method: "post", action: "/plans/{view.plan_id}/consultations", class: "form", novalidate: true,
                CsrfField { token: ctx.csrf.clone() }
                TextField { tr, form: view.form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                TextArea { ctx: ctx.clone(), form: view.form.clone(), name: "description", label: tr.t("field-description") }
                TextField { tr, form: view.form.clone(), name: "opens_at", label: tr.t("field-opens-at"), hint: tr.t("hint-datetime"), required: true }
                TextField { tr, form: view.form.clone(), name: "closes_at", label: tr.t("field-closes-at"), hint: tr.t("hint-datetime"), required: true }
                SelectField { tr, form: view.form.clone(), name: "audience", label: tr.t("field-audience"), options: audiences, required: true }
                fieldset { class: "targets", id: "field-invited",
                    legend { {tr.t("field-invited")} }
                    p { class: "field-hint", {tr.t("hint-invited")} }
                    for (id, name) in view.organisations.iter() {
                        div { class: "checkbox",
                            input { r#type: "checkbox", id: "invite-{id}", name: "invited", value: "{id}", checked: invited.contains(&id.to_string()) }
                            label { r#for: "invite-{id}", "{name}" }
                        }
                    }
                }
                div { class: "checkbox field",
                    input { r#type: "checkbox", id: "field-comments_enabled", name: "comments_enabled", value: "yes", checked: view.form.value("comments_enabled") != "no" }
                    label { r#for: "field-comments_enabled", {tr.t("field-comments-enabled")} }
                }
                div { class: "checkbox field",
                    input { r#type: "checkbox", id: "field-proposals_enabled", name: "proposals_enabled", value: "yes", checked: view.form.value("proposals_enabled") != "no" }
                    label { r#for: "field-proposals_enabled", {tr.t("field-proposals-enabled")} }
                }
                TextField { tr, form: view.form.clone(), name: "supports_per_person", label: tr.t("field-supports-per-person"), input_type: "number" }
                TextField { tr, form: view.form.clone(), name: "points_per_person", label: tr.t("field-points-per-person"), input_type: "number" }
                button { r#type: "submit", class: "button", {tr.t("consultation-open-submit")} }
            }
        }
    }
}

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

#[component]
fn ContributionListPage(ctx: PageCtx, view: ContributionListView) -> Element {
    let tr = ctx.tr;
    let statuses: Vec<(String, String)> = [
        "accepted",
        "partially_accepted",
        "rejected",
        "already_planned",
        "out_of_scope",
    ]
    .iter()
    .map(|s| (s.to_string(), tr.label("response-status", s)))
    .collect();
    rsx! {
        Layout { ctx: ctx.clone(), title: view.heading.clone(), nav: if view.page == "mine" { Nav::Account } else { Nav::Plans },
            h1 { "{view.heading}" }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            if view.items.is_empty() { p { {tr.t("list-empty")} } }
            ul { class: "contribution-list",
                for (consultation, item, reports) in view.items.iter() {
                    li { key: "{item.id}", class: "contribution", id: "contribution-{item.id}",
                        article {
                            p { class: "meta",
                                StatusBadge { tr, prefix: "contribution-kind", status: item.kind.clone() }
                                " " {if item.author.is_empty() { tr.t("former-participant") } else { item.author.clone() }}
                                if let Some(o) = &item.organisation { " – {o}" }
                                " · " {item.created_at.format("%Y-%m-%d").to_string()} " · "
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
                                    div { class: "response",
                                        p { strong { {tr.t("response-official")} } " " StatusBadge { tr, prefix: "response-status", status: status.clone() } }
                                        if let Some(r) = &item.response { p { "{r}" } }
                                        if let Some(n) = item.response_node_id { p { a { href: "/nodes/{n}", {tr.t("response-see-node")} } } }
                                    }
                                },
                                None => rsx! { p { class: "muted", {tr.t("response-awaiting")} } },
                            }
                            if view.page == "queue" {
                                {
                                    let f = if view.form.value("form") == format!("respond-{}", item.id) { view.form.clone() } else { FormState::default() };
                                    let id = item.id;
                                    rsx! {
                                        ErrorSummary { tr, form: f.clone(), labels: vec![("status".into(), tr.t("field-response-status")), ("body".into(), tr.t("field-response")), ("create_action_code".into(), tr.t("field-create-action-code"))] }
                                        form { method: "post", action: "/contributions/{id}/respond", class: "form", novalidate: true,
                                            CsrfField { token: ctx.csrf.clone() }
                                            input { r#type: "hidden", name: "form", value: "respond-{id}" }
                                            SelectField { tr, form: f.clone(), name: "status", label: tr.t("field-response-status"), options: statuses.clone(), placeholder: tr.t("choose"), required: true }
                                            TextArea { ctx: ctx.clone(), form: f.clone(), name: "body", label: tr.t("field-response") }
                                            if item.kind == "proposal" {
                                                TextField { tr, form: f.clone(), name: "create_action_code", label: tr.t("field-create-action-code"), hint: tr.t("hint-create-action-code"), maxlength: 32usize }
                                            }
                                            button { r#type: "submit", class: "button", {tr.t("response-submit")} }
                                        }
                                    }
                                }
                            }
                            if view.page == "moderation" {
                                form { method: "post", action: "/contributions/{item.id}/hide", class: "form",
                                    CsrfField { token: ctx.csrf.clone() }
                                    div { class: "field",
                                        label { r#for: "hide-{item.id}", class: "field-label", {tr.t("field-hide-reason")} }
                                        input { id: "hide-{item.id}", name: "reason", r#type: "text", maxlength: "1000" }
                                    }
                                    button { r#type: "submit", class: "button danger", {tr.t("moderation-hide")} }
                                }
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

/// A notification as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationItem {
    /// Kind.
    pub kind: String,
    /// Where it leads.
    pub href: String,
    /// Read.
    pub read: bool,
    /// When.
    pub at: String,
}

/// Renders the notifications page.
pub fn render_notifications(ctx: &PageCtx, items: &[NotificationItem], unread: i64) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { NotificationsPage { ctx: ctx.clone(), items: items.to_vec(), unread } },
    )
}

#[component]
fn NotificationsPage(ctx: PageCtx, items: Vec<NotificationItem>, unread: i64) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("notifications-title"), nav: Nav::Account,
            h1 { {tr.t("notifications-title")} }
            p { {tr.ta("notifications-unread", &[("count", unread.to_string())])} }
            if unread > 0 {
                form { method: "post", action: "/notifications/read",
                    CsrfField { token: ctx.csrf.clone() }
                    button { r#type: "submit", class: "button secondary", {tr.t("notifications-mark-read")} }
                }
            }
            if items.is_empty() { p { {tr.t("list-empty")} } }
            ul { class: "notification-list",
                for (i, n) in items.iter().enumerate() {
                    li { key: "{i}", class: if n.read { "read" } else { "unread" },
                        a { href: "{n.href}", {tr.label("notification", &n.kind)} }
                        " · {n.at}"
                        if !n.read { " " span { class: "badge badge-at_risk", {tr.t("notification-new")} } }
                    }
                }
            }
        }
    }
}
