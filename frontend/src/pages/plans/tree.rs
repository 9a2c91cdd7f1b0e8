//! The plan's tree: each node with its facts, milestones and indicators, and
//! its children below it.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use dioxus::prelude::*;

use crate::components::attachments::AttachmentList;
use crate::components::badges::{ProgressBar, StatusBadge};
use crate::components::chart::IndicatorChart;
use crate::i18n::Tr;
use crate::model::PlanTree;

/// A tree's nodes as the plan page places them: each node's children by
/// position, the roots shown (one node's on a branch page), and the branch's
/// position.
pub(super) struct Shape {
    pub(super) kids: Rc<Vec<Vec<usize>>>,
    pub(super) roots: Vec<usize>,
    pub(super) branch: Option<usize>,
}

pub(super) fn shape(t: &PlanTree, branch: Option<i32>) -> Shape {
    // Each node's children by position, found once: a national plan has
    // hundreds of nodes, and scanning them all for each node's children would
    // make rendering quadratic.
    let position: HashMap<i32, usize> =
        t.nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); t.nodes.len()];
    let mut roots: Vec<usize> = Vec::new();
    for (i, n) in t.nodes.iter().enumerate() {
        match n.parent_id {
            None => roots.push(i),
            Some(parent) => {
                if let Some(&at) = position.get(&parent) {
                    kids[at].push(i);
                }
            }
        }
    }
    // An unknown branch was refused by the server.
    let branch = branch.and_then(|b| position.get(&b).copied());
    if let Some(at) = branch {
        roots = vec![at];
    }
    Shape {
        kids: Rc::new(kids),
        roots,
        branch,
    }
}

/// The items of the plan page's tree (its `ul class="tree"`'s content): the
/// bulk of a large plan's page, and the same for every reader of the same
/// tree who may edit it or not, so the server renders it once and keeps it.
/// `collapse` as [`PlanPageView::collapse_actions`].
///
/// [`PlanPageView::collapse_actions`]: super::plan::PlanPageView::collapse_actions
pub fn render_tree_items(
    tr: Tr,
    tree: &Arc<PlanTree>,
    branch: Option<i32>,
    can_edit: bool,
    collapse: bool,
) -> String {
    let Shape {
        kids,
        roots,
        branch,
    } = shape(tree, branch);
    let collapse = branch.is_none() && collapse;
    dioxus_ssr::render_element(rsx! {
        for &at in roots.iter() {
            NodeItem { tr, tree: tree.clone(), kids: kids.clone(), at, can_edit, collapse }
        }
    })
}

fn kind_child(kind: &str) -> Option<&'static str> {
    match kind {
        "area" => Some("strategic_objective"),
        "strategic_objective" => Some("operational_objective"),
        "operational_objective" => Some("action"),
        _ => None,
    }
}

/// A node of the tree with its facts, milestones, indicators and children.
#[component]
pub(super) fn NodeItem(
    tr: Tr,
    tree: Arc<PlanTree>,
    kids: Rc<Vec<Vec<usize>>>,
    at: usize,
    can_edit: bool,
    collapse: bool,
) -> Element {
    let n = &tree.nodes[at];
    // Collapsed, a node lists its actions on its branch page instead.
    let (children, actions): (Vec<usize>, Vec<usize>) = kids[at]
        .iter()
        .partition(|&&c| !collapse || tree.nodes[c].kind != "action");
    let heading = format!("{} {}", n.code, n.title);
    rsx! {
        li { class: "node node-{n.kind}", id: "node-{n.id}",
            article { aria_label: "{heading}",
                div { class: "node-head",
                    span { class: "node-kind", {tr.label("node-kind", &n.kind)} }
                    strong { class: "node-title", "{n.code} – {n.title}" }
                }
                p { class: "node-meta",
                    ProgressBar { tr, value: n.progress }
                    " "
                    StatusBadge { tr, prefix: "node-status", status: n.status.clone() }
                    if n.started_late { " " span { class: "badge badge-late", {tr.ta("flag-started-late-days", &[("days", n.start_delay_days.to_string())])} } }
                    if n.completed_late { " " span { class: "badge badge-late", {tr.ta("flag-completed-late-days", &[("days", n.end_delay_days.to_string())])} } }
                    if n.overdue { " " span { class: "badge badge-late", {tr.ta("flag-overdue-days", &[("days", n.end_delay_days.to_string())])} } }
                }
                if !n.description.is_empty() { p { "{n.description}" } }
                dl { class: "node-facts",
                    if let Some(o) = &n.responsible_office { div { dt { {tr.t("field-responsible-office")} } dd { "{o}" } } }
                    if let Some(o) = &n.responsible_organisation { div { dt { {tr.t("field-responsible-organisation")} } dd { "{o}" } } }
                    if n.planned_start.is_some() || n.planned_end.is_some() {
                        div { dt { {tr.t("field-planned")} } dd { {fmt_range(tr, n.planned_start, n.planned_end)} } }
                    }
                    if n.actual_start.is_some() || n.actual_end.is_some() {
                        div { dt { {tr.t("field-actual")} } dd { {fmt_range(tr, n.actual_start, n.actual_end)} } }
                    }
                    if let Some(b) = n.budget { div { dt { {tr.t("field-budget")} } dd { {tr.money(b)} } } }
                    if let Some(w) = n.weight { div { dt { {tr.t("field-weight")} } dd { {tr.number(w)} } } }
                    if let Some(o) = &n.origin {
                        div { dt { {tr.t("field-origin")} } dd {
                            a { href: "/contributions/{o.contribution_id}", {tr.ta("node-origin", &[("number", o.contribution_id.to_string())])} }
                            " " {tr.ta("node-origin-consultation", &[("consultation", o.consultation_title.clone())])}
                        } }
                    }
                    if let Some(o) = &n.amendment {
                        div { dt { {tr.t("field-amended")} } dd {
                            a { href: "/contributions/{o.contribution_id}", {tr.ta("node-amendment", &[("number", o.contribution_id.to_string())])} }
                            " " {tr.ta("node-origin-consultation", &[("consultation", o.consultation_title.clone())])}
                        } }
                    }
                    if let Some(a) = &n.aligned_to {
                        div { dt { {tr.t("field-contributes-to")} } dd { a { href: "/nodes/{a.node_id}", "{a.code} – {a.title}" } " ({a.plan_title})" } }
                    }
                }
                if !n.contributors.is_empty() {
                    div { class: "contributors",
                        p { strong { {tr.t("node-contributors")} } }
                        ul {
                            for c in n.contributors.iter() {
                                li { a { href: "/nodes/{c.node_id}", "{c.code} – {c.title}" } " ({c.organisation}: {c.plan_title})" }
                            }
                        }
                    }
                }
                if !n.milestones.is_empty() {
                    div { class: "milestones",
                        p { strong { {tr.t("node-milestones")} } }
                        ul {
                            for m in n.milestones.iter() {
                                li { {tr.date(m.due_date)} " – {m.title} " if m.done { span { class: "badge badge-done", {tr.t("milestone-done")} } } }
                            }
                        }
                    }
                }
                if !n.attachments.is_empty() {
                    div { class: "attachments",
                        p { strong { {tr.t("attachments-title")} } }
                        AttachmentList { tr, items: n.attachments.clone() }
                    }
                }
                for i in n.indicators.iter() {
                    section { class: "indicator", aria_label: "{i.name}",
                        h3 { "{i.name}" }
                        p { class: "node-meta",
                            if let Some(a) = i.achievement { span { {tr.ta("indicator-achievement", &[("value", tr.number(a.round()))])} } " " }
                            if let Some(s) = &i.track { StatusBadge { tr, prefix: "track", status: s.clone() } }
                            " " span { class: "muted",
                                if i.data_source.trim().is_empty() {
                                    {tr.ta("indicator-frequency", &[("frequency", tr.label("frequency", &i.frequency))])}
                                } else {
                                    {tr.ta("indicator-source", &[("source", i.data_source.clone()), ("frequency", tr.label("frequency", &i.frequency))])}
                                }
                            }
                        }
                        // Folded: a national plan has scores of charts, each a
                        // screen tall; the figures are a click away.
                        details { class: "chart-details",
                            summary { {tr.ta("indicator-chart-show", &[("name", i.name.clone())])} }
                            IndicatorChart { tr, indicator: i.clone() }
                        }
                        if can_edit {
                            p { class: "node-actions",
                                a { href: "/indicators/{i.id}/measurements/new", {tr.ta("indicator-record", &[("name", i.name.clone())])} }
                                " · "
                                a { href: "/indicators/{i.id}/edit", {tr.t("indicator-edit")} span { class: "visually-hidden", " – {i.name}" } }
                            }
                        }
                    }
                }
                if can_edit {
                    p { class: "node-actions",
                        a { href: "/nodes/{n.id}/edit", {tr.t("edit")} span { class: "visually-hidden", " {heading}" } }
                        if let Some(child) = kind_child(&n.kind) {
                            " · " a { href: "/plans/{tree.plan.id}/nodes/new?kind={child}&parent={n.id}", {tr.label("node-add", child)} span { class: "visually-hidden", " – {heading}" } }
                        }
                        " · " a { href: "/nodes/{n.id}/indicators/new", {tr.t("indicator-add")} span { class: "visually-hidden", " – {heading}" } }
                    }
                }
            }
            if !actions.is_empty() {
                p { class: "node-branch",
                    a { href: "/plans/{tree.plan.id}?branch={n.id}",
                        {tr.ta("plan-branch-actions", &[("count", actions.len().to_string())])}
                        span { class: "visually-hidden", " – {heading}" }
                    }
                }
            }
            if !children.is_empty() {
                details { class: "branch", open: true,
                    summary { {tr.ta("plan-branch-fold", &[("count", children.len().to_string()), ("code", n.code.clone())])} }
                    ul { class: "tree",
                        for &c in children.iter() {
                            NodeItem { tr, tree: tree.clone(), kids: kids.clone(), at: c, can_edit, collapse }
                        }
                    }
                }
            }
        }
    }
}

fn fmt_range(tr: Tr, a: Option<chrono::NaiveDate>, b: Option<chrono::NaiveDate>) -> String {
    let f = |d: Option<chrono::NaiveDate>| d.map(|d| tr.date(d)).unwrap_or_else(|| "…".into());
    format!("{} – {}", f(a), f(b))
}
