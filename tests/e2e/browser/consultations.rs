//! A member takes part in a consultation and sees what became of the
//! proposal once the planner answered it.

use pspm_backend::domain::Role;
use pspm_tests::browser::{assert_accessible, start_with_app};
use pspm_tests::consultations::{contribute, my_contribution, setup};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_takes_part_and_sees_what_became_of_the_proposal() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let k = s.consultation;
    let theirs = contribute(
        &planner,
        k,
        json!({"kind": "proposal", "title": "Sportello unico", "body": "Un solo accesso", "node_id": s.objective}),
    )
    .await
    .json()["contribution"]["id"]
        .clone();
    let mut failures = Vec::new();

    // The member comments, proposes and supports.
    browser.sign_in(&base, "member@test.example").await;
    browser.goto(&format!("{base}/consultations/{k}")).await;
    browser.audit("consultation page", &mut failures).await;
    browser
        .fill(
            "#comment-field-body",
            "Serve più attenzione ai piccoli comuni.",
        )
        .await;
    browser
        .click("#comment-title ~ form button[type=submit]")
        .await;
    assert!(
        browser
            .source()
            .await
            .contains("Serve più attenzione ai piccoli comuni.")
    );
    browser
        .fill("#proposal-field-title", "Bike sharing regionale")
        .await;
    browser
        .fill("#proposal-field-body", "Stazioni in ogni capoluogo.")
        .await;
    browser
        .select("#proposal-field-node_id", &s.objective.to_string())
        .await;
    browser
        .click("#proposal-title ~ form button[type=submit]")
        .await;
    browser
        .click(&format!(
            "form[action^='/contributions/{theirs}/support'] button"
        ))
        .await;
    assert!(browser.source().await.contains("Withdraw my support"));
    browser.click(".main-nav form button").await;

    // The planner answers from the queue and turns the proposal into an action.
    browser.sign_in(&base, "planner@test.example").await;
    browser.goto(&format!("{base}/responses")).await;
    browser.audit("response queue", &mut failures).await;
    let proposal = my_contribution(&app.client_as(Role::Member).await, "proposal").await;
    let form = format!("form[action^='/contributions/{proposal}/respond']");
    browser
        .select(&format!("{form} select[name=status]"), "accepted")
        .await;
    browser
        .fill(
            &format!("{form} textarea[name=body]"),
            "Accolta: diventa l'azione AZ7.",
        )
        .await;
    browser
        .fill(&format!("{form} input[name=create_action_code]"), "AZ7")
        .await;
    browser.click(&format!("{form} button[type=submit]")).await;
    assert!(browser.path().await.starts_with("/responses"));
    browser.goto(&format!("{base}/moderation")).await;
    browser.audit("moderation", &mut failures).await;
    browser
        .goto(&format!("{base}/plans/{}/consultations/new", s.plan))
        .await;
    browser.audit("new consultation", &mut failures).await;
    browser.click(".main-nav form button").await;

    // The member sees the response and the link to the action.
    browser.sign_in(&base, "member@test.example").await;
    assert!(
        browser
            .text(".main-nav")
            .await
            .contains("Notifications (1)")
    );
    browser.goto(&format!("{base}/my/contributions")).await;
    let text = browser.text("main").await;
    assert!(
        text.contains("Accolta: diventa l'azione AZ7.")
            && text.contains("See the action in the plan"),
        "{text}"
    );
    browser.audit("my contributions", &mut failures).await;
    browser.click("a[href^='/nodes/']").await;
    assert!(
        browser
            .source()
            .await
            .contains("AZ7 – Bike sharing regionale")
    );
    for path in [
        "/notifications".to_string(),
        format!("/consultations/{k}/you-said-we-did"),
        format!("/consultations/{k}"),
    ] {
        browser.goto(&format!("{base}{path}")).await;
        browser.audit(&path, &mut failures).await;
    }
    browser.finish().await;
    assert_accessible(&failures);
}
