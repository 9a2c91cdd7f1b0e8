//! A consultation's proposals, all of them: searched, filtered (objective,
//! answer, kind of organisation, one's own) and ordered (most supported,
//! newest, or shuffled with a seed so that no proposal always comes last),
//! 25 a page.

use dioxus::prelude::*;

use crate::components::badges::StatusBadge;
use crate::components::consultation::ContributionMeta;
use crate::components::{ErrorSummary, FormState, Pager, form_title};
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::ContributionView;

/// What the proposals list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalsView {
    /// Consultation id.
    pub consultation_id: i32,
    /// Consultation title.
    pub consultation_title: String,
    /// This page's proposals.
    pub items: Vec<ContributionView>,
    /// How many match.
    pub total: i64,
    /// The page shown.
    pub page: i64,
    /// Proposals per page.
    pub per_page: i64,
    /// Operational objectives: (id, "code – title").
    pub objectives: Vec<(i32, String)>,
    /// Organisation kinds to filter by (codes; `none` for citizens).
    pub kinds: Vec<String>,
    /// The filters as typed (values) and any wrong one (errors).
    pub form: FormState,
    /// The filters as a query string without the page.
    pub query: String,
}

/// Renders the proposals list.
pub fn render(ctx: &PageCtx, view: &ProposalsView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { ProposalsPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn ProposalsPage(ctx: PageCtx, view: ProposalsView) -> Element {
    let tr = ctx.tr;
    let f = &view.form;
    let heading = tr.ta(
        "proposals-title",
        &[("title", view.consultation_title.clone())],
    );
    let label = |id: Option<i32>| {
        id.and_then(|n| view.objectives.iter().find(|(o, _)| *o == n))
            .map(|(_, l)| l.clone())
    };
    rsx! {
        Layout { ctx: ctx.clone(), title: form_title(tr, &heading, !f.errors.is_empty()), nav: Nav::Plans,
            p { a { href: "/consultations/{view.consultation_id}", {tr.t("proposals-back")} } }
            h1 { "{heading}" }
            ErrorSummary { tr, form: f.clone(), labels: vec![("q".into(), tr.t("proposals-search")), ("objective".into(), tr.t("field-objective")), ("answer".into(), tr.t("field-response-status")), ("kind".into(), tr.t("field-kind")), ("sort".into(), tr.t("proposals-sort")), ("page".into(), tr.t("field-page")), ("seed".into(), tr.t("proposals-sort"))] }
            form { method: "get", action: "/consultations/{view.consultation_id}/proposals", class: "filters", aria_label: tr.t("proposals-filters"),
                div { class: "field",
                    label { r#for: "field-q", class: "field-label", {tr.t("proposals-search")} }
                    input { id: "field-q", name: "q", r#type: "search", value: "{f.value(\"q\")}" }
                }
                div { class: "field",
                    label { r#for: "field-objective", class: "field-label", {tr.t("field-objective")} }
                    select { id: "field-objective", name: "objective",
                        option { value: "", {tr.t("proposals-all-objectives")} }
                        for (id, l) in view.objectives.iter() { option { value: "{id}", selected: f.value("objective") == id.to_string(), "{l}" } }
                    }
                }
                div { class: "field",
                    label { r#for: "field-answer", class: "field-label", {tr.t("field-response-status")} }
                    select { id: "field-answer", name: "answer",
                        option { value: "", {tr.t("responses-status-all")} }
                        for a in ["awaiting", "answered"] { option { value: "{a}", selected: f.value("answer") == a, {tr.label("responses-status", a)} } }
                    }
                }
                div { class: "field",
                    label { r#for: "field-kind", class: "field-label", {tr.t("field-kind")} }
                    select { id: "field-kind", name: "kind",
                        option { value: "", {tr.t("responses-all-kinds")} }
                        for k in view.kinds.iter() { option { value: "{k}", selected: f.value("kind") == *k, {tr.label("org-kind", k)} } }
                    }
                }
                div { class: "field",
                    label { r#for: "field-sort", class: "field-label", {tr.t("proposals-sort")} }
                    select { id: "field-sort", name: "sort",
                        for s in ["supports", "newest", "random"] { option { value: "{s}", selected: f.value("sort") == s || (s == "supports" && f.value("sort").is_empty()), {tr.label("proposals-sort", s)} } }
                    }
                }
                if ctx.user.is_some() {
                    div { class: "field checkbox",
                        input { id: "field-mine", name: "mine", r#type: "checkbox", value: "1", checked: f.value("mine") == "1" }
                        label { r#for: "field-mine", {tr.t("proposals-mine")} }
                    }
                }
                div { class: "field", button { r#type: "submit", class: "button secondary", {tr.t("responses-filter")} } }
            }
            p { role: "status", {tr.ta("proposals-count", &[("count", view.total.to_string())])} }
            if view.items.is_empty() { p { {tr.t("list-empty")} } }
            ul { class: "contribution-list",
                for item in view.items.iter() {
                    li { key: "{item.id}", class: "contribution",
                        article {
                            h2 { class: "contribution-title", a { href: "/contributions/{item.id}", {item.title.clone().unwrap_or_default()} } }
                            ContributionMeta { tr, item: item.clone() }
                            if let Some(l) = label(item.node_id) { p { class: "meta context", {tr.t("field-objective")} ": " "{l}" } }
                            if let Some(b) = &item.body { p { class: "contribution-body", "{b}" } }
                            p { class: "meta",
                                {tr.ta("supports-count", &[("count", item.supports.to_string())])}
                                " · "
                                match &item.response_status {
                                    Some(s) => rsx! { StatusBadge { tr, prefix: "response-status", status: s.clone() } },
                                    None => rsx! { {tr.t("response-awaiting")} },
                                }
                            }
                        }
                    }
                }
            }
            Pager { tr, base: if view.query.is_empty() { format!("/consultations/{}/proposals", view.consultation_id) } else { format!("/consultations/{}/proposals?{}", view.consultation_id, view.query) },
                page: view.page, per_page: view.per_page, total: view.total }
        }
    }
}
