//! Strategic plans built through the API for tests: a small sample tree, a
//! plan larger than a page, the demo plans, and reading a plan's tree back.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::{TestApp, TestClient};

/// Creates a draft plan titled `title` (2025–2027); its id.
pub async fn new_plan(client: &TestClient, title: &str) -> i64 {
    client
        .create(
            "/api/v1/plans",
            &json!({"title": title, "summary": "S", "period_start": "2025-01-01", "period_end": "2027-12-31"}),
        )
        .await["plan"]["id"]
        .as_i64()
        .unwrap()
}

/// Adds a node to `plan`; the node as stored.
pub async fn add(client: &TestClient, plan: i64, body: Value) -> Value {
    client
        .create(&format!("/api/v1/plans/{plan}/nodes"), &body)
        .await["node"]
        .clone()
}

/// The body of a new node titled after its code.
pub fn node(kind: &str, code: &str, parent: Option<i64>) -> Value {
    json!({"kind": kind, "code": code, "title": format!("{code} title"), "parent_id": parent})
}

/// `plan`'s nodes in tree order, and its overall progress, as `client` reads them.
pub async fn nodes(client: &TestClient, plan: i64) -> (Vec<Value>, Value) {
    let r = client
        .get(&format!("/api/v1/plans/{plan}/nodes"))
        .await
        .json();
    (
        r["nodes"].as_array().unwrap().clone(),
        r["progress"].clone(),
    )
}

/// The node with this code.
pub fn by_code<'a>(nodes: &'a [Value], code: &str) -> &'a Value {
    nodes
        .iter()
        .find(|n| n["code"] == code)
        .unwrap_or_else(|| panic!("{code} in tree"))
}

/// Opens `plan` to consultation, which publishes it.
pub async fn publish(client: &TestClient, plan: i64) {
    let r = client
        .post_json(
            &format!("/api/v1/plans/{plan}/transition"),
            &json!({"status": "consultation"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// A plan with an area, a strategic objective, two operational objectives
/// and four actions; its id and the nodes' ids in that order.
pub async fn sample(client: &TestClient) -> (i64, Vec<i64>) {
    let plan = new_plan(client, "Piano di prova").await;
    let a = add(client, plan, node("area", "A1", None)).await["id"]
        .as_i64()
        .unwrap();
    let so = add(client, plan, node("strategic_objective", "SO1", Some(a))).await["id"]
        .as_i64()
        .unwrap();
    let mut oo1 = node("operational_objective", "OO1", Some(so));
    oo1["weight"] = json!(3.0);
    let oo1 = add(client, plan, oo1).await["id"].as_i64().unwrap();
    let mut oo2 = node("operational_objective", "OO2", Some(so));
    oo2["weight"] = json!(1.0);
    let oo2 = add(client, plan, oo2).await["id"].as_i64().unwrap();
    let mut ids = vec![a, so, oo1, oo2];
    for (code, parent, progress) in [
        ("AZ1", oo1, 100.0),
        ("AZ2", oo1, 50.0),
        ("AZ3", oo2, 0.0),
        ("AZ4", oo2, 20.0),
    ] {
        let mut n = node("action", code, Some(parent));
        n["progress"] = json!(progress);
        n["status"] = json!("on_track");
        ids.push(add(client, plan, n).await["id"].as_i64().unwrap());
    }
    (plan, ids)
}

/// A plan of 2 areas, 4 strategic objectives, 32 operational objectives and
/// 160 actions (198 nodes: more than a whole page shows), with an indicator
/// on an action, imported by `client`; its id. Codes: `A1`, `SO1.2`,
/// `OO1.2.3`, `AZ1.2.3.4`.
pub async fn large_plan(client: &TestClient) -> i64 {
    let mut nodes = Vec::new();
    let doc_node = |kind: &str, code: String, parent: Option<String>| json!({"code": code, "parent_code": parent, "kind": kind, "title": format!("Titolo {code}")});
    for a in 1..=2 {
        nodes.push(doc_node("area", format!("A{a}"), None));
        for s in 1..=2 {
            nodes.push(doc_node(
                "strategic_objective",
                format!("SO{a}.{s}"),
                Some(format!("A{a}")),
            ));
            for o in 1..=8 {
                nodes.push(doc_node(
                    "operational_objective",
                    format!("OO{a}.{s}.{o}"),
                    Some(format!("SO{a}.{s}")),
                ));
                for x in 1..=5 {
                    nodes.push(doc_node(
                        "action",
                        format!("AZ{a}.{s}.{o}.{x}"),
                        Some(format!("OO{a}.{s}.{o}")),
                    ));
                }
            }
        }
    }
    nodes[3]["indicators"] = json!([{"name": "Sportelli digitali aperti", "unit": "n", "direction": "increase",
        "baseline_value": 2.0, "baseline_date": "2024-12-31", "frequency": "annual", "data_source": "ISTAT",
        "targets": [{"period": "2027", "due_date": "2027-12-31", "value": 20.0}], "measurements": []}]);
    let doc = json!({"format": "pspm-plan/1",
        "plan": {"title": "Piano nazionale grande", "summary": "", "owner_organisation": "", "period_start": "2025-01-01", "period_end": "2027-12-31"},
        "nodes": nodes});
    client.create("/api/v1/plans/import", &doc).await["plan"]["id"]
        .as_i64()
        .unwrap()
}

/// A planner of another organisation (Regione Umbria), created through
/// `admin` and signed in: someone who may not read the seeded ministry's drafts.
pub async fn regional_planner(app: &TestApp, admin: &TestClient) -> TestClient {
    let region = admin
        .create(
            "/api/v1/organisations",
            &json!({"name": "Regione Umbria", "kind": "region", "level": "regional"}),
        )
        .await["organisation"]["id"]
        .clone();
    app.new_user(
        admin,
        json!({"email": "p2@test.example", "display_name": "P2", "role": "planner", "organisation_id": region, "password": "another-planner"}),
    )
    .await
}

/// Ids of a demo plan, one of its nodes and one of its indicators.
#[derive(Debug, Clone, Copy)]
pub struct PlanIds {
    /// The national demo plan.
    pub plan: i64,
    /// A node with an indicator.
    pub node: i64,
    /// That indicator.
    pub indicator: i64,
    /// An imported INTERLINK practice (0 when the catalogue is missing).
    pub practice: i64,
}

/// Loads the demo plans and the INTERLINK catalogue, and picks a plan, node,
/// indicator and practice.
pub async fn with_demo_plans(app: &TestApp) -> PlanIds {
    app.load_demo().await;
    let client = app.client();
    let plans = client.get("/api/v1/plans").await.json();
    let plan = plans["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["parent_plan_id"].is_null())
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let nodes = client
        .get(&format!("/api/v1/plans/{plan}/nodes"))
        .await
        .json();
    let with = nodes["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| !n["indicators"].as_array().unwrap().is_empty())
        .unwrap()
        .clone();
    let practice = if let Some(dir) = crate::practices::catalogue("practice pages") {
        crate::practices::import_catalogue(app, dir, false).await;
        client.get("/api/v1/practices?sort=title").await.json()["practices"][0]["id"]
            .as_i64()
            .unwrap()
    } else {
        0
    };
    PlanIds {
        plan,
        node: with["id"].as_i64().unwrap(),
        indicator: with["indicators"][0]["id"].as_i64().unwrap(),
        practice,
    }
}
