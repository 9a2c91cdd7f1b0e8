//! A user's own account: their data as JSON, the preferred language, deletion.

use std::collections::HashMap;
use std::io::Write;

use pspm_analytics::utc::format as z;
use pspm_frontend::i18n::Lang;
use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::api_token::ApiToken;
use crate::db::audit_event::AuditEvent;
use crate::db::contribution::Contribution;
use crate::db::follow::{Follow, Followed};
use crate::db::notification::Notification;
use crate::db::organisation::Organisation;
use crate::db::password_reset::PasswordReset;
use crate::db::personal_data;
use crate::db::session::Session;
use crate::db::user::User;
use crate::domain::EmailFrequency;
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::{audit, auth};

/// What each part of the personal-data export holds, written into it.
const README: &str = "Everything PSPM stores that is linked to you, as of exported_at (UTC). \
user: your account and profile. organisation: the one you act for. \
contributions: your comments, proposals, amendments and replies, with earlier texts you replaced. \
supports: the proposals you supported. priority_points: points you gave to actions. \
reports: contributions you reported. practice_reviews: your ratings and reviews of practices. \
adoptions: adoptions of practices you declared or decided on. \
official_responses: responses you wrote as a planner. notifications: what you were told. \
emails: e-mails sent or waiting for you (their subject). sessions: your sign-ins (never their secret). \
password_resets: password reset links you asked for (never their secret). \
api_tokens: your tokens (never their secret). following: consultations and threads you follow. \
files_uploaded: files you attached to plans and their nodes (their description; download each at /attachments/<id>). \
activity: the audit trail of what you did.";

/// Official responses read and written per part by [`export_to`].
const RESPONSES_PER_PART: i64 = 10_000;

/// Writes everything stored about the caller to `out`, as one JSON document
/// (compact). Contributions and official responses, which a participant or
/// a planner at national scale has by the ten thousand or the million, go
/// last, a row at a time (the responses also read a part at a time), so the
/// export never holds them as one tree (bench/RESULTS.md).
pub fn export_to(conn: &mut DbConn, actor: &Actor, out: &mut impl Write) -> AppResult<()> {
    let written = |e: std::io::Error| AppError::Internal(format!("personal data export: {e}"));
    let head = serde_json::to_string(&export_head(conn, actor)?)
        .map_err(|e| AppError::Internal(format!("personal data export: {e}")))?;
    // The head is an object: reopened to add the last member.
    let open = head.strip_suffix('}').unwrap_or(&head);
    out.write_all(open.as_bytes()).map_err(written)?;
    // A contribution at a time: a prolific participant has tens of thousands.
    out.write_all(br#","contributions":["#).map_err(written)?;
    let contributions = Contribution::by_author(conn, actor.user_id)?;
    let ids: Vec<i32> = contributions.iter().map(|c| c.id).collect();
    let mut edits: HashMap<i32, Vec<Value>> = HashMap::new();
    for e in Contribution::edits_of(conn, &ids)? {
        edits.entry(e.contribution_id).or_default().push(
            json!({"title": e.title, "body": e.body, "written_at": z(&e.written_at), "replaced_at": z(&e.replaced_at)}),
        );
    }
    for (i, c) in contributions.iter().enumerate() {
        if i > 0 {
            out.write_all(b",").map_err(written)?;
        }
        let earlier = edits.remove(&c.id).unwrap_or_default();
        let row = json!({"id": c.id, "consultation_id": c.consultation_id, "kind": c.kind, "parent_id": c.parent_id,
               "node_id": c.node_id, "organisation_id": c.organisation_id, "title": c.title, "body": c.body,
               "created_at": z(&c.created_at), "edited_at": c.edited_at.as_ref().map(z), "earlier_texts": earlier,
               "withdrawn_at": c.withdrawn_at.as_ref().map(z), "hidden_at": c.hidden_at.as_ref().map(z), "hidden_reason": c.hidden_reason});
        serde_json::to_writer(&mut *out, &row)
            .map_err(|e| AppError::Internal(format!("personal data export: {e}")))?;
    }
    drop(contributions);
    out.write_all(br#"],"official_responses":["#)
        .map_err(written)?;
    let (mut after, mut first) = (0, true);
    loop {
        let part = personal_data::responses_after(conn, actor.user_id, after, RESPONSES_PER_PART)?;
        let Some(last) = part.last() else { break };
        after = last.0;
        for (_, row) in &part {
            if !first {
                out.write_all(b",").map_err(written)?;
            }
            first = false;
            serde_json::to_writer(&mut *out, row)
                .map_err(|e| AppError::Internal(format!("personal data export: {e}")))?;
        }
    }
    out.write_all(b"]}").map_err(written)
}

/// Everything stored about the caller but their contributions and official
/// responses.
fn export_head(conn: &mut DbConn, actor: &Actor) -> AppResult<Value> {
    let user = User::find(conn, actor.user_id)?;
    let organisation = user
        .organisation_id
        .map(|id| Organisation::find(conn, id))
        .transpose()?;
    let tokens: Vec<Value> = ApiToken::for_user(conn, user.id)?
        .into_iter()
        .map(|t| {
            json!({"id": t.id, "name": t.name, "scope": t.scope, "created_at": z(&t.created_at),
                        "last_used_at": t.last_used_at.as_ref().map(z), "expires_at": z(&t.expires_at)})
        })
        .collect();
    let activity: Vec<Value> = AuditEvent::by_actor(conn, user.id)?
        .into_iter()
        .map(|e| {
            json!({"action": e.action, "entity": e.entity, "entity_id": e.entity_id,
                   "changes": serde_json::from_str::<Value>(&e.changes).unwrap_or(Value::Null),
                   "at": z(&e.created_at)})
        })
        .collect();
    let notifications: Vec<Value> = Notification::of_user(conn, user.id)?
        .into_iter()
        .map(|n| {
            json!({"kind": n.kind, "payload": serde_json::from_str::<Value>(&n.payload).unwrap_or(Value::Null),
                   "created_at": z(&n.created_at), "read_at": n.read_at.as_ref().map(z)})
        })
        .collect();
    let following: Vec<Value> = Follow::of_user(conn, user.id)?
        .into_iter()
        .map(|f| match f {
            Followed::Consultation(id) => json!({"consultation_id": id}),
            Followed::Thread(id) => json!({"contribution_id": id}),
        })
        .collect();
    Ok(json!({
        "format": "pspm-personal-data/1",
        "exported_at": z(&crate::db::now()),
        "user": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "locale": user.locale,
            "profile": {"age_band": user.age_band, "gender": user.gender, "territory_code": user.territory_code},
            "email_frequency": user.email_frequency,
            "created_at": z(&user.created_at),
            "updated_at": z(&user.updated_at),
        },
        "organisation": organisation.map(|o| json!({"id": o.id, "name": o.name, "kind": o.kind, "level": o.level})),
        "readme": README,
        "supports": personal_data::supports_of(conn, user.id)?,
        "priority_points": personal_data::points_of(conn, user.id)?,
        "reports": personal_data::reports_of(conn, user.id)?,
        "practice_reviews": personal_data::reviews_of(conn, user.id)?,
        "adoptions": personal_data::adoptions_of(conn, user.id)?,
        "notifications": notifications,
        "emails": personal_data::mails_of(conn, user.id)?,
        "sessions": personal_data::sessions_of(conn, user.id)?,
        "password_resets": personal_data::resets_of(conn, user.id)?,
        "api_tokens": tokens,
        "following": following,
        "files_uploaded": crate::db::attachment::Attachment::uploaded_by(conn, user.id)?
            .iter()
            .map(|a| json!({"id": a.id, "attached_to": a.parent_kind, "attached_to_id": a.parent_id,
                "title": a.title, "lang": a.lang, "file_name": a.file_name, "media_type": a.media_type,
                "size_bytes": a.size_bytes, "sha256": a.sha256, "uploaded_at": z(&a.created_at)}))
            .collect::<Vec<_>>(),
        "activity": activity,
    }))
}

/// Deletes the caller's account: personal data is removed, sessions and
/// tokens end, and content they wrote stays, shown as by a former participant.
pub fn delete(conn: &mut DbConn, actor: &Actor, password: &str) -> AppResult<()> {
    auth::confirm_password(conn, actor, password)?;
    let key = auth::subject_key(conn)?;
    conn.write(|conn| {
        let now = crate::db::now();
        let user = User::find(conn, actor.user_id)?;
        Session::delete_for_user(conn, actor.user_id)?;
        ApiToken::delete_for_user(conn, actor.user_id)?;
        PasswordReset::delete_for_user(conn, actor.user_id)?;
        let erased = personal_data::erase(
            conn,
            user.id,
            &user.email,
            &user.display_name,
            user.organisation_id,
            &auth::account_subject(&key, &user.email),
        )?;
        User::anonymise(conn, actor.user_id, now)?;
        Follow::remove_all(conn, actor.user_id)?;
        audit::record(
            conn,
            Some(actor),
            "user.delete",
            "user",
            Some(actor.user_id),
            json!({"anonymised": true, "erased": erased}),
        )
    })
}

/// Stores the caller's preferred language, one of the catalogue's (`lang`).
pub fn set_locale(conn: &mut DbConn, actor: &Actor, locale: &str) -> AppResult<()> {
    if !Lang::ALL.into_iter().any(|l| l.code() == locale) {
        return Err(AppError::field(
            "lang",
            "invalid_choice",
            format!(
                "the language must be one of {}",
                Lang::ALL.map(Lang::code).join(", ")
            ),
        ));
    }
    conn.write(|conn| {
        User::set_locale(conn, actor.user_id, locale)?;
        audit::record(
            conn,
            Some(actor),
            "user.set_locale",
            "user",
            Some(actor.user_id),
            json!({"locale": locale}),
        )
    })
}

/// Stores how often the caller wants their notifications by e-mail
/// (`immediate`, `daily` or `never`).
pub fn set_email_frequency(
    conn: &mut DbConn,
    actor: &Actor,
    value: &str,
) -> AppResult<EmailFrequency> {
    let frequency = EmailFrequency::parse(value.trim()).ok_or_else(|| {
        AppError::field(
            "email_frequency",
            "invalid_choice",
            "email_frequency must be immediate, daily or never",
        )
    })?;
    conn.write(|conn| {
        User::set_email_frequency(conn, actor.user_id, frequency, crate::db::now())?;
        audit::record(
            conn,
            Some(actor),
            "user.set_email_frequency",
            "user",
            Some(actor.user_id),
            json!({"email_frequency": frequency}),
        )?;
        Ok(frequency)
    })
}

/// Stops every e-mail to the account whose unsubscribe link carries
/// `token`: no sign-in, the link's secret is the proof. Unknown or used by
/// a deleted account: not found.
pub fn unsubscribe(conn: &mut DbConn, token: &str) -> AppResult<()> {
    conn.write(|conn| {
        let user = User::by_unsubscribe_token(conn, token)?.ok_or(AppError::NotFound("link"))?;
        if user.email_frequency != EmailFrequency::Never {
            User::set_email_frequency(conn, user.id, EmailFrequency::Never, crate::db::now())?;
        }
        audit::record(
            conn,
            None,
            "user.unsubscribe",
            "user",
            Some(user.id),
            json!({"email_frequency": EmailFrequency::Never}),
        )
    })
}

/// Whether `token` is a living account's unsubscribe secret.
pub fn unsubscribe_link_known(conn: &mut DbConn, token: &str) -> AppResult<bool> {
    Ok(User::by_unsubscribe_token(conn, token)?.is_some())
}
