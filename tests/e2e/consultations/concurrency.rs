//! Many people writing to one consultation at the same moment.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{
    consultation_json, contribute, priorities, running_totals_drift, setup, support_as,
};
use serde_json::json;

use super::outsider;

// Supports sent in parallel by one person never pass their limit (on
// PostgreSQL the count and the insert were two steps any request could
// interleave).
both!(parallel_supports_keep_the_limit, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({"supports_per_person": 2})).await;
    let (author, _) = outsider(&app, "author@test.example", "member").await;
    let mut ids = Vec::new();
    for n in 0..12 {
        let r = contribute(&author, s.consultation, json!({"kind": "proposal", "title": format!("P{n}"), "body": "Testo", "node_id": s.objective})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        ids.push(r.json()["contribution"]["id"].as_i64().unwrap());
    }
    let (supporter, _) = outsider(&app, "supporter@test.example", "member").await;
    let supporter = std::sync::Arc::new(supporter);
    let tasks: Vec<_> = ids
        .iter()
        .map(|&id| {
            let w = supporter.clone();
            tokio::spawn(async move { support_as(&w, id).await.status })
        })
        .collect();
    let mut accepted = 0;
    for t in tasks {
        let status = t.await.expect("support task");
        assert!(
            status == StatusCode::NO_CONTENT || status == StatusCode::CONFLICT,
            "{status}"
        );
        accepted += usize::from(status == StatusCode::NO_CONTENT);
    }
    assert_eq!(accepted, 2);
    assert_eq!(app.audit_count("support.create").await, 2);
});

// Many people writing at the same moment: every write is stored and answered
// with success, none fails with a locked database (SQLite takes its write lock
// at the start of each write transaction).
both!(concurrent_writes_all_succeed, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({"supports_per_person": 5})).await;
    let mut writers = Vec::new();
    for i in 0..6 {
        let (client, _) = outsider(&app, &format!("writer{i}@test.example"), "member").await;
        writers.push(std::sync::Arc::new(client));
    }
    let objective = s.objective;
    let consultation = s.consultation;
    let mut tasks = Vec::new();
    for (i, w) in writers.iter().enumerate() {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 0..8 {
                let r = contribute(&w, consultation, json!({"kind": "proposal", "title": format!("W{i}-{n}"), "body": "Testo", "node_id": objective})).await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
                ids.push(r.json()["contribution"]["id"].as_i64().unwrap());
            }
            ids
        }));
    }
    let mut by_writer = Vec::new();
    for t in tasks {
        by_writer.push(t.await.expect("writer task"));
    }
    // Everyone supports the first proposals of the next writer, all at once.
    let mut tasks = Vec::new();
    for (i, w) in writers.iter().enumerate() {
        let w = w.clone();
        let targets: Vec<i64> = by_writer[(i + 1) % by_writer.len()][..5].to_vec();
        tasks.push(tokio::spawn(async move {
            for id in targets {
                let r = support_as(&w, id).await;
                assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
            }
        }));
    }
    for t in tasks {
        t.await.expect("supporter task");
    }
    let v = consultation_json(&app, consultation).await;
    assert_eq!(v["contribution_count"], 6 * 8);
    let v = app
        .client()
        .get(&format!(
            "/api/v1/consultations/{consultation}/contributions?per_page=100"
        ))
        .await
        .json();
    assert_eq!(v["contributions"].as_array().unwrap().len(), 6 * 8);
    let supported = v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["supports"] == 1)
        .count();
    assert_eq!(supported, 6 * 5);
    assert_eq!(app.audit_count("contribution.create").await, 6 * 8);
    assert_eq!(app.audit_count("support.create").await, 6 * 5);
    // Everyone allocates points at once, half of them naming the actions in the
    // opposite order, three times over: the running totals that rank the
    // actions stay exact, and PostgreSQL does not deadlock on them.
    let actions = s.actions.clone();
    let mut tasks = Vec::new();
    for (i, w) in writers.iter().enumerate() {
        let w = w.clone();
        let (a, b) = if i % 2 == 0 {
            (actions[0], actions[1])
        } else {
            (actions[1], actions[0])
        };
        tasks.push(tokio::spawn(async move {
            for round in 0..3 {
                let body = json!({"points": [
                    {"node_id": a, "points": 10 + i + round},
                    {"node_id": b, "points": 30}]});
                let r = priorities(&w, consultation, body).await;
                assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
            }
        }));
    }
    for t in tasks {
        t.await.expect("allocating task");
    }
    let expected = |node: i64| -> i64 {
        (0..writers.len() as i64)
            .map(|i| {
                let first = if i % 2 == 0 { actions[0] } else { actions[1] };
                if first == node { 10 + i + 2 } else { 30 }
            })
            .sum()
    };
    let v = consultation_json(&app, consultation).await;
    let points: Vec<(i64, i64)> = v["actions_ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["node_id"].as_i64().unwrap(),
                a["points"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            (actions[1], expected(actions[1])),
            (actions[0], expected(actions[0]))
        ]
    );
    assert_eq!(app.audit_count("priorities.set").await, 6 * 3);
    assert_eq!(running_totals_drift(&app).await, 0);
});
