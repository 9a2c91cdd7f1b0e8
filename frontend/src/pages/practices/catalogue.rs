//! The good-practice catalogue: search with facets, all in the query string
//! so that every search is a shareable URL.

use dioxus::prelude::*;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};

use super::results::{facets_html, hits_html};
use crate::components::Pager;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::SearchResult;

/// The facets of the catalogue, in display order: (query key, label message, label prefix).
pub const FACETS: [(&str, &str, &str); 8] = [
    ("policy_area", "field-policy-area", "policy-area"),
    ("level", "field-level", "org-level"),
    ("territory", "field-territory", "territory"),
    ("sdg", "field-sdgs", "sdg"),
    ("stage", "field-stage", "stage"),
    ("licence", "field-licence", "licence"),
    ("owner_kind", "field-owner-kind", "org-kind"),
    ("tag", "field-tags", "tag"),
];

/// The current search, as in the query string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    /// Words.
    pub q: String,
    /// Facet values by query key (`level`, `tag`, …); empty ones are absent.
    pub facets: Vec<(String, String)>,
    /// Sort.
    pub sort: String,
    /// The facet shown with all its values (not kept by other links).
    pub all: String,
}

impl Filters {
    /// The value of a facet (`""` when not set).
    pub fn get(&self, key: &str) -> String {
        self.facets
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The catalogue URL for these filters with one of them changed (`""` removes it).
    /// Written into one string: the catalogue's facet lists call it for
    /// every value they link.
    pub fn href_with(&self, key: &str, value: &str) -> String {
        use std::fmt::Write;
        let mut url = String::with_capacity(64);
        url.push_str("/practices");
        let mut add = |k: &str, v: &str| {
            let v = if k == key { value } else { v };
            if !v.is_empty() {
                url.push(if url.len() == "/practices".len() {
                    '?'
                } else {
                    '&'
                });
                let _ = write!(url, "{k}={}", percent_encode(v.as_bytes(), QUERY_VALUE));
            }
        };
        add("q", &self.q);
        for (k, _, _) in FACETS {
            let v = self
                .facets
                .iter()
                .find(|(f, _)| f == k)
                .map_or("", |(_, v)| v);
            add(k, v);
        }
        add("sort", &self.sort);
        url
    }

    /// The catalogue URL for these filters with every value of `facet` shown.
    pub fn href_all(&self, facet: &str) -> String {
        let mut url = self.href_with("page", "");
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str("all=");
        url.push_str(facet);
        url
    }
}

/// What a query string value keeps unescaped: the unreserved characters of
/// RFC 3986.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Renders the catalogue.
pub fn render_catalogue(ctx: &PageCtx, filters: &Filters, result: &SearchResult) -> String {
    let shown = Shown {
        facets: facets_html(ctx.tr, filters, &result.facets),
        hits: hits_html(ctx.tr, &result.practices),
        total: result.total,
        page: result.page,
        per_page: result.per_page,
        suggestion: result.suggestion.as_ref().map(|q| {
            let corrected = Filters {
                q: q.clone(),
                ..filters.clone()
            };
            (q.clone(), corrected.href_with("page", ""))
        }),
    };
    crate::render_document(
        ctx.tr.lang,
        rsx! { Catalogue { ctx: ctx.clone(), filters: filters.clone(), shown } },
    )
}

/// What the catalogue page shows of a search: its facet lists and hits
/// already written as HTML ([`facets_html`], [`hits_html`]), and where the
/// page is.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    facets: String,
    hits: String,
    total: i64,
    page: i64,
    per_page: i64,
    /// The corrected query, and the link to search it alone.
    suggestion: Option<(String, String)>,
}

#[component]
fn Catalogue(ctx: PageCtx, filters: Filters, shown: Shown) -> Element {
    let tr = ctx.tr;
    let sorts: Vec<(&str, String)> = vec![
        ("", tr.t("sort-default")),
        ("relevance", tr.t("sort-relevance")),
        ("newest", tr.t("sort-newest")),
        ("most_adopted", tr.t("sort-most-adopted")),
        ("best_rated", tr.t("sort-best-rated")),
        ("title", tr.t("sort-title")),
    ];
    let base = filters.href_with("page", "");
    let can_share = ctx.user.is_some();
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("practices-title"), nav: Nav::Practices,
            a { class: "skip-link", href: "#results", {tr.t("practices-skip-to-results")} }
            h1 { {tr.t("practices-title")} }
            p { class: "lead", {tr.t("practices-lead-facets")} }
            if can_share {
                p { class: "inline-actions",
                    a { class: "button", href: "/practices/new", {tr.t("practice-new")} }
                    a { class: "button secondary", href: "/practices/manage", {tr.t("practices-manage")} }
                }
            }
            form { method: "get", action: "/practices", class: "search-form", role: "search",
                div { class: "field",
                    label { r#for: "field-q", class: "field-label", {tr.t("practices-search")} }
                    input { id: "field-q", name: "q", r#type: "search", value: "{filters.q}", maxlength: "200" }
                }
                div { class: "field",
                    label { r#for: "field-sort", class: "field-label", {tr.t("practices-sort")} }
                    select { id: "field-sort", name: "sort",
                        for (v, l) in sorts.iter() { option { value: "{v}", selected: filters.sort == *v, "{l}" } }
                    }
                }
                for (k, v) in filters.facets.iter() {
                    input { key: "{k}", r#type: "hidden", name: "{k}", value: "{v}" }
                }
                button { r#type: "submit", class: "button", {tr.t("practices-search-submit")} }
            }
            div { class: "catalogue",
                div { class: "results", id: "results", tabindex: "-1",
                    p { role: "status", {tr.ta("practices-count", &[("count", shown.total.to_string())])} }
                    if let Some((q, href)) = shown.suggestion.as_ref() {
                        p { class: "suggestion",
                            {tr.t("practices-did-you-mean")}
                            " "
                            a { href: "{href}", "{q}" }
                        }
                        p { class: "meta", {tr.t("practices-near-shown")} }
                    }
                    ul { class: "practice-list", dangerous_inner_html: shown.hits }
                    if shown.total > shown.per_page {
                        Pager { tr, base, page: shown.page, per_page: shown.per_page, total: shown.total }
                    }
                }
                // Open: a closed one would hide the facets on wide screens too
                // (CSS that shows them anyway leaves them hidden to assistive
                // technologies); after the results, folding them is a choice.
                details { class: "facet-panel", open: true,
                    summary { {tr.t("practices-filters")} }
                    div { class: "facets", dangerous_inner_html: shown.facets }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let f = Filters {
            q: "città & co".into(),
            facets: vec![("sdg".into(), "4".into())],
            ..Default::default()
        };
        assert_eq!(
            f.href_with("level", "eu"),
            "/practices?q=citt%C3%A0%20%26%20co&level=eu&sdg=4"
        );
        assert_eq!(Filters::default().href_with("tag", ""), "/practices");
        let sorted = Filters {
            sort: "title".into(),
            ..f
        };
        assert_eq!(
            sorted.href_with("sdg", "~5"),
            "/practices?q=citt%C3%A0%20%26%20co&sdg=~5&sort=title"
        );
        assert_eq!(sorted.href_with("q", ""), "/practices?sdg=4&sort=title");
        assert_eq!(
            sorted.href_all("tag"),
            "/practices?q=citt%C3%A0%20%26%20co&sdg=4&sort=title&all=tag"
        );
        assert_eq!(Filters::default().href_all("tag"), "/practices?all=tag");
    }
}
