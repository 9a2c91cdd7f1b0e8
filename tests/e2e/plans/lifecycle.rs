//! The plan lifecycle: allowed transitions only, immutable versions on
//! adoption, and the difference between two versions.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{add, by_code, node, nodes, sample};
use serde_json::json;

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
        // The diff names fields by their labels and values by theirs.
        assert!(
            html.contains("<td>Status</td>") && html.contains("<ins>Done</ins>"),
            "{html}"
        );
        // A stored version has its page, which leads to what changed since.
        let v1 = app
            .client()
            .get(&format!("/plans/{plan}/versions/1"))
            .await
            .text();
        assert!(
            v1.contains("AZ1 – AZ1 title") && !v1.contains("Renamed"),
            "{v1}"
        );
        assert!(
            v1.contains(&format!("href=\"/plans/{plan}/versions?from=1&#38;to=2\"")),
            "{v1}"
        );
        assert_eq!(
            app.client()
                .get(&format!("/plans/{plan}/versions/9"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            go("closed").await.status,
            StatusCode::CONFLICT,
            "adopted cannot close directly"
        );
        // Closing from the page asks first; only the confirmation closes.
        assert_eq!(go("monitoring").await.status, StatusCode::OK);
        let ask = planner
            .post_form(
                &format!("/plans/{plan}/transition"),
                &[("status", "closed")],
            )
            .await;
        assert_eq!(ask.status, StatusCode::OK);
        assert!(
            ask.text().contains("A closed plan is no longer monitored"),
            "{}",
            ask.text()
        );
        let status = || async {
            planner.get(&format!("/api/v1/plans/{plan}")).await.json()["plan"]["status"].clone()
        };
        assert_eq!(status().await, "monitoring");
        let done = planner
            .post_form(
                &format!("/plans/{plan}/transition"),
                &[("status", "closed"), ("confirm", "yes")],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        assert_eq!(status().await, "closed");
    }
);
