//! The practice form creates a practice and re-shows bad input with its
//! messages; the review is done from the pages too.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use serde_json::json;

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
