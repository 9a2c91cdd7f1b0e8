//! Good practices for tests: the INTERLINK catalogue (real data), practices
//! written and published through the API, the people who write and rate
//! them, and reading facet counts.

use std::path::PathBuf;

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_backend::seed::interlink;
use serde_json::{Value, json};

use crate::{TestApp, TestClient};

/// The INTERLINK catalogue in `../shared/data/interlink-catalogue`, or `None`
/// after a loud notice that `what` cannot run without it.
pub fn catalogue(what: &str) -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/interlink-catalogue");
    if dir.join("interlinkers").exists() {
        Some(dir)
    } else {
        crate::skip(what, "../shared/data/interlink-catalogue is missing");
        None
    }
}

/// Imports the catalogue in `dir` as `pspm import-interlink` does; its report.
pub async fn import_catalogue(
    app: &TestApp,
    dir: PathBuf,
    skip_invalid: bool,
) -> interlink::Report {
    app.db
        .run(move |c| {
            let entries = interlink::read(&dir)?;
            interlink::import(c, entries, skip_invalid, &mut |_, _| {})
        })
        .await
        .expect("import runs")
}

/// The count of value `v` in facet `k` of a search's `facets` (0 when absent).
pub fn facet(f: &Value, k: &str, v: &str) -> i64 {
    f[k].as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == v)
        .map(|p| p[1].as_i64().unwrap())
        .unwrap_or(0)
}

/// The ids of a search's practices, in order.
pub fn ids(search: &Value) -> Vec<i64> {
    search["practices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

/// The body of a new practice in Italian with these facets.
pub fn practice(
    title: &str,
    summary: &str,
    level: &str,
    area: &str,
    sdgs: &[i32],
    tags: &[&str],
) -> Value {
    json!({
        "lang": "it", "title": title, "summary": summary,
        "problem": "Pochi enti riusano le soluzioni.", "solution": "Un catalogo condiviso.",
        "results": "", "lessons": "", "conditions": "",
        "country": "it", "territory_code": "ITI4", "level": level, "policy_area": area,
        "innovation_stage": "implement", "launch_year": 2021, "licence": "CC-BY-4.0",
        "tags": tags, "sdgs": sdgs, "links": ["https://example.org/pratica"],
        "contact": "ufficio.piano@example.org"
    })
}

/// Creates a draft practice; its id.
pub async fn create(c: &TestClient, body: &Value) -> i64 {
    c.create("/api/v1/practices", body).await["practice"]["id"]
        .as_i64()
        .unwrap()
}

/// Moves practice `id` through the review workflow (with a review comment); the answer's status.
pub async fn step(c: &TestClient, id: i64, action: &str) -> StatusCode {
    c.post_json(
        &format!("/api/v1/practices/{id}/transition"),
        &json!({"action": action, "comment": "Aggiungere i risultati misurati."}),
    )
    .await
    .status
}

/// Submits practice `id` as its owner's `member` and publishes it as `admin`.
pub async fn publish(member: &TestClient, admin: &TestClient, id: i64) {
    assert_eq!(step(member, id, "submit").await, StatusCode::OK);
    assert_eq!(step(admin, id, "publish").await, StatusCode::OK);
}

/// A member of a second organisation (a region), signed in.
pub async fn region_member(app: &TestApp) -> TestClient {
    let admin = app.client_as(Role::Admin).await;
    let org = admin
        .create(
            "/api/v1/organisations",
            &json!({"name": "Regione di Prova", "kind": "region", "level": "regional", "territory_code": "ITI4"}),
        )
        .await["organisation"]["id"]
        .as_i64()
        .unwrap();
    app.new_user(
        &admin,
        json!({"email": "region@test.example", "display_name": "Region Member", "role": "member",
               "organisation_id": org, "password": "region-password-1"}),
    )
    .await
}

/// A citizen who belongs to no organisation, signed in.
pub async fn unaffiliated_citizen(app: &TestApp) -> TestClient {
    let admin = app.client_as(Role::Admin).await;
    app.new_user(
        &admin,
        json!({"email": "citizen.free@test.example", "display_name": "Free Citizen", "role": "citizen",
               "password": "citizen-password-1"}),
    )
    .await
}
