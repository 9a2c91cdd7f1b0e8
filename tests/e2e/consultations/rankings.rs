//! Supports and priority points within their limits, and the rankings of
//! proposals and actions they make, on the API and the plan page.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{consultation_json, contribute, priorities, setup, support_as};
use serde_json::json;

use super::outsider;

both!(supports_points_and_rankings, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let (other, _) = outsider(&app, "comune@test.example", "member").await;
    let citizen = app.client_as(Role::Citizen).await;
    let propose = |title: &str| json!({"kind": "proposal", "title": title, "body": "Descrizione", "node_id": s.objective});
    let mut proposals = Vec::new();
    for t in ["P1", "P2", "P3"] {
        let r = contribute(&member, s.consultation, propose(t)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        proposals.push(r.json()["contribution"]["id"].as_i64().unwrap());
    }
    // A proposal must go under an operational objective and have a title.
    let r = contribute(
        &member,
        s.consultation,
        json!({"kind": "proposal", "body": "x", "node_id": s.actions[0]}),
    )
    .await;
    assert_eq!(r.error_codes(), ["required", "proposal_needs_objective"]);
    assert_eq!(
        support_as(&member, proposals[0]).await.error_code(),
        "cannot_support_own"
    );
    assert_eq!(
        support_as(&other, proposals[1]).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        support_as(&other, proposals[1]).await.error_code(),
        "already_supported"
    );
    assert_eq!(
        support_as(&other, proposals[2]).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        support_as(&other, proposals[0]).await.error_code(),
        "support_limit_reached"
    );
    assert_eq!(
        other
            .delete(&format!("/api/v1/contributions/{}/supports", proposals[2]))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        other
            .delete(&format!("/api/v1/contributions/{}/supports", proposals[2]))
            .await
            .error_code(),
        "not_supported"
    );
    assert_eq!(
        support_as(&other, proposals[0]).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        support_as(&citizen, proposals[1]).await.status,
        StatusCode::NO_CONTENT
    );
    let v = consultation_json(&app, s.consultation).await;
    assert_eq!(
        v["proposals_ranked"],
        json!([proposals[1], proposals[0], proposals[2]])
    );
    let p2 = v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == proposals[1])
        .unwrap()
        .clone();
    assert_eq!(p2["supports"], 2);
    assert_eq!(
        p2["supports_by_kind"],
        json!({"ministry": null, "municipality": null}),
        "one person of each kind: neither count is published (k = 5)"
    );
    // Priority points: within the budget, on actions only, changeable.
    let over = priorities(&member, s.consultation, json!({"points": [{"node_id": s.actions[0], "points": 80}, {"node_id": s.actions[1], "points": 30}]})).await;
    assert_eq!(over.error_code(), "points_over_budget");
    let neg = priorities(
        &member,
        s.consultation,
        json!({"points": [{"node_id": s.actions[0], "points": -5}]}),
    )
    .await;
    assert_eq!(neg.json()["errors"][0]["field"], "points.0.points");
    let wrong = priorities(
        &member,
        s.consultation,
        json!({"points": [{"node_id": s.objective, "points": 5}]}),
    )
    .await;
    assert_eq!(wrong.json()["errors"][0]["code"], "node_not_found");
    // A list longer than the plan's actions is refused whole (it was one query
    // per entry inside the write lock).
    let many: Vec<_> = (0..50_000)
        .map(|i| json!({"node_id": s.actions[i % s.actions.len()], "points": 0}))
        .collect();
    let flood = priorities(&member, s.consultation, json!({ "points": many })).await;
    assert_eq!(flood.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        flood.error_fields_and_codes(),
        [(json!("points"), json!("too_many"))]
    );
    let twice = priorities(
        &member,
        s.consultation,
        json!({"points": [{"node_id": s.actions[0], "points": 1}, {"node_id": s.actions[0], "points": 1}]}),
    )
    .await;
    assert_eq!(
        twice.json()["errors"][0]["code"],
        "duplicate",
        "{}",
        twice.text()
    );
    assert_eq!(priorities(&member, s.consultation, json!({"points": [{"node_id": s.actions[0], "points": 70}, {"node_id": s.actions[1], "points": 30}]})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        priorities(
            &other,
            s.consultation,
            json!({"points": [{"node_id": s.actions[1], "points": 100}]})
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        priorities(
            &member,
            s.consultation,
            json!({"points": [{"node_id": s.actions[0], "points": 60}]})
        )
        .await
        .status,
        StatusCode::NO_CONTENT,
        "changeable until close"
    );
    let v = consultation_json(&app, s.consultation).await;
    let ranked: Vec<_> = v["actions_ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["code"].as_str().unwrap().to_owned(),
                a["points"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ranked, [("AZ2".to_owned(), 100), ("AZ1".to_owned(), 60)]);
    assert_eq!(
        v["actions_ranked"][0]["points_by_kind"],
        json!({"municipality": null}),
        "one person's points are not published by kind"
    );
    // One contribution alone reads the same as in its consultation.
    let one = app
        .client()
        .get(&format!("/api/v1/contributions/{}", proposals[1]))
        .await
        .json()["contribution"]
        .clone();
    assert_eq!(one, p2);
    // The plan page summarises each consultation from counts and sums: how many
    // contributions, the most supported proposals first, the points per action.
    let page = app.client().get(&format!("/plans/{}", s.plan)).await.text();
    assert!(page.contains("All contributions (3)"), "{page}");
    let at = |t: &str| page.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(at(">P2</a>") < at(">P1</a>") && at(">P1</a>") < at(">P3</a>"));
    assert!(page.contains("2 supports"), "{page}");
    assert!(at("AZ2 – Azione due") < at("AZ1 – Azione uno"));
    assert!(page.contains("100 points"));
    // Anonymous readers may get the page from a cache; a write shows at once.
    let r = contribute(
        &citizen,
        s.consultation,
        json!({"kind": "comment", "body": "Un commento", "node_id": s.actions[0]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let page = app.client().get(&format!("/plans/{}", s.plan)).await.text();
    assert!(page.contains("All contributions (4)"), "{page}");
});

both!(counts_by_kind_keep_small_groups_hidden, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let proposal = contribute(
        &planner,
        s.consultation,
        json!({"kind": "proposal", "title": "Sportello unico", "body": "Descrizione", "node_id": s.objective}),
    )
    .await
    .json()["contribution"]["id"]
    .as_i64()
    .unwrap();
    let admin = app.client_as(Role::Admin).await;
    let org = |name: &str, kind: &str, level: &str| {
        let admin = &admin;
        let body = json!({"name": name, "kind": kind, "level": level});
        async move {
            admin.create("/api/v1/organisations", &body).await["organisation"]["id"]
                .as_i64()
                .unwrap()
        }
    };
    let town = org("Comune grande", "municipality", "local").await;
    for i in 0..6 {
        let person = app
            .new_user(
                &admin,
                json!({"email": format!("persona{i}@test.example"), "display_name": format!("Persona {i}"), "role": "member", "organisation_id": town, "password": "persona-password"}),
            )
            .await;
        assert_eq!(
            support_as(&person, proposal).await.status,
            StatusCode::NO_CONTENT
        );
        let r = priorities(
            &person,
            s.consultation,
            json!({"points": [{"node_id": s.actions[0], "points": 10}]}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    }
    let by_kind = |v: &serde_json::Value| {
        let p = v["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == proposal)
            .unwrap()
            .clone();
        let a = v["actions_ranked"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["node_id"] == s.actions[0])
            .unwrap()
            .clone();
        (p["supports_by_kind"].clone(), a["points_by_kind"].clone())
    };
    let v = consultation_json(&app, s.consultation).await;
    assert_eq!(
        by_kind(&v),
        (json!({"municipality": 6}), json!({"municipality": 60}))
    );
    let page = app
        .client()
        .get(&format!("/consultations/{}", s.consultation))
        .await
        .text();
    assert!(page.contains("(Municipality: 6)"), "{page}");
    // One person of another kind: their count is hidden, and so is the other
    // one, which would give it away from the total.
    let region = org("Regione piccola", "region", "regional").await;
    let alone = app
        .new_user(
            &admin,
            json!({"email": "sola@test.example", "display_name": "Sola", "role": "member", "organisation_id": region, "password": "persona-password"}),
        )
        .await;
    assert_eq!(
        support_as(&alone, proposal).await.status,
        StatusCode::NO_CONTENT
    );
    let r = priorities(
        &alone,
        s.consultation,
        json!({"points": [{"node_id": s.actions[0], "points": 7}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let v = consultation_json(&app, s.consultation).await;
    assert_eq!(
        by_kind(&v),
        (
            json!({"municipality": null, "region": null}),
            json!({"municipality": null, "region": null})
        )
    );
    let page = app
        .client()
        .get(&format!("/consultations/{}", s.consultation))
        .await
        .text();
    assert!(
        page.contains("(Municipality: fewer than 5, Region: fewer than 5)"),
        "{page}"
    );
    assert!(page.contains("7 supports"), "the total stays: {page}");
    // The people behind each kind's points are counted by the database as
    // the points are (migration 000017): changing one's points keeps them right.
    let r = priorities(
        &alone,
        s.consultation,
        json!({"points": [{"node_id": s.actions[1], "points": 7}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(
        pspm_tests::consultations::running_totals_drift(&app).await,
        0
    );
    let v = consultation_json(&app, s.consultation).await;
    assert_eq!(by_kind(&v).1, json!({"municipality": 60}));
});
