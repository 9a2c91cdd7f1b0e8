//! The forms of a node's indicators: the indicator with its targets, and a
//! new measurement.

use dioxus::prelude::*;

use crate::components::{
    CsrfField, ErrorSummary, FormState, SelectField, TextField, form_title, label_options,
};
use crate::layout::{Layout, Nav, PageCtx};

/// The indicator form.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFormView {
    /// Plan id.
    pub plan_id: i32,
    /// Node id.
    pub node_id: i32,
    /// Node heading ("code – title").
    pub node: String,
    /// The indicator when editing.
    pub indicator_id: Option<i32>,
    /// Number of target rows to show.
    pub rows: usize,
    /// Entered values (targets as `target_period_N`, `target_due_N`, `target_value_N`) and errors.
    pub form: FormState,
}

/// Renders the indicator form.
pub fn render_indicator_form(ctx: &PageCtx, view: &IndicatorFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { IndicatorFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

/// Number of target rows in a new indicator's form.
pub const TARGET_ROWS: usize = 4;

#[component]
fn IndicatorFormPage(ctx: PageCtx, view: IndicatorFormView) -> Element {
    let tr = ctx.tr;
    let heading = if view.indicator_id.is_some() {
        tr.t("indicator-edit")
    } else {
        tr.t("indicator-add")
    };
    let action = match view.indicator_id {
        Some(id) => format!("/indicators/{id}"),
        None => format!("/nodes/{}/indicators", view.node_id),
    };
    let mut labels: Vec<(String, String)> = [
        ("name", "field-name"),
        ("unit", "field-unit"),
        ("direction", "field-direction"),
        ("baseline_value", "field-baseline-value"),
        ("baseline_date", "field-baseline-date"),
        ("frequency", "field-frequency"),
        ("data_source", "field-data-source"),
    ]
    .iter()
    .map(|(f, k)| (f.to_string(), tr.t(k)))
    .collect();
    for i in 0..view.rows {
        let n = (i + 1).to_string();
        labels.push((
            format!("target_period_{i}"),
            tr.ta("field-target-period", &[("n", n.clone())]),
        ));
        labels.push((
            format!("target_due_{i}"),
            tr.ta("field-target-due", &[("n", n.clone())]),
        ));
        labels.push((
            format!("target_value_{i}"),
            tr.ta("field-target-value", &[("n", n.clone())]),
        ));
    }
    let directions = label_options(tr, "direction", ["increase", "decrease", "keep"]);
    let frequencies = label_options(
        tr,
        "frequency",
        ["monthly", "quarterly", "semiannual", "annual"],
    );
    rsx! {
        Layout { ctx: ctx.clone(), title: form_title(tr, &heading, !view.form.errors.is_empty()), nav: Nav::Plans,
            p { a { href: "/nodes/{view.node_id}", {tr.t("back")} } }
            h1 { "{heading}" }
            p { class: "lead", "{view.node}" }
            ErrorSummary { tr, form: view.form.clone(), labels: labels.clone() }
            form { method: "post", action: "{action}", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                TextField { tr, form: view.form.clone(), name: "name", label: tr.t("field-name"), required: true, maxlength: 200usize }
                TextField { tr, form: view.form.clone(), name: "unit", label: tr.t("field-unit"), hint: tr.t("hint-unit") }
                SelectField { tr, form: view.form.clone(), name: "direction", label: tr.t("field-direction"), options: directions, placeholder: tr.t("choose"), required: true }
                TextField { tr, form: view.form.clone(), name: "baseline_value", label: tr.t("field-baseline-value"), required: true }
                TextField { tr, form: view.form.clone(), name: "baseline_date", label: tr.t("field-baseline-date"), hint: tr.t("hint-date"), required: true }
                SelectField { tr, form: view.form.clone(), name: "frequency", label: tr.t("field-frequency"), options: frequencies, placeholder: tr.t("choose"), required: true }
                TextField { tr, form: view.form.clone(), name: "data_source", label: tr.t("field-data-source") }
                fieldset { class: "targets",
                    legend { {tr.t("indicator-targets")} }
                    p { class: "field-hint", {tr.t("hint-targets")} }
                    for i in 0..view.rows {
                        div { class: "target-row",
                            TextField { tr, form: view.form.clone(), name: "target_period_{i}", label: labels[7 + i * 3].1.clone() }
                            TextField { tr, form: view.form.clone(), name: "target_due_{i}", label: labels[8 + i * 3].1.clone() }
                            TextField { tr, form: view.form.clone(), name: "target_value_{i}", label: labels[9 + i * 3].1.clone() }
                        }
                    }
                }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}

/// The measurement form.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementFormView {
    /// Plan id.
    pub plan_id: i32,
    /// Node id.
    pub node_id: i32,
    /// Indicator id.
    pub indicator_id: i32,
    /// Indicator name and unit.
    pub indicator: String,
    /// Entered values and errors.
    pub form: FormState,
}

/// Renders the measurement form.
pub fn render_measurement_form(ctx: &PageCtx, view: &MeasurementFormView) -> String {
    crate::render_document(
        ctx.tr.lang,
        rsx! { MeasurementFormPage { ctx: ctx.clone(), view: view.clone() } },
    )
}

#[component]
fn MeasurementFormPage(ctx: PageCtx, view: MeasurementFormView) -> Element {
    let tr = ctx.tr;
    let heading = tr.t("measurement-new");
    let labels = vec![
        ("date".to_string(), tr.t("field-date")),
        ("value".to_string(), tr.t("field-value")),
        ("note".to_string(), tr.t("field-note")),
    ];
    rsx! {
        Layout { ctx: ctx.clone(), title: form_title(tr, &heading, !view.form.errors.is_empty()), nav: Nav::Plans,
            p { a { href: "/nodes/{view.node_id}", {tr.t("back")} } }
            h1 { "{heading}" }
            p { class: "lead", "{view.indicator}" }
            ErrorSummary { tr, form: view.form.clone(), labels }
            form { method: "post", action: "/indicators/{view.indicator_id}/measurements", novalidate: true, class: "form",
                CsrfField { token: ctx.csrf.clone() }
                TextField { tr, form: view.form.clone(), name: "date", label: tr.t("field-date"), hint: tr.t("hint-date"), required: true }
                TextField { tr, form: view.form.clone(), name: "value", label: tr.t("field-value"), required: true }
                TextField { tr, form: view.form.clone(), name: "note", label: tr.t("field-note"), maxlength: 5000usize }
                button { r#type: "submit", class: "button", {tr.t("save")} }
            }
        }
    }
}
