//! Personal API tokens, stored hashed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::api_tokens;
use crate::domain::TokenScope;

/// A stored API token.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    /// Id.
    pub id: i32,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Owner.
    pub user_id: i32,
    /// Name chosen by the owner.
    pub name: String,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Last used at.
    pub last_used_at: Option<NaiveDateTime>,
    /// What it may do.
    pub scope: TokenScope,
    /// After this it is refused.
    pub expires_at: NaiveDateTime,
}

/// A new token.
#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    /// SHA-256 of the token.
    pub token_hash: &'a str,
    /// Owner.
    pub user_id: i32,
    /// Name.
    pub name: &'a str,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// What it may do.
    pub scope: TokenScope,
    /// After this it is refused.
    pub expires_at: NaiveDateTime,
}

impl ApiToken {
    /// Stores a token and returns it.
    pub fn create(conn: &mut DbConn, new: &NewApiToken<'_>) -> QueryResult<Self> {
        diesel::insert_into(api_tokens::table)
            .values(new)
            .get_result::<Self>(conn)
    }

    /// A token by hash, unless it has expired.
    pub fn find_live(
        conn: &mut DbConn,
        hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<Self>> {
        api_tokens::table
            .filter(api_tokens::token_hash.eq(hash))
            .filter(api_tokens::expires_at.gt(now))
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// Tokens of a user (for the data export).
    pub fn for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<Self>> {
        api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .order(api_tokens::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Records a use.
    pub fn touch(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(Some(at)))
            .execute(conn)
    }

    /// Deletes one token of a user (revocation); 0 when it is not theirs.
    pub fn delete_of_user(conn: &mut DbConn, id: i32, user_id: i32) -> QueryResult<usize> {
        diesel::delete(
            api_tokens::table
                .filter(api_tokens::id.eq(id))
                .filter(api_tokens::user_id.eq(user_id)),
        )
        .execute(conn)
    }

    /// Deletes every token of a user.
    pub fn delete_for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<usize> {
        diesel::delete(api_tokens::table.filter(api_tokens::user_id.eq(user_id))).execute(conn)
    }
}
