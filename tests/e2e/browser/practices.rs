//! A region finds a practice by facets and declares its adoption, and the
//! owner organisation confirms it.

use pspm_backend::domain::Role;
use pspm_backend::services::Actor;
use pspm_backend::services::accounts::{organisations, users};
use pspm_backend::services::practices::edit as practice_edit;
use pspm_tests::PASSWORD;
use pspm_tests::browser::start_with_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_finds_a_practice_by_facets_adopts_it_and_the_owner_confirms() {
    let Some((browser, app, base)) = start_with_app().await else {
        return;
    };
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
                    time_zone: None,
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
                role: Role::Member,
                organisation_id: Some(owner_org),
                display_name: "m".into(),
            };
            let admin = Actor {
                user_id: admin_id,
                role: Role::Admin,
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

    browser.sign_in(&base, "umbria@test.example").await;
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
    browser.sign_in(&base, "member@test.example").await;
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
