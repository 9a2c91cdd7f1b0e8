//! A query as a person typed it: made safe for tantivy's parser, its words
//! for highlighting, and "Did you mean" when a word is found nowhere.

use std::collections::HashSet;

use tantivy::Searcher;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Term;
use tantivy::tokenizer::TokenStream;

use super::engine::{Engine, analyser, language_index};

/// The longest query read (longer ones are cut).
const MAX_CHARS: usize = 200;

/// One word of a typed query.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    /// In a `"phrase"` (the phrase's number): not corrected on its own.
    phrase: Option<usize>,
    /// `-word`: not wanted.
    excluded: bool,
    /// `OR` (or `AND`, `NOT`), as the parser reads it.
    operator: bool,
}

/// A typed query, ready for [`Engine::parse`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    words: Vec<Word>,
}

impl Typed {
    /// Reads `q`: letters, digits, `"`, `-` and spaces count; any other sign
    /// is a space (so a `:` or a bracket is never syntax).
    pub fn new(q: &str) -> Self {
        let clean: String = q
            .chars()
            .take(MAX_CHARS)
            .map(|c| {
                if c.is_alphanumeric() || c == '"' || c == '-' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let mut words = Vec::new();
        // Quotes alternate: inside, outside; an unclosed one closes at the end.
        for (i, part) in clean.split('"').enumerate() {
            let quoted = i % 2 == 1;
            let phrase = quoted.then_some(i);
            for w in part.split_whitespace() {
                let excluded = !quoted && w.starts_with('-');
                let text = w.trim_matches('-');
                if text.is_empty() {
                    continue;
                }
                let operator = !quoted && matches!(text, "OR" | "AND" | "NOT") && !excluded;
                words.push(Word {
                    text: text.to_owned(),
                    phrase,
                    excluded,
                    operator,
                });
            }
        }
        // An operator with nothing on one side is a word.
        let n = words.len();
        for (i, w) in words.iter_mut().enumerate() {
            if w.operator && (i == 0 || i + 1 == n) {
                w.operator = false;
                w.text = w.text.to_lowercase();
            }
        }
        Self { words }
    }

    /// The query in the parser's syntax.
    pub fn to_query(&self) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < self.words.len() {
            let w = &self.words[i];
            if !out.is_empty() {
                out.push(' ');
            }
            if let Some(phrase) = w.phrase {
                out.push('"');
                let mut first = true;
                while let Some(q) = self.words.get(i).filter(|q| q.phrase == Some(phrase)) {
                    if !first {
                        out.push(' ');
                    }
                    out.push_str(&q.text);
                    first = false;
                    i += 1;
                }
                out.push('"');
                continue;
            }
            if w.excluded {
                out.push('-');
            }
            out.push_str(&w.text);
            i += 1;
        }
        out
    }

    /// The words a match is found by (not excluded, not operators).
    pub fn wanted(&self) -> Vec<String> {
        self.words
            .iter()
            .filter(|w| !w.operator && !w.excluded)
            .map(|w| w.text.clone())
            .collect()
    }

    /// This query with each word no practice has replaced by the nearest
    /// word the catalogue has (edit distance 1 from 4 letters, 2 from 8),
    /// the most common when several are as near; `None` when no word
    /// changed.
    pub fn corrected(&self, engine: &Engine, searcher: &Searcher) -> Option<Typed> {
        let mut out = self.clone();
        let mut changed = false;
        for w in out
            .words
            .iter_mut()
            .filter(|w| !w.operator && !w.excluded && w.phrase.is_none())
        {
            let folded = fold(&w.text);
            let len = folded.chars().count();
            if len < 4 || folded.chars().any(|c| !c.is_alphabetic()) {
                continue;
            }
            if engine.spelled(searcher, &folded) > 0 {
                continue;
            }
            let distance = if len >= 8 { 2 } else { 1 };
            if let Some(better) = nearest(engine, searcher, &folded, distance) {
                w.text = better;
                changed = true;
            }
        }
        changed.then_some(out)
    }
}

/// A query that any of `parts` satisfies, each a word or a phrase (signs
/// other than letters and digits are spaces).
pub fn any_of(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| {
            let words: Vec<&str> = p
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            match words.len() {
                0 => String::new(),
                1 => words[0].to_lowercase(),
                _ => format!("\"{}\"", words.join(" ")),
            }
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// `word` lower case without accents, as the spelling field holds it.
fn fold(word: &str) -> String {
    let mut a = analyser(language_index(""));
    let mut stream = a.token_stream(word);
    let mut out = String::new();
    while stream.advance() {
        out.push_str(&stream.token().text);
    }
    out
}

/// The spelling within `distance` of `word` nearest to it, and of those the
/// one most practices have.
fn nearest(engine: &Engine, searcher: &Searcher, word: &str, distance: u8) -> Option<String> {
    let field = engine.fields.spelling;
    let automaton = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true)
        .automaton()
        .ok()?;
    let mut counts: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for segment in searcher.segment_readers() {
        let Ok(index) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = index.terms().search(&automaton).into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *counts.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    counts
        .into_iter()
        .map(|(w, n)| (edits(word, &w), std::cmp::Reverse(n), w))
        .min()
        .map(|(_, _, w)| w)
}

/// The edits (insertions, deletions, substitutions, swaps of neighbours)
/// that turn `a` into `b`.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Wraps the words of `text` (written in `lang`) that `words` find between
/// `[[` and `]]`: a word is found when it has the same stem in that
/// language (`surveys` marks `survey`), whatever its case and accents.
pub fn highlight(text: &str, lang: &str, words: &[String]) -> String {
    let mut a = analyser(language_index(lang));
    let mut wanted: HashSet<String> = HashSet::new();
    for w in words {
        let mut s = a.token_stream(w);
        while s.advance() {
            wanted.insert(s.token().text.clone());
        }
    }
    if wanted.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    let mut s = a.token_stream(text);
    while s.advance() {
        let t = s.token();
        if wanted.contains(&t.text) && t.offset_from >= at && text.is_char_boundary(t.offset_to) {
            out.push_str(&text[at..t.offset_from]);
            out.push_str("[[");
            out.push_str(&text[t.offset_from..t.offset_to]);
            out.push_str("]]");
            at = t.offset_to;
        }
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_phrases_exclusions_and_operators() {
        let t = Typed::new("\"open source\" software -proprietary OR free");
        assert_eq!(
            t.to_query(),
            "\"open source\" software -proprietary OR free"
        );
        assert_eq!(t.wanted(), ["open", "source", "software", "free"]);
        assert_eq!(
            Typed::new("Agenda 2030: (obiettivi)").to_query(),
            "Agenda 2030 obiettivi"
        );
        assert_eq!(Typed::new("OR canvas").to_query(), "or canvas");
        assert!(Typed::new("-only").wanted().is_empty());
        assert_eq!(Typed::new(" : ").to_query(), "");
        assert_eq!(
            Typed::new("\"unclosed phrase").to_query(),
            "\"unclosed phrase\""
        );
        assert_eq!(Typed::new("\"a b\" \"c d\"").to_query(), "\"a b\" \"c d\"");
    }

    #[test]
    fn highlights_by_stem_in_the_text_language() {
        assert_eq!(
            highlight("Two surveys and a Survey.", "en", &["survey".into()]),
            "Two [[surveys]] and a [[Survey]]."
        );
        assert_eq!(
            highlight("Percorsi nella città.", "it", &["citta".into()]),
            "Percorsi nella [[città]]."
        );
        assert_eq!(highlight("Nothing here", "en", &[]), "Nothing here");
    }

    #[test]
    fn any_of_words_and_phrases() {
        assert_eq!(
            any_of(&["open source".into(), "GDPR".into(), "(x)".into(), "".into()]),
            "\"open source\" OR gdpr OR x"
        );
    }

    #[test]
    fn counts_edits() {
        assert_eq!(edits("securty", "security"), 1);
        assert_eq!(edits("questionaire", "questionario"), 2);
        assert_eq!(edits("ab", "ba"), 1);
        assert_eq!(edits("", "abc"), 3);
    }
}
