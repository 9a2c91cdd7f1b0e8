//! The dashboards as an evaluator reads them: each figure says which
//! contributions it counts and agrees with the figures it is meant to agree
//! with, filters say whose organisation they narrow, the impact board has
//! contents, and practices are titled in the reader's language or marked.

use pspm_tests::html::{element, expect_element, text};
use pspm_tests::plans::with_demo_plans;
use pspm_tests::{TestApp, TestClient, both};
use serde_json::Value;

/// The first `<name …>` element of `html`, whole.
fn first<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html
        .find(&format!("<{name}"))
        .unwrap_or_else(|| panic!("no <{name}> in:\n{html}"));
    expect_element(&html[at..], name)
}

/// The body rows of the table in `html` (a table or its box) as (row name,
/// count): each row's text split at its last word.
fn count_rows(html: &str) -> Vec<(String, i64)> {
    let body = first(html, "tbody");
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let t = text(&format!("<tr{row}"));
            let (label, n) = t.rsplit_once(' ').unwrap_or_else(|| panic!("a row: {t}"));
            (
                label.to_owned(),
                n.parse().unwrap_or_else(|_| panic!("a count: {t}")),
            )
        })
        .collect()
}

fn count_of(rows: &[(String, i64)], label: &str) -> i64 {
    rows.iter().find(|(l, _)| l == label).map_or(0, |(_, n)| *n)
}

/// A client that reads in `lang`.
async fn reader(app: &TestApp, lang: &str) -> TestClient {
    let client = app.client();
    client.get(&format!("/lang/{lang}?next=/")).await;
    client
}

both!(
    each_response_figure_says_what_it_counts_and_those_meant_to_agree_do,
    |app| async move {
        with_demo_plans(&app).await;
        let anon = app.client();
        let html = anon.get("/dashboards/participation").await.text();

        // The chart of responses says it counts top-level contributions only…
        let chart = expect_element(&html, r#"id="chart-response-status""#);
        let caption = text(first(chart, "figcaption"));
        assert!(
            caption
                .contains("proposals, comments and amendments that start a thread, not to replies"),
            "{caption}"
        );
        // …and does: its rows add up to the answered top-level contributions,
        // fewer than every answer the consultation lists (replies are answered too).
        let by_status = count_rows(chart);
        let charted: i64 = by_status.iter().map(|(_, n)| n).sum();
        let answered_top = app
            .count(
                "SELECT COUNT(*) AS n FROM contributions c JOIN responses r \
                 ON r.contribution_id = c.id WHERE c.parent_id IS NULL",
            )
            .await;
        let answered = app.count("SELECT COUNT(*) AS n FROM responses").await;
        assert_eq!(charted, answered_top);
        assert!(answered > answered_top, "the demo answers some replies");
        // The acceptance rate is the chart's accepted share: the same set.
        let accepted =
            count_of(&by_status, "Accepted") + count_of(&by_status, "Partially accepted");
        // English writes "37.5%", "40%" (one decimal at most, none when whole).
        let rate = format!("{:.1}", accepted as f64 / charted as f64 * 100.0);
        let rate = format!("{}%", rate.trim_end_matches('0').trim_end_matches('.'));
        let figure = text(expect_element(&html, r#"class="figures""#));
        assert!(
            figure.contains(&format!("Acceptance rate {rate}")),
            "{rate} in {figure}"
        );
        let note = text(expect_element(&html, r#"id="responses-note""#));
        assert!(
            note.contains("Response rate, median days to a response and acceptance rate")
                && note.contains("not those to replies")
                && note.contains("“You said, we did” lists the replies too"),
            "{note}"
        );

        // The table by kind counts replies, as the consultation's count does, and says so.
        let by_kind = count_rows(expect_element(&html, r#"id="by-kind""#));
        let written: i64 = ["Comment", "Proposal", "Amendment"]
            .iter()
            .map(|k| count_of(&by_kind, k))
            .sum();
        let contributions = app.count("SELECT COUNT(*) AS n FROM contributions").await;
        let counted = app
            .count("SELECT CAST(SUM(contribution_count) AS BIGINT) AS n FROM consultations")
            .await;
        assert_eq!(written, contributions);
        assert_eq!(written, counted);
        let caption = text(expect_element(&html, r#"id="by-kind-caption""#));
        assert_eq!(caption, "Contributions, supports and priorities by kind");
        let note = text(expect_element(&html, r#"id="by-kind-note""#));
        assert!(note.contains("replies included"), "{note}");

        // "You said, we did" says it lists the replies too.
        let k = app
            .count("SELECT CAST(MIN(id) AS BIGINT) AS n FROM consultations")
            .await;
        let list = anon
            .get(&format!("/consultations/{k}/you-said-we-did"))
            .await
            .text();
        let lead = text(expect_element(&list, r#"class="lead""#));
        assert!(lead.contains("replies included"), "{lead}");

        // The quality board says the same of its response figures.
        let quality = anon.get("/dashboards/quality").await.text();
        let note = text(expect_element(&quality, r#"id="responses-note""#));
        assert!(note.contains("not those to replies"), "{note}");
    }
);

both!(
    the_organisation_kind_filter_says_whose_organisation_in_every_language,
    |app| async move {
        let ids = with_demo_plans(&app).await;
        let plan = ids.plan;
        // (language, participants', responsible, adopting, the old label).
        let expected = [
            (
                "en",
                "Participant's organisation kind",
                "Responsible organisation's kind",
                "Adopting organisation's kind",
                "Kind of owner organisation",
            ),
            (
                "it",
                "Tipo di organizzazione del partecipante",
                "Tipo di organizzazione responsabile",
                "Tipo di organizzazione che adotta",
                "Tipo di organizzazione titolare",
            ),
            (
                "es",
                "Tipo de organización del participante",
                "Tipo de organización responsable",
                "Tipo de organización que adopta",
                "Tipo de organización titular",
            ),
            (
                "lv",
                "Dalībnieka organizācijas veids",
                "Atbildīgās organizācijas veids",
                "Pārņēmējas organizācijas veids",
                "Īpašnieka organizācijas veids",
            ),
        ];
        for (lang, participant, responsible, adopting, owner) in expected {
            let client = reader(&app, lang).await;
            for (path, label) in [
                ("/dashboards/participation".to_owned(), participant),
                ("/dashboards/quality".to_owned(), participant),
                (format!("/dashboards/impact?plan={plan}"), responsible),
                ("/dashboards/practices".to_owned(), adopting),
            ] {
                let html = client.get(&path).await.text();
                let shown = text(expect_element(&html, r#"for="field-organisation_kind""#));
                // The label, then "(optional)" in the reader's language.
                assert!(shown.starts_with(label), "{lang} {path}: {shown}");
                assert!(!text(&html).contains(owner), "{lang} {path}: {owner}");
            }
            // The chart's table heads its column the same way.
            let html = client.get("/dashboards/participation").await.text();
            let chart = expect_element(&html, r#"id="chart-participation-by-organisation-kind""#);
            let head = text(first(chart, "thead"));
            assert!(head.starts_with(participant), "{lang}: {head}");
        }
    }
);

both!(
    the_impact_board_has_contents_leading_to_each_area_and_indicator,
    |app| async move {
        let ids = with_demo_plans(&app).await;
        let anon = app.client();
        let plan = ids.plan;
        let api = anon
            .get(&format!("/api/v1/analytics/impact?plan={plan}"))
            .await
            .json();
        let html = anon
            .get(&format!("/dashboards/impact?plan={plan}"))
            .await
            .text();
        let nav = expect_element(&html, r#"id="contents""#);
        assert!(text(nav).starts_with("On this page"), "{}", text(nav));
        let targets: Vec<&str> = nav
            .split(r##"href="#"##)
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        // Every link leads to a part of the page.
        for t in &targets {
            assert!(
                element(&html, &format!(r#"id="{t}""#)).is_some(),
                "#{t} is on the page"
            );
        }
        // Every indicator is listed, and has its chart under its area's heading.
        let indicators = api["indicators"].as_array().unwrap();
        assert!(indicators.len() > 5, "the demo plan measures itself");
        for i in indicators {
            let id = i["id"].as_i64().unwrap();
            assert!(
                targets.contains(&format!("chart-indicator-{id}").as_str()),
                "{id}"
            );
            let chart = expect_element(&html, &format!(r#"id="chart-indicator-{id}""#));
            let title = text(first(chart, "h3"));
            assert!(title.starts_with(i["name"].as_str().unwrap()), "{title}");
        }
        // Each area with indicators is a section headed by its name, listed
        // in the contents, and ends with a way back to them.
        let areas: Vec<&&str> = targets.iter().filter(|t| t.starts_with("area-")).collect();
        assert!(areas.len() > 1, "{targets:?}");
        let labels: Vec<&str> = api["by_area"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["label"].as_str().unwrap())
            .collect();
        for a in &areas {
            let section = expect_element(&html, &format!(r#"id="{a}""#));
            let heading = text(first(section, "h2"));
            assert!(
                labels.contains(&heading.as_str()),
                "{heading} in {labels:?}"
            );
            assert!(text(nav).contains(&heading), "{heading} in the contents");
            assert!(section.contains("<h3"), "{a}: its indicators");
            let back = expect_element(section, r#"class="back-to-contents""#);
            assert!(back.contains(r##"href="#contents""##), "{back}");
            assert_eq!(text(back), "Back to the contents");
        }
        for part in ["summary", "chart-progress-by-area", "breakdowns"] {
            assert!(targets.contains(&part), "{part} in {targets:?}");
        }
        // Wide tables scroll in a box of their own that the keyboard reaches.
        let table = expect_element(&html, r#"id="indicators""#);
        let start = &table[..table.find('>').unwrap()];
        for attribute in [
            r#"role="region""#,
            r#"tabindex="0""#,
            r#"aria-labelledby="indicators-caption""#,
        ] {
            assert!(start.contains(attribute), "{start}");
        }
        assert!(first(table, "table").contains(r#"<caption id="indicators-caption">"#));
    }
);

both!(
    practices_are_titled_in_the_readers_language_or_marked_as_shown_in_the_original,
    |app| async move {
        with_demo_plans(&app).await;
        let row = |html: &str, title: &str| -> String {
            let table = expect_element(html, r#"id="top-reused""#);
            table
                .split("<tr")
                .find(|r| r.contains(title))
                .map(|r| format!("<tr{r}"))
                .unwrap_or_else(|| panic!("{title} in {}", text(table)))
        };
        let en = reader(&app, "en")
            .await
            .get("/dashboards/practices")
            .await
            .text();
        // Translated: in English, no note.
        let translated = row(&en, "One-stop digital desk for businesses");
        assert!(translated.contains(r#"lang="en""#), "{translated}");
        assert!(!text(&translated).contains("Not available"), "{translated}");
        // Not translated: the original, marked as Italian, with the catalogue's note.
        let original = row(&en, "Cruscotto pubblico dei tempi di pagamento");
        assert!(
            original.contains(r#"lang="it">Cruscotto pubblico dei tempi di pagamento</a>"#),
            "{original}"
        );
        assert!(
            text(&original).contains("Not available in your language: shown in the original (it)."),
            "{original}"
        );
        // In Italian both are in the reader's language.
        let it = reader(&app, "it")
            .await
            .get("/dashboards/practices")
            .await
            .text();
        for title in [
            "Sportello digitale unico per le imprese",
            "Cruscotto pubblico dei tempi di pagamento",
        ] {
            let r = row(&it, title);
            assert!(!text(&r).contains("Non disponibile"), "{r}");
        }
        // The open data keeps the original titles.
        let api: Value = app.client().get("/api/v1/analytics/practices").await.json();
        let titles: Vec<&str> = api["top_reused"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[1].as_str().unwrap())
            .collect();
        assert!(
            titles.contains(&"Sportello digitale unico per le imprese"),
            "{titles:?}"
        );
    }
);
