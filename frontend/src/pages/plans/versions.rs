//! A plan's adopted versions and the readable difference between two of them.

use chrono::NaiveDate;
use dioxus::prelude::*;
use serde_json::Value;

use crate::components::table::DataTable;
use crate::i18n::Tr;
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
    /// Before, as stored in the version.
    pub from: Value,
    /// After, as stored in the version.
    pub to: Value,
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

/// A changed field's name as the editor's forms label it.
fn field_label(tr: Tr, field: &str) -> String {
    if let Some(name) = field
        .strip_prefix("indicator “")
        .and_then(|f| f.strip_suffix("” targets"))
    {
        return tr.ta("diff-indicator-targets", &[("name", name.to_owned())]);
    }
    let key = match field {
        "aligned_to" => "field-contributes-to",
        "parent" => "field-parent-node",
        "parent_plan" => "field-parent-plan",
        "milestones" => "node-milestones",
        "indicators" => "version-indicators",
        _ => "",
    };
    let label = if key.is_empty() {
        tr.label("field", field)
    } else {
        tr.t(key)
    };
    // A field the catalogue does not name keeps its own name.
    if label.contains('⟦') {
        field.to_owned()
    } else {
        label
    }
}

/// A value of `field` as short text in the reader's language: statuses and
/// kinds by their labels, amounts, numbers and dates as the language writes
/// them.
pub fn value_text(tr: Tr, field: &str, v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::Bool(true) => tr.t("milestone-done"),
        Value::Bool(false) => String::new(),
        Value::Number(n) => match (field, n.as_f64()) {
            ("budget", Some(x)) => tr.money(x),
            (_, Some(x)) => tr.number(x),
            _ => n.to_string(),
        },
        Value::String(s) => match field {
            "status" => tr.label("node-status", s),
            "kind" => tr.label("node-kind", s),
            _ => {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_or_else(|_| s.clone(), |d| tr.date(d))
            }
        },
        Value::Array(a) => a
            .iter()
            .map(|x| value_text(tr, field, x))
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(if a.iter().any(Value::is_array) {
                "; "
            } else {
                ", "
            }),
        Value::Object(_) => v.to_string(),
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
                tr { td { {field_label(tr, &r.field)} } td { del { {value_text(tr, &r.field, &r.from)} } } td { ins { {value_text(tr, &r.field, &r.to)} } } }
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
                            tr { td { a { href: "/plans/{view.plan_id}/versions/{v.number}", {tr.ta("version-label", &[("n", v.number.to_string())])} } } td { "{v.adopted_at}" } }
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

/// A node of a stored version, in the plan's order.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionNodeRow {
    /// 0 for areas, 3 for actions.
    pub depth: usize,
    /// Kind.
    pub kind: String,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Status as adopted.
    pub status: Option<String>,
    /// Planned start and end.
    pub planned: (Option<NaiveDate>, Option<NaiveDate>),
    /// Budget.
    pub budget: Option<f64>,
    /// Responsible office.
    pub responsible: Option<String>,
    /// Indicators: name and unit.
    pub indicators: Vec<(String, String)>,
}

/// What a stored version's page shows: the plan as adopted.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionPageView {
    /// Plan id.
    pub plan_id: i32,
    /// The plan's title today.
    pub plan_title: String,
    /// Version number.
    pub number: i32,
    /// The newest version's number.
    pub latest: i32,
    /// When it was adopted (UTC, formatted).
    pub adopted_at: String,
    /// Title as adopted.
    pub title: String,
    /// Summary as adopted.
    pub summary: String,
    /// Owner as adopted.
    pub owner: String,
    /// Period as adopted.
    pub period: (Option<NaiveDate>, Option<NaiveDate>),
    /// Nodes in the plan's order.
    pub nodes: Vec<VersionNodeRow>,
}

/// Renders a stored version's page.
pub fn render_version(ctx: &PageCtx, view: &VersionPageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { VersionPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

/// "5/1/2025 – 31/12/2027", "…" for a missing end.
fn range(tr: Tr, (a, b): (Option<NaiveDate>, Option<NaiveDate>)) -> String {
    let f = |d: Option<NaiveDate>| d.map_or_else(|| "…".into(), |d| tr.date(d));
    format!("{} – {}", f(a), f(b))
}

#[component]
fn VersionNode(tr: Tr, node: VersionNodeRow) -> Element {
    let n = &node;
    let heading = format!("{} – {}", n.code, n.title);
    rsx! {
        div { class: "version-node version-depth-{n.depth}",
            match n.depth {
                0 => rsx! { h2 { "{heading}" } },
                1 => rsx! { h3 { "{heading}" } },
                2 => rsx! { h4 { "{heading}" } },
                _ => rsx! { h5 { "{heading}" } },
            }
            p { class: "node-kind", {tr.label("node-kind", &n.kind)}
                if let Some(s) = &n.status { " · " {tr.label("node-status", s)} }
            }
            if !n.description.is_empty() { p { "{n.description}" } }
            dl { class: "node-facts",
                if let Some(o) = &n.responsible { div { dt { {tr.t("field-responsible-office")} } dd { "{o}" } } }
                if n.planned.0.is_some() || n.planned.1.is_some() {
                    div { dt { {tr.t("field-planned")} } dd {
                        {range(tr, n.planned)}
                    } }
                }
                if let Some(b) = n.budget { div { dt { {tr.t("field-budget")} } dd { {tr.money(b)} } } }
                if !n.indicators.is_empty() {
                    div { dt { {tr.t("version-indicators")} } dd {
                        {n.indicators.iter().map(|(name, unit)| if unit.is_empty() { name.clone() } else { format!("{name} ({unit})") }).collect::<Vec<_>>().join("; ")}
                    } }
                }
            }
        }
    }
}

#[component]
fn VersionPage(ctx: PageCtx, view: VersionPageView) -> Element {
    let tr = ctx.tr;
    let heading = tr.ta(
        "version-page-title",
        &[
            ("n", view.number.to_string()),
            ("title", view.title.clone()),
        ],
    );
    rsx! {
        Layout { ctx: ctx.clone(), title: heading.clone(), nav: Nav::Plans,
            p { a { href: "/plans/{view.plan_id}/versions", {tr.ta("version-back", &[("title", view.plan_title.clone())])} } }
            h1 { "{heading}" }
            p { class: "callout",
                {tr.ta("version-adopted-on", &[("date", view.adopted_at.clone())])}
                if view.number < view.latest {
                    " " a { href: "/plans/{view.plan_id}/versions?from={view.number}&to={view.latest}", {tr.ta("version-compare-latest", &[("n", view.latest.to_string())])} }
                }
            }
            dl { class: "summary-list",
                div { dt { {tr.t("field-owner")} } dd { "{view.owner}" } }
                div { dt { {tr.t("field-period")} } dd { {range(tr, view.period)} } }
            }
            if !view.summary.is_empty() { p { class: "lead", "{view.summary}" } }
            for n in view.nodes.iter() {
                VersionNode { tr, node: n.clone() }
            }
        }
    }
}
