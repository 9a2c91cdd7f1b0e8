//! Reusable widgets: form fields with their messages, the error summary, notices,
//! the pager; the submodules hold widgets of one kind or one domain.

pub mod admin;
pub mod attachments;
pub mod badges;
pub mod chart;
pub mod consultation;
pub mod table;

use std::collections::BTreeMap;

use dioxus::prelude::*;

use crate::i18n::Tr;

/// A field error to show next to a field (or at the top when `field` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field, by its `name`.
    pub field: Option<String>,
    /// Stable error code, translated as `error-<code>`.
    pub code: String,
}

/// Values entered in a form and the problems found with them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormState {
    /// Values by field name, as entered.
    pub values: BTreeMap<String, String>,
    /// Problems found.
    pub errors: Vec<FieldError>,
    /// Prefix of the fields' element ids, for pages with several forms (`field-x` → `<prefix>field-x`).
    pub id_prefix: String,
    /// Per field, the subject of its own messages (`error-<code>-<subject>`):
    /// "Enter your reply" reads better than the generic "Enter { label }.".
    pub subjects: BTreeMap<String, String>,
}

impl FormState {
    /// The entered value of `field` (empty when none).
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    /// The first error on `field`.
    pub fn error(&self, field: &str) -> Option<&FieldError> {
        self.errors
            .iter()
            .find(|e| e.field.as_deref() == Some(field))
    }

    /// Sets a value (builder style).
    pub fn with(mut self, field: &str, value: impl Into<String>) -> Self {
        self.values.insert(field.to_owned(), value.into());
        self
    }

    /// Gives `field` its own messages, `error-<code>-<subject>` (builder style).
    pub fn with_subject(mut self, field: &str, subject: &str) -> Self {
        self.subjects.insert(field.to_owned(), subject.to_owned());
        self
    }

    /// The message of `error` on a field labelled `label`, in the reader's language.
    pub fn message(&self, tr: Tr, error: &FieldError, label: &str) -> String {
        let subject = error
            .field
            .as_ref()
            .and_then(|f| self.subjects.get(f))
            .map(String::as_str);
        tr.field_error(&error.code, label, subject)
    }
}

/// The title of a form's page: `heading`, marked as having errors when the form
/// came back refused, so that the problem is the first thing a screen reader says.
pub fn form_title(tr: Tr, heading: &str, has_errors: bool) -> String {
    if has_errors {
        tr.ta("title-with-errors", &[("title", heading.to_owned())])
    } else {
        heading.to_owned()
    }
}

/// [`SelectField`] options from (id, name) pairs.
pub fn id_options<'a>(pairs: impl IntoIterator<Item = &'a (i32, String)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect()
}

/// [`SelectField`] options from stored values, each labelled in the reader's
/// language with the message `<prefix>-<value>`.
pub fn label_options<S: AsRef<str>>(
    tr: Tr,
    prefix: &str,
    values: impl IntoIterator<Item = S>,
) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|v| (v.as_ref().to_owned(), tr.label(prefix, v.as_ref())))
        .collect()
}

/// The hidden CSRF field every form carries.
#[component]
pub fn CsrfField(token: String) -> Element {
    rsx! { input { r#type: "hidden", name: "csrf", value: "{token}" } }
}

/// "There is a problem" box listing every error with a link to its field.
/// `labels` maps the form's field names to their translated labels; an error
/// about anything else is listed without a link. `id` is the box's element
/// id: a form's action can name it as its fragment, so that a refused form
/// comes back scrolled to its box, which takes the focus (a focusable target).
#[component]
pub fn ErrorSummary(
    tr: Tr,
    form: FormState,
    labels: Vec<(String, String)>,
    #[props(default = "error-summary".to_string())] id: String,
) -> Element {
    if form.errors.is_empty() {
        return rsx! {};
    }
    let label_of = |field: &Option<String>| {
        field
            .as_ref()
            .and_then(|f| labels.iter().find(|(n, _)| n == f).map(|(_, l)| l.clone()))
    };
    rsx! {
        div { class: "error-summary", role: "alert", tabindex: "-1", id: "{id}",
            h2 { class: "error-summary-title", {tr.t("error-summary-title")} }
            ul {
                for (i, e) in form.errors.iter().enumerate() {
                    li { key: "{i}",
                        match (&e.field, label_of(&e.field)) {
                            (Some(field), Some(label)) => rsx! {
                                a { href: "#{form.id_prefix}field-{field}", {form.message(tr, e, &label)} }
                            },
                            _ => rsx! { {form.message(tr, e, "")} },
                        }
                    }
                }
            }
        }
    }
}

/// A labelled text input with hint and error message.
#[component]
pub fn TextField(
    tr: Tr,
    form: FormState,
    name: String,
    label: String,
    #[props(default = "text".to_string())] input_type: String,
    #[props(default)] hint: Option<String>,
    #[props(default)] autocomplete: Option<String>,
    #[props(default = false)] required: bool,
    #[props(default)] maxlength: Option<usize>,
) -> Element {
    let error = form.error(&name).cloned();
    let id = format!("{}field-{name}", form.id_prefix);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let mut described = Vec::new();
    if hint.is_some() {
        described.push(hint_id.clone());
    }
    if error.is_some() {
        described.push(error_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let value = if input_type == "password" {
        String::new()
    } else {
        form.value(&name)
    };
    rsx! {
        div { class: if error.is_some() { "field field-error" } else { "field" },
            label { r#for: "{id}", class: "field-label",
                "{label}"
                if !required { span { class: "optional", " ({tr.t(\"field-optional\")})" } }
            }
            if let Some(h) = &hint { p { id: "{hint_id}", class: "field-hint", "{h}" } }
            if let Some(e) = &error { p { id: "{error_id}", class: "field-message", {form.message(tr, e, &label)} } }
            input {
                id: "{id}",
                name: "{name}",
                r#type: "{input_type}",
                value: "{value}",
                required: required,
                maxlength: maxlength.map(|m| m.to_string()),
                autocomplete: autocomplete.clone(),
                aria_describedby: described,
                aria_invalid: error.as_ref().map(|_| "true"),
            }
        }
    }
}

/// A labelled textarea with hint and error message.
#[component]
pub fn TextArea(
    tr: Tr,
    form: FormState,
    name: String,
    label: String,
    #[props(default = false)] required: bool,
    #[props(default)] hint: Option<String>,
    #[props(default = 5)] rows: u32,
) -> Element {
    let error = form.error(&name).cloned();
    let id = format!("{}field-{name}", form.id_prefix);
    rsx! {
        div { class: if error.is_some() { "field field-error" } else { "field" },
            label { r#for: "{id}", class: "field-label", "{label}"
                if !required { span { class: "optional", " ({tr.t(\"field-optional\")})" } }
            }
            if let Some(h) = &hint { p { id: "{id}-hint", class: "field-hint", "{h}" } }
            if let Some(e) = &error { p { id: "{id}-error", class: "field-message", {form.message(tr, e, &label)} } }
            textarea {
                id: "{id}", name: "{name}", rows: "{rows}",
                aria_describedby: {
                    let ids: Vec<String> = [hint.as_ref().map(|_| format!("{id}-hint")), error.as_ref().map(|_| format!("{id}-error"))].into_iter().flatten().collect();
                    (!ids.is_empty()).then(|| ids.join(" "))
                },
                aria_invalid: error.as_ref().map(|_| "true"),
                {form.value(&name)}
            }
        }
    }
}

/// A labelled select with error message. `options` are (value, label) pairs;
/// `placeholder` adds an empty first option.
#[component]
pub fn SelectField(
    tr: Tr,
    form: FormState,
    name: String,
    label: String,
    options: Vec<(String, String)>,
    #[props(default)] placeholder: Option<String>,
    #[props(default = false)] required: bool,
) -> Element {
    let error = form.error(&name).cloned();
    let id = format!("{}field-{name}", form.id_prefix);
    let error_id = format!("{id}-error");
    let selected = form.value(&name);
    rsx! {
        div { class: if error.is_some() { "field field-error" } else { "field" },
            label { r#for: "{id}", class: "field-label",
                "{label}"
                if !required { span { class: "optional", " ({tr.t(\"field-optional\")})" } }
            }
            if let Some(e) = &error { p { id: "{error_id}", class: "field-message", {form.message(tr, e, &label)} } }
            select {
                id: "{id}",
                name: "{name}",
                required: required,
                aria_describedby: error.as_ref().map(|_| error_id.clone()),
                aria_invalid: error.as_ref().map(|_| "true"),
                if let Some(p) = &placeholder { option { value: "", "{p}" } }
                for (value, text) in options.iter() {
                    option { key: "{value}", value: "{value}", selected: *value == selected, "{text}" }
                }
            }
        }
    }
}

/// A fieldset of checkboxes (`multiple`) or radio buttons with its error
/// message. `options` are (value, label) pairs; the first input carries the
/// field's id, so the error summary's link lands on it.
#[component]
pub fn ChoiceFieldset(
    tr: Tr,
    /// The form, for the field's error.
    form: FormState,
    /// The inputs' name.
    name: String,
    /// The question the choices answer.
    legend: String,
    /// (value, label) pairs, in order.
    options: Vec<(String, String)>,
    /// The values checked.
    checked: Vec<String>,
    /// Checkboxes (several answers) rather than radio buttons (one).
    #[props(default = false)]
    multiple: bool,
    /// Whether an answer is required (otherwise the legend says "optional").
    #[props(default = false)]
    required: bool,
) -> Element {
    let error = form.error(&name).cloned();
    let id = format!("{}field-{name}", form.id_prefix);
    let error_id = format!("{id}-error");
    let (group, item) = if multiple {
        ("checkboxes", "checkbox")
    } else {
        ("radios", "radio")
    };
    rsx! {
        fieldset { class: if error.is_some() { "field field-error" } else { "field" },
            aria_describedby: error.as_ref().map(|_| error_id.clone()),
            legend { class: "field-label", "{legend}"
                if !required { span { class: "optional", " ({tr.t(\"field-optional\")})" } }
            }
            if let Some(e) = &error { p { id: "{error_id}", class: "field-message", {form.message(tr, e, &legend)} } }
            div { class: group,
                for (i, (value, text)) in options.iter().enumerate() {
                    div { key: "{value}", class: item,
                        input { r#type: item, id: if i == 0 { id.clone() } else { format!("{id}-{value}") }, name: "{name}", value: "{value}", checked: checked.contains(value) }
                        label { r#for: if i == 0 { id.clone() } else { format!("{id}-{value}") }, "{text}" }
                    }
                }
            }
        }
    }
}

/// A success or information notice.
#[component]
pub fn Notice(text: String) -> Element {
    rsx! { div { class: "notice", role: "status", "{text}" } }
}

/// Previous/next links for a paged list; `base` is the URL without `page`.
#[component]
pub fn Pager(tr: Tr, base: String, page: i64, per_page: i64, total: i64) -> Element {
    let pages = ((total + per_page - 1) / per_page).max(1);
    let sep = if base.contains('?') { "&" } else { "?" };
    rsx! {
        nav { class: "pager", aria_label: tr.t("pager-label"),
            p { {tr.ta("pager-status", &[("page", page.to_string()), ("pages", pages.to_string()), ("total", total.to_string())])} }
            ul {
                if page > 1 {
                    li { a { href: "{base}{sep}page={page - 1}", rel: "prev", {tr.t("pager-previous")} } }
                }
                if page < pages {
                    li { a { href: "{base}{sep}page={page + 1}", rel: "next", {tr.t("pager-next")} } }
                }
            }
        }
    }
}
