//! A plan's adopted versions and the readable difference between two of them.

use dioxus::prelude::*;
use serde_json::Value;

use crate::components::table::DataTable;
use crate::layout::{Layout, Nav, PageCtx};

/// One version in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRow {
    /// Number.
    pub number: i32,
    /// When (UTC, formatted).
    pub adopted_at: String,
}

/// A changed field in the diff.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    /// Field.
    pub field: String,
    /// Before (as text).
    pub from: String,
    /// After (as text).
    pub to: String,
}

/// A node section of the diff.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeDiffRow {
    /// "code – title".
    pub node: String,
    /// Changes (for changed nodes) or the parent move.
    pub changes: Vec<ChangeRow>,
}

/// The diff as the page shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DiffView {
    /// From version.
    pub from: i32,
    /// To version.
    pub to: i32,
    /// Plan field changes.
    pub plan: Vec<ChangeRow>,
    /// Added nodes.
    pub added: Vec<String>,
    /// Removed nodes.
    pub removed: Vec<String>,
    /// Moved nodes (from parent → to parent as a change row).
    pub moved: Vec<NodeDiffRow>,
    /// Changed nodes.
    pub changed: Vec<NodeDiffRow>,
}

/// What the versions page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionsView {
    /// Plan id.
    pub plan_id: i32,
    /// Plan title.
    pub plan_title: String,
    /// Versions, newest first.
    pub versions: Vec<VersionRow>,
    /// The diff asked for, if any.
    pub diff: Option<DiffView>,
    /// An error with the comparison request (code).
    pub error: Option<String>,
}

/// A JSON value as short text for people.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Renders the versions page.
pub fn render(ctx: &PageCtx, view: &VersionsView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { VersionsPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn ChangeTable(ctx: PageCtx, caption: String, rows: Vec<ChangeRow>) -> Element {
    let tr = ctx.tr;
    let columns = vec![
        tr.t("diff-col-field"),
        tr.t("diff-col-before"),
        tr.t("diff-col-after"),
    ];
    rsx! {
        DataTable { caption, columns, class: "diff-table",
            for r in rows.iter() {
                tr { td { "{r.field}" } td { del { "{r.from}" } } td { ins { "{r.to}" } } }
            }
        }
    }
}

#[component]
fn VersionsPage(ctx: PageCtx, view: VersionsView) -> Element {
    let tr = ctx.tr;
    let title = tr.t("versions-title");
    let numbers: Vec<i32> = view.versions.iter().map(|v| v.number).collect();
    let (def_from, def_to) = match (numbers.last(), numbers.first()) {
        (Some(a), Some(b)) => (*a, *b),
        _ => (1, 1),
    };
    let (sel_from, sel_to) = view
        .diff
        .as_ref()
        .map_or((def_from, def_to), |d| (d.from, d.to));
    rsx! {
        Layout { ctx: ctx.clone(), title: title.clone(), nav: Nav::Plans,
            p { a { href: "/plans/{view.plan_id}", {tr.ta("back-to-plan", &[("title", view.plan_title.clone())])} } }
            h1 { "{title}" }
            p { class: "lead", "{view.plan_title}" }
            if view.versions.is_empty() {
                p { {tr.t("versions-empty")} }
            } else {
                table {
                    caption { class: "visually-hidden", "{title}" }
                    thead { tr { th { scope: "col", {tr.t("versions-col-number")} } th { scope: "col", {tr.t("versions-col-adopted")} } } }
                    tbody {
                        for v in view.versions.iter() {
                            tr { td { {tr.ta("version-label", &[("n", v.number.to_string())])} } td { "{v.adopted_at}" } }
                        }
                    }
                }
                h2 { {tr.t("versions-compare")} }
                form { method: "get", action: "/plans/{view.plan_id}/versions", class: "inline-form compare-form",
                    div { class: "field",
                        label { r#for: "field-from", class: "field-label", {tr.t("versions-from")} }
                        select { id: "field-from", name: "from",
                            for n in numbers.iter() { option { value: "{n}", selected: *n == sel_from, {tr.ta("version-label", &[("n", n.to_string())])} } }
                        }
                    }
                    div { class: "field",
                        label { r#for: "field-to", class: "field-label", {tr.t("versions-to")} }
                        select { id: "field-to", name: "to",
                            for n in numbers.iter() { option { value: "{n}", selected: *n == sel_to, {tr.ta("version-label", &[("n", n.to_string())])} } }
                        }
                    }
                    button { r#type: "submit", class: "button secondary", {tr.t("versions-compare-submit")} }
                }
            }
            if let Some(code) = &view.error { p { class: "field-message", role: "alert", {tr.error(code, "")} } }
            if let Some(d) = &view.diff {
                section { aria_labelledby: "diff-title",
                    h2 { id: "diff-title", {tr.ta("diff-title", &[("from", d.from.to_string()), ("to", d.to.to_string())])} }
                    if d.plan.is_empty() && d.added.is_empty() && d.removed.is_empty() && d.moved.is_empty() && d.changed.is_empty() {
                        p { {tr.t("diff-none")} }
                    }
                    if !d.plan.is_empty() { ChangeTable { ctx: ctx.clone(), caption: tr.t("diff-plan"), rows: d.plan.clone() } }
                    if !d.added.is_empty() {
                        h3 { {tr.t("diff-added")} }
                        ul { for a in d.added.iter() { li { ins { "{a}" } } } }
                    }
                    if !d.removed.is_empty() {
                        h3 { {tr.t("diff-removed")} }
                        ul { for a in d.removed.iter() { li { del { "{a}" } } } }
                    }
                    if !d.moved.is_empty() {
                        h3 { {tr.t("diff-moved")} }
                        for m in d.moved.iter() { ChangeTable { ctx: ctx.clone(), caption: m.node.clone(), rows: m.changes.clone() } }
                    }
                    if !d.changed.is_empty() {
                        h3 { {tr.t("diff-changed")} }
                        for m in d.changed.iter() { ChangeTable { ctx: ctx.clone(), caption: m.node.clone(), rows: m.changes.clone() } }
                    }
                }
            }
        }
    }
}
