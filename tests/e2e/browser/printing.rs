//! An administrator prints the national plan's page: the paper carries the
//! plan with its folded figures opened and numbered pages, and none of the
//! site's header, navigation, forms or edit links.

use fantoccini::wd::PrintConfiguration;
use pspm_tests::browser::{pdf_text, start_with_app};
use pspm_tests::plans::with_demo_plans;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn printing_a_plan_page_gives_the_document_not_the_site() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
    let ids = with_demo_plans(&app).await;
    let title = app
        .client()
        .get(&format!("/api/v1/plans/{}", ids.plan))
        .await
        .json()["plan"]["title"]
        .as_str()
        .unwrap()
        .to_owned();
    browser.sign_in(&base, "admin@test.example").await;
    browser.goto(&format!("{base}/plans/{}", ids.plan)).await;
    // On screen: the chrome and the editor's controls are there.
    let screen = browser.text("body").await;
    for shown in ["Sign out", "Record a measurement", "Edit"] {
        assert!(screen.contains(shown), "on screen: {shown}");
    }
    let pdf = browser
        .client
        .print(PrintConfiguration::default())
        .await
        .expect("print the page");
    let Some(paper) = pdf_text(&pdf) else {
        return;
    };
    let flat = paper.split_whitespace().collect::<Vec<_>>().join(" ");
    // Lines may break anywhere in a long title.
    let bare = |t: &str| t.split_whitespace().collect::<String>();
    assert!(
        bare(&flat).contains(&bare(&title)),
        "the plan's title in {flat}"
    );
    for hidden in [
        "Sign out",
        "Record a measurement",
        "Skip to main content",
        "Italiano",
        "All plans",
    ] {
        assert!(!flat.contains(hidden), "printed: {hidden}");
    }
    assert!(
        flat.contains("Forecast at the final target date"),
        "a folded chart's table is printed"
    );
    let pages = paper
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .count();
    assert!(flat.contains(&format!("1 / {pages}")), "numbered pages");
    browser.finish().await;
}
