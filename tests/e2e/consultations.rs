//! Consultations through the API: window and audience, contributions,
//! supports, priority points, rankings, responses (accept and create the
//! action), my contributions, moderation, notifications, permissions.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::{TestApp, TestClient, both};
use serde_json::{Value, json};

/// A plan in consultation and its open consultation.
pub struct Setup {
    /// Plan id.
    pub plan: i64,
    /// Consultation id.
    pub consultation: i64,
    /// The operational objective.
    pub objective: i64,
    /// The two actions.
    pub actions: Vec<i64>,
}

/// A plan in consultation with one operational objective and two actions, and an open consultation.
pub async fn setup(app: &TestApp, planner: &TestClient, extra: Value) -> Setup {
    let plan = planner
        .post_json("/api/v1/plans", &json!({"title": "Piano in consultazione", "period_start": "2025-01-01", "period_end": "2027-12-31"}))
        .await
        .json()["plan"]["id"]
        .as_i64()
        .unwrap();
    let add = |body: Value| async move {
        let r = planner
            .post_json(&format!("/api/v1/plans/{plan}/nodes"), &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        r.json()["node"]["id"].as_i64().unwrap()
    };
    let a = add(json!({"kind": "area", "code": "A1", "title": "Area"})).await;
    let so = add(
        json!({"kind": "strategic_objective", "code": "SO1", "title": "Obiettivo", "parent_id": a}),
    )
    .await;
    let oo = add(json!({"kind": "operational_objective", "code": "OO1", "title": "Obiettivo operativo", "parent_id": so})).await;
    let az1 =
        add(json!({"kind": "action", "code": "AZ1", "title": "Azione uno", "parent_id": oo})).await;
    let az2 =
        add(json!({"kind": "action", "code": "AZ2", "title": "Azione due", "parent_id": oo})).await;
    let r = planner
        .post_json(
            &format!("/api/v1/plans/{plan}/transition"),
            &json!({"status": "consultation"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut body = json!({"title": "Consultazione pubblica", "description": "Dite la vostra", "opens_at": "2025-01-01T00:00",
        "closes_at": "2099-12-31T23:59", "audience": "public", "supports_per_person": 2, "points_per_person": 100});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = planner
        .post_json(&format!("/api/v1/plans/{plan}/consultations"), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let _ = app;
    Setup {
        plan,
        consultation: r.json()["consultation"]["id"].as_i64().unwrap(),
        objective: oo,
        actions: vec![az1, az2],
    }
}

async fn contribute(client: &TestClient, consultation: i64, body: Value) -> TestResponse {
    client
        .post_json(
            &format!("/api/v1/consultations/{consultation}/contributions"),
            &body,
        )
        .await
}

use pspm_tests::TestResponse;

/// A user of a new organisation, signed in.
async fn outsider(app: &TestApp, email: &str, role: &str) -> (TestClient, i64) {
    let admin = app.client_as(Role::Admin).await;
    let org = admin
        .post_json(
            "/api/v1/organisations",
            &json!({"name": format!("Ente {email}"), "kind": "municipality", "level": "local"}),
        )
        .await
        .json()["organisation"]["id"]
        .as_i64()
        .unwrap();
    let r = admin
        .post_json("/api/v1/users", &json!({"email": email, "display_name": email, "role": role, "organisation_id": org, "password": "outsider-password"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let c = app.client();
    assert_eq!(
        c.post_json(
            "/api/v1/session",
            &json!({"email": email, "password": "outsider-password"})
        )
        .await
        .status,
        StatusCode::OK
    );
    (c, org)
}

both!(window_and_audience_rules, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    // Only plans in consultation can be consulted on.
    let draft = planner
        .post_json(
            "/api/v1/plans",
            &json!({"title": "Bozza", "period_start": "2025-01-01", "period_end": "2025-12-31"}),
        )
        .await
        .json()["plan"]["id"]
        .clone();
    let r = planner
        .post_json(&format!("/api/v1/plans/{draft}/consultations"), &json!({"title": "x", "opens_at": "2025-01-01", "closes_at": "2099-01-01", "audience": "public"}))
        .await;
    assert_eq!(r.error_code(), "plan_not_in_consultation");
    let (other, other_org) = outsider(&app, "fuori@test.example", "member").await;
    let s = setup(
        &app,
        &planner,
        json!({"audience": "invited", "invited": [app.org_id]}),
    )
    .await;
    let member = app.client_as(Role::Member).await;
    let comment = json!({"kind": "comment", "body": "Osservazione sul piano"});
    assert_eq!(
        contribute(&member, s.consultation, comment.clone())
            .await
            .status,
        StatusCode::CREATED
    );
    let r = contribute(&other, s.consultation, comment.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.error_code(), "not_invited");
    assert_eq!(
        contribute(&app.client(), s.consultation, comment.clone())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Before opening and after closing: refused with the reason.
    let future = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Futura", "opens_at": "2099-01-01T00:00", "closes_at": "2099-02-01T00:00", "audience": "public"}))
        .await
        .json()["consultation"]["id"]
        .clone();
    assert_eq!(
        contribute(&member, future.as_i64().unwrap(), comment.clone())
            .await
            .error_code(),
        "consultation_not_open"
    );
    let past = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Chiusa", "opens_at": "2020-01-01T00:00", "closes_at": "2020-02-01T00:00", "audience": "public"}))
        .await
        .json()["consultation"]["id"]
        .clone();
    assert_eq!(
        contribute(&other, past.as_i64().unwrap(), comment.clone())
            .await
            .error_code(),
        "consultation_closed"
    );
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/consultations/{future}"))
            .await
            .json()["consultation"]["state"],
        "upcoming"
    );
    // Invitations notify the members of invited organisations, not others.
    let n = member.get("/api/v1/me/notifications").await.json();
    assert!(
        n["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "consultation_opened")
    );
    assert_eq!(
        other.get("/api/v1/me/notifications").await.json()["unread"],
        0
    );
    let _ = other_org;
    // Bad consultation input.
    let r = planner
        .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "", "opens_at": "ieri", "closes_at": "2020-01-01", "audience": "invited"}))
        .await;
    let fields: Vec<_> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["title", "opens_at", "invited"]);
    assert_eq!(member.post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "x", "opens_at": "2025-01-01", "closes_at": "2099-01-01", "audience": "public"})).await.status, StatusCode::FORBIDDEN);
});

both!(supports_points_and_rankings, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&app, &planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let (other, _) = outsider(&app, "comune@test.example", "member").await;
    let citizen = app.client_as(Role::Citizen).await;
    let propose = |title: &str| json!({"kind": "proposal", "title": title, "body": "Descrizione", "node_id": s.objective});
    let mut proposals = Vec::new();
    for t in ["P1", "P2", "P3"] {
        let r = contribute(&member, s.consultation, propose(t)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        proposals.push(r.json()["contribution"]["id"].as_i64().unwrap());
    }
    // A proposal must go under an operational objective and have a title.
    let r = contribute(
        &member,
        s.consultation,
        json!({"kind": "proposal", "body": "x", "node_id": s.actions[0]}),
    )
    .await;
    let fields: Vec<_> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["required", "proposal_needs_objective"]);
    assert_eq!(
        support_as(&member, proposals[0]).await.error_code(),
        "cannot_support_own"
    );
    assert_eq!(
        support_as(&other, proposals[1]).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        support_as(&other, proposals[1]).await.error_code(),
        "already_supported"
    );
    assert_eq!(
        support_as(&other, proposals[2]).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        support_as(&other, proposals[0]).await.error_code(),
        "support_limit_reached"
    );
    assert_eq!(
        other
            .delete(&format!("/api/v1/contributions/{}/supports", proposals[2]))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        other
            .delete(&format!("/api/v1/contributions/{}/supports", proposals[2]))
            .await
            .error_code(),
        "not_supported"
    );
    assert_eq!(
        support_as(&other, proposals[0]).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        support_as(&citizen, proposals[1]).await.status,
        StatusCode::NO_CONTENT
    );
    let v = consultation_json(&app, s.consultation).await;
    assert_eq!(
        v["proposals_ranked"],
        json!([proposals[1], proposals[0], proposals[2]])
    );
    let p2 = v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == proposals[1])
        .unwrap()
        .clone();
    assert_eq!(p2["supports"], 2);
    assert_eq!(
        p2["supports_by_kind"],
        json!({"ministry": 1, "municipality": 1})
    );
    // Priority points: within the budget, on actions only, changeable.
    let over = priorities(&member, s.consultation, json!({"points": [{"node_id": s.actions[0], "points": 80}, {"node_id": s.actions[1], "points": 30}]})).await;
    assert_eq!(over.error_code(), "points_over_budget");
    let neg = priorities(
        &member,
        s.consultation,
        json!({"points": [{"node_id": s.actions[0], "points": -5}]}),
    )
    .await;
    assert_eq!(neg.json()["errors"][0]["field"], "points.0.points");
    let wrong = priorities(
        &member,
        s.consultation,
        json!({"points": [{"node_id": s.objective, "points": 5}]}),
    )
    .await;
    assert_eq!(wrong.json()["errors"][0]["code"], "node_not_found");
    assert_eq!(priorities(&member, s.consultation, json!({"points": [{"node_id": s.actions[0], "points": 70}, {"node_id": s.actions[1], "points": 30}]})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        priorities(
            &other,
            s.consultation,
            json!({"points": [{"node_id": s.actions[1], "points": 100}]})
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        priorities(
            &member,
            s.consultation,
            json!({"points": [{"node_id": s.actions[0], "points": 60}]})
        )
        .await
        .status,
        StatusCode::NO_CONTENT,
        "changeable until close"
    );
    let v = consultation_json(&app, s.consultation).await;
    let ranked: Vec<_> = v["actions_ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["code"].as_str().unwrap().to_owned(),
                a["points"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ranked, [("AZ2".to_owned(), 100), ("AZ1".to_owned(), 60)]);
    assert_eq!(
        v["actions_ranked"][0]["points_by_kind"],
        json!({"municipality": 100})
    );
    // One contribution alone reads the same as in its consultation.
    let one = app
        .client()
        .get(&format!("/api/v1/contributions/{}", proposals[1]))
        .await
        .json()["contribution"]
        .clone();
    assert_eq!(one, p2);
    // The plan page summarises each consultation from counts and sums: how many
    // contributions, the most supported proposals first, the points per action.
    let page = app.client().get(&format!("/plans/{}", s.plan)).await.text();
    assert!(page.contains("All contributions (3)"), "{page}");
    let at = |t: &str| page.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(at(">P2</a>") < at(">P1</a>") && at(">P1</a>") < at(">P3</a>"));
    assert!(page.contains("2 supports"), "{page}");
    assert!(at("AZ2 – Azione due") < at("AZ1 – Azione uno"));
    assert!(page.contains("100 points"));
    // Anonymous readers may get the page from a cache; a write shows at once.
    let r = contribute(
        &citizen,
        s.consultation,
        json!({"kind": "comment", "body": "Un commento", "node_id": s.actions[0]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let page = app.client().get(&format!("/plans/{}", s.plan)).await.text();
    assert!(page.contains("All contributions (4)"), "{page}");
});

// Many people writing at the same moment: every write is stored and answered
// with success, none fails with a locked database (SQLite takes its write lock
// at the start of each write transaction).
both!(concurrent_writes_all_succeed, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&app, &planner, json!({"supports_per_person": 5})).await;
    let mut writers = Vec::new();
    for i in 0..6 {
        let (client, _) = outsider(&app, &format!("writer{i}@test.example"), "member").await;
        writers.push(std::sync::Arc::new(client));
    }
    let objective = s.objective;
    let consultation = s.consultation;
    let mut tasks = Vec::new();
    for (i, w) in writers.iter().enumerate() {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 0..8 {
                let r = contribute(&w, consultation, json!({"kind": "proposal", "title": format!("W{i}-{n}"), "body": "Testo", "node_id": objective})).await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
                ids.push(r.json()["contribution"]["id"].as_i64().unwrap());
            }
            ids
        }));
    }
    let mut by_writer = Vec::new();
    for t in tasks {
        by_writer.push(t.await.expect("writer task"));
    }
    // Everyone supports the first proposals of the next writer, all at once.
    let mut tasks = Vec::new();
    for (i, w) in writers.iter().enumerate() {
        let w = w.clone();
        let targets: Vec<i64> = by_writer[(i + 1) % by_writer.len()][..5].to_vec();
        tasks.push(tokio::spawn(async move {
            for id in targets {
                let r = support_as(&w, id).await;
                assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
            }
        }));
    }
    for t in tasks {
        t.await.expect("supporter task");
    }
    let v = consultation_json(&app, consultation).await;
    assert_eq!(v["contribution_count"], 6 * 8);
    let v = app
        .client()
        .get(&format!(
            "/api/v1/consultations/{consultation}/contributions?per_page=100"
        ))
        .await
        .json();
    assert_eq!(v["contributions"].as_array().unwrap().len(), 6 * 8);
    let supported = v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["supports"] == 1)
        .count();
    assert_eq!(supported, 6 * 5);
    assert_eq!(app.audit_count("contribution.create").await, 6 * 8);
    assert_eq!(app.audit_count("support.create").await, 6 * 5);
    // Everyone allocates points at once, half of them naming the actions in the
    // opposite order, three times over: the running totals that rank the
    // actions stay exact, and PostgreSQL does not deadlock on them.
    let actions = s.actions.clone();
    let mut tasks = Vec::new();
    for (i, w) in writers.iter().enumerate() {
        let w = w.clone();
        let (a, b) = if i % 2 == 0 {
            (actions[0], actions[1])
        } else {
            (actions[1], actions[0])
        };
        tasks.push(tokio::spawn(async move {
            for round in 0..3 {
                let body = json!({"points": [
                    {"node_id": a, "points": 10 + i + round},
                    {"node_id": b, "points": 30}]});
                let r = priorities(&w, consultation, body).await;
                assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
            }
        }));
    }
    for t in tasks {
        t.await.expect("allocating task");
    }
    let expected = |node: i64| -> i64 {
        (0..writers.len() as i64)
            .map(|i| {
                let first = if i % 2 == 0 { actions[0] } else { actions[1] };
                if first == node { 10 + i + 2 } else { 30 }
            })
            .sum()
    };
    let v = consultation_json(&app, consultation).await;
    let points: Vec<(i64, i64)> = v["actions_ranked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["node_id"].as_i64().unwrap(),
                a["points"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            (actions[1], expected(actions[1])),
            (actions[0], expected(actions[0]))
        ]
    );
    assert_eq!(app.audit_count("priorities.set").await, 6 * 3);
    assert_eq!(running_totals_drift(&app).await, 0);
});

/// How many of the running totals the database keeps (support counts,
/// contribution counts, priority tallies) differ from a recount of the rows
/// they total: 0 when they are right.
pub async fn running_totals_drift(app: &TestApp) -> i64 {
    let sql = "SELECT \
        (SELECT COUNT(*) FROM contributions c WHERE c.support_count <> \
            (SELECT COUNT(*) FROM supports s WHERE s.contribution_id = c.id)) \
        + (SELECT COUNT(*) FROM consultations k WHERE k.contribution_count <> \
            (SELECT COUNT(*) FROM contributions c WHERE c.consultation_id = k.id)) \
        + (SELECT COUNT(*) FROM priority_tallies t WHERE t.points <> COALESCE( \
            (SELECT SUM(a.points) FROM priority_allocations a \
             WHERE a.consultation_id = t.consultation_id AND a.node_id = t.node_id \
               AND COALESCE(a.organisation_id, 0) = t.organisation_key), 0)) \
        + (SELECT COUNT(*) FROM priority_allocations a WHERE NOT EXISTS \
            (SELECT 1 FROM priority_tallies t WHERE t.consultation_id = a.consultation_id \
               AND t.node_id = a.node_id AND t.organisation_key = COALESCE(a.organisation_id, 0))) \
        AS n";
    crate::scale::count(app, sql.into()).await
}

both!(
    responses_create_actions_and_reach_the_author,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&app, &planner, json!({})).await;
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
        let codes: Vec<_> = r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(codes, ["not_a_proposal", "create_needs_acceptance"]);
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

both!(replies_moderation_and_bad_input, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&app, &planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let (other, _) = outsider(&app, "altro@test.example", "member").await;
    let first = contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Primo commento"}),
    )
    .await
    .json()["contribution"]["id"]
        .as_i64()
        .unwrap();
    let reply = contribute(&other, s.consultation, json!({"kind": "comment", "body": "<script>alert(1)</script> Risposta", "parent_id": first})).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let reply = reply.json()["contribution"]["id"].as_i64().unwrap();
    let n = member.get("/api/v1/me/notifications").await.json();
    assert!(
        n["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "reply" && x["payload"]["contribution_id"] == reply)
    );
    // Bad input: nothing stored.
    for (body, code) in [
        (json!({"kind": "comment", "body": "   "}), "required"),
        (
            json!({"kind": "comment", "body": "x".repeat(5001)}),
            "too_long",
        ),
        (
            json!({"kind": "comment", "body": "x", "parent_id": 999999}),
            "contribution_not_found",
        ),
        (json!({"kind": "chat", "body": "x"}), "invalid_choice"),
    ] {
        let r = contribute(&member, s.consultation, body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["errors"][0]["code"], code);
    }
    assert_eq!(
        app.client()
            .get(&format!(
                "/api/v1/consultations/{}/contributions",
                s.consultation
            ))
            .await
            .json()["contributions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Report and hide: the row stays, the text does not show.
    assert_eq!(
        member
            .post_json(
                &format!("/api/v1/contributions/{reply}/reports"),
                &json!({"reason": "Contenuto inappropriato"})
            )
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        member
            .post_json(
                &format!("/api/v1/contributions/{reply}/hide"),
                &json!({"reason": "no"})
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        planner
            .post_json(
                &format!("/api/v1/contributions/{reply}/hide"),
                &json!({"reason": ""})
            )
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        planner
            .post_json(
                &format!("/api/v1/contributions/{reply}/hide"),
                &json!({"reason": "Linguaggio offensivo"})
            )
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let c = app
        .client()
        .get(&format!("/api/v1/contributions/{reply}"))
        .await
        .json()["contribution"]
        .clone();
    assert_eq!(
        (c["body"].clone(), c["hidden_reason"].clone()),
        (json!(null), json!("Linguaggio offensivo"))
    );
    let stored: String = app
        .db
        .run(move |conn| {
            Ok(pspm_backend::db::contribution::Contribution::find(conn, reply as i32)?.body)
        })
        .await
        .unwrap();
    assert!(stored.contains("Risposta"), "nothing is deleted");
    let r = planner
        .send(
            axum::http::Request::put(format!("/api/v1/contributions/{reply}/response"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(
                    json!({"status": "rejected", "body": "x"}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(r.error_code(), "contribution_hidden");
    assert_eq!(app.audit_count("contribution.hide").await, 1);
});

/// A consultation as `GET /api/v1/consultations/{id}` shows it to anyone.
async fn consultation_json(app: &TestApp, id: i64) -> Value {
    app.client()
        .get(&format!("/api/v1/consultations/{id}"))
        .await
        .json()["consultation"]
        .clone()
}

async fn support_as(c: &TestClient, id: i64) -> TestResponse {
    c.post_json(&format!("/api/v1/contributions/{id}/supports"), &json!({}))
        .await
}

async fn priorities(c: &TestClient, consultation: i64, body: Value) -> TestResponse {
    c.put_json(
        &format!("/api/v1/consultations/{consultation}/priorities"),
        &body,
    )
    .await
}

async fn respond(c: &TestClient, id: i64, body: Value) -> TestResponse {
    c.put_json(&format!("/api/v1/contributions/{id}/response"), &body)
        .await
}

both!(
    pages_take_part_answer_and_show_escaped_text,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&app, &planner, json!({})).await;
        let member = app.client_as(Role::Member).await;
        let k = s.consultation;
        // Comment and propose through the forms.
        let evil = "<script>alert(1)</script>Più piste ciclabili";
        let r = member
            .post_form(
                &format!("/consultations/{k}/contributions"),
                &[
                    ("form", "comment"),
                    ("kind", "comment"),
                    ("node_id", ""),
                    ("body", evil),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let r = member
            .post_form(
                &format!("/consultations/{k}/contributions"),
                &[
                    ("form", "proposal"),
                    ("kind", "proposal"),
                    ("title", ""),
                    ("body", "Testo"),
                    ("node_id", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains("There is a problem"), "{html}");
        assert!(
            html.contains(">Testo</textarea>"),
            "the entered text is kept"
        );
        let objective = s.objective.to_string();
        let r = member
            .post_form(
                &format!("/consultations/{k}/contributions"),
                &[
                    ("form", "proposal"),
                    ("kind", "proposal"),
                    ("title", "Bike sharing"),
                    ("body", "Stazioni nei capoluoghi"),
                    ("node_id", &objective),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Someone else's proposal to support.
        let theirs = contribute(&planner, k, json!({"kind": "proposal", "title": "Sportello unico", "body": "x", "node_id": s.objective})).await.json()["contribution"]["id"].as_i64().unwrap();
        assert_eq!(
            member
                .post_form(&format!("/contributions/{theirs}/support"), &[])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let page = member.get(&format!("/consultations/{k}")).await.text();
        assert!(page.contains("Withdraw my support"));
        let r = member
            .post_form(
                &format!("/consultations/{k}/priorities"),
                &[(&*format!("points_{}", s.actions[0]), "150")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("more points than you have"));
        let r = member
            .post_form(
                &format!("/consultations/{k}/priorities"),
                &[(&*format!("points_{}", s.actions[0]), "60")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // The planner answers from the queue and turns the proposal into an action.
        let queue = planner.get("/responses").await.text();
        assert!(queue.contains("Bike sharing"));
        let mine = member.get("/api/v1/me/contributions").await.json();
        let proposal = mine["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == "proposal")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let r = planner
            .post_form(
                &format!("/contributions/{proposal}/respond"),
                &[
                    ("form", &*format!("respond-{proposal}")),
                    ("status", "accepted"),
                    ("body", "Accolta."),
                    ("create_action_code", "AZ5"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let r = planner
            .post_form(
                &format!("/contributions/{proposal}/respond"),
                &[("form", "x"), ("status", ""), ("body", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // My contributions show the answer and the link to the action.
        let mine = member.get("/my/contributions").await.text();
        assert!(mine.contains("Accolta.") && mine.contains("See the action in the plan"));
        // Notifications with the unread count in the header.
        let home = member.get("/").await.text();
        assert!(
            home.contains("Notifications (1)"),
            "unread count in the navigation"
        );
        assert!(
            member
                .get("/notifications")
                .await
                .text()
                .contains("Your contribution has an official response")
        );
        assert_eq!(
            member.post_form("/notifications/read", &[]).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(member.get("/").await.text().contains("Notifications (0)"));
        // Report, then the planner hides it from the moderation queue.
        let comment = member.get("/api/v1/me/contributions").await.json()["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == "comment")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        assert_eq!(
            member
                .post_form(
                    &format!("/contributions/{comment}/report"),
                    &[("reason", "Contiene codice")]
                )
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let moderation = planner.get("/moderation").await.text();
        assert!(moderation.contains("Reported: Contiene codice"));
        // The plan page shows the rankings too.
        let plan_page = app.client().get(&format!("/plans/{}", s.plan)).await.text();
        assert!(
            plan_page.contains("Proposals, most supported first")
                && plan_page.contains("Sportello unico")
        );
        assert!(plan_page.contains("Priorities of the actions") && plan_page.contains("60 points"));
        // The markup is inert everywhere it is shown.
        for (client, path) in [
            (&member, format!("/consultations/{k}")),
            (&member, format!("/consultations/{k}/you-said-we-did")),
            (&member, "/my/contributions".to_string()),
            (&planner, "/responses".to_string()),
            (&planner, "/moderation".to_string()),
        ] {
            let html = client.get(&path).await.text();
            assert!(!html.contains("<script>alert"), "{path}");
            assert!(
                html.contains("&#60;script&#62;alert(1)")
                    || html.contains("&lt;script&gt;alert(1)"),
                "{path}"
            );
        }
        assert_eq!(
            planner
                .post_form(
                    &format!("/contributions/{comment}/hide"),
                    &[("reason", "Codice non ammesso")]
                )
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let public = app
            .client()
            .get(&format!("/consultations/{k}/you-said-we-did"))
            .await
            .text();
        assert!(
            public.contains("Hidden by moderation: Codice non ammesso")
                && !public.contains("Più piste ciclabili")
        );
        assert_eq!(
            member.get("/moderation").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(member.get("/responses").await.status, StatusCode::FORBIDDEN);
    }
);

both!(
    planners_open_consultations_through_the_form,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&app, &planner, json!({})).await;
        let page = planner.get(&format!("/plans/{}", s.plan)).await.text();
        assert!(page.contains(&format!("/plans/{}/consultations/new", s.plan)));
        let form = planner
            .get(&format!("/plans/{}/consultations/new", s.plan))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        let org = app.org_id.to_string();
        let r = planner
            .post_form(
                &format!("/plans/{}/consultations", s.plan),
                &[
                    ("title", ""),
                    ("opens_at", "2025-01-01T09:00"),
                    ("closes_at", "2024-01-01T09:00"),
                    ("audience", "invited"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = planner
            .post_form(
                &format!("/plans/{}/consultations", s.plan),
                &[
                    ("title", "Consultazione degli enti"),
                    ("opens_at", "2025-01-01T09:00"),
                    ("closes_at", "2099-01-01T09:00"),
                    ("audience", "invited"),
                    ("invited", &org),
                    ("comments_enabled", "yes"),
                    ("supports_per_person", "3"),
                    ("points_per_person", "50"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let id: i64 = r
            .location()
            .trim_start_matches("/consultations/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let v = planner
            .get(&format!("/api/v1/consultations/{id}"))
            .await
            .json()["consultation"]
            .clone();
        assert_eq!(
            (
                v["audience"].clone(),
                v["invited"].clone(),
                v["proposals_enabled"].clone(),
                v["supports_per_person"].clone()
            ),
            (
                json!("invited"),
                json!([app.org_id]),
                json!(false),
                json!(3)
            )
        );
        assert_eq!(
            app.client_as(Role::Member)
                .await
                .get(&format!("/plans/{}/consultations/new", s.plan))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
);

both!(
    demo_consultation_has_hundreds_of_answered_contributions,
    |app| async move {
        app.db
            .run(pspm_backend::seed::demo::load)
            .await
            .expect("demo loads");
        let client = app.client();
        let plans = client.get("/api/v1/plans").await.json();
        let regional = plans["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["status"] == "consultation")
            .unwrap()["id"]
            .clone();
        let list = client
            .get(&format!("/api/v1/plans/{regional}/consultations"))
            .await
            .json();
        let c = list["consultations"][0].clone();
        assert_eq!(c["state"], "open");
        let total = c["contribution_count"].as_i64().unwrap();
        assert!(total >= 200, "{total} contributions");
        let mut contributions = Vec::new();
        for page in 1..=(total + 99) / 100 {
            let r = client
                .get(&format!(
                    "/api/v1/consultations/{}/contributions?per_page=100&page={page}",
                    c["id"]
                ))
                .await
                .json();
            contributions.extend(r["contributions"].as_array().unwrap().clone());
        }
        assert_eq!(contributions.len() as i64, total);
        let answered = contributions
            .iter()
            .filter(|x| x["response_status"].is_string())
            .count();
        assert!(
            answered * 2 > contributions.len(),
            "most are answered: {answered}"
        );
        let orgs: std::collections::BTreeSet<_> = contributions
            .iter()
            .filter_map(|x| x["organisation"].as_str())
            .collect();
        assert!(orgs.len() >= 3, "{orgs:?}");
        assert!(c["actions_ranked"][0]["points"].as_i64().unwrap() > 0);
        let nodes = client
            .get(&format!("/api/v1/plans/{regional}/nodes"))
            .await
            .json();
        assert!(
            nodes["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["origin_contribution_id"].is_number()),
            "a proposal became an action"
        );
    }
);

// A national consultation has hundreds of thousands of contributions: its page
// shows them 25 threads at a time, each with every reply under it.
both!(long_consultations_are_paged, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&app, &planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let mut ids = Vec::new();
    for n in 0..30 {
        let r = contribute(
            &member,
            s.consultation,
            json!({"kind": "comment", "body": format!("body-{n:02}-end"), "node_id": s.actions[0]}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        ids.push(r.json()["contribution"]["id"].as_i64().unwrap());
    }
    let citizen = app.client_as(Role::Citizen).await;
    let r = contribute(
        &citizen,
        s.consultation,
        json!({"kind": "comment", "body": "reply-to-27", "parent_id": ids[27]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let shown = |page: &str| {
        (0..30)
            .filter(|n| page.contains(&format!("body-{n:02}-end")))
            .collect::<Vec<_>>()
    };
    let first = citizen
        .get(&format!("/consultations/{}", s.consultation))
        .await
        .text();
    assert_eq!(shown(&first), (0..25).collect::<Vec<_>>());
    assert!(first.contains("All contributions (31)"), "{first}");
    assert!(first.contains("Page 1 of 2 (30 in all)"), "{first}");
    assert!(first.contains(&format!(
        "href=\"/consultations/{}?page=2\"",
        s.consultation
    )));
    assert!(!first.contains("reply-to-27"));
    let second = citizen
        .get(&format!("/consultations/{}?page=2", s.consultation))
        .await
        .text();
    assert_eq!(shown(&second), (25..30).collect::<Vec<_>>());
    assert!(second.contains("reply-to-27"));
    assert!(second.contains("Page 2 of 2 (30 in all)"));
    // Pages past the end show the last one; anything that is not a page, the first.
    let past = app
        .client()
        .get(&format!("/consultations/{}?page=99", s.consultation))
        .await;
    assert_eq!(past.status, StatusCode::OK);
    assert_eq!(shown(&past.text()), (25..30).collect::<Vec<_>>());
    let junk = app
        .client()
        .get(&format!("/consultations/{}?page=%27or%201", s.consultation))
        .await;
    assert_eq!(junk.status, StatusCode::OK);
    assert_eq!(shown(&junk.text()), (0..25).collect::<Vec<_>>());

    // The API: the consultation carries the count, not every contribution;
    // the contributions come a page at a time, replies included, oldest first.
    let k = s.consultation;
    let v = consultation_json(&app, k).await;
    assert_eq!(v["contribution_count"], 31);
    assert_eq!(v["contributions"], json!([]), "no proposals to rank");
    let page = |q: &'static str| {
        let client = app.client();
        async move {
            client
                .get(&format!("/api/v1/consultations/{k}/contributions{q}"))
                .await
        }
    };
    let r = page("?per_page=20&page=2").await;
    assert_eq!(r.status, StatusCode::OK);
    let r = r.json();
    assert_eq!(r["meta"], json!({"total": 31, "page": 2, "per_page": 20}));
    let got: Vec<i64> = r["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(got.len(), 11);
    assert_eq!(got[..10], ids[20..]);
    assert_eq!(
        r["contributions"][10]["parent_id"], ids[27],
        "the reply comes last"
    );
    for beyond in ["?page=9", "?page=9223372036854775807"] {
        let r = page(beyond).await;
        assert_eq!(r.status, StatusCode::OK, "{beyond}");
        assert_eq!(r.json()["contributions"], json!([]), "{beyond}");
    }
    for bad in ["?per_page=0", "?per_page=101", "?page=0", "?page=x"] {
        let r = page(bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(r.json()["errors"][0]["detail"].is_string(), "{bad}");
    }

    // "You said, we did" lists every contribution, 50 a page.
    let said = app
        .client()
        .get(&format!("/consultations/{k}/you-said-we-did"))
        .await
        .text();
    assert_eq!(shown(&said), (0..30).collect::<Vec<_>>());
    assert!(said.contains("reply-to-27"));
    assert!(said.contains("Page 1 of 1 (31 in all)"), "{said}");
    let far = app
        .client()
        .get(&format!(
            "/consultations/{k}/you-said-we-did?page=9223372036854775807"
        ))
        .await;
    assert_eq!(far.status, StatusCode::OK);
    assert_eq!(shown(&far.text()), (0..30).collect::<Vec<_>>());
});

/// The consultations of a plan as the plan's list gives them (summaries kept
/// per consultation revision), each checked against the consultation read
/// alone (computed afresh): the two must be equal after every write.
async fn summaries_checked(app: &TestApp, plan: i64) -> Vec<Value> {
    // Twice: the first may compute and keep, the second reads what was kept.
    let mut list = Vec::new();
    for _ in 0..2 {
        let r = app
            .client()
            .get(&format!("/api/v1/plans/{plan}/consultations"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        list = r.json()["consultations"].as_array().unwrap().clone();
        for kept in &list {
            let fresh = consultation_json(app, kept["id"].as_i64().unwrap()).await;
            assert_eq!(kept, &fresh, "kept summary differs from a fresh one");
        }
    }
    list
}

async fn revision(app: &TestApp, consultation: i64) -> i64 {
    crate::scale::count(
        app,
        format!(
            "SELECT CAST(revision AS BIGINT) AS n FROM consultations WHERE id = {consultation}"
        ),
    )
    .await
}

both!(
    kept_consultation_summaries_follow_every_change,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&app, &planner, json!({})).await;
        let k = s.consultation;
        // A second consultation of the same plan, which the writes below leave alone.
        let r = planner
            .post_json(&format!("/api/v1/plans/{}/consultations", s.plan), &json!({"title": "Seconda consultazione", "description": "Altro", "opens_at": "2025-01-01T00:00", "closes_at": "2099-12-31T23:59", "audience": "public"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let other_k = r.json()["consultation"]["id"].as_i64().unwrap();
        let member = app.client_as(Role::Member).await;
        let (supporter, supporter_org) = outsider(&app, "sostegno@test.example", "member").await;
        let admin = app.client_as(Role::Admin).await;
        assert_eq!(summaries_checked(&app, s.plan).await.len(), 2);
        let other_revision = revision(&app, other_k).await;
        let mine = |list: &[Value]| list.iter().find(|c| c["id"] == k).unwrap().clone();

        // Each write raises the revision of its consultation, and the kept
        // summary shows it at once.
        let mut last = revision(&app, k).await;
        let mut raised = |now: i64, what: &str| {
            assert!(now > last, "{what} left the revision at {last}");
            last = now;
        };
        let r = contribute(&member, k, json!({"kind": "proposal", "title": "Più treni", "body": "Ogni ora", "node_id": s.objective})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let proposal = r.json()["contribution"]["id"].as_i64().unwrap();
        raised(revision(&app, k).await, "a proposal");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["proposals_ranked"], json!([proposal]));
        assert_eq!(v["contribution_count"], 1);

        assert_eq!(
            support_as(&supporter, proposal).await.status,
            StatusCode::NO_CONTENT
        );
        raised(revision(&app, k).await, "a support");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["contributions"][0]["supports"], 1);
        assert_eq!(
            v["contributions"][0]["supports_by_kind"],
            json!({"municipality": 1})
        );

        let r = supporter
            .delete(&format!("/api/v1/contributions/{proposal}/supports"))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        raised(revision(&app, k).await, "a withdrawn support");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["contributions"][0]["supports"], 0);

        let r = priorities(
            &supporter,
            k,
            json!({"points": [{"node_id": s.actions[1], "points": 40}]}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        raised(revision(&app, k).await, "priority points");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["actions_ranked"][0]["points"], 40);

        let r = respond(
            &planner,
            proposal,
            json!({"status": "partially_accepted", "body": "In parte"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        raised(revision(&app, k).await, "a response");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(
            v["contributions"][0]["response_status"],
            "partially_accepted"
        );

        // Names the summaries show come from the organisation (plans'
        // version) and the author's account (read for every reader).
        let r = supporter
            .post_json(
                &format!("/api/v1/contributions/{proposal}/supports"),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        raised(revision(&app, k).await, "a support");
        let r = admin
            .patch_json(
                &format!("/api/v1/organisations/{supporter_org}"),
                &json!({"name": "Comune rinominato", "kind": "region", "level": "regional"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(
            v["contributions"][0]["supports_by_kind"],
            json!({"region": 1})
        );
        let before = v["contributions"][0]["author"].clone();
        assert_ne!(before, "");
        let r = member
            .post_form("/account/delete", &[("confirm", "yes")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["contributions"][0]["author"], "", "a former participant");

        let r = planner
            .post_json(
                &format!("/api/v1/contributions/{proposal}/hide"),
                &json!({"reason": "Fuori tema"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        raised(revision(&app, k).await, "hiding");
        let v = mine(&summaries_checked(&app, s.plan).await);
        assert_eq!(v["proposals_ranked"], json!([]));

        assert_eq!(
            revision(&app, other_k).await,
            other_revision,
            "the other consultation was not written to"
        );
        // The signed-in plan page shows the same kept summaries.
        let page = planner.get(&format!("/plans/{}", s.plan)).await.text();
        assert!(page.contains("All contributions (1)"), "{page}");
        assert!(!page.contains("Più treni"), "hidden: {page}");
    }
);
