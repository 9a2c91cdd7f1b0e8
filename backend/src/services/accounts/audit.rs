//! Recording audit events (append-only) and reading them back for administrators.

use serde_json::Value;

use crate::db::DbConn;
use crate::db::audit_event::{AuditEvent, NewAuditEvent, SESSION_ACTIONS};
use crate::error::AppResult;
use crate::services::Actor;

/// Appends an audit event; call inside the write's transaction.
pub fn record(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    action: &str,
    entity: &str,
    entity_id: Option<i32>,
    changes: Value,
) -> AppResult<()> {
    let changes = changes.to_string();
    if !action.starts_with(SESSION_ACTIONS) {
        crate::db::note_write();
    }
    AuditEvent::append(
        conn,
        &NewAuditEvent {
            actor_id: actor.map(|a| a.user_id),
            action,
            entity,
            entity_id,
            changes: &changes,
            created_at: crate::db::now(),
        },
    )?;
    Ok(())
}

/// A diff of named fields: `{"field": {"from": a, "to": b}}` for those that
/// changed. Personal fields are listed as changed without their values.
pub fn diff(fields: &[(&str, Value, Value)], personal: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for (name, from, to) in fields {
        if from != to {
            let entry = if personal.contains(name) {
                serde_json::json!({"changed": true})
            } else {
                serde_json::json!({"from": from, "to": to})
            };
            out.insert((*name).to_owned(), entry);
        }
    }
    Value::Object(out)
}

/// Events, newest first (administrators only).
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    entity: Option<&str>,
    paging: crate::services::Paging,
) -> AppResult<(Vec<AuditEvent>, i64)> {
    actor.require_admin()?;
    Ok(AuditEvent::list(
        conn,
        entity,
        paging.offset(),
        paging.per_page,
    )?)
}
