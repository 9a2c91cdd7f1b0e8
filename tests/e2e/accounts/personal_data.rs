//! People's own data: downloading it, and deleting the account (personal
//! data go, what they wrote stays).

use axum::http::{Method, StatusCode};
use pspm_backend::domain::Role;
use pspm_tests::{PASSWORD, both};
use serde_json::json;

both!(
    the_export_holds_everything_linked_to_the_person,
    |app| async move {
        let s = pspm_tests::consultations::with_contributions(&app).await;
        let member = app.client_as(Role::Member).await;
        let planner = app.client_as(Role::Planner).await;
        let r = pspm_tests::consultations::priorities(
            &member,
            s.consultation,
            json!({"points": [{"node_id": s.actions[0], "points": 30}]}),
        )
        .await;
        assert!(r.status.is_success(), "{}", r.text());
        let proposal = pspm_tests::consultations::my_contribution(&member, "proposal").await;
        let r = member
            .patch_json(
                &format!("/api/v1/contributions/{proposal}"),
                &json!({"title": "Una proposta migliore", "body": "Testo nuovo"}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.text());

        let doc = member.get("/api/v1/me/export").await.json();
        let texts: Vec<&str> = doc["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["body"].as_str().unwrap())
            .collect();
        // Newest first.
        assert_eq!(texts, ["Testo nuovo", "Una risposta", "Un commento"]);
        assert_eq!(doc["contributions"][0]["earlier_texts"][0]["body"], "Testo");
        assert_eq!(doc["priority_points"][0]["points"], 30);
        assert_eq!(doc["reports"][0]["reason"], "Prova");
        assert_eq!(doc["notifications"][0]["kind"], "response");
        assert!(!doc["emails"].as_array().unwrap().is_empty());
        let sessions = doc["sessions"].as_array().unwrap();
        assert!(!sessions.is_empty() && sessions[0].get("token_hash").is_none());
        assert!(doc["readme"].as_str().unwrap().contains("priority_points"));
        // The planner's export holds their support and official response.
        let doc = planner.get("/api/v1/me/export").await.json();
        assert_eq!(doc["supports"][0]["contribution_id"], proposal);
        assert_eq!(doc["official_responses"][0]["body"], "Già previsto");
        // Nothing of anyone else's.
        assert_eq!(doc["contributions"], json!([]));
        assert_eq!(doc["reports"], json!([]));
    }
);

both!(users_download_their_own_data, |app| async move {
    let client = app.client_as(Role::Member).await;
    let r = client.get("/api/v1/me/export").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert_eq!(doc["user"]["email"], "member@test.example");
    assert_eq!(doc["organisation"]["name"], "Ministero di Prova");
    assert!(
        doc["activity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "session.create")
    );
    let page = client.get("/account/export").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    assert_eq!(page.json()["user"]["email"], "member@test.example");
    assert_eq!(
        app.client().get("/api/v1/me/export").await.status,
        StatusCode::UNAUTHORIZED
    );
    let anon_page = app.client().get("/account/export").await;
    assert_eq!(anon_page.status, StatusCode::SEE_OTHER);
    assert!(anon_page.location().starts_with("/sign-in?next="));
});

both!(
    deleting_an_account_removes_personal_data_but_keeps_content,
    |app| async move {
        let (member_id, _) = app.users["member"].clone();
        let client = app.client_as(Role::Member).await;
        // Without the confirmation box the form is re-shown with its message.
        let r = client.post_form("/account/delete", &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Tick the box"));
        assert_eq!(
            client.get("/api/v1/me").await.status,
            StatusCode::OK,
            "still there"
        );
        let r = client
            .post_form(
                "/account/delete",
                &[("confirm", "yes"), ("current_password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            client.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        let again = app.client().sign_in("member@test.example", PASSWORD).await;
        assert_eq!(again.status, StatusCode::UNAUTHORIZED);
        // Their past actions stay attributed to the (now anonymous) account.
        let admin = app.client_as(Role::Admin).await;
        let user = admin
            .get(&format!("/api/v1/users/{member_id}"))
            .await
            .json();
        assert_eq!(user["user"]["deleted"], true);
        assert_eq!(user["user"]["email"], "");
        assert_eq!(user["user"]["display_name"], "");
        let list = admin.get("/admin/users").await.text();
        assert!(list.contains("Former participant"));
        assert!(!list.contains("Test member"));
        let audit = admin
            .get("/api/v1/audit?entity=user&per_page=100")
            .await
            .json();
        let events = audit["audit_events"].as_array().unwrap();
        assert!(
            events
                .iter()
                .any(|e| e["action"] == "user.delete" && e["actor_id"] == member_id)
        );
        assert!(
            events
                .iter()
                .any(|e| e["action"] == "session.create" && e["actor_id"] == member_id)
        );
        // The API route works the same way.
        let planner = app.client_as(Role::Planner).await;
        assert_eq!(
            planner
                .json(
                    Method::DELETE,
                    "/api/v1/me",
                    &json!({"current_password": PASSWORD})
                )
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            planner.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both!(
    deleting_an_account_erases_what_points_to_the_person,
    |app| async move {
        use pspm_tests::practices::{create, practice, publish, region_member};
        let (member_id, member_email) = app.users["member"].clone();
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        // A practice whose contact names the member; publishing it notifies
        // them (a notification and its e-mail).
        let mut body = practice("Sportello", "Uno sportello.", "local", "digital", &[9], &[]);
        body["contact"] = json!("Test Member, MEMBER@test.example");
        let named = create(&member, &body).await;
        body["title"] = json!("Altro sportello");
        body["contact"] = json!("urp@comune.example");
        let office = create(&member, &body).await;
        publish(&member, &admin, named).await;
        publish(&member, &admin, office).await;
        // Someone of another organisation reviews it, then deletes their account.
        let region = region_member(&app).await;
        let r = region
            .post_json(
                &format!("/api/v1/practices/{named}/ratings"),
                &json!({"stars": 4, "review": "Lo usiamo anche a Prato."}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.text());
        // A failed sign-in is recorded against the member's account.
        let failed = app
            .client()
            .sign_in(&member_email, "not-the-password")
            .await;
        assert_eq!(failed.status, StatusCode::UNAUTHORIZED);
        let mine =
            |table: &str| format!("SELECT COUNT(*) AS n FROM {table} WHERE user_id = {member_id}");
        assert!(app.count(mine("notifications")).await > 0);
        assert!(app.count(mine("outbox")).await > 0);
        let subject = {
            let email = member_email.clone();
            app.db
                .run(move |c| {
                    use pspm_backend::services::accounts::auth;
                    Ok::<_, pspm_backend::error::AppError>(auth::account_subject(
                        &auth::subject_key(c)?,
                        &email,
                    ))
                })
                .await
                .unwrap()
        };
        let attempts =
            format!("SELECT COUNT(*) AS n FROM sign_in_attempts WHERE subject_hash = '{subject}'");
        assert!(app.count(&attempts).await > 0);

        let r = member
            .post_form(
                "/account/delete",
                &[("confirm", "yes"), ("current_password", PASSWORD)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(app.count(mine("notifications")).await, 0);
        assert_eq!(app.count(mine("outbox")).await, 0);
        let p = admin
            .get(&format!("/api/v1/practices/{named}"))
            .await
            .json();
        assert!(
            p["practice"]["contact"].is_null(),
            "{}",
            p["practice"]["contact"]
        );
        let p = admin
            .get(&format!("/api/v1/practices/{office}"))
            .await
            .json();
        assert_eq!(
            p["practice"]["contact"], "urp@comune.example",
            "an office's address stays"
        );
        let user = admin
            .get(&format!("/api/v1/users/{member_id}"))
            .await
            .json();
        assert!(
            user["user"]["organisation_id"].is_null(),
            "{}",
            user["user"]
        );
        assert_eq!(user["user"]["role"], "citizen");
        assert_eq!(
            app.count(&attempts).await,
            0,
            "the account's sign-in attempts"
        );

        let r = region
            .json(
                Method::DELETE,
                "/api/v1/me",
                &json!({"current_password": "region-password-1"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        let ratings = app
            .client()
            .get(&format!("/api/v1/practices/{named}/ratings"))
            .await
            .json();
        assert_eq!(ratings["meta"]["total"], 1, "the stars still count");
        let page = app
            .client()
            .get(&format!("/practices/{named}"))
            .await
            .text();
        assert!(
            !page.contains("Lo usiamo anche a Prato"),
            "the review text is gone"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM practice_ratings WHERE review <> ''")
                .await,
            0
        );
    }
);

both!(
    adoptions_are_exported_and_a_wrong_password_keeps_the_account,
    |app| async move {
        use pspm_tests::practices::{create, practice, publish, region_member};
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let id = create(
            &member,
            &practice("Sportello", "Uno sportello.", "local", "digital", &[9], &[]),
        )
        .await;
        publish(&member, &admin, id).await;
        // The region declares an adoption; the owner's member confirms it.
        let region = region_member(&app).await;
        let r = region
            .post_json(
                &format!("/api/v1/practices/{id}/adoptions"),
                &json!({"adopted_on": "2026-03-01", "context": "Con i comuni", "outcome": "Tre servizi"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let adoption = r.json()["adoption_id"].as_i64().unwrap();
        let r = member
            .post_json(
                &format!("/api/v1/adoptions/{adoption}/decision"),
                &json!({"decision": "confirm"}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.text());
        // Each export holds it: the one who declared it, the one who decided.
        for (who, client) in [("declared", &region), ("decided", &member)] {
            let doc = client.get("/api/v1/me/export").await.json();
            let rows = doc["adoptions"].as_array().unwrap();
            assert_eq!(rows.len(), 1, "{who}: {rows:?}");
            assert_eq!(rows[0]["practice_id"], id, "{who}");
            assert_eq!(rows[0]["context"], "Con i comuni", "{who}");
        }
        // Deleting the account from the page with a wrong password: the
        // message next to the field, and the account stays.
        let r = region
            .post_form(
                "/account/delete",
                &[("confirm", "yes"), ("current_password", "not-my-password")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        let page = r.text();
        assert!(page.contains("field-current_password-error"), "{page}");
        assert!(page.contains("The password is not right."));
        assert_eq!(region.get("/api/v1/me").await.status, StatusCode::OK);
    }
);
