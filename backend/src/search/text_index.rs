//! The catalogue's words, in memory: for every word of every published
//! practice's texts, the texts it occurs in and how often (a posting list),
//! so that a search finds and ranks its matches without asking the database,
//! and the same way on SQLite and PostgreSQL.
//!
//! Words are split and folded as in [`crate::search::words`]. A text
//! matches when it holds every word of the query; its score
//! is Okapi BM25 over the whole text (k1 = 1.2, b = 0.75, FTS5's `bm25()`
//! with equal column weights), and a practice's score is its best text's.

mod lists;
#[cfg(test)]
mod tests;

use foldhash::HashMap;

use crate::search::words::each_word;
use lists::{Cursor, List};

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;

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
