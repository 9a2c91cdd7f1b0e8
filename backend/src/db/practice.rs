//! Good practices, their texts per language and their tags.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::{InnovationStage, OrgLevel, PolicyArea, PracticeStatus};

use super::DbConn;
use super::schema::{practice_sdgs, practice_tags, practice_texts, practices};

/// A stored practice.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = practices)]
pub struct Practice {
    /// Id.
    pub id: i32,
    /// Stable key (imports use `<source>:<id>`).
    pub slug: String,
    /// Owner organisation.
    pub owner_organisation_id: i32,
    /// `draft`, `submitted`, `published` or `archived`.
    pub status: PracticeStatus,
    /// Language the practice was written in.
    pub original_language: String,
    /// Level of government (`OrgLevel`).
    pub level: Option<OrgLevel>,
    /// Policy area.
    pub policy_area: Option<PolicyArea>,
    /// Innovation stage.
    pub innovation_stage: Option<InnovationStage>,
    /// Launch year.
    pub launch_year: Option<i32>,
    /// Licence.
    pub licence: Option<String>,
    /// Country (ISO code).
    pub country: Option<String>,
    /// Territory code.
    pub territory_code: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// Links (JSON array of URLs).
    pub links: String,
    /// Created at.
    pub created_at: NaiveDateTime,
    /// Updated at.
    pub updated_at: NaiveDateTime,
    /// The reviewer's comment when a submission was sent back.
    pub review_comment: Option<String>,
    /// When last submitted for review.
    pub submitted_at: Option<NaiveDateTime>,
    /// When first published.
    pub published_at: Option<NaiveDateTime>,
    /// Confirmed adoptions (kept in step by the adoption service).
    pub adoption_count: i32,
    /// Ratings given.
    pub rating_count: i32,
    /// Sum of the stars given.
    pub rating_sum: i32,
}

/// Fields of a practice.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = practices, treat_none_as_null = true)]
pub struct PracticeFields {
    /// Slug.
    pub slug: String,
    /// Owner.
    pub owner_organisation_id: i32,
    /// Status.
    pub status: PracticeStatus,
    /// Original language.
    pub original_language: String,
    /// Level.
    pub level: Option<OrgLevel>,
    /// Policy area.
    pub policy_area: Option<PolicyArea>,
    /// Innovation stage.
    pub innovation_stage: Option<InnovationStage>,
    /// Launch year.
    pub launch_year: Option<i32>,
    /// Licence.
    pub licence: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Territory.
    pub territory_code: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// Links (JSON).
    pub links: String,
}

/// The texts of a practice in one language.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Queryable,
    Selectable,
    Insertable,
    serde::Serialize,
    serde::Deserialize,
)]
#[diesel(table_name = practice_texts)]
pub struct PracticeText {
    /// Language.
    pub lang: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Problem addressed.
    pub problem: String,
    /// Solution.
    pub solution: String,
    /// Results.
    pub results: String,
    /// Lessons learned.
    pub lessons: String,
    /// Conditions for replication.
    pub conditions: String,
    /// How to use it (steps, templates, where to find the resource).
    pub how_to_use: String,
}

impl Practice {
    /// Finds by slug.
    pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Self>> {
        practices::table
            .filter(practices::slug.eq(slug))
            .select(Self::as_select())
            .first(conn)
            .optional()
    }

    /// Its editable fields, as stored.
    pub fn fields(&self) -> PracticeFields {
        PracticeFields {
            slug: self.slug.clone(),
            owner_organisation_id: self.owner_organisation_id,
            status: self.status,
            original_language: self.original_language.clone(),
            level: self.level,
            policy_area: self.policy_area,
            innovation_stage: self.innovation_stage,
            launch_year: self.launch_year,
            licence: self.licence.clone(),
            country: self.country.clone(),
            territory_code: self.territory_code.clone(),
            contact: self.contact.clone(),
            links: self.links.clone(),
        }
    }

    /// Finds by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Self> {
        practices::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
    }

    /// Each practice's title in its original language, else in any language.
    pub fn titles(conn: &mut DbConn, ids: &[i32]) -> QueryResult<HashMap<i32, String>> {
        let texts: Vec<(i32, String, String, String)> = super::in_chunks(ids, |chunk| {
            practice_texts::table
                .inner_join(practices::table)
                .filter(practice_texts::practice_id.eq_any(chunk))
                .select((
                    practice_texts::practice_id,
                    practice_texts::lang,
                    practice_texts::title,
                    practices::original_language,
                ))
                .load(conn)
        })?;
        let mut titles = HashMap::new();
        for (practice, lang, title, original) in texts {
            if lang == original {
                titles.insert(practice, title);
            } else {
                titles.entry(practice).or_insert(title);
            }
        }
        Ok(titles)
    }

    /// Every title of these practices: (practice, language, title, the
    /// practice's original language), for a page to pick the reader's.
    pub fn titles_in_every_language(
        conn: &mut DbConn,
        ids: &[i32],
    ) -> QueryResult<Vec<(i32, String, String, String)>> {
        super::in_chunks(ids, |chunk| {
            practice_texts::table
                .inner_join(practices::table)
                .filter(practice_texts::practice_id.eq_any(chunk))
                .select((
                    practice_texts::practice_id,
                    practice_texts::lang,
                    practice_texts::title,
                    practices::original_language,
                ))
                .load(conn)
        })
    }

    /// Counts one more confirmed adoption.
    pub fn add_adoption(conn: &mut DbConn, id: i32) -> QueryResult<()> {
        diesel::update(practices::table.find(id))
            .set(practices::adoption_count.eq(practices::adoption_count + 1))
            .execute(conn)
            .map(drop)
    }

    /// Moves the practice's rating totals by `sum` stars and `count` ratings.
    pub fn add_to_ratings(conn: &mut DbConn, id: i32, sum: i32, count: i32) -> QueryResult<()> {
        diesel::update(practices::table.find(id))
            .set((
                practices::rating_sum.eq(practices::rating_sum + sum),
                practices::rating_count.eq(practices::rating_count + count),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Inserts a practice.
    pub fn create(
        conn: &mut DbConn,
        fields: &PracticeFields,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        diesel::insert_into(practices::table)
            .values((
                fields,
                practices::created_at.eq(at),
                practices::updated_at.eq(at),
            ))
            .get_result::<Self>(conn)
    }

    /// Updates a practice.
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        fields: &PracticeFields,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(practices::table.find(id))
            .set((fields, practices::updated_at.eq(at)))
            .execute(conn)
    }

    /// Texts of a practice, by language.
    pub fn texts(conn: &mut DbConn, id: i32) -> QueryResult<Vec<PracticeText>> {
        practice_texts::table
            .filter(practice_texts::practice_id.eq(id))
            .order(practice_texts::lang.asc())
            .select(PracticeText::as_select())
            .load(conn)
    }

    /// Tags of a practice, sorted.
    pub fn tags(conn: &mut DbConn, id: i32) -> QueryResult<Vec<String>> {
        practice_tags::table
            .filter(practice_tags::practice_id.eq(id))
            .order(practice_tags::tag.asc())
            .select(practice_tags::tag)
            .load(conn)
    }

    /// SDGs of a practice, ascending.
    pub fn sdgs(conn: &mut DbConn, id: i32) -> QueryResult<Vec<i32>> {
        practice_sdgs::table
            .filter(practice_sdgs::practice_id.eq(id))
            .order(practice_sdgs::sdg.asc())
            .select(practice_sdgs::sdg)
            .load(conn)
    }

    /// Replaces the SDGs of a practice.
    pub fn replace_sdgs(conn: &mut DbConn, id: i32, sdgs: &[i32]) -> QueryResult<()> {
        diesel::delete(practice_sdgs::table.filter(practice_sdgs::practice_id.eq(id)))
            .execute(conn)?;
        for sdg in sdgs {
            diesel::insert_into(practice_sdgs::table)
                .values((
                    practice_sdgs::practice_id.eq(id),
                    practice_sdgs::sdg.eq(sdg),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Inserts or replaces the texts in one language.
    pub fn put_text(conn: &mut DbConn, id: i32, text: &PracticeText) -> QueryResult<()> {
        diesel::delete(
            practice_texts::table
                .filter(practice_texts::practice_id.eq(id))
                .filter(practice_texts::lang.eq(&text.lang)),
        )
        .execute(conn)?;
        diesel::insert_into(practice_texts::table)
            .values((practice_texts::practice_id.eq(id), text))
            .execute(conn)?;
        Ok(())
    }

    /// Replaces the texts and tags of a practice.
    pub fn replace_content(
        conn: &mut DbConn,
        id: i32,
        texts: &[PracticeText],
        tags: &[String],
    ) -> QueryResult<()> {
        diesel::delete(practice_texts::table.filter(practice_texts::practice_id.eq(id)))
            .execute(conn)?;
        for t in texts {
            diesel::insert_into(practice_texts::table)
                .values((practice_texts::practice_id.eq(id), t))
                .execute(conn)?;
        }
        Self::replace_tags(conn, id, tags)
    }

    /// Replaces the tags of a practice.
    pub fn replace_tags(conn: &mut DbConn, id: i32, tags: &[String]) -> QueryResult<()> {
        diesel::delete(practice_tags::table.filter(practice_tags::practice_id.eq(id)))
            .execute(conn)?;
        for tag in tags {
            diesel::insert_into(practice_tags::table)
                .values((
                    practice_tags::practice_id.eq(id),
                    practice_tags::tag.eq(tag),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}
