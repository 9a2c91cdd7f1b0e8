//! Who may take part and when: plans in consultation only, the invited
//! organisations, the opening and closing times, and the invitations sent.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{contribute, setup};
use serde_json::json;

use super::outsider;

both!(window_and_audience_rules, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    // Only plans in consultation can be consulted on.
    let draft = planner
        .post_json(
            "/api/v1/plans",
            &json!({"title": "Bozza", "period_start": "2025-01-01", "period_end": "2025-12-31"}),
        )
        .await
        .json()["plan"]["id"]
        .clone();
    let r = planner
        .post_json(&format!("/api/v1/plans/{draft}/consultations"), &json!({"title": "x", "opens_at": "2025-01-01", "closes_at": "2099-01-01", "audience": "public"}))
        .await;
    assert_eq!(r.error_code(), "plan_not_in_consultation");
    let (other, other_org) = outsider(&app, "fuori@test.example", "member").await;
    let s = setup(
        &planner,
        json!({"audience": "invited", "invited": [app.org_id]}),
    )
    .await;
    let member = app.client_as(Role::Member).await;
    let comment = json!({"kind": "comment", "body": "Osservazione sul piano"});
    assert_eq!(
        contribute(&member, s.consultation, comment.clone())
            .await
            .status,
        StatusCode::CREATED
    );
    let r = contribute(&other, s.consultation, comment.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.error_code(), "not_invited");
    assert_eq!(
        contribute(&app.client(), s.consultation, comment.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Before opening and after closing: refused with the reason.
    let future = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Futura", "opens_at": "2099-01-01T00:00", "closes_at": "2099-02-01T00:00", "audience": "public"}))
        .await
        .json()["consultation"]["id"]
        .clone();
    assert_eq!(
        contribute(&member, future.as_i64().unwrap(), comment.clone())
            .await
            .error_code(),
        "consultation_not_open"
    );
    let past = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Chiusa", "opens_at": "2020-01-01T00:00", "closes_at": "2020-02-01T00:00", "audience": "public"}))
        .await
        .json()["consultation"]["id"]
        .clone();
    assert_eq!(
        contribute(&other, past.as_i64().unwrap(), comment.clone())
            .await
            .error_code(),
        "consultation_closed"
    );
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/consultations/{future}"))
            .await
            .json()["consultation"]["state"],
        "upcoming"
    );
    // Invitations notify the members of invited organisations, not others.
    let n = member.get("/api/v1/me/notifications").await.json();
    assert!(
        n["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "consultation_opened")
    );
    assert_eq!(
        other.get("/api/v1/me/notifications").await.json()["unread"],
        0
    );
    let _ = other_org;
    // Bad consultation input.
    let r = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "", "opens_at": "ieri", "closes_at": "2020-01-01", "audience": "invited"}))
        .await;
    assert_eq!(r.error_fields(), ["title", "opens_at", "invited"]);
    assert_eq!(member.post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "x", "opens_at": "2025-01-01", "closes_at": "2099-01-01", "audience": "public"})).await.status, StatusCode::FORBIDDEN);
});

both!(consultations_end_with_their_plan, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let upcoming = planner
        .create(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Futura", "opens_at": "2099-01-01T00:00", "closes_at": "2099-02-01T00:00", "audience": "public"}))
        .await["consultation"]["id"]
        .as_i64()
        .unwrap();
    let member = app.client_as(Role::Member).await;
    let comment = json!({"kind": "comment", "body": "Prima dell'adozione"});
    assert_eq!(
        contribute(&member, s.consultation, comment.clone())
            .await
            .status,
        StatusCode::CREATED
    );
    let state = |id: i64| {
        let app = &app;
        async move {
            app.client()
                .get(&format!("/api/v1/consultations/{id}"))
                .await
                .json()["consultation"]
                .clone()
        }
    };
    assert_eq!(state(s.consultation).await["state"], "open");
    let before = app.audit_count("consultation.close").await;
    let r = planner
        .post_json(
            &format!("/api/v1/plans/{}/transition", s.plan),
            &json!({"status": "adopted"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Both the open and the upcoming consultation ended at adoption; the
    // API, the refusal and the page agree.
    for id in [s.consultation, upcoming] {
        let v = state(id).await;
        assert_eq!(v["state"], "closed", "{v}");
        assert!(v["opens_at"].as_str() <= v["closes_at"].as_str(), "{v}");
    }
    assert_eq!(app.audit_count("consultation.close").await, before + 2);
    let r = contribute(&member, s.consultation, comment).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.error_code(), "consultation_closed");
    let page = member
        .get(&format!("/consultations/{}", s.consultation))
        .await
        .text();
    assert!(
        page.contains("The consultation closed when the plan left the consultation stage (the plan is now: Adopted)."),
        "{page}"
    );
    assert!(!page.contains("id=\"comment-title\""), "no comment form");
    // A consultation that had already closed keeps its own closing time.
    let v = state(s.consultation).await;
    let closes = v["closes_at"].as_str().unwrap().to_owned();
    let r = planner
        .post_json(
            &format!("/api/v1/plans/{}/transition", s.plan),
            &json!({"status": "monitoring"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(state(s.consultation).await["closes_at"], closes.as_str());
});

both!(
    outsiders_and_cancelled_actions_are_told_before_writing,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(
            &planner,
            json!({"audience": "invited", "invited": [app.org_id]}),
        )
        .await;
        let (other, _) = outsider(&app, "ospite@test.example", "member").await;
        let page = other
            .get(&format!("/consultations/{}", s.consultation))
            .await
            .text();
        assert!(
        page.contains("This consultation is open to invited organisations only, and yours is not one of them"),
        "{page}"
    );
        assert!(!page.contains("id=\"comment-title\""), "no comment form");
        assert!(!page.contains("name=\"points_"), "no points form");
        // A cancelled action takes no points and is not offered for them.
        let member = app.client_as(Role::Member).await;
        let node = planner
            .get(&format!("/api/v1/nodes/{}", s.actions[1]))
            .await
            .json()["node"]
            .clone();
        let r = planner
        .patch_json(
            &format!("/api/v1/nodes/{}", s.actions[1]),
            &json!({"lock_version": node["lock_version"], "kind": "action", "code": "AZ2", "title": "Azione due", "status": "cancelled"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let r = pspm_tests::consultations::priorities(
            &member,
            s.consultation,
            json!({"points": [{"node_id": s.actions[1], "points": 10}]}),
        )
        .await;
        assert_eq!(
            r.error_fields_and_codes(),
            [(json!("points.0.node_id"), json!("action_cancelled"))]
        );
        let page = member
            .get(&format!("/consultations/{}", s.consultation))
            .await
            .text();
        assert!(page.contains("id=\"comment-title\""), "{page}");
        assert!(page.contains(&format!("name=\"points_{}\"", s.actions[0])));
        assert!(!page.contains(&format!("name=\"points_{}\"", s.actions[1])));
    }
);
