//! Organisations through the administration forms and the API: creation,
//! editing, the parent hierarchy, validation messages, audited changes.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use serde_json::json;

both!(
    admin_creates_and_edits_an_organisation_through_the_forms,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        let r = admin
            .post_form(
                "/admin/organisations",
                &[
                    ("name", "Regione Lazio"),
                    ("kind", "region"),
                    ("level", "regional"),
                    ("territory_code", "ITI4"),
                    ("parent_id", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.location(), "/admin/organisations?saved=1");
        let list = admin.get("/admin/organisations?saved=1").await.text();
        assert!(list.contains("Your changes have been saved."));
        assert!(list.contains("Regione Lazio") && list.contains("ITI4"));
        let orgs = admin.get("/api/v1/organisations").await.json();
        let lazio = orgs["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "Regione Lazio")
            .unwrap()
            .clone();
        let lazio_id = lazio["id"].as_i64().unwrap();
        // A municipality under the region.
        let r = admin
            .post_form(
                "/admin/organisations",
                &[
                    ("name", "Comune di Roma"),
                    ("kind", "municipality"),
                    ("level", "local"),
                    ("territory_code", "058091"),
                    ("parent_id", &lazio_id.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let roma = admin.get("/api/v1/organisations?per_page=100").await.json()["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "Comune di Roma")
            .unwrap()
            .clone();
        assert_eq!(roma["parent_id"], lazio_id);
        // The edit form shows the stored values.
        let form = admin
            .get(&format!("/admin/organisations/{lazio_id}/edit"))
            .await
            .text();
        assert!(form.contains("value=\"Regione Lazio\""));
        // Placing the region under its own municipality is refused, nothing changes.
        let r = admin
            .post_form(
                &format!("/admin/organisations/{lazio_id}"),
                &[
                    ("name", "Regione Lazio"),
                    ("kind", "region"),
                    ("level", "regional"),
                    ("parent_id", &roma["id"].to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("cannot be placed under itself"));
        let after = admin
            .get(&format!("/api/v1/organisations/{lazio_id}"))
            .await
            .json();
        assert_eq!(after["organisation"]["parent_id"], serde_json::Value::Null);
        assert_eq!(after["organisation"]["territory_code"], "ITI4");
        // A real edit is saved and audited with what changed.
        let r = admin
            .post_form(
                &format!("/admin/organisations/{lazio_id}"),
                &[
                    ("name", "Regione Lazio"),
                    ("kind", "region"),
                    ("level", "regional"),
                    ("territory_code", "ITI43"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let audit = admin.get("/api/v1/audit?entity=organisation").await.json();
        let update = audit["audit_events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "organisation.update")
            .unwrap()
            .clone();
        assert_eq!(update["entity_id"], lazio_id);
        assert_eq!(update["actor_id"], app.users["admin"].0);
        assert_eq!(
            update["changes"],
            json!({"territory_code": {"from": "ITI4", "to": "ITI43"}})
        );
    }
);

both!(
    bad_organisation_input_is_reshown_with_messages_and_nothing_stored,
    |app| async move {
        let admin = app.client_as(Role::Admin).await;
        let long = "x".repeat(201);
        let r = admin
            .post_form(
                "/admin/organisations",
                &[
                    ("name", &long),
                    ("kind", "planet"),
                    ("level", ""),
                    ("territory_code", "IT-1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains("There is a problem"));
        assert!(html.contains("Name is too long."), "{html}");
        assert!(html.contains("Choose a valid value for Kind."));
        assert!(html.contains("Enter Level of government."));
        assert!(html.contains("may contain only letters and digits"));
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(
            html.contains(&format!("value=\"{long}\"")),
            "entered values are kept"
        );
        let dup = admin
            .post_form(
                "/admin/organisations",
                &[
                    ("name", "Ministero di Prova"),
                    ("kind", "ministry"),
                    ("level", "national"),
                ],
            )
            .await;
        assert_eq!(dup.status, StatusCode::CONFLICT);
        assert!(dup.text().contains("already exists"));
        let api = admin
            .post_json(
                "/api/v1/organisations",
                &json!({"name": "", "kind": "x", "level": "national", "parent_id": 999999}),
            )
            .await;
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            api.error_fields_and_codes(),
            vec![
                (json!("name"), json!("required")),
                (json!("kind"), json!("invalid_choice")),
                (json!("parent_id"), json!("parent_not_found"))
            ]
        );
        assert_eq!(
            admin.get("/api/v1/organisations").await.json()["meta"]["total"],
            1
        );
        assert_eq!(app.audit_count("organisation.create").await, 1);
    }
);
