//! The INTERLINK catalogue's problem profiles by name, in the interface's
//! languages (from `problemprofiles.json` of the INTERLINK catalogue,
//! Apache License 2.0): practices carry them as `problem:<id>` tags.

/// Each profile's id (lower case) and name in en, it, es, lv.
static PROFILES: [(&str, [&str; 4]); 45] = [
    (
        "org_problem_1",
        [
            "Project aim description",
            "Descrizione degli obiettivi di progetto",
            "Descripción del objetivo del proyecto",
            "Projekta mērķa apraksts",
        ],
    ),
    (
        "org_problem_2",
        [
            "Workplan and project management",
            "Piano di lavoro e gestione del progetto",
            "Plan de trabajo y gestión de proyectos",
            "Darba plāns un projektu vadība",
        ],
    ),
    (
        "org_problem_3",
        [
            "Registration and authentication",
            "Registrazione e autenticazione",
            "Registro y autentificación",
            "Reģistrācija un autentifikācija",
        ],
    ),
    (
        "org_problem_4",
        [
            "Team communication for co-production",
            "Comunicazione per il team di co-produzione",
            "Comunicación en equipo para la coproducción",
            "Komandas komunikācija, lai radītu kopražojumu",
        ],
    ),
    (
        "org_problem_5",
        [
            "Stakeholders engagement plan",
            "Piano di coinvolgimento degli stakeholder",
            "Plan de participación de las partes interesadas",
            "Ieinteresēto personu iesaistīšanās plāns",
        ],
    ),
    (
        "org_problem_6.1",
        [
            "Document collaboration",
            "Collaborazione su documenti",
            "Colaboración documental",
            "Sadarbības dokumenti",
        ],
    ),
    (
        "org_problem_6.2",
        [
            "Data visualization",
            "Visualizzazione di dati",
            "Visualización de datos",
            "Datu vizualizācija",
        ],
    ),
    (
        "org_problem_6.3",
        [
            "Discussion board",
            "Spazio di discussione",
            "Tablero de discusión",
            "Diskusiju platforma",
        ],
    ),
    (
        "org_problem_7",
        [
            "Non-Disclosure Agreement Definition (NDA)",
            "Definizione di accordi di riservatezza",
            "Definición de acuerdo de confidencialidad (NDA)",
            "Neizpaušanas līguma definīcija (NDA)",
        ],
    ),
    (
        "org_problem_8",
        [
            "Partnership agreement definition",
            "Definizione di accordi di partnership",
            "Definición de acuerdo de asociación",
            "Partnerības līguma definīcija",
        ],
    ),
    (
        "org_problem_9",
        [
            "Data Management Plan Definition (DPM)",
            "Definizione di un piano di gestione dei dati",
            "Definición del plan de gestión de datos (DPM)",
            "Datu pārvaldības plāna definīcija (DPM)",
        ],
    ),
    (
        "org_problem_10",
        [
            "Inform the public",
            "Informare il pubblico",
            "Informar al público",
            "Informēt sabiedrību",
        ],
    ),
    (
        "org_problem_11",
        [
            "Consensus building and agreement seeking with the public",
            "Costruzione di consenso e di accordo da parte dei cittadini",
            "Creación de consenso y búsqueda de acuerdos con el público",
            "Vienošanās veidošana un vienošanās meklēšana ar sabiedrību",
        ],
    ),
    (
        "org_problem_12",
        [
            "Develop a shared language (and value diversity)",
            "Sviluppo di un linguaggio condiviso (valorizzando la diversità)",
            "Desarrollar un lenguaje compartido (y valorar la diversidad)",
            "Izveidot kopīgu valodu (un vērtību daudzveidību)",
        ],
    ),
    (
        "org_problem_13",
        [
            "Loyalty, incentives and rewards",
            "Fidelizzazione, incentivi e premi",
            "Fidelización, incentivos y recompensas",
            "Lojalitāte, stimuli un atalgojums",
        ],
    ),
    (
        "org_problem_14",
        [
            "Consent collection",
            "Raccolta dei consensi",
            "Recogida de consentimientos",
            "Priekšlikumu apkopošana",
        ],
    ),
    (
        "und_problem_1",
        [
            "Collaborative problem refinement",
            "Raffinamento collaborativo del problema",
            "Refinamiento del problema en colaboración",
            "Sadarbības problēmas precizēšana",
        ],
    ),
    (
        "und_problem_2",
        [
            "Stakeholders mapping",
            "Mappatura degli stakeholder",
            "Mapeo de las partes interesadas",
            "Ieinteresēto personu dalīšana",
        ],
    ),
    (
        "und_problem_3",
        [
            "Data collection about users and their behavior (user research)",
            "Raccolta di dati sugli utenti ed il loro comportamento (ricerca utente)",
            "Recogida de datos sobre los usuarios y su comportamiento (investigación de usuarios)",
            "Datu vākšana par lietotājiem un viņu uzvedību (lietotāju izpēte)",
        ],
    ),
    (
        "und_problem_4",
        [
            "Identify and understand users of the service (Personas)",
            "Identificazione e comprensione degli utenti del servizio (Personas)",
            "Identificar y comprender a los usuarios del servicio (Personas)",
            "Identificēt un saprast pakalpojuma  lietotājus (Personas)",
        ],
    ),
    (
        "und_problem_5",
        [
            "Ideas crowdsourcing",
            "Crowsourcing di idee",
            "El crowdsourcing de ideas",
            "Ideju kombinētā izmantošana",
        ],
    ),
    (
        "und_problem_6",
        [
            "Ecosystem mapping",
            "Mappatura dell'ecosistema",
            "Mapa del ecosistema",
            "Ekosistēmas kartēšana",
        ],
    ),
    (
        "def_problem_1",
        [
            "Guidelines for (digital) public service design",
            "Linee guida per il disegno di servizi pubblici (digitali)",
            "Directrices para el diseño de servicios públicos (digitales)",
            "(Digitālo) publisko pakalpojumu projektēšanas vadlīnijas",
        ],
    ),
    (
        "def_problem_2",
        [
            "Brainstorm service ideas",
            "Brainstorming per idee sul futuro servizio",
            "Lluvia de ideas sobre el servicio",
            "Brainstorm servisa idejas",
        ],
    ),
    (
        "def_problem_3",
        [
            "Organize a co-design workshop",
            "Organizzazione di un workshop di co-design",
            "Organizar un taller de codiseño",
            "Organizē kopprojekta darbnīcu",
        ],
    ),
    (
        "def_problem_4",
        [
            "Define the interaction among users and service (Scenarios and User Journey)",
            "Definizione della interazione fra gli utenti e il servizio (scenari e percorsi utente)",
            "Definir la interacción entre los usuarios y el servicio (escenarios y las rutas de los usuarios)",
            "Lietotāju un pakalpojumu mijiedarbības noteikšana (scenāriji un lietotāju žurnāli)",
        ],
    ),
    (
        "def_problem_5",
        [
            "Define requirements and service specifications",
            "Definizione dei requisiti e delle specifiche del servizio",
            "Definir los requisitos y las especificaciones del servicio",
            "Definējiet prasības un pakalpojumu specifikācijas",
        ],
    ),
    (
        "def_problem_6",
        [
            "Content design",
            "Disegno del contenuto",
            "Diseño de contenidos",
            "Satura noformējums",
        ],
    ),
    (
        "build_problem_1",
        [
            "User interface design",
            "Disegno dell'interfaccia utente",
            "Diseño de interfaz de usuario",
            "Lietotāja interfeisa dizains",
        ],
    ),
    (
        "build_problem_2",
        [
            "Implement accessible digital public services",
            "Implementazione di servizi pubblici digitali accessibili",
            "Implantar servicios públicos digitales accesibles",
            "Leviest pieejamus digitālos publiskos pakalpojumus",
        ],
    ),
    (
        "build_problem_3",
        [
            "Open Source Software Licensing",
            "Utilizzo di licenze software Open Source",
            "Licencias de software de código abierto",
            "Atvērtās avota programmatūras licencēšana",
        ],
    ),
    (
        "build_problem_4",
        [
            "Implementing Interoperable Digital Public Services",
            "Implementazione di servizi pubblici digitali interoperabili",
            "Implantación de servicios públicos digitales interoperables",
            "Sadarbspējīgu digitālo publisko pakalpojumu ieviešana",
        ],
    ),
    (
        "build_problem_5",
        [
            "Implementing Secure and Trusted Digital Public Services",
            "Implementazione di servizi pubblici digitali sicuri e affidabili",
            "Implantación de servicios públicos digitales seguros y de confianza",
            "Drošu un uzticamu digitālo publisko pakalpojumu ieviešana",
        ],
    ),
    (
        "build_problem_6",
        [
            "Engage and incentivise citizen participation to the implementation and co-delivery of public services",
            "Coinvolgimento e incentivi alla partecipazione dei cittadini nella implementazione ed esecuzione dei servizi pubblici",
            "Involucrar e incentivar la participación de los ciudadanos en la implementación y co-prestación de los servicios públicos",
            "Iesaistiet un stimulējiet iedzīvotāju līdzdalību publisko pakalpojumu īstenošanā un koppiegādē",
        ],
    ),
    (
        "build_problem_7",
        [
            "Cloud-ready digital public services",
            "Servizi pubblici digitali basati su Cloud",
            "Servicios públicos digitales preparados para la nube",
            "Mākoņpakalpojumiem gatavi digitālie publiskie pakalpojumi",
        ],
    ),
    (
        "build_problem_8",
        [
            "Re-use of CEF Building Blocks",
            "Riuso di CEF Building Blocks",
            "Reutilización de los bloques de construcción del CEF",
            "EISI ēku bloku atkārtota izmantošana",
        ],
    ),
    (
        "build_problem_9",
        [
            "Collaborative knowledge sharing on public processes and services",
            "Condivisione collaborativa di conoscenza su servizi e processi pubblici",
            "Intercambio de conocimientos sobre procesos y servicios públicos",
            "Kopīgu zināšanu apmaiņa par sabiedriskajiem procesiem un pakalpojumiem",
        ],
    ),
    (
        "val_problem_1",
        [
            "Define the evaluation criteria and KPIs",
            "Definizione dei criteri di valutazione e degli principali indicatori di performance",
            "Definir los criterios de evaluación y los KPI",
            "Novērtēšanas kritēriju un KPI definēšana",
        ],
    ),
    (
        "val_problem_2",
        [
            "Ongoing internal co-evaluation (Go-no go)",
            "Valutazione interna continua (Go-no go)",
            "Coevaluación interna continua (Seguir o no seguir)",
            "Pastāvīgs iekšējais kopvērtējums (iet-neiet)",
        ],
    ),
    (
        "val_problem_3",
        [
            "Develop and test a proof of concept",
            "Sviluppo e test di un prototipo di idea",
            "Desarrollar y probar una prueba de concepto",
            "Izstrādāt un pārbaudīt koncepcijas apliecinājumu",
        ],
    ),
    (
        "val_problem_4",
        [
            "Test the digital service with experts",
            "Testare i servizi digitali con esperti",
            "Probar el servicio digital con expertos",
            "Izmēģiniet digitālo pakalpojumu kopā ar ekspertiem",
        ],
    ),
    (
        "val_problem_5",
        [
            "Monitoring and ongoing evaluation of the co-delivered service",
            "Monitoraggio e valutazione in itinere del servizio erogato in modo collaborativo",
            "Seguimiento y evaluación continua del servicio codirigido",
            "Līdzsniegtā pakalpojuma uzraudzība un pastāvīga novērtēšana",
        ],
    ),
    (
        "sus_problem_1",
        [
            "Define a sustainability / business plan",
            "Definizione di un piano di business e di sostenibilità",
            "Definir un plan de sostenibilidad / negocio",
            "Ilgtspējības/uzņēmējdarbības plāna definēšana",
        ],
    ),
    (
        "hackathon_problem_1",
        [
            "Define a proposal of public service",
            "Definizione di una nuova proposta di servizio pubblico",
            "Definir una propuesta de servicio público",
            "Sabiedrisko pakalpojumu priekšlikuma definēšana",
        ],
    ),
    (
        "hackathon_problem_2",
        [
            "Define the rules of a Hackathon or Contest",
            "Definizione delle regole per un hackathon o un concorso",
            "Definir las reglas de un Hackathon o Concurso",
            "Hakatona vai Konkursa noteikumu definēšana",
        ],
    ),
];

/// The name of tag `tag` when it names a problem profile (`problem:<id>`),
/// in `lang` (en, it, es, lv; English otherwise).
pub fn problem_name(tag: &str, lang: &str) -> Option<&'static str> {
    let id = tag.strip_prefix("problem:")?;
    let at = ["en", "it", "es", "lv"]
        .iter()
        .position(|l| *l == lang)
        .unwrap_or(0);
    PROFILES
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(id))
        .map(|(_, names)| names[at])
}

/// Every name of the problem profile tag `tag` names, in every language.
pub fn problem_names(tag: &str) -> &'static [&'static str] {
    tag.strip_prefix("problem:")
        .and_then(|id| PROFILES.iter().find(|(p, _)| p.eq_ignore_ascii_case(id)))
        .map_or(&[], |(_, names)| names.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_problem_profiles() {
        assert_eq!(
            problem_name("problem:org_problem_1", "it"),
            Some("Descrizione degli obiettivi di progetto")
        );
        assert_eq!(
            problem_name("problem:org_problem_1", "fr"),
            Some("Project aim description")
        );
        assert_eq!(problem_name("survey", "en"), None);
        assert_eq!(problem_names("problem:org_problem_1").len(), 4);
    }
}
