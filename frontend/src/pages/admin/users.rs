//! Administration of users: list, create, edit.

use dioxus::prelude::*;

use crate::components::admin::AdminList;
use crate::components::{
    CsrfField, ErrorSummary, FormState, SelectField, TextField, form_title, id_options,
    label_options,
};
use crate::layout::{Layout, Nav, PageCtx};

/// One row of the users table.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    /// Id.
    pub id: i32,
    /// Display name (empty for deleted accounts).
    pub name: String,
    /// Email.
    pub email: String,
    /// Role code.
    pub role: String,
    /// Organisation name.
    pub organisation: Option<String>,
    /// Whether the account was deleted.
    pub deleted: bool,
}

/// A page of users.
#[derive(Debug, Clone, PartialEq)]
pub struct UserList {
    /// Rows.
    pub rows: Vec<UserRow>,
    /// Page number.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// Total.
    pub total: i64,
    /// Show a "saved" notice.
    pub saved: bool,
}

/// The values for the create/edit form.
#[derive(Debug, Clone, PartialEq)]
pub struct UserFormView {
    /// `None` when creating.
    pub id: Option<i32>,
    /// Entered values and errors.
    pub form: FormState,
    /// Organisations: (id, name).
    pub organisations: Vec<(i32, String)>,
    /// Role codes.
    pub roles: Vec<String>,
}

/// Renders the list.
pub fn render_list(ctx: &PageCtx, list: &UserList) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { UserListPage { ctx: ctx.clone(), list: list.clone() } },
    )
}

/// Renders the form.
pub fn render_form(ctx: &PageCtx, view: &UserFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { UserFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn UserListPage(ctx: PageCtx, list: UserList) -> Element {
    let tr = ctx.tr;
    let columns = vec![
        tr.t("field-display-name"),
        tr.t("field-email"),
        tr.t("field-role"),
        tr.t("field-organisation"),
    ];
    rsx! {
        AdminList { ctx: ctx.clone(), section: "users", new_label: tr.t("user-new"), columns,
            saved: list.saved, page: list.page, per_page: list.per_page, total: list.total,
            for row in list.rows.iter() {
                tr { key: "{row.id}",
                    if row.deleted {
                        td { em { {tr.t("former-participant")} } }
                        td {}
                    } else {
                        td { "{row.name}" }
                        td { "{row.email}" }
                    }
                    td { {tr.label("role", &row.role)} }
                    td { {row.organisation.clone().unwrap_or_default()} }
                    td {
                        if !row.deleted {
                            a { href: "/admin/users/{row.id}/edit",
                                {tr.t("edit")} span { class: "visually-hidden", " {row.name}" } }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn UserFormPage(ctx: PageCtx, view: UserFormView) -> Element {
    let tr = ctx.tr;
    let heading = if view.id.is_some() {
        tr.t("user-edit")
    } else {
        tr.t("user-new")
    };
    let title = form_title(tr, &heading, !view.form.errors.is_empty());
    let action = match view.id {
        Some(id) => format!("/admin/users/{id}"),
        None => "/admin/users".to_string(),
    };
    let labels = vec![
        ("email".to_string(), tr.t("field-email")),
        ("display_name".to_string(), tr.t("field-display-name")),
        ("organisation_id".to_string(), tr.t("field-organisation")),
        ("role".to_string(), tr.t("field-role")),
        ("password".to_string(), tr.t("field-initial-password")),
    ];
    let roles = label_options(tr, "role", &view.roles);
    let orgs = id_options(&view.organisations);
    let password_hint = if view.id.is_some() {
        tr.t("hint-password-keep")
    } else {
        tr.t("hint-password-new")
    };
    rsx! {
        Layout { ctx: ctx.clone(), title, nav: Nav::Admin,
            p { a { href: "/admin/users", {tr.t("back-to-list")} } }
            h1 { "{heading}" }
            ErrorSummary { tr, form: view.form.clone(), labels }
            form { method: "post", action: "{action}", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                TextField { tr, form: view.form.clone(), name: "display_name", label: tr.t("field-display-name"), required: true, maxlength: 200usize, autocomplete: "off" }
                TextField { tr, form: view.form.clone(), name: "email", label: tr.t("field-email"), input_type: "email", required: true, autocomplete: "off" }
                SelectField { tr, form: view.form.clone(), name: "organisation_id", label: tr.t("field-organisation"), options: orgs, placeholder: tr.t("none") }
                SelectField { tr, form: view.form.clone(), name: "role", label: tr.t("field-role"), options: roles, placeholder: tr.t("choose"), required: true }
                TextField { tr, form: view.form.clone(), name: "password", label: tr.t("field-initial-password"), input_type: "password", hint: password_hint, required: view.id.is_none(), autocomplete: "new-password" }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}
