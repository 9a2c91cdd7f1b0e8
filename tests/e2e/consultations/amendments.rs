//! Amendments: a participant proposes a new title and description for an
//! objective or action from the consultation page (the form starts from the
//! current text), the thread shows the change word by word, and a planner
//! accepts it: the node changes and says which amendment it came from.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{contribute, setup};
use serde_json::json;

both!(
    an_amendment_is_proposed_shown_and_accepted,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let member = app.client_as(Role::Member).await;
        let action = s.actions[0];
        let consultation = format!("/consultations/{}", s.consultation);

        // Choosing the action fills the form with its text.
        let page = member
            .get(&format!("{consultation}?amend={action}"))
            .await
            .text();
        assert!(
            page.contains(r#"id="amend-form""#),
            "the amendment form is shown"
        );
        assert!(
            page.contains(r#"value="Azione uno""#),
            "it starts from the current title"
        );

        // An empty description is refused next to its field, the text kept.
        let send = |title: &'static str, body: &'static str| {
            let member = &member;
            let path = format!("{consultation}/contributions");
            let node = action.to_string();
            async move {
                member
                    .post_form(
                        &path,
                        &[
                            ("form", "amendment"),
                            ("kind", "amendment"),
                            ("node_id", &node),
                            ("title", title),
                            ("body", body),
                        ],
                    )
                    .await
            }
        };
        let r = send("Azione uno rivista", "").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = r.text();
        assert!(
            text.contains("Enter the new description."),
            "the message is shown"
        );
        assert!(
            text.contains(r#"value="Azione uno rivista""#),
            "the title typed is kept"
        );

        let r = send("Azione uno rivista", "Bike sharing nei comuni").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let id: i64 = r
            .location()
            .rsplit("#contribution-")
            .next()
            .and_then(|n| n.parse().ok())
            .expect("back to the amendment");

        // The thread shows what changes: the added word, marked as added.
        let page = planner.get(&consultation).await.text();
        let item = &page[page.find(&format!(r#"id="contribution-{id}""#)).unwrap()..];
        assert!(item.contains("<ins>"), "added words are marked");
        assert!(item.contains("rivista"));
        assert!(
            item.contains("Accept the change"),
            "the planner may accept it"
        );
        // Not the member: nor by the API.
        let r = member
            .post_json(
                &format!("/api/v1/contributions/{id}/accept"),
                &json!({"body": "Sì"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Accepting without a response is refused in the box, which stays open.
        let r = planner
            .post_form(&format!("/contributions/{id}/accept"), &[("body", "")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = r.text();
        assert!(text.contains("Enter the official response."));
        assert!(text.contains(&format!(r#"id="accept-box-{id}" open"#)));
        let updates = app.audit_count("node.update").await;

        let r = planner
            .post_form(
                &format!("/contributions/{id}/accept"),
                &[("body", "Grazie, fatto")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let node = planner.get(&format!("/api/v1/nodes/{action}")).await.json()["node"].clone();
        assert_eq!(node["title"], "Azione uno rivista");
        assert_eq!(node["description"], "Bike sharing nei comuni");
        assert_eq!(node["amendment"]["contribution_id"], id);
        assert_eq!(app.audit_count("node.update").await, updates + 1);
        let answered = planner
            .get(&format!("/api/v1/contributions/{id}"))
            .await
            .json();
        assert_eq!(answered["contribution"]["response_status"], "accepted");
        assert_eq!(answered["contribution"]["amends"]["title"], "Azione uno");
        // The plan says where the new text came from.
        let plan = planner.get(&format!("/plans/{}", s.plan)).await.text();
        assert!(
            plan.contains(&format!("amendment #{id}")),
            "the node names its amendment"
        );

        // The same text again changes nothing, and says so; a comment is not
        // an amendment to accept.
        let r = contribute(
        &member,
        s.consultation,
        json!({"kind": "amendment", "node_id": action, "title": "Azione uno rivista", "body": "Bike sharing nei comuni"}),
    )
    .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.error_codes(), ["amendment_unchanged"]);
        let comment = contribute(
            &member,
            s.consultation,
            json!({"kind": "comment", "body": "Bene"}),
        )
        .await;
        let comment = comment.json()["contribution"]["id"].as_i64().unwrap();
        let r = planner
            .post_json(
                &format!("/api/v1/contributions/{comment}/accept"),
                &json!({"body": "Sì"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(r.error_code(), "not_an_amendment");

        // Accepted from the responses queue (an official response
        // "accepted"), an amendment makes its change too; answering it
        // again does not.
        let r = contribute(
            &member,
            s.consultation,
            json!({"kind": "amendment", "node_id": s.objective, "body": "Un obiettivo più chiaro"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let second = r.json()["contribution"]["id"].as_i64().unwrap();
        let updates = app.audit_count("node.update").await;
        for _ in 0..2 {
            let r = planner
                .put_json(
                    &format!("/api/v1/contributions/{second}/response"),
                    &json!({"status": "accepted", "body": "Accolto"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
        assert_eq!(app.audit_count("node.update").await, updates + 1);
        let node = planner
            .get(&format!("/api/v1/nodes/{}", s.objective))
            .await
            .json()["node"]
            .clone();
        assert_eq!(
            (node["title"].clone(), node["description"].clone()),
            (
                json!("Obiettivo operativo"),
                json!("Un obiettivo più chiaro")
            )
        );
    }
);
