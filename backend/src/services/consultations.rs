//! Consultations: opening one on a plan, who may take part and when,
//! contributions, supports, priority points, official responses (with
//! accept-and-create-action), moderation, notifications and the read models
//! (ranking, response queue, my contributions, "you said, we did").

mod contributions;
mod follows;
mod proposals;
mod queue;
mod responses;
mod views;

use contributions::hidden_as;
pub use contributions::{
    ContributionInput, EditInput, PointsInput, contribute, contribution_view, edit, locate,
    set_priorities, support, withdraw, withdraw_support,
};
pub use follows::set_following;
pub use proposals::{PROPOSALS_PER_PAGE, ProposalParams, ProposalsPage, proposals_page};
pub use queue::{QUEUE_PER_PAGE, QueueItem, QueuePage, QueueParams, QueueQuery, response_queue};
pub use responses::{ResponseInput, accept_amendment, hide, report, respond};
pub use views::{
    ConsultationPage, RANKED_PROPOSALS, SummaryVersions, THREADS_PER_PAGE, TakingPart,
    contributions_page, mark_notifications_read, my_contributions, names_version, notifications,
    page_view, summaries_of_plan, summary, taking_part,
};

use diesel::OptionalExtension;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::consultation::{Consultation, ConsultationFields};
use crate::db::notification::Notification;
use crate::db::organisation::Organisation;
use crate::db::plan::Plan;
use crate::db::user::User;
use crate::domain::{Audience, NotificationKind, PlanStatus, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::accounts::organisations::{self, not_found};
use crate::services::plans::find as find_plan;
use crate::services::validate::Checker;

pub use pspm_frontend::model::{ActionPoints, ConsultationView, ContributionView};

/// Fields of a consultation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct ConsultationInput {
    /// Title.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Description.
    #[serde(default)]
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub description: String,
    /// Opens at, `YYYY-MM-DDTHH:MM` or a date (midnight), in `time_zone`.
    #[schema(pattern = "pspm:datetime")]
    pub opens_at: String,
    /// Closes at (after opening).
    #[schema(pattern = "pspm:datetime")]
    pub closes_at: String,
    /// `public` or `invited`.
    #[schema(value_type = crate::domain::Audience)]
    pub audience: String,
    /// Invited organisations (audience `invited`).
    #[serde(default)]
    pub invited: Vec<i32>,
    /// Comments allowed (default true).
    #[serde(default = "yes")]
    pub comments_enabled: bool,
    /// Proposals allowed (default true).
    #[serde(default = "yes")]
    pub proposals_enabled: bool,
    /// Supports per person (0–100, default 5).
    #[serde(default = "five")]
    #[schema(minimum = 0, maximum = 100)]
    pub supports_per_person: i32,
    /// Priority points per person (0–10,000, default 100).
    #[serde(default = "hundred")]
    #[schema(minimum = 0, maximum = 10000)]
    pub points_per_person: i32,
    /// The time zone `opens_at` and `closes_at` are in (an IANA name such as
    /// `Europe/Rome`); UTC when absent. Stored in UTC.
    #[serde(default)]
    pub time_zone: Option<String>,
}

fn yes() -> bool {
    true
}
fn five() -> i32 {
    5
}
fn hundred() -> i32 {
    100
}

/// Parses `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD` as a time in `zone`, in UTC.
fn datetime(c: &mut Checker, field: &str, v: &str, zone: Tz) -> Option<NaiveDateTime> {
    let v = v.trim();
    if v.is_empty() {
        c.add(field, "required", format!("{field} is required"));
        return None;
    }
    let parsed = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        });
    let Some(local) = parsed else {
        c.add(
            field,
            "datetime_invalid",
            format!("{field} must be a date and time as YYYY-MM-DDTHH:MM"),
        );
        return None;
    };
    // The hour skipped when clocks go forward does not exist; the one
    // repeated when they go back is taken the first time.
    match zone.from_local_datetime(&local).earliest() {
        Some(t) => Some(t.naive_utc()),
        None => {
            c.add(
                field,
                "datetime_skipped",
                format!("{field} falls in the hour skipped when clocks go forward in {zone}"),
            );
            None
        }
    }
}

/// The time zone a plan's consultations are entered and shown in: its
/// owner organisation's.
pub fn zone_of_plan(conn: &mut DbConn, plan: &Plan) -> AppResult<Tz> {
    let org = Organisation::find(conn, plan.owner_organisation_id)?;
    Ok(organisations::time_zone(&org.time_zone).unwrap_or(chrono_tz::Europe::Rome))
}

/// A consultation the actor may read (its plan must be readable).
pub fn find(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<Consultation> {
    let c = Consultation::find(conn, id).map_err(|e| not_found(e, "consultation"))?;
    find_plan(conn, actor, c.plan_id).map_err(hidden_as("consultation"))?;
    Ok(c)
}

/// Opens a consultation on a plan in the consultation state (the owner's planners, administrators).
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    plan_id: i32,
    input: &ConsultationInput,
) -> AppResult<Consultation> {
    conn.write(|conn| {
        let plan = crate::services::plans::find_editable(conn, actor, plan_id)?;
        if plan.status != PlanStatus::Consultation {
            return Err(AppError::Conflict {
                code: "plan_not_in_consultation",
                detail: "Move the plan to the consultation state first.".into(),
                field: None,
            });
        }
        let mut c = Checker::default();
        let title = c.text("title", &input.title, limits::NAME);
        let description = c.opt_text("description", Some(&input.description), limits::DESCRIPTION).unwrap_or_default();
        let zone = match input.time_zone.as_deref().map(str::trim) {
            None | Some("") => Some(Tz::UTC),
            Some(z) => {
                let zone = organisations::time_zone(z);
                if zone.is_none() {
                    c.add("time_zone", "time_zone_unknown", "time_zone must be an IANA time zone such as Europe/Rome");
                }
                zone
            }
        };
        let zone = zone.unwrap_or(Tz::UTC);
        let opens = datetime(&mut c, "opens_at", &input.opens_at, zone);
        let closes = datetime(&mut c, "closes_at", &input.closes_at, zone);
        if let (Some(o), Some(cl)) = (opens, closes)
            && cl <= o
        {
            c.add("closes_at", "end_before_start", "closes_at must be after opens_at");
        }
        let audience = c.choice("audience", &input.audience, Audience::parse);
        if audience == Some(Audience::Invited) && input.invited.is_empty() {
            c.add("invited", "required", "invite at least one organisation");
        }
        for (i, o) in input.invited.iter().enumerate() {
            if Organisation::find(conn, *o).optional()?.is_none() {
                c.add(&format!("invited.{i}"), "organisation_not_found", "not a known organisation");
            }
        }
        let supports = c.range("supports_per_person", Some(input.supports_per_person as f64), 0.0, 100.0);
        let points = c.range("points_per_person", Some(input.points_per_person as f64), 0.0, 10_000.0);
        c.finish()?;
        let (Some(opens), Some(closes), Some(audience), Some(_), Some(_)) = (opens, closes, audience, supports, points) else {
            return Err(AppError::Internal("consultation checked".into()));
        };
        let now = crate::db::now();
        let consultation = Consultation::create(
            conn,
            plan_id,
            &ConsultationFields {
                title,
                description,
                opens_at: opens,
                closes_at: closes,
                audience,
                comments_enabled: input.comments_enabled,
                proposals_enabled: input.proposals_enabled,
                supports_per_person: input.supports_per_person,
                points_per_person: input.points_per_person,
            },
            actor.user_id,
            now,
        )?;
        let invited = if audience == Audience::Invited { input.invited.clone() } else { Vec::new() };
        Consultation::set_invites(conn, consultation.id, &invited)?;
        // Members of invited organisations hear that the consultation opened.
        if !invited.is_empty() {
            for u in User::of_organisations(conn, &invited)? {
                let payload = json!({"consultation_id": consultation.id, "title": consultation.title}).to_string();
                Notification::push(conn, u.id, NotificationKind::ConsultationOpened, &payload, "A consultation is open for your organisation", now)?;
            }
        }
        audit::record(
            conn,
            Some(actor),
            "consultation.create",
            "consultation",
            Some(consultation.id),
            json!({"plan_id": plan_id, "title": consultation.title, "audience": consultation.audience, "invited": invited}),
        )?;
        Ok(consultation)
    })
}

/// Refuses a participant outside the window or the audience, with the reason.
pub fn check_can_take_part(
    conn: &mut DbConn,
    actor: &Actor,
    c: &Consultation,
    now: NaiveDateTime,
) -> AppResult<()> {
    if now < c.opens_at {
        return Err(AppError::Conflict {
            code: "consultation_not_open",
            detail: "The consultation is not open yet.".into(),
            field: None,
        });
    }
    if now >= c.closes_at {
        return Err(AppError::Conflict {
            code: "consultation_closed",
            detail: "The consultation is closed.".into(),
            field: None,
        });
    }
    let plan = Plan::find(conn, c.plan_id)?;
    if plan.status != PlanStatus::Consultation {
        return Err(AppError::Conflict {
            code: "consultation_closed",
            detail: "The plan is no longer in consultation.".into(),
            field: None,
        });
    }
    if c.audience == Audience::Invited {
        let invited = Consultation::invites(conn, c.id)?;
        let ok = actor.organisation_id.is_some_and(|o| invited.contains(&o));
        if !ok {
            return Err(AppError::Conflict {
                code: "not_invited",
                detail: "This consultation is open to invited organisations only.".into(),
                field: None,
            });
        }
    }
    Ok(())
}
