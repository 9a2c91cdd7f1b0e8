//! Full-text search of the catalogue with facets: on the INTERLINK
//! catalogue, and words found without their accents and after an edit.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{
    catalogue, create, facet, ids, import_catalogue, practice, publish, step, unaffiliated_citizen,
};
use serde_json::{Value, json};

both!(
    the_catalogue_searches_full_text_with_facets,
    |app| async move {
        let Some(dir) = catalogue("INTERLINK import test") else {
            return;
        };
        import_catalogue(&app, dir.clone(), false).await;
        let client = app.client();
        // Facet counts against the source files, counted another way.
        let mut eu = 0;
        let mut public_domain = 0;
        for kind in std::fs::read_dir(dir.join("interlinkers"))
            .unwrap()
            .flatten()
        {
            for e in std::fs::read_dir(kind.path()).unwrap().flatten() {
                let v: Value =
                    serde_json::from_slice(&std::fs::read(e.path().join("metadata.json")).unwrap())
                        .unwrap();
                let scopes: Vec<&str> = v["administrative_scopes"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                if scopes.contains(&"eu") {
                    eu += 1;
                }
                if v["licence"] == "public_domain" {
                    public_domain += 1;
                }
            }
        }
        let all = client.get("/api/v1/practices").await.json();
        assert_eq!(all["meta"]["total"], 78);
        assert_eq!(facet(&all["facets"], "level", "eu"), eu);
        assert_eq!(
            facet(&all["facets"], "licence", "LicenseRef-PublicDomain"),
            public_domain
        );
        // Full text: every word must match, matched words are marked.
        let r = client
            .get("/api/v1/practices?q=business%20canvas")
            .await
            .json();
        assert!(r["meta"]["total"].as_i64().unwrap() >= 1);
        let titles: Vec<_> = r["practices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            titles.contains(&"Business Model Canvas".to_owned()),
            "{titles:?}"
        );
        assert!(
            r["practices"][0]["summary"]
                .as_str()
                .unwrap()
                .contains("[[")
        );
        // Facets combine with the words and narrow the counts.
        let narrowed = client
            .get("/api/v1/practices?q=canvas&licence=LicenseRef-PublicDomain")
            .await
            .json();
        let canvas = client.get("/api/v1/practices?q=canvas").await.json();
        let canvas_public = canvas["practices"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["licence"] == "LicenseRef-PublicDomain")
            .count();
        assert_eq!(
            narrowed["meta"]["total"].as_i64().unwrap(),
            canvas_public as i64,
            "the facet narrows exactly"
        );
        assert!(
            canvas["meta"]["total"].as_i64().unwrap() <= 20,
            "one page holds every canvas result"
        );
        assert!(
            narrowed["practices"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["licence"] == "LicenseRef-PublicDomain")
        );
        // Any input is safe: operators, quotes, long strings, other scripts.
        let long = "x".repeat(5000);
        for q in [
            "\"canvas",
            "canvas OR NOT -model*",
            "NEAR(a b)",
            "'; DROP TABLE practices; --",
            &long,
            "Ελληνικά 中文 кириллица",
            "a:b ^c",
        ] {
            let path = format!(
                "/api/v1/practices?q={}",
                form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
            );
            let r = client.get(&path).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text());
        }
        assert_eq!(
            client.get("/api/v1/practices?sort=random").await.json()["errors"][0]["field"],
            "sort"
        );
        // Sort by title and pages of 20.
        let page2 = client
            .get("/api/v1/practices?sort=title&page=2")
            .await
            .json();
        assert_eq!(page2["practices"].as_array().unwrap().len(), 20);
        // Language fallback: an entry without a Latvian text shows the original with a note.
        let lv = client
            .get("/api/v1/practices?lang=lv&sort=title&page=1")
            .await
            .json();
        assert!(
            lv["practices"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["lang"] == "lv")
        );
        let all_lv: Vec<Value> = {
            let mut v = Vec::new();
            for page in 1..=4 {
                v.extend(
                    client
                        .get(&format!("/api/v1/practices?lang=lv&sort=title&page={page}"))
                        .await
                        .json()["practices"]
                        .as_array()
                        .unwrap()
                        .clone(),
                );
            }
            v
        };
        let fallback = all_lv
            .iter()
            .find(|p| p["fallback"] == true)
            .expect("some entries lack Latvian");
        assert_eq!(fallback["lang"], "en");
        // The pages.
        let page = client.get("/practices?q=canvas&level=eu").await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains("<mark>") && html.contains("Remove the filter"));
        let id = fallback["id"].as_i64().unwrap();
        client.get("/lang/lv?next=/").await;
        let practice = client.get(&format!("/practices/{id}")).await.text();
        assert!(
            practice.contains("Nav pieejams Jūsu valodā"),
            "the fallback note in Latvian"
        );
        assert_eq!(
            client.get("/practices/999999").await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both!(
    the_catalogue_finds_words_without_their_accents_and_after_an_edit,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let anon = app.client();
        let a = create(
            &member,
            &practice(
                "Città accessibile",
                "Percorsi senza barriere nella città.",
                "local",
                "social",
                &[11],
                &["accessibilità"],
            ),
        )
        .await;
        let b = create(
            &member,
            &practice(
                "Bilancio aperto",
                "Dati del bilancio della CITTÀ metropolitana.",
                "local",
                "finance",
                &[16],
                &["bilancio"],
            ),
        )
        .await;
        for id in [a, b] {
            publish(&member, &admin, id).await;
        }
        // Without accents, with them, in capitals: the same practices, the
        // one that says it twice (in its title) first.
        for q in ["citta", "città", "CITTÀ", "Citta%CC%80"] {
            let r = anon.get(&format!("/api/v1/practices?q={q}")).await;
            assert_eq!(r.status, StatusCode::OK, "{q}");
            assert_eq!(ids(&r.json()), vec![a, b], "{q}");
        }
        // The matched word is marked however it is written in the text.
        let r = anon.get("/api/v1/practices?q=citta").await.json();
        assert_eq!(
            r["practices"][0]["summary"],
            "Percorsi senza barriere nella [[città]]."
        );
        assert_eq!(
            r["practices"][1]["summary"],
            "Dati del bilancio della [[CITTÀ]] metropolitana."
        );
        // Every word must be in the practice's text; facets still narrow.
        let r = anon
            .get("/api/v1/practices?q=citta%20bilancio")
            .await
            .json();
        assert_eq!(ids(&r), vec![b]);
        let r = anon
            .get("/api/v1/practices?q=citta&policy_area=social")
            .await
            .json();
        assert_eq!((ids(&r), r["meta"]["total"].as_i64()), (vec![a], Some(1)));
        assert_eq!(facet(&r["facets"], "policy_area", "social"), 1);
        assert_eq!(
            anon.get("/api/v1/practices?q=citta%20inesistente")
                .await
                .json()["meta"]["total"],
            0
        );
        let page = anon.get("/practices?q=citta").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("Città accessibile"));
        // An edit shows at once: the new words are found, the old ones not.
        let mut edited = practice(
            "Bilancio partecipato",
            "Dati del bilancio comunale.",
            "local",
            "finance",
            &[16],
            &["bilancio"],
        );
        edited["lang"] = json!("it");
        let r = admin
            .put_json(&format!("/api/v1/practices/{b}"), &edited)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let r = anon.get("/api/v1/practices?q=partecipato").await.json();
        assert_eq!(ids(&r), vec![b]);
        assert_eq!(r["practices"][0]["title"], "Bilancio partecipato");
        assert_eq!(
            ids(&anon.get("/api/v1/practices?q=citta").await.json()),
            vec![a]
        );
        assert_eq!(
            anon.get("/api/v1/practices?q=aperto").await.json()["meta"]["total"],
            0
        );
        // A rating changes the practice's figures, not its words.
        let citizen = unaffiliated_citizen(&app).await;
        let r = citizen
            .post_json(
                &format!("/api/v1/practices/{b}/ratings"),
                &json!({"stars": 5, "review": "Chiaro."}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let r = anon.get("/api/v1/practices?q=partecipato").await.json();
        assert_eq!(ids(&r), vec![b]);
        assert_eq!(r["practices"][0]["ratings"], 1);
        // Published after the words were read, archived, restored: each
        // shows at once (only the changed practices' texts are read again).
        let c = create(
            &member,
            &practice(
                "Scuole in città",
                "Percorsi sicuri per le scuole.",
                "local",
                "social",
                &[4],
                &["scuole"],
            ),
        )
        .await;
        publish(&member, &admin, c).await;
        let mut found = ids(&anon.get("/api/v1/practices?q=percorsi").await.json());
        found.sort_unstable();
        assert_eq!(found, vec![a, c]);
        assert_eq!(step(&member, a, "archive").await, StatusCode::OK);
        let r = anon.get("/api/v1/practices?q=percorsi").await.json();
        assert_eq!(ids(&r), vec![c]);
        assert_eq!(
            ids(&anon.get("/api/v1/practices?q=citta").await.json()),
            vec![c]
        );
        assert_eq!(step(&admin, a, "restore").await, StatusCode::OK);
        let mut found = ids(&anon.get("/api/v1/practices?q=percorsi").await.json());
        found.sort_unstable();
        assert_eq!(found, vec![a, c]);
        assert_eq!(
            ids(&anon.get("/api/v1/practices?q=partecipato").await.json()),
            vec![b]
        );
    }
);
