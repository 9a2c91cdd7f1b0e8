//! Catalogue search over the generated practices: every page, sort and
//! facet count equals an independent reading of the practices' rows.

use std::collections::HashSet;

use axum::http::StatusCode;
use chrono::NaiveDateTime;
use pspm_tests::both;

use super::load;

/// A published practice as the search oracle below reads it.
struct Listed {
    id: i32,
    level: Option<String>,
    policy_area: Option<String>,
    adoptions: i32,
    rating_sum: i32,
    rating_count: i32,
    published_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    /// Its owner organisation's name.
    owner: String,
    /// Its words as the index analyses them: each text's in its language
    /// (by the language's position), its tags', owner's and territory's
    /// as words of no language.
    words: HashSet<(usize, String)>,
}

/// The words of `text` as analyser `l` gives them.
fn analysed(l: usize, text: &str) -> Vec<String> {
    use tantivy::tokenizer::TokenStream;
    let mut a = pspm_backend::search::engine::analyser(l);
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Where words of no language are kept in [`Listed::words`].
const PLAIN: usize = pspm_backend::search::engine::LANGUAGES.len();

both!(
    catalogue_search_pages_and_facets_equal_an_independent_reading_of_the_practices,
    |app| async move {
        load(&app, 0.002).await;
        let listed: Vec<Listed> = app
            .db
            .run(|c| {
                use diesel::prelude::*;
                use pspm_backend::db::schema::{
                    organisations, practice_tags, practice_texts, practices,
                };
                type Head = (
                    (i32, i32),
                    Option<String>,
                    Option<String>,
                    (i32, i32, i32),
                    (Option<NaiveDateTime>, NaiveDateTime),
                    Option<String>,
                );
                let names: std::collections::HashMap<i32, String> = organisations::table
                    .select((organisations::id, organisations::name))
                    .load::<(i32, String)>(c)?
                    .into_iter()
                    .collect();
                let heads: Vec<Head> = practices::table
                    .filter(practices::status.eq("published"))
                    .order(practices::id)
                    .select((
                        (practices::id, practices::owner_organisation_id),
                        practices::level,
                        practices::policy_area,
                        (
                            practices::adoption_count,
                            practices::rating_sum,
                            practices::rating_count,
                        ),
                        (practices::published_at, practices::created_at),
                        practices::territory_code,
                    ))
                    .load(c)?;
                let tags: Vec<(i32, String)> = practice_tags::table
                    .select((practice_tags::practice_id, practice_tags::tag))
                    .load(c)?;
                type Text = (String, String, String, String, String, String, String);
                let texts: Vec<(i32, String, Text)> = practice_texts::table
                    .select((
                        practice_texts::practice_id,
                        practice_texts::lang,
                        (
                            practice_texts::title,
                            practice_texts::summary,
                            practice_texts::problem,
                            practice_texts::solution,
                            practice_texts::results,
                            practice_texts::lessons,
                            practice_texts::conditions,
                        ),
                    ))
                    .load(c)?;
                Ok(heads
                    .into_iter()
                    .map(
                        |(
                            (id, owner),
                            level,
                            policy_area,
                            (adoptions, rating_sum, rating_count),
                            (published_at, created_at),
                            territory,
                        )| {
                            let mut words = HashSet::new();
                            for (_, lang, t) in texts.iter().filter(|(p, _, _)| *p == id) {
                                let l = pspm_backend::search::engine::language_index(lang);
                                for part in [&t.0, &t.1, &t.2, &t.3, &t.4, &t.5, &t.6] {
                                    words.extend(analysed(l, part).into_iter().map(|w| (l, w)));
                                }
                            }
                            let plain = tags
                                .iter()
                                .filter(|(p, _)| *p == id)
                                .map(|(_, t)| t.as_str())
                                .chain([names[&owner].as_str()])
                                .chain(territory.as_deref());
                            for text in plain {
                                words.extend(analysed(PLAIN, text).into_iter().map(|w| (PLAIN, w)));
                            }
                            Listed {
                                id,
                                level,
                                policy_area,
                                adoptions,
                                rating_sum,
                                rating_count,
                                published_at,
                                created_at,
                                owner: names[&owner].clone(),
                                words,
                            }
                        },
                    )
                    .collect())
            })
            .await
            .unwrap();
        assert!(listed.len() > 200, "{}", listed.len());
        let client = app.client();
        // Words common and rare (the generated titles' numbers), with and
        // without facets; more matches than a page and than the server's
        // first cut of a page's worth.
        let queries: [(&str, &str); 7] = [
            ("pratica", ""),
            ("servizi", ""),
            ("servizi dati", "&level=local"),
            ("pratica", "&level=eu&policy_area=health"),
            ("", "&policy_area=digital"),
            ("pratica 17", ""),
            ("", ""),
        ];
        for (q, facets) in queries {
            let words: Vec<String> = q
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            let matching: Vec<&Listed> = listed
                .iter()
                // Every word found in a text in some language (as that
                // language analyses it), or among the words of no language.
                .filter(|p| {
                    words.iter().all(|w| {
                        (0..=PLAIN).any(|l| {
                            analysed(l, w)
                                .into_iter()
                                .all(|x| p.words.contains(&(l, x)))
                        })
                    })
                })
                .filter(|p| {
                    facets
                        .split('&')
                        .filter(|f| !f.is_empty())
                        .all(|f| match f.split_once('=') {
                            Some(("level", v)) => p.level.as_deref() == Some(v),
                            Some(("policy_area", v)) => p.policy_area.as_deref() == Some(v),
                            _ => panic!("{f}"),
                        })
                })
                .collect();
            assert!(!matching.is_empty(), "{q} {facets}");
            // The mean as shown, to a tenth.
            let rating = |p: &Listed| {
                if p.rating_count > 0 {
                    (f64::from(p.rating_sum) / f64::from(p.rating_count) * 10.0).round() / 10.0
                } else {
                    0.0
                }
            };
            for sort in ["newest", "most_adopted", "best_rated", "relevance"] {
                let mut want: Vec<&Listed> = matching.clone();
                match sort {
                    "newest" => want.sort_by(|a, b| {
                        (b.published_at, b.created_at, b.id).cmp(&(
                            a.published_at,
                            a.created_at,
                            a.id,
                        ))
                    }),
                    "most_adopted" => want.sort_by_key(|p| std::cmp::Reverse((p.adoptions, p.id))),
                    "best_rated" => want.sort_by(|a, b| {
                        rating(b)
                            .total_cmp(&rating(a))
                            .then((b.rating_count, b.id).cmp(&(a.rating_count, a.id)))
                    }),
                    // The scores are not shown: the order is checked as a set.
                    _ => want.sort_by_key(|p| p.id),
                }
                let want: Vec<i64> = want.iter().map(|p| i64::from(p.id)).collect();
                let mut got: Vec<i64> = Vec::new();
                for page in 1.. {
                    let url = format!(
                        "/api/v1/practices?q={}{facets}&sort={sort}&page={page}",
                        q.replace(' ', "+")
                    );
                    let r = client.get(&url).await;
                    assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.text());
                    let body = r.json();
                    assert_eq!(
                        body["meta"]["total"].as_i64(),
                        Some(want.len() as i64),
                        "{url}"
                    );
                    let hits = body["practices"].as_array().unwrap();
                    let ids: Vec<i64> = hits.iter().map(|p| p["id"].as_i64().unwrap()).collect();
                    // Each hit shows its own owner and facet values.
                    for hit in hits {
                        let p = listed
                            .iter()
                            .find(|p| i64::from(p.id) == hit["id"])
                            .unwrap();
                        assert_eq!(hit["owner"], p.owner.as_str(), "{url}");
                        assert_eq!(hit["level"].as_str(), p.level.as_deref(), "{url}");
                        assert_eq!(
                            hit["policy_area"].as_str(),
                            p.policy_area.as_deref(),
                            "{url}"
                        );
                    }
                    if page == 1 {
                        // The facets count every match, not a page.
                        let count = |name: &str, value: Option<&str>| {
                            body["facets"][name]
                                .as_array()
                                .unwrap()
                                .iter()
                                .find(|v| v[0].as_str() == value)
                                .map_or(0, |v| v[1].as_i64().unwrap())
                        };
                        for level in ["local", "regional", "national", "eu"] {
                            let n = matching
                                .iter()
                                .filter(|p| p.level.as_deref() == Some(level))
                                .count();
                            assert_eq!(count("level", Some(level)), n as i64, "{url} {level}");
                        }
                        let n = matching
                            .iter()
                            .filter(|p| p.policy_area.as_deref() == Some("health"))
                            .count();
                        assert_eq!(count("policy_area", Some("health")), n as i64, "{url}");
                    }
                    if ids.is_empty() {
                        break;
                    }
                    assert!(ids.len() <= 20, "{url}");
                    got.extend(ids);
                }
                if sort == "relevance" {
                    got.sort_unstable();
                }
                assert_eq!(got, want, "{q} {facets} {sort}");
            }
        }
    }
);
