//! The practice page: its texts and facts, the workflow steps, the plans'
//! actions it informs, adoptions and ratings, each with its form.

use dioxus::prelude::*;

use super::catalogue::Filters;
use super::rating_text;
use crate::components::{
    ChoiceFieldset, CsrfField, ErrorSummary, FormState, Notice, TextArea, TextField,
};
use crate::layout::{Layout, Nav, PageCtx};
use crate::model::{LinkedNode, PracticeDetail, RatingView, SimilarPractice};

/// What the practice page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PracticePageView {
    /// The practice.
    pub practice: Option<PracticeDetail>,
    /// Whether the reader may declare an adoption.
    pub can_declare: bool,
    /// Whether the reader's organisation declared one that waits for the owner.
    pub declared: bool,
    /// Whether the reader's organisation owns the practice (and decides adoptions).
    pub owner: bool,
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
    /// Up to five published practices like this one.
    pub similar: Vec<SimilarPractice>,
    /// Changes to its texts waiting for review (shown to administrators
    /// and its organisation).
    pub text_changes: Vec<TextChangeView>,
    /// Whether the reader publishes or rejects them (administrators).
    pub review_texts: bool,
}

/// A change to a published practice's texts in one language, waiting for
/// an administrator.
#[derive(Debug, Clone, PartialEq)]
pub struct TextChangeView {
    /// Language of the texts.
    pub lang: String,
    /// The title proposed.
    pub title: String,
    /// The summary proposed.
    pub summary: String,
    /// Who proposed it.
    pub proposed_by: String,
    /// When.
    pub created_at: chrono::NaiveDateTime,
}

#[component]
fn TextChanges(ctx: PageCtx, id: i32, changes: Vec<TextChangeView>, review: bool) -> Element {
    let tr = ctx.tr;
    rsx! {
        section { id: "text-changes", aria_labelledby: "text-changes-title",
            h2 { id: "text-changes-title", {tr.t("practice-text-changes")} }
            p { {tr.t("practice-text-changes-lead")} }
            for c in changes.iter() {
                div { key: "{c.lang}", class: "card",
                    h3 { lang: "{c.lang}", "{c.title}" }
                    p { class: "meta",
                        {tr.ta("practice-text-change-by", &[
                            ("lang", crate::Lang::parse(&c.lang).map_or_else(|| c.lang.clone(), |l| l.native_name().to_owned())),
                            ("name", c.proposed_by.clone()),
                            ("date", tr.date(c.created_at.date())),
                        ])}
                    }
                    p { lang: "{c.lang}", "{c.summary}" }
                    if review {
                        div { class: "inline-actions",
                            for (action, class) in [("publish", "button"), ("reject", "button secondary")] {
                                form { key: "{action}", method: "post", action: "/practices/{id}/text-changes/{c.lang}",
                                    CsrfField { token: ctx.csrf.clone() }
                                    input { r#type: "hidden", name: "action", value: "{action}" }
                                    button { r#type: "submit", class: "{class}", {tr.t(&format!("practice-text-change-{action}"))} }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Renders a practice.
pub fn render_practice(ctx: &PageCtx, view: &PracticePageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { PracticePage { ctx: ctx.clone(), view: view.clone() } },
    )
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
        ("practice-how-to-use", p.how_to_use.clone()),
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
    let stars: Vec<(String, String)> = (1..=5)
        .map(|n| {
            let n = n.to_string();
            (n.clone(), tr.ta("rating-stars", &[("stars", n)]))
        })
        .collect();
    let unlinkable: Vec<i32> = view.linkable.iter().map(|n| n.plan_id).collect();
    rsx! {
        Layout { ctx: ctx.clone(), title: p.title.clone(), nav: Nav::Practices,
            p { a { href: "/practices", {tr.t("back-to-practices")} } }
            ErrorSummary { tr, form: form.clone(), labels }
            if let Some(n) = &view.notice { Notice { text: n.clone() } }
            h1 { lang: "{p.lang}", "{p.title}" }
            if p.status == "archived" {
                p { class: "notice", role: "note", {tr.t("practice-archived-note")} }
            } else if p.status != "published" {
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
            p { class: "actions", a { href: "/practices/{p.id}/files", {tr.t("attachments-see")} } }
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
                        TextArea { tr, form: form.clone(), name: "comment", label: tr.t("field-review-comment"), required: true }
                        button { r#type: "submit", class: "button secondary", {tr.t("practice-step-return")} }
                    }
                }
            }
            if !view.text_changes.is_empty() {
                TextChanges { ctx: ctx.clone(), id: p.id, changes: view.text_changes.clone(), review: view.review_texts }
            }
            dl { class: "summary-list",
                div { dt { {tr.t("field-owner")} } dd { "{p.owner}" } }
                if let Some(a) = &p.policy_area { div { dt { {tr.t("field-policy-area")} } dd { {tr.label("policy-area", a)} } } }
                if let Some(l) = &p.level { div { dt { {tr.t("field-level")} } dd { {tr.label("org-level", l)} } } }
                if let Some(c) = &p.country { div { dt { {tr.t("field-country")} } dd { "{c}" } } }
                if let Some(t) = &p.territory_code { div { dt { {tr.t("field-territory")} } dd { {crate::pages::territory_label(t)} } } }
                if let Some(s) = &p.innovation_stage { div { dt { {tr.t("field-stage")} } dd { {tr.label("stage", s)} } } }
                if let Some(y) = p.launch_year { div { dt { {tr.t("field-launch-year")} } dd { "{y}" } } }
                if let Some(l) = &p.licence { div { dt { {tr.t("field-licence")} } dd { {super::licence_name(tr, l)} } } }
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
                        for (i, para) in text.lines().enumerate() {
                            if para.contains("http") {
                                p { key: "{i}", lang: "{p.lang}",
                                    for (words, url) in linked(para) {
                                        "{words}"
                                        if let Some(u) = url { a { href: "{u}", rel: "noopener", "{u}" } }
                                    }
                                }
                            } else {
                                p { key: "{i}", lang: "{p.lang}", "{para}" }
                            }
                        }
                    }
                }
            }
            if !p.tags.is_empty() {
                h2 { {tr.t("field-tags")} }
                ul { class: "tag-list",
                    for t in p.tags.iter() { li { key: "{t}", a { href: "{Filters::default().href_with(\"tag\", t)}", {super::tag_label(tr, t)} } } }
                }
            }
            if !p.links.is_empty() {
                h2 { {tr.t("practice-links")} }
                ul { for l in p.links.iter() { li { key: "{l}", a { href: "{l}", rel: "noopener", "{l}" } } } }
            }
            if !view.similar.is_empty() {
                section { aria_labelledby: "similar-title",
                    h2 { id: "similar-title", {tr.t("practice-similar")} }
                    ul { class: "similar-list",
                        for sp in view.similar.iter() {
                            li { key: "{sp.id}",
                                a { href: "/practices/{sp.id}", lang: "{sp.lang}", "{sp.title}" }
                                p { class: "meta",
                                    if sp.shared_tags.is_empty() {
                                        {tr.t("practice-similar-words")}
                                    } else {
                                        {tr.ta("practice-similar-tags", &[("tags", sp.shared_tags.join(", "))])}
                                    }
                                }
                            }
                        }
                    }
                }
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
                            if let Some(t) = &a.territory_code { " (" {crate::pages::territory_label(t)} ")" }
                            " · " {a.adopted_on.to_string()} ": " "{a.context}" " – " "{a.outcome}"
                        }
                    }
                }
                if view.owner {
                    p { a { href: "/adoptions", {tr.t("adoptions-title")} } }
                }
                if view.declared {
                    p { class: "notice", role: "note", {tr.t("practice-done-declared")} }
                } else if view.can_declare {
                    h3 { {tr.t("adoption-declare")} }
                    form { method: "post", action: "/practices/{p.id}/adoptions", class: "form", novalidate: true,
                        CsrfField { token: ctx.csrf.clone() }
                        TextField { tr, form: form.clone(), name: "adopted_on", label: tr.t("field-adopted-on"), hint: tr.t("hint-date"), required: true }
                        TextArea { tr, form: form.clone(), name: "context", label: tr.t("field-context"), required: true }
                        TextArea { tr, form: form.clone(), name: "outcome", label: tr.t("field-outcome"), required: true }
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
                        ChoiceFieldset { tr, form: form.clone(), name: "stars", legend: tr.t("field-stars"), options: stars, checked: vec![my_stars], required: true }
                        TextArea { tr, form: form.clone().with("review", my_review.clone()), name: "review", label: tr.t("field-review") }
                        button { r#type: "submit", class: "button", {tr.t("rating-submit")} }
                    }
                }
            }
        }
    }
}

/// A paragraph cut into pieces of text, each followed by the web address
/// that ends it (`http://` or `https://`, without the punctuation that ends
/// a sentence), so that addresses in a practice's texts can be followed.
fn linked(para: &str) -> Vec<(String, Option<String>)> {
    let mut pieces = Vec::new();
    let mut words = String::new();
    let mut rest = para;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let (before, from) = rest.split_at(start);
        words.push_str(before);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(from.len());
        let url = from[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        if url.len() <= "https://".len() {
            words.push_str(&from[..end]);
        } else {
            pieces.push((std::mem::take(&mut words), Some(url.to_owned())));
            words.push_str(&from[url.len()..end]);
        }
        rest = &from[end..];
    }
    words.push_str(rest);
    pieces.push((words, None));
    pieces
}

#[cfg(test)]
mod tests {
    use super::linked;

    #[test]
    fn web_addresses_in_a_text_become_links() {
        let pieces = linked(
            "See (https://diytoolkit.org/tools/canvas/). Or http://a.example, then https://",
        );
        assert_eq!(
            pieces,
            [
                (
                    "See (".to_owned(),
                    Some("https://diytoolkit.org/tools/canvas/".to_owned())
                ),
                ("). Or ".to_owned(), Some("http://a.example".to_owned())),
                (", then https://".to_owned(), None),
            ]
        );
        assert_eq!(linked("no address"), [("no address".to_owned(), None)]);
    }
}
