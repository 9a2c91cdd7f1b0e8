//! Users and their accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::{EmailFrequency, Role};

use super::DbConn;
use super::schema::users;

/// A stored user.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    /// Id.
    pub id: i32,
    /// Email (lower case), unique.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// argon2id PHC string ("" when the account is deleted).
    pub password_hash: String,
    /// Organisation on whose behalf the user acts.
    pub organisation_id: Option<i32>,
    /// Role (`Role`).
    pub role: Role,
    /// Preferred locale.
    pub locale: Option<String>,
    /// Consented profile: age band.
    pub age_band: Option<String>,
    /// Consented profile: gender.
    pub gender: Option<String>,
    /// Consented profile: territory.
    pub territory_code: Option<String>,
    /// Set when the account was deleted (content stays, shown as by a former participant).
    pub deleted_at: Option<NaiveDateTime>,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
    /// How often notifications go out by e-mail.
    pub email_frequency: EmailFrequency,
    /// The secret of the one-click unsubscribe link (made with the first e-mail).
    pub unsubscribe_token: Option<String>,
    /// When the last daily digest went out.
    pub digest_sent_at: Option<NaiveDateTime>,
}

/// A new user.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Email.
    pub email: &'a str,
    /// Display name.
    pub display_name: &'a str,
    /// Password hash.
    pub password_hash: &'a str,
    /// Organisation.
    pub organisation_id: Option<i32>,
    /// Role.
    pub role: Role,
    /// Locale.
    pub locale: Option<&'a str>,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
}

/// Administrative changes to a user.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub struct UserChanges<'a> {
    /// Email.
    pub email: &'a str,
    /// Display name.
    pub display_name: &'a str,
    /// Organisation.
    pub organisation_id: Option<i32>,
    /// Role.
    pub role: Role,
    /// Updated at.
    pub updated_at: NaiveDateTime,
}

impl User {
    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        users::table.find(id).select(Self::as_select()).first(conn)
    }

    /// Finds an active (not deleted) user by email.
    pub fn find_active_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<Self>> {
        users::table
            .filter(users::email.eq(email))
            .filter(users::deleted_at.is_null())
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// A page of users ordered by name, and the total.
    pub fn list(conn: &mut DbConn, offset: i64, limit: i64) -> QueryResult<(Vec<Self>, i64)> {
        let total = users::table.count().get_result(conn)?;
        let rows = users::table
            .order((users::display_name.asc(), users::id.asc()))
            .offset(offset)
            .limit(limit)
            .select(Self::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    /// Display names of these users: (id, name).
    pub fn display_names(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<(i32, String)>> {
        super::in_chunks(ids, |chunk| {
            users::table
                .filter(users::id.eq_any(chunk))
                .select((users::id, users::display_name))
                .load(conn)
        })
    }

    /// Active (not deleted) members of these organisations.
    pub fn of_organisations(conn: &mut DbConn, orgs: &[i32]) -> QueryResult<Vec<Self>> {
        users::table
            .filter(users::organisation_id.eq_any(orgs))
            .filter(users::deleted_at.is_null())
            .order(users::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Ids of an organisation's members whose accounts are not deleted.
    pub fn members_of(conn: &mut DbConn, organisation: i32) -> QueryResult<Vec<i32>> {
        users::table
            .filter(users::organisation_id.eq(organisation))
            .filter(users::deleted_at.is_null())
            .select(users::id)
            .load(conn)
    }

    /// Number of users.
    pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
        users::table.count().get_result(conn)
    }

    /// Number of accounts, not deleted, with one of these e-mail addresses.
    pub fn count_with_emails(conn: &mut DbConn, emails: &[&str]) -> QueryResult<i64> {
        users::table
            .filter(users::email.eq_any(emails))
            .filter(users::deleted_at.is_null())
            .count()
            .get_result(conn)
    }

    /// Inserts and returns the new row.
    pub fn create(conn: &mut DbConn, new: &NewUser<'_>) -> QueryResult<Self> {
        diesel::insert_into(users::table)
            .values(new)
            .get_result::<Self>(conn)
    }

    /// Applies administrative changes.
    pub fn update(conn: &mut DbConn, id: i32, changes: &UserChanges<'_>) -> QueryResult<Self> {
        diesel::update(users::table.find(id))
            .set(changes)
            .get_result::<Self>(conn)
    }

    /// Replaces the password hash.
    pub fn set_password_hash(
        conn: &mut DbConn,
        id: i32,
        hash: &str,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((users::password_hash.eq(hash), users::updated_at.eq(at)))
            .execute(conn)
    }

    /// Sets the preferred locale.
    pub fn set_locale(conn: &mut DbConn, id: i32, locale: &str) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set(users::locale.eq(locale))
            .execute(conn)
    }

    /// Sets how often notifications go out by e-mail.
    pub fn set_email_frequency(
        conn: &mut DbConn,
        id: i32,
        frequency: EmailFrequency,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((
                users::email_frequency.eq(frequency),
                users::updated_at.eq(at),
            ))
            .execute(conn)
    }

    /// The living account an unsubscribe link's secret belongs to.
    pub fn by_unsubscribe_token(conn: &mut DbConn, token: &str) -> QueryResult<Option<Self>> {
        users::table
            .filter(users::unsubscribe_token.eq(token))
            .filter(users::deleted_at.is_null())
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// Removes personal data, keeping the row so content stays attributed to
    /// "a former participant": no organisation, and the least role.
    pub fn anonymise(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((
                users::email.eq(format!("deleted-{id}@invalid")),
                users::display_name.eq(""),
                users::password_hash.eq(""),
                users::locale.eq(None::<String>),
                users::age_band.eq(None::<String>),
                users::gender.eq(None::<String>),
                users::territory_code.eq(None::<String>),
                users::organisation_id.eq(None::<i32>),
                users::role.eq(Role::Citizen),
                users::email_frequency.eq(EmailFrequency::Never),
                users::unsubscribe_token.eq(None::<String>),
                users::deleted_at.eq(Some(at)),
                users::updated_at.eq(at),
            ))
            .execute(conn)
    }
}
