//! Writing good practices: a member of a public body drafts a practice for its
//! organisation and submits it; an administrator publishes it or sends it back
//! with a comment; published practices can be archived (and restored).
//! Drafts and submissions are visible to the owner organisation and administrators.

use chrono::Datelike;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::organisation::Organisation;
use crate::db::practice::{Practice, PracticeFields, PracticeText};
use crate::db::schema::practices;
use crate::domain::{InnovationStage, OrgLevel, PolicyArea, PracticeStatus, limits};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::audit;
use crate::services::practices::{can_manage, readable};
use crate::services::validate::Checker;

mod review;
mod text_changes;

pub use pspm_frontend::model::PracticeRow;
pub use review::{TransitionInput, archived, of_organisation, review_queue, transition};
pub use text_changes::{
    TextOutcome, pending_texts, put_translation, review_text, text_changes_queue,
};

/// Languages practice texts can be written in.
pub const LANGUAGES: [&str; 4] = ["en", "it", "es", "lv"];

/// The texts of a practice in one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(default)]
pub struct TextsInput {
    /// Language: en, it, es or lv.
    #[schema(pattern = "^(en|it|es|lv)$", required = true)]
    pub lang: String,
    /// Title (required, at most 200 characters).
    #[schema(pattern = "pspm:text", max_length = 200, required = true)]
    pub title: String,
    /// Summary (required).
    #[schema(pattern = "pspm:text", max_length = 5000, required = true)]
    pub summary: String,
    /// Problem addressed (required).
    #[schema(pattern = "pspm:text", max_length = 5000, required = true)]
    pub problem: String,
    /// Solution (required).
    #[schema(pattern = "pspm:text", max_length = 5000, required = true)]
    pub solution: String,
    /// Results.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub results: String,
    /// Lessons learned.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub lessons: String,
    /// Conditions for replication.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub conditions: String,
    /// How to use it: steps, templates, where to find the resource.
    #[schema(pattern = "pspm:optional-text", max_length = 5000)]
    pub how_to_use: String,
}

/// A practice as written (create and update).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(default)]
pub struct PracticeInput {
    /// Owner organisation: administrators may choose; others write for their own.
    pub owner_organisation_id: Option<i32>,
    /// The texts, in the practice's original language.
    #[serde(flatten)]
    pub texts: TextsInput,
    /// Contact (an office address or e-mail; at most 200 characters).
    #[schema(pattern = "pspm:optional-text", max_length = 200)]
    pub contact: Option<String>,
    /// Country, ISO 3166-1 alpha-2 (e.g. `IT`).
    #[schema(value_type = String, required = true, pattern = "^[A-Za-z]{2}$")]
    pub country: Option<String>,
    /// Territory code (e.g. an ISTAT or NUTS code).
    #[schema(pattern = "pspm:optional-text", max_length = 16)]
    pub territory_code: Option<String>,
    /// Level of government: eu, national, regional, local.
    #[schema(value_type = crate::domain::OrgLevel, required = true)]
    pub level: Option<String>,
    /// Policy area.
    #[schema(value_type = crate::domain::PolicyArea, required = true)]
    pub policy_area: Option<String>,
    /// Innovation stage.
    #[schema(value_type = Option<String>, pattern = "pspm:choice-or-empty:InnovationStage")]
    pub innovation_stage: Option<String>,
    /// Launch year (1950 to next year).
    #[schema(minimum = 1950)]
    pub launch_year: Option<i32>,
    /// Licence as an SPDX identifier (`CC-BY-4.0`); a known licence written
    /// otherwise (`cc by 4.0`, its name) is stored as its identifier.
    #[schema(pattern = "pspm:optional-text", max_length = 60)]
    pub licence: Option<String>,
    /// Tags (at most 20, each at most 60 characters).
    pub tags: Vec<String>,
    /// Sustainable Development Goals, 1–17.
    pub sdgs: Vec<i32>,
    /// Links (http or https, at most 10).
    pub links: Vec<String>,
}

/// Which rules a practice is checked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    /// A practice written here, through the form or the API: complete, with
    /// its problem, solution, level, policy area and country.
    Form,
    /// A catalogue record arriving in an exchange file: what an export
    /// writes (an INTERLINK entry without a problem or a policy area, with
    /// 30 tags in their own case) is read back as it was.
    Record,
}

fn check_texts(c: &mut Checker, t: &TextsInput, rules: Rules) -> PracticeText {
    let lang = t.lang.trim().to_owned();
    if lang.is_empty() {
        c.add("lang", "required", "lang is required");
    } else if !LANGUAGES.contains(&lang.as_str()) {
        c.add("lang", "invalid_choice", "lang must be en, it, es or lv");
    }
    let opt = |c: &mut Checker, field: &str, v: &str| {
        c.opt_text(field, Some(v), limits::DESCRIPTION)
            .unwrap_or_default()
    };
    PracticeText {
        lang,
        title: c.text("title", &t.title, limits::NAME),
        summary: c.text("summary", &t.summary, limits::DESCRIPTION),
        problem: match rules {
            Rules::Form => c.text("problem", &t.problem, limits::DESCRIPTION),
            Rules::Record => opt(c, "problem", &t.problem),
        },
        solution: match rules {
            Rules::Form => c.text("solution", &t.solution, limits::DESCRIPTION),
            Rules::Record => opt(c, "solution", &t.solution),
        },
        results: opt(c, "results", &t.results),
        lessons: opt(c, "lessons", &t.lessons),
        conditions: opt(c, "conditions", &t.conditions),
        how_to_use: opt(c, "how_to_use", &t.how_to_use),
    }
}

struct Checked {
    owner: i32,
    fields: PracticeFields,
    text: PracticeText,
    tags: Vec<String>,
    sdgs: Vec<i32>,
}

fn check(
    conn: &mut DbConn,
    actor: &Actor,
    input: &PracticeInput,
    rules: Rules,
) -> AppResult<Checked> {
    let mut c = Checker::default();
    let owner = match (input.owner_organisation_id, actor.organisation_id) {
        (Some(o), _) if actor.is_admin() => Some(o),
        (Some(o), Some(mine)) if o != mine => return Err(AppError::Forbidden),
        (_, Some(mine)) => Some(mine),
        (_, None) => {
            c.add(
                "owner_organisation_id",
                "required",
                "practices belong to an organisation",
            );
            None
        }
    };
    if let Some(o) = owner
        && Organisation::find(conn, o).optional()?.is_none()
    {
        c.add(
            "owner_organisation_id",
            "organisation_not_found",
            "no organisation with this id",
        );
    }
    let text = check_texts(&mut c, &input.texts, rules);
    fn closed<T>(
        c: &mut Checker,
        field: &str,
        v: &Option<String>,
        parse: fn(&str) -> Option<T>,
        required: bool,
    ) -> Option<T> {
        let Some(x) = v.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            if required {
                c.add(field, "required", format!("{field} is required"));
            }
            return None;
        };
        let value = parse(x);
        if value.is_none() {
            c.add(
                field,
                "invalid_choice",
                format!("{field} has no value {x:?}"),
            );
        }
        value
    }
    let required = rules == Rules::Form;
    let level = closed(&mut c, "level", &input.level, OrgLevel::parse, required);
    let policy_area = closed(
        &mut c,
        "policy_area",
        &input.policy_area,
        PolicyArea::parse,
        required,
    );
    let innovation_stage = input
        .innovation_stage
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let innovation_stage = match innovation_stage.map(|s| (s, InnovationStage::parse(s))) {
        Some((_, None)) => {
            c.add(
                "innovation_stage",
                "invalid_choice",
                "innovation_stage is not a stage",
            );
            None
        }
        other => other.and_then(|(_, stage)| stage),
    };
    let country = input
        .country
        .as_deref()
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty());
    match &country {
        None if rules == Rules::Form => c.add("country", "required", "country is required"),
        None => {}
        Some(x) if x.len() != 2 || !x.chars().all(|ch| ch.is_ascii_uppercase()) => c.add(
            "country",
            "invalid_format",
            "country is a two-letter ISO 3166 code such as IT",
        ),
        _ => {}
    }
    let next_year = chrono::Utc::now().year() + 1;
    if let Some(y) = input.launch_year
        && !(1950..=next_year).contains(&y)
    {
        c.add(
            "launch_year",
            "out_of_range",
            format!("launch_year must be from 1950 to {next_year}"),
        );
    }
    let mut tags: Vec<String> = input
        .tags
        .iter()
        .map(|t| match rules {
            Rules::Form => t.trim().to_lowercase(),
            Rules::Record => t.trim().to_owned(),
        })
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    let (most, longest) = match rules {
        Rules::Form => (20, 60),
        Rules::Record => (100, 100),
    };
    // Counted as sent, as the API's schema counts them (the form sends no
    // empty entries).
    if input.tags.len() > most || input.tags.iter().any(|t| t.chars().count() > longest) {
        c.add(
            "tags",
            "too_long",
            format!("at most {most} tags, each at most {longest} characters"),
        );
    }
    let mut sdgs = input.sdgs.clone();
    sdgs.sort_unstable();
    sdgs.dedup();
    if sdgs.iter().any(|n| !(1..=17).contains(n)) {
        c.add("sdgs", "out_of_range", "SDGs are numbers from 1 to 17");
    }
    let links: Vec<String> = input
        .links
        .iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    if input.links.len() > 10
        || input.links.iter().any(|l| l.chars().count() > 500)
        || links.iter().any(|l| {
            !(l.starts_with("https://") || l.starts_with("http://"))
                || l.contains(char::is_whitespace)
        })
    {
        c.add(
            "links",
            "invalid_format",
            "links are at most 10 web addresses starting with http:// or https://",
        );
    }
    let contact = c.opt_text("contact", input.contact.as_deref(), limits::NAME);
    let territory_code = c.opt_text(
        "territory_code",
        input.territory_code.as_deref(),
        limits::TERRITORY,
    );
    // Stored as an SPDX identifier where the text names a known licence, so
    // that "CC BY 4.0" and "CC-BY-4.0" are one facet value.
    let licence = c
        .opt_text("licence", input.licence.as_deref(), 60)
        .map(|l| pspm_frontend::licences::canonical(&l));
    c.finish()?;
    Ok(Checked {
        owner: owner.unwrap_or_default(),
        fields: PracticeFields {
            slug: String::new(),
            owner_organisation_id: owner.unwrap_or_default(),
            status: PracticeStatus::Draft,
            original_language: text.lang.clone(),
            level,
            policy_area,
            innovation_stage,
            launch_year: input.launch_year,
            licence,
            country,
            territory_code,
            contact,
            links: json!(links).to_string(),
        },
        text,
        tags,
        sdgs,
    })
}

/// Drafts a practice for the actor's organisation (administrators: any).
pub fn create(conn: &mut DbConn, actor: &Actor, input: &PracticeInput) -> AppResult<Practice> {
    conn.write(|conn| {
        let mut v = check(conn, actor, input, Rules::Form)?;
        let now = crate::db::now();
        v.fields.slug = format!("pspm:{}", rand::random::<u64>());
        let created = Practice::create(conn, &v.fields, now)?;
        // Imports may already use `pspm:<n>` slugs of another installation.
        let mut slug = format!("pspm:{}", created.id);
        if Practice::find_by_slug(conn, &slug)?.is_some() {
            slug = format!("pspm:{}-{:x}", created.id, rand::random::<u32>());
        }
        diesel::update(practices::table.find(created.id))
            .set(practices::slug.eq(&slug))
            .execute(conn)?;
        Practice::replace_content(conn, created.id, std::slice::from_ref(&v.text), &v.tags)?;
        Practice::replace_sdgs(conn, created.id, &v.sdgs)?;
        audit::record(
            conn,
            Some(actor),
            "practice.create",
            "practice",
            Some(created.id),
            json!({"owner_organisation_id": v.owner, "lang": v.text.lang}),
        )?;
        readable(conn, Some(actor), created.id)
    })
}

/// Whether the actor may change the practice's content now: its organisation
/// while it is a draft, administrators always.
pub fn can_edit(actor: Option<&Actor>, p: &Practice) -> bool {
    actor.is_some_and(|a| {
        a.is_admin() || (can_manage(actor, p) && p.status == PracticeStatus::Draft)
    })
}

/// Changes a practice (its fields and the texts in `texts.lang`; other languages stay).
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &PracticeInput,
) -> AppResult<Practice> {
    conn.write(|conn| {
        let p = readable(conn, Some(actor), id)?;
        if !can_edit(Some(actor), &p) {
            return Err(AppError::Forbidden);
        }
        let input = PracticeInput {
            owner_organisation_id: input
                .owner_organisation_id
                .or(Some(p.owner_organisation_id)),
            ..input.clone()
        };
        // Members keep writing for the practice's organisation.
        let input = if actor.is_admin() {
            input
        } else {
            PracticeInput {
                owner_organisation_id: actor.organisation_id,
                ..input
            }
        };
        let mut v = check(conn, actor, &input, Rules::Form)?;
        v.fields.slug = p.slug.clone();
        v.fields.status = p.status;
        // The original language stays unless its texts are the ones replaced.
        let texts = Practice::texts(conn, id)?;
        if texts.iter().any(|t| t.lang == p.original_language) && v.text.lang != p.original_language
        {
            v.fields.original_language = p.original_language.clone();
        }
        Practice::update(conn, id, &v.fields, crate::db::now())?;
        Practice::put_text(conn, id, &v.text)?;
        Practice::replace_sdgs(conn, id, &v.sdgs)?;
        Practice::replace_tags(conn, id, &v.tags)?;
        audit::record(
            conn,
            Some(actor),
            "practice.update",
            "practice",
            Some(id),
            json!({"lang": v.text.lang, "fields": "changed"}),
        )?;
        readable(conn, Some(actor), id)
    })
}

/// The input that reproduces a stored practice in one language (for edit forms).
pub fn input_of(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    lang: Option<&str>,
) -> AppResult<PracticeInput> {
    let p = readable(conn, Some(actor), id)?;
    let texts = Practice::texts(conn, id)?;
    let lang = lang.unwrap_or(&p.original_language);
    let t = texts
        .iter()
        .find(|t| t.lang == lang)
        .cloned()
        .map(|t| TextsInput {
            lang: t.lang,
            title: t.title,
            summary: t.summary,
            problem: t.problem,
            solution: t.solution,
            results: t.results,
            lessons: t.lessons,
            conditions: t.conditions,
            how_to_use: t.how_to_use,
        })
        .unwrap_or_else(|| TextsInput {
            lang: lang.to_owned(),
            ..TextsInput::default()
        });
    Ok(PracticeInput {
        owner_organisation_id: Some(p.owner_organisation_id),
        texts: t,
        contact: p.contact.clone(),
        country: p.country.clone(),
        territory_code: p.territory_code.clone(),
        level: p.level.map(|v| v.to_string()),
        policy_area: p.policy_area.map(|v| v.to_string()),
        innovation_stage: p.innovation_stage.map(|v| v.to_string()),
        launch_year: p.launch_year,
        licence: p.licence.clone(),
        tags: Practice::tags(conn, id)?,
        sdgs: Practice::sdgs(conn, id)?,
        links: serde_json::from_str(&p.links).unwrap_or_default(),
    })
}

/// A practice after the form's checks, for callers that choose its owner,
/// slug and status themselves (imports).
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// Fields (slug empty and status `draft`: the caller sets them).
    pub fields: PracticeFields,
    /// The texts in `input.texts.lang`.
    pub text: PracticeText,
    /// Tags, normalised and sorted.
    pub tags: Vec<String>,
    /// SDGs, sorted.
    pub sdgs: Vec<i32>,
}

/// Checks a catalogue record (an imported practice) for the owner
/// `owner_organisation_id` (which must exist), as the system: no permission check.
pub fn validate(
    conn: &mut DbConn,
    owner_organisation_id: i32,
    input: &PracticeInput,
) -> AppResult<Validated> {
    let system = Actor {
        user_id: 0,
        role: crate::domain::Role::Admin,
        organisation_id: None,
        display_name: String::new(),
    };
    let input = PracticeInput {
        owner_organisation_id: Some(owner_organisation_id),
        ..input.clone()
    };
    let v = check(conn, &system, &input, Rules::Record)?;
    Ok(Validated {
        fields: v.fields,
        text: v.text,
        tags: v.tags,
        sdgs: v.sdgs,
    })
}

/// Checks a catalogue record's texts in one language.
pub fn validate_texts(input: &TextsInput) -> AppResult<PracticeText> {
    let mut c = Checker::default();
    let text = check_texts(&mut c, input, Rules::Record);
    c.finish()?;
    Ok(text)
}
