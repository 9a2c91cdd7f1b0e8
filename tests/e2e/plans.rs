//! Strategic plans: tree, roll-up, flags, indicators, lifecycle, versions and
//! diff, alignment, JSON round trip and CSV, permissions, conflicts, bad input.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::{TestApp, TestClient, both};
use serde_json::{Value, json};

async fn new_plan(client: &TestClient, title: &str) -> i64 {
    let r = client
        .post_json("/api/v1/plans", &json!({"title": title, "summary": "S", "period_start": "2025-01-01", "period_end": "2027-12-31"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["plan"]["id"].as_i64().unwrap()
}

async fn add(client: &TestClient, plan: i64, body: Value) -> Value {
    let r = client
        .post_json(&format!("/api/v1/plans/{plan}/nodes"), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["node"].clone()
}

fn node(kind: &str, code: &str, parent: Option<i64>) -> Value {
    json!({"kind": kind, "code": code, "title": format!("{code} title"), "parent_id": parent})
}

async fn nodes(client: &TestClient, plan: i64) -> (Vec<Value>, Value) {
    let r = client
        .get(&format!("/api/v1/plans/{plan}/nodes"))
        .await
        .json();
    (
        r["nodes"].as_array().unwrap().clone(),
        r["progress"].clone(),
    )
}

fn by_code<'a>(nodes: &'a [Value], code: &str) -> &'a Value {
    nodes
        .iter()
        .find(|n| n["code"] == code)
        .unwrap_or_else(|| panic!("{code} in tree"))
}

/// Opens `plan` to consultation, which publishes it.
async fn publish(client: &TestClient, plan: i64) {
    let r = client
        .post_json(
            &format!("/api/v1/plans/{plan}/transition"),
            &json!({"status": "consultation"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// A plan with an area, a strategic objective, two operational objectives and four actions.
async fn sample(client: &TestClient) -> (i64, Vec<i64>) {
    let plan = new_plan(client, "Piano di prova").await;
    let a = add(client, plan, node("area", "A1", None)).await["id"]
        .as_i64()
        .unwrap();
    let so = add(client, plan, node("strategic_objective", "SO1", Some(a))).await["id"]
        .as_i64()
        .unwrap();
    let mut oo1 = node("operational_objective", "OO1", Some(so));
    oo1["weight"] = json!(3.0);
    let oo1 = add(client, plan, oo1).await["id"].as_i64().unwrap();
    let mut oo2 = node("operational_objective", "OO2", Some(so));
    oo2["weight"] = json!(1.0);
    let oo2 = add(client, plan, oo2).await["id"].as_i64().unwrap();
    let mut ids = vec![a, so, oo1, oo2];
    for (code, parent, progress) in [
        ("AZ1", oo1, 100.0),
        ("AZ2", oo1, 50.0),
        ("AZ3", oo2, 0.0),
        ("AZ4", oo2, 20.0),
    ] {
        let mut n = node("action", code, Some(parent));
        n["progress"] = json!(progress);
        n["status"] = json!("on_track");
        ids.push(add(client, plan, n).await["id"].as_i64().unwrap());
    }
    (plan, ids)
}

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
    for (id, b) in [(id1, b1), (id2, b2), (id3, b3)] {
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
    assert_eq!(
        (
            by_code(&ns, "AZ2")["started_late"].clone(),
            by_code(&ns, "AZ2")["completed_late"].clone()
        ),
        (json!(false), json!(true))
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
    assert!(page.contains("started late") && page.contains("completed late"));
});

both!(
    lifecycle_moves_only_along_allowed_transitions_and_versions_are_immutable,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, _) = sample(&planner).await;
        let go = |to: &'static str| {
            let planner = &planner;
            async move {
                planner
                    .post_json(
                        &format!("/api/v1/plans/{plan}/transition"),
                        &json!({"status": to}),
                    )
                    .await
            }
        };
        let r = go("monitoring").await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(r.error_code(), "transition_not_allowed");
        assert_eq!(go("nonsense").await.error_code(), "invalid_choice");
        assert_eq!(
            go("consultation").await.json()["plan"]["status"],
            "consultation"
        );
        let r = go("adopted").await;
        assert_eq!(r.json()["version"], 1);
        assert_eq!(r.json()["plan"]["status"], "adopted");
        // Nodes cannot be deleted once the plan is no longer a draft.
        let (ns, _) = nodes(&planner, plan).await;
        let r = planner
            .delete(&format!("/api/v1/nodes/{}", by_code(&ns, "AZ1")["id"]))
            .await;
        assert_eq!(r.error_code(), "plan_not_draft");
        // Edit after adoption; version 1 keeps the old values.
        let az1 = by_code(&ns, "AZ1").clone();
        let r = planner
        .patch_json(&format!("/api/v1/nodes/{}", az1["id"]), &json!({"lock_version": az1["lock_version"], "kind": "action", "code": "AZ1", "title": "Renamed", "progress": 100.0, "status": "done"}))
        .await;
        assert_eq!(r.status, StatusCode::OK);
        let so = by_code(&ns, "SO1")["id"].as_i64().unwrap();
        add(
            &planner,
            plan,
            node("operational_objective", "OO3", Some(so)),
        )
        .await;
        let v1 = planner
            .get(&format!("/api/v1/plans/{plan}/versions/1"))
            .await
            .json();
        let az1_v1 = v1["snapshot"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["code"] == "AZ1")
            .unwrap()
            .clone();
        assert_eq!(az1_v1["title"], "AZ1 title");
        assert_eq!(v1["snapshot"]["nodes"].as_array().unwrap().len(), 8);
        assert_eq!(go("monitoring").await.status, StatusCode::OK);
        assert_eq!(go("adopted").await.json()["version"], 2);
        let d = planner
            .get(&format!("/api/v1/plans/{plan}/versions/1/diff/2"))
            .await
            .json();
        assert_eq!(d["diff"]["added"][0]["code"], "OO3");
        let changed = d["diff"]["changed"].as_array().unwrap();
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0]["node"]["code"], "AZ1");
        let fields: Vec<_> = changed[0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fields, ["title", "status"]);
        assert_eq!(
            planner
                .get(&format!("/api/v1/plans/{plan}/versions"))
                .await
                .json()["versions"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        // The diff page is readable by anyone once the plan is public.
        let page = app
            .client()
            .get(&format!("/plans/{plan}/versions?from=1&to=2"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(
            html.contains("OO3 – OO3 title")
                && html.contains("Renamed")
                && html.contains("AZ1 title")
        );
        assert_eq!(
            app.client()
                .get(&format!("/plans/{plan}/versions?from=1&to=9"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            go("closed").await.status,
            StatusCode::CONFLICT,
            "adopted cannot close directly"
        );
    }
);

both!(
    moves_never_create_cycles_and_reorder_siblings,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        let (ns, _) = nodes(&planner, plan).await;
        let oo2 = by_code(&ns, "OO2").clone();
        let az1 = by_code(&ns, "AZ1").clone();
        // An action moves to the other operational objective, first place.
        let r = planner
        .post_json(&format!("/api/v1/nodes/{}/move", az1["id"]), &json!({"lock_version": az1["lock_version"], "parent_id": oo2["id"], "position": 0}))
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let (ns, _) = nodes(&planner, plan).await;
        let order: Vec<_> = ns.iter().map(|n| n["code"].as_str().unwrap()).collect();
        assert_eq!(
            order,
            ["A1", "SO1", "OO1", "AZ2", "OO2", "AZ1", "AZ3", "AZ4"]
        );
        // Under its own subtree, or under the wrong level: refused, nothing changes.
        let so = by_code(&ns, "SO1").clone();
        let r = planner
            .post_json(
                &format!("/api/v1/nodes/{}/move", so["id"]),
                &json!({"lock_version": so["lock_version"], "parent_id": oo2["id"]}),
            )
            .await;
        assert_eq!(r.error_code(), "move_cycle");
        let area = ids[0];
        let r = planner
            .post_json(
                &format!("/api/v1/nodes/{area}/move"),
                &json!({"lock_version": 1, "parent_id": oo2["id"]}),
            )
            .await;
        assert!(matches!(
            r.error_code().as_str(),
            "move_cycle" | "parent_kind_invalid"
        ));
        let az2 = by_code(&ns, "AZ2").clone();
        let r = planner
            .post_json(
                &format!("/api/v1/nodes/{}/move", az2["id"]),
                &json!({"lock_version": az2["lock_version"], "parent_id": so["id"]}),
            )
            .await;
        assert_eq!(r.error_code(), "parent_kind_invalid");
        assert_eq!(nodes(&planner, plan).await.0, ns);
        // Deleting (draft) removes the subtree.
        let r = planner
            .delete(&format!("/api/v1/nodes/{}", oo2["id"]))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let (ns, _) = nodes(&planner, plan).await;
        assert_eq!(
            ns.iter()
                .map(|n| n["code"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["A1", "SO1", "OO1", "AZ2"]
        );
        assert_eq!(app.audit_count("node.delete").await, 1);
        assert_eq!(app.audit_count("node.move").await, 1);
    }
);

both!(
    a_second_save_of_the_same_version_is_a_conflict,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let admin = app.client_as(Role::Admin).await;
        let (plan, _) = sample(&planner).await;
        let (ns, _) = nodes(&planner, plan).await;
        let az1 = by_code(&ns, "AZ1").clone();
        let body = |title: &str| json!({"lock_version": az1["lock_version"], "kind": "action", "code": "AZ1", "title": title, "progress": 100.0, "status": "on_track"});
        assert_eq!(
            planner
                .patch_json(&format!("/api/v1/nodes/{}", az1["id"]), &body("First"))
                .await
                .status,
            StatusCode::OK
        );
        let r = admin
            .patch_json(&format!("/api/v1/nodes/{}", az1["id"]), &body("Second"))
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(r.error_code(), "edit_conflict");
        assert_eq!(
            by_code(&nodes(&planner, plan).await.0, "AZ1")["title"],
            "First"
        );
        // The same through the form: the second editor sees the form again with the message.
        let form = planner
            .get(&format!("/nodes/{}/edit", az1["id"]))
            .await
            .text();
        assert!(form.contains("name=\"lock_version\" value=\"2\""));
        let fields = [
            ("kind", "action"),
            ("code", "AZ1"),
            ("title", "Third"),
            ("status", "on_track"),
            ("lock_version", "1"),
        ];
        let r = planner
            .post_form(&format!("/nodes/{}", az1["id"]), &fields)
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.text().contains("Someone else saved a change meanwhile"));
        // Plans too.
        let p = planner.get(&format!("/api/v1/plans/{plan}")).await.json()["plan"].clone();
        let edit = |t: &str| json!({"lock_version": p["lock_version"], "title": t, "period_start": "2025-01-01", "period_end": "2027-12-31"});
        assert_eq!(
            planner
                .patch_json(&format!("/api/v1/plans/{plan}"), &edit("A"))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            admin
                .patch_json(&format!("/api/v1/plans/{plan}"), &edit("B"))
                .await
                .error_code(),
            "edit_conflict"
        );
    }
);

both!(indicators_targets_and_measurements, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let (plan, ids) = sample(&planner).await;
    let so = ids[1];
    let body = json!({
        "name": "Tempi medi di pagamento", "unit": "giorni", "direction": "decrease",
        "baseline_value": 45.0, "baseline_date": "2024-12-31", "frequency": "annual", "data_source": "RGS",
        "targets": [{"period": "2025", "due_date": "2025-12-31", "value": 40.0}, {"period": "2027", "due_date": "2027-12-31", "value": 30.0}]
    });
    let r = planner
        .post_json(&format!("/api/v1/nodes/{so}/indicators"), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["indicator"]["id"].as_i64().unwrap();
    for (date, value) in [("2025-06-30", 42.0), ("2025-12-31", 39.0)] {
        let r = planner
            .post_json(
                &format!("/api/v1/indicators/{id}/measurements"),
                &json!({"date": date, "value": value}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let ind = planner
        .get(&format!("/api/v1/indicators/{id}"))
        .await
        .json()["indicator"]
        .clone();
    assert_eq!(ind["latest"], 39.0);
    assert_eq!(ind["achievement"], 40.0); // (39 − 45) / (30 − 45) × 100
    assert!(
        ind["forecast"].as_f64().unwrap() < 30.0,
        "falling about 3 days every half year"
    );
    assert!(ind["track"].is_string());
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
        2
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
    assert_eq!(app.audit_count("measurement.create").await, 2);
});

both!(
    drafts_are_private_and_only_owner_planners_edit,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        // Another organisation's planner.
        let admin = app.client_as(Role::Admin).await;
        let other_org = admin
            .post_json(
                "/api/v1/organisations",
                &json!({"name": "Regione Umbria", "kind": "region", "level": "regional"}),
            )
            .await
            .json()["organisation"]["id"]
            .clone();
        admin.post_json("/api/v1/users", &json!({"email": "p2@test.example", "display_name": "P2", "role": "planner", "organisation_id": other_org, "password": "another-planner"})).await;
        let other = app.client();
        other
            .post_json(
                "/api/v1/session",
                &json!({"email": "p2@test.example", "password": "another-planner"}),
            )
            .await;
        // Drafts: owner organisation (any role) and admins read; others get 404.
        assert_eq!(
            app.client()
                .get(&format!("/api/v1/plans/{plan}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            other.get(&format!("/api/v1/plans/{plan}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.client_as(Role::Member)
                .await
                .get(&format!("/api/v1/plans/{plan}"))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            admin.get(&format!("/api/v1/plans/{plan}")).await.status,
            StatusCode::OK
        );
        assert!(
            !app.client()
                .get("/api/v1/plans")
                .await
                .text()
                .contains("Piano di prova")
        );
        planner
            .post_json(
                &format!("/api/v1/plans/{plan}/transition"),
                &json!({"status": "consultation"}),
            )
            .await;
        assert_eq!(
            app.client()
                .get(&format!("/api/v1/plans/{plan}"))
                .await
                .status,
            StatusCode::OK
        );
        // Editing: only the owner's planners and admins.
        let area = ids[0];
        for role in [Role::Member, Role::Evaluator, Role::Citizen] {
            let c = app.client_as(role).await;
            assert_eq!(
                c.post_json(
                    &format!("/api/v1/plans/{plan}/nodes"),
                    &node("area", "A9", None)
                )
                .await
                .status,
                StatusCode::FORBIDDEN,
                "{role}"
            );
            assert_eq!(
                c.post_json(
                    &format!("/api/v1/plans/{plan}/transition"),
                    &json!({"status": "adopted"})
                )
                .await
                .status,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                c.post_json(
                    "/api/v1/plans",
                    &json!({"title": "X", "period_start": "2025-01-01", "period_end": "2025-12-31"})
                )
                .await
                .status,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                c.get(&format!("/nodes/{area}/edit")).await.status,
                StatusCode::FORBIDDEN
            );
        }
        assert_eq!(
            other
                .post_json(
                    &format!("/api/v1/plans/{plan}/nodes"),
                    &node("area", "A9", None)
                )
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.client()
                .post_json(
                    &format!("/api/v1/plans/{plan}/nodes"),
                    &node("area", "A9", None)
                )
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            admin
                .post_json(
                    &format!("/api/v1/plans/{plan}/nodes"),
                    &node("area", "A9", None)
                )
                .await
                .status,
            StatusCode::CREATED
        );
        let page = app
            .client_as(Role::Member)
            .await
            .get(&format!("/plans/{plan}"))
            .await
            .text();
        assert!(!page.contains("Plan editor"), "no editor for members");
        assert!(
            planner
                .get(&format!("/plans/{plan}"))
                .await
                .text()
                .contains("Plan editor")
        );
    }
);

both!(
    bad_plan_and_node_input_is_refused_and_nothing_changes,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let r = planner
            .post_json(
                "/api/v1/plans",
                &json!({"title": "", "period_start": "2026-01-01", "period_end": "2025-01-01"}),
            )
            .await;
        let fields: Vec<_> = r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].clone(), e["code"].clone()))
            .collect();
        assert_eq!(
            fields,
            vec![
                (json!("title"), json!("required")),
                (json!("period_end"), json!("end_before_start"))
            ]
        );
        let (plan, ids) = sample(&planner).await;
        let long = "x".repeat(201);
        for (body, field, code) in [
            (
                json!({"kind": "action", "code": "X", "title": "t", "parent_id": ids[0]}),
                "parent_id",
                "parent_kind_invalid",
            ),
            (
                json!({"kind": "area", "code": "A1", "title": "dup"}),
                "code",
                "code_taken",
            ),
            (
                json!({"kind": "area", "code": "A2", "title": long}),
                "title",
                "too_long",
            ),
            (
                json!({"kind": "area", "code": "A3", "title": "t", "planned_start": "2026-01-01", "planned_end": "2025-01-01"}),
                "planned_end",
                "end_before_start",
            ),
            (
                json!({"kind": "area", "code": "A4", "title": "t", "weight": -1.0}),
                "weight",
                "out_of_range",
            ),
            (
                json!({"kind": "planet", "code": "A5", "title": "t"}),
                "kind",
                "invalid_choice",
            ),
            (
                json!({"kind": "area", "code": "A6", "title": "t", "aligned_node_id": ids[1]}),
                "aligned_node_id",
                "alignment_invalid",
            ),
        ] {
            let r = planner
                .post_json(&format!("/api/v1/plans/{plan}/nodes"), &body)
                .await;
            assert!(r.status.is_client_error(), "{body}");
            assert_eq!(
                (
                    r.json()["errors"][0]["field"].clone(),
                    r.json()["errors"][0]["code"].clone()
                ),
                (json!(field), json!(code)),
                "{body}"
            );
        }
        assert_eq!(nodes(&planner, plan).await.0.len(), 8);
        // Through the form: re-shown with the field's message, values kept.
        let r = planner
            .post_form(
                &format!("/plans/{plan}/nodes"),
                &[
                    ("kind", "area"),
                    ("code", "A7"),
                    ("title", "Nuova area"),
                    ("budget", "molti"),
                    ("planned_start", "2026-13-01"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains("Enter Budget (euro) as a number."), "{html}");
        assert!(html.contains("value=\"Nuova area\""));
        let r = planner
            .post_form(
                &format!("/plans/{plan}/nodes"),
                &[
                    ("kind", "area"),
                    ("code", "A7"),
                    ("title", "Nuova area"),
                    ("budget", "1500,50"),
                    ("planned_start", "2026-13-01"),
                ],
            )
            .await;
        assert!(r.text().contains("Enter Planned start as a date"));
        assert_eq!(nodes(&planner, plan).await.0.len(), 8);
    }
);

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

both!(
    alignment_shows_contributions_on_the_parent_plan,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        pspm_backend_demo(&app).await;
        let plans = admin.get("/api/v1/plans").await.json();
        let list = plans["plans"].as_array().unwrap();
        let national = list.iter().find(|p| p["parent_plan_id"].is_null()).unwrap()["id"]
            .as_i64()
            .unwrap();
        let regional = list
            .iter()
            .find(|p| p["parent_plan_id"] == national)
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let (ns, _) = nodes(&admin, national).await;
        let with_contributors: Vec<_> = ns
            .iter()
            .filter(|n| !n["contributors"].as_array().unwrap().is_empty())
            .collect();
        assert!(!with_contributors.is_empty());
        for n in &with_contributors {
            for c in n["contributors"].as_array().unwrap() {
                assert_eq!(c["plan_id"], regional);
            }
        }
        let (rs, _) = nodes(&admin, regional).await;
        assert!(
            rs.iter()
                .filter(|n| n["aligned_to"].is_object())
                .all(|n| n["aligned_to"]["plan_id"] == national)
        );
        let page = app.client().get(&format!("/plans/{national}")).await.text();
        assert!(
            page.contains("Contributions from aligned plans") && page.contains("Regione Lazio")
        );
        // Demo size as the issue asks.
        let areas = ns.iter().filter(|n| n["kind"] == "area").count();
        let actions = ns.iter().filter(|n| n["kind"] == "action").count();
        let indicators: Vec<_> = ns
            .iter()
            .flat_map(|n| n["indicators"].as_array().unwrap().clone())
            .collect();
        assert!(
            areas >= 4 && actions >= 30 && indicators.len() >= 15,
            "{areas} areas, {actions} actions, {} indicators",
            indicators.len()
        );
        assert!(
            indicators
                .iter()
                .all(|i| !i["measurements"].as_array().unwrap().is_empty())
        );
    }
);

async fn pspm_backend_demo(app: &TestApp) {
    app.db
        .run(pspm_backend::seed::demo::load)
        .await
        .expect("demo loads");
}

both!(
    milestones_are_added_and_marked_through_forms_and_api,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        let action = ids[4];
        let r = planner
            .post_form(
                &format!("/nodes/{action}/milestones"),
                &[("title", ""), ("due_date", "domani")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(
            html.contains("Enter Milestone.") && html.contains("Enter Due date as a date"),
            "{html}"
        );
        assert!(
            html.contains("value=\"AZ1 title\""),
            "the node's own form keeps its stored values"
        );
        let r = planner
            .post_form(
                &format!("/nodes/{action}/milestones"),
                &[("title", "Gara aggiudicata"), ("due_date", "30/06/2026")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (ns, _) = nodes(&planner, plan).await;
        let m = by_code(&ns, "AZ1")["milestones"][0].clone();
        assert_eq!(
            (m["title"].clone(), m["due_date"].clone(), m["done"].clone()),
            (json!("Gara aggiudicata"), json!("2026-06-30"), json!(false))
        );
        let r = planner
            .post_form(
                &format!("/milestones/{}/toggle", m["id"]),
                &[("done", "true")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            by_code(&nodes(&planner, plan).await.0, "AZ1")["milestones"][0]["done"],
            true
        );
        let r = planner
            .post_json(
                &format!("/api/v1/nodes/{action}/milestones"),
                &json!({"title": "Collaudo", "due_date": "2026-12-31"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
        let id = r.json()["milestone"]["id"].clone();
        assert_eq!(
            planner
                .patch_json(&format!("/api/v1/milestones/{id}"), &json!({"done": true}))
                .await
                .json()["milestone"]["done"],
            true
        );
        let member = app.client_as(Role::Member).await;
        assert_eq!(
            member
                .patch_json(&format!("/api/v1/milestones/{id}"), &json!({"done": false}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            planner
                .patch_json("/api/v1/milestones/999999", &json!({"done": true}))
                .await
                .error_code(),
            "milestone_not_found"
        );
        assert_eq!(app.audit_count("milestone.create").await, 2);
        assert_eq!(app.audit_count("milestone.update").await, 2);
    }
);

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

/// A plan of 2 areas, 4 strategic objectives, 32 operational objectives and
/// 160 actions (198 nodes: more than a whole page shows), with an indicator
/// on an action, imported by `client`; its id. Codes: `A1`, `SO1.2`,
/// `OO1.2.3`, `AZ1.2.3.4`.
pub async fn large_plan(client: &TestClient) -> i64 {
    let mut nodes = Vec::new();
    let doc_node = |kind: &str, code: String, parent: Option<String>| json!({"code": code, "parent_code": parent, "kind": kind, "title": format!("Titolo {code}")});
    for a in 1..=2 {
        nodes.push(doc_node("area", format!("A{a}"), None));
        for s in 1..=2 {
            nodes.push(doc_node(
                "strategic_objective",
                format!("SO{a}.{s}"),
                Some(format!("A{a}")),
            ));
            for o in 1..=8 {
                nodes.push(doc_node(
                    "operational_objective",
                    format!("OO{a}.{s}.{o}"),
                    Some(format!("SO{a}.{s}")),
                ));
                for x in 1..=5 {
                    nodes.push(doc_node(
                        "action",
                        format!("AZ{a}.{s}.{o}.{x}"),
                        Some(format!("OO{a}.{s}.{o}")),
                    ));
                }
            }
        }
    }
    nodes[3]["indicators"] = json!([{"name": "Sportelli digitali aperti", "unit": "n", "direction": "increase",
        "baseline_value": 2.0, "baseline_date": "2024-12-31", "frequency": "annual", "data_source": "ISTAT",
        "targets": [{"period": "2027", "due_date": "2027-12-31", "value": 20.0}], "measurements": []}]);
    let doc = json!({"format": "pspm-plan/1",
        "plan": {"title": "Piano nazionale grande", "summary": "", "owner_organisation": "", "period_start": "2025-01-01", "period_end": "2027-12-31"},
        "nodes": nodes});
    let r = client.post_json("/api/v1/plans/import", &doc).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["plan"]["id"].as_i64().unwrap()
}

both!(
    a_large_plan_shows_its_objectives_and_each_objective_its_actions,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let plan = large_plan(&planner).await;
        let (tree, _) = nodes(&planner, plan).await;
        assert_eq!(tree.len(), 198);
        let id = |code: &str| by_code(&tree, code)["id"].as_i64().unwrap();
        let (area, so, oo, action) = (id("A1"), id("SO1.2"), id("OO1.2.3"), id("AZ1.2.3.4"));
        let anonymous = app.client();
        // A draft: its nodes have no public address.
        assert_eq!(
            anonymous.get(&format!("/nodes/{action}")).await.status,
            StatusCode::NOT_FOUND
        );
        publish(&planner, plan).await;

        // The whole plan lists areas and objectives; each objective links to its actions.
        let r = anonymous.get(&format!("/plans/{plan}")).await;
        assert_eq!(r.status, StatusCode::OK);
        let page = r.text();
        assert!(page.contains("Titolo OO2.2.8") && page.contains("Titolo SO1.2"));
        assert!(
            !page.contains("Titolo AZ"),
            "no action on the whole-plan page"
        );
        assert!(
            !page.contains("Sportelli digitali aperti"),
            "nor an action's indicator"
        );
        assert!(page.contains("This plan has 198 areas, objectives and actions"));
        assert!(page.contains(&format!("href=\"/plans/{plan}?branch={oo}\"")));
        assert!(page.contains("Show its 5 actions"));

        // An objective's page: its actions (with their indicators), under the trail.
        let branch = format!("/plans/{plan}?branch={oo}");
        let page = anonymous.get(&branch).await.text();
        for x in 1..=5 {
            assert!(page.contains(&format!("Titolo AZ1.2.3.{x}")), "{x}");
        }
        assert!(
            !page.contains("Sportelli digitali aperti"),
            "another objective's indicator"
        );
        assert!(!page.contains("Titolo AZ1.2.4.1") && !page.contains("Titolo OO1.2.4"));
        assert!(page.contains(&format!("href=\"/plans/{plan}\"")));
        assert!(page.contains(&format!("href=\"/plans/{plan}?branch={area}\"")));
        assert!(page.contains(&format!("href=\"/plans/{plan}?branch={so}\"")));
        assert!(page.contains("aria-current=\"page\""));
        let indicator_page = anonymous
            .get(&format!("/plans/{plan}?branch={}", id("OO1.1.1")))
            .await
            .text();
        assert!(indicator_page.contains("Sportelli digitali aperti"));

        // A node's stable address leads to the page that shows it.
        let r = anonymous.get(&format!("/nodes/{action}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            r.location(),
            format!("/plans/{plan}?branch={oo}#node-{action}")
        );
        assert_eq!(
            anonymous.get(&format!("/nodes/{oo}")).await.location(),
            format!("/plans/{plan}#node-{oo}")
        );
        assert_eq!(
            anonymous
                .get(&format!("/nodes/{action}?saved=1"))
                .await
                .location(),
            format!("/plans/{plan}?branch={oo}&saved=1#node-{action}")
        );

        // An edit shows on the (cached) objective's page at once.
        let az = by_code(&tree, "AZ1.2.3.4");
        let r = planner
            .patch_json(
                &format!("/api/v1/nodes/{action}"),
                &json!({"lock_version": az["lock_version"], "kind": "action", "code": "AZ1.2.3.4", "title": "Sportello unico rinnovato"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert!(
            anonymous
                .get(&branch)
                .await
                .text()
                .contains("Sportello unico rinnovato")
        );

        // Bad branches and unknown nodes are not found; nothing else is shown.
        let (small, ids) = sample(&planner).await;
        for bad in [
            format!("/plans/{plan}?branch=abc"),
            format!("/plans/{plan}?branch=-1"),
            format!("/plans/{plan}?branch={}", ids[0]),
            format!("/plans/{small}?branch={oo}"),
            "/nodes/99999999".to_string(),
        ] {
            assert_eq!(
                planner.get(&bad).await.status,
                StatusCode::NOT_FOUND,
                "{bad}"
            );
        }
        // A small plan's page shows every node, and its nodes' addresses are on it.
        let page = planner.get(&format!("/plans/{small}")).await.text();
        assert!(page.contains("AZ4 title") && !page.contains("?branch="));
        assert_eq!(
            planner.get(&format!("/nodes/{}", ids[7])).await.location(),
            format!("/plans/{small}#node-{}", ids[7])
        );
    }
);

both!(
    a_plans_tree_is_shared_only_by_readers_of_the_same_plans,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (parent, ids) = sample(&planner).await;
        publish(&planner, parent).await;
        // Another organisation drafts a plan aligned to the published one.
        let admin = app.client_as(Role::Admin).await;
        let region = admin
            .post_json(
                "/api/v1/organisations",
                &json!({"name": "Regione Umbria", "kind": "region", "level": "regional"}),
            )
            .await
            .json()["organisation"]["id"]
            .clone();
        let r = admin.post_json("/api/v1/users", &json!({"email": "p2@test.example", "display_name": "P2", "role": "planner", "organisation_id": region, "password": "another-planner"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let regional = app.client();
        regional
            .post_json(
                "/api/v1/session",
                &json!({"email": "p2@test.example", "password": "another-planner"}),
            )
            .await;
        let r = regional
            .post_json("/api/v1/plans", &json!({"title": "Piano umbro in bozza", "summary": "S", "period_start": "2025-01-01", "period_end": "2027-12-31", "parent_plan_id": parent}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let draft = r.json()["plan"]["id"].as_i64().unwrap();
        let mut aligned = node("area", "UMB1", None);
        aligned["title"] = json!("Sportelli umbri");
        aligned["aligned_node_id"] = json!(ids[0]);
        add(&regional, draft, aligned).await;
        // Whoever reads first, each reader sees the drafts they may read and
        // no others, on the page and through the API, every time.
        let anonymous = app.client();
        for _ in 0..2 {
            for (who, client, sees) in [
                ("anonymous", &anonymous, false),
                ("ministry planner", &planner, false),
                ("regional planner", &regional, true),
                ("administrator", &admin, true),
            ] {
                let page = client.get(&format!("/plans/{parent}")).await.text();
                assert_eq!(page.contains("Sportelli umbri"), sees, "{who}: {page}");
                assert_eq!(page.contains("Piano umbro in bozza"), sees, "{who}");
                let (tree, _) = nodes(client, parent).await;
                let area = by_code(&tree, "A1");
                assert_eq!(
                    area["contributors"].as_array().unwrap().len(),
                    usize::from(sees),
                    "{who}"
                );
            }
        }
        // A plan's edit shows at once to signed-in readers and through the API.
        let versions = || {
            app.db
                .run(pspm_backend::services::plans::view::plans_version)
        };
        let before = versions().await.unwrap();
        let (tree, _) = nodes(&planner, parent).await;
        let a1 = by_code(&tree, "A1");
        let r = planner
            .patch_json(
                &format!("/api/v1/nodes/{}", a1["id"]),
                &json!({"lock_version": a1["lock_version"], "kind": "area", "code": "A1", "title": "Area rinominata"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert!(versions().await.unwrap() > before);
        for client in [&regional, &anonymous, &admin] {
            let page = client.get(&format!("/plans/{parent}")).await.text();
            assert!(page.contains("Area rinominata"), "{page}");
            let (tree, _) = nodes(client, parent).await;
            assert_eq!(by_code(&tree, "A1")["title"], "Area rinominata");
        }
        // Signing in changes no plan.
        let after = versions().await.unwrap();
        app.client_as(Role::Member).await;
        assert_eq!(versions().await.unwrap(), after);
    }
);

both!(
    another_process_writes_show_on_kept_pages_within_seconds,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        publish(&planner, plan).await;
        let anonymous = app.client();
        let path = format!("/plans/{plan}");
        for client in [&anonymous, &planner] {
            assert!(client.get(&path).await.text().contains("A1 title"));
        }
        // Another process (a second server, the command line) renames the
        // area in the database, leaving its audit event: this process did not
        // write, so only its periodic look at the data version can see it.
        let area = ids[0];
        app.db
            .run(move |c| {
                use diesel::RunQueryDsl;
                diesel::sql_query(format!(
                    "UPDATE plan_nodes SET title = 'Renamed elsewhere' WHERE id = {area}"
                ))
                .execute(c)?;
                diesel::sql_query(format!(
                    "INSERT INTO audit_events (actor_id, action, entity, entity_id, changes, created_at) \
                     VALUES (NULL, 'node.update', 'plan_node', {area}, '{{}}', CURRENT_TIMESTAMP)"
                ))
                .execute(c)?;
                Ok(())
            })
            .await
            .unwrap();
        for client in [&anonymous, &planner] {
            let mut shown = false;
            for _ in 0..100 {
                if client.get(&path).await.text().contains("Renamed elsewhere") {
                    shown = true;
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            assert!(shown, "the other process's write never showed");
        }
    }
);

both!(
    a_plan_pages_kept_tree_is_each_readers_own,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (plan, ids) = sample(&planner).await;
        publish(&planner, plan).await;
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let italian = app.client_as(Role::Member).await;
        italian
            .headers
            .lock()
            .unwrap()
            .insert(axum::http::header::ACCEPT_LANGUAGE, "it".parse().unwrap());
        let anonymous = app.client();
        let path = format!("/plans/{plan}");
        let edit = format!("href=\"/nodes/{}/edit\"", ids[0]);
        let branch = format!("/plans/{plan}?branch={}", ids[2]);
        // Whoever reads first, each reader gets the tree in their language,
        // with edit links exactly when they may edit, on the whole page and
        // on a branch page; the reader's own menu stays theirs.
        for _ in 0..2 {
            for (who, client, edits, lang) in [
                ("member", &member, false, "en"),
                ("planner", &planner, true, "en"),
                ("anonymous", &anonymous, false, "en"),
                ("admin", &admin, true, "en"),
                ("Italian member", &italian, false, "it"),
            ] {
                let page = client.get(&path).await;
                assert_eq!(page.status, StatusCode::OK, "{who}");
                let page = page.text();
                assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{who}");
                assert_eq!(page.contains(&edit), edits, "{who}");
                let kind = if lang == "it" {
                    "Obiettivo strategico"
                } else {
                    "Strategic objective"
                };
                assert!(page.contains(kind), "{who}: {page}");
                assert!(page.contains("AZ4 – AZ4 title"), "{who}");
                assert_eq!(
                    page.contains("action=\"/sign-out\""),
                    who != "anonymous",
                    "{who}"
                );
                let part = client.get(&branch).await.text();
                assert!(part.contains("AZ1 – AZ1 title"), "{who}");
                assert!(!part.contains("AZ3 – AZ3 title"), "{who}: another branch");
                assert_eq!(
                    part.contains(&format!("href=\"/nodes/{}/edit\"", ids[2])),
                    edits,
                    "{who}"
                );
            }
        }
        // The kept JSON of the tree is the same for readers of the same
        // plans, and an edit shows at once in it and on every page.
        let (tree, _) = nodes(&member, plan).await;
        assert_eq!(nodes(&admin, plan).await.0.len(), tree.len());
        let az4 = by_code(&tree, "AZ4");
        let r = planner
            .patch_json(
                &format!("/api/v1/nodes/{}", az4["id"]),
                &json!({"lock_version": az4["lock_version"], "kind": "action", "code": "AZ4", "title": "Azione rinominata", "progress": 20.0, "status": "on_track"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        for client in [&member, &planner, &anonymous, &italian] {
            assert!(
                client
                    .get(&path)
                    .await
                    .text()
                    .contains("AZ4 – Azione rinominata")
            );
            assert_eq!(
                by_code(&nodes(client, plan).await.0, "AZ4")["title"],
                "Azione rinominata"
            );
        }
    }
);

both!(
    a_draft_plan_is_not_named_by_the_published_plans_aligned_to_it,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        // The ministry drafts a national plan and, still drafting it, opens
        // a plan aligned to it to consultation.
        let draft = new_plan(&planner, "Piano nazionale in bozza").await;
        let mut area = node("area", "N1", None);
        area["title"] = json!("Obiettivo riservato");
        let target = add(&planner, draft, area).await["id"].as_i64().unwrap();
        let r = planner
            .post_json(
                "/api/v1/plans",
                &json!({"title": "Piano allineato", "summary": "S", "period_start": "2025-01-01", "period_end": "2027-12-31", "parent_plan_id": draft}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let child = r.json()["plan"]["id"].as_i64().unwrap();
        let mut aligned = node("area", "C1", None);
        aligned["aligned_node_id"] = json!(target);
        add(&planner, child, aligned).await;
        publish(&planner, child).await;
        // The public and other organisations read the published plan without
        // the draft's title or its node; its own planners see both.
        let admin = app.client_as(Role::Admin).await;
        let r = admin.post_json("/api/v1/users", &json!({"email": "free@test.example", "display_name": "Free", "role": "citizen", "password": "citizen-password-1"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let outsider = app.client();
        let r = outsider
            .post_json(
                "/api/v1/session",
                &json!({"email": "free@test.example", "password": "citizen-password-1"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        for (who, client, sees) in [
            ("anonymous", &app.client(), false),
            ("citizen without an organisation", &outsider, false),
            ("planner", &planner, true),
            ("admin", &admin, true),
        ] {
            let page = client.get(&format!("/plans/{child}")).await;
            assert_eq!(page.status, StatusCode::OK, "{who}");
            let page = page.text();
            assert!(page.contains("C1 – C1 title"), "{who}");
            assert_eq!(page.contains("Piano nazionale in bozza"), sees, "{who}");
            assert_eq!(page.contains("Obiettivo riservato"), sees, "{who}");
            let plan = client.get(&format!("/api/v1/plans/{child}")).await.json();
            assert_eq!(
                plan["plan"]["parent_plan"].is_string(),
                sees,
                "{who}: {plan}"
            );
            let (tree, _) = nodes(client, child).await;
            assert_eq!(
                by_code(&tree, "C1")["aligned_to"].is_object(),
                sees,
                "{who}"
            );
            let list = client.get("/plans").await.text();
            assert_eq!(list.contains("Piano nazionale in bozza"), sees, "{who}");
        }
    }
);
