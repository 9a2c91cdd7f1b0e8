//! A planner builds a plan through the forms, measures it and adopts it.

use pspm_backend::domain::Role;
use pspm_tests::browser::{assert_accessible, start_with_app};
use pspm_tests::plans::{by_code, nodes};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planner_builds_a_plan_through_the_forms_and_adopts_it() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    let mut failures = Vec::new();
    browser.sign_in(&base, "planner@test.example").await;

    browser.goto(&format!("{base}/plans")).await;
    browser.click("a[href='/plans/new']").await;
    browser
        .fill("#field-title", "Piano triennale di prova")
        .await;
    browser
        .fill("#field-summary", "Un piano creato dal test.")
        .await;
    browser.fill("#field-period_start", "2025-01-01").await;
    browser.fill("#field-period_end", "2027-12-31").await;
    browser.audit("plan form", &mut failures).await;
    browser.click("main button[type=submit]").await;
    let path = browser.path().await;
    assert!(
        path.starts_with("/plans/") && path.ends_with("?saved=1"),
        "{path}"
    );
    let plan: i64 = path
        .trim_start_matches("/plans/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // The same planner reads the tree through the API to find each parent.
    let planner = app.client_as(Role::Planner).await;
    // Area → strategic objective → operational objective → action, each through its form.
    let steps = [
        ("area", None, "A1", "Servizi digitali"),
        (
            "strategic_objective",
            Some("A1"),
            "SO1",
            "Pagamenti più rapidi",
        ),
        (
            "operational_objective",
            Some("SO1"),
            "OO1",
            "Fatturazione elettronica",
        ),
        ("action", Some("OO1"), "AZ1", "Nuova piattaforma"),
    ];
    for (kind, parent, code, title) in steps {
        let selector = match parent {
            None => format!("a[href='/plans/{plan}/nodes/new?kind=area']"),
            Some(p) => {
                let id = by_code(&nodes(&planner, plan).await.0, p)["id"].clone();
                format!("a[href='/plans/{plan}/nodes/new?kind={kind}&parent={id}']")
            }
        };
        browser.click(&selector).await;
        browser.fill("#field-code", code).await;
        browser.fill("#field-title", title).await;
        if kind == "action" {
            browser.fill("#field-progress", "40").await;
            browser.select("#field-status", "on_track").await;
            browser.audit("node form", &mut failures).await;
        }
        browser.click("main form.form button[type=submit]").await;
        assert!(browser.path().await.contains("saved=1"), "{code} saved");
    }
    assert!(browser.text(".tree").await.contains("Nuova piattaforma"));

    // An indicator on the strategic objective, then a measurement.
    let so = by_code(&nodes(&planner, plan).await.0, "SO1")["id"].clone();
    browser
        .click(&format!("a[href='/nodes/{so}/indicators/new']"))
        .await;
    browser.fill("#field-name", "Tempi medi di pagamento").await;
    browser.fill("#field-unit", "giorni").await;
    browser.select("#field-direction", "decrease").await;
    browser.fill("#field-baseline_value", "45").await;
    browser.fill("#field-baseline_date", "2024-12-31").await;
    browser.select("#field-frequency", "annual").await;
    browser.fill("#field-target_period_0", "2027").await;
    browser.fill("#field-target_due_0", "2027-12-31").await;
    browser.fill("#field-target_value_0", "30").await;
    browser.audit("indicator form", &mut failures).await;
    browser.click("main form.form button[type=submit]").await;
    browser
        .click("a[href^='/indicators/'][href$='/measurements/new']")
        .await;
    browser.fill("#field-date", "2025-12-31").await;
    browser.fill("#field-value", "39,5").await;
    browser.click("main form.form button[type=submit]").await;
    assert!(browser.source().await.contains("<svg"));

    // Adopt: the page says what adopting stores and asks; then version 1.
    browser.click("button[name=status][value=adopted]").await;
    assert!(browser.text("main").await.contains("stored as version 1"));
    browser.audit("adoption asked", &mut failures).await;
    browser.click("#confirm-transition").await;
    assert!(browser.text(".summary-list").await.contains('1'));
    browser.audit("plan page", &mut failures).await;
    browser.goto(&format!("{base}/plans/{plan}/versions")).await;
    assert!(browser.text("table").await.contains("Version 1"));
    browser.audit("versions page", &mut failures).await;

    // The public sees the adopted plan, its chart and its text alternative.
    browser.click(".main-nav form button").await;
    browser.goto(&format!("{base}/plans/{plan}")).await;
    let source = browser.source().await;
    assert!(
        source.contains("Adopted")
            && source.contains("<svg")
            && source.contains("Values of Tempi medi di pagamento")
    );
    assert!(!source.contains("Plan editor"));
    browser.screenshot("plan_public").await;
    browser.audit("public plan page", &mut failures).await;
    browser.finish().await;
    assert_accessible(&failures);
}
