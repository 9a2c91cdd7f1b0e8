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

/// A word's texts while the index is built ([`Builder`]), in the order the
/// texts were added: each as the difference from the one before (the first
/// as itself) and its count in the text, both as LEB128 varints, so that a
/// posting takes about two bytes.
#[derive(Debug, Default)]
struct List {
    bytes: Vec<u8>,
    last: u32,
    len: u32,
}

impl List {
    fn push(&mut self, text: u32, count: u16) {
        put_varint(&mut self.bytes, text - self.last);
        put_varint(&mut self.bytes, u32::from(count));
        self.last = text;
        self.len += 1;
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A list's postings, decoded in order.
#[derive(Debug)]
struct Cursor<'a> {
    bytes: &'a [u8],
    left: u32,
    /// Whether a posting was decoded: the last one, `text` and `count`.
    on: bool,
    text: u32,
    count: u16,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8], len: u32) -> Self {
        Self {
            bytes,
            left: len,
            on: false,
            text: 0,
            count: 0,
        }
    }

    /// Moves on to the first posting not below `text`: whether it is `text`'s.
    fn seek(&mut self, text: u32) -> bool {
        while !self.on || self.text < text {
            if !self.advance() {
                return false;
            }
        }
        self.text == text
    }

    fn varint(&mut self) -> u32 {
        let mut n = 0u32;
        let mut shift = 0;
        while let Some((&b, rest)) = self.bytes.split_first() {
            self.bytes = rest;
            n |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                break;
            }
            shift += 7;
        }
        n
    }

    /// Decodes the next posting (kept in `text` and `count`); `false` at the end.
    fn advance(&mut self) -> bool {
        if self.left == 0 {
            return false;
        }
        self.left -= 1;
        self.on = true;
        self.text += self.varint();
        self.count = u16::try_from(self.varint()).unwrap_or(u16::MAX);
        true
    }
}

/// Collects texts for a [`TextIndex`]: [`Builder::add`] each, then
/// [`Builder::finish`].
#[derive(Debug, Default)]
pub struct Builder {
    words: HashMap<Box<str>, u32>,
    lists: Vec<List>,
    practice: Vec<i32>,
    length: Vec<u32>,
    total_length: u64,
    /// Scratch space for [`Builder::add`]: each word's count in the text,
    /// and the words counted.
    counting: Vec<u16>,
    counted: Vec<u32>,
}

impl Builder {
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
                        let id = u32::try_from(self.lists.len()).unwrap_or(u32::MAX);
                        self.words.insert(w.into(), id);
                        self.lists.push(List::default());
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
            self.lists[id as usize].push(text, n);
        }
        self.practice.push(practice);
        self.length.push(length);
        self.total_length += u64::from(length);
    }

    /// The index of the texts added.
    pub fn finish(self) -> TextIndex {
        let mut order: Vec<(Box<str>, u32)> = self.words.into_iter().collect();
        order.sort_unstable();
        let mut lists = self.lists;
        let mut spelling = Spelling {
            spelled: String::with_capacity(order.iter().map(|(w, _)| w.len()).sum()),
            ends: Vec::with_capacity(order.len()),
        };
        let mut sorted = Vec::with_capacity(order.len());
        for (word, id) in order {
            spelling.push(&word);
            sorted.push(std::mem::take(&mut lists[id as usize]));
        }
        drop(lists);
        freeze(
            spelling,
            sorted,
            Texts {
                practice: self.practice,
                length: self.length,
                total_length: self.total_length,
            },
        )
    }
}

/// The words of an index, in order, spelled one after the other: a word's
/// number is its rank (far smaller than a map from boxed strings for a
/// national catalogue's words).
#[derive(Debug, Default)]
struct Spelling {
    spelled: String,
    /// Where each word ends in `spelled`.
    ends: Vec<u32>,
}

impl Spelling {
    fn push(&mut self, word: &str) {
        self.spelled.push_str(word);
        self.ends
            .push(u32::try_from(self.spelled.len()).unwrap_or(u32::MAX));
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.spelled[start..self.ends[i] as usize]
    }

    /// The number of `word`, if it is one.
    fn find(&self, word: &str) -> Option<u32> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.word(mid).cmp(word) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return u32::try_from(mid).ok(),
            }
        }
        None
    }
}

/// The texts of an index: each one's practice and length in words.
struct Texts {
    practice: Vec<i32>,
    length: Vec<u32>,
    total_length: u64,
}

/// The index of `texts` with the postings of each word of `spelling` in
/// `lists` (in the same order). A word found in at least one text in
/// [`DENSE`] becomes a bitmap over the texts with its counts beside (a bit
/// and a byte a text, tested in one step); the others stay lists.
fn freeze(spelling: Spelling, lists: Vec<List>, texts: Texts) -> TextIndex {
    let n = texts.practice.len();
    let blocks = n.div_ceil(64);
    let mut ix = TextIndex {
        spelling,
        practice: texts.practice,
        length: texts.length,
        total_length: texts.total_length,
        blocks,
        ..TextIndex::default()
    };
    let dense = |len: u32| n > 0 && len as usize * DENSE >= n;
    let (mut list_bytes, mut dense_words, mut dense_len) = (0, 0, 0);
    for l in &lists {
        if dense(l.len) {
            dense_words += 1;
            dense_len += l.len as usize;
        } else {
            list_bytes += l.bytes.len();
        }
    }
    ix.lists.reserve_exact(list_bytes);
    ix.bits.reserve_exact(dense_words * blocks);
    ix.ranks.reserve_exact(dense_words * blocks);
    ix.counts.reserve_exact(dense_len);
    ix.postings.reserve_exact(lists.len());
    for (word, l) in lists.into_iter().enumerate() {
        if !dense(l.len) {
            ix.postings.push(Postings {
                len: l.len,
                at: ix.lists.len() as u32,
                counts_at: LIST,
            });
            ix.lists.extend_from_slice(&l.bytes);
            continue;
        }
        let at = ix.bits.len();
        ix.postings.push(Postings {
            len: l.len,
            at: at as u32,
            counts_at: ix.counts.len() as u32,
        });
        ix.bits.resize(at + blocks, 0);
        let mut c = Cursor::new(&l.bytes, l.len);
        while c.advance() {
            let t = c.text as usize;
            ix.bits[at + t / 64] |= 1 << (t % 64);
            if c.count >= u16::from(u8::MAX) {
                ix.large.push((word as u32, c.text, c.count));
            }
            ix.counts.push(u8::try_from(c.count).unwrap_or(u8::MAX));
        }
        let mut rank = 0u32;
        for b in &ix.bits[at..] {
            ix.ranks.push(rank);
            rank += b.count_ones();
        }
    }
    ix
}

/// A word is kept as a bitmap when it is in one text in `DENSE` or more
/// (a bitmap costs 1.5 bits a text, a list about 16 bits a posting).
const DENSE: usize = 8;

/// [`Postings::counts_at`] of a word kept as a list.
const LIST: u32 = u32::MAX;

/// Where a word's postings are in a [`TextIndex`].
#[derive(Debug, Clone, Copy)]
struct Postings {
    /// How many texts hold the word.
    len: u32,
    /// A list: where its bytes start in `lists`. A bitmap: where its
    /// blocks start in `bits` and `ranks`.
    at: u32,
    /// A bitmap: where its counts start in `counts` (in the order of its
    /// texts); [`LIST`] for a list.
    counts_at: u32,
}

impl Postings {
    fn dense(&self) -> bool {
        self.counts_at != LIST
    }
}

/// The words of every text added, for [`TextIndex::search`]: each word's
/// postings (its texts, with its count in each) packed in a few shared
/// arrays, rare words as delta-coded lists and common ones as bitmaps.
#[derive(Debug, Default)]
pub struct TextIndex {
    spelling: Spelling,
    postings: Vec<Postings>,
    /// The lists' bytes (see [`List`]).
    lists: Vec<u8>,
    /// The bitmaps, `blocks` 64-bit blocks each: bit t for text t.
    bits: Vec<u64>,
    /// For each block of `bits`: how many of its word's texts come before it.
    ranks: Vec<u32>,
    /// The bitmaps' counts, capped at 255 ...
    counts: Vec<u8>,
    /// ... and the counts capped, by (word, text), ascending.
    large: Vec<(u32, u32, u16)>,
    /// Blocks of 64 texts a bitmap has.
    blocks: usize,
    /// Each text's practice, in the order added.
    practice: Vec<i32>,
    /// Each text's length in words.
    length: Vec<u32>,
    total_length: u64,
}

impl TextIndex {
    /// Whether bitmap word `p` holds text `t`.
    fn has(&self, p: &Postings, t: u32) -> bool {
        let t = t as usize;
        self.bits[p.at as usize + t / 64] & (1 << (t % 64)) != 0
    }

    /// Bitmap word `word`'s count in text `t` (which holds it).
    fn dense_count(&self, word: u32, p: &Postings, t: u32) -> u16 {
        let (b, bit) = (p.at as usize + t as usize / 64, t % 64);
        let rank = self.ranks[b] + (self.bits[b] & ((1u64 << bit) - 1)).count_ones();
        let count = self.counts[p.counts_at as usize + rank as usize];
        if count < u8::MAX {
            return u16::from(count);
        }
        self.large
            .binary_search_by_key(&(word, t), |(w, x, _)| (*w, *x))
            .map_or(u16::from(count), |i| self.large[i].2)
    }

    /// Word `word`'s postings, in the order of the texts.
    fn each_posting(&self, word: u32, mut each: impl FnMut(u32, u16)) {
        let p = &self.postings[word as usize];
        if p.dense() {
            let blocks = &self.bits[p.at as usize..p.at as usize + self.blocks];
            let mut counts = self.counts[p.counts_at as usize..].iter();
            for (i, &block) in blocks.iter().enumerate() {
                let mut bits = block;
                while bits != 0 {
                    let t = (i * 64) as u32 + bits.trailing_zeros();
                    let count = match counts.next() {
                        Some(&c) if c < u8::MAX => u16::from(c),
                        _ => self.dense_count(word, p, t),
                    };
                    each(t, count);
                    bits &= bits - 1;
                }
            }
        } else {
            let mut c = self.cursor(p);
            while c.advance() {
                each(c.text, c.count);
            }
        }
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
        let mut out = Texts {
            practice: Vec::with_capacity(texts),
            length: Vec::with_capacity(texts),
            total_length: 0,
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
        // Both indexes' words, in order, merged; each word's kept postings
        // (renumbered) merged with its fresh ones.
        let (old_words, fresh_words) = (self.spelling.len(), fresh.spelling.len());
        let mut spelling = Spelling::default();
        let mut lists = Vec::with_capacity(old_words.max(fresh_words));
        let mut kept: Vec<(u32, u16)> = Vec::new();
        let mut added: Vec<(u32, u16)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < old_words || j < fresh_words {
            let order = if i == old_words {
                std::cmp::Ordering::Greater
            } else if j == fresh_words {
                std::cmp::Ordering::Less
            } else {
                self.spelling.word(i).cmp(fresh.spelling.word(j))
            };
            kept.clear();
            added.clear();
            if order.is_le() {
                // Kept texts keep their order, so each list stays in text order.
                self.each_posting(i as u32, |t, c| {
                    let at = old_at[t as usize];
                    if at != u32::MAX {
                        kept.push((at, c));
                    }
                });
                spelling.push(self.spelling.word(i));
                i += 1;
            }
            if order.is_ge() {
                fresh.each_posting(j as u32, |t, c| added.push((fresh_at[t as usize], c)));
                if order.is_gt() {
                    spelling.push(fresh.spelling.word(j));
                }
                j += 1;
            }
            let mut list = List::default();
            let (mut a, mut b) = (0, 0);
            while a < kept.len() || b < added.len() {
                if b == added.len() || (a < kept.len() && kept[a].0 < added[b].0) {
                    list.push(kept[a].0, kept[a].1);
                    a += 1;
                } else {
                    list.push(added[b].0, added[b].1);
                    b += 1;
                }
            }
            list.bytes.shrink_to_fit();
            lists.push(list);
        }
        freeze(spelling, lists, out)
    }

    /// Each text's practice, in the order the texts were added.
    pub fn practices(&self) -> &[i32] {
        &self.practice
    }

    /// Calls `found` with each practice whose texts hold every word of
    /// `query` (each of `query`'s entries is split and folded as the texts
    /// were) and that `keep` keeps, with the best BM25 score of its texts
    /// (higher is better), in the order their texts were added. Texts are
    /// numbered as [`TextIndex::practices`] numbers them, and a practice is
    /// named by its first text holding every word. Only the texts in `only`
    /// count, when given (bit t of block t / 64 for text t): a filter known
    /// for every text, applied before anything else. `keep` is asked once
    /// for each practice with a text holding every word, before any score
    /// is computed. When every word is in many texts (each a bitmap), the
    /// texts of 64 in a row that hold them all (and are in `only`) are
    /// given to `ahead` before any is checked: the caller can start
    /// reading what `keep` and `found` will read of each, so that the
    /// reads wait together rather than one after another. No words: no
    /// practices.
    pub fn search(
        &self,
        query: &[String],
        only: Option<&[u64]>,
        mut ahead: impl FnMut(u32),
        mut keep: impl FnMut(u32) -> bool,
        mut found: impl FnMut(u32, f64),
    ) {
        let mut wanted: Vec<u32> = Vec::new();
        let mut known = true;
        for q in query {
            each_word(q, |w| match self.spelling.find(w) {
                Some(id) => {
                    if !wanted.contains(&id) {
                        wanted.push(id);
                    }
                }
                None => known = false,
            });
        }
        if !known || wanted.is_empty() {
            return;
        }
        // The rarest word first: when it is a list, its texts are the only
        // candidates; when it is a bitmap, every word is.
        wanted.sort_by_key(|w| self.postings[*w as usize].len);
        let postings: Vec<Postings> = wanted.iter().map(|w| self.postings[*w as usize]).collect();
        let texts = self.practice.len() as f64;
        let average = (self.total_length as f64 / texts).max(1.0);
        let weight: Vec<f64> = postings
            .iter()
            .map(|p| {
                let n = f64::from(p.len);
                // FTS5's floor, so that a word in most texts still counts a little.
                (((texts - n + 0.5) / (n + 0.5)).ln()).max(1e-6)
            })
            .collect();
        // The lists' cursors (bitmaps have none), moved on along the candidates.
        let mut cursors: Vec<Option<Cursor<'_>>> = postings
            .iter()
            .map(|p| (!p.dense()).then(|| self.cursor(p)))
            .collect();
        let driver = cursors[0].take();
        let mut asked: Option<(i32, bool)> = None;
        // The practice found last, by its first text, and its best score.
        let mut best: Option<(i32, u32, f64)> = None;
        // Text `text` holds the driving list's word `first` times (if
        // there is one): does it hold the others, does `keep` keep its
        // practice, and what is its score?
        let mut candidate = |text: u32, first: Option<u16>| {
            if let Some(only) = only
                && only[text as usize / 64] & (1 << (text % 64)) == 0
            {
                return;
            }
            let others = usize::from(first.is_some());
            for (p, c) in postings.iter().zip(cursors.iter_mut()).skip(others) {
                let holds = match c {
                    Some(c) => c.seek(text),
                    None => self.has(p, text),
                };
                if !holds {
                    return;
                }
            }
            let practice = self.practice[text as usize];
            let kept = match asked {
                Some((p, k)) if p == practice => k,
                _ => {
                    let k = keep(text);
                    asked = Some((practice, k));
                    k
                }
            };
            if !kept {
                return;
            }
            let norm = K1 * (1.0 - B + B * f64::from(self.length[text as usize]) / average);
            let mut score = 0.0;
            for (w, (p, c)) in postings.iter().zip(&cursors).enumerate() {
                let count = match (w, first, c) {
                    (0, Some(n), _) => n,
                    (_, _, Some(c)) => c.count,
                    _ => self.dense_count(wanted[w], p, text),
                };
                let tf = f64::from(count);
                score += weight[w] * tf * (K1 + 1.0) / (tf + norm);
            }
            match &mut best {
                Some((last, _, b)) if *last == practice => *b = b.max(score),
                _ => {
                    if let Some((_, t, s)) = best.replace((practice, text, score)) {
                        found(t, s);
                    }
                }
            }
        };
        if let Some(mut driver) = driver {
            while driver.advance() {
                candidate(driver.text, Some(driver.count));
            }
        } else {
            // Every word is a bitmap: their blocks ANDed.
            for b in 0..self.blocks {
                let mut bits = postings
                    .iter()
                    .fold(only.map_or(!0u64, |only| only[b]), |bits, p| {
                        bits & self.bits[p.at as usize + b]
                    });
                let mut ahead_bits = bits;
                while ahead_bits != 0 {
                    ahead((b * 64) as u32 + ahead_bits.trailing_zeros());
                    ahead_bits &= ahead_bits - 1;
                }
                while bits != 0 {
                    candidate((b * 64) as u32 + bits.trailing_zeros(), None);
                    bits &= bits - 1;
                }
            }
        }
        if let Some((_, t, s)) = best {
            found(t, s);
        }
    }

    /// A cursor on list `p`.
    fn cursor(&self, p: &Postings) -> Cursor<'_> {
        Cursor::new(&self.lists[p.at as usize..], p.len)
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
        let mut ix = Builder::default();
        for (p, t) in texts {
            ix.add(*p, &[t]);
        }
        ix.finish()
    }

    impl TextIndex {
        /// Every practice found, with its score.
        fn all(&self, query: &[String]) -> Vec<(i32, f64)> {
            let mut out = Vec::new();
            let p = self.practices();
            self.search(
                query,
                None,
                |_| (),
                |_| true,
                |t, s| out.push((p[t as usize], s)),
            );
            out
        }
    }

    /// Scores for "mobility" over `texts` and four texts without it.
    fn ix_scores(texts: &[(i32, &str)]) -> Vec<(i32, f64)> {
        let mut all = texts.to_vec();
        all.extend([(8, "x"), (9, "y"), (10, "z"), (11, "w")]);
        index(&all).all(&q(&["mobility"]))
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
        assert_eq!(ids(ix.all(&q(&["open", "data"]))), [1, 3]);
        assert_eq!(ids(ix.all(&q(&["OPEN"]))), [1, 2, 3]);
        assert_eq!(ids(ix.all(&q(&["citta"]))), [3]);
        assert_eq!(ids(ix.all(&q(&["open", "unknown"]))), Vec::<i32>::new());
        assert_eq!(ids(ix.all(&[])), Vec::<i32>::new());
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
                assert_eq!(replaced.all(&query), rebuilt.all(&query), "{a} {b}");
            }
        }
        // A word whose texts are all gone finds nothing.
        assert_eq!(replaced.all(&q(&["citta"])), []);
    }

    /// Deterministic pseudo-random numbers (xorshift).
    fn numbers(mut x: u64) -> impl FnMut(u64) -> u64 {
        move |below| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % below
        }
    }

    #[test]
    fn lists_and_bitmaps_find_and_score_as_a_naive_count() {
        // 3,000 texts of 1–4 per practice over 40 words from very common
        // (bitmaps) to rare (lists); some texts say a common or a rare word
        // 300 times (counts past a byte).
        let mut rnd = numbers(0x9e37_79b9_7f4a_7c15);
        let vocabulary: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let mut texts: Vec<(i32, String)> = Vec::new();
        let mut practice = 0;
        while texts.len() < 3_000 {
            practice += 1 + rnd(3) as i32;
            for _ in 0..=rnd(3) {
                let mut words = Vec::new();
                for _ in 0..1 + rnd(30) {
                    // w0 in nearly every text, w39 in few.
                    let x = rnd(1 << 20) as f64 / f64::from(1 << 20);
                    words.push(vocabulary[(40.0 * x.powi(8)) as usize].as_str());
                }
                match rnd(300) {
                    0 => words.extend(std::iter::repeat_n("w0", 300)),
                    1 => words.extend(std::iter::repeat_n("w39", 300)),
                    _ => {}
                }
                texts.push((practice, words.join(" ")));
            }
        }
        let ix = index(
            &texts
                .iter()
                .map(|(p, t)| (*p, t.as_str()))
                .collect::<Vec<_>>(),
        );
        let dense = ix.postings.iter().filter(|p| p.dense()).count();
        assert!(dense > 3 && dense < 30, "{dense} bitmaps");
        assert!(!ix.large.is_empty());
        // The naive way: every text's counts, BM25 in the same order.
        let counts: Vec<HashMap<&str, u16>> = texts
            .iter()
            .map(|(_, t)| {
                let mut c = HashMap::default();
                for w in t.split(' ') {
                    *c.entry(w).or_insert(0) += 1;
                }
                c
            })
            .collect();
        let n = texts.len() as f64;
        let average = counts
            .iter()
            .map(|c| c.values().map(|n| f64::from(*n)).sum::<f64>())
            .sum::<f64>()
            / n;
        let holding: HashMap<&str, usize> = vocabulary
            .iter()
            .map(|w| {
                (
                    w.as_str(),
                    counts.iter().filter(|c| c.contains_key(w.as_str())).count(),
                )
            })
            .collect();
        let naive = |words: &[&str], keep: &dyn Fn(i32) -> bool| -> Vec<(i32, f64)> {
            let mut words: Vec<&str> = words.to_vec();
            words.dedup();
            words.sort_by_key(|w| holding[w]);
            let mut out: Vec<(i32, f64)> = Vec::new();
            for ((p, _), c) in texts.iter().zip(&counts) {
                if !keep(*p) || words.iter().any(|w| !c.contains_key(w)) {
                    continue;
                }
                let length: f64 = c.values().map(|n| f64::from(*n)).sum();
                let norm = K1 * (1.0 - B + B * length / average);
                let score: f64 = words
                    .iter()
                    .map(|w| {
                        let df = holding[w] as f64;
                        let weight = (((n - df + 0.5) / (df + 0.5)).ln()).max(1e-6);
                        let tf = f64::from(c[w]);
                        weight * tf * (K1 + 1.0) / (tf + norm)
                    })
                    .sum();
                match out.last_mut() {
                    Some((last, best)) if last == p => *best = best.max(score),
                    _ => out.push((*p, score)),
                }
            }
            out
        };
        let odd = |p: i32| p % 2 == 1;
        let (mut asked, mut ahead, mut driven) = (0, 0, 0);
        for a in 0..40 {
            for b in [a, (a + 7) % 40, (a + 23) % 40] {
                let words = [vocabulary[a].as_str(), vocabulary[b].as_str()];
                let query = q(&words);
                let want = naive(&words, &|_| true);
                let got = ix.all(&query);
                assert_eq!(got.len(), want.len(), "{words:?}");
                for (g, w) in got.iter().zip(&want) {
                    assert_eq!(g.0, w.0, "{words:?}");
                    assert!(
                        (g.1 - w.1).abs() <= 1e-9 * w.1.abs(),
                        "{words:?} {g:?} {w:?}"
                    );
                }
                // `keep` decides, once for each practice with a match;
                // when the words are all bitmaps, `ahead` has been given
                // its text first, and every text it is given holds them.
                let mut kept = Vec::new();
                let mut practices = Vec::new();
                let (mut keep_texts, mut aheads) = (Vec::new(), Vec::new());
                let p = ix.practices();
                ix.search(
                    &query,
                    None,
                    |t| aheads.push(t),
                    |t| {
                        keep_texts.push(t);
                        practices.push(p[t as usize]);
                        odd(p[t as usize])
                    },
                    |t, _| kept.push(p[t as usize]),
                );
                asked += practices.len();
                for t in &aheads {
                    let c = &counts[*t as usize];
                    assert!(words.iter().all(|w| c.contains_key(w)), "{words:?} {t}");
                }
                if aheads.is_empty() {
                    driven += 1;
                } else {
                    assert!(keep_texts.iter().all(|t| aheads.contains(t)), "{words:?}");
                    ahead += 1;
                }
                let ids = |r: Vec<(i32, f64)>| r.into_iter().map(|(p, _)| p).collect::<Vec<_>>();
                assert_eq!(practices, ids(want), "{words:?}");
                assert_eq!(kept, ids(naive(&words, &odd)), "{words:?}");
                // Only the texts of practices divisible by 3 (a filter
                // known for every text) and, of those, the odd ones.
                let only: Vec<u64> = ix
                    .practices()
                    .chunks(64)
                    .map(|c| {
                        c.iter()
                            .enumerate()
                            .fold(0, |bits, (i, p)| bits | (u64::from(p % 3 == 0) << i))
                    })
                    .collect();
                let mut filtered = Vec::new();
                ix.search(
                    &query,
                    Some(&only),
                    |_| (),
                    |t| odd(p[t as usize]),
                    |t, s| filtered.push((p[t as usize], s)),
                );
                let want = naive(&words, &|p| p % 3 == 0 && odd(p));
                assert_eq!(ids(filtered.clone()), ids(want.clone()), "{words:?}");
                for (g, w) in filtered.iter().zip(&want) {
                    assert!(
                        (g.1 - w.1).abs() <= 1e-9 * w.1.abs(),
                        "{words:?} {g:?} {w:?}"
                    );
                }
            }
        }
        assert!(asked > 1_000, "{asked}");
        assert!(ahead > 10 && driven > 10, "{ahead} {driven}");
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
        let r = ix.all(&q(&["mobility"]));
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
