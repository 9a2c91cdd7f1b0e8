//! The rows the backend hands to the analytics crate (inputs) and the
//! indicator tables it gets back (outputs). Plain data: no HTTP, no SQL.
//! Every ratio is `Option<f64>`: `None` where its denominator is zero.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

// ---------------------------------------------------------------- inputs

/// A participant (a user who did at least one act below), with the
/// demographic groups of DESIGN.md. Never carries names or e-mails.
///
/// The values are shared strings (`Arc<str>`): a national consultation has a
/// million participants and a few dozen distinct values, so the loader keeps
/// one copy of each value instead of one per person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Participant {
    /// User id (pseudonymous key; never exported as such).
    pub user_id: i32,
    /// Kind of the user's organisation (`None`: a citizen without one).
    pub organisation_kind: Option<Arc<str>>,
    /// Level of the user's organisation.
    pub organisation_level: Option<Arc<str>>,
    /// The user's organisation id.
    pub organisation_id: Option<i32>,
    /// Territory code (the user's own, else the organisation's).
    pub territory: Option<Arc<str>>,
    /// Age band (self-declared, optional).
    pub age_band: Option<Arc<str>>,
    /// Gender (self-declared, optional).
    pub gender: Option<Arc<str>>,
}

/// One shared copy of each distinct value (for [`Participant`]'s fields).
#[derive(Debug, Default)]
pub struct Interner(std::collections::HashSet<Arc<str>>);

impl Interner {
    /// The shared copy of `value`.
    pub fn get(&mut self, value: &str) -> Arc<str> {
        if let Some(v) = self.0.get(value) {
            return Arc::clone(v);
        }
        let v: Arc<str> = Arc::from(value);
        self.0.insert(Arc::clone(&v));
        v
    }

    /// The shared copy of an optional value.
    pub fn opt(&mut self, value: Option<&str>) -> Option<Arc<str>> {
        value.map(|v| self.get(v))
    }
}

/// The kind of an act: one byte, as millions of acts share five values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActKind {
    /// A comment (a contribution).
    Comment,
    /// A proposal (a contribution).
    Proposal,
    /// An amendment (a contribution).
    Amendment,
    /// A support of a proposal.
    Support,
    /// A priority allocation (one per person and consultation).
    Priority,
}

impl ActKind {
    /// Every kind.
    pub const ALL: [ActKind; 5] = [
        ActKind::Comment,
        ActKind::Proposal,
        ActKind::Amendment,
        ActKind::Support,
        ActKind::Priority,
    ];

    /// The stored value (`comment`, `proposal`, `amendment`, `support`, `priority`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActKind::Comment => "comment",
            ActKind::Proposal => "proposal",
            ActKind::Amendment => "amendment",
            ActKind::Support => "support",
            ActKind::Priority => "priority",
        }
    }

    /// The kind of a stored value.
    pub fn parse(s: &str) -> Option<ActKind> {
        ActKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One act of participation (kept small: a national consultation has millions).
#[derive(Debug, Clone, PartialEq)]
pub struct Act {
    /// Who.
    pub user_id: i32,
    /// In which consultation.
    pub consultation_id: i32,
    /// A contribution's kind, `Support` or `Priority`.
    pub kind: ActKind,
    /// When.
    pub at: NaiveDateTime,
}

/// A contribution with its official response, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ContributionRow {
    /// Id.
    pub id: i32,
    /// Consultation.
    pub consultation_id: i32,
    /// Author.
    pub author_id: i32,
    /// `Comment`, `Proposal` or `Amendment`.
    pub kind: ActKind,
    /// Whether it answers another contribution (replies are not top-level).
    pub is_reply: bool,
    /// When written.
    pub created_at: NaiveDateTime,
    /// Response status (`accepted`, `partially_accepted`, `rejected`, `already_planned`,
    /// `out_of_scope`; a static string, one per status).
    pub response_status: Option<&'static str>,
    /// When answered.
    pub responded_at: Option<NaiveDateTime>,
    /// Whether an action of the plan records this contribution as its origin.
    pub became_action: bool,
}

/// An action of a plan (for influence and traceability).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    /// Node id.
    pub node_id: i32,
    /// Whether its origin is a participant's proposal.
    pub from_proposal: bool,
    /// Whether it has at least one indicator.
    pub has_indicator: bool,
}

/// Population of a territory (reference data shipped with the application).
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    /// Territory code (NUTS 2 for Italian regions, e.g. `ITI4`).
    pub territory: String,
    /// Name.
    pub name: String,
    /// Residents.
    pub population: i64,
}

/// Where a plan node stands, as far as the impact indicators care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// Not done, not cancelled, not flagged at risk.
    Open,
    /// Flagged at risk.
    AtRisk,
    /// Done.
    Done,
    /// Cancelled: left out of progress and breakdowns.
    Cancelled,
}

/// A plan node for impact breakdowns.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactNode {
    /// Id.
    pub id: i32,
    /// Parent.
    pub parent_id: Option<i32>,
    /// Whether it is an action (the level breakdowns count).
    pub is_action: bool,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Where it stands.
    pub state: NodeState,
    /// Weight.
    pub weight: Option<f64>,
    /// Progress entered by hand (0–100).
    pub progress: Option<f64>,
    /// Responsible office.
    pub office: Option<String>,
    /// Responsible organisation name.
    pub organisation: Option<String>,
    /// Territory of the responsible organisation.
    pub territory: Option<String>,
    /// Planned start.
    pub planned_start: Option<NaiveDate>,
    /// Planned end.
    pub planned_end: Option<NaiveDate>,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end.
    pub actual_end: Option<NaiveDate>,
    /// Its plan's tolerance before "started late", in days.
    pub start_tolerance_days: i64,
}

/// An indicator with its targets and measurements.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// Id.
    pub id: i32,
    /// Node it measures.
    pub node_id: i32,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Which way it should move.
    pub direction: crate::impact::Direction,
    /// Baseline value and date.
    pub baseline: f64,
    /// Baseline date.
    pub baseline_date: NaiveDate,
    /// Targets (date, value), ascending.
    pub targets: Vec<(NaiveDate, f64)>,
    /// Measurements (date, value), ascending.
    pub measurements: Vec<(NaiveDate, f64)>,
}

/// A practice for reuse indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeRow {
    /// Id.
    pub id: i32,
    /// Title (original language).
    pub title: String,
    /// In the public catalogue (only those count).
    pub published: bool,
    /// Policy area.
    pub policy_area: Option<String>,
    /// Level.
    pub level: Option<String>,
    /// Innovation stage.
    pub stage: Option<String>,
}

/// An adoption of a practice.
#[derive(Debug, Clone, PartialEq)]
pub struct AdoptionRow {
    /// Practice.
    pub practice_id: i32,
    /// Adopting organisation.
    pub organisation_id: i32,
    /// Its territory.
    pub territory: Option<String>,
    /// Confirmed by the practice's owner (only those count).
    pub confirmed: bool,
    /// When adopted.
    pub adopted_on: NaiveDate,
}

// ---------------------------------------------------------------- outputs

/// A count per label, for breakdown tables (`count` is `None` when suppressed,
/// k < 5; counts of people are randomly rounded to a multiple of 5).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Count {
    /// Group label (a stored value such as `region`, a date, a territory code).
    pub label: String,
    /// Count, or `None` when fewer than k = 5 people (suppressed).
    pub count: Option<i64>,
}

/// Participants per day.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DailyParticipants {
    /// Day.
    pub day: NaiveDate,
    /// Distinct participants active that day (`None`: 1–4, suppressed).
    pub active: Option<i64>,
    /// Participants whose first act was that day (`None`: 1–4, suppressed).
    pub new: Option<i64>,
    /// Distinct participants up to that day (`None`: 1–4, suppressed).
    pub cumulative: Option<i64>,
}

/// Representation of one territory in the R-score.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Representation {
    /// Territory code.
    pub territory: String,
    /// Name.
    pub name: String,
    /// Participants (`None`: fewer than 5, suppressed).
    pub participants: Option<i64>,
    /// Residents.
    pub population: i64,
    /// Participants per 100,000 residents (`None` when suppressed).
    pub per_100k: Option<f64>,
}

/// Participation indicators for one selection (consultation, plan, platform).
#[derive(Debug, Clone, PartialEq, Serialize, Default, utoipa::ToSchema)]
pub struct Participation {
    /// Distinct participants (`None`: 1–4, suppressed). With fewer than
    /// five the breakdowns are empty and the ratios about people are `None`.
    pub participants: Option<i64>,
    /// Per day: active, new, cumulative.
    pub daily: Vec<DailyParticipants>,
    /// Participating organisations (distinct).
    pub organisations: i64,
    /// Participants by organisation kind (`citizen` for those without one), k-suppressed.
    pub by_organisation_kind: Vec<Count>,
    /// Participants by organisation level, k-suppressed.
    pub by_level: Vec<Count>,
    /// Contributions by kind (`comment`, `proposal`, `amendment`; acts `support`, `priority`).
    pub by_kind: Vec<Count>,
    /// Contributions (all kinds) per day.
    pub contributions_daily: Vec<Count>,
    /// Share of contributions from local bodies (local level / local + national + regional + eu).
    pub local_share: Option<f64>,
    /// Top-level contributions with an official response / top-level contributions.
    pub response_rate: Option<f64>,
    /// Median days from a top-level contribution to its response.
    pub median_days_to_response: Option<f64>,
    /// (accepted + partially accepted) / responded.
    pub acceptance_rate: Option<f64>,
    /// Responses by status.
    pub responses_by_status: Vec<Count>,
    /// Actions whose origin is a proposal / actions.
    pub influence: Option<f64>,
    /// Gini coefficient of contributions per participant (0 equal … 1 concentrated).
    pub gini: Option<f64>,
    /// Share of contributions made by the most active 10 % of participants.
    pub top10_share: Option<f64>,
    /// R-score over territories with a population: min/max of participants per resident.
    pub r_score: Option<f64>,
    /// Per territory, k-suppressed.
    pub representation: Vec<Representation>,
    /// Participants by age band, k-suppressed.
    pub by_age_band: Vec<Count>,
    /// Participants by gender, k-suppressed.
    pub by_gender: Vec<Count>,
    /// Participants active in at least two consultations / participants.
    pub retention: Option<f64>,
}

/// One democratic-quality dimension.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct QualityScore {
    /// `influence`, `transparency` or `traceability`.
    pub dimension: String,
    /// The ratios averaged: (name, value).
    pub ratios: Vec<(String, Option<f64>)>,
    /// Mean of the ratios that have a value.
    pub mean: Option<f64>,
    /// 1–5 points (≤20 % → 1, ≤40 % → 2, ≤60 % → 3, ≤80 % → 4, else 5).
    pub score: Option<u8>,
}

/// One indicator's state.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct IndicatorState {
    /// Indicator id.
    pub id: i32,
    /// Node id.
    pub node_id: i32,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Baseline.
    pub baseline: f64,
    /// Date of the baseline.
    pub baseline_date: NaiveDate,
    /// Targets (date, value), ascending (for the chart).
    pub targets: Vec<(NaiveDate, f64)>,
    /// Measurements (date, value), ascending (for the chart).
    pub measurements: Vec<(NaiveDate, f64)>,
    /// Last target value.
    pub target: Option<f64>,
    /// Last target date.
    pub target_date: Option<NaiveDate>,
    /// Latest measurement.
    pub latest: Option<f64>,
    /// Achievement %.
    pub achievement: Option<f64>,
    /// `achieved`, `on_track`, `at_risk`, `off_track` or `no_data`.
    pub status: String,
    /// Least-squares forecast at the target date, within the values the
    /// indicator can take (never below 0, a percentage never above 100);
    /// absent with fewer than three measurements.
    pub forecast: Option<f64>,
}

/// Progress and schedule of one group of actions (an area, an office, …).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Breakdown {
    /// Group label.
    pub label: String,
    /// Actions in the group.
    pub actions: i64,
    /// Mean progress of the group's actions.
    pub progress: Option<f64>,
    /// Share done.
    pub done_share: Option<f64>,
    /// Share late (started or completed late).
    pub late_share: Option<f64>,
    /// Share at risk.
    pub at_risk_share: Option<f64>,
}

/// Impact indicators of one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Default, utoipa::ToSchema)]
pub struct Impact {
    /// Plan progress (roll-up).
    pub progress: Option<f64>,
    /// Every indicator.
    pub indicators: Vec<IndicatorState>,
    /// Indicators by status.
    pub by_status: Vec<Count>,
    /// Whole-plan action shares.
    pub overall: Option<Breakdown>,
    /// By area (top-level node).
    pub by_area: Vec<Breakdown>,
    /// By responsible office.
    pub by_office: Vec<Breakdown>,
    /// By responsible organisation.
    pub by_organisation: Vec<Breakdown>,
    /// By territory.
    pub by_territory: Vec<Breakdown>,
}

/// Reuse of good practices.
#[derive(Debug, Clone, PartialEq, Serialize, Default, utoipa::ToSchema)]
pub struct Reuse {
    /// Published practices.
    pub published: i64,
    /// By policy area.
    pub by_policy_area: Vec<Count>,
    /// By level.
    pub by_level: Vec<Count>,
    /// By innovation stage.
    pub by_stage: Vec<Count>,
    /// Confirmed adoptions.
    pub confirmed_adoptions: i64,
    /// Practices with ≥ 1 confirmed adoption / published.
    pub reuse_rate: Option<f64>,
    /// Distinct territories of adopting organisations.
    pub territories_reached: i64,
    /// Confirmed adoptions by territory.
    pub adoptions_by_territory: Vec<Count>,
    /// Most adopted: (practice id, title, confirmed adoptions), at most 10.
    pub top_reused: Vec<(i32, String, i64)>,
}
