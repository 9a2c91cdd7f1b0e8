//! On a phone (390 px), with the pages' own controls (no script): a member
//! proposes a change to an action from the consultation page and sees it
//! word by word; a planner accepts it and the plan shows the new text and
//! where it came from; the member follows the consultation and chooses a
//! daily digest of e-mails (and sees a support counted without its
//! organisation kind, one person being fewer than five); the planner finds
//! the items of the plan that need attention. Every page passes the
//! accessibility audit.

use fantoccini::Locator;
use pspm_backend::domain::Role;
use pspm_tests::browser::{assert_accessible, start_with_app};
use pspm_tests::consultations::{contribute, setup, support_as};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amendment_goes_from_the_page_into_the_plan() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let action = s.actions[0];
    let mut failures = Vec::new();

    // The member picks the action: the form starts from its text.
    browser.sign_in(&base, "member@test.example").await;
    browser
        .goto(&format!("{base}/consultations/{}", s.consultation))
        .await;
    browser.select("#field-amend", &action.to_string()).await;
    browser.click("#amend form[method=get] button").await;
    assert_eq!(browser.value("#amendment-field-title").await, "Azione uno");
    browser.audit("amendment form", &mut failures).await;
    // Sent without a description: the message is next to the field, in view.
    browser
        .fill("#amendment-field-title", "Azione uno rivista")
        .await;
    browser.click("#amend-form button[type=submit]").await;
    assert!(
        browser.in_view("#amendment-errors").await,
        "{}",
        browser.placement("#amendment-errors").await
    );
    assert!(
        browser
            .text("#amendment-errors")
            .await
            .contains("Enter the new description.")
    );
    assert_eq!(
        browser.value("#amendment-field-title").await,
        "Azione uno rivista"
    );
    browser
        .fill("#amendment-field-body", "Bike sharing nei comuni")
        .await;
    browser.click("#amend-form button[type=submit]").await;
    let id = browser
        .fragment()
        .await
        .and_then(|f| {
            f.strip_prefix("contribution-")
                .and_then(|n| n.parse::<i64>().ok())
        })
        .expect("back at the amendment");
    let shown = format!("#contribution-{id} ins");
    assert!(
        browser.in_view(&shown).await,
        "{}",
        browser.placement(&shown).await
    );
    assert!(browser.text(&shown).await.contains("rivista"));
    browser
        .audit("amendment in its thread", &mut failures)
        .await;
    browser.click(".main-nav form button").await;

    // The planner accepts it from the thread.
    browser.sign_in(&base, "planner@test.example").await;
    browser
        .goto(&format!(
            "{base}/consultations/{}#contribution-{id}",
            s.consultation
        ))
        .await;
    browser
        .client
        .find(Locator::Css(&format!("#accept-box-{id} summary")))
        .await
        .expect("the accept box")
        .click()
        .await
        .expect("open it");
    browser.audit("accepting an amendment", &mut failures).await;
    browser
        .click(&format!("#accept-box-{id} button[type=submit]"))
        .await;
    assert!(
        browser
            .text(&format!("#contribution-{id}"))
            .await
            .contains("Accepted")
    );
    browser.goto(&format!("{base}/plans/{}", s.plan)).await;
    let node = browser.text(&format!("#node-{action}")).await;
    assert!(
        node.contains("Azione uno rivista") && node.contains(&format!("amendment #{id}")),
        "{node}"
    );

    // Finding what needs attention: a GET form, the answer where the eye is.
    let late = planner
        .get(&format!("/api/v1/nodes/{}", s.actions[1]))
        .await
        .json()["node"]
        .clone();
    let r = planner
        .patch_json(
            &format!("/api/v1/nodes/{}", s.actions[1]),
            &json!({"lock_version": late["lock_version"], "kind": "action", "code": "AZ2", "title": late["title"], "status": "at_risk"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    browser.goto(&format!("{base}/plans/{}", s.plan)).await;
    browser
        .client
        .find(Locator::Css("#find summary"))
        .await
        .expect("the filter")
        .click()
        .await
        .expect("open it");
    browser
        .client
        .find(Locator::Css("#field-attention"))
        .await
        .expect("the attention box")
        .click()
        .await
        .expect("tick it");
    browser.click("#find button[type=submit]").await;
    assert!(
        browser.in_view("#found").await,
        "{}",
        browser.placement("#found").await
    );
    assert_eq!(browser.text("#found").await, "1 item matches");
    assert!(browser.text(".found-list").await.contains("AZ2"));
    assert!(browser.path().await.contains("attention=1"));
    browser.audit("plan filter", &mut failures).await;
    browser.finish().await;
    assert_accessible(&failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_follows_and_chooses_a_daily_digest() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    // One person's support: counted, but not shown by organisation kind.
    let proposal = contribute(
        &planner,
        s.consultation,
        json!({"kind": "proposal", "title": "Sportello unico", "body": "Un solo accesso", "node_id": s.objective}),
    )
    .await
    .json()["contribution"]["id"]
        .as_i64()
        .unwrap();
    let member = app.client_as(Role::Member).await;
    assert!(support_as(&member, proposal).await.status.is_success());
    let mut failures = Vec::new();
    browser.sign_in(&base, "member@test.example").await;
    browser
        .goto(&format!("{base}/consultations/{}", s.consultation))
        .await;
    let ranking = browser.text("ol.ranking").await;
    assert!(
        ranking.contains("Sportello unico") && ranking.contains("fewer than 5"),
        "{ranking}"
    );
    browser.click("#follow button").await;
    assert_eq!(browser.fragment().await.as_deref(), Some("follow"));
    assert!(browser.in_view("#follow button").await);
    assert_eq!(
        browser.text("#follow button").await,
        "Stop following this consultation"
    );
    browser
        .audit("following a consultation", &mut failures)
        .await;

    browser.goto(&format!("{base}/account")).await;
    browser
        .client
        .find(Locator::Css("#field-email_frequency-daily"))
        .await
        .expect("the daily choice")
        .click()
        .await
        .expect("choose it");
    browser.click("#email button[type=submit]").await;
    assert!(
        browser.in_view("#email .notice").await,
        "{}",
        browser.placement("#email .notice").await
    );
    assert_eq!(
        browser.text("#email .notice").await,
        "Your changes have been saved."
    );
    assert_eq!(
        browser
            .client
            .find(Locator::Css("#field-email_frequency-daily"))
            .await
            .expect("the daily choice")
            .prop("checked")
            .await
            .expect("its state")
            .as_deref(),
        Some("true")
    );
    browser.audit("e-mail choice", &mut failures).await;
    browser.click(".main-nav form button").await;
    browser
        .goto(&format!("{base}/unsubscribe/not-a-link"))
        .await;
    assert!(
        browser
            .text("main")
            .await
            .contains("This unsubscribe link is not valid")
    );
    browser
        .audit("unsubscribe link not valid", &mut failures)
        .await;
    browser.finish().await;
    assert_accessible(&failures);
}
