//! Dashboards after writes: the server keeps the acts in memory and takes in
//! only what each write changed. After every kind of write the indicators it
//! gives must equal those of a second server on the same database that has
//! kept nothing (and so reads every row afresh).

use axum::http::{Method, StatusCode};
use pspm_backend::domain::Role;
use pspm_tests::consultations::{contribute, priorities, respond, setup, support_as};
use pspm_tests::plans::with_demo_plans;
use pspm_tests::{PASSWORD, TestApp, TestClient, both};
use serde_json::{Value, json};

/// The selections compared: the whole platform, one plan, one
/// consultation, the people filters, a period.
fn selections(plan: i64, consultation: i64) -> Vec<String> {
    let today = chrono::Utc::now().date_naive();
    vec![
        String::new(),
        format!("?plan={plan}"),
        format!("?consultation={consultation}"),
        "?territory=IT".into(),
        "?organisation_kind=ministry".into(),
        "?organisation_kind=citizen".into(),
        "?level=national".into(),
        format!("?from={today}&to={today}"),
    ]
}

/// A dashboard's JSON, which must answer 200.
async fn board(client: &TestClient, path: &str) -> Value {
    let r = client.get(path).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
    r.json()
}

/// Asserts that the app and a server that kept nothing give the same
/// participation and quality for every selection, to the reader `email`
/// (anonymous when `None`); returns the platform's participants.
async fn agree(
    app: &TestApp,
    live: &TestClient,
    email: Option<&str>,
    sel: &[String],
    step: &str,
) -> i64 {
    let fresh = app.fresh_client();
    if let Some(email) = email {
        assert_eq!(fresh.sign_in(email, PASSWORD).await.status, StatusCode::OK);
    }
    for s in sel {
        for kind in ["participation", "quality"] {
            let path = format!("/api/v1/analytics/{kind}{s}");
            let (kept, afresh) = (board(live, &path).await, board(&fresh, &path).await);
            assert_eq!(kept, afresh, "after {step}: {path}");
        }
    }
    board(live, "/api/v1/analytics/participation").await["participants"]
        .as_i64()
        .unwrap_or(0)
}

both!(
    kept_acts_give_what_a_fresh_server_reads_after_every_kind_of_write,
    |app| async move {
        with_demo_plans(&app).await;
        let admin = app.client_as(Role::Admin).await;
        let planner = app.client_as(Role::Planner).await;
        let member = app.client_as(Role::Member).await;
        let evaluator_email = app.users["evaluator"].1.clone();
        let evaluator = app.client_as(Role::Evaluator).await;
        let anonymous = app.client();
        let s = setup(&planner, json!({})).await;
        let sel = selections(s.plan, s.consultation);
        let check = |step: &'static str| {
            let (app, sel, evaluator, anonymous, email) =
                (&app, &sel, &evaluator, &anonymous, evaluator_email.clone());
            async move {
                let all = agree(app, evaluator, Some(&email), sel, step).await;
                agree(app, anonymous, None, sel, step).await;
                all
            }
        };
        // Read once: the acts are loaded; the writes below are taken in.
        let before = check("the first reading").await;

        let p = contribute(&member, s.consultation, json!({"kind": "proposal", "title": "Piste ciclabili", "body": "Più piste", "node_id": s.objective}))
            .await
            .json()["contribution"]["id"]
            .as_i64()
            .unwrap();
        let c = contribute(
            &member,
            s.consultation,
            json!({"kind": "comment", "body": "Un commento"}),
        )
        .await
        .json()["contribution"]["id"]
            .as_i64()
            .unwrap();
        contribute(
            &planner,
            s.consultation,
            json!({"kind": "comment", "body": "Una risposta", "parent_id": c}),
        )
        .await;
        let after = check("contributions").await;
        assert!(after > before, "new participants count: {before} → {after}");

        assert_eq!(support_as(&planner, p).await.status, StatusCode::NO_CONTENT);
        assert_eq!(support_as(&admin, p).await.status, StatusCode::NO_CONTENT);
        check("supports").await;
        let r = planner
            .delete(&format!("/api/v1/contributions/{p}/supports"))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        check("a withdrawn support").await;

        let points = |a: i64, b: i64| json!({"points": [{"node_id": s.actions[0], "points": a}, {"node_id": s.actions[1], "points": b}]});
        for (a, b) in [(60, 40), (0, 100), (0, 0)] {
            let r = priorities(&evaluator, s.consultation, points(a, b)).await;
            assert!(r.status.is_success(), "{}", r.text());
            check("points").await;
        }

        for status in ["accepted", "rejected"] {
            let r = respond(&planner, c, json!({"status": status, "body": "Risposta"})).await;
            assert!(r.status.is_success(), "{}", r.text());
            check("a response").await;
        }

        let r = planner
            .post_json(
                &format!("/api/v1/contributions/{p}/hide"),
                &json!({"reason": "Fuori tema"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        check("a hidden contribution").await;

        let r = admin
            .patch_json(
                &format!("/api/v1/organisations/{}", app.org_id),
                &json!({"name": "Ministero di Prova", "kind": "agency", "level": "national", "territory_code": "ITC4"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        check("an organisation's kind and territory").await;

        assert_eq!(
            member
                .json(
                    Method::DELETE,
                    "/api/v1/me",
                    &json!({"current_password": PASSWORD})
                )
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        check("an account deletion").await;

        // A write by another process (a second server): taken in as well.
        app.write_elsewhere(
            format!(
                "INSERT INTO contributions (consultation_id, kind, author_id, body, created_at, support_count) \
                 VALUES ({}, 'comment', {}, 'Da un altro server', CURRENT_TIMESTAMP, 0)",
                s.consultation, app.users["admin"].0
            ),
            "contribution.create",
            "contribution",
            0,
        )
        .await;
        check("a write by another server").await;
    }
);
