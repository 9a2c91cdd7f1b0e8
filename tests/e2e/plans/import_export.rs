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
    // A broken document is refused whole, naming every problem and its place.
    let r = planner
        .post_json("/api/v1/plans/import", &three_problems(&doc))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.error_fields(),
        ["plan.period_end", "nodes.3.parent_code", "nodes.6.progress"]
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

/// `doc` with three problems: the plan ends before it starts, an item names
/// no parent of the file, another's progress is 300 %.
fn three_problems(doc: &serde_json::Value) -> serde_json::Value {
    let mut broken = doc.clone();
    broken["plan"]["period_end"] = json!("2020-01-01");
    broken["nodes"][3]["parent_code"] = json!("NOPE");
    broken["nodes"][6]["progress"] = json!(300.0);
    broken
}

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
    let broken = three_problems(&doc);
    let r = planner
        .post_raw(
            "/plans/import",
            ct,
            &multipart(&[("csrf", &csrf), ("file", &broken.to_string())]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("The plan was not imported"));
    // Each problem in words, with where it is.
    for line in [
        "<strong>The plan</strong>, End of the period: End of the period cannot be before the start.",
        "<strong>Item 4 (code “AZ1”)</strong>, Parent item: The item does not exist in this plan.",
        "<strong>Item 7 (code “AZ3”)</strong>, Progress (%): Progress (%) is outside the allowed range.",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
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
