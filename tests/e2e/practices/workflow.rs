//! The review workflow of a practice written on the platform (draft,
//! submitted, published, archived) and who sees it at each step, and bad
//! input refused field by field.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{create, practice, publish, region_member, step};
use serde_json::json;

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
        assert_eq!(
            anon.get("/api/v1/practices").await.json()["meta"]["total"],
            0
        );
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
        assert_eq!(
            anon.get("/api/v1/practices").await.json()["meta"]["total"],
            1
        );
        assert_eq!(
            member.put_json(&path, &changed).await.status,
            StatusCode::FORBIDDEN
        );
        // Archived: out of the catalogue, its page stays; an administrator restores it.
        assert_eq!(step(&member, id, "archive").await, StatusCode::OK);
        assert_eq!(
            anon.get("/api/v1/practices").await.json()["meta"]["total"],
            0
        );
        assert_eq!(
            anon.get(&path).await.json()["practice"]["status"],
            "archived"
        );
        assert_eq!(step(&member, id, "restore").await, StatusCode::FORBIDDEN);
        assert_eq!(step(&admin, id, "restore").await, StatusCode::OK);
        assert_eq!(
            anon.get("/api/v1/practices").await.json()["meta"]["total"],
            1
        );
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
        let mut fields = r.error_fields();
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
