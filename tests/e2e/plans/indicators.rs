//! Indicators: targets, measurements, achievement and forecast, the chart on
//! the plan page, and the edit form.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::sample;
use serde_json::json;

both!(indicators_targets_and_measurements, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let (plan, ids) = sample(&planner).await;
    let so = ids[1];
    let body = json!({
        "name": "Tempi medi di pagamento", "unit": "giorni", "direction": "decrease",
        "baseline_value": 45.0, "baseline_date": "2024-12-31", "frequency": "annual", "data_source": "RGS",
        "targets": [{"period": "2025", "due_date": "2025-12-31", "value": 40.0}, {"period": "2027", "due_date": "2027-12-31", "value": 30.0}]
    });
    let id = planner
        .create(&format!("/api/v1/nodes/{so}/indicators"), &body)
        .await["indicator"]["id"]
        .as_i64()
        .unwrap();
    for (date, value) in [("2025-06-30", 42.0), ("2025-12-31", 39.0)] {
        planner
            .create(
                &format!("/api/v1/indicators/{id}/measurements"),
                &json!({"date": date, "value": value}),
            )
            .await;
    }
    let ind = planner
        .get(&format!("/api/v1/indicators/{id}"))
        .await
        .json()["indicator"]
        .clone();
    assert_eq!(ind["latest"], 39.0);
    assert_eq!(ind["achievement"], 40.0); // (39 − 45) / (30 − 45) × 100
    assert!(ind["track"].is_string());
    // Two measurements make no trend: the page says so instead of a number.
    assert!(ind["forecast"].is_null(), "{ind}");
    let page = planner.get(&format!("/plans/{plan}")).await.text();
    assert!(
        page.contains("Not enough data (fewer than three measurements)"),
        "{page}"
    );
    planner
        .create(
            &format!("/api/v1/indicators/{id}/measurements"),
            &json!({"date": "2025-03-31", "value": 60.0}),
        )
        .await;
    let ind = planner
        .get(&format!("/api/v1/indicators/{id}"))
        .await
        .json()["indicator"]
        .clone();
    // An earlier 60 days makes a steep fall: the line reaches 0 before the
    // target date, and days do not go below 0. The latest is still 39.
    assert_eq!(ind["forecast"], 0.0, "{ind}");
    let page = planner.get(&format!("/plans/{plan}")).await.text();
    assert!(!page.contains("Not enough data"));
    // Bad input: nothing stored.
    for (bad, field) in [
        (json!({"date": "2099-01-01", "value": 1.0}), "date"),
        (json!({"date": "2020-01-01", "value": 1.0}), "date"),
        (json!({"date": "2025-13-40", "value": 1.0}), "date"),
        (json!({"date": "2025-12-31"}), "value"),
    ] {
        let r = planner
            .post_json(&format!("/api/v1/indicators/{id}/measurements"), &bad)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(r.json()["errors"][0]["field"], field);
    }
    let r = planner
        .post_json(
            "/api/v1/indicators/999999/measurements",
            &json!({"date": "2025-01-01", "value": 1.0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), "indicator_not_found");
    assert_eq!(
        planner
            .get(&format!("/api/v1/indicators/{id}/measurements"))
            .await
            .json()["measurements"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let mut twice = body.clone();
    twice["targets"] = json!([{"period": "2025", "due_date": "2025-12-31", "value": 1.0}, {"period": "2025", "due_date": "2026-12-31", "value": 2.0}]);
    let r = planner
        .post_json(&format!("/api/v1/nodes/{so}/indicators"), &twice)
        .await;
    assert_eq!(r.json()["errors"][0]["code"], "period_taken");
    // The plan page shows the chart with its text alternative.
    let anonymous = app.client().get(&format!("/plans/{plan}")).await;
    assert_eq!(
        anonymous.status,
        StatusCode::NOT_FOUND,
        "drafts are not public"
    );
    assert!(!anonymous.text().contains("Tempi medi di pagamento"));
    let page = planner.get(&format!("/plans/{plan}")).await.text();
    assert!(page.contains("<svg") && page.contains("role=\"img\""));
    assert!(page.contains("Values of Tempi medi di pagamento"));
    assert!(page.contains("40 % of the target achieved"));
    assert_eq!(app.audit_count("measurement.create").await, 3);
});

both!(indicators_are_edited_through_the_form, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let (_, ids) = sample(&planner).await;
    let body = json!({"name": "Servizi online", "unit": "%", "direction": "increase", "baseline_value": 40.0, "baseline_date": "2024-12-31",
        "frequency": "annual", "targets": [{"period": "2025", "due_date": "2025-12-31", "value": 50.0}, {"period": "2027", "due_date": "2027-12-31", "value": 80.0}]});
    let id = planner
        .post_json(&format!("/api/v1/nodes/{}/indicators", ids[1]), &body)
        .await
        .json()["indicator"]["id"]
        .clone();
    let form = planner.get(&format!("/indicators/{id}/edit")).await.text();
    assert!(
        form.contains("value=\"Servizi online\"")
            && form.contains("value=\"2027-12-31\"")
            && form.contains("value=\"80\"")
    );
    let base = [
        ("name", "Servizi online"),
        ("unit", "%"),
        ("direction", "increase"),
        ("baseline_value", "40"),
        ("baseline_date", "2024-12-31"),
        ("frequency", "annual"),
        ("target_period_0", "2025"),
        ("target_due_0", "2025-12-31"),
        ("target_value_0", "55"),
        ("target_period_1", "2027"),
        ("target_due_1", "2023-12-31"),
        ("target_value_1", "85,5"),
        ("target_period_2", ""),
        ("target_due_2", ""),
        ("target_value_2", ""),
    ];
    let r = planner.post_form(&format!("/indicators/{id}"), &base).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("href=\"#field-target_due_1\""),
        "the error points at the row's field"
    );
    assert_eq!(
        planner
            .get(&format!("/api/v1/indicators/{id}"))
            .await
            .json()["indicator"]["targets"][0]["value"],
        50.0,
        "nothing changed"
    );
    let mut good = base.to_vec();
    good[10] = ("target_due_1", "2027-12-31");
    let r = planner.post_form(&format!("/indicators/{id}"), &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let ind = planner
        .get(&format!("/api/v1/indicators/{id}"))
        .await
        .json()["indicator"]
        .clone();
    assert_eq!(ind["targets"][0]["value"], 55.0);
    assert_eq!(ind["targets"][1]["value"], 85.5);
    assert_eq!(app.audit_count("indicator.update").await, 1);
    assert_eq!(
        app.client_as(Role::Member)
            .await
            .get(&format!("/indicators/{id}/edit"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
});
