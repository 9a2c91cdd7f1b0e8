//! A plan's JSON export imported again (API and uploaded file), and its CSV.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::sample;
use serde_json::json;

both!(json_round_trip_and_csv, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let (plan, ids) = sample(&planner).await;
    planner
        .post_json(
            &format!("/api/v1/nodes/{}/indicators", ids[1]),
            &json!({"name": "Servizi online", "unit": "%", "direction": "increase", "baseline_value": 40.0, "baseline_date": "2024-12-31",
                    "frequency": "annual", "targets": [{"period": "2027", "due_date": "2027-12-31", "value": 80.0}]}),
        )
        .await;
    let doc = planner
        .get(&format!("/api/v1/plans/{plan}/export"))
        .await
        .json();
    assert_eq!(doc["format"], "pspm-plan/1");
    let r = planner.post_json("/api/v1/plans/import", &doc).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let copy = r.json()["plan"]["id"].as_i64().unwrap();
    assert_eq!(r.json()["plan"]["status"], "draft");
    let mut again = planner
        .get(&format!("/api/v1/plans/{copy}/export"))
        .await
        .json();
    again["plan"]["status"] = doc["plan"]["status"].clone();
    assert_eq!(again, doc, "export → import → export is the same document");
    // A broken document is refused whole, naming the place.
    let mut broken = doc.clone();
    broken["nodes"][3]["parent_code"] = json!("NOPE");
    let r = planner.post_json("/api/v1/plans/import", &broken).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "nodes.3.parent_code");
    let mut broken = doc.clone();
    broken["nodes"][5]["progress"] = json!(300.0);
    assert_eq!(
        planner
            .post_json("/api/v1/plans/import", &broken)
            .await
            .json()["errors"][0]["field"],
        "nodes.5.progress"
    );
    assert_eq!(
        planner.get("/api/v1/plans").await.json()["meta"]["total"],
        2,
        "nothing half-imported"
    );
    // CSV of the tree.
    let r = planner.get(&format!("/api/v1/plans/{plan}/tree.csv")).await;
    assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
    let csv = r.text();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 9);
    assert!(lines[0].starts_with("code,parent_code,kind,depth,title,status,progress"));
    assert!(
        lines[2].starts_with("SO1,A1,strategic_objective,1,SO1 title,not_started,58.8"),
        "{}",
        lines[2]
    );
});

/// A `multipart/form-data` body (boundary `XBOUNDARYX`) with `file` sent as `plan.json`.
fn multipart(fields: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (name, value) in fields {
        let filename = if *name == "file" {
            "; filename=\"plan.json\"\r\nContent-Type: application/json"
        } else {
            ""
        };
        body.push_str(&format!("--XBOUNDARYX\r\nContent-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n{value}\r\n"));
    }
    body.push_str("--XBOUNDARYX--\r\n");
    body
}

both!(plans_are_imported_from_an_uploaded_file, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let (plan, _) = sample(&planner).await;
    let doc = planner
        .get(&format!("/api/v1/plans/{plan}/export"))
        .await
        .json();
    planner.get("/plans/import").await;
    let csrf = planner.cookie("pspm_csrf").unwrap();
    let ct = "multipart/form-data; boundary=XBOUNDARYX";
    let r = planner
        .post_raw(
            "/plans/import",
            ct,
            &multipart(&[("csrf", &csrf), ("file", &doc.to_string())]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let copy = planner.get(&r.location()).await.text();
    assert!(copy.contains("Piano di prova") && copy.contains("Draft"));
    let mut broken = doc.clone();
    broken["nodes"][3]["parent_code"] = json!("NOPE");
    let r = planner
        .post_raw(
            "/plans/import",
            ct,
            &multipart(&[("csrf", &csrf), ("file", &broken.to_string())]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("nodes.3.parent_code") && r.text().contains("The plan was not imported")
    );
    let r = planner
        .post_raw(
            "/plans/import",
            ct,
            &multipart(&[("csrf", &csrf), ("file", "{not json")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = planner
        .post_raw(
            "/plans/import",
            ct,
            &multipart(&[("csrf", "forged"), ("file", &doc.to_string())]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        planner.get("/api/v1/plans").await.json()["meta"]["total"],
        2,
        "only the good file was imported"
    );
    assert_eq!(
        app.client_as(Role::Member)
            .await
            .get("/plans/import")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.audit_count("plan.import").await, 1);
});
