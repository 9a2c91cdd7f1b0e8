//! Consultations for tests: a plan open to consultation, the calls people make
//! while taking part, and the recount of the running totals the database keeps.

use pspm_backend::domain::Role;
use serde_json::{Value, json};

use crate::plans::publish;
use crate::{TestApp, TestClient, TestResponse};

/// A plan in consultation and its open consultation.
pub struct Setup {
    /// Plan id.
    pub plan: i64,
    /// Consultation id.
    pub consultation: i64,
    /// The operational objective.
    pub objective: i64,
    /// The two actions.
    pub actions: Vec<i64>,
}

/// A plan in consultation with one operational objective and two actions,
/// and an open public consultation whose fields `extra` overrides.
pub async fn setup(planner: &TestClient, extra: Value) -> Setup {
    let plan = planner
        .post_json("/api/v1/plans", &json!({"title": "Piano in consultazione", "period_start": "2025-01-01", "period_end": "2027-12-31"}))
        .await
        .json()["plan"]["id"]
        .as_i64()
        .unwrap();
    let add = |body: Value| async move {
        crate::plans::add(planner, plan, body).await["id"]
            .as_i64()
            .unwrap()
    };
    let a = add(json!({"kind": "area", "code": "A1", "title": "Area"})).await;
    let so = add(
        json!({"kind": "strategic_objective", "code": "SO1", "title": "Obiettivo", "parent_id": a}),
    )
    .await;
    let oo = add(json!({"kind": "operational_objective", "code": "OO1", "title": "Obiettivo operativo", "parent_id": so})).await;
    let az1 =
        add(json!({"kind": "action", "code": "AZ1", "title": "Azione uno", "parent_id": oo})).await;
    let az2 =
        add(json!({"kind": "action", "code": "AZ2", "title": "Azione due", "parent_id": oo})).await;
    publish(planner, plan).await;
    let mut body = json!({"title": "Consultazione pubblica", "description": "Dite la vostra", "opens_at": "2025-01-01T00:00",
        "closes_at": "2099-12-31T23:59", "audience": "public", "supports_per_person": 2, "points_per_person": 100});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let consultation = planner
        .create(&format!("/api/v1/plans/{plan}/consultations"), &body)
        .await["consultation"]["id"]
        .as_i64()
        .unwrap();
    Setup {
        plan,
        consultation,
        objective: oo,
        actions: vec![az1, az2],
    }
}

/// A plan in consultation with a comment, a reply, a supported and reported
/// proposal, and a response.
pub async fn with_contributions(app: &TestApp) -> Setup {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let k = s.consultation;
    let c = contribute(
        &member,
        k,
        json!({"kind": "comment", "body": "Un commento"}),
    )
    .await
    .json()["contribution"]["id"]
        .clone();
    contribute(
        &member,
        k,
        json!({"kind": "comment", "body": "Una risposta", "parent_id": c}),
    )
    .await;
    let p = contribute(&member, k, json!({"kind": "proposal", "title": "Una proposta", "body": "Testo", "node_id": s.objective}))
        .await
        .json()["contribution"]["id"]
        .clone();
    planner
        .post_json(&format!("/api/v1/contributions/{p}/supports"), &json!({}))
        .await;
    planner
        .put_json(
            &format!("/api/v1/contributions/{c}/response"),
            &json!({"status": "already_planned", "body": "Già previsto"}),
        )
        .await;
    member
        .post_json(
            &format!("/api/v1/contributions/{p}/reports"),
            &json!({"reason": "Prova"}),
        )
        .await;
    s
}

/// Contributes `body` (a comment, proposal or reply) to `consultation`.
pub async fn contribute(client: &TestClient, consultation: i64, body: Value) -> TestResponse {
    client
        .post_json(
            &format!("/api/v1/consultations/{consultation}/contributions"),
            &body,
        )
        .await
}

/// The id of the first of `client`'s own contributions of `kind`.
pub async fn my_contribution(client: &TestClient, kind: &str) -> i64 {
    client.get("/api/v1/me/contributions").await.json()["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("a {kind} of mine"))["id"]
        .as_i64()
        .unwrap()
}

/// Supports the proposal `id`.
pub async fn support_as(c: &TestClient, id: i64) -> TestResponse {
    c.post_json(&format!("/api/v1/contributions/{id}/supports"), &json!({}))
        .await
}

/// Sets the priority points of `c` in `consultation`.
pub async fn priorities(c: &TestClient, consultation: i64, body: Value) -> TestResponse {
    c.put_json(
        &format!("/api/v1/consultations/{consultation}/priorities"),
        &body,
    )
    .await
}

/// Gives (or changes) the official response to contribution `id`.
pub async fn respond(c: &TestClient, id: i64, body: Value) -> TestResponse {
    c.put_json(&format!("/api/v1/contributions/{id}/response"), &body)
        .await
}

/// A consultation as `GET /api/v1/consultations/{id}` shows it to anyone.
pub async fn consultation_json(app: &TestApp, id: i64) -> Value {
    app.client()
        .get(&format!("/api/v1/consultations/{id}"))
        .await
        .json()["consultation"]
        .clone()
}

/// How many of the running totals the database keeps (support counts,
/// contribution counts, priority tallies and their people) differ from a recount of the rows
/// they total: 0 when they are right.
pub async fn running_totals_drift(app: &TestApp) -> i64 {
    let sql = "SELECT \
        (SELECT COUNT(*) FROM contributions c WHERE c.support_count <> \
            (SELECT COUNT(*) FROM supports s WHERE s.contribution_id = c.id)) \
        + (SELECT COUNT(*) FROM consultations k WHERE k.contribution_count <> \
            (SELECT COUNT(*) FROM contributions c WHERE c.consultation_id = k.id)) \
        + (SELECT COUNT(*) FROM priority_tallies t WHERE t.points <> COALESCE( \
            (SELECT SUM(a.points) FROM priority_allocations a \
             WHERE a.consultation_id = t.consultation_id AND a.node_id = t.node_id \
               AND COALESCE(a.organisation_id, 0) = t.organisation_key), 0)) \
        + (SELECT COUNT(*) FROM priority_tallies t WHERE t.people <> \
            (SELECT COUNT(*) FROM priority_allocations a \
             WHERE a.consultation_id = t.consultation_id AND a.node_id = t.node_id \
               AND COALESCE(a.organisation_id, 0) = t.organisation_key AND a.points > 0)) \
        + (SELECT COUNT(*) FROM priority_allocations a WHERE NOT EXISTS \
            (SELECT 1 FROM priority_tallies t WHERE t.consultation_id = a.consultation_id \
               AND t.node_id = a.node_id AND t.organisation_key = COALESCE(a.organisation_id, 0))) \
        AS n";
    app.count(sql).await
}
