//! Progress rolls up the tree from the actions; late starts and ends are flagged.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{by_code, nodes, sample};
use serde_json::{Value, json};

both!(
    progress_rolls_up_weighted_unweighted_and_nested,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, _) = sample(&planner).await;
        let (ns, overall) = nodes(&planner, plan).await;
        assert_eq!(by_code(&ns, "OO1")["progress"], 75.0); // plain mean of 100 and 50
        assert_eq!(by_code(&ns, "OO2")["progress"], 10.0); // plain mean of 0 and 20
        assert_eq!(by_code(&ns, "SO1")["progress"], 58.75); // (75*3 + 10*1) / 4
        assert_eq!(by_code(&ns, "A1")["progress"], 58.75);
        assert_eq!(overall, 58.75);
        assert_eq!(
            ns.iter()
                .map(|n| n["code"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["A1", "SO1", "OO1", "AZ1", "AZ2", "OO2", "AZ3", "AZ4"]
        );
        // A cancelled action no longer counts.
        let az3 = by_code(&ns, "AZ3").clone();
        let mut edit = json!({"lock_version": az3["lock_version"], "kind": "action", "code": "AZ3", "title": "AZ3 title", "status": "cancelled", "progress": 0.0});
        let r = planner
            .patch_json(&format!("/api/v1/nodes/{}", az3["id"]), &edit)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let (ns, _) = nodes(&planner, plan).await;
        assert_eq!(by_code(&ns, "OO2")["progress"], 20.0);
        // Progress is entered on actions only and within 0–100; nothing changes on refusal.
        edit["lock_version"] = by_code(&ns, "AZ3")["lock_version"].clone();
        edit["progress"] = json!(120.0);
        let r = planner
            .patch_json(&format!("/api/v1/nodes/{}", az3["id"]), &edit)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["errors"][0]["field"], "progress");
        let so = by_code(&ns, "SO1").clone();
        let r = planner
        .patch_json(&format!("/api/v1/nodes/{}", so["id"]), &json!({"lock_version": so["lock_version"], "kind": "strategic_objective", "code": "SO1", "title": "x", "progress": 10.0}))
        .await;
        assert_eq!(r.error_code(), "progress_only_actions");
        assert_eq!(nodes(&planner, plan).await.0, ns, "nothing changed");
        // An action without progress has not started: adding one lowers its
        // objective's progress (0 %, not left out).
        let oo1 = by_code(&ns, "OO1")["id"].clone();
        pspm_tests::plans::add(
            &planner,
            plan,
            json!({"kind": "action", "code": "AZ5", "title": "Non ancora avviata", "parent_id": oo1}),
        )
        .await;
        let (ns, _) = nodes(&planner, plan).await;
        assert_eq!(by_code(&ns, "AZ5")["progress"], 0.0);
        assert_eq!(by_code(&ns, "OO1")["progress"], 50.0); // mean of 100, 50 and 0
    }
);

both!(late_flags_follow_the_dates, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let (plan, _) = sample(&planner).await;
    let (ns, _) = nodes(&planner, plan).await;
    let set = |code: &str, extra: Value| {
        let n = by_code(&ns, code).clone();
        let mut body = json!({"lock_version": n["lock_version"], "kind": "action", "code": code, "title": "t", "status": "on_track"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        (n["id"].as_i64().unwrap(), body)
    };
    let (id1, b1) = set(
        "AZ1",
        json!({"planned_start": "2025-01-01", "actual_start": "2025-03-01", "planned_end": "2099-12-31"}),
    );
    let (id2, b2) = set(
        "AZ2",
        json!({"planned_start": "2025-01-01", "actual_start": "2025-01-01", "planned_end": "2025-06-30"}),
    );
    let (id3, b3) = set(
        "AZ4",
        json!({"planned_end": "2025-06-30", "actual_end": "2025-06-01", "actual_start": "2025-01-01", "status": "done"}),
    );
    let (id4, b4) = set(
        "AZ3",
        json!({"planned_end": "2025-06-30", "actual_end": "2025-07-05", "actual_start": "2025-01-01", "status": "done", "progress": 100.0}),
    );
    for (id, b) in [(id1, b1), (id2, b2), (id3, b3), (id4, b4)] {
        let r = planner.patch_json(&format!("/api/v1/nodes/{id}"), &b).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let (ns, _) = nodes(&planner, plan).await;
    assert_eq!(
        (
            by_code(&ns, "AZ1")["started_late"].clone(),
            by_code(&ns, "AZ1")["completed_late"].clone()
        ),
        (json!(true), json!(false))
    );
    assert_eq!(by_code(&ns, "AZ1")["start_delay_days"], 59);
    // Past its planned end without an end: overdue, by the days since.
    let since = (chrono::Utc::now().date_naive()
        - chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap())
    .num_days();
    assert_eq!(
        (
            by_code(&ns, "AZ2")["started_late"].clone(),
            by_code(&ns, "AZ2")["completed_late"].clone(),
            by_code(&ns, "AZ2")["overdue"].clone(),
            by_code(&ns, "AZ2")["end_delay_days"].clone(),
        ),
        (json!(false), json!(false), json!(true), json!(since))
    );
    // Done after its planned end: completed late, not overdue.
    assert_eq!(
        (
            by_code(&ns, "AZ3")["completed_late"].clone(),
            by_code(&ns, "AZ3")["overdue"].clone(),
            by_code(&ns, "AZ3")["end_delay_days"].clone(),
        ),
        (json!(true), json!(false), json!(5))
    );
    assert_eq!(
        (
            by_code(&ns, "AZ4")["started_late"].clone(),
            by_code(&ns, "AZ4")["completed_late"].clone()
        ),
        (json!(false), json!(false))
    );
    // The plan page shows them.
    let page = planner.get(&format!("/plans/{plan}")).await.text();
    assert!(page.contains("started 59 days late"), "{page}");
    assert!(page.contains("completed 5 days late"), "{page}");
    assert!(page.contains(&format!("overdue by {since} days")), "{page}");
    assert!(page.contains("an action is flagged as soon as it starts after its planned start"));

    // A tolerance of 60 days, set on the plan's form: 59 days late is no
    // longer flagged, and the delay is still told.
    let lock = planner.get(&format!("/api/v1/plans/{plan}")).await.json()["plan"]["lock_version"]
        .to_string();
    let planner = &planner;
    let form = |tolerance: &'static str, lock: String| async move {
        let fields = [
            ("title", "Piano di prova"),
            ("summary", "S"),
            ("period_start", "2025-01-01"),
            ("period_end", "2027-12-31"),
            ("lock_version", lock.as_str()),
            ("start_tolerance_days", tolerance),
        ];
        planner.post_form(&format!("/plans/{plan}"), &fields).await
    };
    for (bad, message) in [
        (
            "dieci",
            "Enter Days of tolerance before “started late” as a number.",
        ),
        (
            "400",
            "Days of tolerance before “started late” is outside the allowed range.",
        ),
    ] {
        let r = form(bad, lock.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = r.text();
        assert!(text.contains(message), "{message} in {text}");
        assert!(
            text.contains(&format!(r#"value="{bad}""#)),
            "what was typed is kept"
        );
    }
    let r = form("60", lock).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (ns, _) = nodes(planner, plan).await;
    assert_eq!(
        (
            by_code(&ns, "AZ1")["started_late"].clone(),
            by_code(&ns, "AZ1")["start_delay_days"].clone()
        ),
        (json!(false), json!(59))
    );
    let page = planner.get(&format!("/plans/{plan}")).await.text();
    assert!(!page.contains("started 59 days late"));
    assert!(
        page.contains(
            "an action is flagged when it starts more than 60 days after its planned start"
        )
    );
    assert_eq!(app.audit_count("plan.update").await, 1);
    let doc = planner
        .get(&format!("/api/v1/plans/{plan}/export"))
        .await
        .json();
    assert_eq!(doc["plan"]["start_tolerance_days"], 60);
    // The tree's CSV carries the same flags and delays.
    let csv = planner
        .get(&format!("/api/v1/plans/{plan}/tree.csv"))
        .await
        .text();
    let mut lines = csv.lines();
    let head = lines.next().unwrap();
    assert!(
        head.ends_with(
            ",started_late,completed_late,indicators,overdue,start_delay_days,end_delay_days"
        ),
        "{head:?}"
    );
    let az2 = lines.find(|l| l.starts_with("AZ2,")).unwrap();
    assert!(
        az2.ends_with(&format!(",false,false,0,true,0,{since}")),
        "{az2}"
    );
});
