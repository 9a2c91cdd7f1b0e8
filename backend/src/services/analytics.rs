//! Dashboards' data: loads the rows the analytics crate needs (only what the
//! reader may see, narrowed by the filters), has the crate compute the
//! indicators, and keeps the results per data version so an unchanged
//! dashboard is not recomputed. The data version is the id of the latest audit
//! event: every write leaves one.
//!
//! Visibility: plans that are not drafts (and their consultations) are public;
//! drafts count only for their organisation; evaluators and administrators see
//! everything.

pub mod dashboards;
pub mod open_data;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use pspm_analytics::activity::{ActFacts, Written, day_key, days_between};
use pspm_analytics::model::{
    ActKind, ActionRow, AdoptionRow, Impact, ImpactNode, IndicatorRow, Interner, Participant,
    Participation, PracticeRow, QualityScore, Reuse,
};
use pspm_analytics::participation::{Gathered, Gatherer};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::cache::Cache;
use crate::db::audit_event::AuditEvent;
use crate::db::plan::Plan;
use crate::db::schema::{
    consultations, contributions, indicator_targets, indicators, measurements, organisations,
    plan_nodes, practice_adoptions, practice_texts, practices, priority_allocations, responses,
    supports, users,
};
use crate::db::{DbConn, ID_CHUNK, PART_ROWS, by_parts};
use crate::domain::{OrgKind, OrgLevel, ResponseStatus, Role};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::validate::Checker;

/// Filters of every dashboard (the same names in page URLs and the API).
#[derive(Debug, Clone, Default, Deserialize, IntoParams, PartialEq, Eq, Hash)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsFilters {
    /// Plan id (participation: its consultations; impact: required).
    pub plan: Option<String>,
    /// Consultation id.
    pub consultation: Option<String>,
    /// From this day (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Up to this day (`YYYY-MM-DD`), inclusive.
    pub to: Option<String>,
    /// Territory code (a prefix: `ITI` covers `ITI4` and `ITI43`).
    pub territory: Option<String>,
    /// Organisation kind (`citizen` for people without an organisation).
    pub organisation_kind: Option<String>,
    /// Level of government.
    pub level: Option<String>,
}

/// Checked filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Checked {
    /// Plan.
    pub plan: Option<i32>,
    /// Consultation.
    pub consultation: Option<i32>,
    /// From.
    pub from: Option<NaiveDate>,
    /// To.
    pub to: Option<NaiveDate>,
    /// Territory prefix.
    pub territory: Option<String>,
    /// Organisation kind.
    pub organisation_kind: Option<String>,
    /// Level.
    pub level: Option<String>,
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl AnalyticsFilters {
    /// Checks the filters: unknown values and malformed dates are errors.
    pub fn check(&self) -> AppResult<Checked> {
        let mut c = Checker::default();
        let mut id = |field: &str, v: &Option<String>| -> Option<i32> {
            let v = nonempty(v)?;
            match v.parse::<i32>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    c.add(field, "invalid_format", format!("{field} is an id"));
                    None
                }
            }
        };
        let plan = id("plan", &self.plan);
        let consultation = id("consultation", &self.consultation);
        let from = c.opt_date("from", self.from.as_deref());
        let to = c.opt_date("to", self.to.as_deref());
        if let (Some(a), Some(b)) = (from, to)
            && a > b
        {
            c.add("to", "out_of_range", "to must not be before from");
        }
        let organisation_kind = nonempty(&self.organisation_kind);
        if let Some(k) = &organisation_kind
            && k != "citizen"
            && OrgKind::parse(k).is_none()
        {
            c.add(
                "organisation_kind",
                "unknown_value",
                "organisation_kind has no such value",
            );
        }
        let level = nonempty(&self.level);
        if let Some(l) = &level
            && OrgLevel::parse(l).is_none()
        {
            c.add("level", "unknown_value", "level has no such value");
        }
        let territory = nonempty(&self.territory);
        if let Some(t) = &territory
            && (t.len() > 16 || !t.chars().all(|ch| ch.is_ascii_alphanumeric()))
        {
            c.add(
                "territory",
                "invalid_format",
                "territory is a code of letters and digits",
            );
        }
        c.finish()?;
        Ok(Checked {
            plan,
            consultation,
            from,
            to,
            territory: territory.map(|t| t.to_uppercase()),
            organisation_kind,
            level,
        })
    }
}

impl Checked {
    fn in_period(&self, at: NaiveDateTime) -> bool {
        let d = at.date();
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    fn keeps(&self, p: &Participant) -> bool {
        self.territory.as_ref().is_none_or(|t| {
            p.territory
                .as_deref()
                .is_some_and(|pt| pt.to_uppercase().starts_with(t.as_str()))
        }) && self
            .organisation_kind
            .as_ref()
            .is_none_or(|k| p.organisation_kind.as_deref().unwrap_or("citizen") == k.as_str())
            && self
                .level
                .as_ref()
                .is_none_or(|l| p.organisation_level.as_deref() == Some(l.as_str()))
    }
}

/// Who the reader is, as far as visibility goes (part of cache keys).
fn audience(actor: Option<&Actor>) -> String {
    match actor {
        Some(a) if a.is_admin() || a.role == Role::Evaluator => "all".into(),
        Some(a) => format!("org{}", a.organisation_id.unwrap_or(0)),
        None => "public".into(),
    }
}

/// Plans the reader may see in dashboards.
pub fn visible_plans(conn: &mut DbConn, actor: Option<&Actor>) -> AppResult<Vec<Plan>> {
    let everything = actor.is_some_and(|a| a.is_admin() || a.role == Role::Evaluator);
    Ok(Plan::all(conn)?
        .into_iter()
        .filter(|p| everything || crate::services::plans::can_read(actor, p))
        .collect())
}

/// Consultations of the plans the reader may see: (id, title).
pub fn visible_consultations(
    conn: &mut DbConn,
    actor: Option<&Actor>,
) -> AppResult<Vec<(i32, String)>> {
    let visible: Vec<i32> = visible_plans(conn, actor)?.iter().map(|p| p.id).collect();
    Ok(consultations::table
        .filter(consultations::plan_id.eq_any(visible))
        .order(consultations::opens_at.desc())
        .select((consultations::id, consultations::title))
        .load(conn)?)
}

/// Consultations in scope: of visible plans, narrowed to a plan or one consultation.
fn scope(conn: &mut DbConn, actor: Option<&Actor>, f: &Checked) -> AppResult<(Vec<i32>, Vec<i32>)> {
    let visible: Vec<i32> = visible_plans(conn, actor)?.iter().map(|p| p.id).collect();
    if let Some(p) = f.plan
        && !visible.contains(&p)
    {
        return Err(AppError::NotFound("plan"));
    }
    let rows: Vec<(i32, i32)> = consultations::table
        .select((consultations::id, consultations::plan_id))
        .load(conn)?;
    if let Some(c) = f.consultation
        && !rows.iter().any(|(id, p)| *id == c && visible.contains(p))
    {
        return Err(AppError::NotFound("consultation"));
    }
    let chosen: Vec<(i32, i32)> = rows
        .into_iter()
        .filter(|(id, p)| {
            visible.contains(p)
                && f.plan.is_none_or(|x| x == *p)
                && f.consultation.is_none_or(|x| x == *id)
        })
        .collect();
    let plans: Vec<i32> = match (f.plan, f.consultation) {
        (Some(p), _) => vec![p],
        (None, Some(_)) => chosen.iter().map(|(_, p)| *p).collect(),
        (None, None) => visible,
    };
    Ok((chosen.into_iter().map(|(id, _)| id).collect(), plans))
}

/// A contribution's kind as the analytics rows hold it (one byte); the
/// database holds only comments, proposals and amendments.
fn act_kind(kind: &str) -> ActKind {
    ActKind::parse(kind)
        .filter(|k| matches!(k, ActKind::Proposal | ActKind::Amendment))
        .unwrap_or(ActKind::Comment)
}

/// Rows per part when reading acts: a part's rows, with their strings, are
/// held while they are gathered, so parts are kept small.
const ACT_PART_ROWS: i64 = PART_ROWS / 5;

/// A set of users (those the people filters keep, those who allocated
/// points in a consultation): a bit per id of the users' range, and the ids
/// outside it.
struct UserSet {
    min: i32,
    bits: Vec<u64>,
    others: HashSet<i32>,
}

impl UserSet {
    /// An empty set with a bit for each id of `range` (from
    /// [`Gatherer::dense`]; `None`: none).
    fn new(range: Option<(i32, i32)>) -> Self {
        let (min, max) = range.unwrap_or((0, -1));
        let span = (i64::from(max) - i64::from(min) + 1).max(0) as usize;
        Self {
            min,
            bits: vec![0; span.div_ceil(64)],
            others: HashSet::new(),
        }
    }

    fn position(&self, id: i32) -> Option<usize> {
        usize::try_from(i64::from(id) - i64::from(self.min))
            .ok()
            .filter(|at| at / 64 < self.bits.len())
    }

    /// Adds `id`: whether it was not in the set.
    fn insert(&mut self, id: i32) -> bool {
        match self.position(id) {
            Some(at) => {
                let (block, bit) = (&mut self.bits[at / 64], 1u64 << (at % 64));
                let new = *block & bit == 0;
                *block |= bit;
                new
            }
            None => self.others.insert(id),
        }
    }

    fn contains(&self, id: i32) -> bool {
        match self.position(id) {
            Some(at) => self.bits[at / 64] & (1 << (at % 64)) != 0,
            None => self.others.contains(&id),
        }
    }
}

/// A user's row as the participation indicators read it.
type PersonRow = (
    i32,
    Option<i32>,
    Option<String>,
    Option<String>,
    (Option<String>, Option<String>),
    Option<String>,
    Option<String>,
);

/// [`PersonRow`]s: users with their organisation.
macro_rules! person_rows {
    () => {
        users::table.left_join(organisations::table).select((
            users::id,
            users::organisation_id,
            organisations::kind.nullable(),
            organisations::level.nullable(),
            (
                users::territory_code,
                organisations::territory_code.nullable(),
            ),
            users::age_band,
            users::gender,
        ))
    };
}

/// A [`PersonRow`] as a participant, with one shared copy of each value.
fn participant(values: &mut Interner, row: PersonRow) -> Participant {
    let (id, org, kind, level, (own, org_territory), age, gender) = row;
    Participant {
        user_id: id,
        organisation_kind: values.opt(kind.as_deref()),
        organisation_level: values.opt(level.as_deref()),
        organisation_id: org,
        territory: values.opt(own.or(org_territory).as_deref()),
        age_band: values.opt(age.as_deref()),
        gender: values.opt(gender.as_deref()),
    }
}

/// Who allocated points in each consultation (see [`gather_participation`]).
enum Seen {
    Bits(HashMap<i32, UserSet>),
    Pairs(HashSet<(i32, i32)>),
}

/// Bytes [`Seen::Bits`] may take at most.
const SEEN_BITS_AT_MOST: usize = 16 << 20;

impl Seen {
    /// Notes that `user` allocated points in `consultation`: whether for the
    /// first time.
    fn insert(&mut self, consultation: i32, user: i32, range: Option<(i32, i32)>) -> bool {
        match self {
            Seen::Bits(by) => by
                .entry(consultation)
                .or_insert_with(|| UserSet::new(range))
                .insert(user),
            Seen::Pairs(pairs) => pairs.insert((consultation, user)),
        }
    }
}

/// The users the people filters keep, when a filter is set.
fn kept_users(
    conn: &mut DbConn,
    f: &Checked,
    range: Option<(i32, i32)>,
) -> AppResult<Option<UserSet>> {
    if f.territory.is_none() && f.organisation_kind.is_none() && f.level.is_none() {
        return Ok(None);
    }
    let mut kept = UserSet::new(range);
    let mut values = Interner::default();
    by_parts::<_, AppError>(
        PART_ROWS,
        |after, limit| {
            person_rows!()
                .filter(users::id.gt(after))
                .order(users::id.asc())
                .limit(limit)
                .load::<PersonRow>(conn)
        },
        |row| row.0,
        |part| {
            for row in part {
                let p = participant(&mut values, row);
                if f.keeps(&p) {
                    kept.insert(p.user_id);
                }
            }
            Ok(())
        },
    )?;
    Ok(Some(kept))
}

/// The participation indicators of the reader's selection, with the counts
/// and actions the quality scores need, gathered as the rows are read: at
/// national scale the rows are never all held in memory. A contribution
/// comes with its response (at most one: `responses_contribution_key`).
fn gather_participation(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    f: &Checked,
) -> AppResult<(Gathered, Vec<ActionRow>)> {
    let (consultation_ids, plan_ids) = scope(conn, actor, f)?;
    let origins: HashSet<i32> = plan_nodes::table
        .filter(plan_nodes::origin_contribution_id.is_not_null())
        .select(plan_nodes::origin_contribution_id)
        .load::<Option<i32>>(conn)?
        .into_iter()
        .flatten()
        .collect();
    // The users' ids, for the gatherer's table (ids far apart go to a map).
    let (lo, hi, n): (Option<i32>, Option<i32>, i64) = users::table
        .select((
            diesel::dsl::min(users::id),
            diesel::dsl::max(users::id),
            diesel::dsl::count_star(),
        ))
        .first(conn)?;
    let range = Gatherer::dense(lo.zip(hi), usize::try_from(n).unwrap_or(0));
    // The acts of the people the filters leave out go too.
    let kept = kept_users(conn, f, range)?;
    let keeps = |id: i32| kept.as_ref().is_none_or(|k| k.contains(id));
    let mut g = Gatherer::new(range);
    by_parts::<_, AppError>(
        ACT_PART_ROWS,
        |after, limit| {
            // The join repeats the part's bound so that PostgreSQL reads
            // only the part's responses (a merge join otherwise starts at
            // the first response of all, for every part).
            contributions::table
                .left_join(
                    responses::table.on(responses::contribution_id
                        .eq(contributions::id)
                        .and(responses::contribution_id.gt(after))),
                )
                .filter(contributions::consultation_id.eq_any(&consultation_ids))
                .filter(contributions::id.gt(after))
                .order(contributions::id.asc())
                .limit(limit)
                .select((
                    contributions::id,
                    contributions::consultation_id,
                    contributions::author_id,
                    contributions::kind,
                    contributions::parent_id,
                    contributions::created_at,
                    (
                        responses::status.nullable(),
                        responses::created_at.nullable(),
                    ),
                ))
                .load::<(
                    i32,
                    i32,
                    i32,
                    String,
                    Option<i32>,
                    NaiveDateTime,
                    (Option<String>, Option<NaiveDateTime>),
                )>(conn)
        },
        |row| row.0,
        |part| {
            for (id, consultation_id, author_id, kind, parent, created_at, response) in part {
                if !f.in_period(created_at) || !keeps(author_id) {
                    continue;
                }
                let answer = match response {
                    (Some(status), Some(at)) => {
                        ResponseStatus::parse(&status).map(|s| (s.as_str(), at))
                    }
                    _ => None,
                };
                let kind = act_kind(&kind);
                let day = day_key(created_at);
                g.act(ActFacts {
                    user_id: author_id,
                    consultation: consultation_id as u32,
                    kind,
                    day,
                });
                g.contribution(Written {
                    author_id,
                    kind,
                    is_reply: parent.is_some(),
                    day,
                    status: answer.map(|a| a.0),
                    response_days: days_between(created_at, answer.map(|a| a.1)),
                    became_action: origins.contains(&id),
                });
            }
            Ok(())
        },
    )?;
    drop(origins);
    by_parts::<_, AppError>(
        ACT_PART_ROWS,
        |after, limit| {
            supports::table
                .inner_join(contributions::table)
                .filter(contributions::consultation_id.eq_any(&consultation_ids))
                .filter(supports::id.gt(after))
                .order(supports::id.asc())
                .limit(limit)
                .select((
                    supports::id,
                    supports::user_id,
                    contributions::consultation_id,
                    supports::created_at,
                ))
                .load::<(i32, i32, i32, NaiveDateTime)>(conn)
        },
        |row| row.0,
        |part| {
            for (_, user_id, consultation_id, at) in part {
                if f.in_period(at) && keeps(user_id) {
                    g.act(ActFacts {
                        user_id,
                        consultation: consultation_id as u32,
                        kind: ActKind::Support,
                        day: day_key(at),
                    });
                }
            }
            Ok(())
        },
    )?;
    // One priority act per person and consultation (the allocation as a
    // whole, dated by its first row), then kept if in the period. Who was
    // seen is a bit per user and consultation while that is small (a
    // quarter of a set of pairs' memory), else a set of pairs.
    let span = range.map_or(0, |(lo, hi)| (i64::from(hi) - i64::from(lo) + 1) as usize);
    let mut seen = if consultation_ids.len().saturating_mul(span / 8) <= SEEN_BITS_AT_MOST {
        Seen::Bits(HashMap::new())
    } else {
        Seen::Pairs(HashSet::new())
    };
    by_parts::<_, AppError>(
        ACT_PART_ROWS,
        |after, limit| {
            priority_allocations::table
                .filter(priority_allocations::consultation_id.eq_any(&consultation_ids))
                .filter(priority_allocations::points.gt(0))
                .filter(priority_allocations::id.gt(after))
                .order(priority_allocations::id.asc())
                .limit(limit)
                .select((
                    priority_allocations::id,
                    priority_allocations::user_id,
                    priority_allocations::consultation_id,
                    priority_allocations::updated_at,
                ))
                .load::<(i32, i32, i32, NaiveDateTime)>(conn)
        },
        |row| row.0,
        |part| {
            for (_, user_id, consultation_id, at) in part {
                if seen.insert(consultation_id, user_id, range) && f.in_period(at) && keeps(user_id)
                {
                    g.act(ActFacts {
                        user_id,
                        consultation: consultation_id as u32,
                        kind: ActKind::Priority,
                        day: day_key(at),
                    });
                }
            }
            Ok(())
        },
    )?;
    drop(seen);
    drop(kept);
    // The acting people's rows, a chunk at a time, each counted as it comes
    // (with one shared copy of each value).
    let mut values = Interner::default();
    let mut after = None;
    loop {
        let chunk = g.acting_users_after(after, ID_CHUNK);
        let Some(&last) = chunk.last() else { break };
        for row in person_rows!()
            .filter(users::id.eq_any(&chunk))
            .load::<PersonRow>(conn)?
        {
            g.person(&participant(&mut values, row));
        }
        after = Some(last);
    }
    let action_rows: Vec<(i32, Option<i32>)> = plan_nodes::table
        .filter(plan_nodes::plan_id.eq_any(&plan_ids))
        .filter(plan_nodes::kind.eq("action"))
        .select((plan_nodes::id, plan_nodes::origin_contribution_id))
        .load(conn)?;
    let with_indicator: HashSet<i32> = indicators::table
        .select(indicators::node_id)
        .load::<i32>(conn)?
        .into_iter()
        .collect();
    let actions: Vec<ActionRow> = action_rows
        .into_iter()
        .map(|(node_id, origin)| ActionRow {
            node_id,
            from_proposal: origin.is_some(),
            has_indicator: with_indicator.contains(&node_id),
        })
        .collect();
    let gathered = g.finish(&actions, &pspm_analytics::population::population());
    Ok((gathered, actions))
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Participation indicators for the reader and filters (cached per data version).
pub fn participation(
    conn: &mut DbConn,
    cache: &Cache,
    actor: Option<&Actor>,
    filters: &AnalyticsFilters,
) -> AppResult<Arc<Participation>> {
    let f = filters.check()?;
    let version = AuditEvent::data_version(conn)?;
    cache.get_or(
        format!("participation:{}:{f:?}", audience(actor)),
        version,
        || Ok(gather_participation(conn, actor, &f)?.0.participation),
    )
}

/// Democratic-quality scores for the reader and filters (cached per data version).
pub fn quality(
    conn: &mut DbConn,
    cache: &Cache,
    actor: Option<&Actor>,
    filters: &AnalyticsFilters,
) -> AppResult<Arc<(Participation, Vec<QualityScore>)>> {
    let f = filters.check()?;
    let version = AuditEvent::data_version(conn)?;
    cache.get_or(
        format!("quality:{}:{f:?}", audience(actor)),
        version,
        || {
            let (g, actions) = gather_participation(conn, actor, &f)?;
            let q = pspm_analytics::quality::quality_from(&g.participation, &g.quality, &actions);
            Ok((g.participation, q))
        },
    )
}

/// Impact indicators of one plan (cached per data version).
pub fn impact(
    conn: &mut DbConn,
    cache: &Cache,
    actor: Option<&Actor>,
    filters: &AnalyticsFilters,
) -> AppResult<Arc<Impact>> {
    let f = filters.check()?;
    let Some(plan_id) = f.plan else {
        return Err(AppError::field("plan", "required", "choose a plan"));
    };
    let version = AuditEvent::data_version(conn)?;
    cache.get_or(format!("impact:{}:{f:?}", audience(actor)), version, || {
        if !visible_plans(conn, actor)?.iter().any(|p| p.id == plan_id) {
            return Err(AppError::NotFound("plan"));
        }
        let (nodes, indicators) = load_impact(conn, plan_id, &f)?;
        Ok(pspm_analytics::impact::impact(&nodes, &indicators, today()))
    })
}

type NodeTuple = (
    i32,
    Option<i32>,
    String,
    String,
    String,
    String,
    Option<f64>,
    Option<f64>,
    Option<String>,
    Option<i32>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

fn load_impact(
    conn: &mut DbConn,
    plan_id: i32,
    f: &Checked,
) -> AppResult<(Vec<ImpactNode>, Vec<IndicatorRow>)> {
    let orgs: HashMap<i32, (String, String, String, Option<String>)> = organisations::table
        .select((
            organisations::id,
            organisations::name,
            organisations::kind,
            organisations::level,
            organisations::territory_code,
        ))
        .load::<(i32, String, String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, n, k, l, t)| (id, (n, k, l, t)))
        .collect();
    let rows: Vec<NodeTuple> = plan_nodes::table
        .filter(plan_nodes::plan_id.eq(plan_id))
        .order((plan_nodes::position.asc(), plan_nodes::id.asc()))
        .select((
            plan_nodes::id,
            plan_nodes::parent_id,
            plan_nodes::kind,
            plan_nodes::code,
            plan_nodes::title,
            plan_nodes::status,
            plan_nodes::weight,
            plan_nodes::progress,
            plan_nodes::responsible_office,
            plan_nodes::responsible_organisation_id,
            plan_nodes::planned_start,
            plan_nodes::planned_end,
            plan_nodes::actual_start,
            plan_nodes::actual_end,
        ))
        .load(conn)?;
    let nodes: Vec<ImpactNode> = rows
        .into_iter()
        .map(|r| {
            let org = r.9.and_then(|o| orgs.get(&o));
            ImpactNode {
                id: r.0,
                parent_id: r.1,
                kind: r.2,
                code: r.3,
                title: r.4,
                status: r.5,
                weight: r.6,
                progress: r.7,
                office: r.8,
                organisation: org.map(|o| o.0.clone()),
                territory: org.and_then(|o| o.3.clone()),
                planned_start: r.10,
                planned_end: r.11,
                actual_start: r.12,
                actual_end: r.13,
            }
        })
        .collect();
    // Territory, kind and level narrow the actions to those of matching responsible organisations.
    let nodes = if f.territory.is_some() || f.organisation_kind.is_some() || f.level.is_some() {
        let keep_org = |name: &Option<String>| {
            let Some(name) = name else { return false };
            orgs.values().any(|(n, k, l, t)| {
                n == name
                    && f.territory.as_ref().is_none_or(|x| {
                        t.as_deref()
                            .is_some_and(|t| t.to_uppercase().starts_with(x.as_str()))
                    })
                    && f.organisation_kind.as_ref().is_none_or(|x| x == k)
                    && f.level.as_ref().is_none_or(|x| x == l)
            })
        };
        nodes
            .into_iter()
            .filter(|n| n.kind != "action" || keep_org(&n.organisation))
            .collect()
    } else {
        nodes
    };
    let node_ids: Vec<i32> = nodes.iter().map(|n| n.id).collect();
    let inds: Vec<(i32, i32, String, String, f64, NaiveDate)> = indicators::table
        .filter(indicators::node_id.eq_any(&node_ids))
        .order(indicators::id.asc())
        .select((
            indicators::id,
            indicators::node_id,
            indicators::name,
            indicators::unit,
            indicators::baseline_value,
            indicators::baseline_date,
        ))
        .load(conn)?;
    let ids: Vec<i32> = inds.iter().map(|i| i.0).collect();
    let mut targets: HashMap<i32, Vec<(NaiveDate, f64)>> = HashMap::new();
    for (i, d, v) in indicator_targets::table
        .filter(indicator_targets::indicator_id.eq_any(&ids))
        .order(indicator_targets::due_date.asc())
        .select((
            indicator_targets::indicator_id,
            indicator_targets::due_date,
            indicator_targets::value,
        ))
        .load::<(i32, NaiveDate, f64)>(conn)?
    {
        targets.entry(i).or_default().push((d, v));
    }
    let mut values: HashMap<i32, Vec<(NaiveDate, f64)>> = HashMap::new();
    for (i, d, v) in measurements::table
        .filter(measurements::indicator_id.eq_any(&ids))
        .order(measurements::measured_on.asc())
        .select((
            measurements::indicator_id,
            measurements::measured_on,
            measurements::value,
        ))
        .load::<(i32, NaiveDate, f64)>(conn)?
    {
        // The period narrows the measurements taken into account.
        if f.from.is_none_or(|x| d >= x) && f.to.is_none_or(|x| d <= x) {
            values.entry(i).or_default().push((d, v));
        }
    }
    let indicators = inds
        .into_iter()
        .map(
            |(id, node_id, name, unit, baseline, baseline_date)| IndicatorRow {
                id,
                node_id,
                name,
                unit,
                baseline,
                baseline_date,
                targets: targets.remove(&id).unwrap_or_default(),
                measurements: values.remove(&id).unwrap_or_default(),
            },
        )
        .collect();
    Ok((nodes, indicators))
}

/// Good-practice reuse (public data; cached per data version). The period
/// narrows adoptions by their date; territory, kind and level the adopting organisations.
#[expect(clippy::type_complexity, reason = "tuples mirror the selected columns")]
pub fn reuse(
    conn: &mut DbConn,
    cache: &Cache,
    filters: &AnalyticsFilters,
) -> AppResult<Arc<Reuse>> {
    let f = filters.check()?;
    let version = AuditEvent::data_version(conn)?;
    cache.get_or(format!("reuse:{f:?}"), version, || {
        let rows: Vec<(
            i32,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        )> = practices::table
            .filter(practices::status.eq("published"))
            .select((
                practices::id,
                practices::original_language,
                practices::status,
                practices::policy_area,
                practices::level,
                practices::innovation_stage,
            ))
            .load(conn)?;
        let titles: HashMap<(i32, String), String> = practice_texts::table
            .inner_join(practices::table)
            .filter(practices::status.eq("published"))
            .select((
                practice_texts::practice_id,
                practice_texts::lang,
                practice_texts::title,
            ))
            .load::<(i32, String, String)>(conn)?
            .into_iter()
            .map(|(p, l, t)| ((p, l), t))
            .collect();
        let list: Vec<PracticeRow> = rows
            .into_iter()
            .map(
                |(id, lang, status, policy_area, level, stage)| PracticeRow {
                    id,
                    title: titles.get(&(id, lang)).cloned().unwrap_or_default(),
                    status,
                    policy_area,
                    level,
                    stage,
                },
            )
            .collect();
        let adoptions: Vec<AdoptionRow> = practice_adoptions::table
            .inner_join(organisations::table)
            .select((
                practice_adoptions::practice_id,
                practice_adoptions::organisation_id,
                organisations::territory_code,
                organisations::kind,
                organisations::level,
                practice_adoptions::status,
                practice_adoptions::adopted_on,
            ))
            .load::<(i32, i32, Option<String>, String, String, String, NaiveDate)>(conn)?
            .into_iter()
            .filter(|a| {
                f.from.is_none_or(|x| a.6 >= x)
                    && f.to.is_none_or(|x| a.6 <= x)
                    && f.territory.as_ref().is_none_or(|t| {
                        a.2.as_deref()
                            .is_some_and(|x| x.to_uppercase().starts_with(t.as_str()))
                    })
                    && f.organisation_kind.as_ref().is_none_or(|k| *k == a.3)
                    && f.level.as_ref().is_none_or(|l| *l == a.4)
            })
            .map(|a| AdoptionRow {
                practice_id: a.0,
                organisation_id: a.1,
                territory: a.2,
                status: a.5,
                adopted_on: a.6,
            })
            .collect();
        Ok(pspm_analytics::reuse::reuse(&list, &adoptions))
    })
}
