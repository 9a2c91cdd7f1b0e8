//! Reuse of good practices (DESIGN.md "Good practices"): published practices
//! by policy area, level and stage; confirmed adoptions; reuse rate;
//! territories reached; the most reused practices.
//!
//! Choices where DESIGN.md is silent: only `published` practices count, and
//! only `confirmed` adoptions of published practices; practices or adoptions
//! without a policy area, level, stage or territory are left out of that
//! table; `top_reused` lists practices with at least one confirmed adoption,
//! most adopted first, ties by title then id.

use std::collections::HashSet;

use polars::prelude::*;

use crate::counts::plain;
use crate::exprs::{checked, count_by, i64s, rows, scalar_i64, strs};
use crate::model::{AdoptionRow, Count, PracticeRow, Reuse};

/// How many practices `top_reused` lists at most.
pub const TOP: usize = 10;

/// Reuse indicators over all practices and adoptions given.
pub fn reuse(practices: &[PracticeRow], adoptions: &[AdoptionRow]) -> Reuse {
    checked(compute(practices, adoptions), "reuse")
}

fn compute(practices: &[PracticeRow], adoptions: &[AdoptionRow]) -> PolarsResult<Reuse> {
    let published: Vec<&PracticeRow> = practices.iter().filter(|p| p.published).collect();
    let ids: HashSet<i32> = published.iter().map(|p| p.id).collect();
    let confirmed: Vec<&AdoptionRow> = adoptions
        .iter()
        .filter(|a| a.confirmed && ids.contains(&a.practice_id))
        .collect();

    let practices_df = df!(
        "practice_id" => published.iter().map(|p| p.id).collect::<Vec<_>>(),
        "title" => published.iter().map(|p| p.title.clone()).collect::<Vec<_>>(),
        "policy_area" => published.iter().map(|p| p.policy_area.clone()).collect::<Vec<_>>(),
        "level" => published.iter().map(|p| p.level.clone()).collect::<Vec<_>>(),
        "stage" => published.iter().map(|p| p.stage.clone()).collect::<Vec<_>>(),
    )?;
    let adoptions_df = df!(
        "practice_id" => confirmed.iter().map(|a| a.practice_id).collect::<Vec<_>>(),
        "territory" => confirmed.iter().map(|a| a.territory.clone()).collect::<Vec<_>>(),
    )?;
    let table =
        |lf: LazyFrame, by: &str| -> PolarsResult<Vec<Count>> { Ok(plain(count_by(lf, by)?)) };

    let per_practice = adoptions_df
        .clone()
        .lazy()
        .group_by([col("practice_id")])
        .agg([rows().alias("adoptions")]);
    let top = practices_df
        .clone()
        .lazy()
        .inner_join(per_practice, col("practice_id"), col("practice_id"))
        .sort(
            ["adoptions", "title", "practice_id"],
            SortMultipleOptions::default().with_order_descending_multi([true, false, false]),
        )
        .limit(TOP as IdxSize)
        .collect()?;
    let adopted = adoptions_df
        .clone()
        .lazy()
        .select([
            col("practice_id")
                .n_unique()
                .cast(DataType::Int64)
                .alias("practices"),
            col("territory")
                .drop_nulls()
                .n_unique()
                .cast(DataType::Int64)
                .alias("territories"),
        ])
        .collect()?;
    let adopted_practices = scalar_i64(&adopted, "practices")?;

    Ok(Reuse {
        published: published.len() as i64,
        by_policy_area: table(practices_df.clone().lazy(), "policy_area")?,
        by_level: table(practices_df.clone().lazy(), "level")?,
        by_stage: table(practices_df.lazy(), "stage")?,
        confirmed_adoptions: confirmed.len() as i64,
        reuse_rate: (!published.is_empty())
            .then(|| adopted_practices as f64 / published.len() as f64),
        territories_reached: scalar_i64(&adopted, "territories")?,
        adoptions_by_territory: table(adoptions_df.lazy(), "territory")?,
        top_reused: i64s(&top, "practice_id")?
            .into_iter()
            .zip(strs(&top, "title")?)
            .zip(i64s(&top, "adoptions")?)
            .map(|((id, title), n)| {
                (
                    id.and_then(|v| i32::try_from(v).ok()).unwrap_or_default(),
                    title.unwrap_or_default(),
                    n.unwrap_or(0),
                )
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn practice(id: i32, title: &str, published: bool, area: Option<&str>) -> PracticeRow {
        PracticeRow {
            id,
            title: title.into(),
            published,
            policy_area: area.map(Into::into),
            level: Some("local".into()),
            stage: None,
        }
    }

    fn adoption(practice_id: i32, territory: Option<&str>, confirmed: bool) -> AdoptionRow {
        AdoptionRow {
            practice_id,
            organisation_id: 1,
            territory: territory.map(Into::into),
            confirmed,
            adopted_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        }
    }

    fn count(label: &str, n: i64) -> Count {
        Count {
            label: label.into(),
            count: Some(n),
        }
    }

    #[test]
    fn published_confirmed_rate_and_top() {
        let practices = [
            practice(1, "Beta", true, Some("health")),
            practice(2, "Alpha", true, Some("health")),
            practice(3, "Gamma", true, Some("schools")),
            practice(4, "Draft", false, Some("health")),
            practice(5, "Delta", true, None),
        ];
        let adoptions = [
            adoption(1, Some("ITI4"), true),
            adoption(2, Some("ITH5"), true),
            adoption(2, Some("ITI4"), true),
            adoption(1, Some("ITC1"), true),
            adoption(3, None, false),
            adoption(3, Some("ITF3"), false),
            adoption(4, Some("ITF3"), true), // not published
            adoption(5, None, true),
        ];
        let r = reuse(&practices, &adoptions);
        assert_eq!(r.published, 4);
        assert_eq!(
            r.by_policy_area,
            vec![count("health", 2), count("schools", 1)]
        );
        assert_eq!(r.by_level, vec![count("local", 4)]);
        assert!(r.by_stage.is_empty());
        assert_eq!(r.confirmed_adoptions, 5);
        assert_eq!(r.reuse_rate, Some(0.75)); // 1, 2 and 5 of 4
        assert_eq!(r.territories_reached, 3);
        assert_eq!(
            r.adoptions_by_territory,
            vec![count("ITC1", 1), count("ITH5", 1), count("ITI4", 2)]
        );
        // Tie on 2 adoptions broken by title.
        assert_eq!(
            r.top_reused,
            vec![
                (2, "Alpha".into(), 2),
                (1, "Beta".into(), 2),
                (5, "Delta".into(), 1)
            ]
        );
    }

    #[test]
    fn top_is_capped_and_empty_input_is_empty() {
        let practices: Vec<PracticeRow> = (1..=12)
            .map(|i| practice(i, &format!("P{i:02}"), true, None))
            .collect();
        let adoptions: Vec<AdoptionRow> = (1..=12).map(|i| adoption(i, None, true)).collect();
        let r = reuse(&practices, &adoptions);
        assert_eq!(r.top_reused.len(), TOP);
        assert_eq!(r.top_reused[0].1, "P01");
        assert_eq!(r.territories_reached, 0);
        assert_eq!(reuse(&[], &[]), Reuse::default());
        let none_adopted = reuse(&practices[..1], &[]);
        assert_eq!(none_adopted.reuse_rate, Some(0.0));
    }
}
