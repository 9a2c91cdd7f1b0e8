//! The demo's good practices: four practices of the regions, the
//! municipality and the ministry, with adoptions, ratings, an English
//! translation and a link to a national action.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::plan_nodes;
use crate::domain::{NodeKind, PracticeStatus};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::practices::adoptions;
use crate::services::practices::edit::{
    self as practice_edit, PracticeInput, TextsInput, TransitionInput,
};
use crate::services::practices::links as practice_links;
use crate::services::practices::ratings;

/// A demo practice: whose (index in [`DEMO_LOGINS`](super::DEMO_LOGINS)) and what.
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

/// The demo practices, in the order they are created.
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
/// `actors` follow [`DEMO_LOGINS`](super::DEMO_LOGINS): admin, planner, Lazio,
/// Bologna, evaluator.
pub(super) fn practices(
    conn: &mut DbConn,
    actors: &[Actor],
    national: Option<i32>,
) -> AppResult<()> {
    let [admin, planner, lazio, bologna, _] = actors else {
        return Err(AppError::Internal("demo users missing".into()));
    };
    let ids = create(conn, actors, admin)?;
    translate(conn, lazio, admin, ids[0])?;
    adopt(conn, planner, lazio, bologna, &ids)?;
    rate(conn, planner, lazio, bologna, &ids)?;
    if let Some(plan) = national {
        link(conn, planner, ids[2], plan)?;
    }
    Ok(())
}

/// Creates and submits [`DEMO_PRACTICES`], `admin` publishing those meant to
/// be; their ids, in that order.
fn create(conn: &mut DbConn, actors: &[Actor], admin: &Actor) -> AppResult<Vec<i32>> {
    let mut ids = Vec::new();
    for d in &DEMO_PRACTICES {
        let who = &actors[d.who];
        let p = practice_edit::create(
            conn,
            who,
            &PracticeInput {
                owner_organisation_id: None,
                texts: TextsInput {
                    lang: "it".into(),
                    title: d.title.into(),
                    summary: d.summary.into(),
                    problem: d.problem.into(),
                    solution: d.solution.into(),
                    ..TextsInput::default()
                },
                country: Some("IT".into()),
                territory_code: Some(d.territory.into()),
                level: Some(d.level.into()),
                policy_area: Some(d.area.into()),
                innovation_stage: Some(if d.publish { "diffuse" } else { "implement" }.into()),
                launch_year: Some(d.year),
                licence: Some("CC-BY-4.0".into()),
                tags: d.tags.iter().map(|t| (*t).to_owned()).collect(),
                sdgs: d.sdgs.to_vec(),
                ..PracticeInput::default()
            },
        )?;
        step(conn, who, p.id, "submit")?;
        if d.publish {
            step(conn, admin, p.id, "publish")?;
        }
        ids.push(p.id);
    }
    Ok(ids)
}

/// One step of the practice workflow, without comment; the new status.
fn step(conn: &mut DbConn, who: &Actor, id: i32, action: &str) -> AppResult<PracticeStatus> {
    practice_edit::transition(
        conn,
        who,
        id,
        &TransitionInput {
            action: action.into(),
            comment: String::new(),
        },
    )
}

/// The English translation of the Lazio region's one-stop desk: written by
/// the region after publication, so an administrator publishes it.
fn translate(conn: &mut DbConn, lazio: &Actor, admin: &Actor, id: i32) -> AppResult<()> {
    let outcome = practice_edit::put_translation(
        conn,
        lazio,
        id,
        &TextsInput {
            lang: "en".into(),
            title: "One-stop digital desk for businesses".into(),
            summary: "A single online access point for every procedure businesses have with the Region and the participating municipalities.".into(),
            problem: "Businesses had to deal with different offices, forms and long waits.".into(),
            solution: "A portal with SPID and CIE digital identity, unified forms and pagoPA payments, connected to the municipalities' systems.".into(),
            ..TextsInput::default()
        },
    )?;
    if outcome == practice_edit::TextOutcome::Pending {
        practice_edit::review_text(conn, admin, id, "en", "publish")?;
    }
    Ok(())
}

/// Two adoptions confirmed by the practice's owner and one still pending.
fn adopt(
    conn: &mut DbConn,
    planner: &Actor,
    lazio: &Actor,
    bologna: &Actor,
    ids: &[i32],
) -> AppResult<()> {
    let a = declare(
        conn,
        bologna,
        ids[0],
        "2025-02-01",
        "Sportello del Comune per le attività produttive",
        "Tempi medi delle pratiche ridotti da 45 a 20 giorni",
    )?;
    adoptions::decide(conn, lazio, a, true)?;
    let a = declare(
        conn,
        lazio,
        ids[2],
        "2024-06-15",
        "Cruscotto regionale dei pagamenti alle imprese",
        "Ritardo medio sceso sotto i 30 giorni",
    )?;
    adoptions::decide(conn, planner, a, true)?;
    declare(
        conn,
        bologna,
        ids[2],
        "2025-09-01",
        "Pagina dei tempi di pagamento del Comune",
        "Pubblicata, in valutazione",
    )?;
    Ok(())
}

/// `who` declares an adoption of practice `id`; the adoption's id.
fn declare(
    conn: &mut DbConn,
    who: &Actor,
    id: i32,
    on: &str,
    context: &str,
    outcome: &str,
) -> AppResult<i32> {
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
}

/// Three ratings, two with a review.
fn rate(
    conn: &mut DbConn,
    planner: &Actor,
    lazio: &Actor,
    bologna: &Actor,
    ids: &[i32],
) -> AppResult<()> {
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
    Ok(())
}

/// Links practice `id` to the first action (by code) of the national plan.
fn link(conn: &mut DbConn, planner: &Actor, id: i32, plan: i32) -> AppResult<()> {
    let action: Option<i32> = plan_nodes::table
        .filter(plan_nodes::plan_id.eq(plan))
        .filter(plan_nodes::kind.eq(NodeKind::Action.as_str()))
        .order(plan_nodes::code.asc())
        .select(plan_nodes::id)
        .first(conn)
        .optional()?;
    if let Some(node) = action {
        practice_links::link(conn, planner, id, node)?;
    }
    Ok(())
}
