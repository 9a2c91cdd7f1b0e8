//! Organisations: anyone may read them; administrators create and edit them.

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::organisation::{NewOrganisation, Organisation, OrganisationChanges};
use crate::domain::{OrgKind, OrgLevel, limits};
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::validate::Checker;
use crate::services::{Actor, Paging};

/// Fields of an organisation as entered in a form or sent as JSON.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct OrganisationInput {
    /// Name (unique, at most 200 characters).
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub name: String,
    /// Kind: ministry, region, province, municipality, agency, other_public,
    /// nonprofit, company, university, citizen_group.
    #[schema(value_type = crate::domain::OrgKind)]
    pub kind: String,
    /// Level: eu, national, regional, local.
    #[schema(value_type = crate::domain::OrgLevel)]
    pub level: String,
    /// ISTAT/NUTS territory code (letters, digits, at most 16).
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z0-9]*$")]
    pub territory_code: Option<String>,
    /// Parent organisation id.
    #[serde(default)]
    pub parent_id: Option<i32>,
    /// The time zone it works in, an IANA name such as `Europe/Riga`: its
    /// consultations' windows are entered and shown in it. Default
    /// `Europe/Rome` (a new organisation) or unchanged (an update).
    #[serde(default)]
    pub time_zone: Option<String>,
}

struct Valid {
    name: String,
    kind: OrgKind,
    level: OrgLevel,
    territory_code: Option<String>,
    parent_id: Option<i32>,
    time_zone: Option<String>,
}

/// The time zone named `name` (an IANA name), if it is one.
pub fn time_zone(name: &str) -> Option<chrono_tz::Tz> {
    name.trim().parse().ok()
}

fn validate(conn: &mut DbConn, input: &OrganisationInput, id: Option<i32>) -> AppResult<Valid> {
    let mut c = Checker::default();
    let name = c.text("name", &input.name, limits::NAME);
    let kind = c.choice("kind", &input.kind, OrgKind::parse);
    let level = c.choice("level", &input.level, OrgLevel::parse);
    let territory_code = c.opt_text(
        "territory_code",
        input.territory_code.as_deref(),
        limits::TERRITORY,
    );
    if let Some(code) = &territory_code
        && !code.chars().all(|ch| ch.is_ascii_alphanumeric())
    {
        c.add(
            "territory_code",
            "territory_invalid",
            "territory_code must be letters and digits (ISTAT or NUTS code)",
        );
    }
    let zone = input
        .time_zone
        .as_deref()
        .map(str::trim)
        .filter(|z| !z.is_empty());
    if let Some(z) = zone
        && time_zone(z).is_none()
    {
        c.add(
            "time_zone",
            "time_zone_unknown",
            "time_zone must be an IANA time zone such as Europe/Rome",
        );
    }
    if let Some(parent) = input.parent_id {
        match Organisation::find(conn, parent) {
            Err(diesel::result::Error::NotFound) => c.add(
                "parent_id",
                "parent_not_found",
                "parent_id is not a known organisation",
            ),
            Err(e) => return Err(e.into()),
            Ok(_) => {
                if let Some(id) = id
                    && (parent == id || Organisation::ancestor_ids(conn, parent)?.contains(&id))
                {
                    c.add(
                        "parent_id",
                        "parent_cycle",
                        "an organisation cannot be placed under itself",
                    );
                }
            }
        }
    }
    c.finish()?;
    Ok(Valid {
        name,
        kind: kind.ok_or(AppError::Internal("kind checked".into()))?,
        level: level.ok_or(AppError::Internal("level checked".into()))?,
        territory_code,
        parent_id: input.parent_id,
        time_zone: zone.map(str::to_owned),
    })
}

/// A page of organisations (public).
pub fn list(conn: &mut DbConn, paging: Paging) -> AppResult<(Vec<Organisation>, i64)> {
    Ok(Organisation::list(conn, paging.offset(), paging.per_page)?)
}

/// Every organisation, for pickers (public).
pub fn all(conn: &mut DbConn) -> AppResult<Vec<Organisation>> {
    Ok(Organisation::all(conn)?)
}

/// One organisation (public).
pub fn find(conn: &mut DbConn, id: i32) -> AppResult<Organisation> {
    Organisation::find(conn, id).map_err(|e| not_found(e, "organisation"))
}

/// Maps diesel's `NotFound` to the entity's own not-found error.
pub fn not_found(e: diesel::result::Error, entity: &'static str) -> AppError {
    match e {
        diesel::result::Error::NotFound => AppError::NotFound(entity),
        other => other.into(),
    }
}

fn name_taken() -> AppError {
    AppError::Conflict {
        code: "name_taken",
        detail: "An organisation with this name already exists.".into(),
        field: Some("name"),
    }
}

fn map_unique(e: AppError) -> AppError {
    match e {
        AppError::Conflict {
            code: "already_exists",
            ..
        } => name_taken(),
        other => other,
    }
}

/// Creates an organisation (administrators).
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    input: &OrganisationInput,
) -> AppResult<Organisation> {
    actor.require_admin()?;
    insert(conn, Some(actor), input)
}

/// Creates an organisation without an acting user (CLI, demo data, imports).
pub fn create_system(conn: &mut DbConn, input: &OrganisationInput) -> AppResult<Organisation> {
    insert(conn, None, input)
}

fn insert(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    input: &OrganisationInput,
) -> AppResult<Organisation> {
    conn.write(|conn| {
        let v = validate(conn, input, None)?;
        let now = crate::db::now();
        let org = Organisation::create(
            conn,
            &NewOrganisation {
                name: &v.name,
                kind: v.kind,
                level: v.level,
                territory_code: v.territory_code.as_deref(),
                parent_id: v.parent_id,
                created_at: now,
                updated_at: now,
                time_zone: v.time_zone.as_deref(),
            },
        )
        .map_err(|e| map_unique(e.into()))?;
        audit::record(
            conn,
            actor,
            "organisation.create",
            "organisation",
            Some(org.id),
            json!({"name": org.name, "kind": org.kind, "level": org.level,
                   "territory_code": org.territory_code, "parent_id": org.parent_id,
                   "time_zone": org.time_zone}),
        )?;
        Ok(org)
    })
}

/// Updates an organisation (administrators).
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &OrganisationInput,
) -> AppResult<Organisation> {
    actor.require_admin()?;
    conn.write(|conn| {
        let before = find(conn, id)?;
        let v = validate(conn, input, Some(id))?;
        let org = Organisation::update(
            conn,
            id,
            &OrganisationChanges {
                name: &v.name,
                kind: v.kind,
                level: v.level,
                territory_code: v.territory_code.as_deref(),
                parent_id: v.parent_id,
                updated_at: crate::db::now(),
                time_zone: v.time_zone.as_deref().unwrap_or(&before.time_zone),
            },
        )
        .map_err(|e| map_unique(e.into()))?;
        let changes = audit::diff(
            &[
                ("name", json!(before.name), json!(org.name)),
                ("kind", json!(before.kind), json!(org.kind)),
                ("level", json!(before.level), json!(org.level)),
                (
                    "territory_code",
                    json!(before.territory_code),
                    json!(org.territory_code),
                ),
                ("parent_id", json!(before.parent_id), json!(org.parent_id)),
                ("time_zone", json!(before.time_zone), json!(org.time_zone)),
            ],
            &[],
        );
        audit::record(
            conn,
            Some(actor),
            "organisation.update",
            "organisation",
            Some(id),
            changes,
        )?;
        Ok(org)
    })
}
