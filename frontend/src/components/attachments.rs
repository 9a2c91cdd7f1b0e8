//! Files attached to a plan or a node: the list with download links, and for
//! those who may edit the plan the forms to retitle, remove and add files.

use dioxus::prelude::*;

use super::{CsrfField, ErrorSummary, FormState, SelectField, TextField};
use crate::i18n::{Lang, Tr};
use crate::model::AttachmentView;

/// A size in bytes as people read it: whole kB below a megabyte, MB with one decimal above.
fn size(tr: Tr, bytes: i64) -> String {
    if bytes < 1_000_000 {
        let kb = (bytes as f64 / 1000.0).round().max(1.0);
        tr.ta("file-size-kb", &[("value", tr.number(kb))])
    } else {
        let mb = (bytes as f64 / 100_000.0).round() / 10.0;
        tr.ta("file-size-mb", &[("value", tr.number(mb))])
    }
}

/// A language code's own name ("Italiano"), or the code.
fn language(code: &str) -> String {
    Lang::parse(code).map_or_else(|| code.to_owned(), |l| l.native_name().to_owned())
}

/// The languages a file may be in, for a select.
fn languages() -> Vec<(String, String)> {
    ["it", "en", "es", "lv"]
        .iter()
        .map(|c| ((*c).to_owned(), language(c)))
        .collect()
}

/// What an editor sees beside the list: the forms and where they post.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentEdit {
    /// The CSRF token.
    pub csrf: String,
    /// Where the upload form posts (`/nodes/5/attachments`).
    pub action: String,
    /// Values and errors of the upload form.
    pub form: FormState,
    /// The size limit, in megabytes.
    pub max_mb: u64,
    /// Where to come back after a change (this page).
    pub back: String,
}

/// One file's download link, with its type, size and language.
#[component]
fn AttachmentLink(tr: Tr, a: AttachmentView) -> Element {
    rsx! {
        a { href: "{a.url}", download: "{a.file_name}", lang: "{a.lang}", "{a.title}" }
        " "
        span { class: "muted", "({a.kind}, {size(tr, a.size_bytes)}, {language(&a.lang)})" }
    }
}

/// The files, each a download link with its type, size and language.
#[component]
pub fn AttachmentList(tr: Tr, items: Vec<AttachmentView>) -> Element {
    rsx! {
        ul { class: "attachment-list",
            for a in items.iter() {
                li { key: "{a.id}", id: "attachment-{a.id}", AttachmentLink { tr, a: a.clone() } }
            }
        }
    }
}

/// The files section of an edit page: list, retitle and remove forms, and the upload form.
#[component]
pub fn AttachmentsSection(tr: Tr, items: Vec<AttachmentView>, edit: AttachmentEdit) -> Element {
    let e = &edit;
    // "Choose a file to upload", not the plan import's "… to import".
    let mut form = e.form.clone().with_subject("file", "upload");
    // The page's main form has its own title field.
    form.id_prefix = "attachment-".into();
    let back_q: String = url_encode(&e.back);
    rsx! {
        section { id: "attachments", aria_labelledby: "attachments-title",
            h2 { id: "attachments-title", {tr.t("attachments-title")} }
            if items.is_empty() { p { {tr.t("attachments-empty")} } }
            ul { class: "attachment-list",
                for a in items.iter() {
                    li { key: "{a.id}", id: "attachment-{a.id}",
                        AttachmentLink { tr, a: a.clone() }
                        " "
                        a { href: "/attachments/{a.id}/edit?back={back_q}", {tr.t("attachment-change")} span { class: "visually-hidden", " – {a.title}" } }
                    }
                }
            }
            h3 { id: "attachment-add-title", {tr.t("attachment-add")} }
            ErrorSummary { tr, form: form.clone(), id: "attachment-errors", labels: vec![
                ("file".to_string(), tr.t("field-file")),
                ("title".to_string(), tr.t("field-title")),
                ("lang".to_string(), tr.t("field-file-language")),
            ] }
            form { method: "post", action: "{e.action}#attachment-errors", enctype: "multipart/form-data", class: "form", novalidate: true,
                aria_labelledby: "attachment-add-title",
                CsrfField { token: e.csrf.clone() }
                TextField { tr, form: form.clone(), name: "file", label: tr.t("field-file"), input_type: "file", required: true,
                    hint: tr.ta("hint-file", &[("mb", e.max_mb.to_string())]) }
                TextField { tr, form: form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                SelectField { tr, form: form.clone(), name: "lang", label: tr.t("field-file-language"), options: languages(), required: true }
                button { r#type: "submit", class: "button", {tr.t("attachment-upload")} }
            }
        }
    }
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The page that retitles or removes one file.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentEditView {
    /// The file.
    pub attachment: AttachmentView,
    /// Values and errors of the form.
    pub form: FormState,
    /// Where to go back to (a local path).
    pub back: String,
}

/// Renders the page that retitles or removes one file.
pub fn render_attachment_edit(ctx: &crate::layout::PageCtx, view: &AttachmentEditView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { AttachmentEditPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn AttachmentEditPage(ctx: crate::layout::PageCtx, view: AttachmentEditView) -> Element {
    let tr = ctx.tr;
    let a = &view.attachment;
    let heading = tr.ta("attachment-edit-title", &[("title", a.title.clone())]);
    let title = super::form_title(tr, &heading, !view.form.errors.is_empty());
    rsx! {
        crate::layout::Layout { ctx: ctx.clone(), title, nav: crate::layout::Nav::Plans,
            p { class: "back-link", a { href: "{view.back}", {tr.t("back")} } }
            h1 { "{heading}" }
            p { AttachmentLink { tr, a: a.clone() } }
            ErrorSummary { tr, form: view.form.clone(), labels: vec![
                ("title".to_string(), tr.t("field-title")),
                ("lang".to_string(), tr.t("field-file-language")),
            ] }
            form { method: "post", action: "/attachments/{a.id}/describe", class: "form", novalidate: true,
                CsrfField { token: ctx.csrf.clone() }
                input { r#type: "hidden", name: "back", value: "{view.back}" }
                TextField { tr, form: view.form.clone(), name: "title", label: tr.t("field-title"), required: true, maxlength: 200usize }
                SelectField { tr, form: view.form.clone(), name: "lang", label: tr.t("field-file-language"), options: languages(), required: true }
                button { r#type: "submit", class: "button", {tr.t("attachment-save")} }
            }
            section { aria_labelledby: "attachment-delete-title", class: "danger-zone",
                h2 { id: "attachment-delete-title", {tr.t("attachment-delete")} }
                form { method: "post", action: "/attachments/{a.id}/delete",
                    CsrfField { token: ctx.csrf.clone() }
                    input { r#type: "hidden", name: "back", value: "{view.back}" }
                    button { r#type: "submit", class: "button danger", {tr.t("attachment-delete")} span { class: "visually-hidden", " – {a.title}" } }
                }
            }
        }
    }
}

/// The files page of a practice or a consultation: the list for its
/// readers, and the forms for those who may change its files.
#[derive(Debug, Clone, PartialEq)]
pub struct FilesPageView {
    /// What the files belong to (its title).
    pub of: String,
    /// The page of what they belong to.
    pub back: String,
    /// The files.
    pub items: Vec<AttachmentView>,
    /// The forms, for editors.
    pub edit: Option<AttachmentEdit>,
    /// Where on the site the page belongs.
    pub nav: crate::layout::Nav,
}

/// Renders the files page of a practice or a consultation.
pub fn render_files_page(ctx: &crate::layout::PageCtx, view: &FilesPageView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { FilesPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn FilesPage(ctx: crate::layout::PageCtx, view: FilesPageView) -> Element {
    let tr = ctx.tr;
    let heading = tr.ta("files-page-title", &[("title", view.of.clone())]);
    let refused = view
        .edit
        .as_ref()
        .is_some_and(|e| !e.form.errors.is_empty());
    let title = super::form_title(tr, &heading, refused);
    rsx! {
        crate::layout::Layout { ctx: ctx.clone(), title, nav: view.nav,
            p { class: "back-link", a { href: "{view.back}", {tr.t("back")} } }
            h1 { "{heading}" }
            match &view.edit {
                Some(edit) => rsx! { AttachmentsSection { tr, items: view.items.clone(), edit: edit.clone() } },
                None => rsx! {
                    if view.items.is_empty() { p { {tr.t("attachments-empty")} } }
                    AttachmentList { tr, items: view.items.clone() }
                },
            }
        }
    }
}
