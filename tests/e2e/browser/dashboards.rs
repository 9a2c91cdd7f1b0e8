//! An evaluator reads each dashboard, its charts and their tables, on a
//! desktop and on a phone.

use fantoccini::Locator;
use pspm_tests::browser::{Browser, assert_accessible, start_with_app};
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

/// The page's headings in order, as "level text" (hidden ones too: screen
/// readers list them).
async fn headings(browser: &Browser) -> Vec<(u8, String)> {
    let v = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
                .map(h => h.tagName.substring(1) + ' ' + h.textContent.trim());",
            vec![],
        )
        .await
        .expect("list the headings");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|h| {
            let (level, text) = h.as_str().unwrap_or_default().split_once(' ').unwrap();
            (level.parse().unwrap(), text.to_owned())
        })
        .collect()
}

/// Fails unless the outline starts with the one h1 and never skips a level.
fn assert_outline(path: &str, outline: &[(u8, String)]) {
    assert_eq!(outline.first().map(|h| h.0), Some(1), "{path}: {outline:?}");
    assert_eq!(outline.iter().filter(|h| h.0 == 1).count(), 1, "{path}");
    for pair in outline.windows(2) {
        assert!(
            pair[1].0 <= pair[0].0 + 1,
            "{path}: {:?} follows {:?}",
            pair[1],
            pair[0]
        );
    }
}

/// How far the page scrolls sideways (0: it fits the window).
async fn sideways(browser: &Browser) -> i64 {
    browser
        .client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .expect("measure the page")
        .as_i64()
        .unwrap_or(i64::MAX)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_dashboard_reads_in_order_and_fits_a_phone() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    let ids = with_demo_plans(&app).await;
    browser.resize(390, 844).await;
    let boards = [
        "/dashboards/participation".to_string(),
        "/dashboards/quality".to_string(),
        format!("/dashboards/impact?plan={}", ids.plan),
        "/dashboards/practices".to_string(),
    ];
    for lang in ["en", "it", "es", "lv"] {
        browser.goto(&format!("{base}/lang/{lang}?next=/")).await;
        for path in &boards {
            browser.goto(&format!("{base}{path}")).await;
            assert_eq!(
                sideways(&browser).await,
                0,
                "{lang} {path} scrolls sideways at 390 px"
            );
            assert_outline(&format!("{lang} {path}"), &headings(&browser).await);
        }
    }
    browser.goto(&format!("{base}/lang/en?next=/")).await;
    let mut failures = Vec::new();
    for path in &boards {
        browser.goto(&format!("{base}{path}")).await;
        let outline = headings(&browser).await;
        // Every chart's title is a heading.
        let charts = browser
            .client
            .execute(
                "return Array.from(document.querySelectorAll('figure.chart'))
                    .map(f => f.querySelector('figcaption > h2, figcaption > h3')?.textContent.trim() ?? '');",
                vec![],
            )
            .await
            .unwrap();
        for title in charts.as_array().unwrap() {
            let title = title.as_str().unwrap();
            assert!(!title.is_empty(), "{path}: a chart without a heading");
            assert!(outline.iter().any(|h| h.1 == title), "{path}: {title}");
        }
        browser
            .screenshot(&format!("phone{}", path.replace(['/', '?', '='], "_")))
            .await;
        browser
            .audit(&format!("390 px {path}"), &mut failures)
            .await;
    }
    assert_accessible(&failures);
    // The participation board's chart titles, in the outline.
    browser
        .goto(&format!("{base}/dashboards/participation"))
        .await;
    let outline = headings(&browser).await;
    for title in ["Participants per day", "Official responses by outcome"] {
        assert!(outline.contains(&(2, title.to_owned())), "{outline:?}");
    }

    // The impact board's contents lead to an indicator, and back.
    browser
        .goto(&format!("{base}/dashboards/impact?plan={}", ids.plan))
        .await;
    let link = browser
        .client
        .find(Locator::Css("#contents ol ol a"))
        .await
        .expect("a link to an indicator");
    let target = link.attr("href").await.unwrap().unwrap();
    link.click().await.expect("follow the link");
    assert_eq!(browser.fragment().await.as_deref(), Some(&target[1..]));
    let heading = format!("{target} h3");
    assert!(
        browser.in_view(&heading).await,
        "{}",
        browser.placement(&heading).await
    );
    browser.screenshot("phone_impact_indicator").await;
    let back = format!("section:has({target}) .back-to-contents a");
    browser
        .client
        .find(Locator::Css(&back))
        .await
        .expect("the way back")
        .click()
        .await
        .expect("go back to the contents");
    assert_eq!(browser.fragment().await.as_deref(), Some("contents"));
    assert!(browser.in_view("#contents-title").await);
    browser.finish().await;
}
