//! Administration of organisations: list, create, edit.

use dioxus::prelude::*;

use crate::components::admin::AdminList;
use crate::components::{
    CsrfField, ErrorSummary, FormState, SelectField, TextField, form_title, id_options,
    label_options,
};
use crate::layout::{Layout, Nav, PageCtx};

/// One row of the organisations table.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationRow {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Kind code.
    pub kind: String,
    /// Level code.
    pub level: String,
    /// Territory code.
    pub territory_code: Option<String>,
    /// Parent's name.
    pub parent: Option<String>,
}

/// A page of organisations.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationList {
    /// Rows.
    pub rows: Vec<OrganisationRow>,
    /// Page number.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// Total rows.
    pub total: i64,
    /// Show a "saved" notice.
    pub saved: bool,
}

/// The values for the create/edit form.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationFormView {
    /// `None` when creating.
    pub id: Option<i32>,
    /// Entered values and errors.
    pub form: FormState,
    /// Choices for the parent: (id, name).
    pub parents: Vec<(i32, String)>,
    /// Kind codes.
    pub kinds: Vec<String>,
    /// Level codes.
    pub levels: Vec<String>,
}

/// Renders the list.
pub fn render_list(ctx: &PageCtx, list: &OrganisationList) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { OrganisationListPage { ctx: ctx.clone(), list: list.clone() } },
    )
}

/// Renders the create/edit form.
pub fn render_form(ctx: &PageCtx, view: &OrganisationFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { OrganisationFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn OrganisationListPage(ctx: PageCtx, list: OrganisationList) -> Element {
    let tr = ctx.tr;
    let columns = vec![
        tr.t("field-name"),
        tr.t("field-kind"),
        tr.t("field-level"),
        tr.t("field-territory-code"),
        tr.t("field-parent"),
    ];
    rsx! {
        AdminList { ctx: ctx.clone(), section: "organisations", new_label: tr.t("org-new"), columns,
            saved: list.saved, page: list.page, per_page: list.per_page, total: list.total,
            for row in list.rows.iter() {
                tr { key: "{row.id}",
                    td { "{row.name}" }
                    td { {tr.label("org-kind", &row.kind)} }
                    td { {tr.label("org-level", &row.level)} }
                    td { {row.territory_code.as_deref().map(crate::pages::territory_label).unwrap_or_default()} }
                    td { {row.parent.clone().unwrap_or_default()} }
                    td { a { href: "/admin/organisations/{row.id}/edit",
                        {tr.t("edit")} span { class: "visually-hidden", " {row.name}" } } }
                }
            }
        }
    }
}

/// The time zones of the EU's member states (and UTC), offered for an
/// organisation; the API takes any IANA name.
pub const TIME_ZONES: [&str; 30] = [
    "Asia/Nicosia",
    "Atlantic/Azores",
    "Atlantic/Canary",
    "Europe/Amsterdam",
    "Europe/Athens",
    "Europe/Berlin",
    "Europe/Bratislava",
    "Europe/Brussels",
    "Europe/Bucharest",
    "Europe/Budapest",
    "Europe/Copenhagen",
    "Europe/Dublin",
    "Europe/Helsinki",
    "Europe/Lisbon",
    "Europe/Ljubljana",
    "Europe/Luxembourg",
    "Europe/Madrid",
    "Europe/Malta",
    "Europe/Paris",
    "Europe/Prague",
    "Europe/Riga",
    "Europe/Rome",
    "Europe/Sofia",
    "Europe/Stockholm",
    "Europe/Tallinn",
    "Europe/Vienna",
    "Europe/Vilnius",
    "Europe/Warsaw",
    "Europe/Zagreb",
    "UTC",
];

#[component]
fn OrganisationFormPage(ctx: PageCtx, view: OrganisationFormView) -> Element {
    let tr = ctx.tr;
    let heading = if view.id.is_some() {
        tr.t("org-edit")
    } else {
        tr.t("org-new")
    };
    let title = form_title(tr, &heading, !view.form.errors.is_empty());
    let action = match view.id {
        Some(id) => format!("/admin/organisations/{id}"),
        None => "/admin/organisations".to_string(),
    };
    let labels = vec![
        ("name".to_string(), tr.t("field-name")),
        ("kind".to_string(), tr.t("field-kind")),
        ("level".to_string(), tr.t("field-level")),
        ("territory_code".to_string(), tr.t("field-territory-code")),
        ("parent_id".to_string(), tr.t("field-parent")),
        ("time_zone".to_string(), tr.t("field-time-zone")),
    ];
    let zones: Vec<(String, String)> = TIME_ZONES
        .iter()
        .map(|z| (z.to_string(), z.replace('_', " ")))
        .collect();
    let kinds = label_options(tr, "org-kind", &view.kinds);
    let levels = label_options(tr, "org-level", &view.levels);
    let parents = id_options(view.parents.iter().filter(|(id, _)| Some(*id) != view.id));
    rsx! {
        Layout { ctx: ctx.clone(), title, nav: Nav::Admin,
            p { a { href: "/admin/organisations", {tr.t("back-to-list")} } }
            h1 { "{heading}" }
            ErrorSummary { tr, form: view.form.clone(), labels }
            form { method: "post", action: "{action}", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                TextField { tr, form: view.form.clone(), name: "name", label: tr.t("field-name"), required: true, maxlength: 200usize }
                SelectField { tr, form: view.form.clone(), name: "kind", label: tr.t("field-kind"), options: kinds, placeholder: tr.t("choose"), required: true }
                SelectField { tr, form: view.form.clone(), name: "level", label: tr.t("field-level"), options: levels, placeholder: tr.t("choose"), required: true }
                TextField { tr, form: view.form.clone(), name: "territory_code", label: tr.t("field-territory-code"), hint: tr.t("hint-territory-code"), maxlength: 16usize }
                SelectField { tr, form: view.form.clone(), name: "parent_id", label: tr.t("field-parent"), options: parents, placeholder: tr.t("none") }
                SelectField { tr, form: view.form.clone(), name: "time_zone", label: tr.t("field-time-zone"), options: zones, required: true }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}
