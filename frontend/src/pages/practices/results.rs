//! The catalogue's search results written straight as HTML text, the facet
//! lists and the hits: the hot path of every new search.

use std::fmt::Write;

use super::catalogue::{FACETS, Filters};
use super::{licence_name, rating_text, tag_label};
use crate::i18n::Tr;
use crate::model::{Facets, PracticeHit};

/// Splits `[[…]]` markers into plain and marked segments.
fn segments(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("[[") {
        if i > 0 {
            out.push((false, rest[..i].to_owned()));
        }
        let after = &rest[i + 2..];
        match after.find("]]") {
            Some(j) => {
                out.push((true, after[..j].to_owned()));
                rest = &after[j + 2..];
            }
            None => {
                out.push((false, after.to_owned()));
                rest = "";
            }
        }
    }
    if !rest.is_empty() {
        out.push((false, rest.to_owned()));
    }
    out
}

/// A facet value's label: translated for closed sets, as stored otherwise.
fn facet_label(tr: Tr, prefix: &str, v: &str) -> String {
    if prefix == "licence" {
        licence_name(tr, v)
    } else if prefix == "tag" {
        tag_label(tr, v)
    } else if prefix == "territory" {
        crate::pages::territory_label(v)
    } else {
        tr.label(prefix, v)
    }
}

/// Appends `s` to `out`, escaped for HTML text and attribute values the way
/// Dioxus escapes them (askama_escape), so the written lists read as if
/// rendered by components.
fn escaped(out: &mut String, s: &str) {
    let _ = askama_escape::escape_html(&mut *out, s);
}

/// The facet lists of a search, as HTML. A search page links every value of
/// eight facets and shows a page of hits: written as text, they spare the
/// hundreds of Dioxus nodes that would be built, rendered and dropped one by
/// one on every new search.
pub(super) fn facets_html(tr: Tr, filters: &Filters, facets: &Facets) -> String {
    let mut out = String::with_capacity(16 * 1024);
    for (key, title, prefix) in FACETS {
        let counts = match key {
            "policy_area" => &facets.policy_area,
            "level" => &facets.level,
            "territory" => &facets.territory,
            "sdg" => &facets.sdg,
            "stage" => &facets.stage,
            "licence" => &facets.licence,
            "owner_kind" => &facets.owner_kind,
            _ => &facets.tag,
        };
        let current = filters.get(key);
        if counts.is_empty() && current.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            r#"<section class="facet" aria-labelledby="facet-{key}"><h2 id="facet-{key}">"#
        );
        escaped(&mut out, &tr.t(title));
        out.push_str("</h2>");
        if !current.is_empty() {
            out.push_str(r#"<p><a href=""#);
            escaped(&mut out, &filters.href_with(key, ""));
            out.push_str(r#"">"#);
            let label = facet_label(tr, prefix, &current);
            escaped(&mut out, &tr.ta("facet-remove", &[("value", label)]));
            out.push_str("</a></p>");
        }
        out.push_str("<ul>");
        for (value, n) in counts {
            let label = facet_label(tr, prefix, value);
            if *value == current {
                out.push_str(r#"<li><strong aria-current="true">"#);
                escaped(&mut out, &label);
                let _ = write!(out, " ({n})</strong></li>");
            } else {
                out.push_str(r#"<li><a href=""#);
                escaped(&mut out, &filters.href_with(key, value));
                out.push_str(r#"">"#);
                escaped(&mut out, &label);
                let _ = write!(out, "</a> ({n})</li>");
            }
        }
        out.push_str("</ul>");
        let values = match key {
            "territory" => facets.territory_values,
            "tag" => facets.tag_values,
            _ => 0,
        };
        if values > counts.len() as i64 {
            out.push_str(r#"<p><a href=""#);
            escaped(&mut out, &filters.href_all(key));
            out.push_str(r#"">"#);
            escaped(
                &mut out,
                &tr.ta(
                    &format!("facet-show-all-{key}"),
                    &[("count", values.to_string())],
                ),
            );
            out.push_str("</a></p>");
        }
        out.push_str("</section>");
    }
    out
}

/// The hits of a search, as the HTML items of its list (see [`facets_html`]).
pub(super) fn hits_html(tr: Tr, practices: &[PracticeHit]) -> String {
    let mut out = String::with_capacity(16 * 1024);
    for p in practices {
        let _ = write!(
            out,
            r#"<li class="card"><h2><a href="/practices/{}">"#,
            p.id
        );
        escaped(&mut out, &p.title);
        out.push_str(r#"</a></h2><p class="meta">"#);
        escaped(&mut out, &p.owner);
        if let Some(a) = &p.policy_area {
            out.push_str(" · ");
            escaped(&mut out, &tr.label("policy-area", a));
        }
        if let Some(l) = &p.level {
            out.push_str(" · ");
            escaped(&mut out, &tr.label("org-level", l));
        }
        if let Some(t) = &p.territory_code {
            out.push_str(" · ");
            escaped(&mut out, &crate::pages::territory_label(t));
        }
        out.push_str("</p><p>");
        for (marked, s) in segments(&p.summary) {
            let tag = if marked { "mark" } else { "span" };
            let _ = write!(out, "<{tag}>");
            escaped(&mut out, &s);
            let _ = write!(out, "</{tag}>");
        }
        out.push_str(r#"</p><p class="meta">"#);
        escaped(
            &mut out,
            &tr.ta("adoptions-count", &[("count", p.adoptions.to_string())]),
        );
        out.push_str(" · ");
        escaped(&mut out, &rating_text(tr, p.rating, p.ratings));
        if let Some(l) = &p.licence {
            out.push_str(" · ");
            escaped(&mut out, &licence_name(tr, l));
        }
        if p.fallback {
            out.push_str(" · ");
            escaped(
                &mut out,
                &tr.ta("practice-fallback", &[("lang", p.lang.clone())]),
            );
        }
        out.push_str("</p></li>");
    }
    out
}

#[cfg(test)]
mod tests {
    use dioxus::prelude::*;

    use super::*;
    use crate::model::SearchResult;

    #[test]
    fn marked_segments() {
        assert_eq!(
            segments("a [[b]] c"),
            vec![
                (false, "a ".into()),
                (true, "b".into()),
                (false, " c".into())
            ]
        );
        assert_eq!(segments("[[x"), vec![(false, "x".into())]);
    }

    // The facet lists and hits as components: the reference that
    // [`facets_html`] and [`hits_html`] must match, byte for byte.
    #[component]
    fn FacetList(
        tr: Tr,
        filters: Filters,
        facet: String,
        title: String,
        prefix: String,
        counts: Vec<(String, i64)>,
    ) -> Element {
        let key = facet;
        let current = filters.get(&key);
        if counts.is_empty() && current.is_empty() {
            return rsx! {};
        }
        rsx! {
            section { class: "facet", aria_labelledby: "facet-{key}",
                h2 { id: "facet-{key}", "{title}" }
                if !current.is_empty() {
                    p { a { href: "{filters.href_with(&key, \"\")}", {tr.ta("facet-remove", &[("value", facet_label(tr, &prefix, &current))])} } }
                }
                ul {
                    for (value, n) in counts.iter() {
                        li { key: "{value}",
                            if *value == current {
                                strong { aria_current: "true", {facet_label(tr, &prefix, value)} " ({n})" }
                            } else {
                                a { href: "{filters.href_with(&key, value)}", {facet_label(tr, &prefix, value)} } " ({n})"
                            }
                        }
                    }
                }
            }
        }
    }

    #[component]
    fn Reference(tr: Tr, filters: Filters, result: SearchResult) -> Element {
        let facets = &result.facets;
        let counts = |k: &str| -> Vec<(String, i64)> {
            match k {
                "policy_area" => facets.policy_area.clone(),
                "level" => facets.level.clone(),
                "territory" => facets.territory.clone(),
                "sdg" => facets.sdg.clone(),
                "stage" => facets.stage.clone(),
                "licence" => facets.licence.clone(),
                "owner_kind" => facets.owner_kind.clone(),
                _ => facets.tag.clone(),
            }
        };
        rsx! {
            div { class: "facets",
                for (k, title, prefix) in FACETS {
                    FacetList { key: "{k}", tr, filters: filters.clone(), facet: k, title: tr.t(title), prefix, counts: counts(k) }
                }
            }
            ul { class: "practice-list",
                for p in result.practices.iter() {
                    li { key: "{p.id}", class: "card",
                        h2 { a { href: "/practices/{p.id}", "{p.title}" } }
                        p { class: "meta", "{p.owner}"
                            if let Some(a) = &p.policy_area { " · " {tr.label("policy-area", a)} }
                            if let Some(l) = &p.level { " · " {tr.label("org-level", l)} }
                            if let Some(t) = &p.territory_code { " · {t}" }
                        }
                        p {
                            for (i, (marked, s)) in segments(&p.summary).into_iter().enumerate() {
                                if marked { mark { key: "{i}", "{s}" } } else { span { key: "{i}", "{s}" } }
                            }
                        }
                        p { class: "meta",
                            {tr.ta("adoptions-count", &[("count", p.adoptions.to_string())])}
                            " · " {rating_text(tr, p.rating, p.ratings)}
                            if let Some(l) = &p.licence { " · " {licence_name(tr, l)} }
                            if p.fallback { " · " {tr.ta("practice-fallback", &[("lang", p.lang.clone())])} }
                        }
                    }
                }
            }
        }
    }

    fn hit(id: i32, title: &str, summary: &str, fallback: bool) -> PracticeHit {
        PracticeHit {
            id,
            title: title.into(),
            summary: summary.into(),
            lang: "it".into(),
            fallback,
            owner: "Comune di \"Prato\" <ufficio> & co".into(),
            level: Some("local".into()),
            policy_area: (id % 2 == 0).then(|| "health".into()),
            innovation_stage: None,
            territory_code: Some("IT'I4".into()),
            licence: (id % 3 == 0).then(|| "CC-BY-4.0".into()),
            tags: vec![],
            adoptions: i64::from(id),
            rating: (id % 2 == 1).then_some(4.25),
            ratings: 3,
            published_at: None,
        }
    }

    #[test]
    fn written_lists_match_the_components() {
        let counts = |values: &[&str]| -> Vec<(String, i64)> {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| ((*v).to_owned(), 10 - i as i64))
                .collect()
        };
        let result = SearchResult {
            practices: vec![
                hit(
                    1,
                    "Sportello <b>unico</b> & \"dati\"",
                    "a [[servizi]] <i>x</i> [[dati]]",
                    true,
                ),
                hit(2, "O'Brien's plan", "[[x]]", false),
                hit(3, "", "", false),
            ],
            total: 3,
            page: 1,
            per_page: 20,
            suggestion: None,
            facets: Facets {
                policy_area: counts(&["health", "digital"]),
                level: counts(&["local"]),
                territory: counts(&["ITI4", "<script>", "a&b"]),
                territory_values: 3,
                sdg: counts(&["3", "11"]),
                stage: vec![],
                licence: counts(&["CC-BY-4.0", "\"quoted\""]),
                owner_kind: counts(&["municipality"]),
                tag: counts(&["open data", "it's", "x<y"]),
                tag_values: 3,
            },
        };
        let filters = [
            Filters::default(),
            Filters {
                q: "servizi \"dati\" & <co>".into(),
                facets: vec![
                    ("policy_area".into(), "health".into()),
                    ("territory".into(), "<script>".into()),
                    ("stage".into(), "pilot".into()),
                ],
                sort: "title".into(),
                all: String::new(),
            },
        ];
        for lang in crate::Lang::ALL {
            let tr = Tr::new(lang);
            for f in &filters {
                let reference = dioxus_ssr::render_element(rsx! {
                    Reference { tr, filters: f.clone(), result: result.clone() }
                });
                let written = format!(
                    r#"<div class="facets">{}</div><ul class="practice-list">{}</ul>"#,
                    facets_html(tr, f, &result.facets),
                    hits_html(tr, &result.practices)
                );
                assert_eq!(written, reference, "{lang:?} {f:?}");
                assert!(!written.contains("<script>") && !written.contains("<b>"));
            }
        }
    }
}
