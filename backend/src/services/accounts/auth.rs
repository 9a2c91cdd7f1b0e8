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
use chrono::Duration;
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::db::api_token::{ApiToken, NewApiToken};
use crate::db::session::{NewSession, Session};
use crate::db::sign_in_attempt::SignInAttempt;
use crate::db::user::User;
use crate::db::{Db, DbConn};
use crate::domain::limits;
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::validate::Checker;

/// Failed attempts allowed per account in [`WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
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

/// Signs a user in, enforcing the rate limit per account and per client address.
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
    let account_subject = sha256_hex(&format!("account:{email}"));
    let address_subject = client.map(|ip| sha256_hex(&format!("address:{ip}")));

    let subjects = (account_subject.clone(), address_subject.clone());
    let (user, attempts) = db
        .run(move |conn| {
            let (account, address) = subjects;
            let mut all = vec![account.as_str()];
            all.extend(address.as_deref());
            conn.write(|conn| {
                SignInAttempt::lock(conn, &all)?;
                let refused = AppError::RateLimited((WINDOW_MINUTES * 60) as u64);
                if SignInAttempt::failures_since(conn, &account, since)? >= MAX_FAILURES_PER_ACCOUNT
                {
                    return Err(refused);
                }
                if let Some(subject) = &address
                    && SignInAttempt::failures_since(conn, subject, since)?
                        >= MAX_FAILURES_PER_ADDRESS
                {
                    return Err(refused);
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
        if let Some(session) = Session::find_live(conn, &hash, now)? {
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

/// The actor behind a session cookie, if the session is live.
pub fn authenticate_session(conn: &mut DbConn, token: &str) -> AppResult<Option<Actor>> {
    let Some(session) = Session::find_live(conn, &sha256_hex(token), crate::db::now())? else {
        return Ok(None);
    };
    let user = User::find(conn, session.user_id)?;
    Ok(actor_of(&user))
}

/// The actor behind a bearer token.
pub fn authenticate_bearer(conn: &mut DbConn, token: &str) -> AppResult<Option<Actor>> {
    let Some(found) = ApiToken::find_by_hash(conn, &sha256_hex(token))? else {
        return Ok(None);
    };
    let user = User::find(conn, found.user_id)?;
    let actor = actor_of(&user);
    if actor.is_some() {
        ApiToken::touch(conn, found.id, crate::db::now())?;
    }
    Ok(actor)
}

/// Creates a personal API token; the returned secret is shown once and never stored.
pub fn create_token(conn: &mut DbConn, actor: &Actor, name: &str) -> AppResult<(ApiToken, String)> {
    let mut checker = Checker::default();
    let name = checker.text("name", name, limits::NAME);
    checker.finish()?;
    let secret = format!("pspm_{}", random_secret());
    let hash = sha256_hex(&secret);
    let token = conn.write(|conn| {
        let token = ApiToken::create(
            conn,
            &NewApiToken {
                token_hash: &hash,
                user_id: actor.user_id,
                name: &name,
                created_at: crate::db::now(),
            },
        )?;
        audit::record(
            conn,
            Some(actor),
            "api_token.create",
            "api_token",
            Some(token.id),
            json!({"name": name}),
        )?;
        Ok::<_, AppError>(token)
    })?;
    Ok((token, secret))
}

/// Deletes expired sessions and old sign-in attempts (housekeeping at start).
pub fn purge_expired(conn: &mut DbConn) -> AppResult<()> {
    let now = crate::db::now();
    Session::purge_expired(conn, now)?;
    SignInAttempt::purge(conn, now - Duration::days(1))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse battery"));
        assert!(!verify_password(&h, "wrong"));
        assert!(!verify_password("", "anything"));
    }
}
