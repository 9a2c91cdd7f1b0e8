//! On a phone (390 px), a planner adopts a plan in consultation: the page
//! first says what adopting does (the version it stores, the consultation it
//! ends); afterwards the consultation says it closed with its plan and offers
//! no forms, the action accepted from a proposal leads back to the proposal,
//! and the stored version has its own page with amounts in the reader's
//! language.

use pspm_backend::domain::Role;
use pspm_tests::browser::{assert_accessible, start_with_app};
use pspm_tests::consultations::{contribute, respond, setup};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adopting_asks_first_and_the_consultation_closes_with_the_plan() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let k = s.consultation;
    let member = app.client_as(Role::Member).await;
    let proposal = contribute(
        &member,
        k,
        json!({"kind": "proposal", "title": "Sportello unico", "body": "Un solo accesso", "node_id": s.objective}),
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
    assert!(r.status.is_success(), "{}", r.text());
    let action = r.json()["contribution"]["response_node_id"]
        .as_i64()
        .unwrap();
    let node = planner.get(&format!("/api/v1/nodes/{action}")).await.json()["node"].clone();
    let r = planner
        .patch_json(
            &format!("/api/v1/nodes/{action}"),
            &json!({"lock_version": node["lock_version"], "kind": "action", "code": "AZ9", "title": node["title"], "budget": 1_500_000.5}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    let mut failures = Vec::new();

    // Adopting asks first and says what it will do.
    browser.sign_in(&base, "planner@test.example").await;
    browser.goto(&format!("{base}/plans/{}", s.plan)).await;
    browser.click("button[name=status][value=adopted]").await;
    let shown = browser.text("main").await;
    assert!(
        shown.contains("Adopt the plan: Piano in consultazione"),
        "{shown}"
    );
    assert!(shown.contains("stored as version 1"), "{shown}");
    assert!(
        shown.contains("These consultations close now") && shown.contains("Consultazione pubblica"),
        "{shown}"
    );
    assert_eq!(
        browser.text("#confirm-transition").await,
        "Yes, adopt the plan"
    );
    browser.audit("confirm adoption", &mut failures).await;
    // Not yet adopted: going back leaves the plan as it was.
    assert_eq!(
        planner
            .get(&format!("/api/v1/plans/{}", s.plan))
            .await
            .json()["plan"]["status"],
        "consultation"
    );
    browser.click("#confirm-transition").await;
    assert!(browser.text(".summary-list").await.contains("Adopted"));

    // The action says which proposal it came from; the link leads to it.
    browser.goto(&format!("{base}/nodes/{action}")).await;
    let link = format!("a[href='/contributions/{proposal}']");
    assert!(
        browser
            .text(&format!("#node-{action} .node-facts"))
            .await
            .contains(&format!(
                "proposal #{proposal} in the consultation “Consultazione pubblica”"
            ))
    );
    browser.click(&link).await;
    assert_eq!(
        browser.fragment().await.as_deref(),
        Some(format!("contribution-{proposal}").as_str())
    );
    assert!(browser.in_view(&format!("#contribution-{proposal}")).await);

    // The consultation closed with its plan: the badge, the reason, no forms.
    browser.goto(&format!("{base}/consultations/{k}")).await;
    let facts = browser.text(".summary-list").await;
    assert!(facts.contains("Closed"), "{facts}");
    // The window as the owner's clocks read it, with their zone.
    assert!(facts.contains("(Europe/Rome)"), "{facts}");
    assert!(
        browser
            .text("#taking-part")
            .await
            .contains("The consultation closed when the plan left the consultation stage (the plan is now: Adopted).")
    );
    assert!(!browser.source().await.contains("id=\"comment-title\""));
    browser
        .audit("consultation closed with its plan", &mut failures)
        .await;

    // The stored version, read in Italian.
    browser.goto(&format!("{base}/lang/it?next=/")).await;
    browser
        .goto(&format!("{base}/plans/{}/versions", s.plan))
        .await;
    browser
        .click(&format!("a[href='/plans/{}/versions/1']", s.plan))
        .await;
    let shown = browser.text("main").await;
    assert!(
        shown.contains("Versione 1: Piano in consultazione"),
        "{shown}"
    );
    assert!(shown.contains("AZ9 – Sportello unico"), "{shown}");
    assert!(shown.contains("1.500.000,50 €"), "{shown}");
    browser.audit("stored version", &mut failures).await;

    browser.finish().await;
    assert_accessible(&failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_filters_the_queue_and_answers_in_context() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    for i in 0..3 {
        contribute(
            &member,
            s.consultation,
            json!({"kind": "comment", "body": format!("Commento {i}")}),
        )
        .await;
    }
    let proposal = contribute(
        &member,
        s.consultation,
        json!({"kind": "proposal", "title": "Sportello unico", "body": "Un solo accesso", "node_id": s.objective}),
    )
    .await
    .json()["contribution"]["id"]
        .as_i64()
        .unwrap();
    let mut failures = Vec::new();

    browser.sign_in(&base, "planner@test.example").await;
    browser.goto(&format!("{base}/responses")).await;
    assert!(browser.text("main").await.contains("4 contributions"));
    browser.select("#filter-field-kind", "proposal").await;
    browser.click("form.filters button[type=submit]").await;
    assert!(browser.path().await.contains("kind=proposal"));
    let item = format!("#contribution-{proposal}");
    let shown = browser.text(&item).await;
    assert!(
        shown.contains(
            "Piano in consultazione › Consultazione pubblica › OO1 – Obiettivo operativo"
        ),
        "{shown}"
    );
    assert!(browser.text("main").await.contains("1 contribution"));
    browser.audit("filtered queue", &mut failures).await;
    browser
        .select(&format!("#respond-{proposal}-field-status"), "accepted")
        .await;
    browser
        .fill(&format!("#respond-{proposal}-field-body"), "La accogliamo.")
        .await;
    browser
        .click(&format!("{item} form button[type=submit]"))
        .await;
    // Back on the same filtered list, which has nothing left to answer.
    assert!(browser.path().await.contains("kind=proposal"));
    assert!(
        browser
            .text(".notice")
            .await
            .contains("Your changes have been saved.")
    );
    assert!(browser.text("main").await.contains("0 contributions"));
    browser
        .audit("answered from the filtered queue", &mut failures)
        .await;

    browser.finish().await;
    assert_accessible(&failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_changes_and_withdraws_their_own_contributions() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let member = app.client_as(Role::Member).await;
    let id = |r: pspm_tests::TestResponse| r.json()["contribution"]["id"].as_i64().unwrap();
    let comment = id(contribute(
        &member,
        s.consultation,
        json!({"kind": "comment", "body": "Un commento con un refuso"}),
    )
    .await);
    let proposal = id(contribute(
        &member,
        s.consultation,
        json!({"kind": "proposal", "title": "Sportello unico", "body": "Un solo accesso", "node_id": s.objective}),
    )
    .await);
    let mut failures = Vec::new();

    browser.sign_in(&base, "member@test.example").await;
    browser
        .goto(&format!("{base}/consultations/{}", s.consultation))
        .await;
    // Opening the box loads no page: a plain click.
    browser
        .client
        .find(fantoccini::Locator::Css(&format!(
            "#edit-box-{comment} summary"
        )))
        .await
        .expect("the edit box")
        .click()
        .await
        .expect("open the edit box");
    let field = format!("#edit-{comment}-field-body");
    assert_eq!(browser.value(&field).await, "Un commento con un refuso");
    browser.fill(&field, "Un commento corretto").await;
    browser
        .click(&format!("#edit-box-{comment} button[type=submit]"))
        .await;
    let item = format!("#contribution-{comment}");
    assert_eq!(browser.fragment().await.as_deref(), Some(&item[1..]));
    let shown = browser.text(&item).await;
    assert!(shown.contains("Un commento corretto"), "{shown}");
    assert!(shown.contains("Changed by its author on"), "{shown}");
    browser.audit("changed contribution", &mut failures).await;

    browser
        .click(&format!(
            "form[action^='/contributions/{proposal}/withdraw'] button"
        ))
        .await;
    let shown = browser.text(&format!("#contribution-{proposal}")).await;
    assert!(shown.contains("Withdrawn by its author"), "{shown}");
    assert!(!shown.contains("Change your contribution"), "{shown}");
    browser.audit("withdrawn proposal", &mut failures).await;

    // The list of every proposal: found by a word, marked withdrawn.
    browser
        .click(&format!(
            "a[href='/consultations/{}/proposals']",
            s.consultation
        ))
        .await;
    browser.fill("#field-q", "SPORTELLO").await;
    browser.click("form.filters button[type=submit]").await;
    let shown = browser.text("main").await;
    assert!(
        shown.contains("1 proposal") && shown.contains("Withdrawn by its author"),
        "{shown}"
    );
    browser.audit("proposals list", &mut failures).await;

    browser.finish().await;
    assert_accessible(&failures);
}
