//! Open data: every public table and every indicator table as CSV and
//! Parquet in one ZIP, with a README data dictionary and the licence.
//!
//! Personal data never leaves: no user ids, names, e-mails or demographic
//! fields; contributions carry their organisation (a public body) but not
//! their author; hidden contributions are left out; demographic breakdowns
//! keep the k = 5 suppression of the analytics crate (suppressed cells are empty).
//! Draft plans, their nodes, indicators and consultations are not public and
//! are left out; so are practices that are not published.

use std::collections::HashMap;
use std::io::{Seek, Write};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::*;
use pspm_analytics::frames;

use crate::cache::Cache;
use crate::db::schema::{
    consultations, contributions, indicator_targets, indicators, measurements, organisations,
    plan_nodes, plans, practice_adoptions, practice_sdgs, practice_tags, practice_texts, practices,
    responses,
};
use crate::db::{DbConn, PART_ROWS, by_parts, in_chunks};
use crate::error::{AppError, AppResult};
use crate::services::analytics::{self, AnalyticsFilters};

/// The licence of the open data.
pub const LICENCE: &str = "Creative Commons Attribution 4.0 International (CC BY 4.0)\n\
https://creativecommons.org/licenses/by/4.0/\n\n\
You may share and adapt these data for any purpose, provided you give appropriate credit \
(\"Source: PSPM, Participatory Strategic Planning Module\"), link to the licence and say if \
you made changes.\n";

fn polars_err(e: PolarsError) -> AppError {
    AppError::Internal(format!("open data: {e}"))
}

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn stamp(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// One public table: name, columns (name, explanation) and its frame.
pub struct Table {
    /// File stem.
    pub name: String,
    /// What a row is.
    pub about: String,
    /// Columns and their meaning.
    pub columns: Vec<(String, String)>,
    /// Data.
    pub frame: DataFrame,
}

fn table(name: &str, about: &str, columns: &[(&str, &str)], frame: DataFrame) -> Table {
    Table {
        name: name.into(),
        about: about.into(),
        columns: columns
            .iter()
            .map(|(c, e)| ((*c).to_owned(), (*e).to_owned()))
            .collect(),
        frame,
    }
}

/// Where the archive's tables go, a part at a time: a national
/// consultation's contributions are read and written in parts of
/// [`PART_ROWS`], so the export holds one part in memory, not the table.
pub trait Sink {
    /// Starts a table: its file stem, what a row is, its columns and their meaning.
    fn begin(&mut self, name: &str, about: &str, columns: &[(String, String)]) -> AppResult<()>;
    /// Adds rows to the table begun last (every part has the same columns).
    fn rows(&mut self, frame: &mut DataFrame) -> AppResult<()>;
    /// Ends the table begun last.
    fn end(&mut self) -> AppResult<()>;
    /// A whole table at once.
    fn whole(&mut self, mut t: Table) -> AppResult<()> {
        self.begin(&t.name, &t.about, &t.columns)?;
        self.rows(&mut t.frame)?;
        self.end()
    }
}

/// Every public table, into `sink`; the contributions in parts of `chunk` rows.
#[expect(clippy::type_complexity, reason = "tuples mirror the selected columns")]
pub fn public_tables(conn: &mut DbConn, sink: &mut dyn Sink, chunk: i64) -> AppResult<()> {
    let orgs: Vec<(i32, String, String, String, Option<String>, Option<i32>)> =
        organisations::table
            .order(organisations::id.asc())
            .select((
                organisations::id,
                organisations::name,
                organisations::kind,
                organisations::level,
                organisations::territory_code,
                organisations::parent_id,
            ))
            .load(conn)?;
    sink.whole(table(
        "organisations",
        "Public bodies and other organisations taking part.",
        &[
            ("id", "Organisation id."),
            ("name", "Name."),
            (
                "kind",
                "ministry, region, province, municipality, agency, …",
            ),
            (
                "level",
                "Level of government: eu, national, regional, local.",
            ),
            ("territory_code", "Territory code (NUTS or ISTAT)."),
            ("parent_id", "Parent organisation id."),
        ],
        df!(
            "id" => orgs.iter().map(|o| o.0).collect::<Vec<_>>(),
            "name" => orgs.iter().map(|o| o.1.clone()).collect::<Vec<_>>(),
            "kind" => orgs.iter().map(|o| o.2.clone()).collect::<Vec<_>>(),
            "level" => orgs.iter().map(|o| o.3.clone()).collect::<Vec<_>>(),
            "territory_code" => orgs.iter().map(|o| o.4.clone()).collect::<Vec<_>>(),
            "parent_id" => orgs.iter().map(|o| o.5).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    let plan_rows: Vec<(
        i32,
        String,
        String,
        i32,
        NaiveDate,
        NaiveDate,
        String,
        Option<i32>,
    )> = plans::table
        .filter(plans::status.ne("draft"))
        .order(plans::id.asc())
        .select((
            plans::id,
            plans::title,
            plans::summary,
            plans::owner_organisation_id,
            plans::period_start,
            plans::period_end,
            plans::status,
            plans::parent_plan_id,
        ))
        .load(conn)?;
    let plan_ids: Vec<i32> = plan_rows.iter().map(|p| p.0).collect();
    sink.whole(table(
        "plans",
        "Strategic plans that are not drafts.",
        &[
            ("id", "Plan id."),
            ("title", "Title."),
            ("summary", "Summary."),
            ("owner_organisation_id", "Organisation that owns the plan."),
            ("period_start", "First day of the plan's period."),
            ("period_end", "Last day of the plan's period."),
            ("status", "consultation, adopted, monitoring or closed."),
            (
                "parent_plan_id",
                "The national plan a regional plan is aligned to.",
            ),
        ],
        df!(
            "id" => plan_ids.clone(),
            "title" => plan_rows.iter().map(|p| p.1.clone()).collect::<Vec<_>>(),
            "summary" => plan_rows.iter().map(|p| p.2.clone()).collect::<Vec<_>>(),
            "owner_organisation_id" => plan_rows.iter().map(|p| p.3).collect::<Vec<_>>(),
            "period_start" => plan_rows.iter().map(|p| p.4.to_string()).collect::<Vec<_>>(),
            "period_end" => plan_rows.iter().map(|p| p.5.to_string()).collect::<Vec<_>>(),
            "status" => plan_rows.iter().map(|p| p.6.clone()).collect::<Vec<_>>(),
            "parent_plan_id" => plan_rows.iter().map(|p| p.7).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    type NodeRow = (
        (
            i32,
            i32,
            Option<i32>,
            String,
            String,
            String,
            Option<String>,
        ),
        (
            Option<i32>,
            Option<f64>,
            Option<NaiveDate>,
            Option<NaiveDate>,
        ),
        (
            Option<NaiveDate>,
            Option<NaiveDate>,
            Option<f64>,
            String,
            Option<f64>,
        ),
        (Option<i32>, Option<i32>),
    );
    let nodes: Vec<NodeRow> = plan_nodes::table
        .filter(plan_nodes::plan_id.eq_any(&plan_ids))
        .order(plan_nodes::id.asc())
        .select((
            (
                plan_nodes::id,
                plan_nodes::plan_id,
                plan_nodes::parent_id,
                plan_nodes::kind,
                plan_nodes::code,
                plan_nodes::title,
                plan_nodes::responsible_office,
            ),
            (
                plan_nodes::responsible_organisation_id,
                plan_nodes::weight,
                plan_nodes::planned_start,
                plan_nodes::planned_end,
            ),
            (
                plan_nodes::actual_start,
                plan_nodes::actual_end,
                plan_nodes::budget,
                plan_nodes::status,
                plan_nodes::progress,
            ),
            (
                plan_nodes::aligned_node_id,
                plan_nodes::origin_contribution_id,
            ),
        ))
        .load(conn)?;
    let node_ids: Vec<i32> = nodes.iter().map(|n| n.0.0).collect();
    sink.whole(table(
        "plan_nodes",
        "The tree of each plan: areas, strategic and operational objectives, actions.",
        &[
            ("id", "Node id."),
            ("plan_id", "Plan."),
            ("parent_id", "Parent node."),
            (
                "kind",
                "area, strategic_objective, operational_objective or action.",
            ),
            ("code", "Code within the plan."),
            ("title", "Title."),
            ("responsible_office", "Responsible office."),
            ("responsible_organisation_id", "Responsible organisation."),
            ("weight", "Weight among its siblings in progress roll-ups."),
            ("planned_start", "Planned start date."),
            ("planned_end", "Planned end date."),
            ("actual_start", "Actual start date."),
            ("actual_end", "Actual end date."),
            ("budget", "Budget in euro."),
            (
                "status",
                "not_started, on_track, at_risk, late, done or cancelled.",
            ),
            ("progress", "Progress, 0–100."),
            (
                "aligned_node_id",
                "The node of the national plan this node contributes to.",
            ),
            (
                "origin_contribution_id",
                "The consultation proposal this action came from.",
            ),
        ],
        df!(
            "id" => node_ids.clone(),
            "plan_id" => nodes.iter().map(|n| n.0.1).collect::<Vec<_>>(),
            "parent_id" => nodes.iter().map(|n| n.0.2).collect::<Vec<_>>(),
            "kind" => nodes.iter().map(|n| n.0.3.clone()).collect::<Vec<_>>(),
            "code" => nodes.iter().map(|n| n.0.4.clone()).collect::<Vec<_>>(),
            "title" => nodes.iter().map(|n| n.0.5.clone()).collect::<Vec<_>>(),
            "responsible_office" => nodes.iter().map(|n| n.0.6.clone()).collect::<Vec<_>>(),
            "responsible_organisation_id" => nodes.iter().map(|n| n.1.0).collect::<Vec<_>>(),
            "weight" => nodes.iter().map(|n| n.1.1).collect::<Vec<_>>(),
            "planned_start" => nodes.iter().map(|n| date(n.1.2)).collect::<Vec<_>>(),
            "planned_end" => nodes.iter().map(|n| date(n.1.3)).collect::<Vec<_>>(),
            "actual_start" => nodes.iter().map(|n| date(n.2.0)).collect::<Vec<_>>(),
            "actual_end" => nodes.iter().map(|n| date(n.2.1)).collect::<Vec<_>>(),
            "budget" => nodes.iter().map(|n| n.2.2).collect::<Vec<_>>(),
            "status" => nodes.iter().map(|n| n.2.3.clone()).collect::<Vec<_>>(),
            "progress" => nodes.iter().map(|n| n.2.4).collect::<Vec<_>>(),
            "aligned_node_id" => nodes.iter().map(|n| n.3.0).collect::<Vec<_>>(),
            "origin_contribution_id" => nodes.iter().map(|n| n.3.1).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    let inds: Vec<(
        i32,
        i32,
        String,
        String,
        String,
        f64,
        NaiveDate,
        String,
        String,
    )> = indicators::table
        .filter(indicators::node_id.eq_any(&node_ids))
        .order(indicators::id.asc())
        .select((
            indicators::id,
            indicators::node_id,
            indicators::name,
            indicators::unit,
            indicators::direction,
            indicators::baseline_value,
            indicators::baseline_date,
            indicators::frequency,
            indicators::data_source,
        ))
        .load(conn)?;
    let ind_ids: Vec<i32> = inds.iter().map(|i| i.0).collect();
    sink.whole(table(
        "indicators",
        "Key performance indicators of plan nodes.",
        &[
            ("id", "Indicator id."),
            ("node_id", "The plan node it measures."),
            ("name", "Name."),
            ("unit", "Unit of measure."),
            ("direction", "increase, decrease or keep."),
            ("baseline_value", "Baseline value."),
            ("baseline_date", "Date of the baseline."),
            ("frequency", "How often it is measured."),
            ("data_source", "Where the values come from."),
        ],
        df!(
            "id" => ind_ids.clone(),
            "node_id" => inds.iter().map(|i| i.1).collect::<Vec<_>>(),
            "name" => inds.iter().map(|i| i.2.clone()).collect::<Vec<_>>(),
            "unit" => inds.iter().map(|i| i.3.clone()).collect::<Vec<_>>(),
            "direction" => inds.iter().map(|i| i.4.clone()).collect::<Vec<_>>(),
            "baseline_value" => inds.iter().map(|i| i.5).collect::<Vec<_>>(),
            "baseline_date" => inds.iter().map(|i| i.6.to_string()).collect::<Vec<_>>(),
            "frequency" => inds.iter().map(|i| i.7.clone()).collect::<Vec<_>>(),
            "data_source" => inds.iter().map(|i| i.8.clone()).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    let targets: Vec<(i32, String, NaiveDate, f64)> = indicator_targets::table
        .filter(indicator_targets::indicator_id.eq_any(&ind_ids))
        .order((
            indicator_targets::indicator_id.asc(),
            indicator_targets::due_date.asc(),
        ))
        .select((
            indicator_targets::indicator_id,
            indicator_targets::period,
            indicator_targets::due_date,
            indicator_targets::value,
        ))
        .load(conn)?;
    sink.whole(table(
        "indicator_targets",
        "Yearly (or other period) targets of each indicator.",
        &[
            ("indicator_id", "Indicator."),
            ("period", "Period label, e.g. 2027."),
            ("due_date", "Date by which the target is due."),
            ("value", "Target value."),
        ],
        df!(
            "indicator_id" => targets.iter().map(|t| t.0).collect::<Vec<_>>(),
            "period" => targets.iter().map(|t| t.1.clone()).collect::<Vec<_>>(),
            "due_date" => targets.iter().map(|t| t.2.to_string()).collect::<Vec<_>>(),
            "value" => targets.iter().map(|t| t.3).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    let values: Vec<(i32, NaiveDate, f64, Option<String>)> = measurements::table
        .filter(measurements::indicator_id.eq_any(&ind_ids))
        .order((
            measurements::indicator_id.asc(),
            measurements::measured_on.asc(),
        ))
        .select((
            measurements::indicator_id,
            measurements::measured_on,
            measurements::value,
            measurements::note,
        ))
        .load(conn)?;
    sink.whole(table(
        "measurements",
        "Measured values of each indicator.",
        &[
            ("indicator_id", "Indicator."),
            ("measured_on", "Date of the measurement."),
            ("value", "Value."),
            ("note", "Note by the planner."),
        ],
        df!(
            "indicator_id" => values.iter().map(|v| v.0).collect::<Vec<_>>(),
            "measured_on" => values.iter().map(|v| v.1.to_string()).collect::<Vec<_>>(),
            "value" => values.iter().map(|v| v.2).collect::<Vec<_>>(),
            "note" => values.iter().map(|v| v.3.clone()).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    let cons: Vec<(i32, i32, String, NaiveDateTime, NaiveDateTime, String)> = consultations::table
        .filter(consultations::plan_id.eq_any(&plan_ids))
        .order(consultations::id.asc())
        .select((
            consultations::id,
            consultations::plan_id,
            consultations::title,
            consultations::opens_at,
            consultations::closes_at,
            consultations::audience,
        ))
        .load(conn)?;
    let cons_ids: Vec<i32> = cons.iter().map(|c| c.0).collect();
    sink.whole(table(
        "consultations",
        "Consultations on plans.",
        &[
            ("id", "Consultation id."),
            ("plan_id", "Plan consulted on."),
            ("title", "Title."),
            ("opens_at", "Opening time (UTC)."),
            ("closes_at", "Closing time (UTC)."),
            ("audience", "public or invited."),
        ],
        df!(
            "id" => cons_ids.clone(),
            "plan_id" => cons.iter().map(|c| c.1).collect::<Vec<_>>(),
            "title" => cons.iter().map(|c| c.2.clone()).collect::<Vec<_>>(),
            "opens_at" => cons.iter().map(|c| stamp(c.3)).collect::<Vec<_>>(),
            "closes_at" => cons.iter().map(|c| stamp(c.4)).collect::<Vec<_>>(),
            "audience" => cons.iter().map(|c| c.5.clone()).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    type ContributionOut = (
        i32,
        i32,
        String,
        Option<i32>,
        Option<i32>,
        Option<i32>,
        Option<String>,
        String,
        NaiveDateTime,
    );
    let head = table(
        "contributions",
        "Comments, proposals and amendments in consultations (not hidden by moderation). \
         Authors are not included.",
        &[
            ("id", "Contribution id."),
            ("consultation_id", "Consultation."),
            ("kind", "comment, proposal or amendment."),
            ("node_id", "Plan node it is about."),
            ("parent_id", "The contribution it replies to."),
            (
                "organisation_id",
                "Organisation on whose behalf it was written (empty for citizens).",
            ),
            ("title", "Title of a proposal."),
            ("body", "Text."),
            ("created_at", "When it was written (UTC)."),
        ],
        DataFrame::empty(),
    );
    sink.begin(&head.name, &head.about, &head.columns)?;
    // In parts of `chunk` rows by id (the first part even when there is none,
    // so the table has its columns); only the ids are kept, for the responses.
    let mut contrib_ids: Vec<i32> = Vec::new();
    by_parts::<_, AppError>(
        chunk,
        |after, limit| {
            contributions::table
                .filter(contributions::consultation_id.eq_any(&cons_ids))
                .filter(contributions::hidden_at.is_null())
                .filter(contributions::id.gt(after))
                .order(contributions::id.asc())
                .limit(limit)
                .select((
                    contributions::id,
                    contributions::consultation_id,
                    contributions::kind,
                    contributions::node_id,
                    contributions::parent_id,
                    contributions::organisation_id,
                    contributions::title,
                    contributions::body,
                    contributions::created_at,
                ))
                .load::<ContributionOut>(conn)
        },
        |c| c.0,
        |part| {
            let first = contrib_ids.len();
            contrib_ids.extend(part.iter().map(|c| c.0));
            let mut frame = df!(
                "id" => &contrib_ids[first..],
                "consultation_id" => part.iter().map(|c| c.1).collect::<Vec<_>>(),
                "kind" => part.iter().map(|c| c.2.as_str()).collect::<Vec<_>>(),
                "node_id" => part.iter().map(|c| c.3).collect::<Vec<_>>(),
                "parent_id" => part.iter().map(|c| c.4).collect::<Vec<_>>(),
                "organisation_id" => part.iter().map(|c| c.5).collect::<Vec<_>>(),
                "title" => part.iter().map(|c| c.6.as_deref()).collect::<Vec<_>>(),
                "body" => part.iter().map(|c| c.7.as_str()).collect::<Vec<_>>(),
                "created_at" => part.iter().map(|c| stamp(c.8)).collect::<Vec<_>>(),
            )
            .map_err(polars_err)?;
            sink.rows(&mut frame)
        },
    )?;
    sink.end()?;
    let resp: Vec<(i32, String, String, Option<i32>, NaiveDateTime)> =
        in_chunks(&contrib_ids, |chunk| {
            responses::table
                .filter(responses::contribution_id.eq_any(chunk))
                .order(responses::contribution_id.asc())
                .select((
                    responses::contribution_id,
                    responses::status,
                    responses::body,
                    responses::node_id,
                    responses::created_at,
                ))
                .load(conn)
        })?;
    sink.whole(table(
        "responses",
        "Official responses to contributions.",
        &[
            ("contribution_id", "Contribution answered."),
            (
                "status",
                "accepted, partially_accepted, rejected, already_planned or out_of_scope.",
            ),
            ("body", "The answer."),
            ("node_id", "The plan action it led to."),
            ("created_at", "When it was answered (UTC)."),
        ],
        df!(
            "contribution_id" => resp.iter().map(|r| r.0).collect::<Vec<_>>(),
            "status" => resp.iter().map(|r| r.1.clone()).collect::<Vec<_>>(),
            "body" => resp.iter().map(|r| r.2.clone()).collect::<Vec<_>>(),
            "node_id" => resp.iter().map(|r| r.3).collect::<Vec<_>>(),
            "created_at" => resp.iter().map(|r| stamp(r.4)).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    type PracticeOut = (
        (
            i32,
            i32,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        ),
        (
            Option<i32>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
        ),
    );
    let prs: Vec<PracticeOut> = practices::table
        .filter(practices::status.eq("published"))
        .order(practices::id.asc())
        .select((
            (
                practices::id,
                practices::owner_organisation_id,
                practices::original_language,
                practices::level,
                practices::policy_area,
                practices::innovation_stage,
            ),
            (
                practices::launch_year,
                practices::licence,
                practices::country,
                practices::territory_code,
                practices::links,
            ),
        ))
        .load(conn)?;
    let pr_ids: Vec<i32> = prs.iter().map(|p| p.0.0).collect();
    let tags: Vec<(i32, String)> = in_chunks(&pr_ids, |chunk| {
        practice_tags::table
            .filter(practice_tags::practice_id.eq_any(chunk))
            .order((practice_tags::practice_id.asc(), practice_tags::tag.asc()))
            .select((practice_tags::practice_id, practice_tags::tag))
            .load(conn)
    })?;
    let sdgs: Vec<(i32, i32)> = in_chunks(&pr_ids, |chunk| {
        practice_sdgs::table
            .filter(practice_sdgs::practice_id.eq_any(chunk))
            .order((practice_sdgs::practice_id.asc(), practice_sdgs::sdg.asc()))
            .select((practice_sdgs::practice_id, practice_sdgs::sdg))
            .load(conn)
    })?;
    // One pass over each list (grouped by practice), not one scan per practice.
    let mut tag_text: HashMap<i32, Vec<String>> = HashMap::new();
    for (p, t) in tags {
        tag_text.entry(p).or_default().push(t);
    }
    let mut sdg_text: HashMap<i32, Vec<String>> = HashMap::new();
    for (p, n) in sdgs {
        sdg_text.entry(p).or_default().push(n.to_string());
    }
    let joined = |id: i32, lists: &HashMap<i32, Vec<String>>| {
        lists.get(&id).map(|l| l.join(";")).unwrap_or_default()
    };
    sink.whole(table(
        "practices",
        "Published good practices (texts are in practice_texts).",
        &[
            ("id", "Practice id."),
            ("owner_organisation_id", "Organisation that shares it."),
            ("original_language", "Language it was written in."),
            ("level", "Level of government."),
            ("policy_area", "Policy area."),
            ("innovation_stage", "identify_problem … diffuse."),
            ("launch_year", "Year it started."),
            ("licence", "Licence of the practice's material."),
            ("country", "ISO 3166 country code."),
            ("territory_code", "Territory code."),
            ("links", "Web addresses, JSON array."),
            ("tags", "Tags separated by ;."),
            (
                "sdgs",
                "Sustainable Development Goals (1–17) separated by ;.",
            ),
        ],
        df!(
            "id" => pr_ids.clone(),
            "owner_organisation_id" => prs.iter().map(|p| p.0.1).collect::<Vec<_>>(),
            "original_language" => prs.iter().map(|p| p.0.2.clone()).collect::<Vec<_>>(),
            "level" => prs.iter().map(|p| p.0.3.clone()).collect::<Vec<_>>(),
            "policy_area" => prs.iter().map(|p| p.0.4.clone()).collect::<Vec<_>>(),
            "innovation_stage" => prs.iter().map(|p| p.0.5.clone()).collect::<Vec<_>>(),
            "launch_year" => prs.iter().map(|p| p.1.0).collect::<Vec<_>>(),
            "licence" => prs.iter().map(|p| p.1.1.clone()).collect::<Vec<_>>(),
            "country" => prs.iter().map(|p| p.1.2.clone()).collect::<Vec<_>>(),
            "territory_code" => prs.iter().map(|p| p.1.3.clone()).collect::<Vec<_>>(),
            "links" => prs.iter().map(|p| p.1.4.clone()).collect::<Vec<_>>(),
            "tags" => pr_ids.iter().map(|id| joined(*id, &tag_text)).collect::<Vec<_>>(),
            "sdgs" => pr_ids.iter().map(|id| joined(*id, &sdg_text)).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    type TextOut = (
        i32,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    );
    let texts: Vec<TextOut> = in_chunks(&pr_ids, |chunk| {
        practice_texts::table
            .filter(practice_texts::practice_id.eq_any(chunk))
            .order((
                practice_texts::practice_id.asc(),
                practice_texts::lang.asc(),
            ))
            .select((
                practice_texts::practice_id,
                practice_texts::lang,
                practice_texts::title,
                practice_texts::summary,
                practice_texts::problem,
                practice_texts::solution,
                practice_texts::results,
                practice_texts::lessons,
                practice_texts::conditions,
            ))
            .load(conn)
    })?;
    sink.whole(table(
        "practice_texts",
        "Texts of published practices, one row per language.",
        &[
            ("practice_id", "Practice."),
            ("lang", "Language (en, it, es, lv)."),
            ("title", "Title."),
            ("summary", "Summary."),
            ("problem", "Problem addressed."),
            ("solution", "Solution."),
            ("results", "Results."),
            ("lessons", "Lessons learned."),
            ("conditions", "Conditions for replication."),
        ],
        df!(
            "practice_id" => texts.iter().map(|t| t.0).collect::<Vec<_>>(),
            "lang" => texts.iter().map(|t| t.1.clone()).collect::<Vec<_>>(),
            "title" => texts.iter().map(|t| t.2.clone()).collect::<Vec<_>>(),
            "summary" => texts.iter().map(|t| t.3.clone()).collect::<Vec<_>>(),
            "problem" => texts.iter().map(|t| t.4.clone()).collect::<Vec<_>>(),
            "solution" => texts.iter().map(|t| t.5.clone()).collect::<Vec<_>>(),
            "results" => texts.iter().map(|t| t.6.clone()).collect::<Vec<_>>(),
            "lessons" => texts.iter().map(|t| t.7.clone()).collect::<Vec<_>>(),
            "conditions" => texts.iter().map(|t| t.8.clone()).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    let adoptions: Vec<(i32, i32, NaiveDate, String, String)> = practice_adoptions::table
        .filter(
            practice_adoptions::practice_id.eq_any(
                practices::table
                    .filter(practices::status.eq("published"))
                    .select(practices::id),
            ),
        )
        .filter(practice_adoptions::status.eq("confirmed"))
        .order(practice_adoptions::id.asc())
        .select((
            practice_adoptions::practice_id,
            practice_adoptions::organisation_id,
            practice_adoptions::adopted_on,
            practice_adoptions::context,
            practice_adoptions::outcome,
        ))
        .load(conn)?;
    sink.whole(table(
        "practice_adoptions",
        "Adoptions of practices confirmed by the owner organisation.",
        &[
            ("practice_id", "Practice adopted."),
            ("organisation_id", "Adopting organisation."),
            ("adopted_on", "When."),
            ("context", "In what context."),
            ("outcome", "With what outcome."),
        ],
        df!(
            "practice_id" => adoptions.iter().map(|a| a.0).collect::<Vec<_>>(),
            "organisation_id" => adoptions.iter().map(|a| a.1).collect::<Vec<_>>(),
            "adopted_on" => adoptions.iter().map(|a| a.2.to_string()).collect::<Vec<_>>(),
            "context" => adoptions.iter().map(|a| a.3.clone()).collect::<Vec<_>>(),
            "outcome" => adoptions.iter().map(|a| a.4.clone()).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    Ok(())
}

/// The indicator tables, computed for the public (what an anonymous reader sees).
pub fn indicator_tables(conn: &mut DbConn, cache: &Cache) -> AppResult<Vec<Table>> {
    let all = AnalyticsFilters::default();
    let (participation, scores) = {
        let q = analytics::quality(conn, cache, None, &all)?;
        (q.0.clone(), q.1.clone())
    };
    let reuse = analytics::reuse(conn, cache, &all)?;
    let mut out = Vec::new();
    let dictionary = frames::dictionary();
    let describe = |name: &str, df: &DataFrame| -> Vec<(String, String)> {
        df.get_column_names()
            .iter()
            .map(|c| {
                let about = dictionary
                    .iter()
                    .find(|(t, col, _)| *t == name && *col == c.as_str())
                    .map(|(_, _, e)| (*e).to_owned())
                    .unwrap_or_default();
                (c.to_string(), about)
            })
            .collect()
    };
    for (name, df) in frames::tables(Some(&participation), &scores, None, Some(&reuse)) {
        out.push(Table {
            columns: describe(&name, &df),
            about: "Indicator table (DESIGN.md \"Indicators\"), platform-wide.".into(),
            name,
            frame: df,
        });
    }
    for plan in analytics::visible_plans(conn, None)? {
        let f = AnalyticsFilters {
            plan: Some(plan.id.to_string()),
            ..AnalyticsFilters::default()
        };
        let impact = analytics::impact(conn, cache, None, &f)?;
        for (name, df) in frames::tables(None, &[], Some(&impact), None) {
            out.push(Table {
                columns: describe(&name, &df),
                about: format!("Indicator table for plan {} “{}”.", plan.id, plan.title),
                name: format!("plan{}_{name}", plan.id),
                frame: df,
            });
        }
    }
    Ok(out)
}

/// The archive being written: each table's CSV goes into it part by part,
/// its Parquet into a temporary file copied in when the table ends (a ZIP
/// takes one file at a time); the README, with every table's row count,
/// comes last.
pub struct Archive<W: Write + Seek> {
    zip: ::zip::ZipWriter<W>,
    options: ::zip::write::SimpleFileOptions,
    readme: String,
    open: Option<OpenTable>,
}

/// The table being written.
struct OpenTable {
    name: String,
    about: String,
    /// The README's rows for the columns.
    columns: String,
    rows: usize,
    parquet: Option<(std::fs::File, BatchedWriter<std::fs::File>)>,
}

fn io_err(e: std::io::Error) -> AppError {
    AppError::Internal(format!("open data: {e}"))
}

fn zip_err(e: ::zip::result::ZipError) -> AppError {
    AppError::Internal(format!("open data: {e}"))
}

impl<W: Write + Seek> Archive<W> {
    /// An archive written to `out`.
    pub fn new(out: W) -> Self {
        Self {
            zip: ::zip::ZipWriter::new(out),
            options: ::zip::write::SimpleFileOptions::default()
                .compression_method(::zip::CompressionMethod::Deflated)
                // A fixed time keeps the archive byte-identical for the same data.
                .last_modified_time(::zip::DateTime::default()),
            readme: String::from(README_HEAD),
            open: None,
        }
    }

    /// Writes the README and the licence and closes the archive.
    pub fn finish(mut self) -> AppResult<W> {
        self.zip
            .start_file("README.md", self.options)
            .map_err(zip_err)?;
        self.zip.write_all(self.readme.as_bytes()).map_err(io_err)?;
        self.zip
            .start_file("LICENSE.txt", self.options)
            .map_err(zip_err)?;
        self.zip.write_all(LICENCE.as_bytes()).map_err(io_err)?;
        self.zip.finish().map_err(zip_err)
    }
}

impl<W: Write + Seek> Sink for Archive<W> {
    fn begin(&mut self, name: &str, about: &str, columns: &[(String, String)]) -> AppResult<()> {
        self.zip
            .start_file(format!("{name}.csv"), self.options)
            .map_err(zip_err)?;
        self.open = Some(OpenTable {
            name: name.to_owned(),
            about: about.to_owned(),
            columns: columns
                .iter()
                .map(|(c, e)| format!("| {c} | {e} |\n"))
                .collect(),
            rows: 0,
            parquet: None,
        });
        Ok(())
    }

    fn rows(&mut self, frame: &mut DataFrame) -> AppResult<()> {
        let t = self
            .open
            .as_mut()
            .ok_or_else(|| AppError::Internal("open data: rows outside a table".into()))?;
        CsvWriter::new(&mut self.zip)
            .include_header(t.parquet.is_none())
            .finish(frame)
            .map_err(polars_err)?;
        if t.parquet.is_none() {
            let file = tempfile::tempfile().map_err(io_err)?;
            let writer = ParquetWriter::new(file.try_clone().map_err(io_err)?)
                .batched(frame.schema())
                .map_err(polars_err)?;
            t.parquet = Some((file, writer));
        }
        if let Some((_, writer)) = t.parquet.as_mut() {
            writer.write_batch(frame).map_err(polars_err)?;
        }
        t.rows += frame.height();
        Ok(())
    }

    fn end(&mut self) -> AppResult<()> {
        let t = self
            .open
            .take()
            .ok_or_else(|| AppError::Internal("open data: no table to end".into()))?;
        let name = &t.name;
        if let Some((mut file, writer)) = t.parquet {
            writer.finish().map_err(polars_err)?;
            drop(writer);
            file.rewind().map_err(io_err)?;
            self.zip
                .start_file(format!("{name}.parquet"), self.options)
                .map_err(zip_err)?;
            std::io::copy(&mut file, &mut self.zip).map_err(io_err)?;
        }
        self.readme.push_str(&format!(
            "## {name}.csv, {name}.parquet\n\n{about} Rows: {rows}.\n\n| column | meaning |\n|---|---|\n{columns}\n",
            about = t.about,
            rows = t.rows,
            columns = t.columns,
        ));
        Ok(())
    }
}

/// The start of the archive's README; a section per table follows.
const README_HEAD: &str = "# PSPM open data\n\n\
     Every public table of the Participatory Strategic Planning Module and every indicator \
     table, each as CSV (UTF-8, comma-separated, header row) and as Parquet.\n\n\
     Personal data are not included: no names, e-mail addresses or user ids; contributions \
     do not name their authors; demographic groups of fewer than 5 people are suppressed \
     (empty cells). Licence: see LICENSE.txt (CC BY 4.0).\n\n";

/// Writes the whole archive to `out`, table by table (large tables in parts
/// of `chunk` rows); what it holds in memory is one part, not the data.
pub fn write_zip<W: Write + Seek>(
    conn: &mut DbConn,
    cache: &Cache,
    out: W,
    chunk: i64,
) -> AppResult<W> {
    let mut archive = Archive::new(out);
    public_tables(conn, &mut archive, chunk)?;
    for t in indicator_tables(conn, cache)? {
        archive.whole(t)?;
    }
    archive.finish()
}

/// The whole archive in a temporary file (deleted when closed), positioned at its start.
pub fn zip_file(conn: &mut DbConn, cache: &Cache) -> AppResult<std::fs::File> {
    let file = tempfile::tempfile().map_err(io_err)?;
    let mut file = write_zip(conn, cache, file, PART_ROWS)?;
    file.rewind().map_err(io_err)?;
    Ok(file)
}
