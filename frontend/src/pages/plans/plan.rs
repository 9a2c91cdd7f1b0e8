//! The public plan page: summary, editor bar, consultations, child plans, and
//! the tree (whole, or one branch under the trail of its ancestors).

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use dioxus::prelude::*;

use crate::components::attachments::AttachmentList;

use super::tree::{NodeItem, Shape, shape};
use crate::components::Notice;
use crate::components::badges::{ProgressBar, StatusBadge};
use crate::components::consultation::by_kind;
use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{ConsultationView, NodeView, PlanTree};

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
    pub consultations: Arc<Vec<ConsultationView>>,
    /// The node whose part of the tree the page shows (`?branch=`), whole;
    /// `None`: the whole plan.
    pub branch: Option<i32>,
    /// Whether the whole-plan page leaves actions to their objective's page
    /// (a national plan's hundreds of actions and indicators would make one
    /// page too heavy to read).
    pub collapse_actions: bool,
    /// The tree's items as [`render_tree_items`] rendered them for this tree,
    /// branch, language and `can_edit`, kept by the server and shared by
    /// readers; `None`: rendered with the page.
    ///
    /// [`render_tree_items`]: super::tree::render_tree_items
    pub tree_html: Option<Arc<String>>,
    /// The items asked for (`?status=…&attention=1&office=…&organisation=…`):
    /// when any is set the page lists the items that match instead of the tree.
    pub filter: PlanFilter,
}

/// Which items of a plan a reader looks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanFilter {
    /// A status (`not_started`, `on_track`, `at_risk`, `late`, `done`, `cancelled`).
    pub status: String,
    /// Only what needs attention: late (started late, overdue, completed
    /// late or marked late) or at risk.
    pub attention: bool,
    /// A responsible office.
    pub office: String,
    /// A responsible organisation (its name).
    pub organisation: String,
}

impl PlanFilter {
    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        !self.status.is_empty()
            || self.attention
            || !self.office.is_empty()
            || !self.organisation.is_empty()
    }

    fn matches(&self, n: &NodeView) -> bool {
        let attention = n.started_late
            || n.overdue
            || n.completed_late
            || matches!(n.status.as_str(), "late" | "at_risk");
        (self.status.is_empty() || n.status == self.status)
            && (!self.attention || attention)
            && (self.office.is_empty()
                || n.responsible_office.as_deref() == Some(self.office.as_str()))
            && (self.organisation.is_empty()
                || n.responsible_organisation.as_deref() == Some(self.organisation.as_str()))
    }
}

/// The node statuses a reader may filter by.
const STATUSES: [&str; 6] = [
    "not_started",
    "on_track",
    "at_risk",
    "late",
    "done",
    "cancelled",
];

/// The form that finds items of the plan (a GET form: the result has an
/// address to share), folded until used.
#[component]
fn FilterForm(tr: Tr, tree: Arc<PlanTree>, filter: PlanFilter) -> Element {
    let distinct = |pick: fn(&NodeView) -> Option<&String>| {
        let mut v: Vec<String> = tree.nodes.iter().filter_map(|n| pick(n).cloned()).collect();
        v.sort();
        v.dedup();
        v
    };
    let offices = distinct(|n| n.responsible_office.as_ref());
    let organisations = distinct(|n| n.responsible_organisation.as_ref());
    let id = tree.plan.id;
    rsx! {
        details { class: "plan-filter", id: "find", open: filter.is_active(),
            summary { {tr.t("plan-filter")} }
            form { method: "get", action: "/plans/{id}#found", class: "form",
                div { class: "field",
                    label { r#for: "field-status", class: "field-label", {tr.t("field-status")} }
                    select { id: "field-status", name: "status",
                        option { value: "", {tr.t("plan-filter-any")} }
                        for s in STATUSES { option { value: "{s}", selected: filter.status == s, {tr.label("node-status", s)} } }
                    }
                }
                div { class: "field checkbox",
                    input { r#type: "checkbox", id: "field-attention", name: "attention", value: "1", checked: filter.attention }
                    label { r#for: "field-attention", {tr.t("plan-filter-attention")} }
                }
                if !offices.is_empty() {
                    div { class: "field",
                        label { r#for: "field-office", class: "field-label", {tr.t("field-responsible-office")} }
                        select { id: "field-office", name: "office",
                            option { value: "", {tr.t("plan-filter-any")} }
                            for o in offices.iter() { option { value: "{o}", selected: filter.office == *o, "{o}" } }
                        }
                    }
                }
                if !organisations.is_empty() {
                    div { class: "field",
                        label { r#for: "field-organisation", class: "field-label", {tr.t("field-responsible-organisation")} }
                        select { id: "field-organisation", name: "organisation",
                            option { value: "", {tr.t("plan-filter-any")} }
                            for o in organisations.iter() { option { value: "{o}", selected: filter.organisation == *o, "{o}" } }
                        }
                    }
                }
                button { r#type: "submit", class: "button secondary", {tr.t("plan-filter-submit")} }
            }
        }
    }
}

/// The items matching the filter, each linking to its place in the plan.
#[component]
fn FilterResults(tr: Tr, tree: Arc<PlanTree>, filter: PlanFilter) -> Element {
    let found: Vec<&NodeView> = tree.nodes.iter().filter(|n| filter.matches(n)).collect();
    let id = tree.plan.id;
    rsx! {
        section { aria_labelledby: "found", class: "plan-found",
            h2 { id: "found", tabindex: "-1", {tr.ta("plan-filter-found", &[("count", found.len().to_string())])} }
            p { a { href: "/plans/{id}", {tr.t("plan-filter-clear")} } }
            ul { class: "found-list",
                for n in found.iter() {
                    li { key: "{n.id}",
                        a { href: "/nodes/{n.id}", "{n.code} – {n.title}" }
                        " " span { class: "muted", {tr.label("node-kind", &n.kind)} }
                        " " StatusBadge { tr, prefix: "node-status", status: n.status.clone() }
                        if n.started_late { " " span { class: "badge badge-late", {tr.ta("flag-started-late-days", &[("days", n.start_delay_days.to_string())])} } }
                        if n.overdue { " " span { class: "badge badge-late", {tr.ta("flag-overdue-days", &[("days", n.end_delay_days.to_string())])} } }
                        if n.completed_late { " " span { class: "badge badge-late", {tr.ta("flag-completed-late-days", &[("days", n.end_delay_days.to_string())])} } }
                        if let Some(o) = &n.responsible_office { " · {o}" }
                        if let Some(o) = &n.responsible_organisation { " · {o}" }
                    }
                }
            }
        }
    }
}

/// Renders the plan page.
pub fn render_plan(ctx: &PageCtx, view: &PlanPageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PlanPage { ctx: ctx.clone(), view: view.clone() } },
    )
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
            p { class: "back-link", a { href: "/plans", {tr.t("back-to-plans")} } }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            h1 { "{p.title}" }
            dl { class: "summary-list",
                div { dt { {tr.t("field-owner")} } dd { "{p.owner_organisation}" } }
                div { dt { {tr.t("field-period")} } dd { {format!("{} – {}", tr.date(p.period_start), tr.date(p.period_end))} } }
                div { dt { {tr.t("field-status")} } dd { StatusBadge { tr, prefix: "plan-status", status: p.status.clone() } } }
                div { dt { {tr.t("field-progress")} } dd { ProgressBar { tr, value: t.progress } } }
                if let (Some(id), Some(title)) = (p.parent_plan_id, &p.parent_plan) {
                    div { dt { {tr.t("field-parent-plan")} } dd { a { href: "/plans/{id}", "{title}" } } }
                }
                div { dt { {tr.t("field-started-late")} } dd { {tr.ta("plan-start-tolerance", &[("days", p.start_tolerance_days.to_string())])} } }
                div { dt { {tr.t("field-versions")} } dd { a { href: "/plans/{p.id}/versions", {tr.ta("plan-versions-count", &[("count", t.versions.to_string())])} } } }
            }
            if !p.summary.is_empty() { p { class: "lead", "{p.summary}" } }
            if !t.attachments.is_empty() {
                div { class: "attachments",
                    p { strong { {tr.t("attachments-title")} } }
                    AttachmentList { tr, items: t.attachments.clone() }
                }
            }
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
                        }
                        // Apart from the button: a link beside it is too close a target on a phone.
                        p { class: "actions",
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
                if roots.len() > 1 {
                    nav { class: "outline", aria_labelledby: "outline-title",
                        h2 { id: "outline-title", {tr.t("plan-outline")} }
                        ul {
                            for &at in roots.iter() {
                                OutlineItem { tr, tree: shared.clone(), kids: kids.clone(), at }
                            }
                        }
                    }
                }
                if !t.nodes.is_empty() {
                    FilterForm { tr, tree: shared.clone(), filter: view.filter.clone() }
                }
                if view.filter.is_active() {
                    FilterResults { tr, tree: shared.clone(), filter: view.filter.clone() }
                } else {
                    h2 { {tr.t("plan-tree")} }
                    if collapse { p { {tr.ta("plan-tree-collapsed", &[("count", t.nodes.len().to_string())])} } }
                }
            }
            if t.nodes.is_empty() { p { {tr.t("plan-tree-empty")} } }
            if !(whole && view.filter.is_active()) {
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
}

/// An area or objective in the plan's outline, with its progress and what
/// needs attention, linking to its place in the tree; actions are left to
/// the tree.
#[component]
fn OutlineItem(tr: Tr, tree: Arc<PlanTree>, kids: Rc<Vec<Vec<usize>>>, at: usize) -> Element {
    let n = &tree.nodes[at];
    let children: Vec<usize> = kids[at]
        .iter()
        .copied()
        .filter(|&c| tree.nodes[c].kind != "action")
        .collect();
    let progress = n.progress.map(|p| tr.percent(p.round()));
    let attention = matches!(n.status.as_str(), "at_risk" | "late");
    rsx! {
        li {
            a { href: "#node-{n.id}", "{n.code} – {n.title}" }
            if let Some(p) = progress { span { class: "muted", " · {p}" } }
            if attention { " " StatusBadge { tr, prefix: "node-status", status: n.status.clone() } }
            if !children.is_empty() {
                ul {
                    for &c in children.iter() {
                        OutlineItem { tr, tree: tree.clone(), kids: kids.clone(), at: c }
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
