//! Organisations: public bodies and other actors.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::{OrgKind, OrgLevel};

use super::DbConn;
use super::schema::organisations;

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Kind (`OrgKind`).
    pub kind: OrgKind,
    /// Level (`OrgLevel`).
    pub level: OrgLevel,
    /// ISTAT/NUTS territory code.
    pub territory_code: Option<String>,
    /// Parent organisation.
    pub parent_id: Option<i32>,
    /// Created at (UTC).
    pub created_at: NaiveDateTime,
    /// Updated at (UTC).
    pub updated_at: NaiveDateTime,
    /// The time zone it works in (IANA name).
    pub time_zone: String,
}

/// A new organisation.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = organisations)]
pub struct NewOrganisation<'a> {
    /// Name.
    pub name: &'a str,
    /// Kind.
    pub kind: OrgKind,
    /// Level.
    pub level: OrgLevel,
    /// Territory code.
    pub territory_code: Option<&'a str>,
    /// Parent.
    pub parent_id: Option<i32>,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
    /// Time zone (`None`: the database's default, Europe/Rome).
    pub time_zone: Option<&'a str>,
}

/// Changes to an organisation (every field is written).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true)]
pub struct OrganisationChanges<'a> {
    /// Name.
    pub name: &'a str,
    /// Kind.
    pub kind: OrgKind,
    /// Level.
    pub level: OrgLevel,
    /// Territory code.
    pub territory_code: Option<&'a str>,
    /// Parent.
    pub parent_id: Option<i32>,
    /// Updated at.
    pub updated_at: NaiveDateTime,
    /// Time zone.
    pub time_zone: &'a str,
}

impl Organisation {
    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        organisations::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// A page of organisations ordered by name, and the total count.
    pub fn list(conn: &mut DbConn, offset: i64, limit: i64) -> QueryResult<(Vec<Self>, i64)> {
        let total = organisations::table.count().get_result(conn)?;
        let rows = organisations::table
            .order((organisations::name.asc(), organisations::id.asc()))
            .offset(offset)
            .limit(limit)
            .select(Self::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    /// Every organisation ordered by name (for pickers).
    pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Self>> {
        organisations::table
            .order(organisations::name.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// Inserts and returns the new row.
    pub fn create(conn: &mut DbConn, new: &NewOrganisation<'_>) -> QueryResult<Self> {
        diesel::insert_into(organisations::table)
            .values(new)
            .get_result::<Self>(conn)
    }

    /// Updates and returns the row.
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        changes: &OrganisationChanges<'_>,
    ) -> QueryResult<Self> {
        diesel::update(organisations::table.find(id))
            .set(changes)
            .get_result::<Self>(conn)
    }

    /// Ancestors' ids, nearest first (to refuse cycles).
    pub fn ancestor_ids(conn: &mut DbConn, id: i32) -> QueryResult<Vec<i32>> {
        let mut out = Vec::new();
        let mut current = Self::find(conn, id)?.parent_id;
        while let Some(p) = current {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            current = Self::find(conn, p)?.parent_id;
        }
        Ok(out)
    }
}
