//! Facet counts against a hand-counted fixture, and the sort orders
//! (relevance, newest, title, best rated, most adopted).

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{
    create, facet, ids, practice, publish, region_member, unaffiliated_citizen,
};
use serde_json::json;

both!(
    facets_count_a_hand_counted_fixture_and_sorts_order_it,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let region = region_member(&app).await;
        // Five published practices (ministry: a, b, c; region: d, e) and one draft.
        let a = create(
            &member,
            &practice(
                "Alfa sportello unico",
                "Sportello unico digitale per le imprese",
                "national",
                "digital",
                &[8, 9],
                &["sportello", "imprese"],
            ),
        )
        .await;
        let b = create(
            &member,
            &practice(
                "Beta open data",
                "Dati aperti sul bilancio",
                "national",
                "finance",
                &[16],
                &["dati"],
            ),
        )
        .await;
        let c = create(
            &member,
            &practice(
                "Gamma mobilità",
                "Mobilità sostenibile digitale allo sportello",
                "local",
                "mobility",
                &[11],
                &["sportello"],
            ),
        )
        .await;
        let d = create(
            &region,
            &practice(
                "Delta sanità",
                "Telemedicina digitale nelle aree interne",
                "regional",
                "health",
                &[3, 9],
                &["telemedicina"],
            ),
        )
        .await;
        let e = create(
            &region,
            &practice(
                "Epsilon scuola",
                "Scuole aperte il pomeriggio",
                "regional",
                "education",
                &[4],
                &["scuola"],
            ),
        )
        .await;
        let _draft = create(
            &member,
            &practice(
                "Zeta bozza digitale",
                "Mai pubblicata, digitale",
                "national",
                "digital",
                &[9],
                &["sportello"],
            ),
        )
        .await;
        for id in [a, b, c] {
            publish(&member, &admin, id).await;
        }
        for id in [d, e] {
            publish(&region, &admin, id).await;
        }
        let anon = app.client();
        let all = anon.get("/api/v1/practices").await.json();
        assert_eq!(all["meta"]["total"], 5);
        let f = &all["facets"];
        // Counted by hand from the fixture above.
        assert_eq!(
            (
                facet(f, "level", "national"),
                facet(f, "level", "regional"),
                facet(f, "level", "local")
            ),
            (2, 2, 1)
        );
        assert_eq!(
            (
                facet(f, "sdg", "9"),
                facet(f, "sdg", "16"),
                facet(f, "sdg", "4")
            ),
            (2, 1, 1)
        );
        assert_eq!(
            (
                facet(f, "owner_kind", "ministry"),
                facet(f, "owner_kind", "region")
            ),
            (3, 2)
        );
        assert_eq!(
            (
                facet(f, "tag", "sportello"),
                facet(f, "policy_area", "digital"),
                facet(f, "stage", "implement")
            ),
            (2, 1, 5)
        );
        assert_eq!(
            (
                facet(f, "territory", "ITI4"),
                facet(f, "licence", "CC-BY-4.0")
            ),
            (5, 5)
        );
        // Words plus two facets; counts follow the current query.
        let r = anon.get("/api/v1/practices?q=digitale&sdg=9").await.json();
        let titles: Vec<&str> = r["practices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap())
            .collect();
        assert_eq!(r["meta"]["total"], 2, "{titles:?}");
        assert_eq!(
            (
                facet(&r["facets"], "owner_kind", "ministry"),
                facet(&r["facets"], "owner_kind", "region")
            ),
            (1, 1)
        );
        let r = anon
            .get("/api/v1/practices?q=digitale&sdg=9&owner_kind=region")
            .await
            .json();
        assert_eq!(r["meta"]["total"], 1);
        assert_eq!(r["practices"][0]["id"], d);
        assert_eq!(
            r["practices"][0]["summary"],
            "Telemedicina [[digitale]] nelle aree interne"
        );
        // Relevance: the practice whose title and summary both match ranks first.
        let r = anon.get("/api/v1/practices?q=sportello").await.json();
        assert_eq!(r["practices"][0]["id"], a);
        // Newest first by default without words.
        assert_eq!(ids(&all), vec![e, d, c, b, a]);
        assert_eq!(
            ids(&anon.get("/api/v1/practices?sort=title").await.json()),
            vec![a, b, d, e, c]
        );
        // Ratings: a gets 5 and 1 (then 3), b 3, d 4.
        let citizen = unaffiliated_citizen(&app).await;
        for (who, id, stars) in [
            (&region, a, 5),
            (&citizen, a, 1),
            (&region, b, 3),
            (&member, d, 4),
        ] {
            let r = who
                .post_json(
                    &format!("/api/v1/practices/{id}/ratings"),
                    &json!({"stars": stars, "review": "Utile."}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
        // Rating again changes the rating (one per person): a becomes (5 + 3) / 2.
        citizen
            .post_json(
                &format!("/api/v1/practices/{a}/ratings"),
                &json!({"stars": 3}),
            )
            .await;
        let ratings = anon
            .get(&format!("/api/v1/practices/{a}/ratings"))
            .await
            .json();
        assert_eq!(
            (ratings["mean"].as_f64(), ratings["meta"]["total"].as_i64()),
            (Some(4.0), Some(2))
        );
        // a: 4.0 from two ratings; d: 4.0 from one; b: 3.0; then the unrated, newest first.
        assert_eq!(
            ids(&anon.get("/api/v1/practices?sort=best_rated").await.json()),
            vec![a, d, b, e, c]
        );
        // Most adopted: only confirmed adoptions count.
        let declared = region
            .post_json(
                &format!("/api/v1/practices/{b}/adoptions"),
                &json!({"adopted_on": "2026-01-10", "context": "Regione", "outcome": "Adottata"}),
            )
            .await;
        assert_eq!(declared.status, StatusCode::CREATED);
        assert_eq!(
            ids(&anon.get("/api/v1/practices?sort=most_adopted").await.json())[0],
            e,
            "pending does not count"
        );
        let adoption = declared.json()["adoption_id"].as_i64().unwrap();
        let r = member
            .post_json(
                &format!("/api/v1/adoptions/{adoption}/decision"),
                &json!({"decision": "confirm"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let most = anon.get("/api/v1/practices?sort=most_adopted").await.json();
        assert_eq!(
            (
                most["practices"][0]["id"].as_i64(),
                most["practices"][0]["adoptions"].as_i64()
            ),
            (Some(b), Some(1))
        );
    }
);
