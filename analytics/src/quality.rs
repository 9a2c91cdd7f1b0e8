//! Democratic quality (DESIGN.md "Participation", after Decidim): three
//! dimensions, each the mean of its ratios mapped to 1–5 points.
//!
//! DESIGN.md names the dimensions but not their ratios; these are ours:
//! - **influence** = [acceptance rate, influence (actions from proposals / actions)];
//! - **transparency** = [response rate, share of responses given within
//!   [`RESPONSE_DAYS`] days of the contribution (over top-level contributions
//!   with a response date)];
//! - **traceability** = [share of accepted or partially accepted top-level
//!   proposals that became an action, share of actions with an indicator].
//!
//! The mean is over the ratios that have a value (a zero denominator leaves a
//! ratio out); a dimension with no ratio at all has no mean and no score.

use polars::prelude::PolarsResult;

use crate::activity::{Contributions, Written, is_accepted};
use crate::exprs::{checked, fraction, share_true};
use crate::model::{ActKind, ActionRow, ContributionRow, Participation, QualityScore};

/// A response within this many days counts as timely (transparency).
pub const RESPONSE_DAYS: f64 = 30.0;

/// Points for a ratio in 0–1: ≤ 20 % → 1, ≤ 40 % → 2, ≤ 60 % → 3, ≤ 80 % → 4,
/// else 5 (a NaN gets 1). A tolerance of 1e-9 keeps 0.4 computed as
/// 0.1 + 0.3 in the 2-point band.
pub fn points(ratio: f64) -> u8 {
    const EPS: f64 = 1e-9;
    if ratio.is_nan() || ratio <= 0.2 + EPS {
        1
    } else if ratio <= 0.4 + EPS {
        2
    } else if ratio <= 0.6 + EPS {
        3
    } else if ratio <= 0.8 + EPS {
        4
    } else {
        5
    }
}

/// The three quality dimensions, in the order influence, transparency, traceability.
pub fn quality(
    p: &Participation,
    contributions: &[ContributionRow],
    actions: &[ActionRow],
) -> Vec<QualityScore> {
    quality_from(p, &Counts::of(contributions), actions)
}

/// What the ratios count of the top-level contributions, beside the
/// participation indicators: gathered one contribution at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// With a response date within [`RESPONSE_DAYS`].
    timely: i64,
    /// With a response date.
    dated: i64,
    /// Accepted or partially accepted proposals.
    proposals: i64,
    /// Of those, the ones that became an action.
    became: i64,
}

impl Counts {
    /// Counts one contribution.
    pub(crate) fn add(&mut self, c: &Written) {
        if c.is_reply {
            return;
        }
        if let Some(days) = c.response_days {
            self.dated += 1;
            self.timely += i64::from(days <= RESPONSE_DAYS);
        }
        if c.kind == ActKind::Proposal && is_accepted(c.status) {
            self.proposals += 1;
            self.became += i64::from(c.became_action);
        }
    }

    fn of(contributions: &(impl Contributions + ?Sized)) -> Self {
        let mut n = Self::default();
        contributions.each_contribution(|c| n.add(&c));
        n
    }
}

/// [`quality`] from the counts gathered beside the participation
/// indicators ([`Gathered`](crate::participation::Gathered)).
pub fn quality_from(
    p: &Participation,
    counts: &Counts,
    actions: &[ActionRow],
) -> Vec<QualityScore> {
    let extra = checked(ratios(counts, actions), "quality ratios");
    vec![
        score(
            "influence",
            vec![
                ("acceptance_rate", p.acceptance_rate),
                ("influence", p.influence),
            ],
        ),
        score(
            "transparency",
            vec![
                ("response_rate", p.response_rate),
                ("timely_response_share", extra.timely),
            ],
        ),
        score(
            "traceability",
            vec![
                ("accepted_proposals_to_actions", extra.proposals_to_actions),
                ("actions_with_indicator", extra.actions_with_indicator),
            ],
        ),
    ]
}

/// One dimension from its named ratios.
fn score(dimension: &str, ratios: Vec<(&str, Option<f64>)>) -> QualityScore {
    let values: Vec<f64> = ratios.iter().filter_map(|r| r.1).collect();
    let mean = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
    QualityScore {
        dimension: dimension.into(),
        ratios: ratios
            .into_iter()
            .map(|(name, v)| (name.to_owned(), v))
            .collect(),
        mean,
        score: mean.map(points),
    }
}

#[derive(Default)]
struct Ratios {
    timely: Option<f64>,
    proposals_to_actions: Option<f64>,
    actions_with_indicator: Option<f64>,
}

fn ratios(n: &Counts, actions: &[ActionRow]) -> PolarsResult<Ratios> {
    Ok(Ratios {
        timely: fraction(n.timely, n.dated),
        proposals_to_actions: fraction(n.became, n.proposals),
        actions_with_indicator: share_true(actions.iter().map(|a| a.has_indicator).collect())?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;

    fn at(hours: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            + chrono::Duration::hours(hours)
    }

    fn contribution(
        kind: &'static str,
        status: Option<&'static str>,
        hours: Option<i64>,
    ) -> ContributionRow {
        ContributionRow {
            id: 1,
            consultation_id: 1,
            author_id: 1,
            kind: ActKind::parse(kind).expect("a kind"),
            is_reply: false,
            created_at: at(0),
            response_status: status,
            responded_at: hours.map(at),
            became_action: false,
        }
    }

    fn action(has_indicator: bool) -> ActionRow {
        ActionRow {
            node_id: 1,
            from_proposal: false,
            has_indicator,
        }
    }

    #[test]
    fn points_bands_and_edges() {
        assert_eq!(points(0.0), 1);
        assert_eq!(points(0.2), 1);
        assert_eq!(points(0.2001), 2);
        assert_eq!(points(0.1 + 0.3), 2);
        assert_eq!(points(0.4), 2);
        assert_eq!(points(0.6), 3);
        assert_eq!(points(0.61), 4);
        assert_eq!(points(0.8), 4);
        assert_eq!(points(0.81), 5);
        assert_eq!(points(1.0), 5);
        assert_eq!(points(f64::NAN), 1);
    }

    #[test]
    fn dimensions_from_hand_computed_ratios() {
        let p = Participation {
            acceptance_rate: Some(0.5),
            influence: Some(0.9),
            response_rate: Some(1.0),
            ..Participation::default()
        };
        let mut became = contribution("proposal", Some("accepted"), Some(24));
        became.became_action = true;
        let mut reply = contribution("proposal", Some("accepted"), Some(24 * 100));
        reply.is_reply = true;
        let contributions = [
            became,                                                              // 1 day
            contribution("proposal", Some("partially_accepted"), Some(24 * 30)), // 30 days
            contribution("proposal", Some("rejected"), Some(24 * 31)),           // 31 days
            contribution("comment", Some("accepted"), Some(24 * 40)),            // 40 days
            contribution("proposal", None, None),
            reply, // ignored
        ];
        let actions = [action(true), action(false), action(false), action(false)];
        let q = quality(&p, &contributions, &actions);
        let dims: Vec<&str> = q.iter().map(|s| s.dimension.as_str()).collect();
        assert_eq!(dims, ["influence", "transparency", "traceability"]);

        // influence: mean(0.5, 0.9) = 0.7 → 4.
        assert!((q[0].mean.unwrap() - 0.7).abs() < 1e-12);
        assert_eq!(q[0].score, Some(4));
        // transparency: mean(1.0, 2/4) = 0.75 → 4.
        assert_eq!(q[1].ratios[1], ("timely_response_share".into(), Some(0.5)));
        assert_eq!(q[1].mean, Some(0.75));
        assert_eq!(q[1].score, Some(4));
        // traceability: mean(1/2, 1/4) = 0.375 → 2.
        assert_eq!(
            q[2].ratios,
            vec![
                ("accepted_proposals_to_actions".into(), Some(0.5)),
                ("actions_with_indicator".into(), Some(0.25)),
            ]
        );
        assert_eq!(q[2].mean, Some(0.375));
        assert_eq!(q[2].score, Some(2));
    }

    #[test]
    fn missing_ratios_are_left_out_of_the_mean() {
        let p = Participation {
            acceptance_rate: None,
            influence: Some(0.1),
            ..Participation::default()
        };
        let q = quality(&p, &[], &[]);
        assert_eq!(q[0].mean, Some(0.1));
        assert_eq!(q[0].score, Some(1));
        assert_eq!(q[1].mean, None);
        assert_eq!(q[1].score, None);
        assert_eq!(q[2].ratios[0].1, None);
        assert_eq!(q[2].ratios[1].1, None);
        assert_eq!(q[2].score, None);
    }
}
