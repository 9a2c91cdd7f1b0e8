//! On a phone (390 px): a reader finds their way in a plan by its contents
//! (the link scrolls to the branch) and sees how late an action started; a
//! member outside a consultation's audience is told why before writing,
//! and the forms they may use say which fields are optional. Every page
//! passes the accessibility audit.

use fantoccini::Locator;
use pspm_backend::domain::Role;
use pspm_tests::browser::{assert_accessible, start_with_app};
use pspm_tests::consultations::setup;
use pspm_tests::plans::{add, node};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outline_leads_to_the_branch_and_lateness_is_told() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    // A second area, so that the plan opens with its contents.
    let area = add(&planner, s.plan, node("area", "A2", None)).await["id"]
        .as_i64()
        .unwrap();
    let so = add(
        &planner,
        s.plan,
        node("strategic_objective", "SO2", Some(area)),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let action = planner
        .get(&format!("/api/v1/nodes/{}", s.actions[0]))
        .await
        .json()["node"]
        .clone();
    let r = planner
        .patch_json(
            &format!("/api/v1/nodes/{}", s.actions[0]),
            &json!({"lock_version": action["lock_version"], "kind": "action", "code": "AZ1", "title": action["title"],
                    "status": "on_track", "planned_start": "2025-01-01", "actual_start": "2025-03-01", "planned_end": "2099-12-31"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    let mut failures = Vec::new();

    browser.goto(&format!("{base}/plans/{}", s.plan)).await;
    assert!(
        browser
            .text("nav.outline")
            .await
            .contains("SO2 – SO2 title")
    );
    browser.audit("plan with its contents", &mut failures).await;
    let link = format!("nav.outline a[href='#node-{so}']");
    browser
        .client
        .find(Locator::Css(&link))
        .await
        .expect("the outline's link")
        .click()
        .await
        .expect("follow it");
    assert_eq!(browser.fragment().await, Some(format!("node-{so}")));
    let title = format!("#node-{so} .node-title");
    assert!(
        browser.in_view(&title).await,
        "{}",
        browser.placement(&title).await
    );
    // How late, in days, where the action is.
    let shown = browser.text(&format!("#node-{}", s.actions[0])).await;
    assert!(shown.contains("started 59 days late"), "{shown}");
    browser.finish().await;
    assert_accessible(&failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outsiders_are_told_and_optional_fields_say_so() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let admin = app.client_as(Role::Admin).await;
    let other = admin
        .create(
            "/api/v1/organisations",
            &json!({"name": "Comune ospite", "kind": "municipality", "level": "local"}),
        )
        .await["organisation"]["id"]
        .as_i64()
        .unwrap();
    let planner = app.client_as(Role::Planner).await;
    let closed_to_us = setup(&planner, json!({"audience": "invited", "invited": [other]})).await;
    let open = setup(&planner, json!({})).await;
    let mut failures = Vec::new();
    browser.sign_in(&base, "member@test.example").await;

    // Not invited: told so where the forms would be, and offered none.
    browser
        .goto(&format!(
            "{base}/consultations/{}",
            closed_to_us.consultation
        ))
        .await;
    assert!(
        browser
            .text("#taking-part")
            .await
            .contains("open to invited organisations only, and yours is not one of them")
    );
    assert!(
        browser
            .client
            .find(Locator::Css("#comment-title"))
            .await
            .is_err(),
        "no comment form"
    );
    browser
        .audit("consultation for others", &mut failures)
        .await;

    // Invited: "optional" only on what is.
    browser
        .goto(&format!("{base}/consultations/{}", open.consultation))
        .await;
    let about = browser.text("label[for='comment-field-node_id']").await;
    let comment = browser.text("label[for='comment-field-body']").await;
    assert_eq!(
        (about.as_str(), comment.as_str()),
        ("About (optional)", "Your comment")
    );
    browser
        .audit("consultation open to us", &mut failures)
        .await;
    browser.finish().await;
    assert_accessible(&failures);
}
