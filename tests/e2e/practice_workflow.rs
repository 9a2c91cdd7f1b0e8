//! Good practices written on the platform: the review workflow and who sees
//! what, facet counts against a hand-counted fixture, sort orders, ratings,
//! links to plan actions, texts in several languages, and bad input.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::{TestApp, TestClient, both};
use serde_json::{Value, json};

/// A second organisation (a region) with a member, signed in.
async fn region_member(app: &TestApp) -> TestClient {
    let admin = app.client_as(Role::Admin).await;
    let org = admin
        .post_json(
            "/api/v1/organisations",
            &json!({"name": "Regione di Prova", "kind": "region", "level": "regional", "territory_code": "ITI4"}),
        )
        .await;
    assert_eq!(org.status, StatusCode::CREATED, "{}", org.text());
    let org_id = org.json()["organisation"]["id"].as_i64().unwrap();
    let u = admin
        .post_json(
            "/api/v1/users",
            &json!({"email": "region@test.example", "display_name": "Region Member", "role": "member",
                    "organisation_id": org_id, "password": "region-password-1"}),
        )
        .await;
    assert_eq!(u.status, StatusCode::CREATED, "{}", u.text());
    let c = app.client();
    let r = c
        .post_json(
            "/api/v1/session",
            &json!({"email": "region@test.example", "password": "region-password-1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    c
}

/// A citizen who belongs to no organisation, signed in.
async fn outsider(app: &TestApp) -> TestClient {
    let admin = app.client_as(Role::Admin).await;
    let u = admin
        .post_json(
            "/api/v1/users",
            &json!({"email": "citizen.free@test.example", "display_name": "Free Citizen", "role": "citizen",
                    "password": "citizen-password-1"}),
        )
        .await;
    assert_eq!(u.status, StatusCode::CREATED, "{}", u.text());
    let c = app.client();
    let r = c
        .post_json(
            "/api/v1/session",
            &json!({"email": "citizen.free@test.example", "password": "citizen-password-1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    c
}

fn practice(
    title: &str,
    summary: &str,
    level: &str,
    area: &str,
    sdgs: &[i32],
    tags: &[&str],
) -> Value {
    json!({
        "lang": "it", "title": title, "summary": summary,
        "problem": "Pochi enti riusano le soluzioni.", "solution": "Un catalogo condiviso.",
        "results": "", "lessons": "", "conditions": "",
        "country": "it", "territory_code": "ITI4", "level": level, "policy_area": area,
        "innovation_stage": "implement", "launch_year": 2021, "licence": "CC-BY-4.0",
        "tags": tags, "sdgs": sdgs, "links": ["https://example.org/pratica"],
        "contact": "ufficio.piano@example.org"
    })
}

async fn create(c: &TestClient, body: &Value) -> i64 {
    let r = c.post_json("/api/v1/practices", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["practice"]["id"].as_i64().unwrap()
}

async fn step(c: &TestClient, id: i64, action: &str) -> StatusCode {
    c.post_json(
        &format!("/api/v1/practices/{id}/transition"),
        &json!({"action": action, "comment": "Aggiungere i risultati misurati."}),
    )
    .await
    .status
}

async fn publish(member: &TestClient, admin: &TestClient, id: i64) {
    assert_eq!(step(member, id, "submit").await, StatusCode::OK);
    assert_eq!(step(admin, id, "publish").await, StatusCode::OK);
}

fn facet(f: &Value, k: &str, v: &str) -> i64 {
    f[k].as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == v)
        .map(|p| p[1].as_i64().unwrap())
        .unwrap_or(0)
}

both!(
    a_practice_goes_from_draft_to_published_and_only_then_is_public,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let region = region_member(&app).await;
        let anon = app.client();
        let id = create(
            &member,
            &practice(
                "Bilancio partecipativo digitale",
                "Un bilancio partecipativo online.",
                "national",
                "finance",
                &[16, 11],
                &["Bilancio", "partecipazione"],
            ),
        )
        .await;
        assert_eq!(app.audit_count("practice.create").await, 1);
        let path = format!("/api/v1/practices/{id}");
        // A draft: its organisation and administrators see it, nobody else.
        assert_eq!(
            member.get(&path).await.json()["practice"]["status"],
            "draft"
        );
        assert_eq!(admin.get(&path).await.status, StatusCode::OK);
        assert_eq!(anon.get(&path).await.status, StatusCode::NOT_FOUND);
        assert_eq!(region.get(&path).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            anon.get(&format!("/practices/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(anon.get("/api/v1/practices").await.json()["total"], 0);
        // Only the owner submits; only an administrator publishes.
        assert_eq!(step(&region, id, "submit").await, StatusCode::NOT_FOUND);
        assert_eq!(step(&member, id, "publish").await, StatusCode::FORBIDDEN);
        assert_eq!(step(&member, id, "submit").await, StatusCode::OK);
        assert_eq!(
            member
                .post_json(&format!("{path}/transition"), &json!({"action": "submit"}))
                .await
                .error_code(),
            "invalid_transition"
        );
        assert!(
            admin.get("/api/v1/practices/review-queue").await.json()["practices"][0]["id"] == id
        );
        assert_eq!(
            member.get("/api/v1/practices/review-queue").await.status,
            StatusCode::FORBIDDEN
        );
        // Sent back with a comment, which the owner reads; a comment is required.
        let no_comment = admin
            .post_json(&format!("{path}/transition"), &json!({"action": "return"}))
            .await;
        assert_eq!(no_comment.json()["errors"][0]["field"], "comment");
        assert_eq!(
            member.get(&path).await.json()["practice"]["status"],
            "submitted"
        );
        assert_eq!(step(&admin, id, "return").await, StatusCode::OK);
        let back = member.get(&path).await.json();
        assert_eq!(back["practice"]["status"], "draft");
        assert_eq!(
            back["practice"]["review_comment"],
            "Aggiungere i risultati misurati."
        );
        // The owner edits the draft; a member of another organisation cannot.
        let mut changed = practice(
            "Bilancio partecipativo digitale",
            "Un bilancio partecipativo online, con risultati.",
            "national",
            "finance",
            &[16, 11],
            &["Bilancio"],
        );
        changed["results"] = json!("Dodicimila proposte in due anni.");
        assert_eq!(
            region.put_json(&path, &changed).await.status,
            StatusCode::NOT_FOUND
        );
        let r = member.put_json(&path, &changed).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(
            r.json()["practice"]["results"],
            "Dodicimila proposte in due anni."
        );
        assert_eq!(r.json()["practice"]["tags"], json!(["bilancio"]));
        assert_eq!(r.json()["practice"]["sdgs"], json!([11, 16]));
        publish(&member, &admin, id).await;
        // Published: public, in the catalogue, no longer editable by the owner.
        let public = anon.get(&path).await.json();
        assert_eq!(public["practice"]["status"], "published");
        assert!(public["practice"]["review_comment"].is_null());
        assert_eq!(anon.get("/api/v1/practices").await.json()["total"], 1);
        assert_eq!(
            member.put_json(&path, &changed).await.status,
            StatusCode::FORBIDDEN
        );
        // Archived: out of the catalogue, its page stays; an administrator restores it.
        assert_eq!(step(&member, id, "archive").await, StatusCode::OK);
        assert_eq!(anon.get("/api/v1/practices").await.json()["total"], 0);
        assert_eq!(
            anon.get(&path).await.json()["practice"]["status"],
            "archived"
        );
        assert_eq!(step(&member, id, "restore").await, StatusCode::FORBIDDEN);
        assert_eq!(step(&admin, id, "restore").await, StatusCode::OK);
        assert_eq!(anon.get("/api/v1/practices").await.json()["total"], 1);
        for action in [
            "practice.submit",
            "practice.publish",
            "practice.return",
            "practice.archive",
            "practice.restore",
            "practice.update",
        ] {
            assert!(app.audit_count(action).await >= 1, "{action} audited");
        }
        // The owner's members heard about the review.
        let notes = member.get("/api/v1/me/notifications").await.json();
        assert!(notes.to_string().contains("practice_reviewed"), "{notes}");
    }
);

both!(
    bad_practice_input_is_refused_field_by_field_and_nothing_is_stored,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let citizen_without_org = app.client();
        let r = citizen_without_org
            .post_json(
                "/api/v1/practices",
                &practice("x", "y", "local", "digital", &[], &[]),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let mut bad = practice("", "", "galactic", "astrology", &[0, 18], &[]);
        bad["launch_year"] = json!(1800);
        bad["country"] = json!("Italia");
        bad["links"] = json!(["javascript:alert(1)"]);
        bad["innovation_stage"] = json!("dreaming");
        let r = member.post_json("/api/v1/practices", &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut fields: Vec<String> = r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "country",
                "innovation_stage",
                "launch_year",
                "level",
                "links",
                "policy_area",
                "sdgs",
                "summary",
                "title"
            ]
        );
        let r = member
            .post_raw("/api/v1/practices", "application/json", "{\"title\": ")
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.error_code(), "invalid_json");
        // Members write for their own organisation only.
        let mut other = practice("Altro", "Altro ente", "local", "digital", &[], &[]);
        other["owner_organisation_id"] = json!(app.org_id + 1000);
        assert_eq!(
            member.post_json("/api/v1/practices", &other).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(app.audit_count("practice.create").await, 0);
        let admin = app.client_as(Role::Admin).await;
        assert_eq!(
            admin.get("/api/v1/practices/review-queue").await.json()["practices"],
            json!([])
        );
        // An edit with bad input changes nothing.
        let id = create(
            &member,
            &practice(
                "Titolo buono",
                "Sintesi buona",
                "local",
                "digital",
                &[4],
                &["a"],
            ),
        )
        .await;
        let r = member
            .put_json(&format!("/api/v1/practices/{id}"), &bad)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let stored = member.get(&format!("/api/v1/practices/{id}")).await.json();
        assert_eq!(stored["practice"]["title"], "Titolo buono");
        assert_eq!(stored["practice"]["sdgs"], json!([4]));
        // Unknown facet values and SDG numbers in a search.
        for q in [
            "level=galactic",
            "sdg=18",
            "sdg=x",
            "stage=dreaming",
            "policy_area=astrology",
            "owner_kind=club",
            "page=0",
        ] {
            let r = member.get(&format!("/api/v1/practices?{q}")).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
            assert!(r.json()["errors"][0]["field"].is_string());
        }
        assert_eq!(
            member.get("/practices?sdg=99").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
);

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
        assert_eq!(all["total"], 5);
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
        assert_eq!(r["total"], 2, "{titles:?}");
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
        assert_eq!(r["total"], 1);
        assert_eq!(r["practices"][0]["id"], d);
        assert_eq!(
            r["practices"][0]["summary"],
            "Telemedicina [[digitale]] nelle aree interne"
        );
        // Relevance: the practice whose title and summary both match ranks first.
        let r = anon.get("/api/v1/practices?q=sportello").await.json();
        assert_eq!(r["practices"][0]["id"], a);
        // Newest first by default without words.
        let ids = |v: &Value| -> Vec<i64> {
            v["practices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_i64().unwrap())
                .collect()
        };
        assert_eq!(ids(&all), vec![e, d, c, b, a]);
        assert_eq!(
            ids(&anon.get("/api/v1/practices?sort=title").await.json()),
            vec![a, b, d, e, c]
        );
        // Ratings: a gets 5 and 1 (then 3), b 3, d 4.
        let citizen = outsider(&app).await;
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
            (ratings["mean"].as_f64(), ratings["count"].as_i64()),
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

both!(ratings_are_one_per_person_and_checked, |app| async move {
    let member = app.client_as(Role::Member).await;
    let admin = app.client_as(Role::Admin).await;
    let region = region_member(&app).await;
    let id = create(
        &member,
        &practice(
            "Pratica da valutare",
            "Sintesi",
            "national",
            "digital",
            &[],
            &[],
        ),
    )
    .await;
    let path = format!("/api/v1/practices/{id}/ratings");
    // Not yet published: cannot be rated (and others cannot see it).
    assert_eq!(
        region.post_json(&path, &json!({"stars": 4})).await.status,
        StatusCode::NOT_FOUND
    );
    publish(&member, &admin, id).await;
    for stars in [0, 6, -1] {
        let r = region.post_json(&path, &json!({"stars": stars})).await;
        assert_eq!(r.json()["errors"][0]["field"], "stars", "{stars}");
    }
    assert_eq!(
        member
            .post_json(&path, &json!({"stars": 5}))
            .await
            .error_code(),
        "own_practice"
    );
    assert_eq!(
        app.client()
            .post_json(&path, &json!({"stars": 5}))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.client().get(&path).await.json()["count"], 0);
    let first = region
        .post_json(&path, &json!({"stars": 2, "review": "Poco chiara."}))
        .await
        .json()["rating_id"]
        .clone();
    let second = region
        .post_json(&path, &json!({"stars": 4, "review": "Chiarita, grazie."}))
        .await
        .json()["rating_id"]
        .clone();
    assert_eq!(first, second, "the same rating, changed");
    let list = app.client().get(&path).await.json();
    assert_eq!(
        (list["count"].as_i64(), list["mean"].as_f64()),
        (Some(1), Some(4.0))
    );
    assert_eq!(list["ratings"][0]["review"], "Chiarita, grazie.");
    assert_eq!(list["ratings"][0]["author"], "Region Member");
    assert_eq!(
        (
            app.audit_count("rating.create").await,
            app.audit_count("rating.update").await
        ),
        (1, 1)
    );
    // The page: a form re-shown with the field's message, then the saved rating.
    let page = region
        .post_form(
            &format!("/practices/{id}/ratings"),
            &[("review", "Senza stelle")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().contains("field-stars-error") && page.text().contains("Senza stelle"));
    let page = region
        .post_form(
            &format!("/practices/{id}/ratings"),
            &[("stars", "5"), ("review", "Ottima")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let html = app.client().get(&format!("/practices/{id}")).await.text();
    assert!(
        html.contains("5.0 out of 5 (one rating)") && html.contains("Ottima"),
        "{html}"
    );
});

both!(
    planners_link_practices_to_the_actions_they_inform,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let planner = app.client_as(Role::Planner).await;
        let id = create(
            &member,
            &practice(
                "Pratica collegata",
                "Sintesi",
                "national",
                "digital",
                &[],
                &[],
            ),
        )
        .await;
        publish(&member, &admin, id).await;
        let plan = planner
            .post_json("/api/v1/plans", &json!({"title": "Piano di prova", "summary": "Piano", "period_start": "2026-01-01", "period_end": "2028-12-31"}))
            .await;
        assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.text());
        let plan_id = plan.json()["plan"]["id"].as_i64().unwrap();
        let mut parent: Option<i64> = None;
        let mut node_ids = Vec::new();
        for (kind, code) in [
            ("area", "A1"),
            ("strategic_objective", "A1.1"),
            ("operational_objective", "A1.1.1"),
            ("action", "A1.1.1.1"),
        ] {
            let r = planner
                .post_json(&format!("/api/v1/plans/{plan_id}/nodes"), &json!({"kind": kind, "code": code, "title": format!("Nodo {code}"), "parent_id": parent}))
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
            let nid = r.json()["node"]["id"].as_i64().unwrap();
            node_ids.push(nid);
            parent = Some(nid);
        }
        let action = node_ids[3];
        let links = format!("/api/v1/practices/{id}/links");
        assert_eq!(
            member
                .post_json(&links, &json!({"node_id": action}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            planner
                .post_json(&links, &json!({"node_id": node_ids[0]}))
                .await
                .json()["errors"][0]["field"],
            "node_id"
        );
        assert_eq!(
            planner
                .post_json(&links, &json!({"node_id": 999999}))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            planner
                .post_json(&links, &json!({"node_id": action}))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            planner
                .post_json(&links, &json!({"node_id": action}))
                .await
                .error_code(),
            "already_linked"
        );
        // A draft plan's nodes stay private.
        assert_eq!(app.client().get(&links).await.json()["informs"], json!([]));
        let r = planner
            .post_json(
                &format!("/api/v1/plans/{plan_id}/transition"),
                &json!({"status": "consultation"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let informs = app.client().get(&links).await.json();
        assert_eq!(informs["informs"][0]["code"], "A1.1.1.1");
        assert_eq!(informs["informs"][0]["plan_id"], plan_id);
        let html = planner.get(&format!("/practices/{id}")).await.text();
        assert!(html.contains("Nodo A1.1.1.1") && html.contains("Remove link"));
        let r = planner
            .post_form(&format!("/practices/{id}/links/{action}/delete"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(app.client().get(&links).await.json()["informs"], json!([]));
        assert_eq!(
            (
                app.audit_count("practice.link").await,
                app.audit_count("practice.unlink").await
            ),
            (1, 1)
        );
    }
);

both!(
    texts_in_several_languages_fall_back_to_the_original,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let id = create(
            &member,
            &practice(
                "Sportello unico",
                "Un solo sportello per le imprese.",
                "national",
                "digital",
                &[],
                &[],
            ),
        )
        .await;
        publish(&member, &admin, id).await;
        let texts = format!("/api/v1/practices/{id}/texts");
        let bad = member
            .post_json(&texts, &json!({"lang": "de", "title": ""}))
            .await;
        let mut fields: Vec<String> = bad.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        fields.sort();
        assert_eq!(fields, ["lang", "problem", "solution", "summary", "title"]);
        let r = member
            .post_json(&texts, &json!({"lang": "en", "title": "One-stop shop", "summary": "One desk for businesses.", "problem": "Many offices.", "solution": "One desk."}))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let anon = app.client();
        let en = anon
            .get(&format!("/api/v1/practices/{id}?lang=en"))
            .await
            .json();
        assert_eq!(
            (
                en["practice"]["title"].as_str(),
                en["practice"]["fallback"].as_bool()
            ),
            (Some("One-stop shop"), Some(false))
        );
        let es = anon
            .get(&format!("/api/v1/practices/{id}?lang=es"))
            .await
            .json();
        assert_eq!(
            (
                es["practice"]["title"].as_str(),
                es["practice"]["lang"].as_str(),
                es["practice"]["fallback"].as_bool()
            ),
            (Some("Sportello unico"), Some("it"), Some(true))
        );
        assert_eq!(es["practice"]["languages"], json!(["en", "it"]));
        // Searching finds it in either language.
        assert_eq!(
            anon.get("/api/v1/practices?q=desk").await.json()["total"],
            1
        );
        assert_eq!(
            anon.get("/api/v1/practices?q=sportello").await.json()["total"],
            1
        );
        // The page in Spanish says the text is shown in its original language.
        anon.get("/lang/es?next=/").await;
        let html = anon.get(&format!("/practices/{id}")).await.text();
        assert!(html.contains("lang=\"it\"") && html.contains("Sportello unico"));
        // Someone outside the organisation cannot add texts.
        let planner_other = app.client();
        assert_eq!(
            planner_other
                .post_json(&texts, &json!({"lang": "lv"}))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both!(
    the_practice_form_creates_and_reshows_with_messages,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let form = member.get("/practices/new").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.text().contains("name=\"sdgs\""));
        let bad = member
            .post_form(
                "/practices/new",
                &[
                    ("lang", "it"),
                    ("title", "Pratica dal modulo"),
                    ("launch_year", "duemila"),
                    ("sdgs", "3"),
                    ("sdgs", "4"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text();
        for f in [
            "summary",
            "problem",
            "solution",
            "country",
            "level",
            "policy_area",
            "launch_year",
        ] {
            assert!(html.contains(&format!("field-{f}-error")), "{f} message");
        }
        assert!(
            html.contains("value=\"Pratica dal modulo\""),
            "the title is kept"
        );
        assert!(html.contains("value=\"4\" checked"), "the SDGs are kept");
        assert_eq!(
            member.get("/api/v1/practices/review-queue").await.status,
            StatusCode::FORBIDDEN
        );
        let ok = member
            .post_form(
                "/practices/new",
                &[
                    ("lang", "it"),
                    ("title", "Pratica dal modulo"),
                    ("summary", "Sintesi"),
                    ("problem", "Problema"),
                    ("solution", "Soluzione"),
                    ("country", "IT"),
                    ("level", "local"),
                    ("policy_area", "social"),
                    ("launch_year", "2023"),
                    ("tags", "Uno, due"),
                    ("sdgs", "1"),
                    ("sdgs", "10"),
                    ("links", "https://example.org/a\nhttps://example.org/b"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
        let loc = ok.location();
        assert!(loc.ends_with("?done=created"), "{loc}");
        let id: i64 = loc
            .trim_start_matches("/practices/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let p = member.get(&format!("/api/v1/practices/{id}")).await.json()["practice"].clone();
        assert_eq!(
            (
                p["sdgs"].clone(),
                p["tags"].clone(),
                p["links"].as_array().unwrap().len()
            ),
            (json!([1, 10]), json!(["due", "uno"]), 2)
        );
        // Submit from the page; the manage page lists it.
        let r = member
            .post_form(
                &format!("/practices/{id}/transition"),
                &[("action", "submit")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            member
                .get("/practices/manage")
                .await
                .text()
                .contains("Pratica dal modulo")
        );
        // The administrator's return needs a comment: the page shows the field's message.
        let admin = app.client_as(Role::Admin).await;
        let r = admin
            .post_form(
                &format!("/practices/{id}/transition"),
                &[("action", "return")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("field-comment-error"));
        assert!(
            admin
                .get("/practices/manage")
                .await
                .text()
                .contains("Pratica dal modulo")
        );
    }
);

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
        assert_eq!(anon.get(api).await.json()["total"], 0);
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
            assert_eq!(found["total"], 1);
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
        app.db
            .run(move |c| {
                use diesel::RunQueryDsl;
                diesel::sql_query(format!(
                    "UPDATE practice_texts SET title = 'Sportello rinominato altrove' WHERE practice_id = {id}"
                ))
                .execute(c)?;
                diesel::sql_query(format!(
                    "INSERT INTO audit_events (actor_id, action, entity, entity_id, changes, created_at) \
                     VALUES (NULL, 'practice.update', 'practice', {id}, '{{}}', CURRENT_TIMESTAMP)"
                ))
                .execute(c)?;
                Ok(())
            })
            .await
            .unwrap();
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
        let ids = |v: &Value| -> Vec<i64> {
            v["practices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_i64().unwrap())
                .collect()
        };
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
        assert_eq!((ids(&r), r["total"].as_i64()), (vec![a], Some(1)));
        assert_eq!(facet(&r["facets"], "policy_area", "social"), 1);
        assert_eq!(
            anon.get("/api/v1/practices?q=citta%20inesistente")
                .await
                .json()["total"],
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
            anon.get("/api/v1/practices?q=aperto").await.json()["total"],
            0
        );
        // A rating changes the practice's figures, not its words.
        let citizen = outsider(&app).await;
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

both!(
    the_kept_catalogue_follows_each_change_as_a_fresh_server_reads_it,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let region = region_member(&app).await;
        let citizen = outsider(&app).await;
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
        assert_eq!(before[0]["total"], 3);

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
        assert_eq!(after[7]["total"], 1, "now in health");
        assert_eq!(after[4]["total"], 0, "no longer SDG 11");

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
        assert_eq!(published[3]["total"], 2, "two practices tagged dati");
        assert_eq!(step(&member, ids[1], "archive").await, StatusCode::OK);
        let archived = same("an archive").await;
        assert_eq!(archived[0]["total"], 3);

        // An organisation's kind is every one of its practices' facet.
        let r = admin
            .patch_json(
                &format!("/api/v1/organisations/{}", app.org_id),
                &json!({"name": "Ministero di Prova", "kind": "agency", "level": "national"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let renamed = same("an organisation's kind").await;
        assert_eq!(renamed[5]["total"], 0, "no ministry's practices any more");
    }
);
