//! On a phone (390 px), a member and a planner send forms that are refused:
//! each comes back scrolled to its form, the reason in view and the focus on
//! the field or message, what was typed kept; the keyboard carries on from
//! there; every such page passes the accessibility audit.

use fantoccini::Locator;
use pspm_backend::domain::Role;
use pspm_tests::browser::{Browser, assert_accessible, start_with_app};
use pspm_tests::consultations::{contribute, setup, support_as};
use serde_json::json;

/// Opens the `<details>` whose id is `id` (a plain click: no page is loaded).
async fn open_box(browser: &Browser, id: &str) {
    browser
        .client
        .find(Locator::Css(&format!("#{id} summary")))
        .await
        .unwrap_or_else(|e| panic!("find the summary of #{id}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("open #{id}: {e}"));
}

/// Asserts that the page came back at `#target`, which has the focus, with
/// `message` shown by `message_css` inside the viewport.
async fn assert_refused_at(browser: &Browser, target: &str, message_css: &str, message: &str) {
    assert_eq!(browser.fragment().await.as_deref(), Some(target));
    assert_eq!(
        browser.focused_id().await,
        target,
        "the focus is on #{target}"
    );
    let shown = browser.text(message_css).await;
    assert!(shown.contains(message), "{message_css}: {shown}");
    assert!(
        browser.in_view(message_css).await,
        "{message_css} is in the viewport: {}",
        browser.placement(message_css).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_come_back_in_view_on_a_phone() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({"supports_per_person": 1})).await;
    let k = s.consultation;
    let id = |r: pspm_tests::TestResponse| r.json()["contribution"]["id"].as_i64().unwrap();
    let proposal = |title: &str| json!({"kind": "proposal", "title": title, "body": "Testo", "node_id": s.objective});
    let comment = id(contribute(
        &planner,
        k,
        json!({"kind": "comment", "body": "Un commento"}),
    )
    .await);
    let first = id(contribute(&planner, k, proposal("Sportello unico")).await);
    let second = id(contribute(&planner, k, proposal("Bike sharing")).await);
    let member = app.client_as(Role::Member).await;
    let own = id(contribute(&member, k, proposal("La mia proposta")).await);
    let mut failures = Vec::new();

    browser.sign_in(&base, "member@test.example").await;
    browser.goto(&format!("{base}/consultations/{k}")).await;

    // An empty reply: the box comes back open, at its field, with the reason.
    let reply = format!("reply-{comment}-field-body");
    open_box(&browser, &format!("reply-box-{comment}")).await;
    browser
        .click(&format!("#reply-box-{comment} button[type=submit]"))
        .await;
    assert_refused_at(
        &browser,
        &reply,
        &format!("#{reply}-error"),
        "Enter your reply.",
    )
    .await;
    assert!(browser.in_view(&format!("#{reply}")).await);
    browser.audit("refused reply", &mut failures).await;
    // The keyboard carries on from there: type, Tab to the button, Enter.
    browser
        .client
        .active_element()
        .await
        .expect("the reply field")
        .send_keys("Grazie, concordo.\u{E004}")
        .await
        .expect("type the reply");
    browser.press_and_wait("\u{E007}").await;
    assert!(
        browser
            .fragment()
            .await
            .is_some_and(|f| f.starts_with("contribution-")),
        "the reply was sent"
    );
    assert!(browser.source().await.contains("Grazie, concordo."));

    // An empty report: the report box, not the comment form.
    let report = format!("report-{comment}");
    open_box(&browser, &format!("report-box-{comment}")).await;
    browser
        .click(&format!("#report-box-{comment} button[type=submit]"))
        .await;
    assert_refused_at(
        &browser,
        &report,
        &format!("#{report}-error"),
        "Say why you are reporting this.",
    )
    .await;
    browser.audit("refused report", &mut failures).await;

    // A proposal without its objective: its own summary, the text kept.
    browser
        .fill("#proposal-field-title", "Bike sharing regionale")
        .await;
    browser
        .fill("#proposal-field-body", "Stazioni in ogni capoluogo.")
        .await;
    browser
        .click("#proposal-title ~ form button[type=submit]")
        .await;
    assert_refused_at(
        &browser,
        "proposal-errors",
        "#proposal-errors",
        "Choose the operational objective the new action belongs under.",
    )
    .await;
    assert_eq!(
        browser.value("#proposal-field-title").await,
        "Bike sharing regionale"
    );
    assert_eq!(
        browser.value("#proposal-field-body").await,
        "Stazioni in ogni capoluogo."
    );
    browser.audit("refused proposal", &mut failures).await;

    // Support: not offered on one's own proposal; beyond the limit (the
    // last support used in another tab meanwhile), refused next to the button.
    assert_eq!(
        browser.text(&format!("#support-ranking-{own}")).await,
        "Your own proposal"
    );
    support_as(&member, first).await;
    browser
        .click(&format!(
            "#support-ranking-{second} form[action^='/contributions/{second}/support'] button"
        ))
        .await;
    let target = format!("support-ranking-{second}");
    assert_refused_at(
        &browser,
        &target,
        &format!("#{target} .support-message"),
        "You have used all your supports: withdraw one first.",
    )
    .await;
    assert!(
        browser
            .text(&format!("#{target}"))
            .await
            .contains("No supports left")
    );
    browser.audit("refused support", &mut failures).await;
    browser.click(".main-nav form button").await;

    // Hiding without a reason: the moderation queue, the message at the reason.
    member
        .post_json(
            &format!("/api/v1/contributions/{comment}/reports"),
            &json!({"reason": "Prova"}),
        )
        .await;
    browser.sign_in(&base, "planner@test.example").await;
    browser.goto(&format!("{base}/moderation")).await;
    browser
        .click(&format!(
            "form[action^='/contributions/{comment}/hide'] button"
        ))
        .await;
    let hide = format!("hide-{comment}");
    assert_refused_at(
        &browser,
        &hide,
        &format!("#{hide}-error"),
        "Say why you are hiding this contribution.",
    )
    .await;
    browser.audit("refused hiding", &mut failures).await;

    browser.finish().await;
    assert_accessible(&failures);
}
