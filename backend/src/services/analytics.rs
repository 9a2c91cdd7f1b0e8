//! Dashboards' data: loads the rows the analytics crate needs (only what the
//! reader may see, narrowed by the filters), has the crate compute the
//! indicators, and keeps the results per data version so an unchanged
//! dashboard is not recomputed. The data version is the id of the latest audit
//! event: every write leaves one.
//!
//! Visibility: plans that are not drafts (and their consultations) are public;
//! drafts count only for their organisation; evaluators and administrators see
//! everything.

mod acts;
pub mod dashboards;
mod gather;
mod impact;
pub mod open_data;

pub use acts::ActStore;
use gather::gather_participation;
use impact::load_impact;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use diesel::prelude::*;
use pspm_analytics::model::{AdoptionRow, Impact, Participation, PracticeRow, QualityScore, Reuse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::cache::Cache;
use crate::db::DbConn;
use crate::db::audit_event::AuditEvent;
use crate::db::plan::Plan;
use crate::db::schema::{
    consultations, organisations, practice_adoptions, practice_texts, practices,
};
use crate::domain::{AdoptionStatus, OrgKind, OrgLevel, PracticeStatus, Role};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::validate::Checker;

/// Filters of every dashboard (the same names in page URLs and the API).
#[derive(Debug, Clone, Default, Deserialize, IntoParams, PartialEq, Eq, Hash)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsFilters {
    /// Plan id (participation: its consultations; impact: required).
    #[param(pattern = "pspm:id-or-empty")]
    pub plan: Option<String>,
    /// Consultation id.
    #[param(pattern = "pspm:id-or-empty")]
    pub consultation: Option<String>,
    /// From this day (`YYYY-MM-DD`), inclusive.
    #[param(pattern = "pspm:date-or-empty")]
    pub from: Option<String>,
    /// Up to this day (`YYYY-MM-DD`), inclusive.
    #[param(pattern = "pspm:date-or-empty")]
    pub to: Option<String>,
    /// Territory code (a prefix: `ITI` covers `ITI4` and `ITI43`).
    #[param(pattern = "^[A-Za-z0-9]{0,16}$")]
    pub territory: Option<String>,
    /// Organisation kind (`citizen` for people without an organisation).
    #[param(
        pattern = "^(ministry|region|province|municipality|agency|other_public|nonprofit|company|university|citizen_group|citizen)?$"
    )]
    pub organisation_kind: Option<String>,
    /// Level of government.
    #[param(pattern = "^(eu|national|regional|local)?$")]
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
            c.add("to", "end_before_start", "to must not be before from");
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

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Participation indicators for the reader and filters (computed with the
/// quality scores, in one pass: see [`quality`]).
pub fn participation(
    conn: &mut DbConn,
    cache: &Cache,
    actor: Option<&Actor>,
    filters: &AnalyticsFilters,
) -> AppResult<Arc<Participation>> {
    Ok(Arc::new(quality(conn, cache, actor, filters)?.0.clone()))
}

/// Participation indicators and democratic-quality scores for the reader
/// and filters, from the acts kept in memory ([`ActStore`]), cached per data
/// version. Computations take turns (one at a time); the cache admits a new
/// selection only over results asked for less often, so a client cycling
/// filters pushes out none of the dashboards others read.
pub fn quality(
    conn: &mut DbConn,
    cache: &Cache,
    actor: Option<&Actor>,
    filters: &AnalyticsFilters,
) -> AppResult<Arc<(Participation, Vec<QualityScore>)>> {
    let f = filters.check()?;
    let version = AuditEvent::data_version(conn)?;
    let key = format!("people:{}:{f:?}", audience(actor));
    let compute = |conn: &mut DbConn| {
        let store = cache.pinned::<ActStore>("acts");
        let _turn = store.turn()?;
        let (g, actions) = gather_participation(conn, &store, version, actor, &f)?;
        let q = pspm_analytics::quality::quality_from(&g.participation, &g.quality, &actions);
        Ok((g.participation, q))
    };
    cache.get_or(key, version, || compute(conn))
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
        let rows: Vec<(i32, String, Option<String>, Option<String>, Option<String>)> =
            practices::table
                .filter(practices::status.eq(PracticeStatus::Published))
                .select((
                    practices::id,
                    practices::original_language,
                    practices::policy_area,
                    practices::level,
                    practices::innovation_stage,
                ))
                .load(conn)?;
        let titles: HashMap<(i32, String), String> = practice_texts::table
            .inner_join(practices::table)
            .filter(practices::status.eq(PracticeStatus::Published))
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
            .map(|(id, lang, policy_area, level, stage)| PracticeRow {
                id,
                title: titles.get(&(id, lang)).cloned().unwrap_or_default(),
                published: true,
                policy_area,
                level,
                stage,
            })
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
            .load::<(
                i32,
                i32,
                Option<String>,
                String,
                String,
                AdoptionStatus,
                NaiveDate,
            )>(conn)?
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
                confirmed: a.5 == AdoptionStatus::Confirmed,
                adopted_on: a.6,
            })
            .collect();
        Ok(pspm_analytics::reuse::reuse(&list, &adoptions))
    })
}
