//! National-scale benchmark of `pspm-analytics` (issues 6 and 7): every
//! dashboard's indicators over generated data the size of a national
//! deployment, with criterion, then a plain one-shot summary (median of 5 warm
//! runs, extra peak memory of each case) and the process's peak memory.
//!
//! ```text
//! CARGO_TARGET_DIR=/var/tmp/pspm-release cargo bench -p pspm-analytics --bench national
//! PSPM_BENCH_FRACTION=0.01 cargo bench -p pspm-analytics --bench national   # quick
//! ```
//!
//! The data (seeded, deterministic) are the typed input rows of
//! `pspm_analytics::model`, built directly: the crate knows nothing of SQL.
//! At fraction 1.0 (issue 7):
//! - 1,000 organisations; 1,000,000 participants; 5,000,000 acts
//!   (contributions, supports, priority allocations) over 20 consultations;
//! - one national plan (500 actions under areas, strategic and operational
//!   objectives; 300 indicators × 36 monthly measurements) and 20 aligned
//!   regional plans (100 actions each: an assumption, issue 7 gives no size);
//! - 100,000 good practices and 50,000 adoptions.
//!
//! `PSPM_BENCH_FRACTION` (default 1.0) scales every count down; the shapes
//! (20 consultations, 36 measurements per indicator) stay.
//!
//! Distributions: activity per participant is Zipf-like (rank^-0.6 on top of
//! one act each: a few very active people, many occasional ones); acts within
//! a consultation crowd towards its closing date (density ∝ t²); territories
//! are drawn by population (`population.rs`) times a per-region engagement
//! factor (0.6–1.4), so representation is uneven; popular practices get most
//! adoptions (Zipf, s = 1).
//!
//! "One plan" for participation is the national plan: 8 of the 20
//! consultations belong to it, and they draw three times the traffic of a
//! regional one, so about two thirds of all acts (the other 12 belong to 12
//! of the regional plans). The platform-wide cases use all 20. Rows are laid
//! out national-plan first, so a plan's rows are a prefix of the
//! platform's: no copy is held twice.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use criterion::{Criterion, SamplingMode};
use pspm_analytics::charts::{self, Chart, Labels};
use pspm_analytics::impact::{self, NodeRow};
use pspm_analytics::model::{
    Act, ActKind, ActionRow, AdoptionRow, ContributionRow, Impact, ImpactNode, IndicatorRow,
    Interner, NodeState, Participant, Participation, Population, PracticeRow, QualityScore, Reuse,
};
use pspm_analytics::{participation, population, quality, reuse};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

// ------------------------------------------------------------ scale

/// Seed of every random choice.
const SEED: u64 = 20_260_701;
/// Organisations.
const ORGANISATIONS: usize = 1_000;
/// Participants (users with at least one act).
const PARTICIPANTS: usize = 1_000_000;
/// Contributions + supports + priority allocations.
const ACTS: usize = 5_000_000;
/// Consultations (not scaled).
const CONSULTATIONS: i32 = 20;
/// Actions of the national plan.
const NATIONAL_ACTIONS: usize = 500;
/// Indicators of the national plan.
const INDICATORS: usize = 300;
/// Monthly measurements per indicator (not scaled).
const MEASUREMENTS: u32 = 36;
/// Regional plans aligned to the national one.
const REGIONAL_PLANS: usize = 20;
/// Actions per regional plan (our assumption).
const REGIONAL_ACTIONS: usize = 100;
/// Good practices.
const PRACTICES: usize = 100_000;
/// Adoptions of practices.
const ADOPTIONS: usize = 50_000;
/// Warm runs per case in the one-shot summary.
const SUMMARY_RUNS: usize = 5;

/// Every count times the fraction, at least `min`.
#[derive(Clone, Copy)]
struct Scale(f64);

impl Scale {
    fn n(self, full: usize, min: usize) -> usize {
        ((full as f64 * self.0).round() as usize).max(min)
    }
}

// ------------------------------------------------------------ sampling

/// Draws indices in proportion to weights (cumulative sums, binary search).
struct Weighted(Vec<f64>);

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        Self(
            weights
                .into_iter()
                .map(|w| {
                    total += w;
                    total
                })
                .collect(),
        )
    }

    /// Zipf-like weights rank^-s over `n` items, in a shuffled order.
    fn zipf(n: usize, s: f64, rng: &mut StdRng) -> Self {
        let mut ranks: Vec<usize> = (1..=n).collect();
        ranks.shuffle(rng);
        Self::new(ranks.into_iter().map(|r| (r as f64).powf(-s)))
    }

    fn pick(&self, rng: &mut StdRng) -> usize {
        let total = self.0.last().copied().unwrap_or(0.0);
        let x = rng.random::<f64>() * total;
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

/// One of a few labels, by weight.
fn pick<T: Copy>(rng: &mut StdRng, table: &[(T, f64)]) -> T {
    let total: f64 = table.iter().map(|t| t.1).sum();
    let mut x = rng.random::<f64>() * total;
    for (label, w) in table {
        if x < *w {
            return *label;
        }
        x -= w;
    }
    table[table.len() - 1].0
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

// ------------------------------------------------------------ vocabularies

const ORG_KINDS: &[(&str, f64)] = &[
    ("municipality", 55.0),
    ("province", 5.0),
    ("region", 2.0),
    ("ministry", 2.0),
    ("agency", 5.0),
    ("other_public", 6.0),
    ("nonprofit", 12.0),
    ("company", 8.0),
    ("university", 3.0),
    ("citizen_group", 2.0),
];
const MIXED_LEVELS: &[(&str, f64)] = &[
    ("local", 50.0),
    ("regional", 30.0),
    ("national", 18.0),
    ("eu", 2.0),
];
const AGE_BANDS: &[(&str, f64)] = &[
    ("18-24", 8.0),
    ("25-34", 13.0),
    ("35-44", 16.0),
    ("45-54", 20.0),
    ("55-64", 19.0),
    ("65+", 24.0),
];
const GENDERS: &[(&str, f64)] = &[("female", 50.0), ("male", 48.0), ("other", 2.0)];
const ACT_KINDS: &[(&str, f64)] = &[
    ("comment", 22.0),
    ("proposal", 10.0),
    ("amendment", 6.0),
    ("support", 40.0),
    ("priority", 22.0),
];
const RESPONSES: &[(&str, f64)] = &[
    ("accepted", 22.0),
    ("partially_accepted", 18.0),
    ("rejected", 25.0),
    ("already_planned", 20.0),
    ("out_of_scope", 15.0),
];
const NODE_STATUSES: &[(NodeStatus, f64)] = &[
    (NodeStatus::Done, 15.0),
    (NodeStatus::OnTrack, 40.0),
    (NodeStatus::AtRisk, 12.0),
    (NodeStatus::Late, 10.0),
    (NodeStatus::NotStarted, 20.0),
    (NodeStatus::Cancelled, 3.0),
];

/// A node's status, as the generator draws it.
#[derive(Clone, Copy, PartialEq)]
enum NodeStatus {
    Done,
    OnTrack,
    AtRisk,
    Late,
    NotStarted,
    Cancelled,
}

impl NodeStatus {
    fn state(self) -> NodeState {
        match self {
            NodeStatus::Done => NodeState::Done,
            NodeStatus::AtRisk => NodeState::AtRisk,
            NodeStatus::Cancelled => NodeState::Cancelled,
            NodeStatus::OnTrack | NodeStatus::Late | NodeStatus::NotStarted => NodeState::Open,
        }
    }
}
const AREAS: &[&str] = &[
    "Digital public administration",
    "Green transition",
    "Health and social care",
    "Education and skills",
    "Mobility and infrastructure",
    "Justice and security",
];
const UNITS: &[(&str, f64)] = &[("%", 40.0), ("n", 30.0), ("EUR", 15.0), ("days", 15.0)];
/// A practice's status, as the generator draws it.
#[derive(Clone, Copy, PartialEq)]
enum PracticeStatus {
    Published,
    Draft,
    Submitted,
    Archived,
}
const PRACTICE_STATUSES: &[(PracticeStatus, f64)] = &[
    (PracticeStatus::Published, 70.0),
    (PracticeStatus::Draft, 10.0),
    (PracticeStatus::Submitted, 8.0),
    (PracticeStatus::Archived, 12.0),
];
const POLICY_AREAS: &[(&str, f64)] = &[
    ("digital", 18.0),
    ("public_administration", 14.0),
    ("finance", 5.0),
    ("economy", 8.0),
    ("environment", 12.0),
    ("health", 10.0),
    ("education", 9.0),
    ("social", 10.0),
    ("mobility", 6.0),
    ("territory", 4.0),
    ("culture", 3.0),
    ("justice", 1.0),
];
const PRACTICE_LEVELS: &[(&str, f64)] = &[
    ("local", 60.0),
    ("regional", 25.0),
    ("national", 12.0),
    ("eu", 3.0),
];
const STAGES: &[(&str, f64)] = &[
    ("identify_problem", 5.0),
    ("generate_ideas", 8.0),
    ("develop_proposal", 12.0),
    ("implement", 35.0),
    ("evaluate", 20.0),
    ("diffuse", 20.0),
];
/// Whether an adoption is confirmed (pending and rejected ones are not).
const ADOPTION_CONFIRMED: &[(bool, f64)] = &[(true, 60.0), (false, 40.0)];
const PRACTICE_TITLES: &[&str] = &[
    "One-stop digital desk for businesses",
    "Participatory budgeting in schools",
    "Shared procurement of energy efficiency works",
    "Open data portal for local transport",
    "Community health workers in inner areas",
    "Digital identity onboarding for the elderly",
    "Green public procurement toolkit",
    "Co-designed social housing allocation",
];

// ------------------------------------------------------------ data

struct Org {
    id: i32,
    kind: &'static str,
    level: &'static str,
    territory: String,
    name: String,
}

struct Consultation {
    id: i32,
    national: bool,
    opens: NaiveDateTime,
    seconds: i64,
}

/// The generated inputs. Participants, acts and contributions hold the
/// national plan's rows first (`plan_*` of them), then the others.
struct Data {
    today: NaiveDate,
    population: Vec<Population>,
    participants: Vec<Participant>,
    plan_participants: usize,
    acts: Vec<Act>,
    plan_acts: usize,
    contributions: Vec<ContributionRow>,
    plan_contributions: usize,
    plan_actions: Vec<ActionRow>,
    all_actions: Vec<ActionRow>,
    nodes: Vec<ImpactNode>,
    indicators: Vec<IndicatorRow>,
    practices: Vec<PracticeRow>,
    adoptions: Vec<AdoptionRow>,
}

/// The participation inputs of one selection.
struct Scope<'a> {
    participants: &'a [Participant],
    acts: &'a [Act],
    contributions: &'a [ContributionRow],
    actions: &'a [ActionRow],
}

impl Data {
    fn plan(&self) -> Scope<'_> {
        Scope {
            participants: &self.participants[..self.plan_participants],
            acts: &self.acts[..self.plan_acts],
            contributions: &self.contributions[..self.plan_contributions],
            actions: &self.plan_actions,
        }
    }

    fn platform(&self) -> Scope<'_> {
        Scope {
            participants: &self.participants,
            acts: &self.acts,
            contributions: &self.contributions,
            actions: &self.all_actions,
        }
    }
}

fn generate(scale: Scale) -> Data {
    let mut rng = StdRng::seed_from_u64(SEED);
    let today = date(2026, 9, 1);
    let population = population::population();
    // Territories: population times an engagement factor, so some regions take part more.
    let engagement: Vec<f64> = population
        .iter()
        .map(|_| rng.random_range(0.6..1.4))
        .collect();
    let territory_pick = Weighted::new(
        population
            .iter()
            .zip(&engagement)
            .map(|(p, e)| p.population as f64 * e),
    );
    let org_territory_pick = Weighted::new(population.iter().map(|p| p.population as f64));
    let territory = |rng: &mut StdRng, from: &Weighted| {
        let code = &population[from.pick(rng)].territory;
        if rng.random_bool(0.5) {
            format!("{code}{}", rng.random_range(1..=5)) // a NUTS 3 code inside the region
        } else {
            code.clone()
        }
    };

    // Organisations.
    let orgs: Vec<Org> = (1..=scale.n(ORGANISATIONS, 1) as i32)
        .map(|id| {
            let kind = pick(&mut rng, ORG_KINDS);
            let level = match kind {
                "municipality" | "province" => "local",
                "region" => "regional",
                "ministry" | "agency" => "national",
                _ => pick(&mut rng, MIXED_LEVELS),
            };
            Org {
                id,
                kind,
                level,
                territory: territory(&mut rng, &org_territory_pick),
                name: format!("{kind} {id}"),
            }
        })
        .collect();
    let member_of = Weighted::zipf(orgs.len(), 1.0, &mut rng);

    // Consultations: every 6 weeks from January 2024, 45–90 days each; 8 national.
    let consultations: Vec<Consultation> = (0..CONSULTATIONS)
        .map(|c| Consultation {
            id: c + 1,
            national: c % 5 < 2,
            opens: date(2024, 1, 8).and_hms_opt(9, 0, 0).expect("a valid time")
                + TimeDelta::days(i64::from(c) * 42),
            seconds: (45 + i64::from(c * 17 % 46)) * 86_400,
        })
        .collect();
    let consultation_pick = Weighted::new(
        consultations
            .iter()
            .map(|c| if c.national { 3.0 } else { 1.0 }),
    );

    // Participants and their acts.
    let n_people = scale.n(PARTICIPANTS, 10);
    let n_acts = scale.n(ACTS, n_people);
    let activity = Weighted::zipf(n_people, 0.6, &mut rng);
    let extra = (n_acts - n_people) as f64 / activity.0.last().copied().unwrap_or(1.0);
    let mut previous = 0.0;
    let mut plan_people = Vec::new();
    let mut other_people = Vec::new();
    let mut plan_acts = Vec::new();
    let mut other_acts = Vec::new();
    let mut prioritised: Vec<i32> = Vec::new();
    let mut values = Interner::default();
    for (i, &cumulative) in activity.0.iter().enumerate() {
        let user_id = i as i32 + 1;
        let expected = (cumulative - previous) * extra;
        previous = cumulative;
        let count = 1 + expected.floor() as usize + usize::from(rng.random_bool(expected.fract()));
        let primary = consultation_pick.pick(&mut rng);
        let mut national = false;
        prioritised.clear();
        for _ in 0..count {
            let c = &consultations[if rng.random_bool(0.75) {
                primary
            } else {
                consultation_pick.pick(&mut rng)
            }];
            let mut kind = pick(&mut rng, ACT_KINDS);
            // One priority act per person and consultation (as the backend loads them).
            if kind == "priority" {
                if prioritised.contains(&c.id) {
                    kind = "support";
                } else {
                    prioritised.push(c.id);
                }
            }
            // Density ∝ t²: activity crowds towards the closing date.
            let offset = (c.seconds as f64 * rng.random::<f64>().cbrt()) as i64;
            let act = Act {
                user_id,
                consultation_id: c.id,
                kind: ActKind::parse(kind).expect("a kind"),
                at: c.opens + TimeDelta::seconds(offset),
            };
            national |= c.national;
            if c.national {
                plan_acts.push(act);
            } else {
                other_acts.push(act);
            }
        }
        let org = rng
            .random_bool(0.15)
            .then(|| &orgs[member_of.pick(&mut rng)]);
        // Shared values, as the backend loads them.
        let person = Participant {
            user_id,
            organisation_kind: values.opt(org.map(|o| o.kind)),
            organisation_level: values.opt(org.map(|o| o.level)),
            organisation_id: org.map(|o| o.id),
            territory: if rng.random_bool(0.85) {
                Some(values.get(&territory(&mut rng, &territory_pick)))
            } else {
                values.opt(org.map(|o| o.territory.as_str()))
            },
            age_band: rng
                .random_bool(0.6)
                .then(|| values.get(pick(&mut rng, AGE_BANDS))),
            gender: rng
                .random_bool(0.55)
                .then(|| values.get(pick(&mut rng, GENDERS))),
        };
        if national {
            plan_people.push(person);
        } else {
            other_people.push(person);
        }
    }
    plan_acts.sort_by_key(|a| a.at);
    other_acts.sort_by_key(|a| a.at);

    // Actions (needed for how many proposals became one).
    let n_actions = scale.n(NATIONAL_ACTIONS, 5);
    let n_regional = scale.n(REGIONAL_PLANS, 1) * scale.n(REGIONAL_ACTIONS, 1);
    let from_national = n_actions / 5;
    let from_regional = n_regional * 3 / 20;

    let mut next_id = 0;
    let mut contributions_of = |acts: &[Act], became: usize, rng: &mut StdRng| {
        let mut out: Vec<ContributionRow> = acts
            .iter()
            .filter(|a| {
                matches!(
                    a.kind,
                    ActKind::Comment | ActKind::Proposal | ActKind::Amendment
                )
            })
            .map(|a| {
                next_id += 1;
                let is_reply = a.kind == ActKind::Comment && rng.random_bool(0.35);
                let p_response = match a.kind {
                    ActKind::Proposal => 0.7,
                    ActKind::Amendment => 0.6,
                    _ => 0.35,
                };
                let responded_at = (!is_reply && rng.random_bool(p_response))
                    .then(|| {
                        let days = 0.5 + 120.0 * rng.random::<f64>().powi(2);
                        a.at + TimeDelta::seconds((days * 86_400.0) as i64)
                    })
                    .filter(|t| t.date() <= today);
                ContributionRow {
                    id: next_id,
                    consultation_id: a.consultation_id,
                    author_id: a.user_id,
                    kind: a.kind,
                    is_reply,
                    created_at: a.at,
                    response_status: responded_at.map(|_| pick(rng, RESPONSES)),
                    responded_at,
                    became_action: false,
                }
            })
            .collect();
        let mut eligible: Vec<usize> = (0..out.len())
            .filter(|&i| {
                out[i].kind == ActKind::Proposal
                    && matches!(
                        out[i].response_status,
                        Some("accepted" | "partially_accepted")
                    )
            })
            .collect();
        eligible.shuffle(rng);
        for &i in eligible.iter().take(became) {
            out[i].became_action = true;
        }
        out
    };
    let mut contributions = contributions_of(&plan_acts, from_national, &mut rng);
    let plan_contributions = contributions.len();
    contributions.extend(contributions_of(&other_acts, from_regional, &mut rng));

    // The national plan's tree.
    let n_oo = (n_actions / 5).max(1);
    let n_so = (n_oo / 4).max(1);
    let n_area = (n_so / 4).clamp(1, AREAS.len());
    let mut nodes: Vec<ImpactNode> = Vec::new();
    let level_ids = |count: usize,
                     kind: &str,
                     parents: &[i32],
                     nodes: &mut Vec<ImpactNode>,
                     rng: &mut StdRng| {
        (0..count)
            .map(|i| {
                let id = 1_000_000 + nodes.len() as i32;
                let parent_id = (!parents.is_empty()).then(|| parents[i % parents.len()]);
                let action = kind == "action";
                let status = if action {
                    pick(rng, NODE_STATUSES)
                } else {
                    NodeStatus::OnTrack
                };
                let planned_start = date(2024, 1, 1) + TimeDelta::days(rng.random_range(0..900));
                let planned_end = planned_start + TimeDelta::days(rng.random_range(180..900));
                let actual_start = (status != NodeStatus::NotStarted)
                    .then(|| planned_start + TimeDelta::days(rng.random_range(-10..60)))
                    .filter(|d| *d <= today);
                let actual_end = (status == NodeStatus::Done)
                    .then(|| planned_end + TimeDelta::days(rng.random_range(-30..90)))
                    .map(|d| d.min(today));
                let progress = match status {
                    _ if !action => None,
                    NodeStatus::Done => Some(100.0),
                    NodeStatus::NotStarted => Some(0.0),
                    _ if rng.random_bool(0.05) => None,
                    _ => Some(rng.random_range(5.0..95.0_f64).round()),
                };
                let org = &orgs[rng.random_range(0..orgs.len())];
                nodes.push(ImpactNode {
                    id,
                    parent_id,
                    is_action: action,
                    code: format!("{}{}", &kind[..2].to_uppercase(), i + 1),
                    title: if kind == "area" {
                        AREAS[i % AREAS.len()].to_owned()
                    } else {
                        format!("{kind} {} of the national plan", i + 1)
                    },
                    state: status.state(),
                    weight: rng
                        .random_bool(0.3)
                        .then(|| f64::from(rng.random_range(1..=5))),
                    progress,
                    office: rng
                        .random_bool(0.9)
                        .then(|| format!("Office {}", rng.random_range(1..=40))),
                    organisation: rng.random_bool(0.9).then(|| org.name.clone()),
                    territory: rng.random_bool(0.8).then(|| org.territory.clone()),
                    planned_start: Some(planned_start),
                    planned_end: Some(planned_end),
                    actual_start,
                    actual_end,
                    start_tolerance_days: 0,
                });
                id
            })
            .collect::<Vec<i32>>()
    };
    let areas = level_ids(n_area, "area", &[], &mut nodes, &mut rng);
    let sos = level_ids(n_so, "strategic_objective", &areas, &mut nodes, &mut rng);
    let oos = level_ids(n_oo, "operational_objective", &sos, &mut nodes, &mut rng);
    let actions = level_ids(n_actions, "action", &oos, &mut nodes, &mut rng);

    // Indicators: 70 % on actions, the rest on objectives; 36 monthly measurements.
    let baseline_date = date(2023, 6, 30);
    let target_dates = [date(2024, 12, 31), date(2025, 12, 31), date(2026, 12, 31)];
    let span = (target_dates[2] - baseline_date).num_days() as f64;
    let indicators: Vec<IndicatorRow> = (0..scale.n(INDICATORS, 3))
        .map(|i| {
            let node_id = if rng.random_bool(0.7) {
                actions[rng.random_range(0..actions.len())]
            } else if rng.random_bool(0.5) {
                oos[rng.random_range(0..oos.len())]
            } else {
                sos[rng.random_range(0..sos.len())]
            };
            let baseline = rng.random_range(10.0..1000.0_f64).round();
            let sign = if rng.random_bool(0.7) { 1.0 } else { -1.0 };
            let change = sign * rng.random_range(0.1..0.8) * baseline;
            let efficiency = rng.random_range(0.3..1.3);
            let along = |d: NaiveDate| (d - baseline_date).num_days() as f64 / span;
            IndicatorRow {
                id: i as i32 + 1,
                node_id,
                name: format!("Indicator {} of the national plan", i + 1),
                unit: pick(&mut rng, UNITS).to_owned(),
                direction: if sign > 0.0 {
                    impact::Direction::Increase
                } else {
                    impact::Direction::Decrease
                },
                baseline,
                baseline_date,
                targets: target_dates
                    .iter()
                    .map(|&d| (d, baseline + change * along(d)))
                    .collect(),
                measurements: (0..MEASUREMENTS)
                    .map(|m| {
                        let d = date(2023 + ((6 + m) / 12) as i32, (6 + m) % 12 + 1, 28);
                        let noise = (rng.random::<f64>() - 0.5) * 0.05 * change.abs();
                        (d, baseline + change * along(d) * efficiency + noise)
                    })
                    .collect(),
            }
        })
        .collect();
    let measured: HashSet<i32> = indicators.iter().map(|i| i.node_id).collect();
    let plan_actions: Vec<ActionRow> = actions
        .iter()
        .enumerate()
        .map(|(i, &node_id)| ActionRow {
            node_id,
            from_proposal: i % 5 == 0,
            has_indicator: measured.contains(&node_id),
        })
        .collect();
    let mut all_actions = plan_actions.clone();
    all_actions.extend((0..n_regional).map(|i| ActionRow {
        node_id: 2_000_000 + i as i32,
        from_proposal: i % 20 < 3,
        has_indicator: rng.random_bool(0.5),
    }));

    // Good practices and adoptions.
    let mut adoptable: Vec<i32> = Vec::new();
    let practices: Vec<PracticeRow> = (1..=scale.n(PRACTICES, 10) as i32)
        .map(|id| {
            let stem = PRACTICE_TITLES[rng.random_range(0..PRACTICE_TITLES.len())];
            let status = pick(&mut rng, PRACTICE_STATUSES);
            if matches!(status, PracticeStatus::Published | PracticeStatus::Archived) {
                adoptable.push(id);
            }
            PracticeRow {
                id,
                title: format!("{stem} ({id})"),
                published: status == PracticeStatus::Published,
                policy_area: rng
                    .random_bool(0.97)
                    .then(|| pick(&mut rng, POLICY_AREAS).to_owned()),
                level: rng
                    .random_bool(0.98)
                    .then(|| pick(&mut rng, PRACTICE_LEVELS).to_owned()),
                stage: rng
                    .random_bool(0.9)
                    .then(|| pick(&mut rng, STAGES).to_owned()),
            }
        })
        .collect();
    let popular = Weighted::zipf(adoptable.len(), 1.0, &mut rng);
    let adoptions: Vec<AdoptionRow> = (0..scale.n(ADOPTIONS, 10))
        .map(|_| {
            let org = &orgs[rng.random_range(0..orgs.len())];
            AdoptionRow {
                practice_id: adoptable[popular.pick(&mut rng)],
                organisation_id: org.id,
                territory: rng.random_bool(0.95).then(|| org.territory.clone()),
                confirmed: pick(&mut rng, ADOPTION_CONFIRMED),
                adopted_on: date(2019, 1, 1) + TimeDelta::days(rng.random_range(0..2800)),
            }
        })
        .collect();

    let plan_participants = plan_people.len();
    plan_people.append(&mut other_people);
    let plan_acts_len = plan_acts.len();
    plan_acts.append(&mut other_acts);
    Data {
        today,
        population,
        participants: plan_people,
        plan_participants,
        acts: plan_acts,
        plan_acts: plan_acts_len,
        contributions,
        plan_contributions,
        plan_actions,
        all_actions,
        nodes,
        indicators,
        practices,
        adoptions,
    }
}

// ------------------------------------------------------------ input size

/// Estimated memory of a selection's participation inputs (rows + strings).
fn scope_bytes(s: &Scope<'_>) -> usize {
    // Participants' values are shared (a few dozen strings in all).
    size_of_val(s.participants)
        + size_of_val(s.acts)
        + size_of_val(s.contributions)
        + size_of_val(s.actions)
}

// ------------------------------------------------------------ memory

/// A `kB` field of /proc/self/status, in MiB.
fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); false where not possible.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

// ------------------------------------------------------------ dashboards

fn participation_of(d: &Data, s: &Scope<'_>) -> Participation {
    participation::participation(
        s.participants,
        s.acts,
        s.contributions,
        s.actions,
        &d.population,
        d.today,
    )
}

fn quality_of(d: &Data, s: &Scope<'_>) -> (Participation, Vec<QualityScore>) {
    let p = participation_of(d, s);
    let q = quality::quality(&p, s.contributions, s.actions);
    (p, q)
}

fn impact_of(d: &Data) -> Impact {
    impact::impact(&d.nodes, &d.indicators, d.today)
}

fn reuse_of(d: &Data) -> Reuse {
    reuse::reuse(&d.practices, &d.adoptions)
}

/// The goal figure: every participation (with quality) and impact indicator of one plan.
fn plan_dashboards(d: &Data, s: &Scope<'_>) -> (Participation, Vec<QualityScore>, Impact) {
    let (p, q) = quality_of(d, s);
    (p, q, impact_of(d))
}

fn labels(title: &str, columns: &[&str], series: &[&str]) -> Labels {
    Labels {
        title: title.into(),
        description: format!("{title}, as a chart and as a table."),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        series: series.iter().map(|c| (*c).to_owned()).collect(),
        empty: "No data yet".into(),
        suppressed: "< 5".into(),
        missing: "—".into(),
    }
}

/// The charts of the participation dashboard (as `backend/src/services/dashboards.rs`).
fn participation_charts(p: &Participation) -> Vec<Chart> {
    vec![
        charts::participation_per_day(
            "participation-daily",
            &p.daily,
            &labels(
                "Participants per day",
                &["Day", "Active", "New", "Cumulative"],
                &["Active", "Cumulative"],
            ),
        ),
        charts::counts_bar(
            "participation-by-organisation-kind",
            &p.by_organisation_kind,
            &labels(
                "Participants by organisation kind",
                &["Kind", "Participants"],
                &["Participants"],
            ),
        ),
        charts::counts_bar(
            "response-status",
            &p.responses_by_status,
            &labels("Responses by status", &["Status", "Count"], &["Count"]),
        ),
    ]
}

/// The charts of the impact dashboard: progress by area and one per indicator.
fn impact_charts(i: &Impact) -> Vec<Chart> {
    let mut out = vec![charts::progress_by_group(
        "progress-by-area",
        &i.by_area,
        &labels(
            "Progress by area",
            &["Area", "Actions", "Progress"],
            &["Progress"],
        ),
    )];
    for s in &i.indicators {
        let l = labels(
            &format!("{} ({})", s.name, s.unit),
            &["Date", "Series", "Value"],
            &["Baseline", "Target", "Measurement", "Forecast"],
        );
        out.push(charts::indicator(
            &format!("indicator-{}", s.id),
            (s.baseline_date, s.baseline),
            &s.targets,
            &s.measurements,
            s.target_date.zip(s.forecast),
            &l,
        ));
    }
    out
}

fn practices_charts(r: &Reuse) -> Vec<Chart> {
    vec![charts::counts_bar(
        "adoptions-by-territory",
        &r.adoptions_by_territory,
        &labels(
            "Confirmed adoptions by territory",
            &["Territory", "Adoptions"],
            &["Adoptions"],
        ),
    )]
}

fn svg_bytes(charts: &[Chart]) -> usize {
    charts.iter().map(|c| c.svg.len()).sum()
}

// ------------------------------------------------------------ cases

/// One measured case; `run` returns a number derived from its output so
/// nothing is optimised away.
struct Case<'a> {
    group: &'static str,
    name: &'static str,
    run: Box<dyn Fn() -> usize + 'a>,
}

fn case<'a>(group: &'static str, name: &'static str, run: impl Fn() -> usize + 'a) -> Case<'a> {
    Case {
        group,
        name,
        run: Box::new(run),
    }
}

struct Outputs {
    plan: Participation,
    impact: Impact,
    reuse: Reuse,
}

fn cases<'a>(d: &'a Data, o: &'a Outputs) -> Vec<Case<'a>> {
    let rows: Vec<NodeRow> = d.nodes.iter().map(NodeRow::from).collect();
    vec![
        case("participation", "national_plan", move || {
            participation_of(d, &d.plan()).participants.unwrap_or(0) as usize
        }),
        case("participation", "platform", move || {
            participation_of(d, &d.platform()).participants.unwrap_or(0) as usize
        }),
        case("quality", "national_plan_incl_participation", move || {
            quality_of(d, &d.plan()).1.len()
        }),
        case("quality", "national_plan_given_participation", move || {
            let s = d.plan();
            quality::quality(&o.plan, s.contributions, s.actions).len()
        }),
        case("impact", "national_plan", move || {
            impact_of(d).indicators.len()
        }),
        case("impact", "roll_up", move || impact::roll_up(&rows).0.len()),
        case("impact", "indicator_states", move || {
            d.indicators
                .iter()
                .map(|i| impact::indicator_state(i, d.today))
                .filter(|s| s.forecast.is_some())
                .count()
        }),
        case("impact", "forecast", move || {
            d.indicators
                .iter()
                .filter_map(|i| impact::forecast(&i.measurements, date(2026, 12, 31)))
                .count()
        }),
        case("reuse", "practices_dashboard", move || {
            reuse_of(d).published as usize
        }),
        case("charts", "participation_3", move || {
            svg_bytes(&participation_charts(&o.plan))
        }),
        case("charts", "impact_1_plus_indicators", move || {
            svg_bytes(&impact_charts(&o.impact))
        }),
        case("charts", "practices_1", move || {
            svg_bytes(&practices_charts(&o.reuse))
        }),
        case("goal", "plan_participation_quality_impact", move || {
            let (p, q, i) = plan_dashboards(d, &d.plan());
            p.daily.len() + q.len() + i.indicators.len()
        }),
        case("goal", "plan_with_charts", move || {
            let (p, q, i) = plan_dashboards(d, &d.plan());
            svg_bytes(&participation_charts(&p)) + svg_bytes(&impact_charts(&i)) + q.len()
        }),
        case("goal", "platform_participation_quality_impact", move || {
            let (p, q, i) = plan_dashboards(d, &d.platform());
            p.daily.len() + q.len() + i.indicators.len()
        }),
    ]
}

// ------------------------------------------------------------ main

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort_unstable();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    // `cargo bench` passes --bench; `cargo test --benches` does not (criterion's test mode).
    let benchmarking = flag("--bench") && !flag("--test") && !flag("--list");
    let default_fraction = if benchmarking { 1.0 } else { 0.001 };
    let fraction = std::env::var("PSPM_BENCH_FRACTION")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|f| *f > 0.0 && *f <= 1.0)
        .unwrap_or(default_fraction);

    let started = Instant::now();
    let data = generate(Scale(fraction));
    let generated = started.elapsed();
    let rss_inputs = status_mib("VmRSS:");
    let (plan, platform) = (data.plan(), data.platform());
    println!("# pspm-analytics national benchmark");
    println!(
        "fraction {fraction}; generated in {:.1} s; rayon/polars threads: {}",
        generated.as_secs_f64(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    println!(
        "platform: {} participants, {} acts, {} contributions, {} actions (national + regional)",
        platform.participants.len(),
        platform.acts.len(),
        platform.contributions.len(),
        platform.actions.len(),
    );
    println!(
        "national plan: {} participants, {} acts, {} contributions, {} actions; {} nodes, {} indicators × {} measurements",
        plan.participants.len(),
        plan.acts.len(),
        plan.contributions.len(),
        plan.actions.len(),
        data.nodes.len(),
        data.indicators.len(),
        data.indicators.first().map_or(0, |i| i.measurements.len()),
    );
    println!(
        "practices: {} ({} published), adoptions: {}",
        data.practices.len(),
        data.practices.iter().filter(|p| p.published).count(),
        data.adoptions.len(),
    );
    println!(
        "estimated participation inputs: plan {:.0} MiB, platform {:.0} MiB; process RSS after generation {:.0} MiB",
        mib(scope_bytes(&plan)),
        mib(scope_bytes(&platform)),
        rss_inputs.unwrap_or(f64::NAN),
    );

    let outputs = Outputs {
        plan: participation_of(&data, &plan),
        impact: impact_of(&data),
        reuse: reuse_of(&data),
    };
    println!(
        "check: plan participants {:?}, gini {:?}, R-score {:?}, retention {:?}, response rate {:?}; plan progress {:?}; reuse rate {:?}",
        outputs.plan.participants,
        outputs.plan.gini,
        outputs.plan.r_score,
        outputs.plan.retention,
        outputs.plan.response_rate,
        outputs.impact.progress,
        outputs.reuse.reuse_rate,
    );
    let cases = cases(&data, &outputs);

    // Criterion: few samples, each iteration may take seconds.
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut groups: Vec<&str> = cases.iter().map(|c| c.group).collect();
    groups.dedup();
    for group in groups {
        let mut g = criterion.benchmark_group(group);
        g.sampling_mode(SamplingMode::Flat);
        for c in cases.iter().filter(|c| c.group == group) {
            g.bench_function(c.name, |b| b.iter(|| black_box((c.run)())));
        }
        g.finish();
    }
    criterion.final_summary();
    let peak_all = status_mib("VmHWM:");

    if !benchmarking {
        return;
    }
    // A plain summary: each case once to warm, then SUMMARY_RUNS timed runs; the
    // extra peak is VmHWM (reset before the run) minus the RSS before it.
    println!();
    println!("## one-shot summary (fraction {fraction}; median of {SUMMARY_RUNS} warm runs)");
    println!();
    println!("| case | median ms | min ms | max ms | extra peak MiB |");
    println!("|---|---:|---:|---:|---:|");
    for c in &cases {
        let before = status_mib("VmRSS:");
        let peak = if reset_peak() {
            black_box((c.run)());
            status_mib("VmHWM:").zip(before).map(|(h, b)| h - b)
        } else {
            black_box((c.run)());
            None
        };
        let times: Vec<Duration> = (0..SUMMARY_RUNS)
            .map(|_| {
                let t = Instant::now();
                black_box((c.run)());
                t.elapsed()
            })
            .collect();
        let (min, max) = (
            times.iter().min().copied().unwrap_or_default(),
            times.iter().max().copied().unwrap_or_default(),
        );
        println!(
            "| {}/{} | {:.3} | {:.3} | {:.3} | {} |",
            c.group,
            c.name,
            ms(median(times)),
            ms(min),
            ms(max),
            peak.map_or("n/a".into(), |p| format!("{p:.0}")),
        );
    }
    println!();
    println!(
        "process peak memory (VmHWM): {:.0} MiB over generation and criterion, {:.0} MiB over the summary runs; RSS after generation {:.0} MiB, now {:.0} MiB",
        peak_all.unwrap_or(f64::NAN),
        status_mib("VmHWM:").unwrap_or(f64::NAN),
        rss_inputs.unwrap_or(f64::NAN),
        status_mib("VmRSS:").unwrap_or(f64::NAN),
    );
}
