//! Passwords (argon2id), sign-in with a rate limit, database-backed sessions and
//! personal API tokens (both stored as SHA-256 hashes).

use std::net::IpAddr;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::db::api_token::{ApiToken, NewApiToken};
use crate::db::password_reset::PasswordReset;
use crate::db::session::{NewSession, Session};
use crate::db::sign_in_attempt::SignInAttempt;
use crate::db::user::User;
use crate::db::{Db, DbConn};
use crate::domain::{TokenScope, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::validate::{self, Checker};

/// Failed attempts per account in [`WINDOW_MINUTES`] before each further
/// attempt has to wait ([`account_delay`]).
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// The longest wait between attempts on one account: guessing stays slow,
/// and whoever owns the account is never locked out for longer.
pub const MAX_ACCOUNT_DELAY_SECS: i64 = 300;

/// How long after its last failure an account takes the next attempt, after
/// `failures` in the window: none up to [`MAX_FAILURES_PER_ACCOUNT`], then
/// 1, 2, 4 … seconds, at most [`MAX_ACCOUNT_DELAY_SECS`]. A named account
/// (the administrator's, say) is slowed down, never locked.
pub fn account_delay(failures: i64) -> Option<Duration> {
    let over = failures - MAX_FAILURES_PER_ACCOUNT;
    (over >= 0).then(|| Duration::seconds((1i64 << over.min(20)).min(MAX_ACCOUNT_DELAY_SECS)))
}
/// Failed attempts allowed per client address in [`WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// Length of the rate-limit window.
pub const WINDOW_MINUTES: i64 = 15;

/// Hashes a password with argon2id (PHC string).
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

/// Checks a password against a stored hash (false for empty or malformed hashes).
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash checked when the account does not exist, so timing does not reveal it.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not-a-real-password").unwrap_or_default());

/// Validates a new password.
pub fn check_password(checker: &mut Checker, field: &str, password: &str) {
    let n = password.chars().count();
    if n < limits::PASSWORD_MIN {
        checker.add(
            field,
            "password_too_short",
            format!(
                "{field} must have at least {} characters",
                limits::PASSWORD_MIN
            ),
        );
    } else if n > limits::PASSWORD_MAX {
        checker.add(field, "too_long", format!("{field} is too long"));
    }
}

/// SHA-256 hex of a secret.
pub fn sha256_hex(input: &str) -> String {
    let digest = Sha256::digest(input.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The server's key for sign-in subjects (see [`SignInAttempt::key`]).
pub fn subject_key(conn: &mut DbConn) -> AppResult<String> {
    Ok(SignInAttempt::key(conn, &random_secret())?)
}

/// The hash under which sign-in attempts on the account `email` (lower
/// case) are counted, keyed with the server's `key`.
pub fn account_subject(key: &str, email: &str) -> String {
    sha256_hex(&format!("{key}:account:{email}"))
}

/// The hash under which sign-in attempts from a client address are counted.
fn address_subject(key: &str, ip: IpAddr) -> String {
    sha256_hex(&format!("{key}:address:{ip}"))
}

/// A fresh random secret (32 bytes, base64url).
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The actor for a user row (`None` for deleted accounts or an unknown role).
pub fn actor_of(user: &User) -> Option<Actor> {
    if user.deleted_at.is_some() {
        return None;
    }
    Some(Actor {
        user_id: user.id,
        role: user.role,
        organisation_id: user.organisation_id,
        display_name: user.display_name.clone(),
    })
}

/// A started session: the cookie value (shown once) and the user.
#[derive(Debug)]
pub struct StartedSession {
    /// Cookie value.
    pub token: String,
    /// The signed-in user.
    pub user: User,
}

/// How many password checks run at once. Each argon2id check holds 19 MiB and a
/// core for tens of milliseconds; a burst of sign-ins waits here, holding no
/// database connection, instead of exhausting memory and the pool.
const CONCURRENT_PASSWORD_CHECKS: usize = 2;

static PASSWORD_CHECKS: LazyLock<tokio::sync::Semaphore> =
    LazyLock::new(|| tokio::sync::Semaphore::new(CONCURRENT_PASSWORD_CHECKS));

/// Signs a user in, slowing down guesses at one account and limiting those
/// from one client address.
///
/// Three steps: the rate limit is checked and the attempt recorded as a
/// failure in one write transaction (under the subjects' locks, so parallel
/// attempts cannot all pass the limit), and the account read; the password
/// is checked off the async workers without a connection (at most
/// [`CONCURRENT_PASSWORD_CHECKS`] at a time); the outcome is written with
/// another connection: a success turns the attempt into one, a failure is
/// audited (`session.refused`, never with the password or the address typed).
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
    client: Option<IpAddr>,
    session_hours: i64,
) -> AppResult<StartedSession> {
    let email = email.trim().to_lowercase();
    let mut checker = Checker::default();
    if email.is_empty() {
        checker.add("email", "required", "email is required");
    }
    if password.is_empty() {
        checker.add("password", "required", "password is required");
    }
    checker.finish()?;

    let now = crate::db::now();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let key = db.run(subject_key).await?;
    let account_subject = account_subject(&key, &email);
    let address_subject = client.map(|ip| address_subject(&key, ip));

    let subjects = (account_subject.clone(), address_subject.clone());
    let (user, attempts) = db
        .run(move |conn| {
            let (account, address) = subjects;
            let mut all = vec![account.as_str()];
            all.extend(address.as_deref());
            conn.write(|conn| {
                SignInAttempt::lock(conn, &all)?;
                let failures = SignInAttempt::failures_since(conn, &account, since)?;
                if let Some(delay) = account_delay(failures)
                    && let Some(last) = SignInAttempt::last_failure(conn, &account)?
                    && now < last + delay
                {
                    let wait = ((last + delay - now).num_milliseconds() + 999) / 1000;
                    return Err(AppError::RateLimited(wait.max(1) as u64));
                }
                if let Some(subject) = &address
                    && SignInAttempt::failures_since(conn, subject, since)?
                        >= MAX_FAILURES_PER_ADDRESS
                {
                    return Err(AppError::RateLimited((WINDOW_MINUTES * 60) as u64));
                }
                let attempts = SignInAttempt::begin(conn, &all, now)?;
                Ok((User::find_active_by_email(conn, &email)?, attempts))
            })
        })
        .await?;

    // Without an account, a dummy hash is checked so timing does not reveal it.
    let hash = user
        .as_ref()
        .map_or_else(|| DUMMY_HASH.clone(), |u| u.password_hash.clone());
    let password = password.to_owned();
    let permit = PASSWORD_CHECKS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(format!("password check queue closed: {e}")))?;
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .map_err(|e| AppError::Internal(format!("password check failed: {e}")))?;
    drop(permit);

    let tried = user.as_ref().map(|u| u.id);
    let user = user.filter(|_| matches);
    let token = random_secret();
    let hash = sha256_hex(&token);
    let started = db
        .run(move |conn| {
            conn.write(|conn| {
                let Some(user) = user else {
                    // The attempt stays recorded as a failure.
                    let reason = if tried.is_some() {
                        "wrong_password"
                    } else {
                        "unknown_account"
                    };
                    audit::record(
                        conn,
                        None,
                        "session.refused",
                        "user",
                        tried,
                        json!({"reason": reason}),
                    )?;
                    return Ok(None);
                };
                SignInAttempt::clear(conn, &account_subject)?;
                SignInAttempt::succeed(conn, &attempts)?;
                Session::create(
                    conn,
                    &NewSession {
                        token_hash: &hash,
                        user_id: user.id,
                        created_at: now,
                        expires_at: now + Duration::hours(session_hours),
                        last_seen_at: now,
                    },
                )?;
                let actor = actor_of(&user);
                audit::record(
                    conn,
                    actor.as_ref(),
                    "session.create",
                    "user",
                    Some(user.id),
                    json!({}),
                )?;
                Ok(Some(StartedSession { token, user }))
            })
        })
        .await?;
    started.ok_or(AppError::InvalidCredentials)
}

/// Ends the session with this cookie value (no-op when unknown).
pub fn sign_out(conn: &mut DbConn, token: &str) -> AppResult<()> {
    let hash = sha256_hex(token);
    conn.write(|conn| {
        let now = crate::db::now();
        if let Some(session) =
            Session::find_live(conn, &hash, now, DateTime::UNIX_EPOCH.naive_utc())?
        {
            Session::delete_by_hash(conn, &hash)?;
            let user = User::find(conn, session.user_id)?;
            let actor = actor_of(&user);
            audit::record(
                conn,
                actor.as_ref(),
                "session.delete",
                "user",
                Some(user.id),
                json!({}),
            )?;
        }
        Ok(())
    })
}

/// How stale a session's recorded last use may get before it is written
/// again: a reader's pages cost one write a minute, not one each.
const SESSION_TOUCH_SECS: i64 = 60;

/// The actor behind a session cookie, if the session is live: before its
/// end and used within the last `idle_minutes`.
pub fn authenticate_session(
    conn: &mut DbConn,
    token: &str,
    idle_minutes: i64,
) -> AppResult<Option<Actor>> {
    let now = crate::db::now();
    let idle_since = now - Duration::minutes(idle_minutes);
    let Some(session) = Session::find_live(conn, &sha256_hex(token), now, idle_since)? else {
        return Ok(None);
    };
    if now - session.last_seen_at >= Duration::seconds(SESSION_TOUCH_SECS) {
        conn.write(|conn| Session::touch(conn, session.id, now))?;
    }
    let user = User::find(conn, session.user_id)?;
    Ok(actor_of(&user))
}

/// The actor behind a bearer token that has not expired, and what it may do.
pub fn authenticate_bearer(
    conn: &mut DbConn,
    token: &str,
) -> AppResult<Option<(Actor, TokenScope)>> {
    let now = crate::db::now();
    let Some(found) = ApiToken::find_live(conn, &sha256_hex(token), now)? else {
        return Ok(None);
    };
    let user = User::find(conn, found.user_id)?;
    let Some(actor) = actor_of(&user) else {
        return Ok(None);
    };
    ApiToken::touch(conn, found.id, now)?;
    Ok(Some((actor, found.scope)))
}

/// Lifetimes a token may be given, in days.
pub const TOKEN_DAYS: [i64; 4] = [30, 90, 180, 365];
/// The lifetime a token gets when none is chosen.
pub const DEFAULT_TOKEN_DAYS: i64 = 90;

/// What a person asks for when creating a token.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// A name to recognise it by.
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// Days until it expires, one of [`TOKEN_DAYS`].
    pub days: i64,
    /// The creator's password: a stolen session alone cannot mint a token.
    pub password: String,
}

/// Checks the caller's password again before something a stolen session
/// must not be able to do; a refusal names the `current_password` field.
pub fn confirm_password(conn: &mut DbConn, actor: &Actor, password: &str) -> AppResult<()> {
    if password.is_empty() {
        return Err(AppError::field(
            "current_password",
            "required",
            "enter your current password",
        ));
    }
    let user = User::find(conn, actor.user_id)?;
    if !verify_password(&user.password_hash, password) {
        return Err(AppError::field(
            "current_password",
            "password_wrong",
            "the password is not right",
        ));
    }
    Ok(())
}

/// Creates a personal API token after checking the password again; the
/// returned secret is shown once and never stored.
pub fn create_token(
    conn: &mut DbConn,
    actor: &Actor,
    request: &TokenRequest,
) -> AppResult<(ApiToken, String)> {
    let mut checker = Checker::default();
    let name = checker.text("name", &request.name, limits::NAME);
    let scope = request.scope.parse::<TokenScope>().ok();
    if scope.is_none() {
        checker.add("scope", "invalid_choice", "the scope must be read or write");
    }
    if !TOKEN_DAYS.contains(&request.days) {
        checker.add(
            "days",
            "invalid_choice",
            format!(
                "the lifetime must be one of {} days",
                TOKEN_DAYS.map(|d| d.to_string()).join(", ")
            ),
        );
    }
    if request.password.is_empty() {
        checker.add(
            "current_password",
            "required",
            "enter your current password",
        );
    }
    checker.finish()?;
    let scope = validate::required(scope)?;
    confirm_password(conn, actor, &request.password)?;
    let secret = format!("pspm_{}", random_secret());
    let hash = sha256_hex(&secret);
    let now = crate::db::now();
    let token = conn.write(|conn| {
        let token = ApiToken::create(
            conn,
            &NewApiToken {
                token_hash: &hash,
                user_id: actor.user_id,
                name: &name,
                created_at: now,
                scope,
                expires_at: now + Duration::days(request.days),
            },
        )?;
        audit::record(
            conn,
            Some(actor),
            "api_token.create",
            "api_token",
            Some(token.id),
            json!({"name": name, "scope": scope, "days": request.days}),
        )?;
        Ok::<_, AppError>(token)
    })?;
    Ok((token, secret))
}

/// The caller's tokens, newest first, expired ones included (until revoked).
pub fn list_tokens(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<ApiToken>> {
    let mut tokens = ApiToken::for_user(conn, actor.user_id)?;
    tokens.reverse();
    Ok(tokens)
}

/// Revokes one of the caller's tokens (another person's is not found).
pub fn revoke_token(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<()> {
    conn.write(|conn| {
        if ApiToken::delete_of_user(conn, id, actor.user_id)? == 0 {
            return Err(AppError::NotFound("api_token"));
        }
        audit::record(
            conn,
            Some(actor),
            "api_token.delete",
            "api_token",
            Some(id),
            json!({}),
        )
    })
}

/// Changes the caller's password after checking the current one, and ends
/// every other session and every API token of theirs: whoever took one of
/// them is locked out. `session` is the cookie of the session that asked
/// (kept), if it came from a page.
pub fn change_password(
    conn: &mut DbConn,
    actor: &Actor,
    current: &str,
    new: &str,
    session: Option<&str>,
) -> AppResult<()> {
    let mut checker = Checker::default();
    if current.is_empty() {
        checker.add(
            "current_password",
            "required",
            "enter your current password",
        );
    }
    check_password(&mut checker, "new_password", new);
    checker.finish()?;
    confirm_password(conn, actor, current)?;
    let hash = hash_password(new)?;
    let keep = session.map(sha256_hex).unwrap_or_default();
    conn.write(|conn| {
        let now = crate::db::now();
        User::set_password_hash(conn, actor.user_id, &hash, now)?;
        let sessions = Session::delete_others(conn, actor.user_id, &keep)?;
        let tokens = ApiToken::delete_for_user(conn, actor.user_id)?;
        audit::record(
            conn,
            Some(actor),
            "user.password_change",
            "user",
            Some(actor.user_id),
            json!({"sessions_ended": sessions, "tokens_revoked": tokens}),
        )
    })
}

/// Runs [`purge_expired`] every hour, so that sign-in attempts (and ended
/// sessions and reset links) are kept a day at most however long the server runs.
pub fn start_housekeeping(db: Db, idle_minutes: i64) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        every.tick().await;
        loop {
            every.tick().await;
            if let Err(e) = db.run(move |c| purge_expired(c, idle_minutes)).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
}

/// Deletes expired and idle sessions, sign-in attempts older than a day and
/// ended reset links (at start, then hourly: [`start_housekeeping`]).
pub fn purge_expired(conn: &mut DbConn, idle_minutes: i64) -> AppResult<()> {
    let now = crate::db::now();
    Session::purge_expired(conn, now, now - Duration::minutes(idle_minutes))?;
    SignInAttempt::purge(conn, now - Duration::days(1))?;
    PasswordReset::purge(conn, now - Duration::days(1))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_slowed_down_step_by_step_never_locked() {
        let waits: Vec<Option<i64>> = [0, 4, 5, 6, 7, 12, 13, 14, 60, 10_000]
            .into_iter()
            .map(|n| account_delay(n).map(|d| d.num_seconds()))
            .collect();
        assert_eq!(
            waits,
            [
                None,
                None,
                Some(1),
                Some(2),
                Some(4),
                Some(128),
                Some(256),
                Some(300),
                Some(300),
                Some(300)
            ]
        );
    }

    #[test]
    fn argon2id_round_trip() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse battery"));
        assert!(!verify_password(&h, "wrong"));
        assert!(!verify_password("", "anything"));
    }
}
