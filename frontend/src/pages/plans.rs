//! The plan list and the public plan page (tree, progress, indicators, alignment).

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use dioxus::prelude::*;

use crate::components::Notice;
use crate::components::badges::{ProgressBar, StatusBadge};
use crate::components::chart::{IndicatorChart, num};

use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{NodeView, PlanTree, PlanView};

/// What the plan list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanListView {
    /// The plans the reader may see.
    pub plans: Vec<PlanView>,
    /// Whether the reader may create plans.
    pub can_create: bool,
}

/// Renders the plan list.
pub fn render_list(ctx: &PageCtx, view: &PlanListView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PlanListPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

/// What the plan page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanPageView {
    /// The plan and its tree (shared: a national plan's tree is hundreds of
    /// nodes, and rendering passes it down without copies).
    pub tree: Arc<PlanTree>,
    /// Whether the reader may edit.
    pub can_edit: bool,
    /// A notice to show (e.g. after a save).
    pub notice: Option<String>,
    /// Consultations on the plan, with their rankings (shared: rendering
    /// passes the view down by value, and a national plan has a score of
    /// consultations).
    pub consultations: Arc<Vec<crate::model::ConsultationView>>,
    /// The node whose part of the tree the page shows (`?branch=`), whole;
    /// `None`: the whole plan.
    pub branch: Option<i32>,
    /// Whether the whole-plan page leaves actions to their objective's page (a
    /// national plan's hundreds of actions and indicators made one page of
    /// half a megabyte).
    pub collapse_actions: bool,
    /// The tree's items as [`render_tree_items`] rendered them for this
    /// tree, branch, language and `can_edit`, kept by the server and shared
    /// by readers; `None`: rendered with the page.
    pub tree_html: Option<Arc<String>>,
}

/// A tree's nodes as the plan page places them: each node's children by
/// position, the roots shown (one node's on a branch page), and the branch's
/// position.
struct Shape {
    kids: Rc<Vec<Vec<usize>>>,
    roots: Vec<usize>,
    branch: Option<usize>,
}

fn shape(t: &PlanTree, branch: Option<i32>) -> Shape {
    // Each node's children by position, found once: a national plan has
    // hundreds of nodes, and a scan of every node for each one's children (with
    // a copy of each child and its indicators) made rendering quadratic.
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

/// Renders the plan page.
pub fn render_plan(ctx: &PageCtx, view: &PlanPageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PlanPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn PlanListPage(ctx: PageCtx, view: PlanListView) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("plans-title"), nav: Nav::Plans,
            h1 { {tr.t("plans-title")} }
            p { class: "lead", {tr.t("plans-lead")} }
            if view.can_create {
                p { class: "actions",
                    a { class: "button", href: "/plans/new", {tr.t("plan-new")} }
                    " "
                    a { class: "button secondary", href: "/plans/import", {tr.t("plan-import")} }
                }
            }
            if view.plans.is_empty() {
                p { {tr.t("plans-empty")} }
            }
            ul { class: "plan-list",
                for p in view.plans.iter() {
                    li { key: "{p.id}", class: "card",
                        h2 { a { href: "/plans/{p.id}", "{p.title}" } }
                        p { class: "meta",
                            StatusBadge { tr, prefix: "plan-status", status: p.status.clone() }
                            " {p.owner_organisation} · {p.period_start} – {p.period_end}"
                        }
                        if let Some(parent) = &p.parent_plan {
                            p { class: "meta", {tr.ta("plan-aligned-to", &[("title", parent.clone())])} }
                        }
                    }
                }
            }
        }
    }
}

fn kind_child(kind: &str) -> Option<&'static str> {
    match kind {
        "area" => Some("strategic_objective"),
        "strategic_objective" => Some("operational_objective"),
        "operational_objective" => Some("action"),
        _ => None,
    }
}

#[component]
fn PlanPage(ctx: PageCtx, view: PlanPageView) -> Element {
    let tr = ctx.tr;
    let t = &view.tree;
    let p = &t.plan;
    let Shape {
        kids,
        roots,
        branch,
    } = shape(t, view.branch);
    // A branch page shows one node's part of the tree, under the trail of
    // its ancestors.
    let mut trail: Vec<&NodeView> = Vec::new();
    if let Some(at) = branch {
        let position: HashMap<i32, usize> =
            t.nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        let mut up = t.nodes[at].parent_id;
        while let Some(&i) = up.and_then(|id| position.get(&id)) {
            trail.push(&t.nodes[i]);
            up = t.nodes[i].parent_id;
        }
        trail.reverse();
    }
    let here = branch.map(|at| &t.nodes[at]);
    let whole = branch.is_none();
    let collapse = whole && view.collapse_actions;
    let shared = Arc::clone(&view.tree);
    rsx! {
        Layout { ctx: ctx.clone(), title: p.title.clone(), nav: Nav::Plans,
            p { a { href: "/plans", {tr.t("back-to-plans")} } }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            h1 { "{p.title}" }
            dl { class: "summary-list",
                div { dt { {tr.t("field-owner")} } dd { "{p.owner_organisation}" } }
                div { dt { {tr.t("field-period")} } dd { "{p.period_start} – {p.period_end}" } }
                div { dt { {tr.t("field-status")} } dd { StatusBadge { tr, prefix: "plan-status", status: p.status.clone() } } }
                div { dt { {tr.t("field-progress")} } dd { ProgressBar { tr, value: t.progress } } }
                if let (Some(id), Some(title)) = (p.parent_plan_id, &p.parent_plan) {
                    div { dt { {tr.t("field-parent-plan")} } dd { a { href: "/plans/{id}", "{title}" } } }
                }
                div { dt { {tr.t("field-versions")} } dd { a { href: "/plans/{p.id}/versions", {tr.ta("plan-versions-count", &[("count", t.versions.to_string())])} } } }
            }
            if !p.summary.is_empty() { p { class: "lead", "{p.summary}" } }
            p { class: "actions",
                a { href: "/api/v1/plans/{p.id}/export", download: "plan-{p.id}.json", {tr.t("plan-export-json")} }
                " · "
                a { href: "/api/v1/plans/{p.id}/tree.csv", download: "plan-{p.id}-tree.csv", {tr.t("plan-export-csv")} }
            }
            if whole && view.can_edit {
                section { class: "editor-bar", aria_labelledby: "editor-title",
                    h2 { id: "editor-title", {tr.t("plan-editing")} }
                    p { class: "actions",
                        a { class: "button secondary", href: "/plans/{p.id}/edit", {tr.t("plan-edit")} }
                        " "
                        a { class: "button secondary", href: "/plans/{p.id}/nodes/new?kind=area", {tr.t("node-add-area")} }
                    }
                    if !p.next_statuses.is_empty() {
                        form { method: "post", action: "/plans/{p.id}/transition", class: "inline-actions",
                            input { r#type: "hidden", name: "csrf", value: "{ctx.csrf}" }
                            input { r#type: "hidden", name: "lock_version", value: "{p.lock_version}" }
                            span { {tr.t("plan-move-to")} " " }
                            for s in p.next_statuses.iter() {
                                button { r#type: "submit", name: "status", value: "{s}", class: "button secondary",
                                    {tr.label("plan-action", s)}
                                }
                                " "
                            }
                        }
                    }
                }
            }
            if whole && (!view.consultations.is_empty() || (view.can_edit && p.status == "consultation")) {
                section { aria_labelledby: "consultations-title",
                    h2 { id: "consultations-title", {tr.t("plan-consultations")} }
                    for k in view.consultations.iter() {
                        div { class: "consultation-summary",
                            h3 { a { href: "/consultations/{k.id}", "{k.title}" } " " StatusBadge { tr, prefix: "consultation-state", status: k.state.clone() } }
                            p { class: "meta", {tr.ta("consultation-contributions", &[("count", k.contribution_count.to_string())])} }
                            if !k.proposals_ranked.is_empty() {
                                p { strong { {tr.t("consultation-proposals")} } }
                                ol { class: "ranking",
                                    for id in k.proposals_ranked.iter().take(5) {
                                        if let Some(p) = k.contributions.iter().find(|c| c.id == *id) {
                                            li { a { href: "/consultations/{k.id}#contribution-{p.id}", {p.title.clone().unwrap_or_default()} }
                                                " – " {tr.ta("supports-count", &[("count", p.supports.to_string())])}
                                                if !p.supports_by_kind.is_empty() { span { class: "muted", " (" {by_kind(tr, &p.supports_by_kind)} ")" } }
                                            }
                                        }
                                    }
                                }
                            }
                            if k.actions_ranked.iter().any(|a| a.points > 0) {
                                p { strong { {tr.t("consultation-priorities")} } }
                                ol { class: "ranking",
                                    for a in k.actions_ranked.iter().filter(|a| a.points > 0).take(5) {
                                        li { a { href: node_link(collapse, a.node_id), "{a.code} – {a.title}" } ": " {tr.ta("points-count", &[("count", a.points.to_string())])}
                                            if !a.points_by_kind.is_empty() { span { class: "muted", " (" {by_kind(tr, &a.points_by_kind)} ")" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    if view.can_edit && p.status == "consultation" {
                        p { class: "actions",
                            a { class: "button secondary", href: "/plans/{p.id}/consultations/new", {tr.t("consultation-new")} }
                            " "
                            a { href: "/responses", {tr.t("responses-title")} }
                            " · "
                            a { href: "/moderation", {tr.t("moderation-title")} }
                        }
                    }
                }
            }
            if whole && !t.child_plans.is_empty() {
                section { aria_labelledby: "children-title",
                    h2 { id: "children-title", {tr.t("plan-child-plans")} }
                    ul {
                        for c in t.child_plans.iter() {
                            li { a { href: "/plans/{c.id}", "{c.title}" } " – {c.owner_organisation}" }
                        }
                    }
                }
            }
            if let Some(h) = here {
                h2 { {tr.t("plan-branch-title")} }
                nav { class: "breadcrumb", aria_label: tr.t("plan-branch-trail"),
                    ol {
                        li { a { href: "/plans/{p.id}", {tr.t("plan-branch-whole")} } }
                        for n in trail.iter() {
                            li { a { href: "/plans/{p.id}?branch={n.id}", "{n.code} – {n.title}" } }
                        }
                        li { aria_current: "page", "{h.code} – {h.title}" }
                    }
                }
            } else {
                h2 { {tr.t("plan-tree")} }
                if collapse { p { {tr.ta("plan-tree-collapsed", &[("count", t.nodes.len().to_string())])} } }
            }
            if t.nodes.is_empty() { p { {tr.t("plan-tree-empty")} } }
            if let Some(items) = &view.tree_html {
                ul { class: "tree", dangerous_inner_html: "{items}" }
            } else {
                ul { class: "tree",
                    for &at in roots.iter() {
                        NodeItem { tr, tree: shared.clone(), kids: kids.clone(), at, can_edit: view.can_edit, collapse }
                    }
                }
            }
        }
    }
}

#[component]
fn NodeItem(
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
                    if n.started_late { " " span { class: "badge badge-late", {tr.t("flag-started-late")} } }
                    if n.completed_late { " " span { class: "badge badge-late", {tr.t("flag-completed-late")} } }
                }
                if !n.description.is_empty() { p { "{n.description}" } }
                dl { class: "node-facts",
                    if let Some(o) = &n.responsible_office { div { dt { {tr.t("field-responsible-office")} } dd { "{o}" } } }
                    if let Some(o) = &n.responsible_organisation { div { dt { {tr.t("field-responsible-organisation")} } dd { "{o}" } } }
                    if n.planned_start.is_some() || n.planned_end.is_some() {
                        div { dt { {tr.t("field-planned")} } dd { {fmt_range(n.planned_start, n.planned_end)} } }
                    }
                    if n.actual_start.is_some() || n.actual_end.is_some() {
                        div { dt { {tr.t("field-actual")} } dd { {fmt_range(n.actual_start, n.actual_end)} } }
                    }
                    if let Some(b) = n.budget { div { dt { {tr.t("field-budget")} } dd { "€ {num(b)}" } } }
                    if let Some(w) = n.weight { div { dt { {tr.t("field-weight")} } dd { {num(w)} } } }
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
                                li { "{m.due_date} – {m.title} " if m.done { span { class: "badge badge-done", {tr.t("milestone-done")} } } }
                            }
                        }
                    }
                }
                for i in n.indicators.iter() {
                    section { class: "indicator", aria_label: "{i.name}",
                        h3 { "{i.name}" }
                        p { class: "node-meta",
                            if let Some(a) = i.achievement { span { {tr.ta("indicator-achievement", &[("value", format!("{a:.0}"))])} } " " }
                            if let Some(s) = &i.track { StatusBadge { tr, prefix: "track", status: s.clone() } }
                            " " span { class: "muted", {tr.ta("indicator-source", &[("source", i.data_source.clone()), ("frequency", tr.label("frequency", &i.frequency))])} }
                        }
                        IndicatorChart { tr, indicator: i.clone() }
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
                ul { class: "tree",
                    for &c in children.iter() {
                        NodeItem { tr, tree: tree.clone(), kids: kids.clone(), at: c, can_edit, collapse }
                    }
                }
            }
        }
    }
}

/// A link to a node of the plan on the page: its anchor, or (collapsed, where
/// an action is on its objective's page) its stable address.
fn node_link(collapse: bool, id: i32) -> String {
    if collapse {
        format!("/nodes/{id}")
    } else {
        format!("#node-{id}")
    }
}

/// "Region: 3, Municipality: 2" from counts by organisation kind.
fn by_kind(tr: crate::i18n::Tr, counts: &std::collections::BTreeMap<String, i64>) -> String {
    counts
        .iter()
        .map(|(k, n)| format!("{}: {n}", tr.label("org-kind", k)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn fmt_range(a: Option<chrono::NaiveDate>, b: Option<chrono::NaiveDate>) -> String {
    let f = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "…".into());
    format!("{} – {}", f(a), f(b))
}
