//! Posting lists as LEB128 varints: written while an index is built, read
//! back with a cursor.

/// A word's texts while the index is built ([`Builder`]), in the order the
/// texts were added: each as the difference from the one before (the first
/// as itself) and its count in the text, both as LEB128 varints, so that a
/// posting takes about two bytes.
#[derive(Debug, Default)]
pub(super) struct List {
    pub(super) bytes: Vec<u8>,
    pub(super) last: u32,
    pub(super) len: u32,
}

impl List {
    pub(super) fn push(&mut self, text: u32, count: u16) {
        put_varint(&mut self.bytes, text - self.last);
        put_varint(&mut self.bytes, u32::from(count));
        self.last = text;
        self.len += 1;
    }
}

pub(super) fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A list's postings, decoded in order.
#[derive(Debug)]
pub(super) struct Cursor<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) left: u32,
    /// Whether a posting was decoded: the last one, `text` and `count`.
    pub(super) on: bool,
    pub(super) text: u32,
    pub(super) count: u16,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(bytes: &'a [u8], len: u32) -> Self {
        Self {
            bytes,
            left: len,
            on: false,
            text: 0,
            count: 0,
        }
    }

    /// Moves on to the first posting not below `text`: whether it is `text`'s.
    pub(super) fn seek(&mut self, text: u32) -> bool {
        while !self.on || self.text < text {
            if !self.advance() {
                return false;
            }
        }
        self.text == text
    }

    pub(super) fn varint(&mut self) -> u32 {
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
    pub(super) fn advance(&mut self) -> bool {
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
