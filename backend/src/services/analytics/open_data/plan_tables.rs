//! The open-data tables of organisations and of public plans: their nodes,
//! indicators, targets, measurements and attached files' descriptions.

use chrono::NaiveDate;
use diesel::prelude::*;
use polars::prelude::*;

use super::{Sink, date, polars_err, stamp, table};
use crate::db::DbConn;
use crate::db::attachment::Attachment;
use crate::db::schema::{
    consultations, indicator_targets, indicators, measurements, organisations, plan_nodes, plans,
    practices,
};
use crate::domain::{PlanStatus, PracticeStatus};
use crate::error::AppResult;

/// Writes the organisations' and public plans' tables; returns the plans' ids.
#[expect(clippy::type_complexity, reason = "tuples mirror the selected columns")]
pub(super) fn write(conn: &mut DbConn, sink: &mut dyn Sink) -> AppResult<Vec<i32>> {
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
        .filter(plans::status.ne(PlanStatus::Draft))
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
    // Public: what hangs on a public plan (itself, its nodes, its
    // consultations) and published or archived practices.
    let mut files = Attachment::of(conn, "plan", &plan_ids)?;
    files.extend(Attachment::of(conn, "node", &node_ids)?);
    let consultation_ids: Vec<i32> = consultations::table
        .filter(consultations::plan_id.eq_any(&plan_ids))
        .select(consultations::id)
        .load(conn)?;
    files.extend(Attachment::of(conn, "consultation", &consultation_ids)?);
    let practice_ids: Vec<i32> = practices::table
        .filter(practices::status.eq_any([PracticeStatus::Published, PracticeStatus::Archived]))
        .select(practices::id)
        .load(conn)?;
    files.extend(Attachment::of(conn, "practice", &practice_ids)?);
    sink.whole(table(
        "attachments",
        "Files attached to public plans, their nodes and consultations, and to published practices (the description; each file is at its url).",
        &[
            ("id", "Attachment id."),
            ("attached_to", "plan, node, consultation or practice."),
            ("attached_to_id", "The id of what it is attached to."),
            ("title", "Title."),
            ("lang", "Language of the document (it, en, es, lv)."),
            ("file_name", "Name of the file."),
            ("media_type", "Media type, detected from the content."),
            ("size_bytes", "Size in bytes."),
            ("sha256", "SHA-256 of the content."),
            ("created_at", "When it was attached (UTC)."),
            ("url", "Where to download it, from the site's address."),
        ],
        df!(
            "id" => files.iter().map(|a| a.id).collect::<Vec<_>>(),
            "attached_to" => files.iter().map(|a| a.parent_kind.clone()).collect::<Vec<_>>(),
            "attached_to_id" => files.iter().map(|a| a.parent_id).collect::<Vec<_>>(),
            "title" => files.iter().map(|a| a.title.clone()).collect::<Vec<_>>(),
            "lang" => files.iter().map(|a| a.lang.clone()).collect::<Vec<_>>(),
            "file_name" => files.iter().map(|a| a.file_name.clone()).collect::<Vec<_>>(),
            "media_type" => files.iter().map(|a| a.media_type.clone()).collect::<Vec<_>>(),
            "size_bytes" => files.iter().map(|a| a.size_bytes).collect::<Vec<_>>(),
            "sha256" => files.iter().map(|a| a.sha256.clone()).collect::<Vec<_>>(),
            "created_at" => files.iter().map(|a| stamp(a.created_at)).collect::<Vec<_>>(),
            "url" => files.iter().map(|a| format!("/attachments/{}", a.id)).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    Ok(plan_ids)
}
