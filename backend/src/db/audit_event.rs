//! The append-only audit trail: who, when, what entity, what changed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;

/// Events of signing in and out, which change no data (see
/// [`AuditEvent::data_version`]).
pub const SESSION_ACTIONS: &str = "session.";
use super::schema::audit_events;

/// A stored audit event.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    /// Id.
    pub id: i32,
    /// Who (none for the system or an anonymous caller).
    pub actor_id: Option<i32>,
    /// What was done, e.g. `organisation.create`.
    pub action: String,
    /// Entity type, e.g. `organisation`.
    pub entity: String,
    /// Entity id.
    pub entity_id: Option<i32>,
    /// JSON object of changes.
    pub changes: String,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

/// A new audit event.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events)]
pub struct NewAuditEvent<'a> {
    /// Who.
    pub actor_id: Option<i32>,
    /// What was done.
    pub action: &'a str,
    /// Entity type.
    pub entity: &'a str,
    /// Entity id.
    pub entity_id: Option<i32>,
    /// JSON changes.
    pub changes: &'a str,
    /// When.
    pub created_at: NaiveDateTime,
}

impl AuditEvent {
    /// Appends an event.
    pub fn append(conn: &mut DbConn, new: &NewAuditEvent<'_>) -> QueryResult<usize> {
        diesel::insert_into(audit_events::table)
            .values(new)
            .execute(conn)
    }

    /// Newest first, optionally for one entity type; and the total.
    pub fn list(
        conn: &mut DbConn,
        entity: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> QueryResult<(Vec<Self>, i64)> {
        let mut count = audit_events::table.into_boxed();
        let mut query = audit_events::table.into_boxed();
        if let Some(e) = entity {
            count = count.filter(audit_events::entity.eq(e.to_owned()));
            query = query.filter(audit_events::entity.eq(e.to_owned()));
        }
        let total = count.count().get_result(conn)?;
        let rows = query
            .order(audit_events::id.desc())
            .offset(offset)
            .limit(limit)
            .select(Self::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    /// Events caused by a user (for their data export).
    pub fn by_actor(conn: &mut DbConn, actor: i32) -> QueryResult<Vec<Self>> {
        audit_events::table
            .filter(audit_events::actor_id.eq(actor))
            .order(audit_events::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// The version of all data: the latest event that is not a sign-in or
    /// sign-out ([`SESSION_ACTIONS`]), or 0.
    pub fn data_version(conn: &mut DbConn) -> QueryResult<i32> {
        // Signing in and out changes no data: under load, sessions alone must not
        // throw away every cached dashboard and page. Newest first, so the scan
        // stops at the first other event.
        Ok(audit_events::table
            .filter(audit_events::action.not_like(format!("{SESSION_ACTIONS}%")))
            .order(audit_events::id.desc())
            .select(audit_events::id)
            .first::<i32>(conn)
            .optional()?
            .unwrap_or(0))
    }

    /// The latest event on any of `entities` (0 when none): a version of
    /// what they hold. One lookup per entity in the (entity, id) index.
    pub fn latest_on(conn: &mut DbConn, entities: &[&str]) -> QueryResult<i32> {
        let mut version = 0;
        for entity in entities {
            let newest = audit_events::table
                .filter(audit_events::entity.eq(entity))
                .select(diesel::dsl::max(audit_events::id))
                .first::<Option<i32>>(conn)?;
            version = version.max(newest.unwrap_or(0));
        }
        Ok(version)
    }

    /// The latest event of any of `actions` (0 when none).
    pub fn latest_of(conn: &mut DbConn, actions: &[&str]) -> QueryResult<i32> {
        let mut version = 0;
        for action in actions {
            let newest = audit_events::table
                .filter(audit_events::action.eq(action))
                .select(diesel::dsl::max(audit_events::id))
                .first::<Option<i32>>(conn)?;
            version = version.max(newest.unwrap_or(0));
        }
        Ok(version)
    }
}
