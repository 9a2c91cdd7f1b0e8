//! The read models of consultations: the page with its threads and rankings,
//! summaries kept per revision, the response queue, my contributions and
//! notifications.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use pspm_analytics::counts::suppressed;
use pspm_frontend::model::{
    ActionPoints, AmendedText, ConsultationView, ContributionView, EarlierText,
};
use serde_json::json;

use super::contributions::now;
use super::find;
use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::audit_event::AuditEvent;
use crate::db::consultation::Consultation;
use crate::db::contribution::Contribution;
use crate::db::follow::{Follow, Followed};
use crate::db::notification::Notification;
use crate::db::organisation::Organisation;
use crate::db::plan_node::PlanNode;
use crate::db::priority::Priorities;
use crate::db::response::Response;
use crate::db::user::User;
use crate::domain::{ContributionKind, NodeKind, NodeStatus};
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::plans::find as find_plan;
use crate::services::{Actor, Paging};

/// One page of a consultation's contributions (replies included, oldest
/// first), with the consultation and how many contributions it has in all.
pub fn contributions_page(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    paging: Paging,
) -> AppResult<(Consultation, Vec<ContributionView>, i64)> {
    let c = find(conn, actor, id)?;
    let total = i64::from(c.contribution_count);
    let rows = Contribution::page_of(conn, id, paging.offset(), paging.per_page)?;
    Ok((c, contribution_views(conn, rows)?, total))
}

/// A consultation as the plan page summarises it: its state, how many
/// contributions it has, its `top` most supported proposals (the only
/// contributions included) and its action ranking. It reads the running
/// totals the database keeps (migration 000013), never every contribution or
/// allocation, so it stays fast on a national consultation.
pub fn summary(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    top: usize,
) -> AppResult<ConsultationView> {
    let c = find(conn, actor, id)?;
    let lookups = Lookups::of_plan(conn, c.plan_id)?;
    let derived = derive(conn, &lookups, c.id, top)?;
    Ok(derived.view_of(c))
}

/// [`summary`] of each consultation of a plan the actor may read, the one
/// opening last first. The plan is checked once.
///
/// The plan page of a national plan summarises a score of consultations for
/// every signed-in reader, and most of them are closed. Each summary is kept
/// in `kept` per consultation [`revision`](Consultation::revision) (which
/// the database raises on every write to what it shows) and per `versions`:
/// plans' version (organisation and action names; see
/// [`plans_version`](crate::services::plans::view::plans_version)) and [`names_version`]
/// (a person who deletes their account is shown as a former participant at
/// once). A comment on the open consultation leaves the others' summaries
/// kept. The consultation's own row is read for every reader, and its state
/// off the clock.
pub fn summaries_of_plan(
    conn: &mut DbConn,
    kept: &Cache,
    versions: SummaryVersions,
    actor: Option<&Actor>,
    plan: i32,
    top: usize,
) -> AppResult<Vec<ConsultationView>> {
    find_plan(conn, actor, plan)?;
    // The rows before what is derived from them: a summary computed after
    // reading revision r shows r or a newer state, never an older one.
    let consultations = Consultation::of_plan(conn, plan)?;
    let mut derived = Vec::with_capacity(consultations.len());
    for c in &consultations {
        let key = format!(
            "summary:{}:{top}:{}:{}",
            c.id, versions.plans, versions.names
        );
        derived.push(kept.get_or(key, c.revision, || {
            let lookups = kept.get_or(format!("lookups:{plan}"), versions.plans, || {
                Lookups::of_plan(conn, plan)
            })?;
            derive(conn, &lookups, c.id, top)
        })?);
    }
    Ok(consultations
        .into_iter()
        .zip(derived)
        .map(|(c, d)| d.view_of(c))
        .collect())
}

/// The versions, besides each consultation's revision, that
/// [`summaries_of_plan`] keeps summaries by.
#[derive(Debug, Clone, Copy)]
pub struct SummaryVersions {
    /// [`plans_version`](crate::services::plans::view::plans_version).
    pub plans: i32,
    /// [`names_version`].
    pub names: i32,
}

/// The version of people's names as contributions show them: the newest
/// audit event of an account's change or deletion (one lookup in the
/// (action, id) index).
pub fn names_version(conn: &mut DbConn) -> AppResult<i32> {
    Ok(AuditEvent::latest_of(
        conn,
        &["user.update", "user.delete"],
    )?)
}

/// What a consultation's summary derives from its contributions, supports,
/// responses, priority points and invitations, kept per revision by
/// [`summaries_of_plan`].
#[derive(Debug)]
struct Derived {
    /// The top proposals, most supported first.
    top: Vec<ContributionView>,
    proposals_ranked: Vec<i32>,
    actions_ranked: Arc<[ActionPoints]>,
    invited: Vec<i32>,
}

impl Derived {
    /// The view of consultation `c` with these parts.
    fn view_of(&self, c: Consultation) -> ConsultationView {
        view(
            c,
            self.top.clone(),
            self.proposals_ranked.clone(),
            Arc::clone(&self.actions_ranked),
            self.invited.clone(),
        )
    }
}

/// The parts of consultation `id`'s summary, its `top` proposals included.
fn derive(conn: &mut DbConn, lookups: &Lookups, id: i32, top: usize) -> AppResult<Derived> {
    let ranked = Contribution::ranked_proposals(conn, id, top as i64)?;
    let rows = Contribution::find_many(conn, &sorted_unique(ranked.iter().copied()))?;
    let mut views: HashMap<i32, ContributionView> = views_with(conn, &lookups.orgs, rows)?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    Ok(Derived {
        top: ranked.iter().filter_map(|id| views.remove(id)).collect(),
        proposals_ranked: ranked,
        actions_ranked: action_ranking(conn, lookups, id)?.into(),
        invited: Consultation::invites(conn, id)?,
    })
}

/// Top-level contributions (threads) per page of a consultation.
pub const THREADS_PER_PAGE: i64 = 25;
/// Proposals in the ranking of a consultation's page.
pub const RANKED_PROPOSALS: usize = 50;

/// One page of a consultation, as its web page shows it.
#[derive(Debug, Clone)]
pub struct ConsultationPage {
    /// The consultation; `contributions` holds this page's threads with all
    /// their replies, and the ranked proposals.
    pub view: ConsultationView,
    /// This page's top-level contributions, oldest first.
    pub threads: Vec<i32>,
    /// Top-level contributions in all.
    pub threads_total: i64,
    /// The page shown (from 1; an out-of-range page shows the nearest one).
    pub page: i64,
    /// Proposals that are not hidden, in all (the ranking lists at most
    /// [`RANKED_PROPOSALS`]).
    pub proposals_total: i64,
}

/// One page of a consultation: [`THREADS_PER_PAGE`] threads, oldest first,
/// with every reply under them, and the [`RANKED_PROPOSALS`] most supported
/// proposals. Its cost depends on the page, not on the size of the
/// consultation, which on a national one runs to hundreds of thousands of
/// contributions.
pub fn page_view(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    page: i64,
) -> AppResult<ConsultationPage> {
    let c = find(conn, actor, id)?;
    let lookups = Lookups::of_plan(conn, c.plan_id)?;
    let threads_total = Contribution::count_threads(conn, id)?;
    let pages = ((threads_total + THREADS_PER_PAGE - 1) / THREADS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let mut rows =
        Contribution::threads(conn, id, (page - 1) * THREADS_PER_PAGE, THREADS_PER_PAGE)?;
    let threads: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut frontier = threads.clone();
    while !frontier.is_empty() {
        let replies = Contribution::replies_to(conn, &frontier)?;
        frontier = replies.iter().map(|r| r.id).collect();
        rows.extend(replies);
    }
    let ranked = Contribution::ranked_proposals(conn, id, RANKED_PROPOSALS as i64)?;
    let proposals_total = Contribution::count_shown_proposals(conn, id)?;
    let missing: Vec<i32> = sorted_unique(
        ranked
            .iter()
            .copied()
            .filter(|p| !rows.iter().any(|r| r.id == *p)),
    );
    rows.extend(Contribution::find_many(conn, &missing)?);
    rows.sort_by_key(|r| (r.created_at, r.id));
    let views = views_with(conn, &lookups.orgs, rows)?;
    Ok(ConsultationPage {
        view: assemble(conn, &lookups, c, views, ranked)?,
        threads,
        threads_total,
        page,
        proposals_total,
    })
}

/// What every consultation of a plan reads alike: the organisations and the
/// plan's actions.
struct Lookups {
    orgs: Organisations,
    actions: Vec<PlanNode>,
}

impl Lookups {
    fn of_plan(conn: &mut DbConn, plan: i32) -> AppResult<Self> {
        Ok(Self {
            orgs: Organisations::load(conn)?,
            actions: PlanNode::of_plan(conn, plan)?
                .into_iter()
                // A cancelled action is not offered for points.
                .filter(|n| n.kind == NodeKind::Action && n.status != NodeStatus::Cancelled)
                .collect(),
        })
    }
}

/// The view from its parts, adding the action ranking, state and invitations.
fn assemble(
    conn: &mut DbConn,
    lookups: &Lookups,
    c: Consultation,
    contributions: Vec<ContributionView>,
    proposals_ranked: Vec<i32>,
) -> AppResult<ConsultationView> {
    let actions = action_ranking(conn, lookups, c.id)?;
    let invited = Consultation::invites(conn, c.id)?;
    Ok(view(
        c,
        contributions,
        proposals_ranked,
        actions.into(),
        invited,
    ))
}

/// The plan's actions, most priority points first, with the points by kind
/// of organisation.
fn action_ranking(
    conn: &mut DbConn,
    lookups: &Lookups,
    consultation: i32,
) -> AppResult<Vec<ActionPoints>> {
    let mut by_node: HashMap<i32, (i64, BTreeMap<String, i64>)> = HashMap::new();
    let mut people: HashMap<i32, BTreeMap<String, i64>> = HashMap::new();
    for t in Priorities::totals(conn, consultation)? {
        let kind = lookups.orgs.kind_name(t.organisation);
        let e = by_node.entry(t.node).or_default();
        e.0 += t.points;
        *e.1.entry(kind.clone()).or_default() += t.points;
        *people.entry(t.node).or_default().entry(kind).or_default() += t.people;
    }
    let mut actions: Vec<ActionPoints> = lookups
        .actions
        .iter()
        .map(|n| {
            let (points, by_kind) = by_node.remove(&n.id).unwrap_or_default();
            let shown = published(&people.remove(&n.id).unwrap_or_default());
            ActionPoints {
                node_id: n.id,
                code: n.code.clone(),
                title: n.title.clone(),
                points,
                // A kind's points are published only where its people are.
                points_by_kind: by_kind
                    .into_iter()
                    .map(|(kind, p)| {
                        let open = shown.get(&kind).is_some_and(Option::is_some);
                        (kind, open.then_some(p))
                    })
                    .collect(),
            }
        })
        .collect();
    actions.sort_by(|a, b| b.points.cmp(&a.points).then(a.code.cmp(&b.code)));
    Ok(actions)
}

/// The view of a consultation from its row and parts; its state is read off
/// the clock.
fn view(
    c: Consultation,
    contributions: Vec<ContributionView>,
    proposals_ranked: Vec<i32>,
    actions_ranked: Arc<[ActionPoints]>,
    invited: Vec<i32>,
) -> ConsultationView {
    let at = now();
    let state = if at < c.opens_at {
        "upcoming"
    } else if at >= c.closes_at {
        "closed"
    } else {
        "open"
    };
    ConsultationView {
        id: c.id,
        plan_id: c.plan_id,
        invited,
        title: c.title,
        description: c.description,
        opens_at: c.opens_at,
        closes_at: c.closes_at,
        audience: c.audience.to_string(),
        comments_enabled: c.comments_enabled,
        proposals_enabled: c.proposals_enabled,
        supports_per_person: c.supports_per_person,
        points_per_person: c.points_per_person,
        state: state.into(),
        contribution_count: i64::from(c.contribution_count),
        contributions,
        proposals_ranked,
        actions_ranked,
    }
}

/// Every organisation, by id.
struct Organisations(HashMap<i32, Organisation>);

impl Organisations {
    fn load(conn: &mut DbConn) -> AppResult<Self> {
        Ok(Self(
            Organisation::all(conn)?
                .into_iter()
                .map(|o| (o.id, o))
                .collect(),
        ))
    }

    /// The kind under which a person's support or points count: their
    /// organisation's kind, or "none" for citizens.
    fn kind_name(&self, organisation: Option<i32>) -> String {
        organisation
            .and_then(|o| self.0.get(&o))
            .map_or_else(|| "none".into(), |o| o.kind.to_string())
    }
}

/// Counts of people by kind as they may be published: `None` where the
/// k = 5 rule hides them (as the dashboards do).
fn published(people: &BTreeMap<String, i64>) -> BTreeMap<String, Option<i64>> {
    let hide = suppressed(&people.values().copied().collect::<Vec<_>>());
    people
        .iter()
        .zip(hide)
        .map(|((kind, n), hidden)| (kind.clone(), (!hidden).then_some(*n)))
        .collect()
}

pub(super) fn sorted_unique(ids: impl Iterator<Item = i32>) -> Vec<i32> {
    let mut ids: Vec<i32> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub(super) fn contribution_views(
    conn: &mut DbConn,
    contributions: Vec<Contribution>,
) -> AppResult<Vec<ContributionView>> {
    let orgs = Organisations::load(conn)?;
    views_with(conn, &orgs, contributions)
}

/// [`contribution_views`] with the organisations already read.
fn views_with(
    conn: &mut DbConn,
    orgs: &Organisations,
    contributions: Vec<Contribution>,
) -> AppResult<Vec<ContributionView>> {
    let ids: Vec<i32> = contributions.iter().map(|c| c.id).collect();
    let names: HashMap<i32, String> = User::display_names(
        conn,
        &sorted_unique(contributions.iter().map(|c| c.author_id)),
    )?
    .into_iter()
    .collect();
    let mut supports: HashMap<i32, (i64, BTreeMap<String, i64>)> = HashMap::new();
    for (cid, organisation, n) in Contribution::support_counts(conn, &ids)? {
        let e = supports.entry(cid).or_default();
        e.0 += n;
        *e.1.entry(orgs.kind_name(organisation)).or_default() += n;
    }
    let edited: Vec<i32> = contributions
        .iter()
        .filter(|c| c.edited_at.is_some() && c.hidden_at.is_none())
        .map(|c| c.id)
        .collect();
    let mut earlier: HashMap<i32, Vec<EarlierText>> = HashMap::new();
    for e in Contribution::edits_of(conn, &edited)? {
        earlier
            .entry(e.contribution_id)
            .or_default()
            .push(EarlierText {
                title: e.title,
                body: e.body,
                written_at: e.written_at,
            });
    }
    let responses: HashMap<i32, Response> = Response::of_contributions(conn, &ids)?
        .into_iter()
        .map(|r| (r.contribution_id, r))
        .collect();
    Ok(contributions
        .into_iter()
        .map(|c| {
            let hidden = c.hidden_at.is_some();
            let org = c.organisation_id.and_then(|o| orgs.0.get(&o));
            let (count, by_kind) = supports.remove(&c.id).unwrap_or_default();
            let r = responses.get(&c.id);
            ContributionView {
                id: c.id,
                kind: c.kind.to_string(),
                node_id: c.node_id,
                parent_id: c.parent_id,
                author: names.get(&c.author_id).cloned().unwrap_or_default(),
                organisation: org.map(|o| o.name.clone()),
                organisation_kind: org.map(|o| o.kind.to_string()),
                title: if hidden { None } else { c.title },
                body: if hidden { None } else { Some(c.body) },
                hidden_reason: c.hidden_reason,
                supports: count,
                supports_by_kind: published(&by_kind),
                response_status: r.map(|r| r.status.to_string()),
                response: r.map(|r| r.body.clone()),
                response_node_id: r.and_then(|r| r.node_id),
                created_at: c.created_at,
                edited_at: c.edited_at,
                withdrawn: c.withdrawn_at.is_some(),
                earlier: earlier.remove(&c.id).unwrap_or_default(),
                amends: match (hidden, c.amends_title, c.amends_description) {
                    (false, Some(title), Some(description)) => {
                        Some(AmendedText { title, description })
                    }
                    _ => None,
                },
            }
        })
        .collect())
}

/// What a reader has done in a consultation, for its page to offer only
/// what can succeed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TakingPart {
    /// Proposals the reader supports.
    pub supports: Vec<i32>,
    /// The reader's own proposals (not theirs to support).
    pub proposals: Vec<i32>,
    /// All the reader's own contributions (theirs to edit or withdraw).
    pub contributions: Vec<i32>,
    /// The reader's priority points: (action node, points).
    pub points: Vec<(i32, i32)>,
    /// Why the reader cannot take part now (the code of the refusal they
    /// would meet: `not_invited`, `consultation_closed`, …), so that the page
    /// says it before they write.
    pub refused: Option<&'static str>,
    /// Whether the reader follows the consultation.
    pub following: bool,
    /// The threads (first contributions) of this consultation the reader follows.
    pub threads: Vec<i32>,
}

/// What the actor has done in consultation `id`: their supports, proposals and points.
pub fn taking_part(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<TakingPart> {
    let own: Vec<Contribution> = Contribution::by_author(conn, actor.user_id)?
        .into_iter()
        .filter(|c| c.consultation_id == id)
        .collect();
    let proposals = own
        .iter()
        .filter(|c| c.kind == ContributionKind::Proposal)
        .map(|c| c.id)
        .collect();
    let contributions = own.iter().map(|c| c.id).collect();
    let c = Consultation::find(conn, id)?;
    let refused = match super::check_can_take_part(conn, actor, &c, now()) {
        Ok(()) => None,
        Err(AppError::Conflict { code, .. }) => Some(code),
        Err(e) => return Err(e),
    };
    let followed = Follow::of_user(conn, actor.user_id)?;
    Ok(TakingPart {
        supports: Contribution::supported_by(conn, id, actor.user_id)?,
        proposals,
        contributions,
        points: Priorities::of_user(conn, id, actor.user_id)?,
        refused,
        following: followed.contains(&Followed::Consultation(id)),
        threads: followed
            .iter()
            .filter_map(|f| match f {
                Followed::Thread(t) => Some(*t),
                Followed::Consultation(_) => None,
            })
            .collect(),
    })
}

/// Every contribution of the actor with what became of it.
pub fn my_contributions(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<ContributionView>> {
    let mine = Contribution::by_author(conn, actor.user_id)?;
    contribution_views(conn, mine)
}

/// The actor's notifications and the unread count.
pub fn notifications(conn: &mut DbConn, actor: &Actor) -> AppResult<(Vec<Notification>, i64)> {
    Ok((
        Notification::of_user(conn, actor.user_id)?,
        Notification::unread(conn, actor.user_id)?,
    ))
}

/// Marks the actor's notifications read.
pub fn mark_notifications_read(conn: &mut DbConn, actor: &Actor) -> AppResult<usize> {
    conn.write(|conn| {
        let n = Notification::mark_all_read(conn, actor.user_id, now())?;
        audit::record(
            conn,
            Some(actor),
            "notifications.read",
            "user",
            Some(actor.user_id),
            json!({"count": n}),
        )?;
        Ok(n)
    })
}
