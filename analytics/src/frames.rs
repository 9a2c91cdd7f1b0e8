//! Indicator outputs as polars `DataFrame`s for open data (CSV and Parquet),
//! with a data dictionary describing every column. Suppressed counts
//! (fewer than k = 5 people) are nulls; ratios are fractions 0–1, nulls where
//! their denominator is zero.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::exprs::checked;
use crate::model::{Breakdown, Count, Impact, Participation, QualityScore, Reuse};

mod dictionary;

pub use dictionary::dictionary;

/// Every indicator table for the outputs given, by name (`participation_*`,
/// `quality_*`, `impact_*`, `reuse_*`). Missing outputs give no tables; empty
/// outputs give tables without rows.
pub fn tables(
    p: Option<&Participation>,
    q: &[QualityScore],
    i: Option<&Impact>,
    r: Option<&Reuse>,
) -> Vec<(String, DataFrame)> {
    let mut out: Vec<(&str, PolarsResult<DataFrame>)> = Vec::new();
    if let Some(p) = p {
        out.extend(participation_tables(p));
    }
    out.extend(quality_tables(q));
    if let Some(i) = i {
        out.extend(impact_tables(i));
    }
    if let Some(r) = r {
        out.extend(reuse_tables(r));
    }
    out.into_iter()
        .map(|(name, df)| (name.to_owned(), checked(df, name)))
        .collect()
}

/// CSV (UTF-8, header row, comma-separated) of a table, safe to open in a
/// spreadsheet ([`crate::csv_cells`]).
pub fn write_csv(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut buf = Vec::new();
    crate::csv_cells::write(df, &mut buf, true)?;
    Ok(buf)
}

/// Parquet of a table.
pub fn write_parquet(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(df)?;
    Ok(buf)
}

type Tables = Vec<(&'static str, PolarsResult<DataFrame>)>;

/// A two-column table: a label column and a count column (nulls where suppressed).
fn count_table(label: &str, count: &str, rows: &[Count]) -> PolarsResult<DataFrame> {
    df!(
        label => rows.iter().map(|c| c.label.clone()).collect::<Vec<_>>(),
        count => rows.iter().map(|c| c.count).collect::<Vec<_>>(),
    )
}

fn participation_tables(p: &Participation) -> Tables {
    vec![
        (
            "participation_summary",
            df!(
                "participants" => [p.participants],
                "organisations" => [p.organisations],
                "local_share" => [p.local_share],
                "response_rate" => [p.response_rate],
                "median_days_to_response" => [p.median_days_to_response],
                "acceptance_rate" => [p.acceptance_rate],
                "influence" => [p.influence],
                "gini" => [p.gini],
                "top10_share" => [p.top10_share],
                "r_score" => [p.r_score],
                "retention" => [p.retention],
            ),
        ),
        (
            "participation_daily",
            df!(
                "day" => p.daily.iter().map(|d| d.day).collect::<Vec<_>>(),
                "active" => p.daily.iter().map(|d| d.active).collect::<Vec<_>>(),
                "new" => p.daily.iter().map(|d| d.new).collect::<Vec<_>>(),
                "cumulative" => p.daily.iter().map(|d| d.cumulative).collect::<Vec<_>>(),
            ),
        ),
        (
            "participation_by_organisation_kind",
            count_table("organisation_kind", "participants", &p.by_organisation_kind),
        ),
        (
            "participation_by_level",
            count_table("level", "participants", &p.by_level),
        ),
        (
            "participation_by_age_band",
            count_table("age_band", "participants", &p.by_age_band),
        ),
        (
            "participation_by_gender",
            count_table("gender", "participants", &p.by_gender),
        ),
        (
            "participation_by_kind",
            count_table("kind", "acts", &p.by_kind),
        ),
        (
            "participation_contributions_daily",
            df!(
                "day" => p.contributions_daily.iter().map(|c| c.label.parse::<NaiveDate>().ok()).collect::<Vec<_>>(),
                "contributions" => p.contributions_daily.iter().map(|c| c.count).collect::<Vec<_>>(),
            ),
        ),
        (
            "participation_responses_by_status",
            count_table("status", "responses", &p.responses_by_status),
        ),
        (
            "participation_representation",
            df!(
                "territory" => p.representation.iter().map(|r| r.territory.clone()).collect::<Vec<_>>(),
                "name" => p.representation.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
                "participants" => p.representation.iter().map(|r| r.participants).collect::<Vec<_>>(),
                "population" => p.representation.iter().map(|r| r.population).collect::<Vec<_>>(),
                "per_100k" => p.representation.iter().map(|r| r.per_100k).collect::<Vec<_>>(),
            ),
        ),
    ]
}

fn quality_tables(q: &[QualityScore]) -> Tables {
    let ratios: Vec<(&str, &str, Option<f64>)> = q
        .iter()
        .flat_map(|s| {
            s.ratios
                .iter()
                .map(|(name, v)| (s.dimension.as_str(), name.as_str(), *v))
        })
        .collect();
    vec![
        (
            "quality_scores",
            df!(
                "dimension" => q.iter().map(|s| s.dimension.clone()).collect::<Vec<_>>(),
                "mean" => q.iter().map(|s| s.mean).collect::<Vec<_>>(),
                "score" => q.iter().map(|s| s.score.map(i32::from)).collect::<Vec<_>>(),
            ),
        ),
        (
            "quality_ratios",
            df!(
                "dimension" => ratios.iter().map(|r| r.0).collect::<Vec<_>>(),
                "ratio" => ratios.iter().map(|r| r.1).collect::<Vec<_>>(),
                "value" => ratios.iter().map(|r| r.2).collect::<Vec<_>>(),
            ),
        ),
    ]
}

fn breakdown_table(label: &str, rows: &[Breakdown]) -> PolarsResult<DataFrame> {
    df!(
        label => rows.iter().map(|b| b.label.clone()).collect::<Vec<_>>(),
        "actions" => rows.iter().map(|b| b.actions).collect::<Vec<_>>(),
        "progress" => rows.iter().map(|b| b.progress).collect::<Vec<_>>(),
        "done_share" => rows.iter().map(|b| b.done_share).collect::<Vec<_>>(),
        "late_share" => rows.iter().map(|b| b.late_share).collect::<Vec<_>>(),
        "at_risk_share" => rows.iter().map(|b| b.at_risk_share).collect::<Vec<_>>(),
    )
}

fn impact_tables(i: &Impact) -> Tables {
    let o = i.overall.as_ref();
    let ind = &i.indicators;
    vec![
        (
            "impact_summary",
            df!(
                "progress" => [i.progress],
                "actions" => [o.map_or(0, |o| o.actions)],
                "action_progress" => [o.and_then(|o| o.progress)],
                "done_share" => [o.and_then(|o| o.done_share)],
                "late_share" => [o.and_then(|o| o.late_share)],
                "at_risk_share" => [o.and_then(|o| o.at_risk_share)],
            ),
        ),
        (
            "impact_indicators",
            df!(
                "indicator_id" => ind.iter().map(|s| s.id).collect::<Vec<_>>(),
                "node_id" => ind.iter().map(|s| s.node_id).collect::<Vec<_>>(),
                "name" => ind.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
                "unit" => ind.iter().map(|s| s.unit.clone()).collect::<Vec<_>>(),
                "baseline" => ind.iter().map(|s| s.baseline).collect::<Vec<_>>(),
                "target" => ind.iter().map(|s| s.target).collect::<Vec<_>>(),
                "target_date" => ind.iter().map(|s| s.target_date).collect::<Vec<_>>(),
                "latest" => ind.iter().map(|s| s.latest).collect::<Vec<_>>(),
                "achievement" => ind.iter().map(|s| s.achievement).collect::<Vec<_>>(),
                "status" => ind.iter().map(|s| s.status.clone()).collect::<Vec<_>>(),
                "forecast" => ind.iter().map(|s| s.forecast).collect::<Vec<_>>(),
            ),
        ),
        (
            "impact_by_status",
            count_table("status", "indicators", &i.by_status),
        ),
        ("impact_by_area", breakdown_table("area", &i.by_area)),
        ("impact_by_office", breakdown_table("office", &i.by_office)),
        (
            "impact_by_organisation",
            breakdown_table("organisation", &i.by_organisation),
        ),
        (
            "impact_by_territory",
            breakdown_table("territory", &i.by_territory),
        ),
    ]
}

fn reuse_tables(r: &Reuse) -> Tables {
    vec![
        (
            "reuse_summary",
            df!(
                "published" => [r.published],
                "confirmed_adoptions" => [r.confirmed_adoptions],
                "reuse_rate" => [r.reuse_rate],
                "territories_reached" => [r.territories_reached],
            ),
        ),
        (
            "reuse_by_policy_area",
            count_table("policy_area", "practices", &r.by_policy_area),
        ),
        (
            "reuse_by_level",
            count_table("level", "practices", &r.by_level),
        ),
        (
            "reuse_by_stage",
            count_table("stage", "practices", &r.by_stage),
        ),
        (
            "reuse_adoptions_by_territory",
            count_table("territory", "adoptions", &r.adoptions_by_territory),
        ),
        (
            "reuse_top",
            df!(
                "practice_id" => r.top_reused.iter().map(|t| t.0).collect::<Vec<_>>(),
                "title" => r.top_reused.iter().map(|t| t.1.clone()).collect::<Vec<_>>(),
                "confirmed_adoptions" => r.top_reused.iter().map(|t| t.2).collect::<Vec<_>>(),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::model::{DailyParticipants, Representation};

    fn sample_participation() -> Participation {
        Participation {
            participants: Some(12),
            daily: vec![DailyParticipants {
                day: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                active: Some(12),
                new: Some(12),
                cumulative: Some(12),
            }],
            by_organisation_kind: vec![
                Count {
                    label: "citizen".into(),
                    count: None,
                },
                Count {
                    label: "region".into(),
                    count: Some(9),
                },
            ],
            contributions_daily: vec![Count {
                label: "2026-03-01".into(),
                count: Some(3),
            }],
            representation: vec![Representation {
                territory: "ITI4".into(),
                name: "Lazio".into(),
                participants: None,
                population: 5_700_000,
                per_100k: None,
            }],
            response_rate: Some(0.5),
            ..Participation::default()
        }
    }

    fn all_tables() -> Vec<(String, DataFrame)> {
        let p = sample_participation();
        let q = crate::quality::quality(&p, &[], &[]);
        tables(
            Some(&p),
            &q,
            Some(&Impact::default()),
            Some(&Reuse::default()),
        )
    }

    #[test]
    fn every_column_has_a_dictionary_entry_and_back() {
        let produced: BTreeSet<(String, String)> = all_tables()
            .iter()
            .flat_map(|(name, df)| {
                df.get_column_names()
                    .into_iter()
                    .map(|c| (name.clone(), c.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let documented: BTreeSet<(String, String)> = dictionary()
            .into_iter()
            .map(|(t, c, _)| (t.to_owned(), c.to_owned()))
            .collect();
        let undocumented: Vec<_> = produced.difference(&documented).collect();
        assert!(undocumented.is_empty(), "undocumented: {undocumented:?}");
        let stale: Vec<_> = documented.difference(&produced).collect();
        assert!(stale.is_empty(), "documented but not produced: {stale:?}");
        assert_eq!(dictionary().len(), documented.len(), "duplicate entries");
    }

    #[test]
    fn suppressed_counts_are_nulls_and_dates_are_dates() {
        let t = all_tables();
        let get = |name: &str| &t.iter().find(|(n, _)| n == name).unwrap().1;
        let kinds = get("participation_by_organisation_kind");
        let counts: Vec<Option<i64>> = kinds
            .column("participants")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(counts, vec![None, Some(9)]);
        let daily = get("participation_contributions_daily");
        assert_eq!(daily.column("day").unwrap().dtype(), &DataType::Date);
        assert_eq!(get("participation_summary").height(), 1);
        assert_eq!(get("impact_indicators").height(), 0);
        assert_eq!(get("quality_scores").height(), 3);
    }

    #[test]
    fn only_given_outputs_give_tables() {
        let t = tables(None, &[], None, Some(&Reuse::default()));
        let names: Vec<&str> = t.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names
                .iter()
                .all(|n| n.starts_with("reuse_") || n.starts_with("quality_"))
        );
        assert!(names.contains(&"reuse_top"));
        assert!(!names.iter().any(|n| n.starts_with("participation_")));
    }

    #[test]
    fn csv_and_parquet_output() {
        let t = all_tables();
        let mut kinds = t
            .into_iter()
            .find(|(n, _)| n == "participation_by_organisation_kind")
            .unwrap()
            .1;
        let csv = String::from_utf8(write_csv(&mut kinds).unwrap()).unwrap();
        assert_eq!(csv, "organisation_kind,participants\ncitizen,\nregion,9\n");
        let parquet = write_parquet(&mut kinds).unwrap();
        assert_eq!(&parquet[..4], b"PAR1");
        assert_eq!(&parquet[parquet.len() - 4..], b"PAR1");
    }
}
