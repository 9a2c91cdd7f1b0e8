//! k = 5 against differencing: two selections that differ by one person
//! (a period one day longer) must not tell that person's gender.

use chrono::{Days, NaiveDate};
use pspm_tests::plans::with_demo_plans;
use pspm_tests::{TestApp, TestClient, both};
use serde_json::Value;

/// People of one territory nobody else is in, one joining per day.
const PEOPLE: usize = 40;

fn day(i: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(i as u64)
}

fn gender(i: usize) -> &'static str {
    // An irregular pattern, so that no period's counts are all round.
    if (i * 7 + i / 3) % 5 < 2 { "m" } else { "f" }
}

async fn seed(app: &TestApp) {
    with_demo_plans(app).await;
    let consultation = app
        .count("SELECT CAST(MIN(id) AS BIGINT) AS n FROM consultations")
        .await;
    for i in 0..PEOPLE {
        let at = format!("{} 10:00:00", day(i));
        app.exec(&format!(
            "INSERT INTO users (email, display_name, password_hash, role, age_band, gender, territory_code, \
             created_at, updated_at, email_frequency) VALUES ('diff{i}@pspm.example', 'Diff {i}', 'x', 'citizen', \
             '30-44', '{}', 'ITZ99', '{at}', '{at}', 'never')",
            gender(i)
        ))
        .await;
        app.exec(&format!(
            "INSERT INTO contributions (consultation_id, kind, author_id, body, created_at, support_count) \
             VALUES ({consultation}, 'comment', (SELECT id FROM users WHERE email = 'diff{i}@pspm.example'), \
             'Da confrontare', '{at}', 0)"
        ))
        .await;
    }
}

/// The participation of ITZ99 up to the day the `i`-th person joined.
async fn until(client: &TestClient, i: usize) -> Value {
    let url = format!(
        "/api/v1/analytics/participation?territory=ITZ99&to={}",
        day(i)
    );
    client.get(&url).await.json()
}

fn by_gender(p: &Value) -> Vec<(String, Option<i64>)> {
    p["by_gender"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["label"].as_str().unwrap().to_owned(), c["count"].as_i64()))
        .collect()
}

both!(
    two_periods_one_day_apart_do_not_tell_who_joined,
    |app| async move {
        seed(&app).await;
        let anon = app.client();
        let until = |i: usize| until(&anon, i);
        // Fewer than five people: no count under five and no breakdown at all.
        let three = until(2).await;
        assert!(three["participants"].is_null(), "{three}");
        assert_eq!(by_gender(&three), vec![]);
        assert!(
            three["daily"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["active"].is_null())
        );

        // The attack of the review: for each person, the period up to the day
        // before they joined against the period up to that day.
        let (mut revealed, mut guessed, mut pairs) = (0, 0, 0);
        let mut before = until(4).await;
        for i in 5..PEOPLE {
            let after = until(i).await;
            assert_eq!(
                after["participants"],
                i as i64 + 1,
                "exactly one more person"
            );
            let (b, a) = (by_gender(&before), by_gender(&after));
            let labels: Vec<&String> = a.iter().map(|(l, _)| l).collect();
            let change = |label: &String| {
                let n = |t: &[(String, Option<i64>)]| {
                    t.iter().find(|(l, _)| l == label).and_then(|(_, n)| *n)
                };
                n(&a).unwrap_or(0) - n(&b).unwrap_or(0)
            };
            // Certain: one group grew by exactly one and no other moved.
            let grew: Vec<&&String> = labels.iter().filter(|l| change(l) == 1).collect();
            let still = labels.iter().filter(|l| change(l) == 0).count();
            if grew.len() == 1 && still == labels.len() - 1 {
                revealed += 1;
            }
            // A guess: the group that grew most.
            if let Some(best) = labels.iter().max_by_key(|l| change(l))
                && best.as_str() == gender(i)
                && labels.iter().filter(|l| change(l) == change(best)).count() == 1
            {
                guessed += 1;
            }
            pairs += 1;
            // Every count shown is a multiple of 5, the same on asking again.
            assert!(a.iter().all(|(_, n)| n.is_none_or(|n| n % 5 == 0)), "{a:?}");
            assert_eq!(by_gender(&until(i).await), a);
            before = after;
        }
        assert_eq!(revealed, 0, "no pair of periods tells who joined");
        // The largest rise points at the joiner's group only a little more
        // often than chance (a coin between two groups would be right half the time).
        assert!(guessed * 10 <= pairs * 7, "{guessed} of {pairs} guessed");
        println!("differencing: {guessed} of {pairs} joiners guessed by the largest rise");
    }
);
