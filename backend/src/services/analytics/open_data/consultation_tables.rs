//! The open-data tables of public plans' consultations, their contributions
//! (in parts) and the official responses.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use polars::prelude::*;

use super::{Sink, polars_err, stamp, table};
use crate::db::schema::{consultations, contributions, responses};
use crate::db::{DbConn, by_parts, in_chunks};
use crate::error::{AppError, AppResult};

/// Writes the tables of the consultations on `plan_ids`; contributions in parts of `chunk` rows.
pub(super) fn write(
    conn: &mut DbConn,
    sink: &mut dyn Sink,
    chunk: i64,
    plan_ids: &[i32],
) -> AppResult<()> {
    let cons: Vec<(i32, i32, String, NaiveDateTime, NaiveDateTime, String)> = consultations::table
        .filter(consultations::plan_id.eq_any(plan_ids))
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
    Ok(())
}
