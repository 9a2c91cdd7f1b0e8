//! Plan pages and trees kept between requests: each reader gets their own
//! (drafts, edit links, language), and every write shows at once, even one
//! made by another process.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::plans::{add, by_code, node, nodes, publish, regional_planner, sample};
use serde_json::json;

both!(
    a_plans_tree_is_shared_only_by_readers_of_the_same_plans,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let (parent, ids) = sample(&planner).await;
        publish(&planner, parent).await;
        // Another organisation drafts a plan aligned to the published one.
        let admin = app.client_as(Role::Admin).await;
        let regional = regional_planner(&app, &admin).await;
        let draft = regional
            .create("/api/v1/plans", &json!({"title": "Piano umbro in bozza", "summary": "S", "period_start": "2025-01-01", "period_end": "2027-12-31", "parent_plan_id": parent}))
            .await["plan"]["id"]
            .as_i64()
            .unwrap();
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
        app.write_elsewhere(
            format!("UPDATE plan_nodes SET title = 'Renamed elsewhere' WHERE id = {area}"),
            "node.update",
            "plan_node",
            area,
        )
        .await;
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
        italian.set_header(axum::http::header::ACCEPT_LANGUAGE, "it");
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
