//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    analytics, attachments, audit, consultations, export, health, me, nodes, organisations, plans,
    practices, session, tokens, users,
};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "PSPM API", description = "Participatory Strategic Planning Module. Errors always have the shape {\"errors\":[{\"code\",\"detail\",\"field\"}]}."),
    paths(
        health::health,
        session::create_session, session::delete_session,
        tokens::create_token, tokens::list_tokens, tokens::revoke_token,
        me::find_me, me::update_me, me::export_me, me::delete_me, me::change_password,
        organisations::list_organisations, organisations::find_organisation,
        organisations::create_organisation, organisations::update_organisation,
        users::list_users, users::find_user, users::create_user, users::update_user,
        audit::list_audit_events,
        plans::list_plans, plans::create_plan, plans::find_plan, plans::update_plan, plans::transition_plan,
        plans::list_nodes, plans::list_versions, plans::find_version, plans::diff_versions,
        plans::export_plan, plans::export_tree_csv, plans::import_plan,
        nodes::create_node, nodes::find_node, nodes::update_node, nodes::move_node, nodes::delete_node,
        nodes::list_indicators, nodes::create_indicator, nodes::find_indicator, nodes::update_indicator,
        nodes::list_measurements, nodes::create_measurement,
        nodes::create_milestone, nodes::update_milestone,
        attachments::list_for_plan, attachments::upload_to_plan,
        attachments::list_for_node, attachments::upload_to_node,
        attachments::list_for_practice, attachments::upload_to_practice,
        attachments::list_for_consultation, attachments::upload_to_consultation,
        attachments::find, attachments::content, attachments::update, attachments::delete,
        consultations::create_consultation, consultations::list_consultations, consultations::find_consultation,
        consultations::list_contributions, consultations::create_contribution, consultations::find_contribution,
        consultations::create_support, consultations::delete_support,
        consultations::follow_consultation, consultations::unfollow_consultation,
        consultations::follow_thread, consultations::unfollow_thread,
        consultations::accept_amendment, consultations::set_priorities,
        consultations::respond, consultations::create_report, consultations::hide_contribution,
        consultations::my_contributions, consultations::response_queue,
        consultations::edit_contribution, consultations::withdraw_contribution,
        consultations::list_notifications, consultations::read_notifications,
        analytics::participation, analytics::quality, analytics::impact, analytics::practices,
        analytics::chart, export::open_data_zip,
        practices::list_practices, practices::find_practice, practices::create_practice,
        practices::update_practice, practices::put_texts, practices::review_text_change, practices::transition_practice,
        practices::review_queue, practices::list_ratings, practices::rate_practice,
        practices::list_links, practices::link_practice, practices::unlink_practice,
        practices::list_adoptions, practices::declare_adoption, practices::decide_adoption,
        practices::export_practices, practices::import_practices,


    ),
    components(schemas(crate::error::ErrorBody, crate::error::ErrorItem, crate::domain::OrgKind, crate::domain::OrgLevel, crate::domain::Role)),
    modifiers(&Security, &Refusals),
    tags(
        (name = "system", description = "Health"),
        (name = "session", description = "Sign in and out"),
        (name = "me", description = "The caller's own account and tokens"),
        (name = "organisations", description = "Public bodies and other actors"),
        (name = "users", description = "User administration"),
        (name = "attachments", description = "Files on plans, their nodes, consultations and practices"),
        (name = "audit", description = "Audit trail"),
        (name = "plans", description = "Strategic plans, lifecycle, versions"),
        (name = "nodes", description = "The tree of a plan"),
        (name = "indicators", description = "Indicators, targets and measurements"),
        (name = "consultations", description = "Consultations, contributions, supports, priorities, responses, moderation"),
        (name = "practices", description = "The good-practice catalogue"),
        (name = "analytics", description = "Dashboards' indicators, charts and open data"),

    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::http::cookies::SESSION_COOKIE,
            ))),
        );
    }
}

/// Documents on every operation the refusals that any handler of its kind
/// can give, in the error shape, so that no status a client meets is missing.
struct Refusals;

impl Modify for Refusals {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let methods = [
                ("get", &mut item.get),
                ("put", &mut item.put),
                ("post", &mut item.post),
                ("delete", &mut item.delete),
                ("patch", &mut item.patch),
            ];
            for (method, op) in methods {
                let Some(op) = op.as_mut() else { continue };
                let queried = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == ParameterIn::Query);
                let mut add = |status: &str, why: &str| {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| refusal(why));
                };
                if path.contains('{') {
                    add("404", "Nothing with this id, or not visible to the caller.");
                }
                if queried || op.request_body.is_some() {
                    add("422", "Invalid input: each problem named, with its field.");
                }
                if op.request_body.is_some() {
                    add("413", "The body is over 2 MiB.");
                }
                // A token or session that has expired or was revoked is refused
                // anywhere, reads included.
                add(
                    "401",
                    "Sign-in required, or the token or session is no longer valid.",
                );
                if method != "get" && path != "/api/v1/session" {
                    add(
                        "403",
                        "Not allowed: missing right, read-only token, or a cookie write without CSRF.",
                    );
                }
                add(
                    "503",
                    "The database is unavailable or busy; try again shortly.",
                );
            }
        }
    }
}

fn refusal(why: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(why)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<serde_json::Value> {
    static DOC: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(document);
    Json(DOC.clone())
}

/// Characters the checker refuses in text (Unicode Cc, except tab and line breaks).
const CONTROL: &str = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F";

/// What Rust's `trim` takes away (Unicode White_Space), spelt out: a
/// pattern's `\s` differs from it between regular-expression dialects.
const SPACE: &str = r"\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// A valid calendar day, `YYYY-MM-DD`.
const DAY: &str = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|\d{4}-(0[13-9]|1[0-2])-(29|30)|\d{4}-(0[13578]|1[02])-31|(\d{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29";

/// The document, with the rules annotations name by a `pspm:` pattern (one
/// place for regular expressions the checker's rules need, which attributes
/// cannot share) and the few a field's type cannot carry.
pub fn document() -> serde_json::Value {
    use serde_json::{Value, json};
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    expand_patterns(&mut doc);
    let schemas = &mut doc["components"]["schemas"];
    // Token lifetimes are four fixed choices.
    schemas["NewToken"]["properties"]["days"] = json!({
        "type": "integer", "format": "int64", "enum": [30, 90, 180, 365],
        "description": "Days until the token expires: 30, 90 (when absent), 180 or 365.",
    });
    // Practices: web addresses, goals 1–17, launched from 1950 to next year.
    let next_year = chrono::Datelike::year(&chrono::Utc::now()) + 1;
    for name in ["PracticeInput", "PracticeDoc"] {
        // A flattened struct's own fields sit in one part of an allOf.
        let schema = &mut schemas[name];
        let props = match schema.get_mut("allOf").and_then(Value::as_array_mut) {
            Some(parts) => parts
                .iter_mut()
                .find(|p| p["properties"].get("sdgs").is_some()),
            None => Some(schema),
        };
        let Some(props) = props.and_then(|p| p.get_mut("properties")) else {
            continue;
        };
        props["links"]["items"] = json!({
            "type": "string", "maxLength": 500,
            "pattern": format!("^[{SPACE}]*(https?://[^{SPACE}]+)?[{SPACE}]*$"),
        });
        let (tags, tag_length) = if name == "PracticeInput" {
            (20, 60)
        } else {
            (100, 100)
        };
        props["links"]["maxItems"] = 10.into();
        props["tags"]["maxItems"] = tags.into();
        props["tags"]["items"] = json!({"type": "string", "maxLength": tag_length});
        props["sdgs"]["items"] =
            json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 17});
        props["launch_year"]["maximum"] = next_year.into();
    }
    // Rules between fields: a proposal has a title, an amendment its node;
    // an invited audience has at least one organisation.
    let text = schemas["ContributionInput"]["properties"]["body"]["pattern"].clone();
    let when = |field: &str, value: &str| json!({"properties": {field: {"const": value}}, "required": [field]});
    schemas["ContributionInput"]["allOf"] = json!([
        {"if": when("kind", "proposal"), "then": {
            "required": ["title"], "properties": {"title": {"type": "string", "pattern": text, "maxLength": 200}},
        }},
        {"if": when("kind", "amendment"), "then": {"required": ["node_id"], "properties": {"node_id": {"type": "integer"}}}},
    ]);
    schemas["ConsultationInput"]["allOf"] = json!([{"if": when("audience", "invited"), "then": {
        "required": ["invited"], "properties": {"invited": {"type": "array", "minItems": 1}},
    }}]);
    // A new user needs a password; an edit without one keeps it.
    if let Some(body) =
        doc.pointer_mut("/paths/~1api~1v1~1users/post/requestBody/content/application~1json/schema")
    {
        *body = json!({"allOf": [body.take(), {
            "type": "object", "required": ["password"],
            "properties": {"password": {"type": "string", "minLength": 10}},
        }]});
    }
    // The impact dashboard is always of one plan.
    if let Some(params) = doc
        .pointer_mut("/paths/~1api~1v1~1analytics~1impact/get/parameters")
        .and_then(Value::as_array_mut)
    {
        for p in params.iter_mut().filter(|p| p["name"] == "plan") {
            p["required"] = true.into();
            p["schema"] = json!({"type": "string", "pattern": "^[1-9][0-9]{0,8}$"});
        }
    }
    doc
}

/// The values of a closed set named in a `pspm:choice-or-empty:` pattern.
fn choices(name: &str) -> Option<Vec<&'static str>> {
    use crate::domain::{InnovationStage, NodeStatus, OrgLevel, PlanStatus, PolicyArea};
    fn all<T: Copy + Into<&'static str>>(values: &[T]) -> Vec<&'static str> {
        values.iter().map(|v| (*v).into()).collect()
    }
    Some(match name {
        "InnovationStage" => all(InnovationStage::ALL),
        "NodeStatus" => all(NodeStatus::ALL),
        "OrgLevel" => all(OrgLevel::ALL),
        "PlanStatus" => all(PlanStatus::ALL),
        "PolicyArea" => all(PolicyArea::ALL),
        _ => return None,
    })
}

/// The regular expression a `pspm:` pattern names (`None`: unknown, left as
/// written; the snapshot test refuses any left).
fn named_pattern(name: &str) -> Option<String> {
    if let Some(kind) = name.strip_prefix("choice-or-empty:") {
        // An empty value is taken as none for these optional choices.
        return choices(kind).map(|values| format!("^({})?$", values.join("|")));
    }
    Some(match name {
        "text" => format!("^[^{CONTROL}]*[^{SPACE}{CONTROL}][^{CONTROL}]*$"),
        "optional-text" => format!("^[^{CONTROL}]*$"),
        "slug" => format!("^[{SPACE}]*[^{SPACE}{CONTROL}]{{1,200}}[{SPACE}]*$"),
        "date-or-empty" => format!("^({DAY})?$"),
        "id-or-empty" => "^([1-9][0-9]{0,8})?$".to_owned(),
        "datetime" => {
            format!(r"^({DAY})(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?| ([01]\d|2[0-3]):[0-5]\d)?$")
        }
        _ => return None,
    })
}

fn expand_patterns(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let named = match map.get("pattern") {
                Some(Value::String(p)) => p.strip_prefix("pspm:").and_then(named_pattern),
                _ => None,
            };
            if let Some(regex) = named {
                map.insert("pattern".into(), regex.into());
            }
            map.values_mut().for_each(expand_patterns);
        }
        Value::Array(items) => items.iter_mut().for_each(expand_patterns),
        _ => {}
    }
}
