//! The only route table: JSON API, pages, assets, and the layers around them.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::routing::{delete, get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::app::AppState;
use crate::{api, web};

/// Builds the application router: the API, the pages and the assets, and
/// the layers around them all.
pub fn build(state: AppState) -> Router {
    let secure = state.config.secure_cookies;
    let db = state.db.clone();
    // An oversized file is read to its end and dropped (so the form can say
    // why); beyond four times the limit the connection is cut.
    let upload_limit = crate::http::files::upload_cap(state.config.max_upload_mb);
    Router::new()
        .route("/assets/{file}", get(web::assets::asset))
        .merge(api_routes())
        .merge(page_routes(secure))
        .with_state(state)
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let db = db.clone();
                async move { db.with_wait_budget(next.run(req)).await }
            },
        ))
        .layer(axum::middleware::from_fn_with_state(
            upload_limit,
            crate::http::middleware::body_limit,
        ))
        .layer(axum::middleware::from_fn(
            crate::http::middleware::api_error_shape,
        ))
        // Pages and JSON gzip-compressed for the clients that accept it (a
        // plan page travels as a tenth of its size on a slow line). Archives and
        // images are compressed already; the cached public pages carry their
        // compressed copy and are not compressed again.
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .quality(CompressionLevel::Default)
                .compress_when(
                    SizeAbove::new(1024)
                        .and(NotForContentType::IMAGES)
                        .and(NotForContentType::const_new("application/zip"))
                        .and(NotForContentType::const_new("application/vnd.apache.parquet")),
                ),
        )
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::http::middleware::CSP),
        ))
        // Served over HTTPS (secure cookies): browsers keep to it for a year.
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &axum::http::Response<_>| {
                secure.then(|| HeaderValue::from_static("max-age=31536000"))
            },
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        .layer(
            TraceLayer::new_for_http()
                // Path only: query strings may carry search text or other personal data.
                .make_span_with(|req: &Request<_>| {
                    tracing::info_span!("request", http.method = %req.method(), http.path = %req.uri().path())
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new()
                        .level(tracing::Level::INFO)
                        .latency_unit(tower_http::LatencyUnit::Millis),
                ),
        )
        .layer(CatchPanicLayer::custom(crate::http::page::panic_page))
}

/// The JSON API under `/api/v1`, and `/health`.
fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(api::health::health))
        .route("/api/v1/openapi.json", get(api::openapi::openapi_json))
        .route(
            "/api/v1/session",
            post(api::session::create_session).delete(api::session::delete_session),
        )
        .route(
            "/api/v1/tokens",
            get(api::tokens::list_tokens).post(api::tokens::create_token),
        )
        .route("/api/v1/tokens/{id}", delete(api::tokens::revoke_token))
        .route("/api/v1/me/password", post(api::me::change_password))
        .route(
            "/api/v1/me",
            get(api::me::find_me)
                .patch(api::me::update_me)
                .delete(api::me::delete_me),
        )
        .route("/api/v1/me/export", get(api::me::export_me))
        .route(
            "/api/v1/organisations",
            get(api::organisations::list_organisations)
                .post(api::organisations::create_organisation),
        )
        .route(
            "/api/v1/organisations/{id}",
            get(api::organisations::find_organisation)
                .patch(api::organisations::update_organisation),
        )
        .route(
            "/api/v1/users",
            get(api::users::list_users).post(api::users::create_user),
        )
        .route(
            "/api/v1/users/{id}",
            get(api::users::find_user).patch(api::users::update_user),
        )
        .route("/api/v1/audit", get(api::audit::list_audit_events))
        .route(
            "/api/v1/plans",
            get(api::plans::list_plans).post(api::plans::create_plan),
        )
        .route("/api/v1/plans/import", post(api::plans::import_plan))
        .route(
            "/api/v1/plans/{id}",
            get(api::plans::find_plan).patch(api::plans::update_plan),
        )
        .route(
            "/api/v1/plans/{id}/transition",
            post(api::plans::transition_plan),
        )
        .route(
            "/api/v1/plans/{id}/nodes",
            get(api::plans::list_nodes).post(api::nodes::create_node),
        )
        .route(
            "/api/v1/plans/{id}/versions",
            get(api::plans::list_versions),
        )
        .route(
            "/api/v1/plans/{id}/versions/{number}",
            get(api::plans::find_version),
        )
        .route(
            "/api/v1/plans/{id}/versions/{a}/diff/{b}",
            get(api::plans::diff_versions),
        )
        .route("/api/v1/plans/{id}/export", get(api::plans::export_plan))
        .route(
            "/api/v1/plans/{id}/tree.csv",
            get(api::plans::export_tree_csv),
        )
        .route(
            "/api/v1/nodes/{id}",
            get(api::nodes::find_node)
                .patch(api::nodes::update_node)
                .delete(api::nodes::delete_node),
        )
        .route("/api/v1/nodes/{id}/move", post(api::nodes::move_node))
        .route(
            "/api/v1/analytics/participation",
            get(api::analytics::participation),
        )
        .route("/api/v1/analytics/quality", get(api::analytics::quality))
        .route("/api/v1/analytics/impact", get(api::analytics::impact))
        .route(
            "/api/v1/analytics/practices",
            get(api::analytics::practices),
        )
        .route(
            "/api/v1/analytics/charts/{file}",
            get(api::analytics::chart),
        )
        .route(
            "/api/v1/export/open-data.zip",
            get(api::export::open_data_zip),
        )
        .route(
            "/api/v1/practices",
            get(api::practices::list_practices).post(api::practices::create_practice),
        )
        .route(
            "/api/v1/practices/review-queue",
            get(api::practices::review_queue),
        )
        .route(
            "/api/v1/practices/export",
            get(api::practices::export_practices),
        )
        .route(
            "/api/v1/practices/import",
            post(api::practices::import_practices),
        )
        .route(
            "/api/v1/practices/{id}",
            get(api::practices::find_practice).put(api::practices::update_practice),
        )
        .route(
            "/api/v1/practices/{id}/texts",
            post(api::practices::put_texts),
        )
        .route(
            "/api/v1/practices/{id}/transition",
            post(api::practices::transition_practice),
        )
        .route(
            "/api/v1/practices/{id}/text-changes/{lang}",
            post(api::practices::review_text_change),
        )
        .route(
            "/api/v1/practices/{id}/ratings",
            get(api::practices::list_ratings).post(api::practices::rate_practice),
        )
        .route(
            "/api/v1/practices/{id}/links",
            get(api::practices::list_links).post(api::practices::link_practice),
        )
        .route(
            "/api/v1/practices/{id}/links/{node_id}",
            delete(api::practices::unlink_practice),
        )
        .route(
            "/api/v1/practices/{id}/adoptions",
            get(api::practices::list_adoptions).post(api::practices::declare_adoption),
        )
        .route(
            "/api/v1/adoptions/{id}/decision",
            post(api::practices::decide_adoption),
        )
        .route(
            "/api/v1/plans/{id}/consultations",
            get(api::consultations::list_consultations)
                .post(api::consultations::create_consultation),
        )
        .route(
            "/api/v1/consultations/{id}",
            get(api::consultations::find_consultation),
        )
        .route(
            "/api/v1/consultations/{id}/contributions",
            get(api::consultations::list_contributions)
                .post(api::consultations::create_contribution),
        )
        .route(
            "/api/v1/consultations/{id}/priorities",
            axum::routing::put(api::consultations::set_priorities),
        )
        .route(
            "/api/v1/contributions/{id}",
            get(api::consultations::find_contribution).patch(api::consultations::edit_contribution),
        )
        .route(
            "/api/v1/consultations/{id}/follow",
            post(api::consultations::follow_consultation)
                .delete(api::consultations::unfollow_consultation),
        )
        .route(
            "/api/v1/contributions/{id}/accept",
            post(api::consultations::accept_amendment),
        )
        .route(
            "/api/v1/contributions/{id}/follow",
            post(api::consultations::follow_thread).delete(api::consultations::unfollow_thread),
        )
        .route(
            "/api/v1/contributions/{id}/withdraw",
            post(api::consultations::withdraw_contribution),
        )
        .route(
            "/api/v1/contributions/{id}/supports",
            post(api::consultations::create_support).delete(api::consultations::delete_support),
        )
        .route(
            "/api/v1/contributions/{id}/response",
            axum::routing::put(api::consultations::respond),
        )
        .route(
            "/api/v1/contributions/{id}/reports",
            post(api::consultations::create_report),
        )
        .route(
            "/api/v1/contributions/{id}/hide",
            post(api::consultations::hide_contribution),
        )
        .route(
            "/api/v1/me/contributions",
            get(api::consultations::my_contributions),
        )
        .route(
            "/api/v1/me/response-queue",
            get(api::consultations::response_queue),
        )
        .route(
            "/api/v1/me/notifications",
            get(api::consultations::list_notifications),
        )
        .route(
            "/api/v1/me/notifications/read",
            post(api::consultations::read_notifications),
        )
        .route(
            "/api/v1/nodes/{id}/milestones",
            post(api::nodes::create_milestone),
        )
        .route(
            "/api/v1/milestones/{id}",
            axum::routing::patch(api::nodes::update_milestone),
        )
        .route(
            "/api/v1/plans/{id}/attachments",
            get(api::attachments::list_for_plan)
                .post(api::attachments::upload_to_plan)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/nodes/{id}/attachments",
            get(api::attachments::list_for_node)
                .post(api::attachments::upload_to_node)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/practices/{id}/attachments",
            get(api::attachments::list_for_practice)
                .post(api::attachments::upload_to_practice)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/consultations/{id}/attachments",
            get(api::attachments::list_for_consultation)
                .post(api::attachments::upload_to_consultation)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/attachments/{id}",
            get(api::attachments::find)
                .patch(api::attachments::update)
                .delete(api::attachments::delete),
        )
        .route(
            "/api/v1/attachments/{id}/content",
            get(api::attachments::content),
        )
        .route(
            "/api/v1/nodes/{id}/indicators",
            get(api::nodes::list_indicators).post(api::nodes::create_indicator),
        )
        .route(
            "/api/v1/indicators/{id}",
            get(api::nodes::find_indicator).patch(api::nodes::update_indicator),
        )
        .route(
            "/api/v1/indicators/{id}/measurements",
            get(api::nodes::list_measurements).post(api::nodes::create_measurement),
        )
}

/// The pages, with the CSRF cookie that their forms echo.
fn page_routes(secure: bool) -> Router<AppState> {
    Router::new()
        .route("/", get(web::home))
        .route(
            "/sign-in",
            get(web::session::sign_in_form).post(web::session::sign_in),
        )
        .route(
            "/password/forgot",
            get(web::session::forgot_form).post(web::session::forgot),
        )
        .route(
            "/password/reset/{token}",
            get(web::session::reset_form).post(web::session::reset),
        )
        .route("/sign-out", post(web::session::sign_out))
        .route("/lang/{code}", get(web::session::switch_language))
        .route("/account", get(web::account::show))
        .route("/account/language", post(web::account::set_language))
        .route("/account/email", post(web::account::set_email_frequency))
        .route(
            "/unsubscribe/{token}",
            get(web::account::unsubscribe_form).post(web::account::unsubscribe),
        )
        .route("/account/export", get(web::account::export))
        .route("/account/delete", post(web::account::delete))
        .route("/account/password", post(web::account::change_password))
        .route(
            "/account/tokens",
            get(web::account::tokens).post(web::account::create_token),
        )
        .route(
            "/account/tokens/{id}/revoke",
            post(web::account::revoke_token),
        )
        .route(
            "/admin/organisations",
            get(web::admin::organisations).post(web::admin::create_organisation),
        )
        .route(
            "/admin/organisations/new",
            get(web::admin::new_organisation),
        )
        .route(
            "/admin/organisations/{id}",
            post(web::admin::update_organisation),
        )
        .route(
            "/admin/organisations/{id}/edit",
            get(web::admin::edit_organisation),
        )
        .route(
            "/admin/users",
            get(web::admin::users).post(web::admin::create_user),
        )
        .route("/admin/users/new", get(web::admin::new_user))
        .route("/admin/users/{id}", post(web::admin::update_user))
        .route("/admin/users/{id}/edit", get(web::admin::edit_user))
        .route(
            "/plans",
            get(web::plans::list).post(web::plans::edit::create_plan),
        )
        .route("/plans/new", get(web::plans::edit::new_plan))
        .route(
            "/plans/import",
            get(web::plans::import::import_form).post(web::plans::import::import),
        )
        .route(
            "/plans/{id}",
            get(web::plans::show).post(web::plans::edit::update_plan),
        )
        .route("/plans/{id}/edit", get(web::plans::edit::edit_plan))
        .route("/plans/{id}/transition", post(web::plans::edit::transition))
        .route(
            "/plans/{id}/versions",
            get(web::plans::versions::list_versions),
        )
        .route(
            "/plans/{id}/versions/{number}",
            get(web::plans::versions::show_version),
        )
        .route("/plans/{id}/nodes", post(web::plans::nodes::create_node))
        .route("/plans/{id}/nodes/new", get(web::plans::nodes::new_node))
        .route(
            "/nodes/{id}",
            get(web::plans::node).post(web::plans::nodes::update_node),
        )
        .route("/nodes/{id}/edit", get(web::plans::nodes::edit_node))
        .route("/nodes/{id}/move", post(web::plans::nodes::move_node))
        .route("/nodes/{id}/delete", post(web::plans::nodes::delete_node))
        .route(
            "/nodes/{id}/milestones",
            post(web::plans::milestones::create_milestone),
        )
        .route(
            "/milestones/{id}/toggle",
            post(web::plans::milestones::toggle_milestone),
        )
        .route(
            "/nodes/{id}/attachments",
            post(web::attachments::upload_to_node).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/plans/{id}/attachments",
            post(web::attachments::upload_to_plan).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/practices/{id}/files",
            get(web::attachments::practice_files),
        )
        .route(
            "/practices/{id}/attachments",
            post(web::attachments::upload_to_practice).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/consultations/{id}/files",
            get(web::attachments::consultation_files),
        )
        .route(
            "/consultations/{id}/attachments",
            post(web::attachments::upload_to_consultation).layer(DefaultBodyLimit::disable()),
        )
        .route("/attachments/{id}", get(web::attachments::download))
        .route("/attachments/{id}/edit", get(web::attachments::edit))
        .route(
            "/attachments/{id}/describe",
            post(web::attachments::describe),
        )
        .route("/attachments/{id}/delete", post(web::attachments::delete))
        .route(
            "/nodes/{id}/indicators",
            post(web::plans::indicators::create_indicator),
        )
        .route(
            "/nodes/{id}/indicators/new",
            get(web::plans::indicators::new_indicator),
        )
        .route(
            "/indicators/{id}",
            post(web::plans::indicators::update_indicator),
        )
        .route(
            "/indicators/{id}/edit",
            get(web::plans::indicators::edit_indicator),
        )
        .route(
            "/indicators/{id}/measurements",
            post(web::plans::indicators::create_measurement),
        )
        .route(
            "/indicators/{id}/measurements/new",
            get(web::plans::indicators::new_measurement),
        )
        .route(
            "/consultations/{id}",
            get(web::consultations::consultation::show),
        )
        .route(
            "/consultations/{id}/contributions",
            post(web::consultations::consultation::contribute),
        )
        .route(
            "/consultations/{id}/follow",
            post(web::consultations::consultation::follow_consultation),
        )
        .route(
            "/contributions/{id}/accept",
            post(web::consultations::consultation::accept_amendment),
        )
        .route(
            "/contributions/{id}/follow",
            post(web::consultations::consultation::follow_thread),
        )
        .route(
            "/consultations/{id}/proposals",
            get(web::consultations::consultation::proposals),
        )
        .route(
            "/consultations/{id}/priorities",
            post(web::consultations::consultation::priorities),
        )
        .route(
            "/consultations/{id}/you-said-we-did",
            get(web::consultations::lists::you_said_we_did),
        )
        .route(
            "/contributions/{id}",
            get(web::consultations::consultation::locate),
        )
        .route(
            "/contributions/{id}/support",
            post(web::consultations::consultation::support),
        )
        .route(
            "/contributions/{id}/edit",
            post(web::consultations::consultation::edit),
        )
        .route(
            "/contributions/{id}/withdraw",
            post(web::consultations::consultation::withdraw),
        )
        .route(
            "/contributions/{id}/report",
            post(web::consultations::consultation::report),
        )
        .route(
            "/contributions/{id}/respond",
            post(web::consultations::lists::respond),
        )
        .route(
            "/contributions/{id}/hide",
            post(web::consultations::lists::hide),
        )
        .route(
            "/plans/{id}/consultations",
            post(web::consultations::opening::create_consultation),
        )
        .route(
            "/plans/{id}/consultations/new",
            get(web::consultations::opening::new_consultation),
        )
        .route("/responses", get(web::consultations::lists::responses))
        .route("/moderation", get(web::consultations::lists::moderation))
        .route("/my/contributions", get(web::consultations::lists::mine))
        .route(
            "/notifications",
            get(web::consultations::notifications::notifications)
                .post(web::consultations::notifications::read_notifications),
        )
        .route(
            "/notifications/read",
            post(web::consultations::notifications::read_notifications),
        )
        .route("/dashboards", get(web::dashboards::index))
        .route("/dashboards/{key}", get(web::dashboards::board))
        .route("/practices", get(web::practices::search::catalogue))
        .route(
            "/practices/new",
            get(web::practices::editing::new_form).post(web::practices::editing::create),
        )
        .route("/practices/manage", get(web::practices::editing::manage))
        .route("/practices/{id}", get(web::practices::practice::show))
        .route(
            "/practices/{id}/edit",
            get(web::practices::editing::edit_form).post(web::practices::editing::update),
        )
        .route(
            "/practices/{id}/texts",
            get(web::practices::editing::texts_form).post(web::practices::editing::put_texts),
        )
        .route(
            "/practices/{id}/transition",
            post(web::practices::practice::transition),
        )
        .route(
            "/practices/{id}/text-changes/{lang}",
            post(web::practices::practice::review_text),
        )
        .route(
            "/practices/{id}/ratings",
            post(web::practices::practice::rate),
        )
        .route(
            "/practices/{id}/links",
            post(web::practices::practice::link),
        )
        .route(
            "/practices/{id}/links/{node_id}/delete",
            post(web::practices::practice::unlink),
        )
        .route(
            "/practices/{id}/adoptions",
            post(web::practices::adoptions::declare),
        )
        .route("/adoptions", get(web::practices::adoptions::decisions))
        .route(
            "/adoptions/{id}/decision",
            post(web::practices::adoptions::decide),
        )
        .fallback(web::not_found)
        .layer(axum::middleware::from_fn(
            crate::http::page::render_failures,
        ))
        .layer(axum::middleware::from_fn(move |req, next| {
            crate::http::middleware::csrf_cookie(secure, req, next)
        }))
}
