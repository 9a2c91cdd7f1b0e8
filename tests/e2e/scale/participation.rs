//! The participation and quality indicators the server gathers from the
//! database equal those computed in memory from the same rows, read here
//! independently, with and without filters.

use std::collections::HashSet;
use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{NaiveDate, NaiveDateTime};
use pspm_analytics::model::{Act, ActKind, ActionRow, ContributionRow, Participant};
use pspm_analytics::population::population;
use pspm_analytics::{participation, quality};
use pspm_backend::domain::ResponseStatus;
use pspm_tests::{TestApp, TestClient, both};

use super::{load, national_plan};

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
        let plan = national_plan(&app).await;
        // First with the users' ids close together (the gatherer's table),
        // then with one user far from the others (its map): a citizen of
        // ITC1 who supports a proposal of the plan.
        for far in [false, true] {
            if far {
                let proposal = app.count(format!("SELECT CAST(MIN(c.id) AS BIGINT) AS n FROM contributions c JOIN consultations k ON k.id = c.consultation_id WHERE k.plan_id = {plan} AND c.kind = 'proposal'")).await;
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
async fn check_cases(app: &TestApp, client: &TestClient, plan: i64) {
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
