//! Impact, quality and reuse agree with the plan and the catalogue; the
//! boards are kept per data version and show a write at once.

use axum::http::StatusCode;
use pspm_tests::both;
use pspm_tests::plans::with_demo_plans;
use serde_json::Value;

both!(
    impact_quality_and_reuse_agree_with_the_plan_and_the_catalogue,
    |app| async move {
        let ids = with_demo_plans(&app).await;
        let anon = app.client();
        let plan = ids.plan;
        let i = anon
            .get(&format!("/api/v1/analytics/impact?plan={plan}"))
            .await;
        assert_eq!(i.status, StatusCode::OK, "{}", i.text());
        let i = i.json();
        let nodes = anon
            .get(&format!("/api/v1/plans/{plan}/nodes"))
            .await
            .json();
        let expected: Vec<(i64, Value)> = nodes["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|n| n["indicators"].as_array().unwrap().clone())
            .map(|ind| (ind["id"].as_i64().unwrap(), ind["achievement"].clone()))
            .collect();
        assert_eq!(i["indicators"].as_array().unwrap().len(), expected.len());
        for (id, achievement) in &expected {
            let got = i["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == *id)
                .unwrap();
            match (got["achievement"].as_f64(), achievement.as_f64()) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 0.05, "indicator {id}: {a} vs {b}"),
                (a, b) => assert_eq!(a.is_some(), b.is_some(), "indicator {id}"),
            }
        }
        assert!(!i["by_area"].as_array().unwrap().is_empty());
        assert_eq!(
            anon.get("/api/v1/analytics/impact").await.json()["errors"][0]["field"],
            "plan"
        );
        let html = anon
            .get(&format!("/dashboards/impact?plan={plan}"))
            .await
            .text();
        assert!(html.contains("chart-progress-by-area-caption") && html.contains("Indicators"));
        assert!(
            anon.get("/dashboards/impact")
                .await
                .text()
                .contains("Choose a plan")
        );
        // Quality: three dimensions scored 1–5 (or no value).
        let q = anon.get("/api/v1/analytics/quality").await.json();
        let dims: Vec<&str> = q["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["dimension"].as_str().unwrap())
            .collect();
        assert_eq!(dims, ["influence", "transparency", "traceability"]);
        for s in q["scores"].as_array().unwrap() {
            if let Some(n) = s["score"].as_i64() {
                assert!((1..=5).contains(&n));
            }
        }
        assert_eq!(anon.get("/dashboards/quality").await.status, StatusCode::OK);
        // Reuse against the catalogue.
        let r = anon.get("/api/v1/analytics/practices").await.json();
        let published = app
            .count("SELECT COUNT(*) AS n FROM practices WHERE status = 'published'")
            .await;
        let confirmed = app
            .count("SELECT COUNT(*) AS n FROM practice_adoptions WHERE status = 'confirmed'")
            .await;
        let reused = app.count("SELECT COUNT(DISTINCT a.practice_id) AS n FROM practice_adoptions a JOIN practices p ON p.id = a.practice_id WHERE a.status = 'confirmed' AND p.status = 'published'").await;
        assert_eq!(
            (r["published"].as_i64(), r["confirmed_adoptions"].as_i64()),
            (Some(published), Some(confirmed))
        );
        assert!(
            (r["reuse_rate"].as_f64().unwrap() - reused as f64 / published as f64).abs() < 1e-9
        );
        // Cached per data version: the same answer without recomputing; a write changes it.
        let before = app
            .db
            .run(|c| Ok(pspm_backend::db::audit_event::AuditEvent::data_version(c)?))
            .await
            .unwrap();
        let again = anon.get("/api/v1/analytics/practices").await.json();
        assert_eq!(again, r);
        // Anonymous readers get the unfiltered board's page from a cache of
        // rendered pages; it must show a write at once, as the API does.
        let figure = |n: i64| format!("<dt>Confirmed adoptions</dt><dd>{n}</dd>");
        for _ in 0..2 {
            let page = anon.get("/dashboards/practices").await.text();
            assert!(page.contains(&figure(confirmed)), "{page}");
        }
        let pending: i64 = app.count("SELECT CAST(MIN(id) AS BIGINT) AS n FROM practice_adoptions WHERE status = 'pending'",
        )
        .await;
        // Signing in writes an audit event but changes no data: the version stays.
        let admin = app.client_as(pspm_backend::domain::Role::Admin).await;
        assert_eq!(
            app.db
                .run(|c| Ok(pspm_backend::db::audit_event::AuditEvent::data_version(c)?))
                .await
                .unwrap(),
            before
        );
        let d = admin
            .post_json(
                &format!("/api/v1/adoptions/{pending}/decision"),
                &serde_json::json!({"decision": "confirm"}),
            )
            .await;
        assert_eq!(d.status, StatusCode::NO_CONTENT, "{}", d.text());
        let after = app
            .db
            .run(|c| Ok(pspm_backend::db::audit_event::AuditEvent::data_version(c)?))
            .await
            .unwrap();
        assert!(after > before);
        let changed = anon.get("/api/v1/analytics/practices").await.json();
        assert_eq!(changed["confirmed_adoptions"].as_i64(), Some(confirmed + 1));
        let page = anon.get("/dashboards/practices").await.text();
        assert!(page.contains(&figure(confirmed + 1)), "{page}");
        // Signed-in readers are never served an anonymous page.
        let mine = admin.get("/dashboards/practices").await.text();
        assert!(mine.contains(&figure(confirmed + 1)) && !mine.contains("href=\"/sign-in\""));
        assert_eq!(
            anon.get("/dashboards/nothing").await.status,
            StatusCode::NOT_FOUND
        );
    }
);
