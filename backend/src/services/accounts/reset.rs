//! Password reset by an e-mailed link: anyone may ask for one for an
//! address; the answer is the same whether an account uses it or not; the
//! link works once, for [`RESET_MINUTES`], and setting a password through
//! it ends every session and API token of the account.

use chrono::Duration;
use serde_json::json;

use crate::db::DbConn;
use crate::db::api_token::ApiToken;
use crate::db::password_reset::PasswordReset;
use crate::db::session::Session;
use crate::db::sign_in_attempt::SignInAttempt;
use crate::db::user::User;
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::accounts::auth::{
    account_subject, actor_of, check_password, hash_password, random_secret, sha256_hex,
    subject_key,
};
use crate::services::validate::Checker;

/// How long a reset link works.
pub const RESET_MINUTES: i64 = 30;
/// Links sent to one account in an hour at most: more asks send nothing, so
/// nobody can flood a mailbox through the form.
pub const MAX_RESETS_PER_HOUR: i64 = 3;

/// A reset link to e-mail.
#[derive(Debug, Clone)]
pub struct ResetMail {
    /// The account's address.
    pub to: String,
    /// The account's language, if chosen.
    pub locale: Option<String>,
    /// The link's secret (only its hash is stored).
    pub token: String,
}

/// Checks that `email` is an address (the form names it if not).
pub fn check_email(email: &str) -> AppResult<String> {
    let mut checker = Checker::default();
    let email = checker.email("email", email);
    checker.finish()?;
    Ok(email)
}

/// Asks for a reset link for `email`: `Some` when a link is to be sent (an
/// active account uses the address and has not had too many), `None`
/// otherwise; the caller tells the person the same either way.
pub fn request(conn: &mut DbConn, email: &str) -> AppResult<Option<ResetMail>> {
    let email = check_email(email)?;
    conn.write(|conn| {
        let now = crate::db::now();
        let Some(user) = User::find_active_by_email(conn, &email)? else {
            return Ok(None);
        };
        PasswordReset::lock_for(conn, user.id)?;
        let sent = PasswordReset::asked_since(conn, user.id, now - Duration::hours(1))?;
        if sent >= MAX_RESETS_PER_HOUR {
            return Ok(None);
        }
        let token = random_secret();
        PasswordReset::create(
            conn,
            user.id,
            &sha256_hex(&token),
            now,
            now + Duration::minutes(RESET_MINUTES),
        )?;
        // A `session.` action: asking changes no data, so no cache is emptied.
        audit::record(
            conn,
            None,
            "session.reset_requested",
            "user",
            Some(user.id),
            json!({}),
        )?;
        Ok(Some(ResetMail {
            to: user.email,
            locale: user.locale,
            token,
        }))
    })
}

/// Whether `token` is a link that still works.
pub fn usable(conn: &mut DbConn, token: &str) -> AppResult<bool> {
    let found = PasswordReset::find_usable(conn, &sha256_hex(token), crate::db::now())?;
    Ok(match found {
        Some(reset) => User::find(conn, reset.user_id)?.deleted_at.is_none(),
        None => false,
    })
}

/// Sets a new password through the link `token`: the link and any other
/// of the account stop working, every session and API token ends, and the
/// slowed-down sign-in of the account starts afresh. An unknown, used or
/// expired link is `NotFound`.
pub fn reset(conn: &mut DbConn, token: &str, new: &str, confirm: &str) -> AppResult<()> {
    let mut checker = Checker::default();
    check_password(&mut checker, "new_password", new);
    if checker.is_ok() && new != confirm {
        checker.add(
            "confirm_password",
            "password_mismatch",
            "the two passwords are not the same",
        );
    }
    // The link is checked first: a bad password on a dead link is no use.
    if !usable(conn, token)? {
        return Err(AppError::NotFound("password reset link"));
    }
    checker.finish()?;
    let hash = hash_password(new)?;
    let token_hash = sha256_hex(token);
    let key = subject_key(conn)?;
    conn.write(|conn| {
        let now = crate::db::now();
        // Read again inside the write: two uses of one link, one wins.
        let Some(reset) = PasswordReset::find_usable(conn, &token_hash, now)? else {
            return Err(AppError::NotFound("password reset link"));
        };
        let user = User::find(conn, reset.user_id)?;
        let Some(actor) = actor_of(&user) else {
            return Err(AppError::NotFound("password reset link"));
        };
        User::set_password_hash(conn, user.id, &hash, now)?;
        PasswordReset::use_all(conn, user.id, now)?;
        let sessions = Session::delete_for_user(conn, user.id)?;
        let tokens = ApiToken::delete_for_user(conn, user.id)?;
        SignInAttempt::clear(conn, &account_subject(&key, &user.email))?;
        audit::record(
            conn,
            Some(&actor),
            "user.password_reset",
            "user",
            Some(user.id),
            json!({"sessions_ended": sessions, "tokens_revoked": tokens}),
        )
    })
}
