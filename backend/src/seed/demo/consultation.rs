//! The demo's public consultation on the Lazio plan: participants of every
//! organisation and citizens, their contributions, supports and points, and
//! the answers to most contributions.

use super::DEMO_LOGINS;
use crate::db::DbConn;
use crate::db::contribution::Contribution;
use crate::db::organisation::Organisation;
use crate::db::plan_node::PlanNode;
use crate::db::user::{NewUser, User};
use crate::domain::{ContributionKind, NodeKind, ResponseStatus, Role};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::accounts::auth;
use crate::services::consultations::{
    self as c, ConsultationInput, ContributionInput, PointsInput, ResponseInput,
};

/// Sentences the demo participants write (deterministic, no randomness).
const OPENINGS: &[&str] = &[
    "Come ente locale chiediamo di",
    "Suggeriamo di",
    "Sarebbe utile",
    "Proponiamo di",
    "È importante",
    "Chiediamo alla Regione di",
];
/// What they ask for.
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
/// Titles of the proposals.
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
/// The answers, given in turn.
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
pub(super) fn consultation(conn: &mut DbConn, plan_id: i32) -> AppResult<()> {
    let admin = User::find_active_by_email(conn, DEMO_LOGINS[0].email)?
        .and_then(|u| auth::actor_of(&u))
        .ok_or_else(|| AppError::Internal("demo admin missing".into()))?;
    let consultation = open(conn, &admin, plan_id)?;
    let people = participants(conn)?;
    let nodes = PlanNode::of_plan(conn, plan_id)?;
    let of_kind = |kind: NodeKind| -> Vec<i32> {
        nodes
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| n.id)
            .collect()
    };
    let objectives = of_kind(NodeKind::OperationalObjective);
    let actions = of_kind(NodeKind::Action);
    contribute(conn, &people, consultation, &nodes, &objectives)?;
    let all = Contribution::of_consultation(conn, consultation)?;
    support_and_prioritise(conn, &people, consultation, &all, &actions)?;
    answer(conn, &admin, &all)
}

/// Opens the consultation, a month ago for two more months, with comments,
/// proposals, supports and points; its id.
fn open(conn: &mut DbConn, admin: &Actor, plan_id: i32) -> AppResult<i32> {
    let now = chrono::Utc::now().naive_utc();
    let opened = c::create(
        conn,
        admin,
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
            time_zone: None,
        },
    )?;
    Ok(opened.id)
}

/// 36 participants: demo members of every organisation in turn, every
/// fourth a citizen. They cannot sign in.
fn participants(conn: &mut DbConn) -> AppResult<Vec<Actor>> {
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
            &NewUser {
                email: &email,
                display_name: &format!("Partecipante {}", i + 1),
                password_hash: "!",
                organisation_id: org,
                role,
                locale: Some("it"),
                created_at: now,
                updated_at: now,
            },
        )?;
        people.extend(auth::actor_of(&user));
    }
    Ok(people)
}

/// 280 contributions, the participants in turn: every fifth a proposal on an
/// operational objective, some comments on earlier contributions, the others
/// comments on the plan's nodes.
fn contribute(
    conn: &mut DbConn,
    people: &[Actor],
    consultation: i32,
    nodes: &[PlanNode],
    objectives: &[i32],
) -> AppResult<()> {
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
        let created = c::contribute(conn, who, consultation, &input)?;
        made.push(created.id);
    }
    Ok(())
}

/// Each participant supports up to three proposals of others and gives 60
/// and 40 points to two actions.
fn support_and_prioritise(
    conn: &mut DbConn,
    people: &[Actor],
    consultation: i32,
    all: &[Contribution],
    actions: &[i32],
) -> AppResult<()> {
    let proposals: Vec<&Contribution> = all
        .iter()
        .filter(|x| x.kind == ContributionKind::Proposal)
        .collect();
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
            c::set_priorities(conn, person, consultation, &unique)?;
        }
    }
    Ok(())
}

/// About three in four contributions answered, oldest first; two proposals
/// become actions.
fn answer(conn: &mut DbConn, admin: &Actor, all: &[Contribution]) -> AppResult<()> {
    let mut created_actions = 0;
    for (i, x) in all.iter().enumerate() {
        if i % 4 == 3 {
            continue;
        }
        let (status, text) = ANSWERS[i % ANSWERS.len()];
        let create = x.kind == ContributionKind::Proposal
            && status == ResponseStatus::Accepted
            && created_actions < 2;
        let code = create.then(|| {
            created_actions += 1;
            format!("LZ-AZ-P{created_actions}")
        });
        c::respond(
            conn,
            admin,
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
