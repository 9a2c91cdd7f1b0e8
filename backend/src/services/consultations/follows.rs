//! Following a consultation (every new contribution) or a thread (every
//! reply and the official response), and telling the followers.

use chrono::NaiveDateTime;
use serde_json::json;

use super::contributions::find_contribution;
use super::find;
use crate::db::DbConn;
use crate::db::contribution::Contribution;
use crate::db::follow::{Follow, Followed};
use crate::db::notification::Notification;
use crate::domain::NotificationKind;
use crate::error::AppResult;
use crate::services::Actor;
use crate::services::accounts::audit;

/// Starts or stops following a consultation or a thread the actor may read.
/// A contribution that replies stands for its whole thread, whose first
/// contribution's id is returned (a consultation's own id otherwise).
pub fn set_following(
    conn: &mut DbConn,
    actor: &Actor,
    what: Followed,
    follow: bool,
) -> AppResult<i32> {
    conn.write(|conn| {
        let what = match what {
            Followed::Consultation(id) => {
                find(conn, Some(actor), id)?;
                what
            }
            Followed::Thread(id) => {
                let (_, contribution) = find_contribution(conn, Some(actor), id)?;
                Followed::Thread(thread_of(conn, &contribution)?)
            }
        };
        let at = crate::db::now();
        let changed = if follow {
            Follow::add(conn, actor.user_id, what, at)?
        } else {
            Follow::remove(conn, actor.user_id, what)?
        };
        let (entity, id) = match what {
            Followed::Consultation(id) => ("consultation", id),
            Followed::Thread(id) => ("contribution", id),
        };
        if changed {
            let action = if follow {
                "follow.add"
            } else {
                "follow.remove"
            };
            audit::record(conn, Some(actor), action, entity, Some(id), json!({}))?;
        }
        Ok(id)
    })
}

/// The first contribution of the thread `c` belongs to.
pub(super) fn thread_of(conn: &mut DbConn, c: &Contribution) -> AppResult<i32> {
    let mut id = c.id;
    let mut parent = c.parent_id;
    // Replies may answer replies; a thread is a few levels deep at most.
    for _ in 0..32 {
        let Some(p) = parent else { break };
        id = p;
        parent = Contribution::find(conn, p)?.parent_id;
    }
    Ok(id)
}

/// Notifies the followers of `what`, except the people in `except` (the
/// writer, and whoever is told already in another way).
pub(super) fn tell_followers(
    conn: &mut DbConn,
    what: Followed,
    except: &[i32],
    payload: &serde_json::Value,
    at: NaiveDateTime,
) -> AppResult<()> {
    let (kind, subject) = match what {
        Followed::Consultation(_) => (
            NotificationKind::FollowedConsultation,
            "New in a consultation you follow",
        ),
        Followed::Thread(_) => (
            NotificationKind::FollowedThread,
            "New in a thread you follow",
        ),
    };
    let payload = payload.to_string();
    for user in Follow::followers(conn, what)? {
        if !except.contains(&user) {
            Notification::push(conn, user, kind, &payload, subject, at)?;
        }
    }
    Ok(())
}
