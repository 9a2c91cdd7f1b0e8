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
use crate::db::contribution::{
    Contribution, Priorities, ProposalFilter, ProposalOrder, QueueFilter, Response,
};
use crate::db::follow::{Follow, Followed};
use crate::db::notification::Notification;
use crate::db::organisation::Organisation;
use crate::db::plan::Plan;
use crate::db::plan_node::PlanNode;
use crate::db::user::User;
use crate::domain::{ContributionKind, NodeKind, NodeStatus, Role};
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::plans::{can_edit, find as find_plan};
use crate::services::validate::Checker;
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

/// Contributions per page of the response queue.
pub const QUEUE_PER_PAGE: i64 = 25;

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

fn sorted_unique(ids: impl Iterator<Item = i32>) -> Vec<i32> {
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

/// The response queue's filters as a query string gives them (text, so
/// that a wrong value is named rather than refused whole).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// Only this plan's consultations.
    pub plan: Option<String>,
    /// Only this consultation.
    pub consultation: Option<String>,
    /// `comment`, `proposal` or `amendment`.
    pub kind: Option<String>,
    /// Only contributions about this node.
    pub node: Option<String>,
    /// `awaiting` (the default), `answered` or `all`.
    pub status: Option<String>,
    /// Page, from 1.
    pub page: Option<String>,
}

impl QueueParams {
    /// The filters of a query string such as [`QueueQuery::to_query`] writes.
    pub fn from_query(query: &str) -> Self {
        let mut p = Self::default();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            let v = Some(v.into_owned());
            match &*k {
                "plan" => p.plan = v,
                "consultation" => p.consultation = v,
                "kind" => p.kind = v,
                "node" => p.node = v,
                "status" => p.status = v,
                "page" => p.page = v,
                _ => {}
            }
        }
        p
    }

    /// The query these filters ask for, or each wrong one named.
    pub fn query(&self) -> AppResult<QueueQuery> {
        let mut c = Checker::default();
        let id = |c: &mut Checker, field: &str, v: &Option<String>| -> Option<i32> {
            let v = v.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
            let parsed = v.parse::<i32>().ok().filter(|n| *n > 0);
            if parsed.is_none() {
                c.add(field, "invalid_choice", format!("{field} must be an id"));
            }
            parsed
        };
        let plan = id(&mut c, "plan", &self.plan);
        let consultation = id(&mut c, "consultation", &self.consultation);
        let node = id(&mut c, "node", &self.node);
        let page = id(&mut c, "page", &self.page).map_or(1, i64::from);
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(k) => c.choice("kind", k, ContributionKind::parse),
        };
        let answered = match self.status.as_deref().map(str::trim) {
            None | Some("") | Some("awaiting") => Some(false),
            Some("answered") => Some(true),
            Some("all") => None,
            Some(_) => {
                c.add(
                    "status",
                    "invalid_choice",
                    "status must be awaiting, answered or all",
                );
                Some(false)
            }
        };
        c.finish()?;
        Ok(QueueQuery {
            plan,
            consultation,
            filter: QueueFilter {
                kind,
                node,
                answered,
            },
            page,
        })
    }
}

/// What the response queue is asked for: filters (ids as given; one the
/// actor may not answer simply matches nothing) and the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueQuery {
    /// Only this plan's consultations.
    pub plan: Option<i32>,
    /// Only this consultation.
    pub consultation: Option<i32>,
    /// Kind, node and answer status.
    pub filter: QueueFilter,
    /// The page, from 1.
    pub page: i64,
}

impl QueueQuery {
    /// The query string that asks for these filters again (`page` included
    /// when past the first), for links and redirects.
    pub fn to_query(&self, with_page: bool) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut id = |name: &str, v: Option<i32>| {
            if let Some(v) = v {
                parts.push(format!("{name}={v}"));
            }
        };
        id("plan", self.plan);
        id("consultation", self.consultation);
        id("node", self.filter.node);
        if let Some(k) = self.filter.kind {
            parts.push(format!("kind={k}"));
        }
        match self.filter.answered {
            Some(true) => parts.push("status=answered".into()),
            None => parts.push("status=all".into()),
            Some(false) => {}
        }
        if with_page && self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }
}

/// Where a contribution of the queue was made and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueItem {
    /// The contribution.
    pub view: ContributionView,
    /// Its consultation: id and title.
    pub consultation: (i32, String),
    /// Its plan: id and title.
    pub plan: (i32, String),
    /// The node it is about: id and "code – title".
    pub node: Option<(i32, String)>,
}

/// One page of the response queue and what its filters can choose from.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuePage {
    /// The contributions of this page, oldest first.
    pub items: Vec<QueueItem>,
    /// How many match in all.
    pub total: i64,
    /// The page shown (from 1).
    pub page: i64,
    /// Plans whose consultations the actor answers: (id, title).
    pub plans: Vec<(i32, String)>,
    /// Those consultations (of the chosen plan, if one is): (id, title).
    pub consultations: Vec<(i32, String)>,
}

/// Contributions on the plans the actor edits, as `q` filters them (by
/// default those awaiting an answer), [`QUEUE_PER_PAGE`] a page, oldest first.
pub fn response_queue(conn: &mut DbConn, actor: &Actor, q: &QueueQuery) -> AppResult<QueuePage> {
    if !(actor.is_admin() || actor.role == Role::Planner) {
        return Err(AppError::Forbidden);
    }
    let mut plans: Vec<(i32, String)> = Vec::new();
    let mut editable: HashMap<i32, Option<String>> = HashMap::new();
    let mut consultations: Vec<Consultation> = Vec::new();
    for c in Consultation::all(conn)? {
        let title = match editable.get(&c.plan_id) {
            Some(t) => t.clone(),
            None => {
                let plan = Plan::find(conn, c.plan_id)?;
                let t = can_edit(Some(actor), &plan).then_some(plan.title);
                if let Some(t) = &t {
                    plans.push((plan.id, t.clone()));
                }
                editable.insert(c.plan_id, t.clone());
                t
            }
        };
        if title.is_some() && q.plan.is_none_or(|p| p == c.plan_id) {
            consultations.push(c);
        }
    }
    plans.sort_by(|a, b| a.1.cmp(&b.1));
    let chosen: Vec<i32> = consultations
        .iter()
        .map(|c| c.id)
        .filter(|id| q.consultation.is_none_or(|k| k == *id))
        .collect();
    let asked = q.page.max(1);
    let mut read = |page: i64| {
        Contribution::queue(
            conn,
            &chosen,
            &q.filter,
            (page - 1) * QUEUE_PER_PAGE,
            QUEUE_PER_PAGE,
        )
    };
    let (mut rows, total) = read(asked)?;
    // A page past the end (the list got shorter) shows the last one.
    let page = asked.min(((total + QUEUE_PER_PAGE - 1) / QUEUE_PER_PAGE).max(1));
    if page != asked {
        rows = read(page)?.0;
    }
    let nodes: HashMap<i32, String> = {
        let ids = sorted_unique(rows.iter().filter_map(|r| r.node_id));
        let mut out = HashMap::with_capacity(ids.len());
        for id in ids {
            let n = PlanNode::find(conn, id)?;
            out.insert(id, format!("{} – {}", n.code, n.title));
        }
        out
    };
    let places: Vec<(i32, Option<i32>)> = rows
        .iter()
        .map(|r| (r.consultation_id, r.node_id))
        .collect();
    let plan_title = |id: i32| editable.get(&id).cloned().flatten().unwrap_or_default();
    let items = contribution_views(conn, rows)?
        .into_iter()
        .zip(places)
        .filter_map(|(view, (consultation, node))| {
            let c = consultations.iter().find(|c| c.id == consultation)?;
            Some(QueueItem {
                view,
                consultation: (c.id, c.title.clone()),
                plan: (c.plan_id, plan_title(c.plan_id)),
                node: node.and_then(|n| nodes.get(&n).map(|label| (n, label.clone()))),
            })
        })
        .collect();
    Ok(QueuePage {
        items,
        total,
        page,
        plans,
        consultations: consultations
            .iter()
            .map(|c| (c.id, c.title.clone()))
            .collect(),
    })
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

/// Proposals per page of the proposals list.
pub const PROPOSALS_PER_PAGE: i64 = 25;

/// The proposals list's filters as a query string gives them (text, so that
/// a wrong value is named rather than refused whole).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalParams {
    /// Words in the title or text.
    pub q: Option<String>,
    /// Only under this operational objective.
    pub objective: Option<String>,
    /// `awaiting`, `answered` or empty (both).
    pub answer: Option<String>,
    /// Organisation kind of the proposers (`none`: citizens).
    pub kind: Option<String>,
    /// `1`: only the reader's own.
    pub mine: Option<String>,
    /// `supports` (default), `newest` or `random`.
    pub sort: Option<String>,
    /// The shuffle of `random` (kept in links so pages follow one another).
    pub seed: Option<String>,
    /// Page, from 1.
    pub page: Option<String>,
}

/// One page of a consultation's proposals and what its filters offer.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalsPage {
    /// The consultation.
    pub consultation: Consultation,
    /// This page's proposals.
    pub items: Vec<ContributionView>,
    /// How many match.
    pub total: i64,
    /// The page shown.
    pub page: i64,
    /// The operational objectives proposals go under: (id, "code – title").
    pub objectives: Vec<(i32, String)>,
    /// The filters as understood, as a query string without the page.
    pub query: String,
    /// The seed of a random order.
    pub seed: Option<i32>,
}

/// A consultation's proposals, searched, filtered and ordered as `params`
/// ask, [`PROPOSALS_PER_PAGE`] a page.
pub fn proposals_page(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    params: &ProposalParams,
) -> AppResult<ProposalsPage> {
    let c = find(conn, actor, id)?;
    let mut ch = Checker::default();
    let some = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let number = |ch: &mut Checker, field: &str, v: &Option<String>| -> Option<i32> {
        let v = some(v)?;
        let n = v.parse::<i32>().ok().filter(|n| *n >= 0);
        if n.is_none() {
            ch.add(field, "invalid_choice", format!("{field} must be a number"));
        }
        n
    };
    let text = some(&params.q).map(|q| q.to_lowercase());
    let objective = number(&mut ch, "objective", &params.objective);
    let page = number(&mut ch, "page", &params.page).map_or(1, |p| i64::from(p.max(1)));
    let answered = match some(&params.answer).as_deref() {
        None => None,
        Some("awaiting") => Some(false),
        Some("answered") => Some(true),
        Some(_) => {
            ch.add(
                "answer",
                "invalid_choice",
                "answer must be awaiting or answered",
            );
            None
        }
    };
    let kind = some(&params.kind);
    let organisations = match kind.as_deref() {
        None => None,
        Some("none") => Some(Vec::new()),
        Some(k) => match crate::domain::OrgKind::parse(k) {
            Some(kind) => Some(
                Organisation::all(conn)?
                    .into_iter()
                    .filter(|o| o.kind == kind)
                    .map(|o| o.id)
                    .collect(),
            ),
            None => {
                ch.add(
                    "kind",
                    "invalid_choice",
                    "kind must be an organisation kind or none",
                );
                None
            }
        },
    };
    let seed = number(&mut ch, "seed", &params.seed);
    let (order, seed) = match some(&params.sort).as_deref() {
        None | Some("supports") => (ProposalOrder::Supports, None),
        Some("newest") => (ProposalOrder::Newest, None),
        Some("random") => {
            let seed = seed.unwrap_or_else(|| rand::random_range(1..1000));
            (ProposalOrder::Random(seed), Some(seed))
        }
        Some(_) => {
            ch.add(
                "sort",
                "invalid_choice",
                "sort must be supports, newest or random",
            );
            (ProposalOrder::Supports, None)
        }
    };
    let mine = some(&params.mine).is_some_and(|m| m == "1");
    ch.finish()?;
    // An organisation kind nobody has matches nothing: an id no row has.
    let organisations = organisations.map(|o| {
        if o.is_empty() && kind.as_deref() != Some("none") {
            vec![0]
        } else {
            o
        }
    });
    let filter = ProposalFilter {
        text: text.clone(),
        objective,
        answered,
        organisations,
        author: if mine { actor.map(|a| a.user_id) } else { None },
        order,
    };
    let read = |conn: &mut DbConn, page: i64| {
        Contribution::proposals(
            conn,
            id,
            &filter,
            (page - 1) * PROPOSALS_PER_PAGE,
            PROPOSALS_PER_PAGE,
        )
    };
    let (mut rows, total) = read(conn, page)?;
    let last = ((total + PROPOSALS_PER_PAGE - 1) / PROPOSALS_PER_PAGE).max(1);
    let page = page.min(last);
    if rows.is_empty() && total > 0 {
        rows = read(conn, page)?.0;
    }
    let objectives = PlanNode::of_plan(conn, c.plan_id)?
        .into_iter()
        .filter(|n| n.kind == NodeKind::OperationalObjective)
        .map(|n| (n.id, format!("{} – {}", n.code, n.title)))
        .collect();
    let mut query: Vec<(&str, String)> = Vec::new();
    if let Some(q) = some(&params.q) {
        query.push(("q", q));
    }
    if let Some(o) = objective {
        query.push(("objective", o.to_string()));
    }
    if let Some(a) = answered {
        query.push(("answer", if a { "answered" } else { "awaiting" }.into()));
    }
    if let Some(k) = kind {
        query.push(("kind", k));
    }
    if mine {
        query.push(("mine", "1".into()));
    }
    match order {
        ProposalOrder::Supports => {}
        ProposalOrder::Newest => query.push(("sort", "newest".into())),
        ProposalOrder::Random(s) => {
            query.push(("sort", "random".into()));
            query.push(("seed", s.to_string()));
        }
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    Ok(ProposalsPage {
        items: contribution_views(conn, rows)?,
        consultation: c,
        total,
        page,
        objectives,
        query,
        seed,
    })
}
