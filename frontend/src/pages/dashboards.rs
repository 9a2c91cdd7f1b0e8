//! Dashboards for evaluators and the public: participation, democratic
//! quality, impact of a plan and reuse of good practices. Filters live in the
//! query string (a GET form, so a view is a shareable URL); every chart comes
//! with its data as a table, and can be downloaded as SVG.

use dioxus::prelude::*;
use pspm_analytics::charts::Chart;
use pspm_analytics::model::{Breakdown, Count, Impact, Participation, QualityScore, Reuse};

use crate::components::table::DataTable;
use crate::components::{
    ErrorSummary, FormState, SelectField, TextField, id_options, label_options,
};
use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};

mod impact;

use impact::ImpactBoard;

/// The filter form's values and choices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilterView {
    /// Entered values (`plan`, `consultation`, `from`, `to`, `territory`, `organisation_kind`, `level`) and errors.
    pub form: FormState,
    /// Plans to choose from: (id, title).
    pub plans: Vec<(i32, String)>,
    /// Consultations to choose from: (id, title).
    pub consultations: Vec<(i32, String)>,
    /// Organisation kinds (stored values).
    pub kinds: Vec<String>,
    /// Levels (stored values).
    pub levels: Vec<String>,
    /// The query string of the current filters (for download links), without `?`.
    pub query: String,
}

/// What a dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Board {
    /// Participation.
    Participation(Box<Participation>),
    /// Democratic quality.
    Quality(Box<Participation>, Vec<QualityScore>),
    /// Impact of a plan (none until a plan is chosen).
    Impact {
        /// The indicators, progress and schedule.
        impact: Option<Box<Impact>>,
        /// The areas of the plan with their indicators, in plan order: the
        /// page's sections.
        areas: Vec<IndicatorArea>,
    },
    /// Good-practice reuse.
    Practices {
        /// The figures.
        reuse: Box<Reuse>,
        /// The most reused practices, titled in the reader's language where
        /// they can be (in place of the original titles of `reuse.top_reused`).
        top: Vec<ReusedPractice>,
    },
}

/// An area of a plan and its indicators: one section of the impact board.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorArea {
    /// The area's node id; `None` for indicators outside any area.
    pub id: Option<i32>,
    /// "code title" of the area (as the progress-by-area chart names it).
    pub title: String,
    /// Its indicators' ids, in the order of the board's indicators.
    pub indicators: Vec<i32>,
}

/// One of the most reused practices, as the reader reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReusedPractice {
    /// Practice id.
    pub id: i32,
    /// Title in `lang`.
    pub title: String,
    /// The language of `title`.
    pub lang: String,
    /// Whether `title` is not in the reader's language (shown in the original).
    pub fallback: bool,
    /// Confirmed adoptions.
    pub adoptions: i64,
}

/// A dashboard page.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardView {
    /// `participation`, `quality`, `impact` or `practices`.
    pub key: String,
    /// Filters.
    pub filters: FilterView,
    /// Data.
    pub board: Board,
    /// Charts (each with its table).
    pub charts: Vec<Chart>,
}

/// Renders a dashboard.
pub fn render_dashboard(ctx: &PageCtx, view: &DashboardView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { DashboardPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

/// What the list of dashboards says about the open-data archive.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct OpenDataNote {
    /// When the archive served now was built (UTC), if one was.
    pub built_at: Option<chrono::NaiveDateTime>,
    /// Whether a build is under way.
    pub building: bool,
}

/// Renders the list of dashboards.
pub fn render_index(ctx: &PageCtx, plans: &[(i32, String)], open_data: OpenDataNote) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { IndexPage { ctx: ctx.clone(), plans: plans.to_vec(), open_data } },
    )
}

/// The dashboards, in menu order.
pub const BOARDS: [&str; 4] = ["participation", "quality", "impact", "practices"];

#[component]
fn IndexPage(ctx: PageCtx, plans: Vec<(i32, String)>, open_data: OpenDataNote) -> Element {
    let tr = ctx.tr;
    // Not `download`: before the first archive is ready the link answers
    // with a message to come back, which a download would hide.
    let note = match (open_data.built_at, open_data.building) {
        (Some(at), building) => {
            let built = tr.ta(
                "dashboards-open-data-built",
                &[("when", at.format("%Y-%m-%d %H:%M").to_string())],
            );
            if building {
                format!("{built} {}", tr.t("dashboards-open-data-updating"))
            } else {
                built
            }
        }
        (None, true) => tr.t("dashboards-open-data-preparing"),
        (None, false) => tr.t("dashboards-open-data-first"),
    };
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("dashboards-title"), nav: Nav::Dashboards,
            h1 { {tr.t("dashboards-title")} }
            p { class: "lead", {tr.t("dashboards-lead")} }
            p { a { href: "/api/v1/export/open-data.zip", {tr.t("dashboards-open-data")} } }
            p { class: "meta", id: "open-data-note", "{note}" }
            ul { class: "plan-list",
                for key in BOARDS {
                    li { key: "{key}", class: "card",
                        h2 { a { href: "/dashboards/{key}", {tr.t(&format!("dashboard-{key}"))} } }
                        p { {tr.t(&format!("dashboard-{key}-lead"))} }
                    }
                }
            }
            if !plans.is_empty() {
                h2 { {tr.t("dashboards-by-plan")} }
                ul {
                    for (id, title) in plans.iter() {
                        li { key: "{id}", "{title}: "
                            a { href: "/dashboards/participation?plan={id}", {tr.t("dashboard-participation")} } " · "
                            a { href: "/dashboards/impact?plan={id}", {tr.t("dashboard-impact")} }
                        }
                    }
                }
            }
        }
    }
}

/// A share (0–1) as a percentage in the reader's language.
pub(crate) fn pct(tr: Tr, v: Option<f64>) -> String {
    v.map(|x| tr.percent(x * 100.0))
        .unwrap_or_else(|| "–".into())
}

/// A figure in the reader's language.
pub(crate) fn num(tr: Tr, v: Option<f64>) -> String {
    v.map(|x| tr.number(x)).unwrap_or_else(|| "–".into())
}

/// A table's column headings from their message keys.
fn columns(tr: Tr, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr.t(k)).collect()
}

/// The label of the organisation kind filter: whose organisation it narrows
/// differs by board (the participants', the actions' responsible one, the
/// adopting one).
pub fn kind_label(tr: Tr, board: &str) -> String {
    tr.t(match board {
        "impact" => "dashboard-responsible-org-kind",
        "practices" => "dashboard-adopting-org-kind",
        _ => "dashboard-participant-org-kind",
    })
}

#[component]
fn Filters(ctx: PageCtx, board: String, f: FilterView) -> Element {
    let tr = ctx.tr;
    let key = board;
    let plans = id_options(&f.plans);
    let consultations = id_options(&f.consultations);
    let mut kinds: Vec<(String, String)> = vec![("citizen".into(), tr.t("org-kind-citizen"))];
    kinds.extend(label_options(tr, "org-kind", &f.kinds));
    let levels = label_options(tr, "org-level", &f.levels);
    rsx! {
        form { method: "get", action: "/dashboards/{key}", class: "filters", aria_label: tr.t("dashboard-filters"),
            h2 { class: "visually-hidden", {tr.t("dashboard-filters")} }
            if key != "practices" {
                SelectField { tr, form: f.form.clone(), name: "plan", label: tr.t("dashboard-plan"), options: plans, placeholder: tr.t("dashboard-all-plans"), required: key == "impact" }
            }
            if key == "participation" || key == "quality" {
                SelectField { tr, form: f.form.clone(), name: "consultation", label: tr.t("dashboard-consultation"), options: consultations, placeholder: tr.t("dashboard-all-consultations") }
            }
            TextField { tr, form: f.form.clone(), name: "from", label: tr.t("dashboard-from"), hint: tr.t("hint-date") }
            TextField { tr, form: f.form.clone(), name: "to", label: tr.t("dashboard-to"), hint: tr.t("hint-date") }
            TextField { tr, form: f.form.clone(), name: "territory", label: tr.t("field-territory"), hint: tr.t("dashboard-territory-hint") }
            SelectField { tr, form: f.form.clone(), name: "organisation_kind", label: kind_label(tr, &key), options: kinds, placeholder: tr.t("dashboard-any") }
            SelectField { tr, form: f.form.clone(), name: "level", label: tr.t("field-level"), options: levels, placeholder: tr.t("dashboard-any") }
            button { r#type: "submit", class: "button", {tr.t("dashboard-apply")} }
            " "
            a { href: "/dashboards/{key}", {tr.t("dashboard-reset")} }
        }
    }
}

/// A chart with its title (a heading of `level`, 2 or 3, so that readers can
/// jump between charts), description, SVG, download link and data table.
#[component]
fn ChartFigure(tr: Tr, chart: Chart, query: String, #[props(default = 2)] level: u8) -> Element {
    let id = chart.id.clone();
    let sep = if query.is_empty() { "" } else { "?" };
    rsx! {
        figure { class: "chart", id: "chart-{id}", aria_labelledby: "chart-{id}-caption",
            figcaption { id: "chart-{id}-caption",
                if level == 3 {
                    h3 { class: "chart-title", "{chart.title}" }
                } else {
                    h2 { class: "chart-title", "{chart.title}" }
                }
                p { class: "muted", "{chart.description}" }
            }
            div { class: "chart-svg", dangerous_inner_html: "{chart.svg}" }
            // A narrow screen scrolls a wide table within this box, which the
            // keyboard can reach and screen readers name by its caption.
            div { class: "table-wrap", role: "region", tabindex: "0", aria_labelledby: "chart-{id}-data",
                table { class: "table",
                    caption { id: "chart-{id}-data", {tr.ta("chart-data", &[("title", chart.title.clone())])} }
                    thead { tr { for (i, c) in chart.columns.iter().enumerate() { th { key: "{i}", scope: "col", "{c}" } } } }
                    tbody {
                        for (i, row) in chart.rows.iter().enumerate() {
                            tr { key: "{i}",
                                for (j, cell) in row.iter().enumerate() {
                                    if j == 0 { th { key: "{j}", scope: "row", "{cell}" } } else { td { key: "{j}", "{cell}" } }
                                }
                            }
                        }
                    }
                }
            }
            p { a { href: "/api/v1/analytics/charts/{id}.svg{sep}{query}", download: "{id}.svg", {tr.ta("chart-download", &[("title", chart.title.clone())])} } }
        }
    }
}

#[component]
fn Figures(items: Vec<(String, String)>) -> Element {
    rsx! {
        dl { class: "figures",
            for (i, (k, v)) in items.iter().enumerate() {
                div { key: "{i}", dt { "{k}" } dd { "{v}" } }
            }
        }
    }
}

#[component]
fn CountTable(
    tr: Tr,
    caption: String,
    prefix: String,
    counts: Vec<Count>,
    /// Which rows the counts come from, said under the table.
    #[props(default)]
    note: Option<String>,
    /// The id of the table's scrolling box.
    id: String,
) -> Element {
    if counts.is_empty() {
        return rsx! {};
    }
    rsx! {
        DataTable { caption, columns: columns(tr, &["dashboard-group", "dashboard-count"]), id: id.clone(),
            for c in counts.iter() {
                tr { key: "{c.label}",
                    th { scope: "row", if prefix.is_empty() { "{c.label}" } else { {tr.label(&prefix, &c.label)} } }
                    td { {c.count.map(|n| tr.count(n)).unwrap_or_else(|| tr.t("suppressed"))} }
                }
            }
        }
        if let Some(n) = note { p { class: "muted table-note", id: "{id}-note", "{n}" } }
    }
}

#[component]
fn BreakdownTable(tr: Tr, caption: String, rows: Vec<Breakdown>, id: String) -> Element {
    if rows.is_empty() {
        return rsx! {};
    }
    let columns = columns(
        tr,
        &[
            "dashboard-group",
            "dashboard-actions",
            "dashboard-progress",
            "dashboard-done",
            "dashboard-late",
            "dashboard-at-risk",
        ],
    );
    rsx! {
        DataTable { caption, columns, id,
            for r in rows.iter() {
                tr { key: "{r.label}",
                    th { scope: "row", "{r.label}" }
                    td { "{r.actions}" }
                    td { {r.progress.map(|p| tr.percent(p)).unwrap_or_else(|| "–".into())} }
                    td { {pct(tr, r.done_share)} }
                    td { {pct(tr, r.late_share)} }
                    td { {pct(tr, r.at_risk_share)} }
                }
            }
        }
    }
}

#[component]
fn DashboardPage(ctx: PageCtx, view: DashboardView) -> Element {
    let tr = ctx.tr;
    let key = view.key.clone();
    let title = tr.t(&format!("dashboard-{key}"));
    let query = view.filters.query.clone();
    rsx! {
        Layout { ctx: ctx.clone(), title: title.clone(), nav: Nav::Dashboards,
            p { a { href: "/dashboards", {tr.t("dashboards-title")} } }
            h1 { "{title}" }
            p { class: "lead", {tr.t(&format!("dashboard-{key}-lead"))} }
            ErrorSummary { tr, form: view.filters.form.clone(), labels: vec![
                ("plan".to_string(), tr.t("dashboard-plan")), ("consultation".to_string(), tr.t("dashboard-consultation")),
                ("from".to_string(), tr.t("dashboard-from")), ("to".to_string(), tr.t("dashboard-to")),
                ("territory".to_string(), tr.t("field-territory")), ("organisation_kind".to_string(), kind_label(tr, &key)),
                ("level".to_string(), tr.t("field-level")),
            ] }
            Filters { ctx: ctx.clone(), board: key.clone(), f: view.filters.clone() }
            match &view.board {
                Board::Participation(p) => rsx! {
                    Figures { items: vec![
                        (tr.t("dashboard-participants"), p.participants.map(|n| tr.count(n)).unwrap_or_else(|| tr.t("suppressed"))),
                        (tr.t("dashboard-organisations"), tr.count(p.organisations)),
                        (tr.t("dashboard-response-rate"), pct(tr, p.response_rate)),
                        (tr.t("dashboard-median-days"), num(tr, p.median_days_to_response)),
                        (tr.t("dashboard-acceptance-rate"), pct(tr, p.acceptance_rate)),
                        (tr.t("dashboard-influence"), pct(tr, p.influence)),
                        (tr.t("dashboard-local-share"), pct(tr, p.local_share)),
                        (tr.t("dashboard-gini"), num(tr, p.gini)),
                        (tr.t("dashboard-top10"), pct(tr, p.top10_share)),
                        (tr.t("dashboard-r-score"), num(tr, p.r_score)),
                        (tr.t("dashboard-retention"), pct(tr, p.retention)),
                    ] }
                    p { class: "muted", id: "responses-note", {tr.t("dashboard-responses-note")} }
                    p { class: "muted", {tr.t("dashboard-suppression-note")} }
                    for c in view.charts.iter() { ChartFigure { key: "{c.id}", tr, chart: c.clone(), query: query.clone() } }
                    CountTable { tr, caption: tr.t("dashboard-by-level"), prefix: "org-level", counts: p.by_level.clone(), id: "by-level" }
                    CountTable { tr, caption: tr.t("dashboard-by-kind"), prefix: "contribution-kind", counts: p.by_kind.clone(), id: "by-kind", note: tr.t("dashboard-by-kind-note") }
                    CountTable { tr, caption: tr.t("dashboard-by-age"), prefix: "", counts: p.by_age_band.clone(), id: "by-age" }
                    CountTable { tr, caption: tr.t("dashboard-by-gender"), prefix: "", counts: p.by_gender.clone(), id: "by-gender" }
                    if !p.representation.is_empty() {
                        DataTable { caption: tr.t("dashboard-representation"), id: "representation",
                            columns: columns(tr, &["field-territory", "dashboard-participants", "dashboard-population", "dashboard-per-100k"]),
                            for r in p.representation.iter() {
                                tr { key: "{r.territory}",
                                    th { scope: "row", "{r.name} ({r.territory})" }
                                    td { {r.participants.map(|n| tr.count(n)).unwrap_or_else(|| tr.t("suppressed"))} }
                                    td { "{r.population}" }
                                    td { {num(tr, r.per_100k)} }
                                }
                            }
                        }
                    }
                },
                Board::Quality(p, scores) => rsx! {
                    p { {tr.t("dashboard-quality-explained")} }
                    DataTable { caption: tr.t("dashboard-quality"), id: "quality",
                        columns: columns(tr, &["dashboard-dimension", "dashboard-ratios", "dashboard-mean", "dashboard-score"]),
                        for s in scores.iter() {
                            tr { key: "{s.dimension}",
                                th { scope: "row", {tr.t(&format!("quality-{}", s.dimension))} }
                                td { ul { for (name, v) in s.ratios.iter() { li { key: "{name}", {tr.t(&format!("ratio-{}", name.replace('_', "-")))} ": " {pct(tr, *v)} } } } }
                                td { {pct(tr, s.mean)} }
                                td { {s.score.map(|n| tr.ta("quality-points", &[("points", n.to_string())])).unwrap_or_else(|| "–".into())} }
                            }
                        }
                    }
                    Figures { items: vec![
                        (tr.t("dashboard-participants"), p.participants.map(|n| tr.count(n)).unwrap_or_else(|| tr.t("suppressed"))),
                        (tr.t("dashboard-response-rate"), pct(tr, p.response_rate)),
                        (tr.t("dashboard-acceptance-rate"), pct(tr, p.acceptance_rate)),
                    ] }
                    p { class: "muted", id: "responses-note", {tr.t("dashboard-responses-note")} }
                },
                Board::Impact { impact: None, .. } => rsx! { p { {tr.t("dashboard-choose-plan")} } },
                Board::Impact { impact: Some(i), areas } => rsx! {
                    ImpactBoard { tr, impact: i.clone(), areas: areas.clone(), charts: view.charts.clone(), query: query.clone() }
                },
                Board::Practices { reuse: r, top } => rsx! {
                    Figures { items: vec![
                        (tr.t("dashboard-published"), tr.count(r.published)),
                        (tr.t("dashboard-confirmed-adoptions"), tr.count(r.confirmed_adoptions)),
                        (tr.t("dashboard-reuse-rate"), pct(tr, r.reuse_rate)),
                        (tr.t("dashboard-territories-reached"), tr.count(r.territories_reached)),
                    ] }
                    for c in view.charts.iter() { ChartFigure { key: "{c.id}", tr, chart: c.clone(), query: query.clone() } }
                    CountTable { tr, caption: tr.t("field-policy-area"), prefix: "policy-area", counts: r.by_policy_area.clone(), id: "by-policy-area" }
                    CountTable { tr, caption: tr.t("field-level"), prefix: "org-level", counts: r.by_level.clone(), id: "by-level" }
                    CountTable { tr, caption: tr.t("field-stage"), prefix: "stage", counts: r.by_stage.clone(), id: "by-stage" }
                    if !top.is_empty() {
                        DataTable { caption: tr.t("dashboard-top-reused"), id: "top-reused",
                            columns: columns(tr, &["field-title", "dashboard-confirmed-adoptions"]),
                            for p in top.iter() {
                                tr { key: "{p.id}",
                                    // Marked as the catalogue marks a practice not in the reader's language.
                                    th { scope: "row",
                                        a { href: "/practices/{p.id}", lang: "{p.lang}", "{p.title}" }
                                        if p.fallback { span { class: "fallback-note", {tr.ta("practice-fallback", &[("lang", p.lang.clone())])} } }
                                    }
                                    td { "{p.adoptions}" }
                                }
                            }
                        }
                    }
                },
            }
        }
    }
}
