//! An evaluator reads each dashboard, its charts and their tables.

use pspm_tests::browser::start_with_app;
use pspm_tests::plans::with_demo_plans;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_evaluator_reads_each_dashboard_its_charts_and_tables() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    let ids = with_demo_plans(&app).await;
    browser.sign_in(&base, "evaluator@test.example").await;
    browser.goto(&format!("{base}/dashboards")).await;
    browser.click("a[href='/dashboards/participation']").await;
    // A chart, described, with its data as a table.
    let caption = browser.text("#chart-participation-daily figcaption").await;
    assert!(caption.contains("Participants per day"), "{caption}");
    let table = browser.text("#chart-participation-daily table").await;
    assert!(table.contains("Participants so far"), "{table}");
    let svg = browser
        .client
        .execute(
            "return document.querySelector('#chart-participation-daily svg').getAttribute('role')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(svg, "img");
    // Filter by kind of organisation through the form.
    browser.select("#field-organisation_kind", "region").await;
    browser.click("form.filters button[type=submit]").await;
    assert!(browser.path().await.contains("organisation_kind=region"));
    let v = browser.axe().await;
    assert!(v.is_empty(), "participation: {v:?}");
    for path in [
        "/dashboards/quality".to_string(),
        format!("/dashboards/impact?plan={}", ids.plan),
        "/dashboards/practices".to_string(),
    ] {
        browser.goto(&format!("{base}{path}")).await;
        assert!(
            !browser.text("main table").await.is_empty(),
            "{path}: a table"
        );
        let v = browser.axe().await;
        assert!(v.is_empty(), "{path}: {v:?}");
    }
    browser
        .goto(&format!("{base}/dashboards/impact?plan={}", ids.plan))
        .await;
    assert!(
        browser
            .text("#chart-progress-by-area figcaption")
            .await
            .contains("Progress by area")
    );
    browser.goto(&format!("{base}/dashboards/practices")).await;
    assert!(
        browser
            .text("#chart-adoptions-by-territory table")
            .await
            .contains("ITI4")
    );
    browser.finish().await;
}
