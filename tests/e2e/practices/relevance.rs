//! Relevance: queries a person would type (plurals, other languages,
//! misspellings, phrases, tags, exclusions) against the INTERLINK catalogue
//! and the demo, each with the practices it must show on the first page.

use diesel::prelude::*;
use pspm_backend::db::schema::{practice_texts, practices};
use pspm_tests::both;
use pspm_tests::practices::{catalogue, import_catalogue};
use serde_json::Value;

/// `(query, practices it must find on the first page)`: INTERLINK entries by
/// their slug without `interlink:`, demo practices by their Italian title.
const MUST_FIND: &[(&str, &[&str])] = &[
    // Tags.
    (
        "privacy",
        &["edpb_data_protection_guidelines", "consent_form_template"],
    ),
    ("gdpr", &["edpb_data_protection_guidelines"]),
    ("newsletter", &["brevo", "mailchimp"]),
    ("dashboard", &["grafana"]),
    ("voting", &["loomio"]),
    ("decision making", &["loomio", "augmenter"]),
    (
        "hackathon",
        &["hackathon_rules_template_for_interlink_project"],
    ),
    // Problem profiles by their names, in English and Italian.
    (
        "ideas crowdsourcing",
        &["booking_activity_module_bam", "co_business_accelerator"],
    ),
    ("crowdsourcing di idee", &["co_calendar"]),
    // Plurals and other forms of a word.
    (
        "survey",
        &["guidelines_for_online_surveys", "survey_editor"],
    ),
    (
        "surveys",
        &["guidelines_for_online_surveys", "survey_editor"],
    ),
    (
        "interviews",
        &[
            "guidelines_for_interviews",
            "template_for_structured_interview",
        ],
    ),
    (
        "interview",
        &[
            "guidelines_for_interviews",
            "template_for_semi_structured_interview",
        ],
    ),
    (
        "questionnaires",
        &[
            "co_producers_perceptions_questionnaire",
            "final_end_user_s_questionnaire_quality_of_service",
        ],
    ),
    (
        "stakeholder",
        &[
            "stakeholder_types_guidelines",
            "stakeholders_mapping_canvas",
        ],
    ),
    (
        "tutorials",
        &[
            "basic_tutorial_for_the_collaborative_environment",
            "advanced_tutorial_for_the_collaborative_environment",
        ],
    ),
    // Other languages.
    (
        "questionario",
        &[
            "co_producers_perceptions_questionnaire",
            "final_end_user_s_questionnaire_quality_of_service",
        ],
    ),
    ("cuestionario", &["co_producers_perceptions_questionnaire"]),
    (
        "interviste",
        &[
            "template_for_structured_interview",
            "guidelines_for_interviews",
        ],
    ),
    ("entrevistas", &["template_for_structured_interview"]),
    (
        "sicurezza",
        &["agid_minimum_security_measures_for_public_administration"],
    ),
    (
        "seguridad",
        &["agid_minimum_security_measures_for_public_administration"],
    ),
    ("sondaggi online", &["guidelines_for_online_surveys"]),
    ("gamificazione", &["introduction_to_gamification"]),
    (
        "bilanci partecipativi",
        &["Bilancio partecipativo di quartiere"],
    ),
    (
        "tempi pagamenti",
        &["Cruscotto pubblico dei tempi di pagamento"],
    ),
    (
        "one-stop desk",
        &["Sportello digitale unico per le imprese"],
    ),
    // Words written two ways.
    ("codesign", &["guidelines_for_co_design_of_service"]),
    ("co-design", &["guidelines_for_co_design_of_service"]),
    ("co design", &["guidelines_for_co_design_of_service"]),
    // Several words, phrases, OR and exclusions.
    (
        "open source software",
        &[
            "open_source_guides",
            "guidelines_on_the_acquisition_and_reuse_of_software_for_public_administrations",
        ],
    ),
    (
        "\"open source\"",
        &["open_source_guides", "italian_pa_interoperablity_model"],
    ),
    ("business canvas", &["business_model_canvas"]),
    ("stakeholders mapping", &["stakeholders_mapping_canvas"]),
    (
        "consent form",
        &[
            "consent_form_template",
            "consent_form_for_interlink_project",
        ],
    ),
    ("usability testing", &["usability_testing_guidelines"]),
    ("user journey", &["template_for_user_journey"]),
    ("data protection", &["edpb_data_protection_guidelines"]),
    (
        "gamification OR hackathon",
        &[
            "introduction_to_gamification",
            "hackathon_rules_template_for_interlink_project",
        ],
    ),
    (
        "canvas -business",
        &["gamification_model_canvas", "stakeholders_mapping_canvas"],
    ),
    ("focus group", &["focus_group_guidelines"]),
    (
        "authentication",
        &[
            "aac_authentication_and_authorization_controller",
            "keycloak",
        ],
    ),
    ("cloud security", &["cloud_enablement_kit_in_italian"]),
    ("interoperability", &["italian_pa_interoperablity_model"]),
    // Misspellings.
    (
        "securty",
        &["agid_minimum_security_measures_for_public_administration"],
    ),
    ("questionaire", &["co_producers_perceptions_questionnaire"]),
    (
        "hackaton",
        &["hackathon_rules_template_for_interlink_project"],
    ),
    ("gamificaton", &["introduction_to_gamification"]),
    (
        "accesibility",
        &["w3c_web_content_accessibility_guidelines"],
    ),
];

/// Queries whose first page must not show these practices.
const MUST_NOT_FIND: &[(&str, &[&str])] = &[
    (
        "canvas -business",
        &["business_model_canvas", "business_plan_template"],
    ),
    ("\"source open\"", &["open_source_guides"]),
];

/// Misspelt queries and the correction offered ("Did you mean …?").
const CORRECTED: &[(&str, &str)] = &[
    ("securty", "security"),
    ("questionaire", "questionnaire"),
    ("gamificaton", "gamification"),
    ("accesibility", "accessibility"),
];

/// The API's search for `q`.
fn url(q: &str) -> String {
    format!(
        "/api/v1/practices?q={}",
        form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
    )
}

both!(people_find_what_they_type, |app| async move {
    let Some(dir) = catalogue("relevance test") else {
        return;
    };
    app.load_demo().await;
    import_catalogue(&app, dir, false).await;
    let ids: Vec<(i32, String, String)> = app
        .db
        .run(|c| {
            Ok(practices::table
                .inner_join(practice_texts::table)
                .filter(practice_texts::lang.eq(practices::original_language))
                .select((practices::id, practices::slug, practice_texts::title))
                .load(c)?)
        })
        .await
        .unwrap();
    let id_of = |name: &str| -> i32 {
        let slug = format!("interlink:{name}");
        ids.iter()
            .find(|(_, s, t)| *s == slug || t == name)
            .unwrap_or_else(|| panic!("no practice {name}"))
            .0
    };
    let anon = app.client();
    let first_page = |r: &Value| -> Vec<i32> {
        r["practices"]
            .as_array()
            .expect("practices")
            .iter()
            .map(|p| p["id"].as_i64().expect("id") as i32)
            .collect()
    };
    let mut missed = Vec::new();
    for (q, wanted) in MUST_FIND {
        let found = first_page(&anon.get(&url(q)).await.json());
        for w in *wanted {
            if !found.contains(&id_of(w)) {
                missed.push(format!("{q:?} does not find {w}"));
            }
        }
    }
    for (q, unwanted) in MUST_NOT_FIND {
        let found = first_page(&anon.get(&url(q)).await.json());
        for w in *unwanted {
            if found.contains(&id_of(w)) {
                missed.push(format!("{q:?} finds {w}"));
            }
        }
    }
    for (q, better) in CORRECTED {
        let r = anon.get(&url(q)).await.json();
        if r["suggestion"] != *better {
            missed.push(format!(
                "{q:?} suggests {} (not {better:?})",
                r["suggestion"]
            ));
        }
    }
    assert!(MUST_FIND.len() >= 40);
    assert!(
        missed.is_empty(),
        "{} misses:\n{}",
        missed.len(),
        missed.join("\n")
    );
    // What a person sees: the correction as a link, the matches marked.
    let page = anon.get("/practices?q=securty").await;
    let html = page.text();
    assert!(html.contains("Did you mean:"), "{html}");
    assert!(
        html.contains(r#"<a href="/practices?q=security">security</a>"#),
        "{html}"
    );
    let r = anon.get(&url("surveys")).await.json();
    let marked = r["practices"].as_array().unwrap().iter().any(|p| {
        p["summary"]
            .as_str()
            .unwrap_or_default()
            .contains("[[survey")
    });
    assert!(marked, "stems are marked: {r}");
    // An exact match needs no correction.
    assert_eq!(
        anon.get(&url("security")).await.json()["suggestion"],
        Value::Null
    );
    // The tag facet shows its 30 most frequent values, and all on request;
    // problem profiles by their names.
    let all = anon.get("/api/v1/practices").await.json();
    let values = all["facets"]["tag_values"].as_i64().unwrap();
    assert!(values > 30, "{values}");
    assert_eq!(all["facets"]["tag"].as_array().unwrap().len(), 30);
    let every = anon.get("/api/v1/practices?all=tag").await.json();
    assert_eq!(
        every["facets"]["tag"].as_array().unwrap().len() as i64,
        values
    );
    let page = anon.get("/practices").await.text();
    let show_all = format!(r#"<a href="/practices?all=tag">Show all {values} tags</a>"#);
    assert!(page.contains(&show_all), "{page}");
    assert!(page.contains("Problem: Project aim description"), "{page}");
    let r = anon.get("/api/v1/practices?all=everything").await;
    assert_eq!(r.status.as_u16(), 422);
    assert_eq!(r.json()["errors"][0]["field"], "all");
    // A practice's page lists practices like it, with the tags they share.
    let page = anon
        .get(&format!(
            "/practices/{}",
            id_of("introduction_to_gamification")
        ))
        .await
        .text();
    let similar = page
        .split(r#"id="similar-title""#)
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("a section of similar practices");
    let canvas = format!(
        r#"href="/practices/{}""#,
        id_of("gamification_model_canvas")
    );
    assert!(similar.contains(&canvas), "{similar}");
    assert!(similar.contains("Shared tags: "), "{similar}");
    assert!(similar.matches("<li").count() <= 5, "{similar}");
    let itself = format!(
        r#"href="/practices/{}""#,
        id_of("introduction_to_gamification")
    );
    assert!(!similar.contains(&itself), "{similar}");
});
