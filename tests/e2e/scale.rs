//! The national-scale generator (`pspm demo --scale national`) at a small
//! fraction: the rows it reports are in the database, the data keep the
//! application's rules (one support per person and proposal, at most five per
//! consultation, 100 points, adoption counters), the same seed gives the same
//! data on both databases, and the application works on it: a generated
//! participant signs in and contributes to an open consultation, the
//! catalogue finds generated practices, the dashboards show the plan. The
//! participation and quality indicators the server gathers from the
//! database while reading it equal those computed in memory from the same
//! rows, read here independently, with and without filters.

use std::collections::HashSet;
use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{NaiveDate, NaiveDateTime};
use pspm_analytics::model::{Act, ActKind, ActionRow, ContributionRow, Participant};
use pspm_analytics::population::population;
use pspm_analytics::{participation, quality};
use pspm_backend::domain::ResponseStatus;
use pspm_backend::seed::scale::{self, Scale};
use pspm_tests::{TestApp, both};
use serde_json::json;

#[derive(diesel::QueryableByName)]
struct N {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The `n` of `SELECT <bigint> AS n …`.
pub async fn count(app: &TestApp, sql: String) -> i64 {
    use diesel::RunQueryDsl;
    app.db
        .run(move |c| Ok(diesel::sql_query(sql).load::<N>(c)?))
        .await
        .unwrap()
        .first()
        .map_or(-1, |r| r.n)
}

/// Sums over whole tables that change if any generated body, allocation or
/// adoption differs: the determinism check across databases.
async fn fingerprint(app: &TestApp) -> (i64, i64, i64) {
    (
        count(
            app,
            "SELECT CAST(SUM(LENGTH(body)) AS BIGINT) AS n FROM contributions".into(),
        )
        .await,
        count(
            app,
            "SELECT CAST(SUM(points * node_id) AS BIGINT) AS n FROM priority_allocations".into(),
        )
        .await,
        count(
            app,
            "SELECT CAST(SUM(adoption_count) AS BIGINT) AS n FROM practices".into(),
        )
        .await,
    )
}

async fn load(app: &TestApp, fraction: f64) -> scale::Counts {
    app.db
        .run(pspm_backend::seed::demo::load)
        .await
        .expect("demo loads");
    let sizes = Scale::national(fraction).unwrap();
    // A fixed "now", so both databases get the same data.
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    app.db
        .run(move |c| scale::load(c, &sizes, now, &mut scale::Silent))
        .await
        .expect("national-scale data load")
}

const FRACTION: f64 = 0.0004;

both!(
    national_scale_data_keep_the_rules_and_the_application_works_on_them,
    |app| async move {
        let before_users = count(&app, "SELECT COUNT(*) AS n FROM users".into()).await;
        let counts = load(&app, FRACTION).await;
        let sizes = Scale::national(FRACTION).unwrap();
        let get = |t: &str| counts.iter().find(|c| c.0 == t).map_or(0, |c| c.1 as i64);

        // Every reported row is there, and the sizes are the scaled ones.
        assert_eq!(get("organisations"), sizes.organisations as i64);
        assert_eq!(
            get("users"),
            (sizes.organisations * 2 + sizes.participants) as i64
        );
        assert_eq!(get("contributions"), count(&app, "SELECT COUNT(*) AS n FROM contributions c JOIN consultations k ON k.id = c.consultation_id JOIN plans p ON p.id = k.plan_id WHERE p.title LIKE '%scala nazionale%'".into()).await);
        assert!(
            get("contributions") as f64 >= sizes.contributions as f64 * 0.95,
            "{counts:?}"
        );
        assert_eq!(get("consultations"), 20);
        assert_eq!(get("plans"), 21);
        // SQLite keeps table statistics but no STAT4 samples, which would
        // make it prepare statements again for every new bound value.
        if app.backend == pspm_tests::Backend::Sqlite {
            let stats = |t: &str| count(&app, format!("SELECT COUNT(*) AS n FROM {t}"));
            assert!(stats("sqlite_stat1").await > 0);
            assert_eq!(stats("sqlite_stat4").await, 0);
        }
        assert_eq!(get("measurements"), (sizes.indicators * 36) as i64);
        assert_eq!(get("practices"), sizes.practices as i64);
        assert!(get("supports") > 0 && get("priority_allocations") > 0 && get("responses") > 0);
        assert_eq!(
            count(
                &app,
                format!(
                    "SELECT COUNT(*) AS n FROM users WHERE email LIKE '%@{}'",
                    scale::EMAIL_DOMAIN
                )
            )
            .await,
            get("users")
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM users".into()).await,
            before_users + 5 + 36 + get("users")
        );

        // The application's rules hold in the generated data.
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM (SELECT k.id, s.user_id FROM supports s JOIN contributions c ON c.id = s.contribution_id JOIN consultations k ON k.id = c.consultation_id GROUP BY k.id, s.user_id HAVING COUNT(*) > 5) x".into()).await, 0, "at most five supports per person and consultation");
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM (SELECT consultation_id, user_id FROM priority_allocations GROUP BY consultation_id, user_id HAVING SUM(points) <> 100) x".into()).await, 0, "100 points each");
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM supports s JOIN contributions c ON c.id = s.contribution_id WHERE c.kind <> 'proposal' OR s.created_at < c.created_at".into()).await, 0, "supports go to earlier proposals");
        assert_eq!(
            crate::consultations::running_totals_drift(&app).await,
            0,
            "the database's running totals match the generated rows"
        );
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM practices p WHERE adoption_count <> (SELECT COUNT(*) FROM practice_adoptions a WHERE a.practice_id = p.id AND a.status = 'confirmed')".into()).await, 0, "adoption counters match confirmed adoptions");
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM practice_adoptions a JOIN practices p ON p.id = a.practice_id WHERE a.organisation_id = p.owner_organisation_id".into()).await, 0, "no organisation adopts its own practice");
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM plan_nodes n JOIN plans p ON p.id = n.plan_id WHERE p.parent_plan_id IN (SELECT id FROM plans WHERE title LIKE '%scala nazionale%') AND n.aligned_node_id IS NULL".into()).await, 0, "regional nodes are aligned");
        // Few very active participants, many occasional ones.
        let top = count(&app, "SELECT CAST(MAX(n) AS BIGINT) AS n FROM (SELECT COUNT(*) AS n FROM contributions GROUP BY author_id) x".into()).await;
        let median_ish = count(&app, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT author_id FROM contributions GROUP BY author_id HAVING COUNT(*) = 1) x".into()).await;
        assert!(top >= 10 && median_ish > 50, "top {top}, once {median_ish}");

        // Loading twice is refused and changes nothing.
        let users = count(&app, "SELECT COUNT(*) AS n FROM users".into()).await;
        let sizes2 = sizes.clone();
        let again = app
            .db
            .run(move |c| {
                scale::load(
                    c,
                    &sizes2,
                    chrono::Utc::now().naive_utc(),
                    &mut scale::Silent,
                )
            })
            .await;
        assert!(again.is_err());
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM users".into()).await,
            users
        );

        // A generated participant signs in and contributes to an open consultation.
        let client = app.client();
        let r = client
        .post_json("/api/v1/session", &json!({"email": format!("p1@{}", scale::EMAIL_DOMAIN), "password": scale::PASSWORD}))
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let open = count(&app, "SELECT CAST(MAX(k.id) AS BIGINT) AS n FROM consultations k JOIN plans p ON p.id = k.plan_id WHERE p.title LIKE '%scala nazionale%'".into()).await;
        let r = client
            .post_json(
                &format!("/api/v1/consultations/{open}/contributions"),
                &json!({"kind": "comment", "body": "Un commento durante il test di scala."}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

        // The catalogue finds generated practices; the dashboards show the plan.
        let r = client
            .get("/api/v1/practices?q=servizi&policy_area=digital")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert!(r.json()["total"].as_i64().unwrap() > 0, "{}", r.text());
        let plan = count(&app, "SELECT CAST(id AS BIGINT) AS n FROM plans WHERE title LIKE 'Piano strategico nazionale%scala nazionale%'".into()).await;
        let r = client
            .get(&format!("/api/v1/analytics/impact?plan={plan}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(
            r.json()["indicators"].as_array().map_or(0, Vec::len),
            sizes.indicators,
            "{}",
            r.text()
        );
        let r = client
            .get(&format!("/dashboards/participation?plan={plan}"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("scala nazionale"));
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_data_on_both_databases() {
    let Some(pg) = TestApp::new(pspm_tests::Backend::Postgres).await else {
        return;
    };
    let lite = TestApp::new(pspm_tests::Backend::Sqlite).await.unwrap();
    let a = load(&lite, FRACTION).await;
    let b = load(&pg, FRACTION).await;
    assert_eq!(a, b);
    assert_eq!(fingerprint(&lite).await, fingerprint(&pg).await);
}

/// The rows of a selection as the analytics crate reads them from slices:
/// what the dashboards' gathering must agree with, computed in memory.
struct Selection {
    participants: Vec<Participant>,
    acts: Vec<Act>,
    contributions: Vec<ContributionRow>,
    actions: Vec<ActionRow>,
}

/// Reads every row of `plan`'s consultations straight from the tables and
/// keeps those `keep_day` and `keep_person` accept, as the dashboards
/// define them: a contribution is an act of its author, a priority
/// allocation is one act per person and consultation dated by its first
/// row, people are the acting users.
#[expect(clippy::type_complexity, reason = "tuples mirror the selected columns")]
fn select_rows(
    c: &mut pspm_backend::db::DbConn,
    plan: i32,
    keep_day: &dyn Fn(NaiveDateTime) -> bool,
    keep_person: &dyn Fn(&Participant) -> bool,
) -> diesel::QueryResult<Selection> {
    use diesel::prelude::*;
    use pspm_backend::db::schema::{
        consultations, contributions, indicators, organisations, plan_nodes, priority_allocations,
        responses, supports, users,
    };
    let ids: Vec<i32> = consultations::table
        .filter(consultations::plan_id.eq(plan))
        .select(consultations::id)
        .load(c)?;
    let origins: HashSet<i32> = plan_nodes::table
        .select(plan_nodes::origin_contribution_id)
        .load::<Option<i32>>(c)?
        .into_iter()
        .flatten()
        .collect();
    let written: Vec<(
        i32,
        i32,
        i32,
        String,
        Option<i32>,
        NaiveDateTime,
        Option<String>,
        Option<NaiveDateTime>,
    )> = contributions::table
        .left_join(responses::table)
        .filter(contributions::consultation_id.eq_any(&ids))
        .order(contributions::id)
        .select((
            contributions::id,
            contributions::consultation_id,
            contributions::author_id,
            contributions::kind,
            contributions::parent_id,
            contributions::created_at,
            responses::status.nullable(),
            responses::created_at.nullable(),
        ))
        .load(c)?;
    let mut acts = Vec::new();
    let mut rows = Vec::new();
    for (id, consultation_id, author_id, kind, parent, created_at, status, responded) in written {
        if !keep_day(created_at) {
            continue;
        }
        let kind = ActKind::parse(&kind)
            .filter(|k| matches!(k, ActKind::Proposal | ActKind::Amendment))
            .unwrap_or(ActKind::Comment);
        let status = status
            .as_deref()
            .and_then(ResponseStatus::parse)
            .map(ResponseStatus::as_str);
        acts.push(Act {
            user_id: author_id,
            consultation_id,
            kind,
            at: created_at,
        });
        rows.push(ContributionRow {
            id,
            consultation_id,
            author_id,
            kind,
            is_reply: parent.is_some(),
            created_at,
            response_status: status,
            responded_at: status.and(responded),
            became_action: origins.contains(&id),
        });
    }
    let supported: Vec<(i32, i32, NaiveDateTime)> = supports::table
        .inner_join(contributions::table)
        .filter(contributions::consultation_id.eq_any(&ids))
        .order(supports::id)
        .select((
            supports::user_id,
            contributions::consultation_id,
            supports::created_at,
        ))
        .load(c)?;
    for (user_id, consultation_id, at) in supported {
        if keep_day(at) {
            acts.push(Act {
                user_id,
                consultation_id,
                kind: ActKind::Support,
                at,
            });
        }
    }
    let allocated: Vec<(i32, i32, NaiveDateTime)> = priority_allocations::table
        .filter(priority_allocations::consultation_id.eq_any(&ids))
        .filter(priority_allocations::points.gt(0))
        .order(priority_allocations::id)
        .select((
            priority_allocations::user_id,
            priority_allocations::consultation_id,
            priority_allocations::updated_at,
        ))
        .load(c)?;
    let mut first = HashSet::new();
    for (user_id, consultation_id, at) in allocated {
        if first.insert((user_id, consultation_id)) && keep_day(at) {
            acts.push(Act {
                user_id,
                consultation_id,
                kind: ActKind::Priority,
                at,
            });
        }
    }
    let acting: HashSet<i32> = acts.iter().map(|a| a.user_id).collect();
    let people: Vec<(
        i32,
        Option<i32>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    )> = users::table
        .left_join(organisations::table)
        .select((
            users::id,
            users::organisation_id,
            organisations::kind.nullable(),
            organisations::level.nullable(),
            users::territory_code,
            organisations::territory_code.nullable(),
            users::age_band,
            users::gender,
        ))
        .load(c)?;
    let text = |v: Option<String>| v.map(|v| Arc::<str>::from(v.as_str()));
    let participants: Vec<Participant> = people
        .into_iter()
        .filter(|p| acting.contains(&p.0))
        .map(
            |(id, org, kind, level, own, org_territory, age, gender)| Participant {
                user_id: id,
                organisation_kind: text(kind),
                organisation_level: text(level),
                organisation_id: org,
                territory: text(own.or(org_territory)),
                age_band: text(age),
                gender: text(gender),
            },
        )
        .filter(|p| keep_person(p))
        .collect();
    let kept: HashSet<i32> = participants.iter().map(|p| p.user_id).collect();
    acts.retain(|a| kept.contains(&a.user_id));
    rows.retain(|r| kept.contains(&r.author_id));
    let with_indicator: HashSet<i32> = indicators::table
        .select(indicators::node_id)
        .load::<i32>(c)?
        .into_iter()
        .collect();
    let actions = plan_nodes::table
        .filter(plan_nodes::plan_id.eq(plan))
        .filter(plan_nodes::kind.eq("action"))
        .select((plan_nodes::id, plan_nodes::origin_contribution_id))
        .load::<(i32, Option<i32>)>(c)?
        .into_iter()
        .map(|(node_id, origin)| ActionRow {
            node_id,
            from_proposal: origin.is_some(),
            has_indicator: with_indicator.contains(&node_id),
        })
        .collect();
    Ok(Selection {
        participants,
        acts,
        contributions: rows,
        actions,
    })
}

/// Which acts' days a case keeps.
type KeepDay = Box<dyn Fn(NaiveDateTime) -> bool + Send>;
/// Which people a case keeps.
type KeepPerson = Box<dyn Fn(&Participant) -> bool + Send>;

/// JSON values equal but for the last bits of numbers (JSON's text of a
/// float is read back to within a unit in the last place).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The filters the oracle test asks for: (query, days kept, people kept).
fn cases(plan: i64) -> [(String, KeepDay, KeepPerson); 4] {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (from, to) = ("2026-07-01", "2026-11-20");
    [
        (
            format!("plan={plan}"),
            Box::new(|_| true),
            Box::new(|_| true),
        ),
        (
            format!("plan={plan}&from={from}&to={to}"),
            Box::new(move |at| at.date() >= day(from) && at.date() <= day(to)),
            Box::new(|_| true),
        ),
        (
            format!("plan={plan}&organisation_kind=citizen"),
            Box::new(|_| true),
            Box::new(|p| p.organisation_kind.is_none()),
        ),
        (
            format!("plan={plan}&territory=itc&level=local"),
            Box::new(|_| true),
            Box::new(|p| {
                p.territory
                    .as_deref()
                    .is_some_and(|t| t.to_uppercase().starts_with("ITC"))
                    && p.organisation_level.as_deref() == Some("local")
            }),
        ),
    ]
}

both!(
    the_dashboards_gathered_from_the_database_equal_the_rows_computed_in_memory,
    |app| async move {
        load(&app, 0.002).await;
        let plan = count(&app, "SELECT CAST(id AS BIGINT) AS n FROM plans WHERE title LIKE 'Piano strategico nazionale%scala nazionale%'".into()).await;
        // First with the users' ids close together (the gatherer's table),
        // then with one user far from the others (its map): a citizen of
        // ITC1 who supports a proposal of the plan.
        for far in [false, true] {
            if far {
                let proposal = count(&app, format!("SELECT CAST(MIN(c.id) AS BIGINT) AS n FROM contributions c JOIN consultations k ON k.id = c.consultation_id WHERE k.plan_id = {plan} AND c.kind = 'proposal'")).await;
                app.db
                    .run(move |c| {
                        use diesel::prelude::*;
                        use pspm_backend::db::schema::{supports, users};
                        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
                            .unwrap()
                            .and_hms_opt(9, 0, 0)
                            .unwrap();
                        diesel::insert_into(users::table)
                            .values((
                                users::id.eq(2_000_000_000),
                                users::email.eq("far@national.pspm.example"),
                                users::display_name.eq("Far"),
                                users::password_hash.eq("-"),
                                users::role.eq("citizen"),
                                users::territory_code.eq("ITC1"),
                                users::created_at.eq(at),
                                users::updated_at.eq(at),
                            ))
                            .execute(c)?;
                        diesel::insert_into(supports::table)
                            .values((
                                supports::contribution_id.eq(proposal as i32),
                                supports::user_id.eq(2_000_000_000),
                                supports::created_at.eq(at),
                            ))
                            .execute(c)?;
                        Ok(())
                    })
                    .await
                    .unwrap();
            }
            // The rows were written without the services (no audit event,
            // so no new data version): a server with nothing kept reads them.
            let client = if far {
                app.fresh_client()
            } else {
                app.client()
            };
            check_cases(&app, &client, plan).await;
        }
    }
);

/// Each of [`cases`] through the API equals `participation()` and
/// `quality()` over the same rows read independently.
async fn check_cases(app: &TestApp, client: &pspm_tests::TestClient, plan: i64) {
    for (query, keep_day, keep_person) in cases(plan) {
        let s = app
            .db
            .run(move |c| Ok(select_rows(c, plan as i32, &*keep_day, &*keep_person)?))
            .await
            .unwrap();
        assert!(!s.acts.is_empty(), "{query}: the selection has acts");
        let today = chrono::Utc::now().date_naive();
        let expected = participation::participation(
            &s.participants,
            &s.acts,
            &s.contributions,
            &s.actions,
            &population(),
            today,
        );
        let got = client
            .get(&format!("/api/v1/analytics/participation?{query}"))
            .await;
        assert_eq!(got.status, StatusCode::OK, "{query}: {}", got.text());
        let (got, want) = (got.json(), serde_json::to_value(&expected).unwrap());
        for (field, value) in want.as_object().unwrap() {
            assert!(
                same(&got[field], value),
                "{query}: {field}: {} against {value}",
                got[field]
            );
        }
        assert_eq!(
            got.as_object().unwrap().len(),
            want.as_object().unwrap().len()
        );
        let scores = quality::quality(&expected, &s.contributions, &s.actions);
        let got = client
            .get(&format!("/api/v1/analytics/quality?{query}"))
            .await;
        let want = serde_json::to_value(&scores).unwrap();
        assert!(same(&got.json()["scores"], &want), "{query}: {want}");
    }
}

/// A published practice as the search oracle below reads it.
struct Listed {
    id: i32,
    level: Option<String>,
    policy_area: Option<String>,
    adoptions: i32,
    rating_sum: i32,
    rating_count: i32,
    published_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    /// Its owner organisation's name.
    owner: String,
    /// The folded words of each of its texts.
    texts: Vec<HashSet<String>>,
}

both!(
    catalogue_search_pages_and_facets_equal_an_independent_reading_of_the_practices,
    |app| async move {
        load(&app, 0.002).await;
        let listed: Vec<Listed> = app
            .db
            .run(|c| {
                use diesel::prelude::*;
                use pspm_backend::db::schema::{organisations, practice_texts, practices};
                type Head = (
                    (i32, i32),
                    Option<String>,
                    Option<String>,
                    (i32, i32, i32),
                    (Option<NaiveDateTime>, NaiveDateTime),
                );
                let names: std::collections::HashMap<i32, String> = organisations::table
                    .select((organisations::id, organisations::name))
                    .load::<(i32, String)>(c)?
                    .into_iter()
                    .collect();
                let heads: Vec<Head> = practices::table
                    .filter(practices::status.eq("published"))
                    .order(practices::id)
                    .select((
                        (practices::id, practices::owner_organisation_id),
                        practices::level,
                        practices::policy_area,
                        (
                            practices::adoption_count,
                            practices::rating_sum,
                            practices::rating_count,
                        ),
                        (practices::published_at, practices::created_at),
                    ))
                    .load(c)?;
                type Text = (String, String, String, String, String, String, String);
                let texts: Vec<(i32, Text)> = practice_texts::table
                    .select((
                        practice_texts::practice_id,
                        (
                            practice_texts::title,
                            practice_texts::summary,
                            practice_texts::problem,
                            practice_texts::solution,
                            practice_texts::results,
                            practice_texts::lessons,
                            practice_texts::conditions,
                        ),
                    ))
                    .load(c)?;
                Ok(heads
                    .into_iter()
                    .map(
                        |(
                            (id, owner),
                            level,
                            policy_area,
                            (adoptions, rating_sum, rating_count),
                            (published_at, created_at),
                        )| {
                            let texts = texts
                                .iter()
                                .filter(|(p, _)| *p == id)
                                .map(|(_, t)| {
                                    let mut words = HashSet::new();
                                    for part in [&t.0, &t.1, &t.2, &t.3, &t.4, &t.5, &t.6] {
                                        pspm_backend::search::text_index::each_word(part, |w| {
                                            words.insert(w.to_owned());
                                        });
                                    }
                                    words
                                })
                                .collect();
                            Listed {
                                id,
                                level,
                                policy_area,
                                adoptions,
                                rating_sum,
                                rating_count,
                                published_at,
                                created_at,
                                owner: names[&owner].clone(),
                                texts,
                            }
                        },
                    )
                    .collect())
            })
            .await
            .unwrap();
        assert!(listed.len() > 200, "{}", listed.len());
        let client = app.client();
        // Words common and rare (the generated titles' numbers), with and
        // without facets; more matches than a page and than the server's
        // first cut of a page's worth.
        let queries: [(&str, &str); 7] = [
            ("pratica", ""),
            ("servizi", ""),
            ("servizi dati", "&level=local"),
            ("pratica", "&level=eu&policy_area=health"),
            ("", "&policy_area=digital"),
            ("pratica 17", ""),
            ("", ""),
        ];
        for (q, facets) in queries {
            let words: Vec<String> = q
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            let matching: Vec<&Listed> = listed
                .iter()
                .filter(|p| {
                    words.is_empty() || p.texts.iter().any(|t| words.iter().all(|w| t.contains(w)))
                })
                .filter(|p| {
                    facets
                        .split('&')
                        .filter(|f| !f.is_empty())
                        .all(|f| match f.split_once('=') {
                            Some(("level", v)) => p.level.as_deref() == Some(v),
                            Some(("policy_area", v)) => p.policy_area.as_deref() == Some(v),
                            _ => panic!("{f}"),
                        })
                })
                .collect();
            assert!(!matching.is_empty(), "{q} {facets}");
            // The mean as shown, to a tenth.
            let rating = |p: &Listed| {
                if p.rating_count > 0 {
                    (f64::from(p.rating_sum) / f64::from(p.rating_count) * 10.0).round() / 10.0
                } else {
                    0.0
                }
            };
            for sort in ["newest", "most_adopted", "best_rated", "relevance"] {
                let mut want: Vec<&Listed> = matching.clone();
                match sort {
                    "newest" => want.sort_by(|a, b| {
                        (b.published_at, b.created_at, b.id).cmp(&(
                            a.published_at,
                            a.created_at,
                            a.id,
                        ))
                    }),
                    "most_adopted" => want.sort_by_key(|p| std::cmp::Reverse((p.adoptions, p.id))),
                    "best_rated" => want.sort_by(|a, b| {
                        rating(b)
                            .total_cmp(&rating(a))
                            .then((b.rating_count, b.id).cmp(&(a.rating_count, a.id)))
                    }),
                    // The scores are not shown: the order is checked as a set.
                    _ => want.sort_by_key(|p| p.id),
                }
                let want: Vec<i64> = want.iter().map(|p| i64::from(p.id)).collect();
                let mut got: Vec<i64> = Vec::new();
                for page in 1.. {
                    let url = format!(
                        "/api/v1/practices?q={}{facets}&sort={sort}&page={page}",
                        q.replace(' ', "+")
                    );
                    let r = client.get(&url).await;
                    assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.text());
                    let body = r.json();
                    assert_eq!(body["total"].as_i64(), Some(want.len() as i64), "{url}");
                    let hits = body["practices"].as_array().unwrap();
                    let ids: Vec<i64> = hits.iter().map(|p| p["id"].as_i64().unwrap()).collect();
                    // Each hit shows its own owner and facet values.
                    for hit in hits {
                        let p = listed
                            .iter()
                            .find(|p| i64::from(p.id) == hit["id"])
                            .unwrap();
                        assert_eq!(hit["owner"], p.owner.as_str(), "{url}");
                        assert_eq!(hit["level"].as_str(), p.level.as_deref(), "{url}");
                        assert_eq!(
                            hit["policy_area"].as_str(),
                            p.policy_area.as_deref(),
                            "{url}"
                        );
                    }
                    if page == 1 {
                        // The facets count every match, not a page.
                        let count = |name: &str, value: Option<&str>| {
                            body["facets"][name]
                                .as_array()
                                .unwrap()
                                .iter()
                                .find(|v| v[0].as_str() == value)
                                .map_or(0, |v| v[1].as_i64().unwrap())
                        };
                        for level in ["local", "regional", "national", "eu"] {
                            let n = matching
                                .iter()
                                .filter(|p| p.level.as_deref() == Some(level))
                                .count();
                            assert_eq!(count("level", Some(level)), n as i64, "{url} {level}");
                        }
                        let n = matching
                            .iter()
                            .filter(|p| p.policy_area.as_deref() == Some("health"))
                            .count();
                        assert_eq!(count("policy_area", Some("health")), n as i64, "{url}");
                    }
                    if ids.is_empty() {
                        break;
                    }
                    assert!(ids.len() <= 20, "{url}");
                    got.extend(ids);
                }
                if sort == "relevance" {
                    got.sort_unstable();
                }
                assert_eq!(got, want, "{q} {facets} {sort}");
            }
        }
    }
);
