//! The good-practice catalogue: search with facets (all in the query string,
//! so every search is a shareable URL) and the practice page.

use dioxus::prelude::*;

use crate::components::{CsrfField, ErrorSummary, FormState, Notice, Pager, TextField};
use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{AdoptionView, PracticeDetail, SearchResult};
use crate::pages::plan_forms::TextArea;

/// The current search, as in the query string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    /// Words.
    pub q: String,
    /// Level.
    pub level: String,
    /// Licence.
    pub licence: String,
    /// Tag.
    pub tag: String,
    /// Sort.
    pub sort: String,
}

impl Filters {
    /// The catalogue URL for these filters with one of them changed (`""` removes it).
    pub fn href_with(&self, key: &str, value: &str) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("q", self.q.clone()),
            ("level", self.level.clone()),
            ("licence", self.licence.clone()),
            ("tag", self.tag.clone()),
            ("sort", self.sort.clone()),
        ];
        for p in pairs.iter_mut() {
            if p.0 == key {
                p.1 = value.to_owned();
            }
        }
        let query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        if query.is_empty() {
            "/practices".into()
        } else {
            format!("/practices?{}", query.join("&"))
        }
    }
}

fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Renders the catalogue.
pub fn render_catalogue(ctx: &PageCtx, filters: &Filters, result: &SearchResult) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { Catalogue { ctx: ctx.clone(), filters: filters.clone(), result: result.clone() } },
    )
}

/// What the practice page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticePageView {
    /// The practice.
    pub practice: PracticeDetail,
    /// Whether the reader may declare an adoption.
    pub can_declare: bool,
    /// Values and errors of the adoption form.
    pub form: FormState,
    /// A notice after an action.
    pub notice: Option<String>,
}

/// Renders a practice.
pub fn render_practice(ctx: &PageCtx, view: &PracticePageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PracticePage { ctx: ctx.clone(), view: view.clone() } },
    )
}

/// Renders the adoptions awaiting a decision.
pub fn render_decisions(ctx: &PageCtx, list: &[AdoptionView], notice: Option<String>) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { DecisionsPage { ctx: ctx.clone(), list: list.to_vec(), notice } },
    )
}

#[component]
fn DecisionsPage(ctx: PageCtx, list: Vec<AdoptionView>, notice: Option<String>) -> Element {
    let tr = ctx.tr;
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("adoptions-title"), nav: Nav::Practices,
            h1 { {tr.t("adoptions-title")} }
            if let Some(n) = &notice { Notice { text: n.clone() } }
            if list.is_empty() { p { {tr.t("list-empty")} } }
            ul { class: "practice-list",
                for a in list.iter() {
                    li { key: "{a.id}", class: "card",
                        h2 { a { href: "/practices/{a.practice_id}", "{a.practice}" } }
                        p { strong { "{a.organisation}" } " · " {a.adopted_on.to_string()} }
                        p { strong { {tr.t("field-context")} ": " } "{a.context}" }
                        p { strong { {tr.t("field-outcome")} ": " } "{a.outcome}" }
                        form { method: "post", action: "/adoptions/{a.id}/decision", class: "inline-actions",
                            CsrfField { token: ctx.csrf.clone() }
                            button { r#type: "submit", name: "decision", value: "confirm", class: "button", {tr.t("adoption-confirm")} span { class: "visually-hidden", " – {a.organisation}" } }
                            button { r#type: "submit", name: "decision", value: "reject", class: "button secondary", {tr.t("adoption-reject")} span { class: "visually-hidden", " – {a.organisation}" } }
                        }
                    }
                }
            }
        }
    }
}

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
    let current = match key.as_str() {
        "level" => filters.level.clone(),
        "licence" => filters.licence.clone(),
        _ => filters.tag.clone(),
    };
    let label = |v: &str| {
        if prefix.is_empty() {
            v.to_owned()
        } else {
            tr.label(&prefix, v)
        }
    };
    rsx! {
        section { class: "facet", aria_labelledby: "facet-{key}",
            h2 { id: "facet-{key}", "{title}" }
            if !current.is_empty() {
                p { a { href: "{filters.href_with(&key, \"\")}", {tr.ta("facet-remove", &[("value", label(&current))])} } }
            }
            ul {
                for (value, n) in counts.iter() {
                    li { key: "{value}",
                        if *value == current {
                            strong { aria_current: "true", {label(value)} " ({n})" }
                        } else {
                            a { href: "{filters.href_with(&key, value)}", {label(value)} } " ({n})"
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn Catalogue(ctx: PageCtx, filters: Filters, result: SearchResult) -> Element {
    let tr = ctx.tr;
    let sorts: Vec<(&str, String)> = vec![
        ("", tr.t("sort-default")),
        ("relevance", tr.t("sort-relevance")),
        ("newest", tr.t("sort-newest")),
        ("title", tr.t("sort-title")),
        ("most_adopted", tr.t("sort-most-adopted")),
    ];
    let base = filters.href_with("page", "");
    rsx! {
        Layout { ctx: ctx.clone(), title: tr.t("practices-title"), nav: Nav::Practices,
            h1 { {tr.t("practices-title")} }
            p { class: "lead", {tr.t("practices-lead")} }
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
                if !filters.level.is_empty() { input { r#type: "hidden", name: "level", value: "{filters.level}" } }
                if !filters.licence.is_empty() { input { r#type: "hidden", name: "licence", value: "{filters.licence}" } }
                if !filters.tag.is_empty() { input { r#type: "hidden", name: "tag", value: "{filters.tag}" } }
                button { r#type: "submit", class: "button", {tr.t("practices-search-submit")} }
            }
            div { class: "catalogue",
                div { class: "facets",
                    FacetList { tr, filters: filters.clone(), facet: "level", title: tr.t("field-level"), prefix: "org-level", counts: result.facets.level.clone() }
                    FacetList { tr, filters: filters.clone(), facet: "licence", title: tr.t("field-licence"), prefix: "", counts: result.facets.licence.clone() }
                    FacetList { tr, filters: filters.clone(), facet: "tag", title: tr.t("field-tags"), prefix: "", counts: result.facets.tag.clone() }
                }
                div { class: "results",
                    p { role: "status", {tr.ta("practices-count", &[("count", result.total.to_string())])} }
                    ul { class: "practice-list",
                        for p in result.practices.iter() {
                            li { key: "{p.id}", class: "card",
                                h2 { a { href: "/practices/{p.id}", "{p.title}" } }
                                p {
                                    for (i, (marked, s)) in segments(&p.summary).into_iter().enumerate() {
                                        if marked { mark { key: "{i}", "{s}" } } else { span { key: "{i}", "{s}" } }
                                    }
                                }
                                p { class: "meta",
                                    if let Some(l) = &p.level { {tr.label("org-level", l)} " · " }
                                    if let Some(l) = &p.licence { "{l}" }
                                    if p.adoptions > 0 { " · " {tr.ta("adoptions-count", &[("count", p.adoptions.to_string())])} }
                                    if p.fallback { " · " {tr.ta("practice-fallback", &[("lang", p.lang.clone())])} }
                                }
                            }
                        }
                    }
                    if result.total > result.per_page {
                        Pager { tr, base, page: result.page, per_page: result.per_page, total: result.total }
                    }
                }
            }
        }
    }
}

#[component]
fn PracticePage(ctx: PageCtx, view: PracticePageView) -> Element {
    let tr = ctx.tr;
    let p = view.practice.clone();
    let form = view.form.clone();
    let labels = vec![
        ("adopted_on".to_string(), tr.t("field-adopted-on")),
        ("context".to_string(), tr.t("field-context")),
        ("outcome".to_string(), tr.t("field-outcome")),
    ];
    let sections = [
        ("practice-summary", p.summary.clone()),
        ("practice-problem", p.problem.clone()),
        ("practice-solution", p.solution.clone()),
        ("practice-results", p.results.clone()),
        ("practice-lessons", p.lessons.clone()),
        ("practice-conditions", p.conditions.clone()),
    ];
    rsx! {
        Layout { ctx: ctx.clone(), title: p.title.clone(), nav: Nav::Practices,
            p { a { href: "/practices", {tr.t("back-to-practices")} } }
            h1 { lang: "{p.lang}", "{p.title}" }
            if p.fallback {
                p { class: "notice", role: "note", {tr.ta("practice-fallback", &[("lang", p.lang.clone())])} }
            }
            dl { class: "summary-list",
                div { dt { {tr.t("field-owner")} } dd { "{p.owner}" } }
                if let Some(l) = &p.level { div { dt { {tr.t("field-level")} } dd { {tr.label("org-level", l)} } } }
                if let Some(l) = &p.licence { div { dt { {tr.t("field-licence")} } dd { "{l}" } } }
                div { dt { {tr.t("practice-languages")} } dd { {p.languages.join(", ")} } }
            }
            for (key, text) in sections.iter() {
                if !text.is_empty() {
                    section { aria_labelledby: "{key}",
                        h2 { id: "{key}", {tr.t(key)} }
                        for (i, para) in text.lines().enumerate() { p { key: "{i}", lang: "{p.lang}", "{para}" } }
                    }
                }
            }
            if !p.tags.is_empty() {
                h2 { {tr.t("field-tags")} }
                ul { class: "tag-list",
                    for t in p.tags.iter() { li { key: "{t}", a { href: "{Filters::default().href_with(\"tag\", t)}", "{t}" } } }
                }
            }
            if !p.links.is_empty() {
                h2 { {tr.t("practice-links")} }
                ul { for l in p.links.iter() { li { key: "{l}", a { href: "{l}", rel: "noopener", "{l}" } } } }
            }
            section { aria_labelledby: "adoptions-title",
                h2 { id: "adoptions-title", {tr.ta("adoptions-confirmed", &[("count", p.adoptions.len().to_string())])} }
                if let Some(n) = &view.notice { Notice { text: n.clone() } }
                ul {
                    for a in p.adoptions.iter() {
                        li { key: "{a.id}",
                            strong { "{a.organisation}" }
                            if let Some(t) = &a.territory_code { " ({t})" }
                            " · " {a.adopted_on.to_string()} ": " "{a.context}" " – " "{a.outcome}"
                        }
                    }
                }
                if view.can_declare {
                    h3 { {tr.t("adoption-declare")} }
                    ErrorSummary { tr, form: form.clone(), labels }
                    form { method: "post", action: "/practices/{p.id}/adoptions", class: "form", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        TextField { tr, form: form.clone(), name: "adopted_on", label: tr.t("field-adopted-on"), hint: tr.t("hint-date"), required: true }
                        TextArea { ctx: ctx.clone(), form: form.clone(), name: "context", label: tr.t("field-context") }
                        TextArea { ctx: ctx.clone(), form: form.clone(), name: "outcome", label: tr.t("field-outcome") }
                        button { r#type: "submit", class: "button", {tr.t("adoption-declare-submit")} }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_segments_and_urls() {
        assert_eq!(
            segments("a [[b]] c"),
            vec![
                (false, "a ".into()),
                (true, "b".into()),
                (false, " c".into())
            ]
        );
        assert_eq!(segments("[[x"), vec![(false, "x".into())]);
        let f = Filters {
            q: "città & co".into(),
            ..Default::default()
        };
        assert_eq!(
            f.href_with("level", "eu"),
            "/practices?q=citt%C3%A0%20%26%20co&level=eu"
        );
        assert_eq!(Filters::default().href_with("tag", ""), "/practices");
    }
}
