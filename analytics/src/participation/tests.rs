//! Hand-computed cases for the participation indicators.

use chrono::NaiveDateTime;

use super::*;
use crate::model::{ActKind, Count};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(day: &str, hour: u32) -> NaiveDateTime {
    d(day).and_hms_opt(hour, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    d("2026-06-01")
}

fn person(user_id: i32) -> Participant {
    Participant {
        user_id,
        ..Participant::default()
    }
}

fn act(user_id: i32, consultation_id: i32, kind: &'static str, day: &str) -> Act {
    Act {
        user_id,
        consultation_id,
        kind: ActKind::parse(kind).expect("a kind"),
        at: at(day, 10),
    }
}

fn contribution(id: i32, author_id: i32, kind: &'static str) -> ContributionRow {
    ContributionRow {
        id,
        consultation_id: 1,
        author_id,
        kind: ActKind::parse(kind).expect("a kind"),
        is_reply: false,
        created_at: at("2026-03-01", 0),
        response_status: None,
        responded_at: None,
        became_action: false,
    }
}

fn answered(mut c: ContributionRow, status: &'static str, hours: i64) -> ContributionRow {
    c.response_status = Some(status);
    c.responded_at = Some(c.created_at + chrono::Duration::hours(hours));
    c
}

/// A day's published counts: active, new, cumulative.
type Day<D> = (D, Option<i64>, Option<i64>, Option<i64>);

/// What a people count of the selection of `ids` is published as: 1–4
/// hidden, the rest randomly rounded to a multiple of 5.
fn shown(ids: impl IntoIterator<Item = i32>, label: &str, n: i64) -> Option<i64> {
    let mut r = crate::rounding::Rounder::default();
    ids.into_iter().for_each(|id| r.add(id));
    crate::counts::people(n).map(|n| r.round(label, n))
}

/// Each act five times, by five people: user `u` becomes `10 u + k`.
fn by_five(acts: &[Act]) -> Vec<Act> {
    acts.iter()
        .flat_map(|a| {
            (0..5).map(move |k| Act {
                user_id: a.user_id * 10 + k,
                ..a.clone()
            })
        })
        .collect()
}

fn count(label: &str, n: Option<i64>) -> Count {
    Count {
        label: label.into(),
        count: n,
    }
}

fn run(
    people: &[Participant],
    acts: &[Act],
    contributions: &[ContributionRow],
    actions: &[ActionRow],
    population: &[Population],
) -> Participation {
    participation(people, acts, contributions, actions, population, today())
}

#[test]
fn empty_input_gives_zero_counts_and_no_ratios() {
    let p = run(&[], &[], &[], &[], &[]);
    assert_eq!(
        p,
        Participation {
            participants: Some(0),
            ..Participation::default()
        }
    );
}

#[test]
fn daily_active_new_and_cumulative() {
    let acts = [
        act(1, 1, "comment", "2026-03-01"),
        act(1, 1, "support", "2026-03-01"),
        act(2, 1, "support", "2026-03-01"),
        act(1, 1, "priority", "2026-03-02"),
        act(3, 1, "comment", "2026-03-04"),
        act(2, 1, "comment", "2026-03-04"),
    ];
    let rows = |p: &Participation| -> Vec<Day<NaiveDate>> {
        p.daily
            .iter()
            .map(|r| (r.day, r.active, r.new, r.cumulative))
            .collect()
    };
    let p = run(&[], &by_five(&acts), &[], &[], &[]);
    assert_eq!(
        rows(&p),
        vec![
            (d("2026-03-01"), Some(10), Some(10), Some(10)),
            (d("2026-03-02"), Some(5), Some(0), Some(10)),
            (d("2026-03-04"), Some(10), Some(5), Some(15)),
        ]
    );
    // Users seen only in acts count as participants without an organisation.
    assert_eq!(p.participants, Some(15));
    // Three people: no count of 1–4 is published, and nothing is broken down.
    let p = run(&[], &acts, &[], &[], &[]);
    assert_eq!(
        rows(&p),
        vec![
            (d("2026-03-01"), None, None, None),
            (d("2026-03-02"), None, Some(0), None),
            (d("2026-03-04"), None, None, None),
        ]
    );
    assert_eq!(p.participants, None);
    assert!(p.by_organisation_kind.is_empty());
}

#[test]
fn organisations_and_kinds_with_citizens() {
    let mut people: Vec<Participant> = (1..=12).map(person).collect();
    for p in &mut people[..6] {
        p.organisation_kind = Some("region".into());
        p.organisation_id = Some(if p.user_id <= 3 { 10 } else { 11 });
    }
    for p in &mut people[6..7] {
        p.organisation_kind = Some("municipality".into());
        p.organisation_id = Some(20);
    }
    let p = run(&people, &[], &[], &[], &[]);
    assert_eq!(p.participants, Some(12));
    assert_eq!(p.organisations, 3);
    // citizen 5, municipality 1 (hidden), region 6: the smallest other (5) is hidden too.
    assert_eq!(
        p.by_organisation_kind,
        vec![
            count("citizen", None),
            count("municipality", None),
            count("region", shown(1..=12, "region", 6)),
        ]
    );
    assert!(matches!(p.by_organisation_kind[2].count, Some(5 | 10)));
}

#[test]
fn suppression_four_versus_five() {
    assert_eq!(suppressed(&[5, 10]), vec![false, false]);
    assert_eq!(suppressed(&[4, 5, 10]), vec![true, true, false]);
    assert_eq!(suppressed(&[4, 3, 10]), vec![true, true, false]);
    assert_eq!(suppressed(&[0, 4, 7]), vec![false, true, true]);
    assert_eq!(suppressed(&[1, 6, 6]), vec![true, true, false]); // tie: the first
    assert_eq!(suppressed(&[4]), vec![true]);
    assert_eq!(suppressed(&[]), Vec::<bool>::new());

    // Through participation: 5 "f", 6 "m", 4 "x", one undeclared → x and f hidden.
    let mut people = Vec::new();
    for (gender, n) in [("f", 5), ("m", 6), ("x", 4)] {
        for _ in 0..n {
            let mut p = person(people.len() as i32 + 1);
            p.gender = Some(gender.into());
            p.age_band = Some(if gender == "f" { "18-29" } else { "30-44" }.into());
            people.push(p);
        }
    }
    let mut undeclared = person(16);
    undeclared.age_band = Some("30-44".into());
    people.push(undeclared);
    let p = run(&people, &[], &[], &[], &[]);
    assert_eq!(
        p.by_gender,
        vec![
            count("f", None),
            count("m", shown(1..=16, "m", 6)),
            count("x", None)
        ]
    );
    // 5 and 11: nothing small, nothing hidden (5 is a multiple of 5 already).
    assert_eq!(
        p.by_age_band,
        vec![
            count("18-29", Some(5)),
            count("30-44", shown(1..=16, "30-44", 11))
        ]
    );
    assert!(p.by_level.is_empty());
}

#[test]
fn levels_and_local_share() {
    let mut people: Vec<Participant> = (1..=3).map(person).collect();
    people[0].organisation_level = Some("local".into());
    people[1].organisation_level = Some("national".into());
    let contributions = [
        contribution(1, 1, "comment"),
        contribution(2, 1, "proposal"),
        contribution(3, 2, "comment"),
        contribution(4, 3, "comment"),
        contribution(5, 3, "comment"),
    ];
    let p = run(&people, &[], &contributions, &[], &[]);
    assert_eq!(p.local_share, Some(2.0 / 3.0));
    // Three people: the share counts contributions, but no table breaks
    // the people down.
    assert!(p.by_level.is_empty());
    // Only citizens: no denominator.
    let p = run(&people[2..], &[], &contributions[3..], &[], &[]);
    assert_eq!(p.local_share, None);
}

#[test]
fn kinds_and_contributions_per_day() {
    let mut late = contribution(3, 2, "comment");
    late.created_at = at("2026-03-02", 9);
    let contributions = [
        contribution(1, 1, "comment"),
        contribution(2, 1, "proposal"),
        late,
    ];
    let acts = [
        act(1, 1, "comment", "2026-03-01"),
        act(1, 1, "support", "2026-03-01"),
        act(2, 1, "support", "2026-03-01"),
        act(3, 1, "support", "2026-03-01"),
        act(3, 1, "priority", "2026-03-01"),
    ];
    let p = run(&[], &acts, &contributions, &[], &[]);
    assert_eq!(
        p.by_kind,
        vec![
            count("comment", Some(2)),
            count("priority", Some(1)),
            count("proposal", Some(1)),
            count("support", Some(3)),
        ]
    );
    assert_eq!(
        p.contributions_daily,
        vec![count("2026-03-01", Some(2)), count("2026-03-02", Some(1))]
    );
}

#[test]
fn responses_rate_median_and_acceptance() {
    let mut reply = answered(contribution(5, 1, "comment"), "accepted", 12);
    reply.is_reply = true;
    let contributions = [
        answered(contribution(1, 1, "proposal"), "accepted", 60), // 2.5 days
        answered(contribution(2, 1, "comment"), "rejected", 24),  // 1 day
        answered(contribution(3, 2, "proposal"), "partially_accepted", 96), // 4 days
        contribution(4, 2, "comment"),
        reply,
    ];
    let p = run(&[], &[], &contributions, &[], &[]);
    assert_eq!(p.response_rate, Some(0.75));
    assert_eq!(p.median_days_to_response, Some(2.5));
    assert_eq!(p.acceptance_rate, Some(2.0 / 3.0));
    assert_eq!(
        p.responses_by_status,
        vec![
            count("accepted", Some(1)),
            count("partially_accepted", Some(1)),
            count("rejected", Some(1)),
        ]
    );
    // Even number of responses: the median is the mean of the middle two.
    let p = run(&[], &[], &contributions[..2], &[], &[]);
    assert_eq!(p.median_days_to_response, Some(1.75));
    // Nothing answered: a rate of 0, but no acceptance rate nor median.
    let p = run(&[], &[], &contributions[3..4], &[], &[]);
    assert_eq!(p.response_rate, Some(0.0));
    assert_eq!(p.acceptance_rate, None);
    assert_eq!(p.median_days_to_response, None);
    // Only replies: no top-level contribution, no rate.
    let p = run(&[], &[], &contributions[4..], &[], &[]);
    assert_eq!(p.response_rate, None);
}

#[test]
fn influence_share_of_actions_from_proposals() {
    let action = |node_id, from_proposal| ActionRow {
        node_id,
        from_proposal,
        has_indicator: false,
    };
    let actions = [
        action(1, true),
        action(2, false),
        action(3, false),
        action(4, false),
    ];
    assert_eq!(run(&[], &[], &[], &actions, &[]).influence, Some(0.25));
    assert_eq!(run(&[], &[], &[], &[], &[]).influence, None);
}

#[test]
fn gini_formula() {
    assert_eq!(gini(&[3, 3, 3, 3]), Some(0.0));
    // One of four does everything: (n − 1) / n.
    assert_eq!(gini(&[0, 10, 0, 0]), Some(0.75));
    // 1, 2, 3: 2·(1 + 4 + 9) / (3·6) − 4/3 = 2/9.
    assert!((gini(&[3, 1, 2]).unwrap() - 2.0 / 9.0).abs() < 1e-12);
    assert_eq!(gini(&[]), None);
    assert_eq!(gini(&[0, 0]), None);
}

#[test]
fn top_share_formula() {
    assert_eq!(top_share(&[1; 10], 0.1), Some(0.1));
    // 11 people: the top ⌈1.1⌉ = 2 hold 10 + 1 of 20.
    let mut v = vec![1; 10];
    v.push(10);
    assert_eq!(top_share(&v, 0.1), Some(0.55));
    assert_eq!(top_share(&[5, 5, 5], 0.1), Some(1.0 / 3.0)); // ties
    assert_eq!(top_share(&[], 0.1), None);
    assert_eq!(top_share(&[0, 0], 0.1), None);
}

#[test]
fn concentration_from_contributions() {
    let contributions: Vec<ContributionRow> = (1..=4)
        .map(|i| contribution(i, 1, "comment"))
        .chain([contribution(5, 2, "comment")])
        .collect();
    let p = run(&[], &[], &contributions, &[], &[]);
    // Values 1 and 4: 2·(1 + 8) / (2·5) − 3/2 = 0.3.
    assert!((p.gini.unwrap() - 0.3).abs() < 1e-12);
    assert_eq!(p.top10_share, Some(0.8));
}

fn pop(territory: &str, population: i64) -> Population {
    Population {
        territory: territory.into(),
        name: territory.to_lowercase(),
        population,
    }
}

#[test]
fn representation_prefixes_suppression_and_r_score() {
    let mut people = Vec::new();
    let mut add = |n: usize, territory: &str| {
        for _ in 0..n {
            let mut p = person(people.len() as i32 + 1);
            p.territory = Some(territory.into());
            people.push(p);
        }
    };
    add(5, "ITH55"); // NUTS 3 in Emilia-Romagna
    add(1, "ITH5");
    add(10, "ITI4");
    add(3, "ITC1");
    add(2, "FR10"); // outside the reference
    let population = [
        pop("ITI4", 5_000_000),
        pop("ITH5", 4_000_000),
        pop("ITC1", 1_000_000),
        pop("ITF2", 300_000),
    ];
    let p = run(&people, &[], &[], &[], &population);
    let rows: Vec<(&str, Option<i64>, Option<f64>)> = p
        .representation
        .iter()
        .map(|r| (r.territory.as_str(), r.participants, r.per_100k))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("ITC1", None, None),
            ("ITF2", Some(0), Some(0.0)),
            ("ITH5", None, None), // secondary suppression (6)
            ("ITI4", Some(10), Some(0.2)),
        ]
    );
    // 6 / 4 M against 10 / 5 M.
    assert!((p.r_score.unwrap() - 0.75).abs() < 1e-12);
}

#[test]
fn r_score_needs_two_territories_with_five() {
    assert_eq!(r_score(&[(5, 100), (10, 100)]), Some(0.5));
    assert_eq!(r_score(&[(4, 100), (10, 100), (5, 50)]), Some(1.0));
    assert_eq!(r_score(&[(10, 100), (4, 100)]), None);
    assert_eq!(r_score(&[(10, 0), (10, 100)]), None);
    assert_eq!(r_score(&[]), None);
}

#[test]
fn retention_counts_people_in_two_consultations() {
    let acts = [
        act(1, 1, "comment", "2026-03-01"),
        act(1, 2, "support", "2026-03-02"),
        act(2, 1, "comment", "2026-03-01"),
        act(2, 1, "support", "2026-03-03"),
        act(3, 3, "comment", "2026-03-01"),
    ];
    let people: Vec<Participant> = (1..=4)
        .flat_map(|u| (0..5).map(move |k| person(u * 10 + k)))
        .collect();
    let p = run(&people, &by_five(&acts), &[], &[], &[]);
    assert_eq!(p.retention, Some(0.25));
    assert_eq!(
        run(&[], &by_five(&acts), &[], &[], &[]).retention,
        Some(1.0 / 3.0)
    );
    // Four people: a ratio about them is not published.
    let four: Vec<Participant> = (1..=4).map(person).collect();
    assert_eq!(run(&four, &acts, &[], &[], &[]).retention, None);
}

#[test]
fn far_apart_ids_and_unordered_acts_count_the_same() {
    // Dense ids use a direct table, ids far apart a hash map: both must give
    // the same figures, whatever the order of the acts.
    let acts = |ids: [i32; 3]| {
        vec![
            act(ids[2], 2, "comment", "2026-03-04"),
            act(ids[0], 1, "comment", "2026-03-01"),
            act(ids[1], 1, "support", "2026-03-04"),
            act(ids[0], 2, "support", "2026-03-01"),
            act(ids[1], 1, "comment", "2026-03-01"),
            act(ids[0], 1, "priority", "2026-03-02"),
        ]
    };
    let written = |ids: [i32; 3]| {
        vec![
            contribution(1, ids[0], "comment"),
            contribution(2, ids[0], "proposal"),
            contribution(3, ids[2], "comment"),
            // An author with no act and no participant row still counts.
            contribution(4, 77, "comment"),
        ]
    };
    let summary = |p: Participation| {
        (
            p.participants,
            p.daily
                .iter()
                .map(|r| (r.day, r.active, r.new, r.cumulative))
                .collect::<Vec<_>>(),
            p.retention,
            p.gini,
            p.top10_share,
        )
    };
    let dense = [1, 2, 3];
    let sparse = [-2_000_000_000, 5, 2_000_000_000];
    let a = summary(run(&[], &acts(dense), &written(dense), &[], &[]));
    let b = summary(run(&[], &acts(sparse), &written(sparse), &[], &[]));
    assert_eq!(a, b);
    // Four people (77 wrote without acting): counts of 1–4 and ratios about
    // so few are not published.
    assert_eq!(a.0, None);
    assert_eq!(
        a.1,
        vec![
            (d("2026-03-01"), None, None, None),
            (d("2026-03-02"), None, Some(0), None),
            (d("2026-03-04"), None, None, None),
        ]
    );
    assert_eq!((a.2, a.3, a.4), (None, None, None));
}

/// Rows of every shape (replies, statuses, a response date without a
/// status, several consultations and days), for comparing inputs.
fn mixed_rows(ids: &[i32]) -> (Vec<ContributionRow>, Vec<Act>) {
    let mut seed = 7u64;
    let mut draw = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    let kinds = ["comment", "proposal", "amendment"];
    let statuses = [
        "accepted",
        "partially_accepted",
        "rejected",
        "already_planned",
    ];
    let contributions = (0..300)
        .map(|i| {
            let mut c = contribution(i, ids[draw(ids.len())], kinds[draw(3)]);
            c.consultation_id = 1 + draw(4) as i32;
            c.created_at =
                at("2026-03-01", 0) + chrono::Duration::minutes(draw(60 * 24 * 40) as i64);
            c.is_reply = draw(4) == 0;
            c.became_action = draw(6) == 0;
            match draw(5) {
                0 | 1 => c = answered(c, statuses[draw(4)], draw(24 * 60) as i64),
                2 => c.responded_at = Some(c.created_at + chrono::Duration::hours(3)),
                _ => {}
            }
            c
        })
        .collect();
    let others = (0..500)
        .map(|_| Act {
            user_id: ids[draw(ids.len())],
            consultation_id: 1 + draw(4) as i32,
            kind: if draw(3) == 0 {
                ActKind::Priority
            } else {
                ActKind::Support
            },
            at: at("2026-03-01", 0) + chrono::Duration::minutes(draw(60 * 24 * 45) as i64),
        })
        .collect();
    (contributions, others)
}

#[test]
fn gathering_agrees_with_a_naive_count_in_any_order() {
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    use chrono::Datelike;

    use crate::activity::day_key;

    // Many acts of few people on few days: every person repeats days, in
    // and out of order, so the day sets merge many times.
    for ids in [
        (1..=60).collect::<Vec<i32>>(),
        (0..60i64)
            .map(|i| (-2_000_000_000 + i * 66_000_000) as i32)
            .collect(),
    ] {
        let (contributions, others) = mixed_rows(&ids);
        let people: Vec<Participant> = ids
            .iter()
            .step_by(2)
            .enumerate()
            .map(|(i, &id)| Participant {
                user_id: id,
                organisation_kind: Some(["region", "municipality"][i % 2].into()),
                organisation_level: (i % 3 > 0).then(|| ["local", "regional"][i % 2].into()),
                organisation_id: Some(i as i32 % 4),
                territory: Some(["ITI4", "ITH55", "ITC1"][i % 3].into()),
                age_band: Some(["18-29", "30-44"][i % 2].into()),
                gender: (i % 4 > 0).then(|| "f".into()),
            })
            .collect();
        let mut acts: Vec<Act> = contributions
            .iter()
            .map(|c| Act {
                user_id: c.author_id,
                consultation_id: c.consultation_id,
                kind: c.kind,
                at: c.created_at,
            })
            .chain(others.iter().cloned())
            .collect();
        // The naive count: sets and maps of the rows.
        let mut active: BTreeMap<i32, BTreeSet<i32>> = BTreeMap::new();
        let mut first: HashMap<i32, i32> = HashMap::new();
        let mut consultations: HashMap<i32, BTreeSet<i32>> = HashMap::new();
        for a in &acts {
            let day = day_key(a.at);
            active.entry(day).or_default().insert(a.user_id);
            let f = first.entry(a.user_id).or_insert(day);
            *f = (*f).min(day);
            consultations
                .entry(a.user_id)
                .or_default()
                .insert(a.consultation_id);
        }
        let mut cumulative = 0;
        let published = crate::counts::people;
        let daily: Vec<Day<i32>> = active
            .iter()
            .map(|(&day, who)| {
                let new = first.values().filter(|&&f| f == day).count() as i64;
                cumulative += new;
                (
                    day,
                    published(who.len() as i64),
                    published(new),
                    published(cumulative),
                )
            })
            .collect();
        let returning = consultations.values().filter(|c| c.len() > 1).count();
        let mut written: HashMap<i32, i64> = HashMap::new();
        for c in &contributions {
            *written.entry(c.author_id).or_default() += 1;
        }
        let per_author: Vec<i64> = written.values().copied().collect();
        let level: HashMap<i32, &str> = people
            .iter()
            .filter_map(|p| p.organisation_level.as_deref().map(|l| (p.user_id, l)))
            .collect();
        let (local, with_level) = contributions
            .iter()
            .filter_map(|c| level.get(&c.author_id))
            .fold((0, 0), |(l, n), lv| (l + i64::from(*lv == "local"), n + 1));
        for reversed in [false, true] {
            if reversed {
                acts.reverse();
            }
            let p = run(&people, &acts, &contributions, &[], &[]);
            let got: Vec<Day<i32>> = p
                .daily
                .iter()
                .map(|r| (r.day.num_days_from_ce(), r.active, r.new, r.cumulative))
                .collect();
            assert_eq!(got, daily);
            assert_eq!(p.participants, Some(first.len() as i64));
            assert_eq!(p.retention, Some(returning as f64 / first.len() as f64));
            assert_eq!(p.gini, gini(&per_author));
            assert_eq!(p.top10_share, top_share(&per_author, 0.1));
            assert_eq!(p.local_share, Some(local as f64 / with_level as f64));
        }
    }
}
