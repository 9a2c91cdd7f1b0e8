//! Consultations: window and audience, contributions, supports, priority
//! points and rankings, responses that create actions, moderation,
//! notifications, the pages that take part, paging, kept summaries.

use pspm_backend::domain::Role;
use pspm_tests::{TestApp, TestClient};
use serde_json::json;

mod amendments;
mod audience;
mod concurrency;
mod editing;
mod kept_summaries;
mod mail;
mod moderation;
mod pages;
mod paging;
mod proposals;
mod rankings;
mod refusals;
mod responses;

/// A user with `role` of a new organisation (a municipality named after
/// them), signed in; the client and the organisation's id.
async fn outsider(app: &TestApp, email: &str, role: &str) -> (TestClient, i64) {
    let admin = app.client_as(Role::Admin).await;
    let org = admin
        .create(
            "/api/v1/organisations",
            &json!({"name": format!("Ente {email}"), "kind": "municipality", "level": "local"}),
        )
        .await["organisation"]["id"]
        .as_i64()
        .unwrap();
    let client = app
        .new_user(
            &admin,
            json!({"email": email, "display_name": email, "role": role, "organisation_id": org, "password": "outsider-password"}),
        )
        .await;
    (client, org)
}
