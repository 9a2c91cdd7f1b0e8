//! The open-data tables of published good practices: their texts, tags,
//! SDGs and confirmed adoptions.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use polars::prelude::*;

use super::{Sink, polars_err, table};
use crate::db::schema::{
    practice_adoptions, practice_sdgs, practice_tags, practice_texts, practices,
};
use crate::db::{DbConn, in_chunks};
use crate::domain::{AdoptionStatus, PracticeStatus};
use crate::error::AppResult;

/// Writes the published practices' tables.
pub(super) fn write(conn: &mut DbConn, sink: &mut dyn Sink) -> AppResult<()> {
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
        .filter(practices::status.eq(PracticeStatus::Published))
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
                practice_texts::how_to_use,
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
            ("how_to_use", "How to use it."),
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
            "how_to_use" => texts.iter().map(|t| t.9.clone()).collect::<Vec<_>>(),
        )
        .map_err(polars_err)?,
    ))?;
    let adoptions: Vec<(i32, i32, NaiveDate, String, String)> = practice_adoptions::table
        .filter(
            practice_adoptions::practice_id.eq_any(
                practices::table
                    .filter(practices::status.eq(PracticeStatus::Published))
                    .select(practices::id),
            ),
        )
        .filter(practice_adoptions::status.eq(AdoptionStatus::Confirmed))
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
