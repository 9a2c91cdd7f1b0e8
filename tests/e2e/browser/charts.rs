//! A reader opens an indicator's chart on a plan page: on a desktop it is
//! wide with labels of body-text size, on a phone it fits the screen and
//! its labels stay legible; both pass the accessibility audit.

use pspm_tests::browser::{Browser, assert_accessible, start_with_app};
use pspm_tests::plans::with_demo_plans;

/// The open chart's width and the rendered size of its smallest tick label, in CSS pixels.
async fn measure(browser: &Browser) -> (f64, f64) {
    let v = browser
        .client
        .execute(
            "const svg = document.querySelector('details.chart-details[open] svg');
             const labels = Array.from(svg.querySelectorAll('text.tick'))
                 .map(t => t.getBoundingClientRect().height);
             return [svg.getBoundingClientRect().width, Math.min(...labels)];",
            vec![],
        )
        .await
        .expect("measure the chart");
    let a = v.as_array().expect("two numbers");
    (a[0].as_f64().unwrap(), a[1].as_f64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indicator_charts_read_well_on_a_desktop_and_fit_a_phone() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    let ids = with_demo_plans(&app).await;
    let mut failures = Vec::new();
    for (width, min_chart, min_label) in [(1280, 600.0, 13.0), (390, 280.0, 10.0)] {
        browser.resize(width, 900).await;
        browser.goto(&format!("{base}/plans/{}", ids.plan)).await;
        browser.toggle("details.chart-details summary").await;
        let (chart, label) = measure(&browser).await;
        assert!(
            chart >= min_chart,
            "{width} px: the chart is {chart} px wide"
        );
        assert!(label >= min_label, "{width} px: a label is {label} px tall");
        let overflow = browser
            .client
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        assert!(
            overflow <= 0.0,
            "{width} px: the page is {overflow} px too wide"
        );
        browser
            .audit(&format!("plan page at {width} px"), &mut failures)
            .await;
    }
    assert_accessible(&failures);
    browser.finish().await;
}
