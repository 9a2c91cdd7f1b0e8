//! What readers of the catalogue are told: page numbers, archived practices,
//! adoptions declared and decided, reviews of deleted accounts.

use axum::http::{Method, StatusCode};
use pspm_backend::domain::Role;
use pspm_tests::practices::{create, practice, publish, region_member, step};
use pspm_tests::{TestClient, both};
use serde_json::json;

async fn published(owner: &TestClient, admin: &TestClient, title: &str) -> i64 {
    let id = create(
        owner,
        &practice(
            title,
            "Sintesi della pratica.",
            "regional",
            "digital",
            &[9],
            &["riuso"],
        ),
    )
    .await;
    publish(owner, admin, id).await;
    id
}

both!(catalogue_page_numbers_are_forgiving, |app| async move {
    let admin = app.client_as(Role::Admin).await;
    let owner = region_member(&app).await;
    for i in 0..21 {
        published(&owner, &admin, &format!("Pratica numero {i:02}")).await;
    }
    let reader = app.client();
    let first = reader.get("/practices?sort=title").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        first.text().contains("Page 1 of 2 (21 in all)"),
        "{}",
        first.text()
    );
    // Not a number: the first page, not an error page.
    let typed = reader.get("/practices?sort=title&page=abc").await;
    assert_eq!(typed.status, StatusCode::OK, "{}", typed.text());
    assert!(typed.text().contains("Page 1 of 2 (21 in all)"));
    assert!(typed.text().contains("Pratica numero 00"));
    // Past the end: the last page, with its practice.
    let past = reader.get("/practices?sort=title&page=99").await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(
        past.text().contains("Page 2 of 2 (21 in all)"),
        "{}",
        past.text()
    );
    assert!(past.text().contains("Pratica numero 20"));
    // The API keeps answering bad numbers in its one error shape.
    let api = reader.get("/api/v1/practices?page=abc").await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.error_code(), "invalid_query");
});

both!(archived_practices_say_what_they_are, |app| async move {
    let admin = app.client_as(Role::Admin).await;
    let owner = region_member(&app).await;
    let id = published(&owner, &admin, "Sportello unico archiviato").await;
    assert_eq!(step(&owner, id, "archive").await, StatusCode::OK);
    // Archived pages stay public, and say so rather than claiming to be private.
    let page = app.client().get(&format!("/practices/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(
        text.contains("it is no longer in the catalogue, but its page stays available"),
        "{text}"
    );
    assert!(!text.contains("Only its organisation and administrators can see it"));
    // Not in the catalogue's search.
    let search = app
        .client()
        .get("/api/v1/practices?q=archiviato")
        .await
        .json();
    assert_eq!(search["meta"]["total"], 0, "{search}");
    // An administrator of another organisation finds it to restore it.
    let manage = admin.get("/practices/manage").await.text();
    assert!(manage.contains("Archived practices"));
    assert!(
        manage.contains(&format!("href=\"/practices/{id}\"")),
        "{manage}"
    );
});

both!(adoptions_are_notified_both_ways, |app| async move {
    let admin = app.client_as(Role::Admin).await;
    let owner = region_member(&app).await;
    let id = published(&owner, &admin, "Pratica da adottare").await;
    let adopter = app.client_as(Role::Member).await;
    let page = adopter.get(&format!("/practices/{id}")).await.text();
    let form = format!("action=\"/practices/{id}/adoptions\"");
    assert!(page.contains(&form), "{page}");
    let declared = adopter
        .post_json(
            &format!("/api/v1/practices/{id}/adoptions"),
            &json!({"adopted_on": "2026-03-01", "context": "Con i comuni", "outcome": "Servizi riprogettati"}),
        )
        .await;
    assert_eq!(declared.status, StatusCode::CREATED, "{}", declared.text());
    let adoption = declared.json()["adoption_id"].as_i64().unwrap();
    // The declarer sees where it stands instead of an empty form.
    let page = adopter.get(&format!("/practices/{id}")).await.text();
    assert!(!page.contains(&form));
    assert!(page.contains("Your adoption was declared. It counts once the owner confirms it."));
    // The owner is told, and finds the way to decide from the practice page.
    let told = owner.get("/notifications").await.text();
    assert!(told.contains("href=\"/adoptions\""), "{told}");
    assert!(told.contains("An organisation declared it adopted a practice of yours"));
    let own_page = owner.get(&format!("/practices/{id}")).await.text();
    assert!(own_page.contains("Adoptions awaiting your decision"));
    assert!(
        owner
            .get("/adoptions")
            .await
            .text()
            .contains("Con i comuni")
    );
    let decided = owner
        .post_json(
            &format!("/api/v1/adoptions/{adoption}/decision"),
            &json!({"decision": "confirm"}),
        )
        .await;
    assert_eq!(decided.status, StatusCode::NO_CONTENT, "{}", decided.text());
    // The declarer is told of the decision, linked to the practice.
    let told = adopter.get("/notifications").await.text();
    assert!(
        told.contains("The owner decided on your organisation"),
        "{told}"
    );
    assert!(told.contains(&format!("href=\"/practices/{id}\"")));
    let page = adopter.get(&format!("/practices/{id}")).await.text();
    assert!(!page.contains(&form));
    assert!(!page.contains("It counts once the owner confirms it."));
});

both!(reviews_of_deleted_accounts_read_plainly, |app| async move {
    let admin = app.client_as(Role::Admin).await;
    let owner = region_member(&app).await;
    let id = published(&owner, &admin, "Pratica recensita").await;
    let reviewer = app
        .new_user(
            &admin,
            json!({"email": "reviewer@test.example", "display_name": "Reviewer", "role": "citizen",
                   "password": "reviewer-password-1"}),
        )
        .await;
    let rated = reviewer
        .post_json(
            &format!("/api/v1/practices/{id}/ratings"),
            &json!({"stars": 4, "review": "Utile e chiara."}),
        )
        .await;
    assert!(rated.status.is_success(), "{}", rated.text());
    let gone = reviewer
        .json(
            Method::DELETE,
            "/api/v1/me",
            &json!({"current_password": "reviewer-password-1"}),
        )
        .await;
    assert!(gone.status.is_success(), "{}", gone.text());
    let page = app.client().get(&format!("/practices/{id}")).await.text();
    // The stars stay, by a deleted account; the text went with the person.
    assert!(!page.contains("Utile e chiara."));
    assert!(page.contains("Deleted account"), "{page}");
    assert!(!page.contains('⟦'));
    // In Latvian the owner is the practice's owner, not a plan's.
    let lv = app.client();
    lv.get("/lang/lv").await;
    let page = lv.get(&format!("/practices/{id}")).await.text();
    assert!(page.contains("Īpašnieka organizācija"), "{page}");
    assert!(!page.contains("Plāna īpašnieka"));
});
