//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    analytics, audit, consultations, export, health, me, nodes, organisations, plans, practices,
    session, tokens, users,
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
    modifiers(&Security),
    tags(
        (name = "system", description = "Health"),
        (name = "session", description = "Sign in and out"),
        (name = "me", description = "The caller's own account and tokens"),
        (name = "organisations", description = "Public bodies and other actors"),
        (name = "users", description = "User administration"),
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

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
