//! Searches kept between requests: the same until the catalogue changes,
//! then what a fresh server would answer, after every kind of change.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{create, practice, publish, region_member, step, unaffiliated_citizen};
use serde_json::json;

both!(
    searches_are_kept_until_the_catalogue_changes,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let region = region_member(&app).await;
        let anon = app.client();
        let page = "/practices?q=sportello&level=national";
        let api = "/api/v1/practices?q=sportello&level=national";
        let id = create(
            &member,
            &practice(
                "Sportello unico digitale",
                "Uno sportello online per le imprese.",
                "national",
                "digital",
                &[9],
                &["sportello"],
            ),
        )
        .await;
        // A draft is found by nobody; asking again gives the same page.
        let first = anon.get(page).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(!first.text().contains("Sportello unico digitale"));
        assert_eq!(anon.get(page).await.body, first.body);
        assert_eq!(anon.get(api).await.json()["meta"]["total"], 0);
        assert!(
            !member
                .get(page)
                .await
                .text()
                .contains("Sportello unico digitale")
        );
        // Published: every reader finds it at once, on the page and through the API.
        publish(&member, &admin, id).await;
        for client in [&anon, &member, &region] {
            assert!(
                client
                    .get(page)
                    .await
                    .text()
                    .contains("Sportello unico digitale")
            );
            let found = client.get(api).await.json();
            assert_eq!(found["meta"]["total"], 1);
            assert_eq!(found["practices"][0]["ratings"], 0);
        }
        // A rating shows at once in the kept search.
        let r = region
            .post_json(
                &format!("/api/v1/practices/{id}/ratings"),
                &json!({"stars": 4, "review": "Utile."}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let found = anon.get(api).await.json();
        assert_eq!(found["practices"][0]["ratings"], 1);
        assert_eq!(found["practices"][0]["rating"], 4.0);
        // Writes outside the catalogue leave its version, and so the kept
        // searches, as they are.
        let version = || {
            app.db
                .run(pspm_backend::services::practices::catalogue::catalogue_version)
        };
        let before = version().await.unwrap();
        let planner = app.client_as(Role::Planner).await;
        let r = planner
            .post_json(
                "/api/v1/plans",
                &json!({"title": "Piano", "summary": "S", "period_start": "2025-01-01", "period_end": "2027-12-31"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        assert_eq!(version().await.unwrap(), before);
        // Bad input is an error each time, never a kept result.
        for _ in 0..2 {
            let r = anon.get("/api/v1/practices?q=sportello&sdg=99").await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(r.error_code(), "unknown_value");
        }
        // Another process (a second server, an import from the command
        // line) renames the practice and leaves its audit event: the kept
        // searches show it after their periodic look at the version.
        app.write_elsewhere(
            format!(
                "UPDATE practice_texts SET title = 'Sportello rinominato altrove' WHERE practice_id = {id}"
            ),
            "practice.update",
            "practice",
            id,
        )
        .await;
        let mut shown = (false, false);
        for _ in 0..100 {
            shown = (
                anon.get(page)
                    .await
                    .text()
                    .contains("Sportello rinominato altrove"),
                anon.get(api).await.json()["practices"][0]["title"]
                    == "Sportello rinominato altrove",
            );
            if shown == (true, true) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(
            shown,
            (true, true),
            "the other process's rename never showed"
        );
    }
);

both!(
    the_kept_catalogue_follows_each_change_as_a_fresh_server_reads_it,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let region = region_member(&app).await;
        let citizen = unaffiliated_citizen(&app).await;
        let anon = app.client();
        let mut ids = Vec::new();
        for (title, level, area, sdgs, tags) in [
            (
                "Sportello digitale",
                "national",
                "digital",
                &[9][..],
                &["sportello"][..],
            ),
            (
                "Bilancio aperto",
                "local",
                "finance",
                &[16],
                &["bilancio", "dati"],
            ),
            ("Mobilità dolce", "regional", "mobility", &[11], &["bici"]),
            (
                "Scuole sicure",
                "local",
                "social",
                &[4],
                &["scuole", "dati"],
            ),
        ] {
            ids.push(
                create(
                    &member,
                    &practice(title, "Servizi per i cittadini.", level, area, sdgs, tags),
                )
                .await,
            );
        }
        for id in &ids[..3] {
            publish(&member, &admin, *id).await;
        }
        // Searches that read every part of the snapshot: facets, tags, SDGs,
        // titles, adoptions, ratings, owners' kinds, words.
        let searches = [
            "/api/v1/practices",
            "/api/v1/practices?q=servizi",
            "/api/v1/practices?level=local",
            "/api/v1/practices?tag=dati&sort=title",
            "/api/v1/practices?sdg=11",
            "/api/v1/practices?owner_kind=ministry&sort=most_adopted",
            "/api/v1/practices?sort=best_rated",
            "/api/v1/practices?policy_area=health",
        ];
        let same = |what: &'static str| {
            let (anon, fresh) = (&anon, app.fresh_client());
            async move {
                let mut kept = Vec::new();
                for path in searches {
                    let k = anon.get(path).await.json();
                    assert_eq!(k, fresh.get(path).await.json(), "{what}: {path}");
                    kept.push(k);
                }
                kept
            }
        };
        let before = same("published").await;
        assert_eq!(before[0]["meta"]["total"], 3);

        // An edit moves a practice to another policy area and tag.
        let mut edited = practice(
            "Mobilità sanitaria",
            "Trasporto ai servizi sanitari.",
            "regional",
            "health",
            &[3],
            &["salute"],
        );
        edited["lang"] = json!("it");
        let r = admin
            .put_json(&format!("/api/v1/practices/{}", ids[2]), &edited)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let after = same("an edit").await;
        assert_eq!(after[7]["meta"]["total"], 1, "now in health");
        assert_eq!(after[4]["meta"]["total"], 0, "no longer SDG 11");

        // A rating and a confirmed adoption change the figures and orders.
        let r = citizen
            .post_json(
                &format!("/api/v1/practices/{}/ratings", ids[1]),
                &json!({"stars": 5}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let rated = same("a rating").await;
        assert_eq!(rated[6]["practices"][0]["id"], ids[1]);
        let r = region
            .post_json(
                &format!("/api/v1/practices/{}/adoptions", ids[0]),
                &json!({"adopted_on": "2026-03-01", "context": "In regione", "outcome": "Adottata"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let adoption = r.json()["adoption_id"].as_i64().unwrap();
        let r = admin
            .post_json(
                &format!("/api/v1/adoptions/{adoption}/decision"),
                &json!({"decision": "confirm"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        let adopted = same("an adoption").await;
        assert_eq!(adopted[5]["practices"][0]["adoptions"], 1);

        // Published, archived: in and out.
        publish(&member, &admin, ids[3]).await;
        let published = same("a publication").await;
        assert_eq!(
            published[3]["meta"]["total"], 2,
            "two practices tagged dati"
        );
        assert_eq!(step(&member, ids[1], "archive").await, StatusCode::OK);
        let archived = same("an archive").await;
        assert_eq!(archived[0]["meta"]["total"], 3);

        // An organisation's kind is every one of its practices' facet.
        let r = admin
            .patch_json(
                &format!("/api/v1/organisations/{}", app.org_id),
                &json!({"name": "Ministero di Prova", "kind": "agency", "level": "national"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let renamed = same("an organisation's kind").await;
        assert_eq!(
            renamed[5]["meta"]["total"], 0,
            "no ministry's practices any more"
        );
    }
);
