//! Demo data: a ministry, regions, a municipality, an agency and one user per
//! role, a national plan and a regional plan aligned to it, a public
//! consultation on the regional plan and a few good practices.

mod consultation;
mod practices;

use crate::config::Config;
use crate::db::DbConn;
use crate::db::organisation::Organisation;
use crate::db::user::User;
use crate::domain::{OrgKind, OrgLevel, PlanStatus, Role};
use crate::error::AppResult;
use crate::services::accounts::organisations;
use crate::services::accounts::users::{self, UserInput};
use crate::services::plans::exchange as plan_io;

/// A demo sign-in, printed at start.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// Role.
    pub role: Role,
    /// Email.
    pub email: &'static str,
    /// Password.
    pub password: &'static str,
}

/// The demo sign-ins (public knowledge: demo data only).
pub const DEMO_LOGINS: &[DemoLogin] = &[
    DemoLogin {
        role: Role::Admin,
        email: "admin@pspm.example",
        password: "demo-admin-2026",
    },
    DemoLogin {
        role: Role::Planner,
        email: "planner@pspm.example",
        password: "demo-planner-2026",
    },
    DemoLogin {
        role: Role::Member,
        email: "member.lazio@pspm.example",
        password: "demo-member-2026",
    },
    DemoLogin {
        role: Role::Member,
        email: "member.bologna@pspm.example",
        password: "demo-member-2026",
    },
    DemoLogin {
        role: Role::Evaluator,
        email: "evaluator@pspm.example",
        password: "demo-evaluator-2026",
    },
];

/// What start-up found and did about the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtStart {
    /// The demo was loaded into the empty database.
    pub loaded: bool,
    /// Demo accounts exist and the server listens where other machines reach it.
    pub exposed: bool,
    /// The database has no users at all (nobody can sign in yet).
    pub no_users: bool,
}

/// At start: loads the demo into an empty database when `config` says so
/// ([`Config::loads_demo`]), and finds whether demo accounts are exposed.
pub fn at_start(conn: &mut DbConn, config: &Config) -> AppResult<AtStart> {
    let loaded = config.loads_demo() && load_if_empty(conn)?;
    Ok(AtStart {
        loaded,
        exposed: exposed(conn, config)?,
        no_users: User::count(conn)? == 0,
    })
}

/// Whether any demo account exists on a server that listens where other
/// machines reach it: anyone who read the README can sign in there.
pub fn exposed(conn: &mut DbConn, config: &Config) -> AppResult<bool> {
    if config.is_loopback() {
        return Ok(false);
    }
    let emails: Vec<&str> = DEMO_LOGINS.iter().map(|l| l.email).collect();
    Ok(User::count_with_emails(conn, &emails)? > 0)
}

/// Loads the demo when the database has no users; returns whether it did.
pub fn load_if_empty(conn: &mut DbConn) -> AppResult<bool> {
    if User::count(conn)? > 0 {
        return Ok(false);
    }
    load(conn)?;
    Ok(true)
}

/// Loads the demo: organisations, users, plans, the consultation and the practices.
pub fn load(conn: &mut DbConn) -> AppResult<()> {
    let org = |conn: &mut DbConn,
               name: &str,
               kind: OrgKind,
               level: OrgLevel,
               territory: &str,
               parent: Option<i32>| {
        organisations::create_system(
            conn,
            &organisations::OrganisationInput {
                name: name.into(),
                kind: kind.as_str().into(),
                level: level.as_str().into(),
                territory_code: Some(territory.into()),
                parent_id: parent,
                time_zone: None,
            },
        )
    };
    let mef = org(
        conn,
        "Ministero dell'Economia e delle Finanze",
        OrgKind::Ministry,
        OrgLevel::National,
        "IT",
        None,
    )?;
    let lazio = org(
        conn,
        "Regione Lazio",
        OrgKind::Region,
        OrgLevel::Regional,
        "ITI4",
        None,
    )?;
    let emilia = org(
        conn,
        "Regione Emilia-Romagna",
        OrgKind::Region,
        OrgLevel::Regional,
        "ITH5",
        None,
    )?;
    let bologna = org(
        conn,
        "Comune di Bologna",
        OrgKind::Municipality,
        OrgLevel::Local,
        "037006",
        Some(emilia.id),
    )?;
    let agid = org(
        conn,
        "Agenzia per l'Italia Digitale",
        OrgKind::Agency,
        OrgLevel::National,
        "IT",
        None,
    )?;

    let names = [
        "Amministratrice PSPM",
        "Giulia Rossi",
        "Marco Bianchi",
        "Sara Conti",
        "Luca Ferri",
    ];
    let orgs: [&Organisation; 5] = [&mef, &mef, &lazio, &bologna, &agid];
    let mut actors = Vec::new();
    for ((login, name), org) in DEMO_LOGINS.iter().zip(names).zip(orgs) {
        let user = users::create_system(
            conn,
            &UserInput {
                email: login.email.into(),
                display_name: name.into(),
                organisation_id: Some(org.id),
                role: login.role.as_str().into(),
                password: Some(login.password.into()),
            },
        )?;
        actors.push(crate::services::Actor {
            user_id: user.id,
            role: login.role,
            organisation_id: Some(org.id),
            display_name: name.into(),
        });
    }
    let mut plans = Vec::new();
    for source in DEMO_PLANS {
        let doc = plan_io::parse(source)?;
        plans.push(plan_io::import(conn, None, &doc)?);
    }
    if let Some(regional) = plans.iter().find(|p| p.status == PlanStatus::Consultation) {
        consultation::consultation(conn, regional.id)?;
    }
    let national = plans
        .iter()
        .find(|p| p.status == PlanStatus::Monitoring)
        .map(|p| p.id);
    practices::practices(conn, &actors, national)?;
    Ok(())
}

/// The demo plans: a national plan and a regional plan aligned to it.
pub const DEMO_PLANS: &[&[u8]] = &[
    include_bytes!("../../demo/plan-national.json"),
    include_bytes!("../../demo/plan-lazio.json"),
];
