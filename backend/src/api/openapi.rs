//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{audit, health, me, organisations, session, tokens, users};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "PSPM API", description = "Participatory Strategic Planning Module. Errors always have the shape {\"errors\":[{\"code\",\"detail\",\"field\"}]}."),
    paths(
        health::health,
        session::create_session, session::delete_session,
        tokens::create_token,
        me::find_me, me::export_me, me::delete_me,
        organisations::list_organisations, organisations::find_organisation,
        organisations::create_organisation, organisations::update_organisation,
        users::list_users, users::find_user, users::create_user, users::update_user,
        audit::list_audit_events,
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
                crate::extract::SESSION_COOKIE,
            ))),
        );
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
