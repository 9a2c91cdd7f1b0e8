//! Texts of a practice in several languages, with the original shown
//! where a language is missing.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{create, practice, publish};
use serde_json::json;

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
        let mut fields = bad.error_fields();
        fields.sort();
        assert_eq!(fields, ["lang", "problem", "solution", "summary", "title"]);
        let r = member
            .post_json(&texts, &json!({"lang": "en", "title": "One-stop shop", "summary": "One desk for businesses.", "problem": "Many offices.", "solution": "One desk."}))
            .await;
        // Published: the translation waits for an administrator.
        assert_eq!(r.status, StatusCode::ACCEPTED);
        let r = admin
            .post_json(
                &format!("/api/v1/practices/{id}/text-changes/en"),
                &json!({"action": "publish"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
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
            anon.get("/api/v1/practices?q=desk").await.json()["meta"]["total"],
            1
        );
        assert_eq!(
            anon.get("/api/v1/practices?q=sportello").await.json()["meta"]["total"],
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
