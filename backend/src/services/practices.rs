//! The good-practice catalogue: the search's checked parameters (the search
//! itself is in memory, see [`crate::services::practices::catalogue`]), and the
//! practice page's data in the reader's language with a fallback to the original.

pub mod adoptions;
pub mod catalogue;
pub mod edit;
pub mod exchange;
pub mod links;
pub mod ratings;

use serde::Deserialize;
use utoipa::IntoParams;

use crate::db::DbConn;
use crate::db::practice::{Practice, PracticeText};
use crate::domain::{InnovationStage, OrgKind, OrgLevel, PolicyArea, PracticeStatus};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::organisations::not_found;
use crate::services::validate::Checker;

pub use pspm_frontend::model::{Facets, PracticeDetail, PracticeHit, SearchResult};

/// Results per page.
pub const PER_PAGE: i64 = 20;

/// Sort orders of the catalogue.
pub const SORTS: [&str; 6] = [
    "relevance",
    "newest",
    "most_adopted",
    "best_rated",
    "title",
    "",
];

/// Search parameters (all optional; the same names in the page URL and the API).
#[derive(Debug, Clone, Default, Deserialize, IntoParams, PartialEq)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to look for (all must match, in any language of the practice).
    pub q: Option<String>,
    /// Policy area (`digital`, `public_administration`, …).
    #[param(
        pattern = "^(digital|public_administration|finance|economy|environment|health|education|social|mobility|territory|culture|justice)?$"
    )]
    pub policy_area: Option<String>,
    /// Level of government: eu, national, regional, local.
    #[param(pattern = "^(eu|national|regional|local)?$")]
    pub level: Option<String>,
    /// Territory code.
    pub territory: Option<String>,
    /// Sustainable Development Goal, 1–17.
    #[param(pattern = "^([1-9]|1[0-7])?$")]
    pub sdg: Option<String>,
    /// Innovation stage (`identify_problem` … `diffuse`).
    #[param(
        pattern = "^(identify_problem|generate_ideas|develop_proposal|implement|evaluate|diffuse)?$"
    )]
    pub stage: Option<String>,
    /// Licence.
    pub licence: Option<String>,
    /// Tag.
    pub tag: Option<String>,
    /// Kind of the owner organisation (`ministry`, `region`, …).
    #[param(
        pattern = "^(ministry|region|province|municipality|agency|other_public|nonprofit|company|university|citizen_group)?$"
    )]
    pub owner_kind: Option<String>,
    /// `relevance` (default with words), `newest` (default without), `most_adopted`, `best_rated` or `title`.
    #[param(pattern = "^(relevance|newest|most_adopted|best_rated|title)?$")]
    pub sort: Option<String>,
    /// Page, from 1.
    #[param(minimum = 1)]
    pub page: Option<i64>,
    /// A facet shown with all its values (`tag` or `territory`); otherwise
    /// those two show their 30 most frequent.
    #[param(pattern = "^(tag|territory)?$")]
    pub all: Option<String>,
}

/// Checked search parameters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    pub(crate) words: Vec<String>,
    pub(crate) policy_area: Option<String>,
    pub(crate) level: Option<String>,
    pub(crate) territory: Option<String>,
    pub(crate) sdg: Option<i32>,
    pub(crate) stage: Option<String>,
    pub(crate) licence: Option<String>,
    pub(crate) tag: Option<String>,
    pub(crate) owner_kind: Option<String>,
    /// The facet shown with all its values.
    pub(crate) all: Option<&'static str>,
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl Filter {
    pub(crate) fn check(params: &SearchParams) -> AppResult<(Self, &'static str, i64)> {
        let mut c = Checker::default();
        let mut closed = |field: &str, v: &Option<String>, ok: &dyn Fn(&str) -> bool| {
            let v = nonempty(v);
            if let Some(x) = &v
                && !ok(x)
            {
                c.add(
                    field,
                    "unknown_value",
                    format!("{field} has no value {x:?}"),
                );
            }
            v
        };
        let policy_area = closed("policy_area", &params.policy_area, &|x| {
            PolicyArea::parse(x).is_some()
        });
        let level = closed("level", &params.level, &|x| OrgLevel::parse(x).is_some());
        let stage = closed("stage", &params.stage, &|x| {
            InnovationStage::parse(x).is_some()
        });
        let owner_kind = closed("owner_kind", &params.owner_kind, &|x| {
            OrgKind::parse(x).is_some()
        });
        let sdg = match nonempty(&params.sdg) {
            None => None,
            Some(x) => match x.parse::<i32>() {
                Ok(n) if (1..=17).contains(&n) => Some(n),
                _ => {
                    c.add("sdg", "unknown_value", "sdg is a number from 1 to 17");
                    None
                }
            },
        };
        let all = match nonempty(&params.all).as_deref() {
            None => None,
            Some("tag") => Some("tag"),
            Some("territory") => Some("territory"),
            Some(_) => {
                c.add("all", "unknown_value", "all is tag or territory");
                None
            }
        };
        let page = params.page.unwrap_or(1);
        if page < 1 {
            c.add("page", "out_of_range", "page must be 1 or more");
        }
        let words = params.q.as_deref().map(words).unwrap_or_default();
        let sort = match params.sort.as_deref().map(str::trim).unwrap_or("") {
            "" if words.is_empty() => "newest",
            "" | "relevance" if !words.is_empty() => "relevance",
            // Without words every practice is equally relevant.
            "relevance" => "newest",
            s => match SORTS.into_iter().find(|x| *x == s) {
                Some(x) => x,
                None => {
                    c.add(
                        "sort",
                        "invalid_choice",
                        "sort must be relevance, newest, most_adopted, best_rated or title",
                    );
                    "newest"
                }
            },
        };
        c.finish()?;
        Ok((
            Filter {
                words,
                policy_area,
                level,
                territory: nonempty(&params.territory),
                sdg,
                stage,
                licence: nonempty(&params.licence),
                tag: nonempty(&params.tag),
                owner_kind,
                all,
            },
            sort,
            page,
        ))
    }
}

/// The words of a query (at most 10, each at most 40 characters).
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(40).collect::<String>())
        .take(10)
        .collect()
}

/// A practice's text in one language, or the part of it a page needs.
pub(crate) trait InLanguage {
    fn lang(&self) -> &str;
}

impl InLanguage for PracticeText {
    fn lang(&self) -> &str {
        &self.lang
    }
}

/// Picks the reader's language, else the original, else any.
pub(crate) fn pick<'a, T: InLanguage>(
    texts: &'a [(i32, T)],
    id: i32,
    lang: &str,
    original: &str,
) -> Option<(&'a T, bool)> {
    let mine: Vec<&T> = texts
        .iter()
        .filter(|(p, _)| *p == id)
        .map(|(_, t)| t)
        .collect();
    mine.iter()
        .find(|t| t.lang() == lang)
        .map(|t| (*t, false))
        .or_else(|| {
            mine.iter()
                .find(|t| t.lang() == original)
                .map(|t| (*t, true))
        })
        .or_else(|| mine.first().map(|t| (*t, true)))
}

/// Mean of the stars, none without ratings.
pub fn mean(sum: i32, count: i32) -> Option<f64> {
    (count > 0).then(|| (f64::from(sum) / f64::from(count) * 10.0).round() / 10.0)
}

pub use crate::services::practices::catalogue::search;

/// Whether the actor may read a practice: published and archived ones are
/// public; drafts and submissions only to their organisation and administrators.
pub fn can_read(actor: Option<&Actor>, p: &Practice) -> bool {
    matches!(
        p.status,
        PracticeStatus::Published | PracticeStatus::Archived
    ) || can_manage(actor, p)
}

/// Whether the actor belongs to the owner organisation or is an administrator.
pub fn can_manage(actor: Option<&Actor>, p: &Practice) -> bool {
    actor.is_some_and(|a| a.is_admin() || a.organisation_id == Some(p.owner_organisation_id))
}

/// Loads a practice the actor may read.
pub fn readable(conn: &mut DbConn, actor: Option<&Actor>, id: i32) -> AppResult<Practice> {
    let p = Practice::find(conn, id).map_err(|e| not_found(e, "practice"))?;
    if can_read(actor, &p) {
        Ok(p)
    } else {
        Err(AppError::NotFound("practice"))
    }
}

/// A practice in the reader's language (or its original), if the actor may read it.
pub fn detail(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    id: i32,
    lang: &str,
) -> AppResult<PracticeDetail> {
    let p = readable(conn, actor, id)?;
    let texts = Practice::texts(conn, id)?;
    let pairs: Vec<(i32, PracticeText)> = texts.iter().cloned().map(|t| (id, t)).collect();
    let (t, fallback) =
        pick(&pairs, id, lang, &p.original_language).ok_or(AppError::NotFound("practice"))?;
    let owner = crate::db::organisation::Organisation::find(conn, p.owner_organisation_id)?.name;
    Ok(PracticeDetail {
        id,
        owner,
        owner_organisation_id: p.owner_organisation_id,
        status: p.status.to_string(),
        review_comment: p.review_comment.clone(),
        lang: t.lang.clone(),
        original_language: p.original_language.clone(),
        fallback,
        title: t.title.clone(),
        summary: t.summary.clone(),
        problem: t.problem.clone(),
        solution: t.solution.clone(),
        results: t.results.clone(),
        lessons: t.lessons.clone(),
        conditions: t.conditions.clone(),
        how_to_use: t.how_to_use.clone(),
        contact: p.contact.clone(),
        country: p.country.clone(),
        territory_code: p.territory_code.clone(),
        level: p.level.map(|v| v.to_string()),
        policy_area: p.policy_area.map(|v| v.to_string()),
        innovation_stage: p.innovation_stage.map(|v| v.to_string()),
        launch_year: p.launch_year,
        licence: p.licence.clone(),
        links: serde_json::from_str(&p.links).unwrap_or_default(),
        tags: Practice::tags(conn, id)?,
        sdgs: Practice::sdgs(conn, id)?,
        languages: texts.iter().map(|t| t.lang.clone()).collect(),
        adoptions: crate::services::practices::adoptions::confirmed(conn, id)?,
        rating: mean(p.rating_sum, p.rating_count),
        ratings: crate::services::practices::ratings::list(conn, id)?,
        informs: crate::services::practices::links::for_practice(conn, id)?,
        published_at: p.published_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_a_query() {
        assert_eq!(
            words("  \"canvas\" OR model* -x "),
            ["canvas", "OR", "model", "x"]
        );
        assert!(words(&"a ".repeat(100)).len() <= 10);
    }
}
