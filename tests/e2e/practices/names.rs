//! Licences and territories read by name: licences stored as SPDX
//! identifiers whatever spelling was typed or imported, territory codes
//! shown and found by their NUTS / ISTAT names.

use pspm_backend::domain::Role;
use pspm_tests::both;
use pspm_tests::practices::{catalogue, create, facet, import_catalogue, practice, publish};
use serde_json::json;

both!(
    licences_are_stored_as_spdx_and_shown_by_name,
    |app| async move {
        let member = app.client_as(Role::Member).await;
        let admin = app.client_as(Role::Admin).await;
        let mut typed = practice(
            "Sportello unico",
            "Uno sportello.",
            "local",
            "digital",
            &[9],
            &[],
        );
        typed["licence"] = json!("cc by-sa 4.0");
        let spelled = create(&member, &typed).await;
        typed["title"] = json!("Licenza propria");
        typed["licence"] = json!("Condizioni del Comune");
        let own = create(&member, &typed).await;
        publish(&member, &admin, spelled).await;
        publish(&member, &admin, own).await;
        let p = member
            .get(&format!("/api/v1/practices/{spelled}"))
            .await
            .json();
        assert_eq!(p["practice"]["licence"], "CC-BY-SA-4.0");
        let page = member.get(&format!("/practices/{spelled}")).await.text();
        assert!(
            page.contains("Creative Commons Attribution-ShareAlike 4.0 (CC-BY-SA-4.0)"),
            "the licence by its name"
        );
        let page = member.get(&format!("/practices/{own}")).await.text();
        assert!(
            page.contains("Condizioni del Comune (not a licence we recognise)"),
            "an unknown licence is kept as written and said to be unknown"
        );
        // A filter typed as people write it finds the identifier's practices.
        let r = member
            .get("/api/v1/practices?licence=CC%20BY-SA%204.0")
            .await
            .json();
        assert_eq!(r["meta"]["total"], 1);
        assert_eq!(facet(&r["facets"], "licence", "CC-BY-SA-4.0"), 1);
    }
);

both!(
    the_interlink_licences_become_licence_refs,
    |app| async move {
        let Some(dir) = catalogue("INTERLINK licences") else {
            return;
        };
        import_catalogue(&app, dir, false).await;
        let anon = app.client();
        let all = anon.get("/api/v1/practices").await.json();
        let f = &all["facets"]["licence"];
        let values: Vec<&str> = f
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_str().unwrap())
            .collect();
        assert!(
            values.iter().all(|v| v.starts_with("LicenseRef-")),
            "no INTERLINK code is left: {values:?}"
        );
        anon.get("/lang/it").await;
        let html = anon.get("/practices").await.text();
        assert!(
            html.contains("Pubblico dominio"),
            "a kind of licence in words"
        );
        assert!(!html.contains("propietary") && !html.contains("public_domain"));
        // The catalogue's own export, imported again, keeps the identifiers.
        let admin = app.client_as(Role::Admin).await;
        let exported = admin.get("/api/v1/practices/export?format=json").await;
        assert!(
            exported
                .text()
                .contains("\"licence\":\"LicenseRef-Proprietary\"")
                || exported
                    .text()
                    .contains("\"licence\": \"LicenseRef-Proprietary\""),
            "the export names the identifier"
        );
    }
);

both!(territories_are_shown_and_found_by_name, |app| async move {
    let member = app.client_as(Role::Member).await;
    let admin = app.client_as(Role::Admin).await;
    let mut body = practice(
        "Bilancio partecipativo",
        "Scelte comuni.",
        "local",
        "social",
        &[16],
        &[],
    );
    body["territory_code"] = json!("037006");
    let city = create(&member, &body).await;
    publish(&member, &admin, city).await;
    let anon = app.client();
    let page = anon.get(&format!("/practices/{city}")).await.text();
    assert!(
        page.contains("Bologna (037006)"),
        "the municipality by name"
    );
    let list = anon.get("/practices?territory=037006").await.text();
    assert!(
        list.contains("Bologna (037006)"),
        "the facet and the card by name"
    );
    // Typing the place's name finds the practice; the code alone does too.
    for q in ["Bologna", "bologna%20bilancio", "037006"] {
        let r = anon.get(&format!("/api/v1/practices?q={q}")).await.json();
        let titles: Vec<&str> = r["practices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap())
            .collect();
        assert!(
            titles.contains(&"Bilancio partecipativo"),
            "{q}: {titles:?}"
        );
    }
    // A code that names no known territory is shown as written.
    body["title"] = json!("Altrove");
    body["territory_code"] = json!("XX99");
    let elsewhere = create(&member, &body).await;
    let page = member.get(&format!("/practices/{elsewhere}")).await.text();
    assert!(page.contains("XX99") && !page.contains("XX99 ("));
});
