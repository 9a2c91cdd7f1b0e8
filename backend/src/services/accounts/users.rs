//! User administration: administrators list, create and edit users.

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::api_token::ApiToken;
use crate::db::organisation::Organisation;
use crate::db::session::Session;
use crate::db::user::{NewUser, User, UserChanges};
use crate::domain::{Role, limits};
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::accounts::auth;
use crate::services::accounts::organisations::not_found;
use crate::services::validate::Checker;
use crate::services::{Actor, Paging};

/// Fields of a user as entered by an administrator.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct UserInput {
    /// Email (unique; stored lower-case).
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// Display name.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub display_name: String,
    /// Organisation id.
    #[serde(default)]
    pub organisation_id: Option<i32>,
    /// Role: admin, planner, member, evaluator, citizen.
    #[schema(value_type = crate::domain::Role)]
    pub role: String,
    /// Initial password (required on creation, at least 10 characters; on edit, empty keeps it).
    #[serde(default)]
    #[schema(min_length = 10)]
    pub password: Option<String>,
}

struct Valid {
    email: String,
    display_name: String,
    organisation_id: Option<i32>,
    role: Role,
    password: Option<String>,
}

fn validate(conn: &mut DbConn, input: &UserInput, creating: bool) -> AppResult<Valid> {
    let mut c = Checker::default();
    let email = c.email("email", &input.email);
    let display_name = c.text("display_name", &input.display_name, limits::NAME);
    let role = c.choice("role", &input.role, Role::parse);
    if let Some(org) = input.organisation_id {
        match Organisation::find(conn, org) {
            Err(diesel::result::Error::NotFound) => c.add(
                "organisation_id",
                "organisation_not_found",
                "organisation_id is not a known organisation",
            ),
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
    }
    let password = input.password.clone().filter(|p| !p.is_empty());
    match &password {
        Some(p) => auth::check_password(&mut c, "password", p),
        None if creating => c.add("password", "required", "password is required"),
        None => {}
    }
    c.finish()?;
    Ok(Valid {
        email,
        display_name,
        organisation_id: input.organisation_id,
        role: role.ok_or(AppError::Internal("role checked".into()))?,
        password,
    })
}

fn email_taken(e: AppError) -> AppError {
    match e {
        AppError::Conflict {
            code: "already_exists",
            ..
        } => AppError::Conflict {
            code: "email_taken",
            detail: "A user with this email already exists.".into(),
            field: Some("email"),
        },
        other => other,
    }
}

/// A page of users (administrators).
pub fn list(conn: &mut DbConn, actor: &Actor, paging: Paging) -> AppResult<(Vec<User>, i64)> {
    actor.require_admin()?;
    Ok(User::list(conn, paging.offset(), paging.per_page)?)
}

/// One user (administrators, or the user themself).
pub fn find(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<User> {
    if !actor.is_admin() && actor.user_id != id {
        return Err(AppError::Forbidden);
    }
    User::find(conn, id).map_err(|e| not_found(e, "user"))
}

/// Creates a user (administrators).
pub fn create(conn: &mut DbConn, actor: &Actor, input: &UserInput) -> AppResult<User> {
    actor.require_admin()?;
    insert(conn, Some(actor), input)
}

/// Creates a user without an acting administrator (CLI and demo data).
pub fn create_system(conn: &mut DbConn, input: &UserInput) -> AppResult<User> {
    insert(conn, None, input)
}

fn insert(conn: &mut DbConn, actor: Option<&Actor>, input: &UserInput) -> AppResult<User> {
    let v = conn.write(|conn| validate(conn, input, true))?;
    // Hashing is slow by design: outside the transaction.
    let hash = auth::hash_password(v.password.as_deref().unwrap_or_default())?;
    conn.write(|conn| {
        let now = crate::db::now();
        let user = User::create(
            conn,
            &NewUser {
                email: &v.email,
                display_name: &v.display_name,
                password_hash: &hash,
                organisation_id: v.organisation_id,
                role: v.role,
                locale: None,
                created_at: now,
                updated_at: now,
            },
        )
        .map_err(|e| email_taken(e.into()))?;
        let mut changes = json!({"role": user.role, "organisation_id": user.organisation_id});
        if actor.is_none() {
            changes["by"] = json!("system");
        }
        audit::record(conn, actor, "user.create", "user", Some(user.id), changes)?;
        Ok(user)
    })
}

/// Updates a user (administrators). An empty password keeps the current one.
pub fn update(conn: &mut DbConn, actor: &Actor, id: i32, input: &UserInput) -> AppResult<User> {
    actor.require_admin()?;
    let (before, v) = conn.write(|conn| {
        let before = User::find(conn, id).map_err(|e| not_found(e, "user"))?;
        if before.deleted_at.is_some() {
            return Err(AppError::Conflict {
                code: "user_deleted",
                detail: "This account was deleted and cannot be edited.".into(),
                field: None,
            });
        }
        Ok((before, validate(conn, input, false)?))
    })?;
    if id == actor.user_id && v.role != Role::Admin {
        return Err(AppError::field(
            "role",
            "cannot_demote_self",
            "you cannot remove your own administrator role",
        ));
    }
    let hash = v.password.as_deref().map(auth::hash_password).transpose()?;
    conn.write(|conn| {
        let now = crate::db::now();
        let user = User::update(
            conn,
            id,
            &UserChanges {
                email: &v.email,
                display_name: &v.display_name,
                organisation_id: v.organisation_id,
                role: v.role,
                updated_at: now,
            },
        )
        .map_err(|e| email_taken(e.into()))?;
        // A password set by an administrator (a reset, or an account thought
        // taken over) ends every session and token the old one opened.
        let mut ended = (0, 0);
        if let Some(hash) = &hash {
            User::set_password_hash(conn, id, hash, now)?;
            ended = (
                Session::delete_for_user(conn, id)?,
                ApiToken::delete_for_user(conn, id)?,
            );
        }
        let mut changes = audit::diff(
            &[
                ("email", json!(before.email), json!(user.email)),
                (
                    "display_name",
                    json!(before.display_name),
                    json!(user.display_name),
                ),
                (
                    "organisation_id",
                    json!(before.organisation_id),
                    json!(user.organisation_id),
                ),
                ("role", json!(before.role), json!(user.role)),
            ],
            &["email", "display_name"],
        );
        if hash.is_some() {
            changes["password"] =
                json!({"changed": true, "sessions_ended": ended.0, "tokens_revoked": ended.1});
        }
        audit::record(conn, Some(actor), "user.update", "user", Some(id), changes)?;
        Ok(user)
    })
}
