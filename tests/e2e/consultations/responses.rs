//! Official responses: the queue, accepting a proposal as a new action,
//! the author's contributions and notifications.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::consultations::{contribute, respond, setup};
use serde_json::json;

use super::outsider;

both!(
    responses_create_actions_and_reach_the_author,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let (citizen_org_member, _) = outsider(&app, "cittadina@test.example", "citizen").await;
        let proposal = contribute(&citizen_org_member, s.consultation, json!({"kind": "proposal", "title": "Sportello unico digitale", "body": "Un solo punto di accesso", "node_id": s.objective}))
        .await
        .json()["contribution"]["id"]
        .as_i64()
        .unwrap();
        let comment = contribute(
            &citizen_org_member,
            s.consultation,
            json!({"kind": "comment", "body": "Serve più chiarezza", "node_id": s.actions[0]}),
        )
        .await
        .json()["contribution"]["id"]
            .as_i64()
            .unwrap();
        // The queue: oldest first.
        let queue = planner.get("/api/v1/me/response-queue").await.json();
        let ids: Vec<_> = queue["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [proposal, comment]);
        assert_eq!(
            app.client_as(Role::Member)
                .await
                .get("/api/v1/me/response-queue")
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Accept and create the action in one step.
        let r = respond(
            &planner,
            comment,
            json!({"status": "rejected", "body": "x", "create_action_code": "AZ9"}),
        )
        .await;
        assert_eq!(
            r.error_codes(),
            ["not_a_proposal", "create_needs_acceptance"]
        );
        assert_eq!(
            respond(
                &app.client_as(Role::Member).await,
                proposal,
                json!({"status": "accepted", "body": "ok"})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        let r = respond(&planner, proposal, json!({"status": "accepted", "body": "La proposta diventa l'azione AZ3.", "create_action_code": "AZ3"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let node = r.json()["contribution"]["response_node_id"]
            .as_i64()
            .unwrap();
        let n = planner.get(&format!("/api/v1/nodes/{node}")).await.json()["node"].clone();
        assert_eq!(
            (
                n["code"].clone(),
                n["title"].clone(),
                n["kind"].clone(),
                n["parent_id"].clone()
            ),
            (
                json!("AZ3"),
                json!("Sportello unico digitale"),
                json!("action"),
                json!(s.objective)
            )
        );
        assert_eq!(n["origin_contribution_id"], proposal);
        let r = respond(&planner, comment, json!({"status": "already_planned", "body": "È già previsto nell'azione AZ1.", "node_id": s.actions[0]})).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            respond(&planner, comment, json!({"status": "maybe", "body": "x"}))
                .await
                .error_code(),
            "invalid_choice"
        );
        // My contributions: statuses, texts, links.
        let mine = citizen_org_member
            .get("/api/v1/me/contributions")
            .await
            .json()["contributions"]
            .clone();
        let by_id = |id: i64| {
            mine.as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == id)
                .unwrap()
                .clone()
        };
        assert_eq!(by_id(proposal)["response_status"], "accepted");
        assert_eq!(by_id(proposal)["response_node_id"], node);
        assert_eq!(
            by_id(comment)["response"],
            "È già previsto nell'azione AZ1."
        );
        // Notifications: one per response, then read.
        let n = citizen_org_member
            .get("/api/v1/me/notifications")
            .await
            .json();
        assert_eq!(n["unread"], 2);
        assert!(
            n["notifications"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["kind"] == "response")
        );
        assert_eq!(
            citizen_org_member
                .post_json("/api/v1/me/notifications/read", &json!({}))
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            citizen_org_member
                .get("/api/v1/me/notifications")
                .await
                .json()["unread"],
            0
        );
        assert!(
            planner.get("/api/v1/me/response-queue").await.json()["contributions"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert_eq!(app.audit_count("response.upsert").await, 2);
    }
);

/// `n` comments by `member`, then their proposal "Sportello unico" under
/// the objective; the proposal's id.
async fn comments_then_a_proposal(
    member: &pspm_tests::TestClient,
    s: &pspm_tests::consultations::Setup,
    n: usize,
) -> i64 {
    for i in 0..n {
        let r = contribute(
            member,
            s.consultation,
            json!({"kind": "comment", "body": format!("Commento {i}")}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    contribute(member, s.consultation, json!({"kind": "proposal", "title": "Sportello unico", "body": "Un solo accesso", "node_id": s.objective}))
        .await
        .json()["contribution"]["id"]
        .as_i64()
        .unwrap()
}

both!(
    an_action_leads_back_to_the_proposal_it_came_from,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let member = app.client_as(Role::Member).await;
        // 26 threads: the 26th is on the second page of the consultation.
        let proposal = comments_then_a_proposal(&member, &s, 25).await;
        let reply = contribute(
            &planner,
            s.consultation,
            json!({"kind": "comment", "body": "Ne teniamo conto", "parent_id": proposal}),
        )
        .await
        .json()["contribution"]["id"]
            .as_i64()
            .unwrap();
        let r = respond(
            &planner,
            proposal,
            json!({"status": "accepted", "body": "La accogliamo.", "create_action_code": "AZ9"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let action = r.json()["contribution"]["response_node_id"].clone();
        // The plan's tree names where the action came from…
        let tree = app
            .client()
            .get(&format!("/api/v1/plans/{}/nodes", s.plan))
            .await
            .json();
        let node = tree["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("a tree: {tree}"))
            .iter()
            .find(|n| n["id"] == action)
            .unwrap()
            .clone();
        assert_eq!(
            node["origin"],
            json!({"contribution_id": proposal, "consultation_id": s.consultation, "consultation_title": "Consultazione pubblica"})
        );
        // …and the page links to the proposal's stable address, which leads to
        // the page of the consultation that shows it.
        let page = app
            .client()
            .get(&format!("/nodes/{action}"))
            .await
            .location();
        let page = app.client().get(&page).await.text();
        assert!(
            page.contains(&format!("href=\"/contributions/{proposal}\"")),
            "{page}"
        );
        for id in [proposal, reply] {
            let r = app.client().get(&format!("/contributions/{id}")).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            assert_eq!(
                r.location(),
                format!("/consultations/{}?page=2#contribution-{id}", s.consultation)
            );
            let shown = app
                .client()
                .get(&format!("/consultations/{}?page=2", s.consultation))
                .await
                .text();
            assert!(shown.contains(&format!("id=\"contribution-{id}\"")));
        }
        assert_eq!(
            app.client().get("/contributions/999999").await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both!(
    the_queue_filters_pages_and_names_the_context,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let member = app.client_as(Role::Member).await;
        let proposal = comments_then_a_proposal(&member, &s, 26).await;
        let queue = |query: String| {
            let planner = &planner;
            async move {
                let r = planner
                    .get(&format!("/api/v1/me/response-queue?{query}"))
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text());
                let v = r.json();
                let ids: Vec<i64> = v["contributions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_i64().unwrap())
                    .collect();
                (ids, v["meta"]["total"].as_i64().unwrap())
            }
        };
        let (first, total) = queue(String::new()).await;
        assert_eq!((first.len(), total), (25, 27));
        let (second, _) = queue("page=2".into()).await;
        assert_eq!(second.len(), 2);
        assert_eq!(second.last(), Some(&proposal), "oldest first");
        assert_eq!(queue("kind=proposal".into()).await, (vec![proposal], 1));
        assert_eq!(
            queue(format!("node={}", s.objective)).await,
            (vec![proposal], 1)
        );
        assert_eq!(
            queue(format!(
                "plan={}&consultation={}&kind=proposal",
                s.plan, s.consultation
            ))
            .await,
            (vec![proposal], 1)
        );
        assert_eq!(queue("status=answered".into()).await, (vec![], 0));
        // Wrong filters are named, not ignored.
        let r = planner
            .get("/api/v1/me/response-queue?kind=poll&page=zero")
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.error_fields(), ["page", "kind"]);

        // The page: filters, the context of each contribution, the count.
        let page = planner.get("/responses?kind=proposal").await.text();
        assert!(page.contains("1 contribution<"), "{page}");
        assert!(
        page.contains(&format!(
            "<a href=\"/consultations/{}\">Consultazione pubblica</a> › <a href=\"/nodes/{}\">OO1 – Obiettivo operativo</a>",
            s.consultation, s.objective
        )),
        "{page}"
    );
        assert!(
            page.contains("<option value=\"proposal\" selected"),
            "{page}"
        );
        let page = planner.get("/responses?kind=poll").await.text();
        assert!(page.contains("Choose a valid value for Kind."), "{page}");
        // Answering from a filtered list comes back to the same list.
        let r = planner
            .post_form(
                &format!("/contributions/{proposal}/respond"),
                &[
                    ("form", &format!("respond-{proposal}")),
                    ("status", "accepted"),
                    ("body", "La accogliamo."),
                    ("back", "kind=proposal"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.location(), "/responses?kind=proposal&done=1");
        assert_eq!(queue("status=answered".into()).await, (vec![proposal], 1));
        assert_eq!(queue(String::new()).await.1, 26);
        let page = planner.get("/responses?status=answered").await.text();
        assert!(page.contains("Answered contributions"), "{page}");
        // "You said, we did" and one's own list say the same of each.
        let context = format!(
            "<a href=\"/consultations/{}\">Consultazione pubblica</a> › <a href=\"/nodes/{}\">OO1 – Obiettivo operativo</a>",
            s.consultation, s.objective
        );
        let list = app
            .client()
            .get(&format!(
                "/consultations/{}/you-said-we-did",
                s.consultation
            ))
            .await
            .text();
        assert!(list.contains(&context), "{list}");
        let mine = member.get("/my/contributions").await.text();
        assert!(mine.contains(&context), "{mine}");
    }
);
