//! How texts are split into words: as SQLite's FTS5 `unicode61` tokenizer with
//! `remove_diacritics 2` does (the catalogue's first search): runs of letters
//! and digits, lower case, without accents — so `città` finds `citta` and
//! `CITTÀ`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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
