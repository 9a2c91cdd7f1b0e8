//! Several instances behind a load balancer on one database: a write on
//! one is seen by the very next read on the other, whatever either kept
//! (plan page, consultation summary and ranking, catalogue search,
//! dashboards, sessions, sign-in limits).

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::consultations::{contribute, setup, support_as};
use pspm_tests::practices::{create, ids, practice, publish};
use pspm_tests::{PASSWORD, both};
use serde_json::json;

both!(
    a_write_on_one_instance_is_read_on_the_other,
    |app| async move {
        let other = app.instance();
        let planner = app.client_as(Role::Planner).await;
        let member = app.client_as(Role::Member).await;
        let citizen = app.client_as(Role::Citizen).await;
        let admin = app.client_as(Role::Admin).await;
        let s = setup(&planner, json!({})).await;
        let anon_b = other.client();

        // Plan page: B has it cached, A renames the objective.
        let page = format!("/plans/{}", s.plan);
        assert!(
            anon_b
                .get(&page)
                .await
                .text()
                .contains("Piano in consultazione")
        );
        let node = planner
            .get(&format!("/api/v1/nodes/{}", s.objective))
            .await
            .json();
        let mut body = node["node"].clone();
        body["title"] = json!("Obiettivo rinominato su A");
        // Computed for an objective: not sent back.
        body.as_object_mut().unwrap().remove("progress");
        let r = planner
            .json(
                axum::http::Method::PATCH,
                &format!("/api/v1/nodes/{}", s.objective),
                &body,
            )
            .await;
        assert!(r.status.is_success(), "{}", r.text());
        assert!(
            anon_b
                .get(&page)
                .await
                .text()
                .contains("Obiettivo rinominato su A"),
            "the plan page on B"
        );

        // Consultation summary and ranking: a proposal on A, supported on B.
        let summary = format!("/api/v1/consultations/{}", s.consultation);
        assert_eq!(
            anon_b.get(&summary).await.json()["consultation"]["contribution_count"],
            0
        );
        let proposal = contribute(
            &member,
            s.consultation,
            json!({"kind": "proposal", "title": "Più sportelli", "body": "Aprire sportelli.", "node_id": s.objective}),
        )
        .await
        .json()["contribution"]["id"]
            .as_i64()
            .unwrap();
        let on_b = anon_b.get(&summary).await.json();
        assert_eq!(
            on_b["consultation"]["contribution_count"], 1,
            "the count on B"
        );
        assert_eq!(on_b["consultation"]["proposals_ranked"], json!([proposal]));
        // A keeps the summary it showed before the support given on B.
        app.client().get(&summary).await;
        let citizen_b = other.client_like(&citizen);
        let r = support_as(&citizen_b, proposal).await;
        assert!(r.status.is_success(), "{}", r.text());
        let on_a = app
            .client()
            .get(&format!("/api/v1/contributions/{proposal}"))
            .await
            .json();
        assert_eq!(on_a["contribution"]["supports"], 1, "the support on A");
        let on_a = app.client().get(&summary).await.json();
        let listed = on_a["consultation"]["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == proposal)
            .unwrap()["supports"]
            .clone();
        assert_eq!(listed, 1, "the summary on A");

        // Catalogue: B searched before, A publishes.
        assert_eq!(
            anon_b.get("/api/v1/practices?q=zanzibar").await.json()["meta"]["total"],
            0
        );
        let id = create(
            &member,
            &practice(
                "Sportello zanzibar",
                "Uno sportello.",
                "local",
                "digital",
                &[9],
                &[],
            ),
        )
        .await;
        publish(&member, &admin, id).await;
        let found = anon_b.get("/api/v1/practices?q=zanzibar").await.json();
        assert_eq!(ids(&found), [id], "the search on B");

        // Dashboards: B's equal a server that kept nothing, after a write on A.
        let evaluator = app.client_as(Role::Evaluator).await;
        let evaluator_b = other.client_like(&evaluator);
        let board = "/api/v1/analytics/participation";
        evaluator_b.get(board).await;
        contribute(
            &citizen,
            s.consultation,
            json!({"kind": "comment", "body": "Un commento su A."}),
        )
        .await;
        let fresh = app.fresh_client();
        assert_eq!(
            fresh
                .sign_in(&app.users["evaluator"].1, PASSWORD)
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            evaluator_b.get(board).await.json(),
            fresh.get(board).await.json(),
            "the dashboard on B"
        );

        // Sessions: signed out on A, refused on B.
        let member_b = other.client_like(&member);
        assert_eq!(member_b.get("/api/v1/me").await.status, StatusCode::OK);
        assert_eq!(
            member
                .json(axum::http::Method::DELETE, "/api/v1/session", &json!({}))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            member_b.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );

        // Sign-in limits count the attempts made on either.
        let email = app.users["planner"].1.clone();
        for n in 0..5 {
            let c = if n % 2 == 0 {
                app.client()
            } else {
                other.client()
            };
            assert_eq!(
                c.sign_in(&email, "not-the-password").await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        assert_eq!(
            other.client().sign_in(&email, PASSWORD).await.status,
            StatusCode::TOO_MANY_REQUESTS,
            "the sixth attempt waits, whichever instance takes it"
        );
    }
);
