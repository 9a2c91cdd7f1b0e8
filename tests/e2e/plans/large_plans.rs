//! A plan larger than a page: the whole plan lists its objectives, each
//! objective's page its actions, and a node's address leads to its page.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{by_code, large_plan, nodes, publish, sample};
use serde_json::json;

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
