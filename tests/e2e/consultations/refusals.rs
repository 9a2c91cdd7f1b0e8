//! Every refusal explained where the person is looking: a refused support,
//! contribution, report, answer or hiding comes back with its reason next to
//! the control that was used, on the form that was sent (its fragment named
//! by the form's action), with what was typed, and stores nothing.

use axum::http::StatusCode;
use pspm_backend::domain::Role;
use pspm_tests::consultations::{contribute, setup};
use pspm_tests::html::{element, expect_element, text};
use pspm_tests::{TestApp, TestClient, TestResponse, both};
use serde_json::json;

use super::outsider;

/// Sends a page form to `path`; the answer.
async fn send(client: &TestClient, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    client.post_form(path, fields).await
}

/// The id of a contribution just created through the API.
fn id_of(r: TestResponse) -> i64 {
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["contribution"]["id"].as_i64().unwrap()
}

/// `client`'s notifications, as the API lists them.
async fn notifications_of(client: &TestClient) -> Vec<serde_json::Value> {
    client.get("/api/v1/me/notifications").await.json()["notifications"]
        .as_array()
        .unwrap()
        .clone()
}

/// Rows in `table` (nothing stored when input is refused).
async fn rows(app: &TestApp, table: &str) -> i64 {
    app.count(format!("SELECT COUNT(*) AS n FROM {table}"))
        .await
}

both!(
    support_refusals_are_explained_next_to_the_control,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({"supports_per_person": 1})).await;
        let k = s.consultation;
        let member = app.client_as(Role::Member).await;
        let proposal = |title: &str| json!({"kind": "proposal", "title": title, "body": "Testo", "node_id": s.objective});
        let first = id_of(contribute(&planner, k, proposal("Sportello unico")).await);
        let second = id_of(contribute(&planner, k, proposal("Bike sharing")).await);
        let own = id_of(contribute(&member, k, proposal("La mia proposta")).await);
        let page_path = format!("/consultations/{k}");

        // Support is not offered on one's own proposal: the page says why.
        let page = member.get(&page_path).await.text();
        let control = expect_element(&page, &format!("id=\"support-ranking-{own}\""));
        assert_eq!(text(control), "Your own proposal");
        assert!(!page.contains(&format!("action=\"/contributions/{own}/support")));
        assert!(text(&page).contains("You support 0 of the 1 proposals you may support."));

        // Sent anyway (an old page, another tab), it is refused next to that control.
        let r = send(
            &member,
            &format!("/contributions/{own}/support"),
            &[("from", "ranking")],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let html = r.text();
        let control = text(expect_element(
            &html,
            &format!("id=\"support-ranking-{own}\""),
        ));
        assert!(
            control.contains("You cannot support your own proposal."),
            "{control}"
        );
        assert!(
            html.contains("<title>Error: "),
            "the title says there is a problem"
        );
        let thread = text(expect_element(
            &html,
            &format!("id=\"support-thread-{own}\""),
        ));
        assert!(
            !thread.contains("cannot support"),
            "only the control used: {thread}"
        );

        // A support from the thread comes back to the thread.
        let r = send(
            &member,
            &format!("/contributions/{first}/support"),
            &[("from", "thread")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            r.location(),
            format!("/consultations/{k}?done=1#support-thread-{first}")
        );

        // With no supports left, the other proposals say so instead of offering Support.
        let page = member.get(&page_path).await.text();
        assert!(text(&page).contains("You support 1 of the 1 proposals you may support."));
        for place in ["ranking", "thread"] {
            let control = expect_element(&page, &format!("id=\"support-{place}-{second}\""));
            assert_eq!(text(control), "No supports left", "{place}");
            assert!(!control.contains("<form"), "{place}: {control}");
            let mine = expect_element(&page, &format!("id=\"support-{place}-{first}\""));
            assert!(
                text(mine).starts_with("Withdraw my support"),
                "{place}: {mine}"
            );
        }

        // Beyond the limit, the reason shows next to the control that was used.
        let supports = rows(&app, "supports").await;
        let events = app.audit_count("support.create").await;
        let r = send(
            &member,
            &format!("/contributions/{second}/support"),
            &[("from", "thread")],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let html = r.text();
        let control = expect_element(&html, &format!("id=\"support-thread-{second}\""));
        assert!(
            control.contains("tabindex=\"-1\""),
            "the fragment's target takes the focus"
        );
        assert!(
            text(control).contains("You have used all your supports: withdraw one first."),
            "{control}"
        );
        let ranking = text(expect_element(
            &html,
            &format!("id=\"support-ranking-{second}\""),
        ));
        assert_eq!(ranking, "No supports left");
        assert_eq!(rows(&app, "supports").await, supports, "nothing stored");
        assert_eq!(app.audit_count("support.create").await, events);
    }
);

both!(
    refused_contributions_come_back_on_their_form,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let k = s.consultation;
        let member = app.client_as(Role::Member).await;
        let comment = id_of(
            contribute(
                &planner,
                k,
                json!({"kind": "comment", "body": "Un commento"}),
            )
            .await,
        );
        let path = format!("/consultations/{k}/contributions");
        let before = (
            rows(&app, "contributions").await,
            rows(&app, "reports").await,
        );

        // An empty reply: the reply box under the comment comes back open, its
        // field marked, with a message that reads well; the comment form is untouched.
        let reply = format!("reply-{comment}");
        let parent = comment.to_string();
        let r = send(
            &member,
            &path,
            &[
                ("form", &reply),
                ("kind", "comment"),
                ("parent_id", &parent),
                ("body", "  "),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        let replying = expect_element(&html, &format!("id=\"reply-box-{comment}\""));
        assert!(
            replying.starts_with("<details") && replying.contains(" open"),
            "{replying}"
        );
        assert!(replying.contains(&format!(
            "action=\"/consultations/{k}/contributions#{reply}-field-body\""
        )));
        let field = expect_element(replying, &format!("id=\"{reply}-field-body\""));
        assert!(field.contains("aria-invalid=\"true\""), "{field}");
        assert_eq!(
            text(expect_element(
                replying,
                &format!("id=\"{reply}-field-body-error\"")
            )),
            "Enter your reply."
        );
        let label = text(expect_element(replying, "class=\"field-label\""));
        assert_eq!(label, "Your reply", "a reply is required, not optional");
        assert!(element(&html, "id=\"comment-errors\"").is_none());
        assert!(
            !html.contains("Enter Your comment"),
            "no message on the comment form"
        );

        // Too long: the text typed is kept in the box.
        let long = format!("{}fine", "parole ".repeat(720));
        let r = send(
            &member,
            &path,
            &[
                ("form", &reply),
                ("kind", "comment"),
                ("parent_id", &parent),
                ("body", &long),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        let replying = expect_element(&html, &format!("id=\"reply-box-{comment}\""));
        assert!(text(replying).contains("Your reply must be 5,000 characters or fewer."));
        assert!(
            replying.contains(&format!("{long}</textarea>")),
            "the typed text is kept"
        );

        // An empty report: the message shows in the report box, which comes back open.
        let report = format!("report-{comment}");
        let r = send(
            &member,
            &format!("/contributions/{comment}/report"),
            &[("reason", "")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        let reporting = expect_element(&html, &format!("id=\"report-box-{comment}\""));
        assert!(
            reporting.starts_with("<details") && reporting.contains(" open"),
            "{reporting}"
        );
        assert!(reporting.contains(&format!(
            "action=\"/contributions/{comment}/report#{report}\""
        )));
        assert!(
            text(reporting).contains("Say why you are reporting this."),
            "{reporting}"
        );
        assert!(
            expect_element(reporting, &format!("id=\"{report}\""))
                .contains("aria-invalid=\"true\"")
        );
        assert!(
            !html.contains("Enter ."),
            "no empty message on the comment form"
        );
        assert!(element(&html, "id=\"comment-errors\"").is_none());

        // An invalid proposal: its own summary, named by the form's fragment, with
        // what was typed kept.
        let r = send(
            &member,
            &path,
            &[
                ("form", "proposal"),
                ("kind", "proposal"),
                ("title", "Sportello unico"),
                ("body", "Un solo accesso"),
                ("node_id", ""),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains(&format!(
            "action=\"/consultations/{k}/contributions#proposal-errors\""
        )));
        let summary = expect_element(&html, "id=\"proposal-errors\"");
        assert!(summary.contains("tabindex=\"-1\""));
        assert!(
            text(summary)
                .contains("Choose the operational objective the new action belongs under.")
        );
        let section = expect_element(&html, "aria-labelledby=\"proposal-title\"");
        assert!(section.contains("value=\"Sportello unico\""), "title kept");
        assert!(
            section.contains(">Un solo accesso</textarea>"),
            "description kept"
        );
        let r = send(
            &member,
            &path,
            &[
                ("form", "proposal"),
                ("kind", "proposal"),
                ("title", ""),
                ("body", ""),
                ("node_id", ""),
            ],
        )
        .await;
        let summary = text(expect_element(&r.text(), "id=\"proposal-errors\"")).to_owned();
        assert!(
            summary.contains("Enter a title for your proposal.")
                && summary.contains("Describe your proposal."),
            "{summary}"
        );

        // An empty comment reads well too.
        let r = send(
            &member,
            &path,
            &[
                ("form", "comment"),
                ("kind", "comment"),
                ("node_id", ""),
                ("body", ""),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            text(expect_element(&r.text(), "id=\"comment-errors\""))
                .contains("Enter your comment.")
        );

        assert_eq!(
            (
                rows(&app, "contributions").await,
                rows(&app, "reports").await
            ),
            before,
            "nothing stored"
        );
    }
);

// A refused reply on a later page of threads comes back on that page, where its box is.
both!(
    a_refused_reply_stays_on_its_page_of_threads,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let k = s.consultation;
        let mut last = 0;
        for n in 0..26 {
            last = id_of(
                contribute(
                    &planner,
                    k,
                    json!({"kind": "comment", "body": format!("Commento {n}")}),
                )
                .await,
            );
        }
        let member = app.client_as(Role::Member).await;
        let page = member
            .get(&format!("/consultations/{k}?page=2"))
            .await
            .text();
        let replying = expect_element(&page, &format!("id=\"reply-box-{last}\""));
        assert!(replying.contains("name=\"page\" value=\"2\""), "{replying}");
        let parent = last.to_string();
        let r = send(
            &member,
            &format!("/consultations/{k}/contributions"),
            &[
                ("kind", "comment"),
                ("parent_id", &parent),
                ("body", ""),
                ("page", "2"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let replying = text(expect_element(
            &r.text(),
            &format!("id=\"reply-box-{last}\""),
        ));
        assert!(replying.contains("Enter your reply."), "{replying}");
        let r = send(
            &member,
            &format!("/consultations/{k}/contributions"),
            &[
                ("kind", "comment"),
                ("parent_id", &parent),
                ("body", "Risposta"),
                ("page", "2"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            r.location()
                .starts_with(&format!("/consultations/{k}?done=1&page=2#contribution-")),
            "{}",
            r.location()
        );
    }
);

// Refusals by the rules, not the fields (here: the plan left consultation
// while the page was open) show on the form that was sent too.
both!(
    refusals_by_the_rules_show_on_the_form_used,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let k = s.consultation;
        let comment = id_of(
            contribute(
                &planner,
                k,
                json!({"kind": "comment", "body": "Un commento"}),
            )
            .await,
        );
        let proposal = id_of(contribute(&planner, k, json!({"kind": "proposal", "title": "Proposta", "body": "Testo", "node_id": s.objective})).await);
        let r = planner
            .post_json(
                &format!("/api/v1/plans/{}/transition", s.plan),
                &json!({"status": "adopted"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let member = app.client_as(Role::Member).await;
        let closed = "The consultation is closed.";
        let parent = comment.to_string();
        let path = format!("/consultations/{k}/contributions");
        let r = send(
            &member,
            &path,
            &[
                ("kind", "comment"),
                ("parent_id", &parent),
                ("body", "Risposta"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let html = r.text();
        let thread = text(expect_element(
            &html,
            &format!("id=\"contribution-{comment}\""),
        ));
        assert!(thread.contains(closed), "{thread}");
        assert!(
            element(&html, &format!("id=\"reply-{comment}-field-body\"")).is_some(),
            "the fragment's target"
        );
        let r = send(
            &member,
            &path,
            &[("kind", "comment"), ("body", "Un altro commento")],
        )
        .await;
        assert!(text(expect_element(&r.text(), "id=\"comment-errors\"")).contains(closed));
        let r = send(&member, &format!("/contributions/{proposal}/support"), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(
            text(expect_element(
                &r.text(),
                &format!("id=\"support-ranking-{proposal}\"")
            ))
            .contains(closed)
        );
        assert_eq!(rows(&app, "contributions").await, 2, "nothing stored");
    }
);

both!(labels_say_optional_only_when_it_is, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    id_of(contribute(&member, s.consultation, json!({"kind": "proposal", "title": "Proposta", "body": "Testo", "node_id": s.objective})).await);
    let page = member
        .get(&format!("/consultations/{}", s.consultation))
        .await
        .text();
    let label = |html: &str, id: &str| text(expect_element(html, &format!("for=\"{id}\"")));
    assert_eq!(label(&page, "comment-field-body"), "Your comment");
    assert_eq!(label(&page, "comment-field-node_id"), "About (optional)");
    assert_eq!(label(&page, "proposal-field-title"), "Title");
    assert_eq!(label(&page, "proposal-field-body"), "Description");
    let queue = planner.get("/responses").await.text();
    let item = expect_element(&queue, "class=\"contribution\"");
    let id = item
        .split("id=\"contribution-")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(
        label(&queue, &format!("respond-{id}-field-body")),
        "Official response"
    );
    assert_eq!(
        label(&queue, &format!("respond-{id}-field-status")),
        "Answer"
    );
    assert!(
        label(&queue, &format!("respond-{id}-field-create_action_code")).ends_with("(optional)")
    );
});

both!(a_refused_answer_comes_back_on_its_form, |app| async move {
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let comment = id_of(
        contribute(
            &member,
            s.consultation,
            json!({"kind": "comment", "body": "Un commento"}),
        )
        .await,
    );
    let r = send(
        &planner,
        &format!("/contributions/{comment}/respond"),
        &[("status", ""), ("body", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(html.contains(&format!(
        "action=\"/contributions/{comment}/respond#respond-{comment}-errors\""
    )));
    let summary = text(expect_element(
        &html,
        &format!("id=\"respond-{comment}-errors\""),
    ))
    .to_owned();
    assert!(
        summary.contains("Choose the answer.") && summary.contains("Enter the official response."),
        "{summary}"
    );
    assert_eq!(rows(&app, "responses").await, 0, "nothing stored");
});

both!(
    hiding_needs_a_reason_and_tells_the_author,
    |app| async move {
        let planner = app.client_as(Role::Planner).await;
        let s = setup(&planner, json!({})).await;
        let (author, _) = outsider(&app, "autore@test.example", "member").await;
        let comment = id_of(
            contribute(
                &author,
                s.consultation,
                json!({"kind": "comment", "body": "Parole offensive"}),
            )
            .await,
        );
        let member = app.client_as(Role::Member).await;
        assert_eq!(
            send(
                &member,
                &format!("/contributions/{comment}/report"),
                &[("reason", "Offensivo")]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );

        // No reason: the moderation queue comes back with the message next to the reason.
        let hide = format!("/contributions/{comment}/hide");
        let r = send(&planner, &hide, &[("reason", " ")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(
            html.contains("<title>Error: Reported contributions"),
            "the moderation queue"
        );
        let form = expect_element(&html, &format!("action=\"{hide}#hide-{comment}\""));
        assert!(
            text(form).contains("Say why you are hiding this contribution."),
            "{form}"
        );
        assert!(
            expect_element(form, &format!("id=\"hide-{comment}\""))
                .contains("aria-invalid=\"true\"")
        );
        assert!(
            notifications_of(&author).await.is_empty(),
            "nothing happened yet"
        );
        assert_eq!(
            app.audit_count("contribution.hide").await,
            0,
            "nothing stored"
        );

        // With a reason, the author is told, and finds it in the thread.
        assert_eq!(
            send(&planner, &hide, &[("reason", "Linguaggio offensivo")])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let told = notifications_of(&author).await;
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!(told[0]["kind"], "contribution_hidden");
        let page = author.get("/notifications").await.text();
        let link = expect_element(
            &page,
            &format!(
                "href=\"/consultations/{}#contribution-{comment}\"",
                s.consultation
            ),
        );
        assert_eq!(text(link), "A moderator hid your contribution");
    }
);
