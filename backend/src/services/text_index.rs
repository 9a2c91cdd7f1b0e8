//! The catalogue's words, in memory: for every word of every published
//! practice's texts, the texts it occurs in and how often (a posting list),
//! so that a search finds and ranks its matches without asking the database,
//! and the same way on SQLite and PostgreSQL.
//!
//! Words are split and folded as SQLite's FTS5 `unicode61` tokenizer with
//! `remove_diacritics 2` does (the catalogue's first search): runs of letters
//! and digits, lower case, without accents — so `città` finds `citta` and
//! `CITTÀ`. A text matches when it holds every word of the query; its score
//! is Okapi BM25 over the whole text (k1 = 1.2, b = 0.75, FTS5's `bm25()`
//! with equal column weights), and a practice's score is its best text's.

use foldhash::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;

/// Calls `each` with every word of `text`, folded (see the module's notes).
pub fn each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    if text.is_ascii() {
        for w in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !w.is_empty() {
                word.clear();
                word.push_str(w);
                word.make_ascii_lowercase();
                each(&word);
            }
        }
        return;
    }
    // Decomposed first, so that an accent is a mark to drop, whether the
    // text came precomposed or not.
    for c in text.nfd() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if is_combining_mark(c) {
            continue;
        } else if !word.is_empty() {
            each(&word);
            word.clear();
        }
    }
    if !word.is_empty() {
        each(&word);
    }
}

/// `word` folded as the texts' words are (lower case, without accents; its
/// words joined).
pub fn fold(word: &str) -> String {
    let mut out = String::new();
    fold_into(word, &mut out);
    out
}

/// [`fold`] into `out` (emptied first), which keeps its room: for folding
/// many words in a row without allocating for each.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase()),
        );
        return;
    }
    for c in word.nfd().filter(|c| c.is_alphanumeric()) {
        out.extend(c.to_lowercase());
    }
}

/// A word's texts, in the order the texts were added, with its count in each.
#[derive(Debug, Default)]
struct Postings {
    texts: Vec<u32>,
    counts: Vec<u16>,
}

/// The words of every text added, for [`TextIndex::search`].
#[derive(Debug, Default)]
pub struct TextIndex {
    words: HashMap<Box<str>, u32>,
    postings: Vec<Postings>,
    /// Each text's practice, in the order added.
    practice: Vec<i32>,
    /// Each text's length in words.
    length: Vec<u32>,
    total_length: u64,
    /// Scratch space for [`TextIndex::add`]: each word's count in the
    /// text, and the words counted.
    counting: Vec<u16>,
    counted: Vec<u32>,
}

impl TextIndex {
    /// Adds a text of `practice`. Texts must be added in the order of their
    /// practice, so that a practice's texts are neighbours.
    pub fn add(&mut self, practice: i32, parts: &[&str]) {
        let text = u32::try_from(self.practice.len()).unwrap_or(u32::MAX);
        let mut length = 0u32;
        for part in parts {
            each_word(part, |w| {
                length = length.saturating_add(1);
                let id = match self.words.get(w) {
                    Some(id) => *id,
                    None => {
                        let id = u32::try_from(self.postings.len()).unwrap_or(u32::MAX);
                        self.words.insert(w.into(), id);
                        self.postings.push(Postings::default());
                        self.counting.push(0);
                        id
                    }
                };
                let n = &mut self.counting[id as usize];
                if *n == 0 {
                    self.counted.push(id);
                }
                *n = n.saturating_add(1);
            });
        }
        for id in self.counted.drain(..) {
            let n = std::mem::take(&mut self.counting[id as usize]);
            let p = &mut self.postings[id as usize];
            p.texts.push(text);
            p.counts.push(n);
        }
        self.practice.push(practice);
        self.length.push(length);
        self.total_length += u64::from(length);
    }

    /// Frees the room kept for growth, once every text is added.
    pub fn shrink(&mut self) {
        for p in &mut self.postings {
            p.texts.shrink_to_fit();
            p.counts.shrink_to_fit();
        }
        self.practice.shrink_to_fit();
        self.length.shrink_to_fit();
        self.counting = Vec::new();
        self.counted = Vec::new();
    }

    /// This index with the texts of the practices in `changed` (ascending)
    /// replaced by `fresh`'s: `fresh` holds the current texts of those of
    /// them still to be found, added in their order; a practice of
    /// `changed` without texts in `fresh` is gone. Costs a pass over the
    /// postings instead of reading and splitting every text again. Words
    /// left without texts stay (they match nothing).
    pub fn replaced(&self, changed: &[i32], fresh: &TextIndex) -> TextIndex {
        let gone = |p: i32| changed.binary_search(&p).is_ok();
        let texts = self.practice.len() + fresh.practice.len();
        let mut out = TextIndex {
            words: self.words.clone(),
            practice: Vec::with_capacity(texts),
            length: Vec::with_capacity(texts),
            ..TextIndex::default()
        };
        // Every kept or fresh text's new number, in practice order.
        let mut old_at = vec![u32::MAX; self.practice.len()];
        let mut fresh_at = vec![u32::MAX; fresh.practice.len()];
        let (mut i, mut j) = (0, 0);
        while i < self.practice.len() || j < fresh.practice.len() {
            let next = u32::try_from(out.practice.len()).unwrap_or(u32::MAX);
            let old_first = j == fresh.practice.len()
                || (i < self.practice.len() && self.practice[i] <= fresh.practice[j]);
            let (practice, length) = if old_first {
                i += 1;
                if gone(self.practice[i - 1]) {
                    continue;
                }
                old_at[i - 1] = next;
                (self.practice[i - 1], self.length[i - 1])
            } else {
                j += 1;
                fresh_at[j - 1] = next;
                (fresh.practice[j - 1], fresh.length[j - 1])
            };
            out.practice.push(practice);
            out.length.push(length);
            out.total_length += u64::from(length);
        }
        // Kept texts keep their order, so each list stays in text order.
        out.postings = self
            .postings
            .iter()
            .map(|p| {
                let mut q = Postings {
                    texts: Vec::with_capacity(p.texts.len()),
                    counts: Vec::with_capacity(p.texts.len()),
                };
                for (t, c) in p.texts.iter().zip(&p.counts) {
                    let at = old_at[*t as usize];
                    if at != u32::MAX {
                        q.texts.push(at);
                        q.counts.push(*c);
                    }
                }
                q
            })
            .collect();
        for (word, id) in &fresh.words {
            let add = &fresh.postings[*id as usize];
            let to = match out.words.get(word) {
                Some(to) => *to as usize,
                None => {
                    let to = out.postings.len();
                    out.words
                        .insert(word.clone(), u32::try_from(to).unwrap_or(u32::MAX));
                    out.postings.push(Postings::default());
                    to
                }
            };
            let kept = std::mem::take(&mut out.postings[to]);
            let merged = &mut out.postings[to];
            merged
                .texts
                .reserve_exact(kept.texts.len() + add.texts.len());
            merged
                .counts
                .reserve_exact(kept.texts.len() + add.texts.len());
            let (mut a, mut b) = (0, 0);
            while a < kept.texts.len() || b < add.texts.len() {
                let fresh_text = add.texts.get(b).map(|t| fresh_at[*t as usize]);
                if fresh_text.is_none_or(|f| kept.texts.get(a).is_some_and(|k| *k < f)) {
                    merged.texts.push(kept.texts[a]);
                    merged.counts.push(kept.counts[a]);
                    a += 1;
                } else {
                    merged.texts.extend(fresh_text);
                    merged.counts.push(add.counts[b]);
                    b += 1;
                }
            }
        }
        out
    }

    /// The practices whose texts hold every word of `query` (each of
    /// `query`'s entries is split and folded as the texts were), with the
    /// best BM25 score of their texts (higher is better), in the order
    /// their texts were added. No words: no practices.
    pub fn search(&self, query: &[String]) -> Vec<(i32, f64)> {
        let mut wanted: Vec<&Postings> = Vec::new();
        let mut known = true;
        for q in query {
            each_word(q, |w| match self.words.get(w) {
                Some(id) => {
                    let p = &self.postings[*id as usize];
                    if !wanted.iter().any(|x| std::ptr::eq(*x, p)) {
                        wanted.push(p);
                    }
                }
                None => known = false,
            });
        }
        if !known || wanted.is_empty() {
            return Vec::new();
        }
        // The rarest word first: its texts are the only candidates.
        wanted.sort_by_key(|p| p.texts.len());
        let texts = self.practice.len() as f64;
        let average = (self.total_length as f64 / texts).max(1.0);
        let weight: Vec<f64> = wanted
            .iter()
            .map(|p| {
                let n = p.texts.len() as f64;
                // FTS5's floor, so that a word in most texts still counts a little.
                (((texts - n + 0.5) / (n + 0.5)).ln()).max(1e-6)
            })
            .collect();
        let mut at = vec![0usize; wanted.len()];
        let mut found: Vec<(i32, f64)> = Vec::new();
        'texts: for (i, &text) in wanted[0].texts.iter().enumerate() {
            let norm = K1 * (1.0 - B + B * f64::from(self.length[text as usize]) / average);
            let mut score = 0.0;
            for (w, p) in wanted.iter().enumerate() {
                let count = if w == 0 {
                    p.counts[i]
                } else {
                    // Postings are in text order: move on to this text.
                    at[w] = seek(&p.texts, at[w], &text);
                    if p.texts.get(at[w]) != Some(&text) {
                        continue 'texts;
                    }
                    p.counts[at[w]]
                };
                let tf = f64::from(count);
                score += weight[w] * tf * (K1 + 1.0) / (tf + norm);
            }
            let practice = self.practice[text as usize];
            match found.last_mut() {
                Some((last, best)) if *last == practice => *best = best.max(score),
                _ => found.push((practice, score)),
            }
        }
        found
    }
}

/// The first position at or after `from` in `items` (ascending) whose item
/// is not below `item`: in steps that double, then by halves, so that
/// walking a long list in order costs about the logarithm of each skip.
pub(crate) fn seek<T: Ord>(items: &[T], from: usize, item: &T) -> usize {
    let (mut low, mut high, mut step) = (from, from, 1);
    while high < items.len() && items[high] < *item {
        low = high + 1;
        high += step;
        step *= 2;
    }
    let high = high.min(items.len());
    low + items[low..high].partition_point(|t| t < item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_word(text, |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn a_word_folds_to_its_words_joined() {
        for w in [
            "Città",
            "CITTA\u{300}",
            "e-Government",
            "Pašvaldība",
            "",
            "--",
            "ǅungla",
        ] {
            let mut joined = String::new();
            each_word(w, |x| joined.push_str(x));
            assert_eq!(fold(w), joined, "{w}");
        }
        let mut out = String::from("left over");
        fold_into("Città", &mut out);
        assert_eq!(out, "citta");
    }

    #[test]
    fn words_are_folded_like_fts5_unicode61() {
        assert_eq!(words("Città, e-Government!"), ["citta", "e", "government"]);
        // Decomposed accents and other scripts.
        assert_eq!(
            words("CITTA\u{300} Pašvaldība 2026"),
            ["citta", "pasvaldiba", "2026"]
        );
        assert_eq!(words("  --  "), Vec::<String>::new());
    }

    fn index(texts: &[(i32, &str)]) -> TextIndex {
        let mut ix = TextIndex::default();
        for (p, t) in texts {
            ix.add(*p, &[t]);
        }
        ix.shrink();
        ix
    }

    /// Scores for "mobility" over `texts` and four texts without it.
    fn ix_scores(texts: &[(i32, &str)]) -> Vec<(i32, f64)> {
        let mut all = texts.to_vec();
        all.extend([(8, "x"), (9, "y"), (10, "z"), (11, "w")]);
        index(&all).search(&q(&["mobility"]))
    }

    fn q(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn seek_finds_the_first_text_not_below() {
        let texts = [1, 3, 4, 9, 10, 11, 40];
        for from in 0..=texts.len() {
            for text in 0..45 {
                let expected = from + texts[from..].partition_point(|t| *t < text);
                assert_eq!(seek(&texts, from, &text), expected, "{from} {text}");
            }
        }
    }

    #[test]
    fn every_word_must_be_in_one_text() {
        let ix = index(&[
            (1, "open data for cities"),
            (2, "open budget"),
            (2, "data portal"),
            (3, "città aperta, open data"),
        ]);
        let ids = |r: Vec<(i32, f64)>| r.into_iter().map(|(p, _)| p).collect::<Vec<_>>();
        assert_eq!(ids(ix.search(&q(&["open", "data"]))), [1, 3]);
        assert_eq!(ids(ix.search(&q(&["OPEN"]))), [1, 2, 3]);
        assert_eq!(ids(ix.search(&q(&["citta"]))), [3]);
        assert_eq!(ids(ix.search(&q(&["open", "unknown"]))), Vec::<i32>::new());
        assert_eq!(ids(ix.search(&[])), Vec::<i32>::new());
    }

    #[test]
    fn replacing_some_practices_texts_is_the_same_as_adding_them_all_again() {
        let before = [
            (1, "open data for cities"),
            (2, "open budget"),
            (2, "data portal"),
            (4, "città aperta, open data"),
            (6, "mobility plan"),
            (9, "budget mobility data"),
        ];
        // 2 is edited (one text left), 4 withdrawn, 5 and 10 published, 3 unknown.
        let changed = [2, 3, 4, 5, 10];
        let fresh = [
            (2, "participatory budget"),
            (5, "open mobility data"),
            (10, "cities budget"),
        ];
        let after: Vec<(i32, &str)> = {
            let mut all: Vec<_> = before
                .iter()
                .filter(|(p, _)| !changed.contains(p))
                .chain(&fresh)
                .copied()
                .collect();
            all.sort_by_key(|(p, _)| *p);
            all
        };
        let replaced = index(&before).replaced(&changed, &index(&fresh));
        let rebuilt = index(&after);
        assert_eq!(replaced.practice, rebuilt.practice);
        assert_eq!(replaced.length, rebuilt.length);
        assert_eq!(replaced.total_length, rebuilt.total_length);
        let every = [
            "open",
            "data",
            "budget",
            "mobility",
            "cities",
            "citta",
            "portal",
            "plan",
            "participatory",
            "for",
            "aperta",
        ];
        for a in every {
            for b in every {
                let query = q(&[a, b]);
                assert_eq!(replaced.search(&query), rebuilt.search(&query), "{a} {b}");
            }
        }
        // A word whose texts are all gone finds nothing.
        assert_eq!(replaced.search(&q(&["citta"])), []);
    }

    #[test]
    fn more_mentions_in_shorter_texts_score_higher() {
        let ix = index(&[
            (1, "mobility plan mobility mobility"),
            (2, "mobility plan with many other words in a long text"),
            (3, "plan"),
            (4, "plan"),
            (5, "plan"),
        ]);
        let r = ix.search(&q(&["mobility"]));
        assert_eq!(r.len(), 2);
        assert!(r[0].1 > r[1].1, "{r:?}");
        // A practice's best text counts: the same texts as two practices
        // (the same words and lengths, so the same weights) score each.
        let apart = ix_scores(&[(7, "mobility"), (70, "mobility mobility")]);
        let together = ix_scores(&[(7, "mobility"), (7, "mobility mobility")]);
        assert_eq!(apart.len(), 2);
        assert!(apart[1].1 > apart[0].1, "{apart:?}");
        assert_eq!(together, [(7, apart[1].1)]);
    }
}
