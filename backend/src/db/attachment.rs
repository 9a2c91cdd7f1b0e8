//! Files attached to a plan or a node: their description, and their content
//! read apart so that listing them never loads the bytes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::attachments;

/// A stored file's description (everything but the content).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct Attachment {
    /// Id.
    pub id: i32,
    /// `plan` or `node`.
    pub parent_kind: String,
    /// The plan's or node's id.
    pub parent_id: i32,
    /// Title shown instead of the file name.
    pub title: String,
    /// Language of the document.
    pub lang: String,
    /// The name it was uploaded with.
    pub file_name: String,
    /// Media type detected from the content.
    pub media_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content, hexadecimal.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: i32,
    /// Uploaded.
    pub created_at: NaiveDateTime,
    /// Last renamed.
    pub updated_at: NaiveDateTime,
}

/// A file to store.
#[derive(Debug, Insertable)]
#[diesel(table_name = attachments)]
pub struct NewAttachment<'a> {
    /// `plan` or `node`.
    pub parent_kind: &'a str,
    /// The plan's or node's id.
    pub parent_id: i32,
    /// Title.
    pub title: &'a str,
    /// Language.
    pub lang: &'a str,
    /// File name.
    pub file_name: &'a str,
    /// Detected media type.
    pub media_type: &'a str,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256, hexadecimal.
    pub sha256: &'a str,
    /// The bytes.
    pub content: &'a [u8],
    /// Uploader.
    pub uploaded_by: i32,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub updated_at: NaiveDateTime,
}

impl Attachment {
    /// Stores a file.
    pub fn create(conn: &mut DbConn, new: &NewAttachment<'_>) -> QueryResult<Self> {
        let id = diesel::insert_into(attachments::table)
            .values(new)
            .returning(attachments::id)
            .get_result::<i32>(conn)?;
        Self::find(conn, id)
    }

    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        attachments::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// The files of the given parents of one kind, oldest first.
    pub fn of(conn: &mut DbConn, kind: &str, parents: &[i32]) -> QueryResult<Vec<Self>> {
        attachments::table
            .filter(attachments::parent_kind.eq(kind))
            .filter(attachments::parent_id.eq_any(parents.to_vec()))
            .order(attachments::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// The files one person uploaded.
    pub fn uploaded_by(conn: &mut DbConn, user: i32) -> QueryResult<Vec<Self>> {
        attachments::table
            .filter(attachments::uploaded_by.eq(user))
            .order(attachments::id.asc())
            .select(Self::as_select())
            .load(conn)
    }

    /// The bytes of a file.
    pub fn content(conn: &mut DbConn, id: i32) -> QueryResult<Vec<u8>> {
        attachments::table
            .find(id)
            .select(attachments::content)
            .first(conn)
    }

    /// Changes the title and language.
    pub fn describe(
        conn: &mut DbConn,
        id: i32,
        title: &str,
        lang: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(attachments::table.find(id))
            .set((
                attachments::title.eq(title),
                attachments::lang.eq(lang),
                attachments::updated_at.eq(now),
            ))
            .execute(conn)
    }

    /// Removes a file.
    pub fn delete(conn: &mut DbConn, id: i32) -> QueryResult<usize> {
        diesel::delete(attachments::table.find(id)).execute(conn)
    }

    /// Removes the files of the given parents of one kind (deleted with them).
    pub fn delete_of(conn: &mut DbConn, kind: &str, parents: &[i32]) -> QueryResult<usize> {
        diesel::delete(
            attachments::table
                .filter(attachments::parent_kind.eq(kind))
                .filter(attachments::parent_id.eq_any(parents.to_vec())),
        )
        .execute(conn)
    }
}
