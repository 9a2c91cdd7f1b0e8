//! Consultations with hundreds of contributions: the demo's, and long
//! ones shown and listed a page at a time.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{consultation_json, contribute, setup};
use serde_json::json;

both!(
    demo_consultation_has_hundreds_of_answered_contributions,
    |app| async move {
        app.load_demo().await;
        let client = app.client();
        let plans = client.get("/api/v1/plans").await.json();
        let regional = plans["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["status"] == "consultation")
            .unwrap()["id"]
            .clone();
        let list = client
            .get(&format!("/api/v1/plans/{regional}/consultations"))
            .await
            .json();
        let c = list["consultations"][0].clone();
        assert_eq!(c["state"], "open");
        let total = c["contribution_count"].as_i64().unwrap();
        assert!(total >= 200, "{total} contributions");
        let mut contributions = Vec::new();
        for page in 1..=(total + 99) / 100 {
            let r = client
                .get(&format!(
                    "/api/v1/consultations/{}/contributions?per_page=100&page={page}",
                    c["id"]
                ))
                .await
                .json();
            contributions.extend(r["contributions"].as_array().unwrap().clone());
        }
        assert_eq!(contributions.len() as i64, total);
        let answered = contributions
            .iter()
            .filter(|x| x["response_status"].is_string())
            .count();
        assert!(
            answered * 2 > contributions.len(),
            "most are answered: {answered}"
        );
        let orgs: std::collections::BTreeSet<_> = contributions
            .iter()
            .filter_map(|x| x["organisation"].as_str())
            .collect();
        assert!(orgs.len() >= 3, "{orgs:?}");
        assert!(c["actions_ranked"][0]["points"].as_i64().unwrap() > 0);
        let nodes = client
            .get(&format!("/api/v1/plans/{regional}/nodes"))
            .await
            .json();
        assert!(
            nodes["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["origin_contribution_id"].is_number()),
            "a proposal became an action"
        );
    }
);

// A national consultation has hundreds of thousands of contributions: its page
// shows them 25 threads at a time, each with every reply under it.
both!(long_consultations_are_paged, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let mut ids = Vec::new();
    for n in 0..30 {
        let r = contribute(
            &member,
            s.consultation,
            json!({"kind": "comment", "body": format!("body-{n:02}-end"), "node_id": s.actions[0]}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        ids.push(r.json()["contribution"]["id"].as_i64().unwrap());
    }
    let citizen = app.client_as(Role::Citizen).await;
    let r = contribute(
        &citizen,
        s.consultation,
        json!({"kind": "comment", "body": "reply-to-27", "parent_id": ids[27]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let shown = |page: &str| {
        (0..30)
            .filter(|n| page.contains(&format!("body-{n:02}-end")))
            .collect::<Vec<_>>()
    };
    let first = citizen
        .get(&format!("/consultations/{}", s.consultation))
        .await
        .text();
    assert_eq!(shown(&first), (0..25).collect::<Vec<_>>());
    assert!(first.contains("All contributions (31)"), "{first}");
    assert!(first.contains("Page 1 of 2 (30 in all)"), "{first}");
    assert!(first.contains(&format!(
        "href=\"/consultations/{}?page=2\"",
        s.consultation
    )));
    assert!(!first.contains("reply-to-27"));
    let second = citizen
        .get(&format!("/consultations/{}?page=2", s.consultation))
        .await
        .text();
    assert_eq!(shown(&second), (25..30).collect::<Vec<_>>());
    assert!(second.contains("reply-to-27"));
    assert!(second.contains("Page 2 of 2 (30 in all)"));
    // Pages past the end show the last one; anything that is not a page, the first.
    let past = app
        .client()
        .get(&format!("/consultations/{}?page=99", s.consultation))
        .await;
    assert_eq!(past.status, StatusCode::OK);
    assert_eq!(shown(&past.text()), (25..30).collect::<Vec<_>>());
    let junk = app
        .client()
        .get(&format!("/consultations/{}?page=%27or%201", s.consultation))
        .await;
    assert_eq!(junk.status, StatusCode::OK);
    assert_eq!(shown(&junk.text()), (0..25).collect::<Vec<_>>());

    // The API: the consultation carries the count, not every contribution;
    // the contributions come a page at a time, replies included, oldest first.
    let k = s.consultation;
    let v = consultation_json(&app, k).await;
    assert_eq!(v["contribution_count"], 31);
    assert_eq!(v["contributions"], json!([]), "no proposals to rank");
    let page = |q: &'static str| {
        let client = app.client();
        async move {
            client
                .get(&format!("/api/v1/consultations/{k}/contributions{q}"))
                .await
        }
    };
    let r = page("?per_page=20&page=2").await;
    assert_eq!(r.status, StatusCode::OK);
    let r = r.json();
    assert_eq!(r["meta"], json!({"total": 31, "page": 2, "per_page": 20}));
    let got: Vec<i64> = r["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(got.len(), 11);
    assert_eq!(got[..10], ids[20..]);
    assert_eq!(
        r["contributions"][10]["parent_id"], ids[27],
        "the reply comes last"
    );
    for beyond in ["?page=9", "?page=9223372036854775807"] {
        let r = page(beyond).await;
        assert_eq!(r.status, StatusCode::OK, "{beyond}");
        assert_eq!(r.json()["contributions"], json!([]), "{beyond}");
    }
    for bad in ["?per_page=0", "?per_page=101", "?page=0", "?page=x"] {
        let r = page(bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.json()["errors"][0]["detail"].is_string(), "{bad}");
    }

    // "You said, we did" lists every contribution, 50 a page.
    let said = app
        .client()
        .get(&format!("/consultations/{k}/you-said-we-did"))
        .await
        .text();
    assert_eq!(shown(&said), (0..30).collect::<Vec<_>>());
    assert!(said.contains("reply-to-27"));
    assert!(said.contains("Page 1 of 1 (31 in all)"), "{said}");
    let far = app
        .client()
        .get(&format!(
            "/consultations/{k}/you-said-we-did?page=9223372036854775807"
        ))
        .await;
    assert_eq!(far.status, StatusCode::OK);
    assert_eq!(shown(&far.text()), (0..30).collect::<Vec<_>>());
});
