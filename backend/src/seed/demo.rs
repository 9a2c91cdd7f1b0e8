//! Demo data: a ministry, regions, a municipality, an agency and one user per role.

use crate::db::DbConn;
use crate::db::organisation::Organisation;
use crate::db::user::User;
use crate::domain::{NodeKind, OrgKind, OrgLevel, PlanStatus, ResponseStatus, Role};
use crate::error::{AppError, AppResult};
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

/// Loads the demo when the database has no users; returns whether it did.
pub fn load_if_empty(conn: &mut DbConn) -> AppResult<bool> {
    if User::count(conn)? > 0 {
        return Ok(false);
    }
    load(conn)?;
    Ok(true)
}

/// Loads the demo organisations and users.
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
    if let Some(regional) = plans
        .iter()
        .find(|p| p.status == PlanStatus::Consultation.as_str())
    {
        consultation(conn, regional.id)?;
    }
    let national = plans
        .iter()
        .find(|p| p.status == PlanStatus::Monitoring.as_str())
        .map(|p| p.id);
    practices(conn, &actors, national)?;
    Ok(())
}

/// A demo practice: whose (index in [`DEMO_LOGINS`]) and what.
struct DemoPractice {
    who: usize,
    title: &'static str,
    summary: &'static str,
    problem: &'static str,
    solution: &'static str,
    level: &'static str,
    area: &'static str,
    territory: &'static str,
    sdgs: &'static [i32],
    tags: &'static [&'static str],
    year: i32,
    publish: bool,
}

const DEMO_PRACTICES: [DemoPractice; 4] = [
    DemoPractice {
        who: 2,
        title: "Sportello digitale unico per le imprese",
        summary: "Un unico punto di accesso online per tutte le pratiche delle imprese con la Regione e i comuni aderenti.",
        problem: "Le imprese dovevano rivolgersi a uffici diversi, con moduli diversi e tempi lunghi.",
        solution: "Un portale con identità digitale SPID e CIE, moduli unificati e pagamenti pagoPA, integrato con i sistemi dei comuni.",
        level: "regional",
        area: "digital",
        territory: "ITI4",
        sdgs: &[8, 9, 16],
        tags: &["sportello unico", "imprese", "spid"],
        year: 2022,
        publish: true,
    },
    DemoPractice {
        who: 3,
        title: "Bilancio partecipativo di quartiere",
        summary: "I cittadini propongono e votano progetti finanziati con una quota del bilancio comunale.",
        problem: "Bassa fiducia e poca partecipazione alle scelte di spesa del Comune.",
        solution: "Laboratori di quartiere, proposte online, voto aperto ai residenti dai 16 anni e rendiconto pubblico dei progetti realizzati.",
        level: "local",
        area: "finance",
        territory: "ITH55",
        sdgs: &[11, 16],
        tags: &["partecipazione", "bilancio"],
        year: 2017,
        publish: true,
    },
    DemoPractice {
        who: 1,
        title: "Cruscotto pubblico dei tempi di pagamento",
        summary: "Un cruscotto aperto mostra ogni mese i tempi di pagamento delle amministrazioni verso i fornitori.",
        problem: "I ritardi nei pagamenti pubblici pesavano sulla liquidità delle imprese senza che fossero visibili.",
        solution: "Dati della piattaforma dei crediti commerciali pubblicati come dati aperti e in un cruscotto per ente.",
        level: "national",
        area: "finance",
        territory: "IT",
        sdgs: &[8, 16],
        tags: &["dati aperti", "pagamenti"],
        year: 2019,
        publish: true,
    },
    DemoPractice {
        who: 3,
        title: "Facilitatori digitali di quartiere",
        summary: "Volontari formati aiutano i residenti a usare i servizi pubblici online nelle biblioteche di quartiere.",
        problem: "Molti anziani non riescono a usare i servizi digitali.",
        solution: "Una rete di facilitatori con turni settimanali e un percorso di formazione comune.",
        level: "local",
        area: "social",
        territory: "ITH55",
        sdgs: &[4, 10],
        tags: &["competenze digitali", "inclusione"],
        year: 2023,
        publish: false,
    },
];

/// Demo good practices of the regions, the municipality and the ministry, with
/// confirmed and pending adoptions, ratings and a link to a national action.
/// `actors` follow [`DEMO_LOGINS`]: admin, planner, Lazio, Bologna, evaluator.
fn practices(
    conn: &mut DbConn,
    actors: &[crate::services::Actor],
    national: Option<i32>,
) -> AppResult<()> {
    use crate::services::practices::adoptions;
    use crate::services::practices::edit::{
        self as practice_edit, PracticeInput, TextsInput, TransitionInput,
    };
    use crate::services::practices::links as practice_links;
    use crate::services::practices::ratings;
    let [admin, planner, lazio, bologna, _] = actors else {
        return Err(AppError::Internal("demo users missing".into()));
    };
    let step = |conn: &mut DbConn, who: &crate::services::Actor, id: i32, action: &str| {
        practice_edit::transition(
            conn,
            who,
            id,
            &TransitionInput {
                action: action.into(),
                comment: String::new(),
            },
        )
    };
    let mut ids = Vec::new();
    for d in &DEMO_PRACTICES {
        let who = &actors[d.who];
        let (title, summary, problem, solution) = (d.title, d.summary, d.problem, d.solution);
        let (level, area, territory, sdgs, tags, year, publish) = (
            d.level,
            d.area,
            d.territory,
            d.sdgs,
            d.tags,
            d.year,
            d.publish,
        );
        let p = practice_edit::create(
            conn,
            who,
            &PracticeInput {
                owner_organisation_id: None,
                texts: TextsInput {
                    lang: "it".into(),
                    title: title.into(),
                    summary: summary.into(),
                    problem: problem.into(),
                    solution: solution.into(),
                    ..TextsInput::default()
                },
                country: Some("IT".into()),
                territory_code: Some(territory.into()),
                level: Some(level.into()),
                policy_area: Some(area.into()),
                innovation_stage: Some(if publish { "diffuse" } else { "implement" }.into()),
                launch_year: Some(year),
                licence: Some("CC-BY-4.0".into()),
                tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                sdgs: sdgs.to_vec(),
                ..PracticeInput::default()
            },
        )?;
        step(conn, who, p.id, "submit")?;
        if publish {
            step(conn, admin, p.id, "publish")?;
        }
        ids.push(p.id);
    }
    practice_edit::put_translation(
        conn,
        lazio,
        ids[0],
        &TextsInput {
            lang: "en".into(),
            title: "One-stop digital desk for businesses".into(),
            summary: "A single online access point for every procedure businesses have with the Region and the participating municipalities.".into(),
            problem: "Businesses had to deal with different offices, forms and long waits.".into(),
            solution: "A portal with SPID and CIE digital identity, unified forms and pagoPA payments, connected to the municipalities' systems.".into(),
            ..TextsInput::default()
        },
    )?;
    let adopt = |conn: &mut DbConn,
                 who: &crate::services::Actor,
                 id: i32,
                 on: &str,
                 context: &str,
                 outcome: &str| {
        adoptions::declare(
            conn,
            who,
            id,
            &adoptions::AdoptionInput {
                adopted_on: on.into(),
                context: context.into(),
                outcome: outcome.into(),
            },
        )
    };
    let a = adopt(
        conn,
        bologna,
        ids[0],
        "2025-02-01",
        "Sportello del Comune per le attività produttive",
        "Tempi medi delle pratiche ridotti da 45 a 20 giorni",
    )?;
    adoptions::decide(conn, lazio, a, true)?;
    let a = adopt(
        conn,
        lazio,
        ids[2],
        "2024-06-15",
        "Cruscotto regionale dei pagamenti alle imprese",
        "Ritardo medio sceso sotto i 30 giorni",
    )?;
    adoptions::decide(conn, planner, a, true)?;
    adopt(
        conn,
        bologna,
        ids[2],
        "2025-09-01",
        "Pagina dei tempi di pagamento del Comune",
        "Pubblicata, in valutazione",
    )?;
    for (who, id, stars, review) in [
        (
            bologna,
            ids[0],
            5,
            "Riusato con poche modifiche: documentazione chiara.",
        ),
        (
            planner,
            ids[1],
            4,
            "Buon modello, richiede molto lavoro di animazione.",
        ),
        (lazio, ids[1], 5, ""),
    ] {
        ratings::rate(
            conn,
            who,
            id,
            &ratings::RatingInput {
                stars,
                review: review.into(),
            },
        )?;
    }
    if let Some(plan) = national {
        use diesel::prelude::*;
        let action: Option<i32> = crate::db::schema::plan_nodes::table
            .filter(crate::db::schema::plan_nodes::plan_id.eq(plan))
            .filter(crate::db::schema::plan_nodes::kind.eq(NodeKind::Action.as_str()))
            .order(crate::db::schema::plan_nodes::code.asc())
            .select(crate::db::schema::plan_nodes::id)
            .first(conn)
            .optional()?;
        if let Some(node) = action {
            practice_links::link(conn, planner, ids[2], node)?;
        }
    }
    Ok(())
}

/// Sentences the demo participants write (deterministic, no randomness).
const OPENINGS: &[&str] = &[
    "Come ente locale chiediamo di",
    "Suggeriamo di",
    "Sarebbe utile",
    "Proponiamo di",
    "È importante",
    "Chiediamo alla Regione di",
];
const SUBJECTS: &[&str] = &[
    "coinvolgere i piccoli comuni nella fase di avvio",
    "pubblicare i dati di avanzamento in formato aperto",
    "prevedere formazione per il personale degli sportelli",
    "semplificare l'accesso con SPID e CIE anche da mobile",
    "coordinare i tempi con le scadenze del PNRR",
    "misurare la soddisfazione degli utenti ogni sei mesi",
    "garantire l'accessibilità dei servizi per le persone con disabilità",
    "ridurre i tempi di pagamento verso le imprese fornitrici",
    "riusare le soluzioni già adottate da altre regioni",
    "assicurare il supporto tecnico agli enti con meno risorse",
];
const PROPOSALS: &[&str] = &[
    "Sportello digitale unico per le imprese",
    "Cruscotto pubblico dei tempi di pagamento",
    "Rete di facilitatori digitali nei comuni",
    "Catalogo regionale dei dati aperti",
    "Formazione sulla sicurezza informatica per i comuni",
    "App regionale per i pagamenti pagoPA",
    "Laboratori di co-progettazione con i cittadini",
    "Interoperabilità dei sistemi sanitari e amministrativi",
];
const ANSWERS: &[(ResponseStatus, &str)] = &[
    (
        ResponseStatus::Accepted,
        "Accolto: il suggerimento è stato inserito nel piano.",
    ),
    (
        ResponseStatus::PartiallyAccepted,
        "Accolto in parte: ne terremo conto nella definizione delle azioni.",
    ),
    (
        ResponseStatus::AlreadyPlanned,
        "Già previsto: l'azione corrispondente è in corso.",
    ),
    (
        ResponseStatus::Rejected,
        "Non accolto: non è compatibile con le risorse disponibili nel triennio.",
    ),
    (
        ResponseStatus::OutOfScope,
        "Fuori ambito: la materia è di competenza statale.",
    ),
];

/// A public consultation on `plan_id` with a few hundred contributions from
/// demo participants of several organisations, most of them answered.
fn consultation(conn: &mut DbConn, plan_id: i32) -> AppResult<()> {
    use crate::services::consultations::{
        self as c, ConsultationInput, ContributionInput, PointsInput, ResponseInput,
    };
    let admin = User::find_active_by_email(conn, DEMO_LOGINS[0].email)?
        .and_then(|u| crate::services::accounts::auth::actor_of(&u))
        .ok_or_else(|| AppError::Internal("demo admin missing".into()))?;
    let now = chrono::Utc::now().naive_utc();
    let opened = c::create(
        conn,
        &admin,
        plan_id,
        &ConsultationInput {
            title: "Consultazione pubblica sull'Agenda digitale del Lazio".into(),
            description: "Enti locali, imprese e cittadini possono commentare obiettivi e azioni, proporre nuove azioni, sostenere le proposte e indicare le priorità.".into(),
            opens_at: (now - chrono::Duration::days(30)).format("%Y-%m-%dT%H:%M").to_string(),
            closes_at: (now + chrono::Duration::days(60)).format("%Y-%m-%dT%H:%M").to_string(),
            audience: "public".into(),
            invited: Vec::new(),
            comments_enabled: true,
            proposals_enabled: true,
            supports_per_person: 5,
            points_per_person: 100,
        },
    )?;
    // Participants: demo members of every organisation and citizens, who do not sign in.
    let orgs = Organisation::all(conn)?;
    let mut people = Vec::new();
    for i in 0..36 {
        let org = if i % 4 == 3 {
            None
        } else {
            orgs.get(i % orgs.len()).map(|o| o.id)
        };
        let role = if org.is_none() {
            Role::Citizen
        } else {
            Role::Member
        };
        let now = crate::db::now();
        let email = format!("partecipante{i:02}@demo.pspm.example");
        let user = User::create(
            conn,
            &crate::db::user::NewUser {
                email: &email,
                display_name: &format!("Partecipante {}", i + 1),
                password_hash: "!",
                organisation_id: org,
                role: role.as_str(),
                locale: Some("it"),
                created_at: now,
                updated_at: now,
            },
        )?;
        people.extend(crate::services::accounts::auth::actor_of(&user));
    }
    let nodes = crate::db::plan_node::PlanNode::of_plan(conn, plan_id)?;
    let objectives: Vec<i32> = nodes
        .iter()
        .filter(|n| n.kind == NodeKind::OperationalObjective.as_str())
        .map(|n| n.id)
        .collect();
    let actions: Vec<i32> = nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Action.as_str())
        .map(|n| n.id)
        .collect();
    let mut made = Vec::new();
    for i in 0..280usize {
        let who = &people[(i * 7) % people.len()];
        let input = if i % 5 == 0 && !objectives.is_empty() {
            ContributionInput {
                kind: "proposal".into(),
                node_id: Some(objectives[i % objectives.len()]),
                parent_id: None,
                title: Some(PROPOSALS[(i / 5) % PROPOSALS.len()].into()),
                body: format!(
                    "{} {}.",
                    OPENINGS[i % OPENINGS.len()],
                    SUBJECTS[(i / 3) % SUBJECTS.len()]
                ),
            }
        } else if i % 7 == 1 && !made.is_empty() {
            ContributionInput {
                kind: "comment".into(),
                node_id: None,
                parent_id: made.get(i % made.len()).copied(),
                title: None,
                body: format!(
                    "Concordo, e aggiungo: {}.",
                    SUBJECTS[(i + 4) % SUBJECTS.len()]
                ),
            }
        } else {
            ContributionInput {
                kind: "comment".into(),
                node_id: nodes.get(i % nodes.len().max(1)).map(|n| n.id),
                parent_id: None,
                title: None,
                body: format!(
                    "{} {}.",
                    OPENINGS[(i + 2) % OPENINGS.len()],
                    SUBJECTS[i % SUBJECTS.len()]
                ),
            }
        };
        let created = c::contribute(conn, who, opened.id, &input)?;
        made.push(created.id);
    }
    let all = crate::db::contribution::Contribution::of_consultation(conn, opened.id)?;
    let proposals: Vec<&crate::db::contribution::Contribution> =
        all.iter().filter(|x| x.kind == "proposal").collect();
    for (i, person) in people.iter().enumerate() {
        for p in proposals.iter().skip(i % 5).step_by(7).take(3) {
            if p.author_id != person.user_id {
                c::support(conn, person, p.id)?;
            }
        }
        if !actions.is_empty() {
            let points = vec![
                PointsInput {
                    node_id: actions[i % actions.len()],
                    points: 60,
                },
                PointsInput {
                    node_id: actions[(i + 3) % actions.len()],
                    points: 40,
                },
            ];
            let mut unique = points;
            unique.dedup_by_key(|p| p.node_id);
            c::set_priorities(conn, person, opened.id, &unique)?;
        }
    }
    // About three in four contributions answered, oldest first; two proposals become actions.
    let mut created_actions = 0;
    for (i, x) in all.iter().enumerate() {
        if i % 4 == 3 {
            continue;
        }
        let (status, text) = ANSWERS[i % ANSWERS.len()];
        let create =
            x.kind == "proposal" && status == ResponseStatus::Accepted && created_actions < 2;
        let code = create.then(|| {
            created_actions += 1;
            format!("LZ-AZ-P{created_actions}")
        });
        c::respond(
            conn,
            &admin,
            x.id,
            &ResponseInput {
                status: status.as_str().into(),
                body: text.into(),
                node_id: None,
                create_action_code: code,
            },
        )?;
    }
    Ok(())
}

/// The demo plans: a national plan and a regional plan aligned to it.
pub const DEMO_PLANS: &[&[u8]] = &[
    include_bytes!("../../demo/plan-national.json"),
    include_bytes!("../../demo/plan-lazio.json"),
];
