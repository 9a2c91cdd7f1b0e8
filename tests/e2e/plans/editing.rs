//! Editing a plan's tree: moves without cycles, conflicting saves of one
//! version, and bad input that changes nothing.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{by_code, nodes, sample};
use serde_json::json;

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
        assert_eq!(
            r.error_fields_and_codes(),
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
