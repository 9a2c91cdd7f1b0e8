//! On a phone (390 px): a member's comment keeps what it is about wherever
//! it is listed (the thread, "my contributions", "you said, we did"), and a
//! planner reads how late each action is and sees a new action lower its
//! objective's progress. Every page passes the accessibility audit.

use fantoccini::Locator;
use pspm_backend::domain::Role;
use pspm_tests::browser::{assert_accessible, start_with_app};
use pspm_tests::consultations::{my_contribution, respond, setup};
use pspm_tests::plans::{by_code, nodes, sample};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_keeps_its_objective_wherever_it_is_listed() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let s = setup(&planner, json!({})).await;
    let k = s.consultation;
    let mut failures = Vec::new();

    // The member comments on the objective through the page.
    browser.sign_in(&base, "member@test.example").await;
    browser.goto(&format!("{base}/consultations/{k}")).await;
    browser
        .fill("#comment-field-body", "Servono più sportelli.")
        .await;
    browser
        .select("#comment-field-node_id", &s.objective.to_string())
        .await;
    browser
        .click("#comment-title ~ form button[type=submit]")
        .await;
    let comment = my_contribution(&app.client_as(Role::Member).await, "comment").await;
    let item = format!("#contribution-{comment}");
    let shown = browser.text(&format!("{item} .context")).await;
    assert_eq!(shown, "About: OO1 – Obiettivo operativo");

    let r = respond(
        &planner,
        comment,
        json!({"status": "accepted", "body": "Ne apriremo due."}),
    )
    .await;
    assert!(r.status.is_success(), "{}", r.text());
    let trail = "Piano in consultazione › Consultazione pubblica › OO1 – Obiettivo operativo";
    for (path, label) in [
        ("/my/contributions".to_string(), "my contributions"),
        (
            format!("/consultations/{k}/you-said-we-did"),
            "you said, we did",
        ),
    ] {
        browser.goto(&format!("{base}{path}")).await;
        let shown = browser.text(&item).await;
        assert!(
            shown.contains(trail) && shown.contains("Ne apriremo due."),
            "{label}: {shown}"
        );
        browser.audit(label, &mut failures).await;
    }
    // The objective's link leads to the objective (by keyboard: on a phone
    // the link wraps, and a click at its box's centre lands on the line above).
    let link = browser
        .client
        .find(Locator::Css(&format!(
            "{item} .context a[href='/nodes/{}']",
            s.objective
        )))
        .await
        .expect("the objective's link");
    browser
        .client
        .execute(
            "arguments[0].focus()",
            vec![serde_json::to_value(&link).unwrap()],
        )
        .await
        .expect("focus the link");
    browser.press_and_wait("\u{E007}").await;
    assert_eq!(browser.path().await, format!("/plans/{}", s.plan));
    let node = format!("node-{}", s.objective);
    assert_eq!(browser.fragment().await, Some(node.clone()));
    assert!(browser.in_view(&format!("#{node} .node-title")).await);
    assert_eq!(
        browser.text(&format!("#{node} .node-title")).await,
        "OO1 – Obiettivo operativo"
    );

    browser.finish().await;
    assert_accessible(&failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overdue_is_told_from_completed_late_and_a_new_action_counts_as_not_started() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    browser.resize(390, 844).await;
    let planner = app.client_as(Role::Planner).await;
    let (plan, _) = sample(&planner).await;
    let (ns, _) = nodes(&planner, plan).await;
    // AZ2 is past its planned end and not done; AZ3 was done after it.
    for (code, dates) in [
        (
            "AZ2",
            json!({"planned_start": "2025-01-01", "actual_start": "2025-01-01", "planned_end": "2025-06-30", "status": "on_track", "progress": 50.0}),
        ),
        (
            "AZ3",
            json!({"planned_end": "2025-06-30", "actual_start": "2025-01-01", "actual_end": "2025-07-05", "status": "done", "progress": 100.0}),
        ),
    ] {
        let n = by_code(&ns, code);
        let mut body = json!({"lock_version": n["lock_version"], "kind": "action", "code": code, "title": n["title"]});
        for (k, v) in dates.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = planner
            .patch_json(&format!("/api/v1/nodes/{}", n["id"]), &body)
            .await;
        assert!(r.status.is_success(), "{}", r.text());
    }
    let id = |code: &str| by_code(&ns, code)["id"].as_i64().unwrap();
    let since = (chrono::Utc::now().date_naive()
        - chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap())
    .num_days();
    let meta = |code: &str| format!("#node-{} > article > .node-meta", id(code));
    let mut failures = Vec::new();

    browser.sign_in(&base, "planner@test.example").await;
    browser.goto(&format!("{base}/plans/{plan}")).await;
    let overdue = browser.text(&meta("AZ2")).await;
    assert!(
        overdue.contains(&format!("overdue by {since} days")) && !overdue.contains("completed"),
        "{overdue}"
    );
    let late = browser.text(&meta("AZ3")).await;
    assert!(
        late.contains("completed 5 days late") && !late.contains("overdue"),
        "{late}"
    );
    // OO1: the mean of AZ1 (100 %) and AZ2 (50 %).
    assert!(browser.text(&meta("OO1")).await.contains("75 % complete"));
    browser.audit("plan with late actions", &mut failures).await;

    // A new action without progress has not started: it counts as 0 %.
    browser
        .click(&format!(
            "a[href='/plans/{plan}/nodes/new?kind=action&parent={}']",
            id("OO1")
        ))
        .await;
    browser.fill("#field-code", "AZ5").await;
    browser.fill("#field-title", "Non ancora avviata").await;
    browser.click("main form.form button[type=submit]").await;
    assert!(browser.path().await.contains("saved=1"));
    browser.goto(&format!("{base}/plans/{plan}")).await;
    assert!(browser.text(&meta("OO1")).await.contains("50 % complete"));
    let az5 = by_code(&nodes(&planner, plan).await.0, "AZ5")["id"].clone();
    assert!(
        browser
            .text(&format!("#node-{az5} > article > .node-meta"))
            .await
            .contains("0 % complete")
    );

    browser.finish().await;
    assert_accessible(&failures);
}
