//! Importing read entries: every practice checked by the practice form's
//! rules, then all stored in one transaction, or none.

use std::collections::HashMap;

use diesel::prelude::*;
use serde_json::json;

use super::{Entry, ImportReport, Parsed, field_at, problem};
use crate::db::DbConn;
use crate::db::organisation::Organisation;
use crate::db::practice::{Practice, PracticeFields, PracticeText};
use crate::db::schema::practices;
use crate::domain::{PracticeStatus, limits};
use crate::error::{AppError, AppResult, ErrorItem};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::practices::edit::{
    self as practice_edit, LANGUAGES, PracticeInput, TextsInput,
};

/// A practice ready to store.
struct Valid {
    fields: PracticeFields,
    texts: Vec<PracticeText>,
    tags: Vec<String>,
    sdgs: Vec<i32>,
}

const TEXT_FIELDS: [&str; 9] = [
    "lang",
    "title",
    "summary",
    "problem",
    "solution",
    "results",
    "lessons",
    "conditions",
    "how_to_use",
];

/// Renames a form error's field to its place in the file (`None`: drop it).
fn place(item: ErrorItem, at: &str, text_at: Option<&str>) -> Option<ErrorItem> {
    let name = item.field.clone().unwrap_or_default();
    let field = if TEXT_FIELDS.contains(&name.as_str()) {
        field_at(text_at?, &name)
    } else if name == "owner_organisation_id" {
        // The owner is checked by name before.
        return None;
    } else {
        field_at(at, &name)
    };
    Some(ErrorItem {
        field: Some(field),
        ..item
    })
}

fn validation_items(e: AppError) -> Vec<ErrorItem> {
    match e {
        AppError::Validation(items) => items,
        other => other.items(),
    }
}

/// Checks one practice; `slugs` holds the slugs seen so far and where.
fn check_entry(
    conn: &mut DbConn,
    orgs: &HashMap<String, i32>,
    slugs: &mut HashMap<String, String>,
    e: &Entry,
) -> AppResult<Result<Valid, Vec<ErrorItem>>> {
    let d = &e.doc;
    let at = e.at.as_str();
    let mut items = Vec::new();
    let slug = d.slug.trim().to_owned();
    if slug.is_empty() {
        items.push(problem(
            field_at(at, "slug"),
            "required",
            "slug is required",
        ));
    } else if slug.chars().count() > limits::NAME
        || slug.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        items.push(problem(
            field_at(at, "slug"),
            "invalid_format",
            format!("slug is at most {} characters without spaces", limits::NAME),
        ));
    } else if let Some(first) = slugs.get(&slug) {
        items.push(problem(
            field_at(at, "slug"),
            "duplicate",
            format!("slug {slug} is already used by {first}"),
        ));
    } else {
        slugs.insert(slug.clone(), at.to_owned());
    }
    let owner_name = d.owner_organisation.trim();
    let owner = orgs.get(owner_name).copied();
    if owner_name.is_empty() {
        items.push(problem(
            field_at(at, "owner_organisation"),
            "required",
            "owner_organisation is required",
        ));
    } else if owner.is_none() {
        items.push(problem(
            field_at(at, "owner_organisation"),
            "organisation_not_found",
            format!("no organisation is named {owner_name:?}: create it first"),
        ));
    }
    let status = PracticeStatus::parse(d.status.trim());
    if d.status.trim().is_empty() {
        items.push(problem(
            field_at(at, "status"),
            "required",
            "status is required",
        ));
    } else if status.is_none() {
        items.push(problem(
            field_at(at, "status"),
            "invalid_choice",
            "status must be draft, submitted, published or archived",
        ));
    }
    let original = d.original_language.trim().to_owned();
    let mut original_text = None;
    if original.is_empty() {
        items.push(problem(
            field_at(at, "original_language"),
            "required",
            "original_language is required",
        ));
    } else if !LANGUAGES.contains(&original.as_str()) {
        items.push(problem(
            field_at(at, "original_language"),
            "invalid_choice",
            "original_language must be en, it, es or lv",
        ));
    } else {
        original_text = d.texts.iter().position(|t| t.lang.trim() == original);
        if original_text.is_none() {
            items.push(problem(
                field_at(
                    at,
                    if d.texts.is_empty() {
                        "texts"
                    } else {
                        "original_language"
                    },
                ),
                "original_texts_missing",
                format!("the texts in the original language ({original}) are missing"),
            ));
        }
    }
    // The practice-level fields and the original texts, with the form's rules.
    let input = PracticeInput {
        owner_organisation_id: None,
        texts: original_text.map_or_else(
            || TextsInput {
                lang: "en".into(),
                ..TextsInput::default()
            },
            |k| (&d.texts[k]).into(),
        ),
        contact: d.contact.clone(),
        country: d.country.clone(),
        territory_code: d.territory_code.clone(),
        level: d.level.clone(),
        policy_area: d.policy_area.clone(),
        innovation_stage: d.innovation_stage.clone(),
        launch_year: d.launch_year,
        licence: d.licence.clone(),
        tags: d.tags.clone(),
        sdgs: d.sdgs.clone(),
        links: d.links.clone(),
    };
    let text_at = |k: usize| e.texts_at.get(k).map_or(at, String::as_str);
    let checked = match practice_edit::validate(conn, owner.unwrap_or_default(), &input) {
        Ok(v) => Some(v),
        Err(err @ AppError::Validation(_)) => {
            let original_at = original_text.map(text_at);
            items.extend(
                validation_items(err)
                    .into_iter()
                    .filter_map(|i| place(i, at, original_at)),
            );
            None
        }
        Err(other) => return Err(other),
    };
    let mut texts = Vec::new();
    for (k, t) in d.texts.iter().enumerate() {
        if Some(k) == original_text {
            continue;
        }
        let lang = t.lang.trim();
        if let Some(j) = d.texts[..k].iter().position(|o| o.lang.trim() == lang) {
            items.push(problem(
                field_at(text_at(k), "lang"),
                "duplicate",
                format!("the texts in {lang} are already given at {}", text_at(j)),
            ));
            continue;
        }
        match practice_edit::validate_texts(&t.into()) {
            Ok(text) => texts.push(text),
            Err(err) => items.extend(
                validation_items(err)
                    .into_iter()
                    .filter_map(|i| place(i, at, Some(text_at(k)))),
            ),
        }
    }
    match (checked, status) {
        (Some(v), Some(status)) if items.is_empty() => {
            texts.push(v.text);
            texts.sort_by(|a, b| a.lang.cmp(&b.lang));
            let mut fields = v.fields;
            fields.slug = slug;
            fields.status = status;
            fields.original_language = original;
            Ok(Ok(Valid {
                fields,
                texts,
                tags: v.tags,
                sdgs: v.sdgs,
            }))
        }
        _ => Ok(Err(items)),
    }
}

/// A stored practice's fields, as an import would write them (links in the
/// import's JSON form).
fn stored_fields(p: &Practice) -> PracticeFields {
    let links: Vec<String> = serde_json::from_str(&p.links).unwrap_or_default();
    PracticeFields {
        links: json!(links).to_string(),
        ..p.fields()
    }
}

/// Whether a stored practice already is as `v` says.
fn unchanged(conn: &mut DbConn, p: &Practice, v: &Valid) -> AppResult<bool> {
    if stored_fields(p) != v.fields {
        return Ok(false);
    }
    let mut texts = Practice::texts(conn, p.id)?;
    texts.sort_by(|a, b| a.lang.cmp(&b.lang));
    let mut tags = Practice::tags(conn, p.id)?;
    tags.sort();
    let mut sdgs = Practice::sdgs(conn, p.id)?;
    sdgs.sort_unstable();
    Ok(texts == v.texts && tags == v.tags && sdgs == v.sdgs)
}

/// Dates the practice's publication or submission when its status needs one it lacks.
fn stamp(conn: &mut DbConn, p: &Practice, now: chrono::NaiveDateTime) -> AppResult<()> {
    if matches!(
        p.status,
        PracticeStatus::Published | PracticeStatus::Archived
    ) && p.published_at.is_none()
    {
        diesel::update(practices::table.find(p.id))
            .set(practices::published_at.eq(Some(now)))
            .execute(conn)?;
    }
    if p.status == PracticeStatus::Submitted && p.submitted_at.is_none() {
        diesel::update(practices::table.find(p.id))
            .set(practices::submitted_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(())
}

/// Checks every practice and, when all are valid, stores them in one
/// transaction; otherwise stores nothing and returns every problem (with the
/// reading problems first). With an actor, only administrators may import;
/// without (the command line), the system imports. `progress(done, total)`
/// is called after each stored practice.
pub fn import(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    parsed: Parsed,
    progress: &mut dyn FnMut(usize, usize),
) -> AppResult<ImportReport> {
    if let Some(a) = actor {
        a.require_admin()?;
    }
    conn.write(|conn| {
        let orgs: HashMap<String, i32> = Organisation::all(conn)?
            .into_iter()
            .map(|o| (o.name, o.id))
            .collect();
        let mut problems = parsed.problems;
        let mut slugs = HashMap::new();
        let mut valid = Vec::with_capacity(parsed.entries.len());
        for e in &parsed.entries {
            match check_entry(conn, &orgs, &mut slugs, e)? {
                Ok(v) => valid.push(v),
                Err(items) => problems.extend(items),
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Validation(problems));
        }
        let mut report = ImportReport::default();
        let now = crate::db::now();
        let total = valid.len();
        for (i, v) in valid.into_iter().enumerate() {
            match Practice::find_by_slug(conn, &v.fields.slug)? {
                None => {
                    let p = Practice::create(conn, &v.fields, now)?;
                    Practice::replace_content(conn, p.id, &v.texts, &v.tags)?;
                    Practice::replace_sdgs(conn, p.id, &v.sdgs)?;
                    stamp(conn, &p, now)?;
                    report.created += 1;
                }
                Some(p) if unchanged(conn, &p, &v)? => report.unchanged += 1,
                Some(p) => {
                    Practice::update(conn, p.id, &v.fields, now)?;
                    Practice::replace_content(conn, p.id, &v.texts, &v.tags)?;
                    Practice::replace_sdgs(conn, p.id, &v.sdgs)?;
                    stamp(
                        conn,
                        &Practice {
                            status: v.fields.status,
                            ..p
                        },
                        now,
                    )?;
                    report.updated += 1;
                }
            }
            progress(i + 1, total);
        }
        audit::record(
            conn,
            actor,
            "practice.import",
            "practice",
            None,
            json!({"created": report.created, "updated": report.updated, "unchanged": report.unchanged}),
        )?;
        Ok(report)
    })
}
