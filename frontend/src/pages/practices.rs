//! The good-practice catalogue: search with facets (all in the query string,
//! so every search is a shareable URL) and the practice page.

use std::fmt::Write;

use dioxus::prelude::*;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};

use crate::components::{CsrfField, ErrorSummary, FormState, Notice, Pager, TextField};
use crate::i18n::Tr;
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{
    AdoptionView, Facets, LinkedNode, PracticeDetail, PracticeHit, RatingView, SearchResult,
};
use crate::pages::plan_forms::TextArea;

/// The facets of the catalogue, in display order: (query key, label message, label prefix).
pub const FACETS: [(&str, &str, &str); 8] = [
    ("policy_area", "field-policy-area", "policy-area"),
    ("level", "field-level", "org-level"),
    ("territory", "field-territory", ""),
    ("sdg", "field-sdgs", "sdg"),
    ("stage", "field-stage", "stage"),
    ("licence", "field-licence", ""),
    ("owner_kind", "field-owner-kind", "org-kind"),
    ("tag", "field-tags", ""),
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
    };
    crate::render_document(
        ctx.tr.lang,
        rsx! { Catalogue { ctx: ctx.clone(), filters: filters.clone(), shown } },
    )
}

/// What the catalogue page shows of a search: its facet lists and hits
/// already written ([`facets_html`], [`hits_html`]), and where the page is.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    facets: String,
    hits: String,
    total: i64,
    page: i64,
    per_page: i64,
}

/// What the practice page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PracticePageView {
    /// The practice.
    pub practice: Option<PracticeDetail>,
    /// Whether the reader may declare an adoption.
    pub can_declare: bool,
    /// Whether the reader may rate it.
    pub can_rate: bool,
    /// The reader's own rating.
    pub my_rating: Option<RatingView>,
    /// Whether the reader may edit its content.
    pub can_edit: bool,
    /// Whether the reader may add texts in another language.
    pub can_translate: bool,
    /// Workflow steps the reader may take (`submit`, `publish`, `return`, `archive`, `restore`).
    pub steps: Vec<String>,
    /// Actions the reader may link the practice to (planners).
    pub linkable: Vec<LinkedNode>,
    /// Values and errors of the form that was sent.
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

/// A facet value's label: translated for closed sets, as stored otherwise.
fn facet_label(tr: Tr, prefix: &str, v: &str) -> String {
    if prefix.is_empty() {
        v.to_owned()
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
/// eight facets (a hundred links or more) and shows twenty hits: written as
/// text, they cost a few microseconds, where hundreds of Dioxus nodes would
/// be built, rendered and dropped one by one on every new search.
fn facets_html(tr: Tr, filters: &Filters, facets: &Facets) -> String {
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
        out.push_str("</ul></section>");
    }
    out
}

/// The hits of a search, as the HTML items of its list (see [`facets_html`]).
fn hits_html(tr: Tr, practices: &[PracticeHit]) -> String {
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
            escaped(&mut out, t);
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
            escaped(&mut out, l);
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

/// Mean stars as "4.5 ★ (2)" in words for screen readers too.
fn rating_text(tr: Tr, mean: Option<f64>, count: i64) -> String {
    match mean {
        Some(m) => tr.ta(
            "rating-mean",
            &[("mean", format!("{m:.1}")), ("count", count.to_string())],
        ),
        None => tr.t("rating-none"),
    }
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
                div { class: "facets", dangerous_inner_html: shown.facets }
                div { class: "results",
                    p { role: "status", {tr.ta("practices-count", &[("count", shown.total.to_string())])} }
                    ul { class: "practice-list", dangerous_inner_html: shown.hits }
                    if shown.total > shown.per_page {
                        Pager { tr, base, page: shown.page, per_page: shown.per_page, total: shown.total }
                    }
                }
            }
        }
    }
}

#[component]
fn PracticePage(ctx: PageCtx, view: PracticePageView) -> Element {
    let tr = ctx.tr;
    let Some(p) = view.practice.clone() else {
        return rsx! {};
    };
    let form = view.form.clone();
    let labels = vec![
        ("adopted_on".to_string(), tr.t("field-adopted-on")),
        ("context".to_string(), tr.t("field-context")),
        ("outcome".to_string(), tr.t("field-outcome")),
        ("stars".to_string(), tr.t("field-stars")),
        ("review".to_string(), tr.t("field-review")),
        ("comment".to_string(), tr.t("field-review-comment")),
        ("node_id".to_string(), tr.t("field-linked-action")),
    ];
    let sections = [
        ("practice-summary", p.summary.clone()),
        ("practice-problem", p.problem.clone()),
        ("practice-solution", p.solution.clone()),
        ("practice-results", p.results.clone()),
        ("practice-lessons", p.lessons.clone()),
        ("practice-conditions", p.conditions.clone()),
    ];
    let my_stars = form
        .values
        .get("stars")
        .cloned()
        .or_else(|| view.my_rating.as_ref().map(|r| r.stars.to_string()))
        .unwrap_or_default();
    let my_review = form
        .values
        .get("review")
        .cloned()
        .or_else(|| view.my_rating.as_ref().map(|r| r.review.clone()))
        .unwrap_or_default();
    let stars_error = form.error("stars").cloned();
    let unlinkable: Vec<i32> = view.linkable.iter().map(|n| n.plan_id).collect();
    rsx! {
        Layout { ctx: ctx.clone(), title: p.title.clone(), nav: Nav::Practices,
            p { a { href: "/practices", {tr.t("back-to-practices")} } }
            ErrorSummary { tr, form: form.clone(), labels }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            h1 { lang: "{p.lang}", "{p.title}" }
            if p.status != "published" {
                p { class: "notice", role: "note", {tr.ta("practice-status-note", &[("status", tr.label("practice-status", &p.status))])} }
            }
            if let Some(c) = &p.review_comment {
                div { class: "notice", role: "note",
                    strong { {tr.t("practice-review-comment")} } " " "{c}"
                }
            }
            if p.fallback {
                p { class: "notice", role: "note", {tr.ta("practice-fallback", &[("lang", p.lang.clone())])} }
            }
            if view.can_edit || view.can_translate || !view.steps.is_empty() {
                div { class: "inline-actions",
                    if view.can_edit { a { class: "button secondary", href: "/practices/{p.id}/edit", {tr.t("practice-edit")} } }
                    if view.can_translate { a { class: "button secondary", href: "/practices/{p.id}/texts", {tr.t("practice-translate")} } }
                    for step in view.steps.iter().filter(|s| *s != "return") {
                        form { key: "{step}", method: "post", action: "/practices/{p.id}/transition",
                            CsrfField { token: ctx.csrf.clone() }
                            input { r#type: "hidden", name: "action", value: "{step}" }
                            button { r#type: "submit", class: "button", {tr.t(&format!("practice-step-{step}"))} }
                        }
                    }
                }
                if view.steps.iter().any(|s| s == "return") {
                    form { method: "post", action: "/practices/{p.id}/transition", class: "form", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        input { r#type: "hidden", name: "action", value: "return" }
                        TextArea { ctx: ctx.clone(), form: form.clone(), name: "comment", label: tr.t("field-review-comment"), required: true }
                        button { r#type: "submit", class: "button secondary", {tr.t("practice-step-return")} }
                    }
                }
            }
            dl { class: "summary-list",
                div { dt { {tr.t("field-owner")} } dd { "{p.owner}" } }
                if let Some(a) = &p.policy_area { div { dt { {tr.t("field-policy-area")} } dd { {tr.label("policy-area", a)} } } }
                if let Some(l) = &p.level { div { dt { {tr.t("field-level")} } dd { {tr.label("org-level", l)} } } }
                if let Some(c) = &p.country { div { dt { {tr.t("field-country")} } dd { "{c}" } } }
                if let Some(t) = &p.territory_code { div { dt { {tr.t("field-territory")} } dd { "{t}" } } }
                if let Some(s) = &p.innovation_stage { div { dt { {tr.t("field-stage")} } dd { {tr.label("stage", s)} } } }
                if let Some(y) = p.launch_year { div { dt { {tr.t("field-launch-year")} } dd { "{y}" } } }
                if let Some(l) = &p.licence { div { dt { {tr.t("field-licence")} } dd { "{l}" } } }
                if let Some(c) = &p.contact { div { dt { {tr.t("field-contact")} } dd { "{c}" } } }
                if !p.sdgs.is_empty() {
                    div { dt { {tr.t("field-sdgs")} } dd { {p.sdgs.iter().map(|n| tr.label("sdg", &n.to_string())).collect::<Vec<_>>().join("; ")} } }
                }
                div { dt { {tr.t("practice-languages")} } dd { {p.languages.join(", ")} } }
                div { dt { {tr.t("practice-rating")} } dd { {rating_text(tr, p.rating, p.ratings.len() as i64)} } }
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
            section { aria_labelledby: "informs-title",
                h2 { id: "informs-title", {tr.t("practice-informs")} }
                if p.informs.is_empty() { p { {tr.t("practice-informs-none")} } }
                ul {
                    for n in p.informs.iter() {
                        li { key: "{n.node_id}",
                            a { href: "/nodes/{n.node_id}", "{n.code} {n.title}" } " · " "{n.plan}"
                            if unlinkable.contains(&n.plan_id) {
                                form { method: "post", action: "/practices/{p.id}/links/{n.node_id}/delete", class: "inline-form",
                                    CsrfField { token: ctx.csrf.clone() }
                                    button { r#type: "submit", class: "button secondary small", {tr.t("practice-unlink")} span { class: "visually-hidden", " {n.code}" } }
                                }
                            }
                        }
                    }
                }
                if !view.linkable.is_empty() && p.status == "published" {
                    form { method: "post", action: "/practices/{p.id}/links", class: "form", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        div { class: if form.error("node_id").is_some() { "field field-error" } else { "field" },
                            label { r#for: "field-node_id", class: "field-label", {tr.t("field-linked-action")} }
                            if let Some(e) = form.error("node_id") { p { id: "field-node_id-error", class: "field-message", {tr.error(&e.code, &tr.t("field-linked-action"))} } }
                            select { id: "field-node_id", name: "node_id",
                                for n in view.linkable.iter() {
                                    option { key: "{n.node_id}", value: "{n.node_id}", "{n.plan} – {n.code} {n.title}" }
                                }
                            }
                        }
                        button { r#type: "submit", class: "button", {tr.t("practice-link")} }
                    }
                }
            }
            section { aria_labelledby: "adoptions-title",
                h2 { id: "adoptions-title", {tr.ta("adoptions-confirmed", &[("count", p.adoptions.len().to_string())])} }
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
                    form { method: "post", action: "/practices/{p.id}/adoptions", class: "form", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        TextField { tr, form: form.clone(), name: "adopted_on", label: tr.t("field-adopted-on"), hint: tr.t("hint-date"), required: true }
                        TextArea { ctx: ctx.clone(), form: form.clone(), name: "context", label: tr.t("field-context"), required: true }
                        TextArea { ctx: ctx.clone(), form: form.clone(), name: "outcome", label: tr.t("field-outcome"), required: true }
                        button { r#type: "submit", class: "button", {tr.t("adoption-declare-submit")} }
                    }
                }
            }
            section { aria_labelledby: "ratings-title",
                h2 { id: "ratings-title", {tr.t("practice-ratings")} }
                p { {rating_text(tr, p.rating, p.ratings.len() as i64)} }
                ul { class: "rating-list",
                    for r in p.ratings.iter() {
                        li { key: "{r.id}",
                            strong { {tr.ta("rating-stars", &[("stars", r.stars.to_string())])} }
                            " · "
                            if r.author_deleted { {tr.t("author-deleted")} } else { "{r.author}" }
                            if !r.review.is_empty() { p { "{r.review}" } }
                        }
                    }
                }
                if view.can_rate {
                    h3 { if view.my_rating.is_some() { {tr.t("rating-change")} } else { {tr.t("rating-give")} } }
                    form { method: "post", action: "/practices/{p.id}/ratings", class: "form", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        fieldset { class: if stars_error.is_some() { "field field-error" } else { "field" },
                            aria_describedby: stars_error.as_ref().map(|_| "field-stars-error"),
                            legend { class: "field-label", {tr.t("field-stars")} }
                            if let Some(e) = &stars_error { p { id: "field-stars-error", class: "field-message", {tr.error(&e.code, &tr.t("field-stars"))} } }
                            div { class: "radios",
                                for n in 1..=5 {
                                    div { key: "{n}", class: "radio",
                                        input { r#type: "radio", id: if n == 1 { "field-stars".to_string() } else { format!("field-stars-{n}") }, name: "stars", value: "{n}", checked: my_stars == n.to_string() }
                                        label { r#for: if n == 1 { "field-stars".to_string() } else { format!("field-stars-{n}") }, {tr.ta("rating-stars", &[("stars", n.to_string())])} }
                                    }
                                }
                            }
                        }
                        TextArea { ctx: ctx.clone(), form: form.clone().with("review", my_review.clone()), name: "review", label: tr.t("field-review") }
                        button { r#type: "submit", class: "button", {tr.t("rating-submit")} }
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
    }

    // The components the catalogue rendered its facet lists and hits with
    // before they were written as text ([`facets_html`], [`hits_html`]):
    // kept here as the reference the writers must match, byte for byte.
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
                            if let Some(l) = &p.licence { " · {l}" }
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
            facets: Facets {
                policy_area: counts(&["health", "digital"]),
                level: counts(&["local"]),
                territory: counts(&["ITI4", "<script>", "a&b"]),
                sdg: counts(&["3", "11"]),
                stage: vec![],
                licence: counts(&["CC-BY-4.0", "\"quoted\""]),
                owner_kind: counts(&["municipality"]),
                tag: counts(&["open data", "it's", "x<y"]),
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
