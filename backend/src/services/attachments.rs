//! Files attached to a plan or one of its nodes: who may see, add, rename
//! and remove them (the rights of the plan they belong to), and which files
//! are accepted, judged by their content rather than their name.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::attachment::{Attachment, NewAttachment};
use crate::domain::limits;
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::accounts::organisations::not_found;
use crate::services::practices::edit::LANGUAGES;
use crate::services::validate::Checker;
use crate::services::{Actor, consultations, plans, practices};

/// What a file is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent {
    /// A plan.
    Plan(i32),
    /// An area, objective or action of a plan.
    Node(i32),
    /// A good practice of the catalogue.
    Practice(i32),
    /// A consultation on a plan.
    Consultation(i32),
}

impl Parent {
    fn kind(self) -> &'static str {
        match self {
            Parent::Plan(_) => "plan",
            Parent::Node(_) => "node",
            Parent::Practice(_) => "practice",
            Parent::Consultation(_) => "consultation",
        }
    }

    /// The entity its audit events name, so that kept plan pages see the change.
    fn entity(self) -> &'static str {
        match self {
            Parent::Plan(_) => "plan",
            Parent::Node(_) => "plan_node",
            Parent::Practice(_) => "practice",
            Parent::Consultation(_) => "consultation",
        }
    }

    fn id(self) -> i32 {
        match self {
            Parent::Plan(id)
            | Parent::Node(id)
            | Parent::Practice(id)
            | Parent::Consultation(id) => id,
        }
    }

    /// The parent a stored file names.
    pub fn of(a: &Attachment) -> Parent {
        match a.parent_kind.as_str() {
            "plan" => Parent::Plan(a.parent_id),
            "practice" => Parent::Practice(a.parent_id),
            "consultation" => Parent::Consultation(a.parent_id),
            _ => Parent::Node(a.parent_id),
        }
    }

    /// Refuses unless the actor may read the parent (404, so drafts do not leak).
    pub fn check_read(self, conn: &mut DbConn, actor: Option<&Actor>) -> AppResult<()> {
        match self {
            Parent::Plan(id) => plans::find(conn, actor, id).map(|_| ()),
            Parent::Node(id) => plans::nodes::find(conn, actor, id).map(|_| ()),
            Parent::Practice(id) => practices::readable(conn, actor, id).map(|_| ()),
            Parent::Consultation(id) => consultations::find(conn, actor, id).map(|_| ()),
        }
    }

    /// Refuses unless the actor may change the parent's files: the editors of
    /// the plan (of a plan, node or consultation); for a practice, those who
    /// may change its content (its organisation while a draft, administrators),
    /// since a published practice changes only through review.
    pub fn check_edit(self, conn: &mut DbConn, actor: &Actor) -> AppResult<()> {
        let plan = match self {
            Parent::Plan(id) => plans::find(conn, Some(actor), id)?.id,
            Parent::Node(id) => plans::nodes::find(conn, Some(actor), id)?.plan_id,
            Parent::Consultation(id) => consultations::find(conn, Some(actor), id)?.plan_id,
            Parent::Practice(id) => {
                let p = practices::readable(conn, Some(actor), id)?;
                return if practices::edit::can_edit(Some(actor), &p) {
                    Ok(())
                } else {
                    Err(AppError::Forbidden)
                };
            }
        };
        plans::find_editable(conn, actor, plan).map(|_| ())
    }
}

/// A file's kinds the platform accepts: media type, the names it may end
/// with, and its short name for people.
const KINDS: [(&str, &[&str], &str); 10] = [
    ("application/pdf", &["pdf"], "PDF"),
    ("image/png", &["png"], "PNG"),
    ("image/jpeg", &["jpg", "jpeg"], "JPEG"),
    ("image/webp", &["webp"], "WebP"),
    ("application/vnd.oasis.opendocument.text", &["odt"], "ODT"),
    (
        "application/vnd.oasis.opendocument.spreadsheet",
        &["ods"],
        "ODS",
    ),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &["docx"],
        "DOCX",
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &["xlsx"],
        "XLSX",
    ),
    ("text/csv", &["csv"], "CSV"),
    ("text/plain", &["txt"], "TXT"),
];

/// The short name of a media type for people ("PDF"), or the type itself.
pub fn kind_label(media_type: &str) -> &str {
    KINDS
        .iter()
        .find(|k| k.0 == media_type)
        .map_or(media_type, |k| k.2)
}

/// The media type of the file at `path` named `file_name`, read from its
/// content: `None` unless the content is one of the accepted kinds and the
/// name's ending says the same (an HTML page named `.pdf` is refused).
pub fn detect(path: &Path, file_name: &str) -> std::io::Result<Option<&'static str>> {
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)?.read(&mut head)?;
    let head = &head[..n];
    let found = if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        Some("image/webp")
    } else if head.starts_with(b"PK\x03\x04") {
        office(path)
    } else {
        text(path, file_name)?
    };
    let ending = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    Ok(found.filter(|t| {
        KINDS
            .iter()
            .any(|k| k.0 == *t && k.1.contains(&ending.as_str()))
    }))
}

/// An OpenDocument file names its type in a first entry `mimetype`; an
/// Office Open XML one has its main part at a known place.
fn office(path: &Path) -> Option<&'static str> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let mut mimetype = String::new();
    if let Ok(mut entry) = zip.by_name("mimetype") {
        entry
            .by_ref()
            .take(100)
            .read_to_string(&mut mimetype)
            .ok()?;
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => return Some(KINDS[4].0),
        "application/vnd.oasis.opendocument.spreadsheet" => return Some(KINDS[5].0),
        _ => {}
    }
    if zip.by_name("word/document.xml").is_ok() {
        Some(KINDS[6].0)
    } else if zip.by_name("xl/workbook.xml").is_ok() {
        Some(KINDS[7].0)
    } else {
        None
    }
}

/// Plain text or CSV: UTF-8 without control characters, and not markup
/// (HTML or SVG would run as a page if a browser ever rendered it).
fn text(path: &Path, file_name: &str) -> std::io::Result<Option<&'static str>> {
    let bytes = std::fs::read(path)?;
    let Ok(s) = std::str::from_utf8(&bytes) else {
        return Ok(None);
    };
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let control = s
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    if s.is_empty() || control || s.trim_start().starts_with('<') {
        return Ok(None);
    }
    Ok(Some(if file_name.to_ascii_lowercase().ends_with(".csv") {
        "text/csv"
    } else {
        "text/plain"
    }))
}

/// A stored file as pages and the API show it; `api` gives the download
/// address that takes an API token, else the page's.
pub fn view(a: &Attachment, api: bool) -> pspm_frontend::model::AttachmentView {
    pspm_frontend::model::AttachmentView {
        id: a.id,
        title: a.title.clone(),
        lang: a.lang.clone(),
        file_name: a.file_name.clone(),
        media_type: a.media_type.clone(),
        kind: kind_label(&a.media_type).to_owned(),
        size_bytes: a.size_bytes,
        sha256: a.sha256.clone(),
        url: if api {
            format!("/api/v1/attachments/{}/content", a.id)
        } else {
            format!("/attachments/{}", a.id)
        },
        created_at: a.created_at,
    }
}

/// The files of one parent the caller may already read, for its page.
pub fn of_parent(
    conn: &mut DbConn,
    parent: Parent,
) -> AppResult<Vec<pspm_frontend::model::AttachmentView>> {
    Ok(Attachment::of(conn, parent.kind(), &[parent.id()])?
        .iter()
        .map(|a| view(a, false))
        .collect())
}

/// The files of the given nodes, by node, for the plan's tree.
pub fn of_nodes(
    conn: &mut DbConn,
    nodes: &[i32],
) -> AppResult<std::collections::HashMap<i32, Vec<pspm_frontend::model::AttachmentView>>> {
    let mut out: std::collections::HashMap<i32, Vec<_>> = std::collections::HashMap::new();
    for a in Attachment::of(conn, "node", nodes)? {
        out.entry(a.parent_id).or_default().push(view(&a, false));
    }
    Ok(out)
}

/// A title and a language for a file.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, PartialEq)]
pub struct AttachmentInput {
    /// Title shown instead of the file name.
    #[schema(pattern = "pspm:text", max_length = 200)]
    pub title: String,
    /// Language of the document: `it`, `en`, `es` or `lv`.
    #[schema(pattern = "^(it|en|es|lv)$")]
    pub lang: String,
}

fn check(c: &mut Checker, input: &AttachmentInput) -> (String, String) {
    let title = c.text("title", &input.title, limits::NAME);
    let lang = input.lang.trim().to_owned();
    if lang.is_empty() {
        c.add("lang", "required", "lang is required");
    } else if !LANGUAGES.contains(&lang.as_str()) {
        c.add("lang", "invalid_choice", "lang must be it, en, es or lv");
    }
    (title, lang)
}

/// A file received and kept aside while its request is handled.
#[derive(Debug)]
pub struct Received {
    /// The name it came with (the last part of any path).
    pub file_name: String,
    /// Where it waits.
    pub path: std::path::PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, hexadecimal.
    pub sha256: String,
}

/// Why a file did not arrive whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// No file was chosen.
    None,
    /// The file was larger than the limit (in megabytes).
    TooLarge(u64),
}

/// Stores a file on `parent` after checking the actor's rights, the title,
/// the language and the content; nothing is stored when anything is wrong.
pub fn add(
    conn: &mut DbConn,
    actor: &Actor,
    parent: Parent,
    input: &AttachmentInput,
    file: Result<&Received, Missing>,
) -> AppResult<Attachment> {
    parent.check_edit(conn, actor)?;
    let mut c = Checker::default();
    let (title, lang) = check(&mut c, input);
    let media_type = match file {
        Err(Missing::None) => {
            c.add("file", "file_missing", "choose a file");
            None
        }
        Err(Missing::TooLarge(mb)) => {
            c.add(
                "file",
                "file_too_large",
                format!("files are limited to {mb} MB"),
            );
            None
        }
        Ok(f) if f.size == 0 => {
            c.add("file", "file_empty", "the file is empty");
            None
        }
        Ok(f) => {
            let t = detect(&f.path, &f.file_name)
                .map_err(|e| AppError::Internal(format!("reading an upload: {e}")))?;
            if t.is_none() {
                c.add(
                    "file",
                    "file_type",
                    "accepted: PDF, PNG, JPEG, WebP, ODT, ODS, DOCX, XLSX, CSV, TXT, named as their content",
                );
            }
            t
        }
    };
    c.finish()?;
    let (Ok(f), Some(media_type)) = (file, media_type) else {
        return Err(AppError::Internal("a checked upload without a file".into()));
    };
    let content = std::fs::read(&f.path)
        .map_err(|e| AppError::Internal(format!("reading an upload: {e}")))?;
    conn.write(|conn| {
        parent.check_edit(conn, actor)?;
        let now = crate::db::now();
        let a = Attachment::create(
            conn,
            &NewAttachment {
                parent_kind: parent.kind(),
                parent_id: parent.id(),
                title: &title,
                lang: &lang,
                file_name: &f.file_name,
                media_type,
                size_bytes: content.len() as i64,
                sha256: &f.sha256,
                content: &content,
                uploaded_by: actor.user_id,
                created_at: now,
                updated_at: now,
            },
        )?;
        audit::record(
            conn,
            Some(actor),
            "attachment.create",
            parent.entity(),
            Some(parent.id()),
            json!({"attachment_id": a.id, "title": a.title, "media_type": a.media_type, "size_bytes": a.size_bytes, "sha256": a.sha256}),
        )?;
        Ok(a)
    })
}

/// The files of a parent the actor may read.
pub fn list(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    parent: Parent,
) -> AppResult<Vec<Attachment>> {
    parent.check_read(conn, actor)?;
    Ok(Attachment::of(conn, parent.kind(), &[parent.id()])?)
}

/// A file the actor may read (404 otherwise, as its parent would be).
pub fn find(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<Attachment> {
    let a = Attachment::find(conn, id).map_err(|e| not_found(e, "attachment"))?;
    Parent::of(&a)
        .check_read(conn, actor)
        .map_err(|_| AppError::NotFound("attachment"))?;
    Ok(a)
}

/// A file and its bytes, for download.
pub fn content(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
) -> AppResult<(Attachment, Vec<u8>)> {
    let a = find(conn, actor, id)?;
    let bytes = Attachment::content(conn, id)?;
    Ok((a, bytes))
}

/// Changes a file's title and language.
pub fn describe(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &AttachmentInput,
) -> AppResult<Attachment> {
    conn.write(|conn| {
        let a = find(conn, Some(actor), id)?;
        Parent::of(&a).check_edit(conn, actor)?;
        let mut c = Checker::default();
        let (title, lang) = check(&mut c, input);
        c.finish()?;
        Attachment::describe(conn, id, &title, &lang, crate::db::now())?;
        audit::record(
            conn,
            Some(actor),
            "attachment.update",
            Parent::of(&a).entity(),
            Some(a.parent_id),
            json!({"attachment_id": id, "title": {"from": a.title, "to": title}, "lang": {"from": a.lang, "to": lang}}),
        )?;
        Ok(Attachment::find(conn, id)?)
    })
}

/// Removes a file.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: i32) -> AppResult<Attachment> {
    conn.write(|conn| {
        let a = find(conn, Some(actor), id)?;
        Parent::of(&a).check_edit(conn, actor)?;
        Attachment::delete(conn, id)?;
        audit::record(
            conn,
            Some(actor),
            "attachment.delete",
            Parent::of(&a).entity(),
            Some(a.parent_id),
            json!({"attachment_id": id, "title": a.title, "sha256": a.sha256}),
        )?;
        Ok(a)
    })
}

#[cfg(test)]
mod tests {
    use super::detect;

    fn detected(bytes: &[u8], name: &str) -> Option<&'static str> {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), bytes).unwrap();
        detect(f.path(), name).unwrap()
    }

    #[test]
    fn files_are_judged_by_their_content_and_named_as_it() {
        assert_eq!(
            detected(b"%PDF-1.7\n...", "Report.PDF"),
            Some("application/pdf")
        );
        assert_eq!(
            detected(b"\x89PNG\r\n\x1a\n....", "chart.png"),
            Some("image/png")
        );
        assert_eq!(
            detected(b"\xff\xd8\xff\xe0..", "photo.jpeg"),
            Some("image/jpeg")
        );
        assert_eq!(
            detected(b"RIFF\x10\0\0\0WEBPVP8 ", "a.webp"),
            Some("image/webp")
        );
        assert_eq!(
            detected(b"code;title\nA1;Servizi\n", "nodes.csv"),
            Some("text/csv")
        );
        assert_eq!(
            detected("Verbale – riunione".as_bytes(), "notes.txt"),
            Some("text/plain")
        );
        // Disguised or dangerous.
        assert_eq!(detected(b"<!doctype html><script>", "report.pdf"), None);
        assert_eq!(detected(b"  <svg onload=alert(1)>", "notes.txt"), None);
        assert_eq!(detected(b"%PDF-1.7", "report.html"), None);
        assert_eq!(detected(b"\x89PNG\r\n\x1a\n", "report.pdf"), None);
        assert_eq!(detected(b"MZ\x90\0\x03", "setup.txt"), None);
        assert_eq!(detected(b"PK\x03\x04 not a zip", "a.docx"), None);
    }

    #[test]
    fn office_files_are_told_apart_by_what_the_archive_holds() {
        use std::io::Write;
        let zipped = |entries: &[(&str, &str)]| {
            let mut out = std::io::Cursor::new(Vec::new());
            let mut z = zip::ZipWriter::new(&mut out);
            for (name, body) in entries {
                z.start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                z.write_all(body.as_bytes()).unwrap();
            }
            z.finish().unwrap();
            out.into_inner()
        };
        let odt = zipped(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", "<x/>"),
        ]);
        assert_eq!(
            detected(&odt, "piano.odt"),
            Some("application/vnd.oasis.opendocument.text")
        );
        assert_eq!(detected(&odt, "piano.docx"), None);
        let xlsx = zipped(&[("[Content_Types].xml", "<x/>"), ("xl/workbook.xml", "<x/>")]);
        assert_eq!(
            detected(&xlsx, "dati.xlsx"),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        let other = zipped(&[("index.html", "<html>")]);
        assert_eq!(detected(&other, "a.docx"), None);
    }
}
