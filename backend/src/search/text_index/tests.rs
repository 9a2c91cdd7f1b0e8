//! Tests of the text index: folding, building, and searches checked
//! against a naive count.

use super::*;
use crate::search::words::{fold, fold_into};

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
