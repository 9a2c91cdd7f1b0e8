//! The catalogue's text index, kept by tantivy in files beside the database
//! (or in memory for a database without a file): one document per published
//! practice, each language's texts in fields analysed for that language.
//!
//! The index is a copy: the database stays the one source of truth. Its
//! commits carry a payload saying which state of the database they hold
//! (the caller's to write and compare); an index that cannot be opened, or
//! whose schema is another's, is deleted and built again.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::directory::error::LockError;
use tantivy::query::{Query, QueryParser};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{
    DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, SegmentReader,
    TantivyDocument, TantivyError, Term,
};

use crate::error::{AppError, AppResult};

/// The languages whose texts get fields (and an analyser) of their own;
/// texts in any other language go to the last, plain, fields.
pub const LANGUAGES: [&str; 4] = ["it", "en", "es", "lv"];
const OTHER: usize = LANGUAGES.len();

/// How much a word found in each kind of field counts: title > summary >
/// tags > the rest.
const TITLE_BOOST: Score = 3.0;
const SUMMARY_BOOST: Score = 2.0;
const TAGS_BOOST: Score = 1.5;

/// The writer's memory: tantivy asks 15 MB a thread at least.
const WRITER_BYTES: usize = 40_000_000;
/// The index's folder inside the place it is kept.
pub const INDEX_FOLDER: &str = "index";

/// How long an update waits for another process's writer to finish.
const WRITER_WAIT: Duration = Duration::from_secs(30);

/// One published practice as the index holds it.
#[derive(Debug, Default, Clone)]
pub struct PracticeDoc {
    /// The practice's id.
    pub id: i32,
    /// Its texts: language, title, summary, and the other sections.
    pub texts: Vec<(String, String, String, Vec<String>)>,
    /// Tags and problem profiles.
    pub tags: Vec<String>,
    /// The owner organisation's name.
    pub owner: String,
    /// The territory's code and, where known, its name.
    pub place: Option<String>,
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) practice: Field,
    /// Per language (in [`LANGUAGES`] order, then the others).
    pub(crate) title: [Field; OTHER + 1],
    pub(crate) summary: [Field; OTHER + 1],
    pub(crate) body: [Field; OTHER + 1],
    pub(crate) tags: Field,
    pub(crate) owner: Field,
    pub(crate) place: Field,
    /// Words written with a hyphen, joined (`co-design` as `codesign`):
    /// people type them both ways.
    pub(crate) joined: Field,
    /// Every word of the texts, unstemmed: the spellings "Did you mean"
    /// chooses from. Not searched.
    pub(crate) spelling: Field,
}

/// The analyser's name for language index `l`.
fn analyser_name(l: usize) -> &'static str {
    ["pspm_it", "pspm_en", "pspm_es", "pspm_plain", "pspm_plain"][l]
}

/// Words as the texts are split: letters and digits, lower case, accents
/// folded, then stemmed where tantivy has a stemmer for the language
/// (Latvian has none: folded only).
pub fn analyser(l: usize) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match l {
        0 => base.filter(Stemmer::new(Language::Italian)).build(),
        1 => base.filter(Stemmer::new(Language::English)).build(),
        2 => base.filter(Stemmer::new(Language::Spanish)).build(),
        _ => base.build(),
    }
}

/// The position in [`LANGUAGES`] of `lang` (the others after them).
pub fn language_index(lang: &str) -> usize {
    LANGUAGES.iter().position(|l| *l == lang).unwrap_or(OTHER)
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let practice = b.add_u64_field("practice", FAST | INDEXED);
    let text = |l: usize, positions: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyser_name(l))
                .set_index_option(if positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                }),
        )
    };
    let names = ["it", "en", "es", "lv", "other"];
    let title =
        std::array::from_fn(|l| b.add_text_field(&format!("title_{}", names[l]), text(l, true)));
    let summary =
        std::array::from_fn(|l| b.add_text_field(&format!("summary_{}", names[l]), text(l, true)));
    let body =
        std::array::from_fn(|l| b.add_text_field(&format!("body_{}", names[l]), text(l, true)));
    let tags = b.add_text_field("tags", text(OTHER, true));
    let owner = b.add_text_field("owner", text(OTHER, true));
    // Named "territory" since it holds names too: an index kept from before,
    // with codes only, is of another schema and so is built again.
    let place = b.add_text_field("territory", text(OTHER, true));
    let joined = b.add_text_field("joined", text(OTHER, true));
    let spelling = b.add_text_field("spelling", text(OTHER, false));
    (
        b.build(),
        Fields {
            practice,
            title,
            summary,
            body,
            tags,
            owner,
            place,
            joined,
            spelling,
        },
    )
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("catalogue index: {e}"))
}

/// The catalogue's text index.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    pub(crate) fields: Fields,
    parser: QueryParser,
    /// Where its files are (none: in memory).
    dir: Option<PathBuf>,
    /// One writer of this process at a time (others wait here rather than
    /// on tantivy's lock file).
    writing: Mutex<()>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("dir", &self.dir).finish()
    }
}

impl Engine {
    /// The index in `dir` (created when missing; deleted and created again
    /// when unreadable or of another schema), or in memory without one.
    pub fn open(dir: Option<&Path>) -> AppResult<Self> {
        let (schema, fields) = schema();
        // Its files are in a folder of their own inside `dir`: only that
        // folder is ever removed, whatever else `dir` holds.
        let dir = dir.map(|d| d.join(INDEX_FOLDER));
        let index = match dir.as_deref() {
            None => Index::create_in_ram(schema),
            Some(dir) => match open_in(dir, &schema) {
                Ok(index) => index,
                Err(e) => {
                    tracing::warn!(dir = %dir.display(), error = %e, "catalogue index unreadable: built again");
                    let _ = std::fs::remove_dir_all(dir);
                    // A place that cannot be written (a read-only disk) still
                    // leaves a search: in memory, built on every start.
                    open_in(dir, &schema).unwrap_or_else(|e| {
                        tracing::warn!(dir = %dir.display(), error = %e, "catalogue index kept in memory");
                        Index::create_in_ram(schema.clone())
                    })
                }
            },
        };
        for l in 0..=OTHER {
            index.tokenizers().register(analyser_name(l), analyser(l));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(internal)?;
        let mut searched: Vec<Field> = Vec::new();
        for l in 0..=OTHER {
            searched.extend([fields.title[l], fields.summary[l], fields.body[l]]);
        }
        searched.extend([fields.tags, fields.owner, fields.place, fields.joined]);
        let mut parser = QueryParser::for_index(&index, searched);
        parser.set_conjunction_by_default();
        for l in 0..=OTHER {
            parser.set_field_boost(fields.title[l], TITLE_BOOST);
            parser.set_field_boost(fields.summary[l], SUMMARY_BOOST);
        }
        parser.set_field_boost(fields.tags, TAGS_BOOST);
        Ok(Self {
            index,
            reader,
            fields,
            parser,
            dir,
            writing: Mutex::new(()),
        })
    }

    /// The payload of the newest commit (what the caller wrote with it).
    pub fn payload(&self) -> Option<String> {
        self.index.load_metas().ok()?.payload
    }

    /// A view of the index as last committed (by this process or another).
    pub fn searcher(&self) -> AppResult<Searcher> {
        self.reader.reload().map_err(internal)?;
        Ok(self.reader.searcher())
    }

    /// Changes the index: `change` gets a writer and the payload of the
    /// newest commit (read once this process holds the writer: another may
    /// have committed meanwhile), and returns the payload to commit with, or
    /// `None` to change nothing.
    pub fn write(
        &self,
        change: impl FnOnce(&mut Changes<'_>, Option<String>) -> AppResult<Option<String>>,
    ) -> AppResult<()> {
        let _one = self
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut writer = self.writer()?;
        let mut changes = Changes {
            writer: &writer,
            fields: &self.fields,
        };
        let Some(payload) = change(&mut changes, self.payload())? else {
            return Ok(());
        };
        let mut commit = writer.prepare_commit().map_err(internal)?;
        commit.set_payload(&payload);
        commit.commit().map_err(internal)?;
        writer.wait_merging_threads().map_err(internal)?;
        self.reader.reload().map_err(internal)?;
        Ok(())
    }

    /// The writer, once another process's is gone.
    fn writer(&self) -> AppResult<IndexWriter> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        let deadline = Instant::now() + WRITER_WAIT;
        loop {
            match self.index.writer_with_num_threads(threads, WRITER_BYTES) {
                Ok(w) => return Ok(w),
                Err(TantivyError::LockFailure(LockError::LockBusy, _))
                    if Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => return Err(internal(e)),
            }
        }
    }

    /// `q` as a query over the searched fields: words must all be found
    /// (each in any field and language); `"phrases"`, `OR` and `-excluded`
    /// words as people write them. What tantivy cannot parse is left out.
    pub fn parse(&self, q: &str) -> Box<dyn Query> {
        self.parser.parse_query_lenient(q).0
    }

    /// The practices `query` finds, with their scores (higher is better).
    pub fn matches(&self, searcher: &Searcher, query: &dyn Query) -> AppResult<Vec<(i32, f32)>> {
        searcher.search(query, &Matches).map_err(internal)
    }

    /// The `n` practices `query` finds with the best scores, best first.
    pub fn best(&self, searcher: &Searcher, query: &dyn Query, n: usize) -> AppResult<Vec<i32>> {
        let top = searcher
            .search(query, &TopDocs::with_limit(n).order_by_score())
            .map_err(internal)?;
        let mut ids = Vec::with_capacity(top.len());
        for (_, at) in top {
            let column = searcher
                .segment_reader(at.segment_ord)
                .fast_fields()
                .u64("practice")
                .map_err(internal)?;
            if let Some(id) = column.first(at.doc_id).and_then(|p| i32::try_from(p).ok()) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// How many practices have `word` (folded, unstemmed) in their texts.
    pub fn spelled(&self, searcher: &Searcher, word: &str) -> u64 {
        searcher
            .doc_freq(&Term::from_field_text(self.fields.spelling, word))
            .unwrap_or(0)
    }
}

fn open_in(dir: &Path, schema: &Schema) -> tantivy::Result<Index> {
    std::fs::create_dir_all(dir)?;
    Index::open_or_create(MmapDirectory::open(dir)?, schema.clone())
}

/// The changes [`Engine::write`] makes.
pub struct Changes<'a> {
    writer: &'a IndexWriter,
    fields: &'a Fields,
}

impl Changes<'_> {
    /// Removes every practice.
    pub fn clear(&mut self) -> AppResult<()> {
        self.writer.delete_all_documents().map_err(internal)?;
        Ok(())
    }

    /// Removes practice `id`.
    pub fn remove(&mut self, id: i32) {
        self.writer
            .delete_term(Term::from_field_u64(self.fields.practice, id_u64(id)));
    }

    /// Adds practice `p` (remove its old document first).
    pub fn add(&mut self, p: &PracticeDoc) -> AppResult<()> {
        let f = self.fields;
        let mut doc = TantivyDocument::new();
        doc.add_u64(f.practice, id_u64(p.id));
        let mut joined = String::new();
        let mut spelling = String::new();
        for (lang, title, summary, body) in &p.texts {
            let l = language_index(lang);
            doc.add_text(f.title[l], title);
            doc.add_text(f.summary[l], summary);
            for part in body {
                doc.add_text(f.body[l], part);
            }
            for text in std::iter::once(title).chain([summary]).chain(body) {
                join_hyphenated(text, &mut joined);
                spelling.push_str(text);
                spelling.push('\n');
            }
        }
        for tag in &p.tags {
            doc.add_text(f.tags, tag);
            spelling.push_str(tag);
            spelling.push('\n');
        }
        doc.add_text(f.owner, &p.owner);
        if let Some(place) = &p.place {
            doc.add_text(f.place, place);
            spelling.push_str(place);
            spelling.push('\n');
        }
        doc.add_text(f.joined, &joined);
        doc.add_text(f.spelling, &spelling);
        self.writer.add_document(doc).map_err(internal)?;
        Ok(())
    }
}

fn id_u64(id: i32) -> u64 {
    u64::try_from(id).unwrap_or_default()
}

/// Appends to `out` each word of `text` written with hyphens, joined
/// (`co-design` → `codesign`).
fn join_hyphenated(text: &str, out: &mut String) {
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let w = w.trim_matches('-');
        if w.contains('-') {
            out.extend(w.chars().filter(|c| *c != '-'));
            out.push(' ');
        }
    }
}

/// Collects every match's practice and score.
struct Matches;

impl Collector for Matches {
    type Fruit = Vec<(i32, f32)>;
    type Child = SegmentMatches;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            practice: reader.fast_fields().u64("practice")?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i32, f32)>>) -> tantivy::Result<Vec<(i32, f32)>> {
        Ok(fruits.concat())
    }
}

struct SegmentMatches {
    practice: tantivy::columnar::Column<u64>,
    found: Vec<(i32, f32)>,
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<(i32, f32)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(id) = self.practice.first(doc).and_then(|p| i32::try_from(p).ok()) {
            self.found.push((id, score));
        }
    }

    fn harvest(self) -> Vec<(i32, f32)> {
        self.found
    }
}
