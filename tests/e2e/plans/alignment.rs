//! Plans aligned to a parent plan: contributions shown on the parent, and
//! drafts never named to readers who may not see them.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{add, by_code, new_plan, node, nodes, publish};
use serde_json::json;

both!(
    alignment_shows_contributions_on_the_parent_plan,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        app.load_demo().await;
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
        let child = planner
            .create(
                "/api/v1/plans",
                &json!({"title": "Piano allineato", "summary": "S", "period_start": "2025-01-01", "period_end": "2027-12-31", "parent_plan_id": draft}),
            )
            .await["plan"]["id"]
            .as_i64()
            .unwrap();
        let mut aligned = node("area", "C1", None);
        aligned["aligned_node_id"] = json!(target);
        add(&planner, child, aligned).await;
        publish(&planner, child).await;
        // The public and other organisations read the published plan without
        // the draft's title or its node; its own planners see both.
        let admin = app.client_as(Role::Admin).await;
        let outsider = app
            .new_user(
                &admin,
                json!({"email": "free@test.example", "display_name": "Free", "role": "citizen", "password": "citizen-password-1"}),
            )
            .await;
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
            // The export names the parent and the aligned codes only to the same readers.
            let doc = client
                .get(&format!("/api/v1/plans/{child}/export"))
                .await
                .json();
            assert_eq!(doc["plan"]["parent_plan"].is_string(), sees, "{who}: {doc}");
            let c1 = doc["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|n| n["code"] == "C1")
                .unwrap();
            assert_eq!(c1["aligned_to"].is_string(), sees, "{who}: {c1}");
        }
    }
);
