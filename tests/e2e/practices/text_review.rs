//! A published practice's texts change only through review: its
//! organisation's change waits, unseen by readers and the search, until an
//! administrator publishes or rejects it from the practice page.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{create, ids, practice, publish};
use serde_json::json;

both!(
    changes_to_a_published_practice_wait_for_review,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let id = create(
            &member,
            &practice(
                "Sportello unico",
                "Uno sportello.",
                "local",
                "digital",
                &[9],
                &[],
            ),
        )
        .await;
        // While a draft, the organisation writes its texts straight in.
        let texts = |title: &str, lang: &str| {
            json!({"lang": lang, "title": title, "summary": "Sintesi nuova.",
                   "problem": "Problema.", "solution": "Soluzione."})
        };
        let path = format!("/api/v1/practices/{id}/texts");
        let r = member
            .post_json(&path, &texts("Sportello bozza", "it"))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        publish(&member, &admin, id).await;

        // Published: the original language's change waits.
        let r = member
            .post_json(&path, &texts("Sportello zanzibar", "it"))
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text());
        assert_eq!(r.json()["status"], "pending_review");
        let anon = app.client();
        let page = anon.get(&format!("/practices/{id}")).await.text();
        assert!(page.contains("Sportello bozza") && !page.contains("zanzibar"));
        assert!(
            !page.contains("text-changes"),
            "readers do not see the change"
        );
        let found = anon.get("/api/v1/practices?q=zanzibar").await.json();
        assert_eq!(found["meta"]["total"], 0, "nor does the search");
        assert_eq!(app.audit_count("practice.text_proposed").await, 1);

        // Through the page too: the form says beforehand that it will wait,
        // and the member is told it waits.
        let form = member
            .get(&format!("/practices/{id}/texts?lang=en"))
            .await
            .text();
        assert!(
            form.contains("what you send here waits for an administrator"),
            "{form}"
        );
        let own = admin
            .get(&format!("/practices/{id}/texts?lang=en"))
            .await
            .text();
        assert!(
            !own.contains("waits for an administrator"),
            "not for administrators"
        );
        let r = member
            .post_form(
                &format!("/practices/{id}/texts"),
                &[
                    ("lang", "en"),
                    ("title", "One-stop desk"),
                    ("summary", "A desk."),
                    ("problem", "Problem."),
                    ("solution", "Solution."),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.location(), format!("/practices/{id}?done=text-pending"));
        let page = member.get(&r.location()).await.text();
        assert!(page.contains("waits for an administrator"), "{page}");
        assert!(page.contains("Changes waiting for review"));
        assert!(
            !page.contains("Publish this change"),
            "the member cannot publish it"
        );
        let r = member
            .post_json(
                &format!("/api/v1/practices/{id}/text-changes/it"),
                &json!({"action": "publish"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // The administrator finds it from the management page and publishes
        // the Italian change from the practice page, and rejects the English one.
        let manage = admin.get("/practices/manage").await.text();
        assert!(manage.contains("Published practices with changes waiting for review"));
        assert!(manage.contains(&format!("/practices/{id}")));
        let page = admin.get(&format!("/practices/{id}")).await.text();
        assert!(page.contains("Sportello zanzibar") && page.contains("Publish this change"));
        let r = admin
            .post_form(
                &format!("/practices/{id}/text-changes/it"),
                &[("action", "publish")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let r = admin
            .post_json(
                &format!("/api/v1/practices/{id}/text-changes/en"),
                &json!({"action": "reject"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        let page = anon.get(&format!("/practices/{id}")).await.text();
        assert!(page.contains("Sportello zanzibar"), "published");
        let found = anon.get("/api/v1/practices?q=zanzibar").await.json();
        assert_eq!(ids(&found), [id], "and found");
        let en = anon
            .get(&format!("/api/v1/practices/{id}?lang=en"))
            .await
            .json();
        assert_ne!(en["practice"]["title"], "One-stop desk", "rejected");
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM practice_text_changes")
                .await,
            0
        );
        // Nothing left to decide.
        let r = admin
            .post_json(
                &format!("/api/v1/practices/{id}/text-changes/en"),
                &json!({"action": "publish"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // An administrator's own change is published at once.
        let r = admin
            .post_json(&path, &texts("Sportello comune", "it"))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
    }
);
