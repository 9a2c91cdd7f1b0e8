//! The generator's vocabulary and its skewed draws: words for titles and
//! texts, offices, licences and the profile choices of participants.

use rand::Rng;
use rand::rngs::StdRng;

/// Words of titles, texts and tags, the first ones drawn most often.
pub(super) const WORDS: [&str; 48] = [
    "servizi",
    "digitali",
    "cittadini",
    "comuni",
    "dati",
    "piattaforma",
    "scuole",
    "sanità",
    "energia",
    "mobilità",
    "bilancio",
    "partecipazione",
    "formazione",
    "comunità",
    "accesso",
    "processi",
    "risultati",
    "progetto",
    "uffici",
    "cooperazione",
    "innovazione",
    "monitoraggio",
    "strategia",
    "appalti",
    "trasparenza",
    "inclusione",
    "casa",
    "turismo",
    "rifiuti",
    "acqua",
    "lavoro",
    "imprese",
    "territorio",
    "giovani",
    "anziani",
    "trasporti",
    "semplificazione",
    "identità",
    "pagamenti",
    "interoperabilità",
    "competenze",
    "connettività",
    "sostenibilità",
    "clima",
    "cultura",
    "giustizia",
    "ricerca",
    "sportelli",
];
/// How contributions open.
pub(super) const OPENINGS: [&str; 8] = [
    "Propongo di rafforzare",
    "Serve più attenzione a",
    "Chiediamo di semplificare",
    "Sarebbe utile misurare",
    "Nel nostro territorio mancano",
    "Suggerisco di collegare",
    "È prioritario finanziare",
    "Occorre coinvolgere di più",
];
/// Offices of the ministry responsible for plan nodes.
pub(super) const OFFICES: [&str; 12] = [
    "Dipartimento della Ragioneria generale dello Stato",
    "Dipartimento del Tesoro",
    "Dipartimento delle Finanze",
    "Dipartimento dell'Amministrazione generale",
    "Ufficio di Gabinetto",
    "Direzione sistemi informativi",
    "Direzione comunicazione",
    "Direzione personale",
    "Direzione bilancio",
    "Direzione appalti",
    "Direzione statistica",
    "Direzione valutazione",
];
/// Licences of practices.
pub(super) const LICENCES: [&str; 4] = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "EUPL-1.2"];
/// Age bands of participants' profiles.
pub(super) const AGE_BANDS: [&str; 5] = ["16-24", "25-34", "35-49", "50-64", "65+"];
/// Genders of participants' profiles (drawn by index).
pub(super) const GENDERS: [&str; 3] = ["female", "male", "other"];

/// Draws ranks 0..n with probability falling like a power of the rank: a few
/// ranks very often, most rarely (`u^skew`, skew > 1).
pub(super) fn skewed(rng: &mut StdRng, n: usize, skew: f64) -> usize {
    ((rng.random::<f64>().powf(skew) * n as f64) as usize).min(n.saturating_sub(1))
}

/// `words` words, common ones more often.
pub(super) fn sentence(rng: &mut StdRng, words: usize) -> String {
    (0..words)
        .map(|_| WORDS[skewed(rng, WORDS.len(), 1.7)])
        .collect::<Vec<_>>()
        .join(" ")
}
