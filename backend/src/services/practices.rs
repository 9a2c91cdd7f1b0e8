//! The good-practice catalogue: full-text search (SQLite FTS5, PostgreSQL
//! full-text search) combined with facets, and the practice page's data in the
//! reader's language with a fallback to the original.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use diesel::sql_types::{Double, Integer, Text};
use serde::Deserialize;
use utoipa::IntoParams;

use super::organisations::not_found;
use crate::db::DbConn;
use crate::db::practice::{Practice, PracticeText};
use crate::db::schema::{practice_tags, practice_texts, practices};
use crate::error::{AppError, AppResult};

pub use pspm_frontend::model::{Facets, PracticeDetail, PracticeHit, SearchResult};

/// Results per page.
pub const PER_PAGE: i64 = 20;

/// What the search needs of a practice: id, level, licence, original language, created at.
type Row = (
    i32,
    Option<String>,
    Option<String>,
    String,
    chrono::NaiveDateTime,
);

/// Search parameters (all optional; the same names in the page URL and the API).
#[derive(Debug, Clone, Default, Deserialize, IntoParams, PartialEq)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to look for (all must match).
    pub q: Option<String>,
    /// Level of government: eu, national, regional, local.
    pub level: Option<String>,
    /// Licence.
    pub licence: Option<String>,
    /// Tag.
    pub tag: Option<String>,
    /// `relevance` (default with words), `newest`, `title` (default without words) or `most_adopted`.
    pub sort: Option<String>,
    /// Page, from 1.
    pub page: Option<i64>,
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

#[derive(QueryableByName)]
struct Hit {
    #[diesel(sql_type = Integer)]
    practice_id: i32,
    #[diesel(sql_type = Double)]
    score: f64,
}

/// Practices whose texts (any language) contain every word, with a score (higher is better).
fn full_text(conn: &mut DbConn, words: &[String]) -> AppResult<HashMap<i32, f64>> {
    let hits: Vec<Hit> = match conn {
        DbConn::Sqlite(c) => {
            // Each word quoted: FTS5 operators in the input stay plain text.
            let expr = words.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" ");
            diesel::sql_query(
                "SELECT t.practice_id AS practice_id, -bm25(practice_fts) AS score \
                 FROM practice_fts JOIN practice_texts t ON t.id = practice_fts.rowid WHERE practice_fts MATCH ?",
            )
            .bind::<Text, _>(expr)
            .load(c)?
        }
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT practice_id, ts_rank(v, q)::float8 AS score FROM ( \
               SELECT practice_id, to_tsvector('simple', title || ' ' || summary || ' ' || problem || ' ' || solution || ' ' || results || ' ' || lessons || ' ' || conditions) AS v, \
                      plainto_tsquery('simple', $1) AS q FROM practice_texts) s \
             WHERE v @@ q",
        )
        .bind::<Text, _>(words.join(" "))
        .load(c)?,
    };
    let mut best: HashMap<i32, f64> = HashMap::new();
    for h in hits {
        let e = best.entry(h.practice_id).or_insert(f64::MIN);
        if h.score > *e {
            *e = h.score;
        }
    }
    Ok(best)
}

/// Wraps the words found in `text` between `[[` and `]]` (case-insensitive).
pub fn highlight(text: &str, words: &[String]) -> String {
    if words.is_empty() {
        return text.to_owned();
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut out = String::with_capacity(text.len() + 16);
    for token in text.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let (word, tail) = match token.char_indices().last() {
            Some((i, c)) if !c.is_alphanumeric() => (&token[..i], &token[i..]),
            _ => (token, ""),
        };
        if !word.is_empty()
            && lower
                .iter()
                .any(|w| word.to_lowercase().starts_with(w.as_str()))
        {
            out.push_str("[[");
            out.push_str(word);
            out.push_str("]]");
        } else {
            out.push_str(word);
        }
        out.push_str(tail);
    }
    out
}

/// Picks the reader's language, else the original, else any.
fn pick<'a>(
    texts: &'a [(i32, PracticeText)],
    id: i32,
    lang: &str,
    original: &str,
) -> Option<(&'a PracticeText, bool)> {
    let mine: Vec<&PracticeText> = texts
        .iter()
        .filter(|(p, _)| *p == id)
        .map(|(_, t)| t)
        .collect();
    mine.iter()
        .find(|t| t.lang == lang)
        .map(|t| (*t, false))
        .or_else(|| mine.iter().find(|t| t.lang == original).map(|t| (*t, true)))
        .or_else(|| mine.first().map(|t| (*t, true)))
}

fn count_by(values: impl Iterator<Item = String>) -> Vec<(String, i64)> {
    let mut m: BTreeMap<String, i64> = BTreeMap::new();
    for v in values {
        *m.entry(v).or_default() += 1;
    }
    let mut v: Vec<(String, i64)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Searches published practices.
pub fn search(conn: &mut DbConn, params: &SearchParams, lang: &str) -> AppResult<SearchResult> {
    let page = params.page.unwrap_or(1);
    if page < 1 {
        return Err(AppError::field(
            "page",
            "out_of_range",
            "page must be 1 or more",
        ));
    }
    let sort = params.sort.as_deref().unwrap_or("");
    if !matches!(sort, "" | "relevance" | "newest" | "title" | "most_adopted") {
        return Err(AppError::field(
            "sort",
            "invalid_choice",
            "sort must be relevance, newest, title or most_adopted",
        ));
    }
    let adopted = super::adoptions::confirmed_counts(conn)?;
    let words = params.q.as_deref().map(words).unwrap_or_default();
    let scores = if words.is_empty() {
        None
    } else {
        Some(full_text(conn, &words)?)
    };
    let rows: Vec<Row> = practices::table
        .filter(practices::status.eq("published"))
        .select((
            practices::id,
            practices::level,
            practices::licence,
            practices::original_language,
            practices::created_at,
        ))
        .load(conn)?;
    let tags: Vec<(i32, String)> = practice_tags::table
        .select((practice_tags::practice_id, practice_tags::tag))
        .load(conn)?;
    let mut tags_of: HashMap<i32, Vec<String>> = HashMap::new();
    for (p, t) in tags {
        tags_of.entry(p).or_default().push(t);
    }
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (level, licence, tag) = (
        nonempty(&params.level),
        nonempty(&params.licence),
        nonempty(&params.tag),
    );
    let matching: Vec<&Row> = rows
        .iter()
        .filter(|r| scores.as_ref().is_none_or(|s| s.contains_key(&r.0)))
        .filter(|r| level.is_none() || r.1 == level)
        .filter(|r| licence.is_none() || r.2 == licence)
        .filter(|r| {
            tag.as_ref()
                .is_none_or(|t| tags_of.get(&r.0).is_some_and(|ts| ts.contains(t)))
        })
        .collect();
    let facets = Facets {
        level: count_by(matching.iter().filter_map(|r| r.1.clone())),
        licence: count_by(matching.iter().filter_map(|r| r.2.clone())),
        tag: count_by(
            matching
                .iter()
                .flat_map(|r| tags_of.get(&r.0).cloned().unwrap_or_default()),
        )
        .into_iter()
        .take(30)
        .collect(),
    };
    let ids: Vec<i32> = matching.iter().map(|r| r.0).collect();
    let texts: Vec<(i32, PracticeText)> = practice_texts::table
        .filter(practice_texts::practice_id.eq_any(ids.clone()))
        .select((practice_texts::practice_id, PracticeText::as_select()))
        .load(conn)?;
    let mut ordered: Vec<(&Row, String)> = matching
        .iter()
        .map(|r| {
            (
                *r,
                pick(&texts, r.0, lang, &r.3)
                    .map(|(t, _)| t.title.to_lowercase())
                    .unwrap_or_default(),
            )
        })
        .collect();
    match (sort, &scores) {
        ("most_adopted", _) => ordered.sort_by(|a, b| {
            let (x, y) = (
                adopted.get(&a.0.0).unwrap_or(&0),
                adopted.get(&b.0.0).unwrap_or(&0),
            );
            y.cmp(x).then(a.1.cmp(&b.1))
        }),
        ("newest", _) => ordered.sort_by(|a, b| b.0.4.cmp(&a.0.4).then(a.1.cmp(&b.1))),
        (_, None) | ("title", _) => ordered.sort_by(|a, b| a.1.cmp(&b.1)),
        (_, Some(s)) => ordered.sort_by(|a, b| s[&b.0.0].total_cmp(&s[&a.0.0]).then(a.1.cmp(&b.1))),
    }
    let total = ordered.len() as i64;
    let practices = ordered
        .into_iter()
        .skip(((page - 1) * PER_PAGE) as usize)
        .take(PER_PAGE as usize)
        .filter_map(|(r, _)| {
            let (t, fallback) = pick(&texts, r.0, lang, &r.3)?;
            let mut tags = tags_of.get(&r.0).cloned().unwrap_or_default();
            tags.sort();
            Some(PracticeHit {
                id: r.0,
                title: t.title.clone(),
                summary: highlight(&t.summary, &words),
                lang: t.lang.clone(),
                fallback,
                level: r.1.clone(),
                licence: r.2.clone(),
                tags,
                adoptions: adopted.get(&r.0).copied().unwrap_or(0),
            })
        })
        .collect();
    Ok(SearchResult {
        practices,
        total,
        page,
        per_page: PER_PAGE,
        facets,
    })
}

/// A published practice in the reader's language (or its original).
pub fn detail(conn: &mut DbConn, id: i32, lang: &str) -> AppResult<PracticeDetail> {
    let p: Practice = practices::table
        .find(id)
        .select(Practice::as_select())
        .first(conn)
        .map_err(|e| not_found(e, "practice"))?;
    if p.status != "published" {
        return Err(AppError::NotFound("practice"));
    }
    let texts = Practice::texts(conn, id)?;
    let pairs: Vec<(i32, PracticeText)> = texts.iter().cloned().map(|t| (id, t)).collect();
    let (t, fallback) =
        pick(&pairs, id, lang, &p.original_language).ok_or(AppError::NotFound("practice"))?;
    let owner = crate::db::organisation::Organisation::find(conn, p.owner_organisation_id)?.name;
    Ok(PracticeDetail {
        id,
        owner,
        status: p.status.clone(),
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
        level: p.level.clone(),
        licence: p.licence.clone(),
        links: serde_json::from_str(&p.links).unwrap_or_default(),
        tags: Practice::tags(conn, id)?,
        languages: texts.iter().map(|t| t.lang.clone()).collect(),
        owner_organisation_id: p.owner_organisation_id,
        adoptions: super::adoptions::confirmed(conn, id)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_highlights() {
        assert_eq!(
            words("  \"canvas\" OR model* -x "),
            ["canvas", "OR", "model", "x"]
        );
        assert!(words(&"a ".repeat(100)).len() <= 10);
        assert_eq!(
            highlight(
                "The Business Model Canvas.",
                &["canvas".into(), "mod".into()]
            ),
            "The Business [[Model]] [[Canvas]]."
        );
        assert_eq!(highlight("Città più", &["citt".into()]), "[[Città]] più");
    }
}
