//! View models shared by the pages and the JSON API: what a plan looks like
//! once the services have computed its figures.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

/// A plan as lists and pages show it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct PlanView {
    /// Id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Owner organisation id.
    pub owner_organisation_id: i32,
    /// Owner organisation name.
    pub owner_organisation: String,
    /// Start.
    pub period_start: NaiveDate,
    /// End.
    pub period_end: NaiveDate,
    /// Status.
    pub status: String,
    /// Parent plan id.
    pub parent_plan_id: Option<i32>,
    /// Parent plan title.
    pub parent_plan: Option<String>,
    /// Optimistic-concurrency version to send back with edits.
    pub lock_version: i32,
    /// Statuses this plan may move to next.
    pub next_statuses: Vec<String>,
    /// Days an action may start after its planned start before it is
    /// flagged "started late".
    pub start_tolerance_days: i32,
}

/// A reference to a node of another plan.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct NodeRef {
    /// Plan id.
    pub plan_id: i32,
    /// Plan title.
    pub plan_title: String,
    /// Owner of that plan.
    pub organisation: String,
    /// Node id.
    pub node_id: i32,
    /// Node code.
    pub code: String,
    /// Node title.
    pub title: String,
}

/// The consultation proposal a node was created from.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ProposalOrigin {
    /// The proposal's id (`/contributions/{id}` shows it in its thread).
    pub contribution_id: i32,
    /// Its consultation.
    pub consultation_id: i32,
    /// The consultation's title.
    pub consultation_title: String,
}

/// A milestone.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MilestoneView {
    /// Id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Due date.
    pub due_date: NaiveDate,
    /// Reached.
    pub done: bool,
}

/// A file attached to a plan or a node.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct AttachmentView {
    /// Id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Language of the document: `it`, `en`, `es` or `lv`.
    pub lang: String,
    /// The name it was uploaded with.
    pub file_name: String,
    /// Media type, detected from the content.
    pub media_type: String,
    /// Short name of the type for people (`PDF`, `XLSX`).
    pub kind: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content, hexadecimal.
    pub sha256: String,
    /// Where to download it.
    pub url: String,
    /// Uploaded.
    #[serde(with = "pspm_analytics::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::NaiveDateTime,
}

/// A dated value.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Point {
    /// Date.
    pub date: NaiveDate,
    /// Value.
    pub value: f64,
    /// Label (target period) or note (measurement).
    pub label: Option<String>,
}

/// An indicator with its computed figures.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct IndicatorView {
    /// Id.
    pub id: i32,
    /// Node id.
    pub node_id: i32,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Direction.
    pub direction: String,
    /// Baseline.
    pub baseline: Point,
    /// Frequency.
    pub frequency: String,
    /// Data source.
    pub data_source: String,
    /// Targets by due date (label = period).
    pub targets: Vec<Point>,
    /// Measurements by date (label = note).
    pub measurements: Vec<Point>,
    /// Latest measured value.
    pub latest: Option<f64>,
    /// Achievement % towards the final target.
    pub achievement: Option<f64>,
    /// achieved, on_track, at_risk, off_track (against the straight line to the final target).
    pub track: Option<String>,
    /// Least-squares forecast at the final target's date, within the values
    /// the indicator can take (never below 0, a percentage never above 100);
    /// absent with fewer than three measurements.
    pub forecast: Option<f64>,
}

/// A node with computed figures.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct NodeView {
    /// Id.
    pub id: i32,
    /// Parent id.
    pub parent_id: Option<i32>,
    /// Parent code.
    pub parent_code: Option<String>,
    /// Depth (0 for areas).
    pub depth: usize,
    /// Kind.
    pub kind: String,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Responsible office.
    pub responsible_office: Option<String>,
    /// Responsible organisation id.
    pub responsible_organisation_id: Option<i32>,
    /// Responsible organisation name.
    pub responsible_organisation: Option<String>,
    /// Weight.
    pub weight: Option<f64>,
    /// Planned start.
    pub planned_start: Option<NaiveDate>,
    /// Planned end.
    pub planned_end: Option<NaiveDate>,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end.
    pub actual_end: Option<NaiveDate>,
    /// Budget.
    pub budget: Option<f64>,
    /// Status.
    pub status: String,
    /// Progress (entered on actions, computed for parents).
    pub progress: Option<f64>,
    /// planned_start < actual_start.
    pub started_late: bool,
    /// Days between the planned and the actual start, when later (else 0).
    pub start_delay_days: i64,
    /// Ended after its planned end (planned_end < actual_end).
    pub completed_late: bool,
    /// Past its planned end without having ended (not done, not cancelled).
    pub overdue: bool,
    /// Days past the planned end: to the actual end, or to today while
    /// overdue (else 0).
    pub end_delay_days: i64,
    /// Position among siblings.
    pub position: i32,
    /// Version to send back with edits.
    pub lock_version: i32,
    /// The consultation proposal this node came from.
    pub origin_contribution_id: Option<i32>,
    /// Where that proposal was made.
    pub origin: Option<ProposalOrigin>,
    /// The amendment last accepted into its title and description.
    pub amendment: Option<ProposalOrigin>,
    /// The parent plan's node this contributes to.
    pub aligned_to: Option<NodeRef>,
    /// Nodes of other plans aligned to this one.
    pub contributors: Vec<NodeRef>,
    /// Milestones.
    pub milestones: Vec<MilestoneView>,
    /// Attached files.
    pub attachments: Vec<AttachmentView>,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
}

/// A plan with its whole tree.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct PlanTree {
    /// The plan.
    pub plan: PlanView,
    /// Overall progress.
    pub progress: Option<f64>,
    /// Nodes in pre-order.
    pub nodes: Vec<NodeView>,
    /// Number of adopted versions.
    pub versions: usize,
    /// Plans aligned to this one.
    pub child_plans: Vec<PlanView>,
    /// Files attached to the plan itself.
    pub attachments: Vec<AttachmentView>,
}

/// A contribution as pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ContributionView {
    /// Id.
    pub id: i32,
    /// Kind.
    pub kind: String,
    /// Node.
    pub node_id: Option<i32>,
    /// Replied-to contribution.
    pub parent_id: Option<i32>,
    /// Author's name ("" for a former participant).
    pub author: String,
    /// Organisation name.
    pub organisation: Option<String>,
    /// Organisation kind.
    pub organisation_kind: Option<String>,
    /// Title (proposals); none when hidden.
    pub title: Option<String>,
    /// Text; none when hidden.
    pub body: Option<String>,
    /// Why it was hidden.
    pub hidden_reason: Option<String>,
    /// Supports received.
    pub supports: i64,
    /// Supports by organisation kind; `null` where fewer than 5 people
    /// would be shown (k = 5).
    pub supports_by_kind: BTreeMap<String, Option<i64>>,
    /// Response status.
    pub response_status: Option<String>,
    /// Response text.
    pub response: Option<String>,
    /// The node it became or was merged into.
    pub response_node_id: Option<i32>,
    /// Created at.
    #[serde(with = "pspm_analytics::utc")]
    pub created_at: NaiveDateTime,
    /// When its author last changed it.
    #[serde(with = "pspm_analytics::utc::option")]
    pub edited_at: Option<NaiveDateTime>,
    /// Whether its author withdrew it (it keeps its supports in the record).
    pub withdrawn: bool,
    /// The texts it had before its author changed them, oldest first
    /// (none while hidden).
    pub earlier: Vec<EarlierText>,
    /// Amendments: the node's title and description the change would
    /// replace, as they were when it was proposed (its diff).
    pub amends: Option<AmendedText>,
}

/// The text an amendment would replace.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct AmendedText {
    /// The node's title then.
    pub title: String,
    /// The node's description then.
    pub description: String,
}

/// A text a contribution had before its author changed it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct EarlierText {
    /// Title then.
    pub title: Option<String>,
    /// Text then.
    pub body: String,
    /// When it was written.
    #[serde(with = "pspm_analytics::utc")]
    pub written_at: NaiveDateTime,
}

/// An action with its priority points.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ActionPoints {
    /// Node id.
    pub node_id: i32,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Points from everyone.
    pub points: i64,
    /// Points by organisation kind; `null` where fewer than 5 people of
    /// that kind gave points (k = 5).
    pub points_by_kind: BTreeMap<String, Option<i64>>,
}

/// A consultation with its contributions and rankings.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ConsultationView {
    /// Id.
    pub id: i32,
    /// Plan.
    pub plan_id: i32,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Opens at.
    #[serde(with = "pspm_analytics::utc")]
    pub opens_at: NaiveDateTime,
    /// Closes at.
    #[serde(with = "pspm_analytics::utc")]
    pub closes_at: NaiveDateTime,
    /// `public` or `invited`.
    pub audience: String,
    /// Invited organisations.
    pub invited: Vec<i32>,
    /// Comments allowed.
    pub comments_enabled: bool,
    /// Proposals allowed.
    pub proposals_enabled: bool,
    /// Supports per person.
    pub supports_per_person: i32,
    /// Points per person.
    pub points_per_person: i32,
    /// `upcoming`, `open` or `closed`.
    pub state: String,
    /// Number of contributions, hidden ones included.
    pub contribution_count: i64,
    /// Every contribution, oldest first.
    pub contributions: Vec<ContributionView>,
    /// Proposal ids, most supported first.
    pub proposals_ranked: Vec<i32>,
    // Shared: a kept summary gives every reader the same list, and a
    // national consultation ranks hundreds of actions, too many to copy per page.
    /// Actions by priority points, most first.
    #[serde(serialize_with = "shared_slice")]
    #[schema(value_type = Vec<ActionPoints>)]
    pub actions_ranked: Arc<[ActionPoints]>,
}

/// Serialises a shared slice as the slice (serde's `rc` feature would
/// rebuild every crate that uses serde for this one field).
fn shared_slice<S: serde::Serializer, T: Serialize>(v: &Arc<[T]>, s: S) -> Result<S::Ok, S::Error> {
    v.as_ref().serialize(s)
}

/// A practice in a result list.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct PracticeHit {
    /// Id.
    pub id: i32,
    /// Title in the shown language.
    pub title: String,
    /// Summary with matched words between `[[` and `]]`.
    pub summary: String,
    /// Language shown.
    pub lang: String,
    /// Whether the reader's language was missing and the original is shown.
    pub fallback: bool,
    /// Owner organisation.
    pub owner: String,
    /// Level.
    pub level: Option<String>,
    /// Policy area.
    pub policy_area: Option<String>,
    /// Innovation stage.
    pub innovation_stage: Option<String>,
    /// Territory code.
    pub territory_code: Option<String>,
    /// Licence.
    pub licence: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Confirmed adoptions.
    pub adoptions: i64,
    /// Mean rating (none without ratings).
    pub rating: Option<f64>,
    /// Number of ratings.
    pub ratings: i64,
    /// When published.
    #[serde(with = "pspm_analytics::utc::option")]
    pub published_at: Option<NaiveDateTime>,
}

/// Counts per facet value for the current result set (every filter applied).
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq)]
pub struct Facets {
    /// By policy area.
    pub policy_area: Vec<(String, i64)>,
    /// By level.
    pub level: Vec<(String, i64)>,
    /// By territory code (the 30 most frequent, unless all are asked for).
    pub territory: Vec<(String, i64)>,
    /// How many territories the matches have in all.
    pub territory_values: i64,
    /// By SDG number.
    pub sdg: Vec<(String, i64)>,
    /// By innovation stage.
    pub stage: Vec<(String, i64)>,
    /// By licence.
    pub licence: Vec<(String, i64)>,
    /// By owner organisation kind.
    pub owner_kind: Vec<(String, i64)>,
    /// The 30 most frequent tags (unless all are asked for).
    pub tag: Vec<(String, i64)>,
    /// How many tags the matches have in all.
    pub tag_values: i64,
}

/// A page of results.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SearchResult {
    /// This page.
    pub practices: Vec<PracticeHit>,
    /// Matching practices in all.
    pub total: i64,
    /// Page number.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// Facet counts.
    pub facets: Facets,
    /// When few practices have the words typed: the query with its
    /// misspelt words corrected, whose matches follow the exact ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// A published practice like another (on the other's page).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SimilarPractice {
    /// Id.
    pub id: i32,
    /// Title, in the reader's language when the practice has it.
    pub title: String,
    /// Language of the title.
    pub lang: String,
    /// The tags both practices have (none: alike by their words).
    pub shared_tags: Vec<String>,
}

/// A rating of a practice.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct RatingView {
    /// Id.
    pub id: i32,
    /// Author's display name.
    pub author: String,
    /// Whether the author deleted their account.
    pub author_deleted: bool,
    /// 1 to 5.
    pub stars: i32,
    /// Optional review.
    pub review: String,
    /// Last changed.
    #[serde(with = "pspm_analytics::utc")]
    pub updated_at: NaiveDateTime,
}

/// A plan node a practice informs.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct LinkedNode {
    /// Node id.
    pub node_id: i32,
    /// Node code.
    pub code: String,
    /// Node title.
    pub title: String,
    /// Plan id.
    pub plan_id: i32,
    /// Plan title.
    pub plan: String,
}

/// A practice as its page shows it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct PracticeDetail {
    /// Id.
    pub id: i32,
    /// Owner organisation.
    pub owner: String,
    /// Owner organisation id.
    pub owner_organisation_id: i32,
    /// `draft`, `submitted`, `published` or `archived`.
    pub status: String,
    /// The reviewer's comment when a submission was sent back.
    pub review_comment: Option<String>,
    /// Language shown.
    pub lang: String,
    /// Original language.
    pub original_language: String,
    /// Whether the original is shown because the reader's language is missing.
    pub fallback: bool,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Problem.
    pub problem: String,
    /// Solution.
    pub solution: String,
    /// Results.
    pub results: String,
    /// Lessons learned.
    pub lessons: String,
    /// Conditions for replication.
    pub conditions: String,
    /// How to use it: steps, templates, where to find the resource.
    pub how_to_use: String,
    /// Contact.
    pub contact: Option<String>,
    /// Country (ISO 3166 code).
    pub country: Option<String>,
    /// Territory code.
    pub territory_code: Option<String>,
    /// Level.
    pub level: Option<String>,
    /// Policy area.
    pub policy_area: Option<String>,
    /// Innovation stage.
    pub innovation_stage: Option<String>,
    /// Launch year.
    pub launch_year: Option<i32>,
    /// Licence.
    pub licence: Option<String>,
    /// Links.
    pub links: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Sustainable Development Goals (1–17).
    pub sdgs: Vec<i32>,
    /// Languages available.
    pub languages: Vec<String>,
    /// Confirmed adoptions.
    pub adoptions: Vec<AdoptionView>,
    /// Mean rating (none without ratings).
    pub rating: Option<f64>,
    /// Ratings, newest first.
    pub ratings: Vec<RatingView>,
    /// Plan nodes the practice informs.
    pub informs: Vec<LinkedNode>,
    /// When published.
    #[serde(with = "pspm_analytics::utc::option")]
    pub published_at: Option<NaiveDateTime>,
}

/// A practice in a management list (review queue, an organisation's practices).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct PracticeRow {
    /// Id.
    pub id: i32,
    /// Title in the original language.
    pub title: String,
    /// Owner organisation.
    pub owner: String,
    /// Status.
    pub status: String,
    /// The reviewer's comment when sent back.
    pub review_comment: Option<String>,
    /// When last submitted.
    #[serde(with = "pspm_analytics::utc::option")]
    pub submitted_at: Option<NaiveDateTime>,
    /// Last changed.
    #[serde(with = "pspm_analytics::utc")]
    pub updated_at: NaiveDateTime,
}

/// An adoption of a practice.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct AdoptionView {
    /// Id.
    pub id: i32,
    /// Practice.
    pub practice_id: i32,
    /// Practice title (original language).
    pub practice: String,
    /// Adopting organisation.
    pub organisation: String,
    /// Its kind.
    pub organisation_kind: String,
    /// Its territory code.
    pub territory_code: Option<String>,
    /// When it was adopted.
    pub adopted_on: NaiveDate,
    /// In what context.
    pub context: String,
    /// With what outcome.
    pub outcome: String,
    /// `pending`, `confirmed` or `rejected`.
    pub status: String,
}
