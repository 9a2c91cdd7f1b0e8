//! Browser tests in real headless Chromium against a real listener: sign in,
//! switch language, create an organisation, keyboard use, and an axe-core
//! accessibility audit of every page.

use pspm_tests::browser::Browser;
use pspm_tests::{Backend, PASSWORD, TestApp};

async fn sign_in(browser: &Browser, base: &str, email: &str) {
    browser.goto(&format!("{base}/sign-in")).await;
    browser.fill("#field-email", email).await;
    browser.fill("#field-password", PASSWORD).await;
    browser.click("main button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_signs_in_switches_language_and_creates_an_organisation() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let base = app.serve().await;

    // A wrong password first: the form comes back with the message.
    browser.goto(&format!("{base}/sign-in")).await;
    browser.fill("#field-email", "admin@test.example").await;
    browser.fill("#field-password", "not-the-password").await;
    browser.click("main button[type=submit]").await;
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("The email address or password is wrong.")
    );

    sign_in(&browser, &base, "admin@test.example").await;
    assert_eq!(browser.path().await, "/");
    assert!(
        browser
            .text(".main-nav")
            .await
            .contains("Sign out (Test admin)")
    );

    // Switch to Italian from the header.
    browser.click(".lang-switcher a[lang=it]").await;
    assert_eq!(browser.path().await, "/");
    assert!(browser.source().await.contains("<html lang=\"it\">"));
    assert!(browser.text(".main-nav").await.contains("Amministrazione"));

    // Create an organisation through the form.
    browser
        .goto(&format!("{base}/admin/organisations/new"))
        .await;
    browser.fill("#field-name", "Regione Toscana").await;
    browser.select("#field-kind", "region").await;
    browser.select("#field-level", "regional").await;
    browser.fill("#field-territory_code", "ITI1").await;
    browser.click("main button[type=submit]").await;
    assert_eq!(browser.path().await, "/admin/organisations?saved=1");
    let table = browser.text("table").await;
    assert!(
        table.contains("Regione Toscana") && table.contains("ITI1"),
        "{table}"
    );
    assert!(table.contains("Regione"), "kind shown in Italian");

    // Bad input: the form is re-shown with the field's message, focusable summary.
    browser
        .goto(&format!("{base}/admin/organisations/new"))
        .await;
    browser.click("main button[type=submit]").await;
    let summary = browser.text(".error-summary").await;
    assert!(!summary.is_empty() && !summary.contains('⟦'), "{summary}");

    browser.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_the_accessibility_audit_and_works_by_keyboard() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let base = app.serve().await;
    let org = app.org_id;
    let user = app.users["member"].0;

    // The audit itself works: a page with known faults fails it.
    browser
        .goto("data:text/html,<html><body><img src='x.png'><a href='#'></a></body></html>")
        .await;
    let known = browser.axe().await;
    assert!(
        known.iter().any(|v| v.starts_with("image-alt")),
        "axe finds a missing alt text: {known:?}"
    );
    assert!(
        known.iter().any(|v| v.starts_with("html-has-lang")),
        "{known:?}"
    );

    let mut failures = Vec::new();
    let anonymous = ["/", "/sign-in", "/no-such-page"];
    for path in anonymous {
        browser.goto(&format!("{base}{path}")).await;
        for v in browser.axe().await {
            failures.push(format!("{path}: {v}"));
        }
    }
    // The first Tab reaches the skip link, which leads to the main content.
    browser.goto(&format!("{base}/")).await;
    browser
        .client
        .active_element()
        .await
        .expect("active element")
        .send_keys("\u{E004}")
        .await
        .expect("tab");
    let focused = browser
        .client
        .execute("return document.activeElement.className", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "skip-link", "the skip link is the first stop");

    // An invalid form, as re-shown.
    browser.goto(&format!("{base}/sign-in")).await;
    browser.click("main button[type=submit]").await;
    for v in browser.axe().await {
        failures.push(format!("/sign-in (errors): {v}"));
    }

    let ids = crate::pages::with_demo_plans(&app).await;
    let large =
        crate::plans::large_plan(&app.client_as(pspm_backend::domain::Role::Planner).await).await;
    sign_in(&browser, &base, "admin@test.example").await;
    let signed_in = [
        "/plans".to_string(),
        "/plans/import".to_string(),
        "/practices".to_string(),
        "/practices?q=canvas".to_string(),
        format!("/practices/{}", ids.practice),
        format!("/practices/{}/edit", ids.practice),
        format!("/practices/{}/texts", ids.practice),
        "/practices/new".to_string(),
        "/practices/manage".to_string(),
        "/dashboards".to_string(),
        "/dashboards/participation".to_string(),
        "/dashboards/quality".to_string(),
        format!("/dashboards/impact?plan={}", ids.plan),
        "/dashboards/practices".to_string(),
        "/adoptions".to_string(),
        format!("/indicators/{}/edit", ids.indicator),
        format!("/plans/{}", ids.plan),
        format!("/plans/{}?branch={}", ids.plan, ids.node),
        format!("/plans/{large}"),
        format!("/plans/{}/versions?from=1&to=1", ids.plan),
        format!("/plans/{}/edit", ids.plan),
        format!("/nodes/{}/edit", ids.node),
        format!("/nodes/{}/indicators/new", ids.node),
        format!("/indicators/{}/measurements/new", ids.indicator),
        "/".to_string(),
        "/account".into(),
        "/admin/organisations".into(),
        "/admin/organisations/new".into(),
        format!("/admin/organisations/{org}/edit"),
        "/admin/users".into(),
        "/admin/users/new".into(),
        format!("/admin/users/{user}/edit"),
    ];
    for lang in ["en", "it", "es", "lv"] {
        browser.goto(&format!("{base}/lang/{lang}?next=/")).await;
        for path in &signed_in {
            browser.goto(&format!("{base}{path}")).await;
            browser
                .screenshot(&format!("{lang}{}", path.replace('/', "_")))
                .await;
            for v in browser.axe().await {
                failures.push(format!("{lang} {path}: {v}"));
            }
        }
    }
    browser.goto(&format!("{base}/practices/new")).await;
    browser.click("main form.form button[type=submit]").await;
    for v in browser.axe().await {
        failures.push(format!("/practices/new (errors): {v}"));
    }
    browser.goto(&format!("{base}/admin/users/new")).await;
    browser.click("main button[type=submit]").await;
    browser.screenshot("errors_admin_users_new").await;
    for v in browser.axe().await {
        failures.push(format!("/admin/users/new (errors): {v}"));
    }
    browser.finish().await;
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planner_builds_a_plan_through_the_forms_and_adopts_it() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let base = app.serve().await;
    let mut failures = Vec::new();
    sign_in(&browser, &base, "planner@test.example").await;

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
    for v in browser.axe().await {
        failures.push(format!("plan form: {v}"));
    }
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
                let tree = app
                    .client_as(pspm_backend::domain::Role::Planner)
                    .await
                    .get(&format!("/api/v1/plans/{plan}/nodes"))
                    .await
                    .json();
                let id = tree["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|n| n["code"] == p)
                    .unwrap()["id"]
                    .clone();
                format!("a[href='/plans/{plan}/nodes/new?kind={kind}&parent={id}']")
            }
        };
        browser.click(&selector).await;
        browser.fill("#field-code", code).await;
        browser.fill("#field-title", title).await;
        if kind == "action" {
            browser.fill("#field-progress", "40").await;
            browser.select("#field-status", "on_track").await;
            for v in browser.axe().await {
                failures.push(format!("node form: {v}"));
            }
        }
        browser.click("main form.form button[type=submit]").await;
        assert!(browser.path().await.contains("saved=1"), "{code} saved");
    }
    assert!(browser.text(".tree").await.contains("Nuova piattaforma"));

    // An indicator on the strategic objective, then a measurement.
    let tree = app
        .client_as(pspm_backend::domain::Role::Planner)
        .await
        .get(&format!("/api/v1/plans/{plan}/nodes"))
        .await
        .json();
    let so = tree["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "SO1")
        .unwrap()["id"]
        .clone();
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
    for v in browser.axe().await {
        failures.push(format!("indicator form: {v}"));
    }
    browser.click("main form.form button[type=submit]").await;
    browser
        .click("a[href^='/indicators/'][href$='/measurements/new']")
        .await;
    browser.fill("#field-date", "2025-12-31").await;
    browser.fill("#field-value", "39,5").await;
    browser.click("main form.form button[type=submit]").await;
    assert!(browser.source().await.contains("<svg"));

    // Adopt: version 1.
    browser.click("button[name=status][value=adopted]").await;
    assert!(browser.text(".summary-list").await.contains('1'));
    for v in browser.axe().await {
        failures.push(format!("plan page: {v}"));
    }
    browser.goto(&format!("{base}/plans/{plan}/versions")).await;
    assert!(browser.text("table").await.contains("Version 1"));
    for v in browser.axe().await {
        failures.push(format!("versions page: {v}"));
    }

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
    for v in browser.axe().await {
        failures.push(format!("public plan page: {v}"));
    }
    browser.finish().await;
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_takes_part_and_sees_what_became_of_the_proposal() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let base = app.serve().await;
    let planner = app.client_as(pspm_backend::domain::Role::Planner).await;
    let s = crate::consultations::setup(&app, &planner, serde_json::json!({})).await;
    let k = s.consultation;
    let theirs = planner
        .post_json(
            &format!("/api/v1/consultations/{k}/contributions"),
            &serde_json::json!({"kind": "proposal", "title": "Sportello unico", "body": "Un solo accesso", "node_id": s.objective}),
        )
        .await
        .json()["contribution"]["id"]
        .clone();
    let mut failures = Vec::new();

    // The member comments, proposes and supports.
    sign_in(&browser, &base, "member@test.example").await;
    browser.goto(&format!("{base}/consultations/{k}")).await;
    for v in browser.axe().await {
        failures.push(format!("consultation page: {v}"));
    }
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
            "form[action='/contributions/{theirs}/support'] button"
        ))
        .await;
    assert!(browser.source().await.contains("Withdraw my support"));
    browser.click(".main-nav form button").await;

    // The planner answers from the queue and turns the proposal into an action.
    sign_in(&browser, &base, "planner@test.example").await;
    browser.goto(&format!("{base}/responses")).await;
    for v in browser.axe().await {
        failures.push(format!("response queue: {v}"));
    }
    let mine = app
        .client_as(pspm_backend::domain::Role::Member)
        .await
        .get("/api/v1/me/contributions")
        .await
        .json();
    let proposal = mine["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "proposal")
        .unwrap()["id"]
        .clone();
    let form = format!("form[action='/contributions/{proposal}/respond']");
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
    for v in browser.axe().await {
        failures.push(format!("moderation: {v}"));
    }
    browser
        .goto(&format!("{base}/plans/{}/consultations/new", s.plan))
        .await;
    for v in browser.axe().await {
        failures.push(format!("new consultation: {v}"));
    }
    browser.click(".main-nav form button").await;

    // The member sees the response and the link to the action.
    sign_in(&browser, &base, "member@test.example").await;
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
    for v in browser.axe().await {
        failures.push(format!("my contributions: {v}"));
    }
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
        for v in browser.axe().await {
            failures.push(format!("{path}: {v}"));
        }
    }
    browser.finish().await;
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_finds_a_practice_by_facets_adopts_it_and_the_owner_confirms() {
    use pspm_backend::services::Actor;
    use pspm_backend::services::accounts::organisations;
    use pspm_backend::services::accounts::users;
    use pspm_backend::services::practices::edit as practice_edit;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let base = app.serve().await;
    let (owner_org, admin_id) = (app.org_id, app.users["admin"].0);
    let member_id = app.users["member"].0;
    // A region with a member, and three published practices of the ministry.
    app.db
        .run(move |c| {
            let region = organisations::create_system(
                c,
                &organisations::OrganisationInput {
                    name: "Regione Umbria".into(),
                    kind: "region".into(),
                    level: "regional".into(),
                    territory_code: Some("ITI2".into()),
                    parent_id: None,
                },
            )?;
            users::create_system(
                c,
                &users::UserInput {
                    email: "umbria@test.example".into(),
                    display_name: "Umbria".into(),
                    organisation_id: Some(region.id),
                    role: "member".into(),
                    password: Some(PASSWORD.into()),
                },
            )?;
            let member = Actor {
                user_id: member_id,
                role: pspm_backend::domain::Role::Member,
                organisation_id: Some(owner_org),
                display_name: "m".into(),
            };
            let admin = Actor {
                user_id: admin_id,
                role: pspm_backend::domain::Role::Admin,
                organisation_id: Some(owner_org),
                display_name: "a".into(),
            };
            for (title, level, sdgs) in [
                ("Sportello unico digitale", "national", vec![9]),
                ("Sportello per le famiglie", "local", vec![9]),
                ("Sportello energia", "national", vec![7]),
            ] {
                let p = practice_edit::create(
                    c,
                    &member,
                    &practice_edit::PracticeInput {
                        texts: practice_edit::TextsInput {
                            lang: "it".into(),
                            title: title.into(),
                            summary: format!("{title}: uno sportello per tutti."),
                            problem: "Troppi uffici.".into(),
                            solution: "Uno sportello.".into(),
                            ..Default::default()
                        },
                        country: Some("IT".into()),
                        level: Some(level.into()),
                        policy_area: Some("digital".into()),
                        sdgs,
                        ..Default::default()
                    },
                )?;
                for (who, action) in [(&member, "submit"), (&admin, "publish")] {
                    practice_edit::transition(
                        c,
                        who,
                        p.id,
                        &practice_edit::TransitionInput {
                            action: action.into(),
                            comment: String::new(),
                        },
                    )?;
                }
            }
            Ok(())
        })
        .await
        .unwrap();

    sign_in(&browser, &base, "umbria@test.example").await;
    browser.goto(&format!("{base}/practices")).await;
    browser.fill("#field-q", "sportello").await;
    browser.click("form[role=search] button[type=submit]").await;
    assert!(browser.text("main [role=status]").await.contains('3'));
    // Narrow by two facets: national level, then SDG 9.
    browser
        .click("#facet-level + ul a[href*='level=national']")
        .await;
    assert!(browser.text("main [role=status]").await.contains('2'));
    browser.click("a[href*='sdg=9']").await;
    assert_eq!(
        browser.path().await,
        "/practices?q=sportello&level=national&sdg=9"
    );
    let results = browser.text(".results").await;
    assert!(
        results.contains("Sportello unico digitale") && !results.contains("energia"),
        "{results}"
    );
    assert!(results.contains("0 confirmed adoptions"), "{results}");
    browser.click(".practice-list h2 a").await;
    // Declare the adoption through the form.
    browser.fill("#field-adopted_on", "15/09/2026").await;
    browser
        .fill("#field-context", "Sportello regionale per le imprese umbre")
        .await;
    browser
        .fill("#field-outcome", "Tempi di risposta dimezzati")
        .await;
    browser
        .click("form[action$='/adoptions'] button[type=submit]")
        .await;
    assert!(
        browser
            .text(".notice")
            .await
            .contains("It counts once the owner confirms it")
    );
    assert!(browser.text("#adoptions-title").await.contains("(0)"));
    let practice_path = browser.path().await;
    let practice_path = practice_path.split('?').next().unwrap().to_owned();

    // The owner organisation confirms it.
    browser.client.delete_all_cookies().await.unwrap();
    sign_in(&browser, &base, "member@test.example").await;
    browser.goto(&format!("{base}/adoptions")).await;
    assert!(browser.text("main").await.contains("Regione Umbria"));
    browser.click("button[value=confirm]").await;
    browser.goto(&format!("{base}{practice_path}")).await;
    assert!(browser.text("#adoptions-title").await.contains("(1)"));
    assert!(
        browser
            .text("main")
            .await
            .contains("Tempi di risposta dimezzati")
    );
    browser
        .goto(&format!(
            "{base}/practices?q=sportello&level=national&sdg=9"
        ))
        .await;
    let results = browser.text(".results").await;
    assert!(results.contains("1 confirmed adoption"), "{results}");
    let v = browser.axe().await;
    assert!(v.is_empty(), "accessibility: {v:?}");
    browser.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_evaluator_reads_each_dashboard_its_charts_and_tables() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let base = app.serve().await;
    let ids = crate::pages::with_demo_plans(&app).await;
    sign_in(&browser, &base, "evaluator@test.example").await;
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
