//! Import of the INTERLINK catalogue (`shared/data/interlink-catalogue`) as
//! published good practices of an "INTERLINK project" organisation. Missing
//! translations are normal in that data; entries that cannot be read are
//! reported with their folder and reason. The import is one transaction and
//! idempotent: importing the same files again changes nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::organisation::Organisation;
use crate::db::practice::{Practice, PracticeFields, PracticeText};
use crate::domain::{OrgLevel, PracticeStatus};
use crate::error::{AppError, AppResult};
use crate::services::accounts::audit;
use crate::services::accounts::organisations;

/// Name of the organisation that owns the imported practices.
pub const OWNER: &str = "INTERLINK project";
/// Languages of the interface (texts in others are ignored).
pub const LANGUAGES: [&str; 4] = ["en", "it", "es", "lv"];

/// A practice read from one catalogue entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Fields (the owner is set at import).
    pub fields: PracticeFields,
    /// Texts per language.
    pub texts: Vec<PracticeText>,
    /// Tags, sorted.
    pub tags: Vec<String>,
}

/// An entry that could not be imported.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The entry's folder, relative to the catalogue.
    pub entry: String,
    /// Why.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Practices created.
    pub created: usize,
    /// Practices changed.
    pub updated: usize,
    /// Practices already as in the files.
    pub unchanged: usize,
    /// Entries skipped.
    pub problems: Vec<Problem>,
}

/// HTML fragment → plain text: tags removed (block ends become line breaks),
/// entities decoded, runs of spaces collapsed. The pages escape it again.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            // A lone "<" is text, not a tag.
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "br" | "p" | "li" | "div" | "h1" | "h2" | "h3" | "h4" | "ul" | "ol" | "tr"
        ) {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn text_in(v: &Value, field: &str, lang: &str) -> Option<String> {
    v.get(field)?
        .get(lang)?
        .as_str()
        .map(html_to_text)
        .filter(|t| !t.is_empty())
}

/// Reads one entry's `metadata.json` into a draft.
pub fn draft(entry: &Value) -> Result<Draft, String> {
    let id = entry
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or("no id")?;
    let langs: Vec<&str> = LANGUAGES
        .into_iter()
        .filter(|l| {
            text_in(entry, "name_translations", l).is_some()
                || text_in(entry, "description_translations", l).is_some()
        })
        .collect();
    let original = if langs.contains(&"en") {
        "en"
    } else {
        langs
            .first()
            .copied()
            .ok_or("no name or description in en, it, es or lv")?
    };
    let original_name = text_in(entry, "name_translations", original)
        .or_else(|| {
            LANGUAGES
                .iter()
                .find_map(|l| text_in(entry, "name_translations", l))
        })
        .ok_or("no name in en, it, es or lv")?;
    let mut langs = langs;
    // Stored texts come back ordered by language; keep the same order to compare.
    langs.sort_unstable();
    let texts = langs
        .iter()
        .map(|l| PracticeText {
            lang: (*l).to_owned(),
            title: text_in(entry, "name_translations", l).unwrap_or_else(|| original_name.clone()),
            summary: text_in(entry, "description_translations", l).unwrap_or_default(),
            problem: String::new(),
            solution: String::new(),
            results: String::new(),
            lessons: String::new(),
            conditions: text_in(entry, "constraints_and_limitations_translations", l)
                .unwrap_or_default(),
            how_to_use: String::new(),
        })
        .collect();
    let strings = |field: &str| -> Vec<String> {
        entry
            .get(field)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut tags = BTreeSet::new();
    if let Some(list) = entry
        .get("tags_translations")
        .and_then(|t| t.get("en"))
        .and_then(Value::as_array)
    {
        for t in list.iter().filter_map(Value::as_str) {
            let t = t.trim().to_lowercase();
            if !t.is_empty() && t.chars().count() <= 60 {
                tags.insert(t);
            }
        }
    }
    for p in strings("problemprofiles") {
        tags.insert(format!("problem:{}", p.to_lowercase()));
    }
    for t in strings("types") {
        tags.insert(format!("type:{t}"));
    }
    if let Some(kind) = entry.get("type").and_then(Value::as_str) {
        tags.insert(format!("interlinker:{kind}"));
    }
    let scopes = strings("administrative_scopes");
    let level = OrgLevel::ALL
        .iter()
        .copied()
        .find(|l| scopes.iter().any(|s| s == l.as_str()));
    let mut links: Vec<String> = entry
        .get("uri_translations")
        .and_then(Value::as_object)
        .map(|o| {
            o.values()
                .filter_map(Value::as_str)
                .filter(|u| u.starts_with("http"))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    links.sort();
    links.dedup();
    Ok(Draft {
        fields: PracticeFields {
            slug: format!("interlink:{id}"),
            owner_organisation_id: 0,
            status: PracticeStatus::Published,
            original_language: original.into(),
            level,
            policy_area: None,
            innovation_stage: None,
            launch_year: None,
            licence: entry
                .get("licence")
                .and_then(Value::as_str)
                .filter(|l| !l.is_empty())
                .map(pspm_frontend::licences::canonical),
            country: None,
            territory_code: None,
            contact: None,
            links: json!(links).to_string(),
        },
        texts,
        tags: tags.into_iter().collect(),
    })
}

/// An entry's `instructions.md` ("How to use this INTERLINKER") as plain
/// text, a line a paragraph: headings and emphasis lose their marks, a link
/// reads as its text and its address, and the title line (the same in every
/// entry) goes.
pub fn instructions_text(markdown: &str) -> String {
    let mut lines = Vec::new();
    for raw in markdown.lines() {
        let line = raw.trim();
        if line.is_empty() || line.eq_ignore_ascii_case("# How to use this INTERLINKER") {
            continue;
        }
        let line = line.trim_start_matches('#').trim();
        let mut text = String::new();
        let mut rest = line;
        // [words](address) → "words (address)", or the address alone.
        while let Some(open) = rest.find('[') {
            let Some((words, after)) = rest[open + 1..].split_once("](") else {
                break;
            };
            let Some((url, tail)) = after.split_once(')') else {
                break;
            };
            text.push_str(&rest[..open]);
            if words.trim() == url.trim() || words.trim().is_empty() {
                text.push_str(url.trim());
            } else {
                text.push_str(&format!("{} ({})", words.trim(), url.trim()));
            }
            rest = tail;
        }
        text.push_str(rest);
        let text = text.replace("**", "").replace("__", "");
        if !text.trim().is_empty() {
            lines.push(text.trim().to_owned());
        }
    }
    lines.join("\n")
}

/// The web addresses a text holds, in order of first appearance.
fn addresses(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"'))
    {
        if word.starts_with("http://") || word.starts_with("https://") {
            let url = word.trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if url.len() > "https://".len() && !found.iter().any(|f| f == url) {
                found.push(url.to_owned());
            }
        }
    }
    found
}

/// Adds an entry's instructions to its draft: the "How to use it" text of
/// its original language, and their web addresses to its links.
fn with_instructions(mut draft: Draft, markdown: &str) -> Draft {
    let text = instructions_text(markdown);
    let original = draft.fields.original_language.clone();
    if let Some(t) = draft.texts.iter_mut().find(|t| t.lang == original) {
        t.how_to_use = text.clone();
    }
    let mut links: Vec<String> = serde_json::from_str(&draft.fields.links).unwrap_or_default();
    links.extend(addresses(&text));
    links.sort();
    links.dedup();
    draft.fields.links = json!(links).to_string();
    draft
}

/// Reads every entry of a catalogue folder: (entry folder, draft or reason).
pub fn read(dir: &Path) -> AppResult<Vec<(String, Result<Draft, String>)>> {
    let root = dir.join("interlinkers");
    let kinds = std::fs::read_dir(&root).map_err(|e| {
        AppError::field(
            "dir",
            "catalogue_unreadable",
            format!("{} is not an INTERLINK catalogue: {e}", root.display()),
        )
    })?;
    let mut files: Vec<PathBuf> = Vec::new();
    for kind in kinds.flatten() {
        if let Ok(entries) = std::fs::read_dir(kind.path()) {
            files.extend(
                entries
                    .flatten()
                    .map(|e| e.path().join("metadata.json"))
                    .filter(|p| p.exists()),
            );
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(AppError::field(
            "dir",
            "catalogue_empty",
            "no interlinkers/*/*/metadata.json found",
        ));
    }
    Ok(files
        .into_iter()
        .map(|f| {
            let entry = f
                .parent()
                .and_then(|p| p.strip_prefix(dir).ok())
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let parsed = std::fs::read(&f)
                .map_err(|e| format!("cannot read metadata.json: {e}"))
                .and_then(|b| {
                    serde_json::from_slice::<Value>(&b)
                        .map_err(|e| format!("metadata.json is not valid JSON: {e}"))
                })
                .and_then(|v| draft(&v));
            let instructions = f.with_file_name("instructions.md");
            let parsed = match std::fs::read_to_string(&instructions) {
                Ok(markdown) => parsed.map(|d| with_instructions(d, &markdown)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => parsed,
                Err(e) => Err(format!("cannot read instructions.md: {e}")),
            };
            (entry, parsed)
        })
        .collect())
}

/// Stores the drafts in one transaction. With problems and `skip_invalid`
/// false nothing is stored; with `skip_invalid` the valid entries are.
pub fn import(
    conn: &mut DbConn,
    entries: Vec<(String, Result<Draft, String>)>,
    skip_invalid: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> AppResult<Report> {
    let mut report = Report::default();
    let mut drafts = Vec::new();
    for (entry, d) in entries {
        match d {
            Ok(d) => drafts.push(d),
            Err(reason) => report.problems.push(Problem { entry, reason }),
        }
    }
    if !report.problems.is_empty() && !skip_invalid {
        return Ok(report);
    }
    conn.write(|conn| {
        let owner = match Organisation::all(conn)?
            .into_iter()
            .find(|o| o.name == OWNER)
        {
            Some(o) => o.id,
            None => {
                organisations::create_system(
                    conn,
                    &organisations::OrganisationInput {
                        name: OWNER.into(),
                        kind: "other_public".into(),
                        level: "eu".into(),
                        territory_code: None,
                        parent_id: None,
                        time_zone: Some("Europe/Brussels".into()),
                    },
                )?
                .id
            }
        };
        let now = crate::db::now();
        let total = drafts.len();
        for (i, mut d) in drafts.into_iter().enumerate() {
            d.fields.owner_organisation_id = owner;
            match Practice::find_by_slug(conn, &d.fields.slug)? {
                None => {
                    let p = Practice::create(conn, &d.fields, now)?;
                    Practice::replace_content(conn, p.id, &d.texts, &d.tags)?;
                    report.created += 1;
                }
                Some(p) => {
                    let same = p.fields() == d.fields
                        && Practice::texts(conn, p.id)? == d.texts
                        && Practice::tags(conn, p.id)? == d.tags;
                    if same {
                        report.unchanged += 1;
                    } else {
                        Practice::update(conn, p.id, &d.fields, now)?;
                        Practice::replace_content(conn, p.id, &d.texts, &d.tags)?;
                        report.updated += 1;
                    }
                }
            }
            progress(i + 1, total);
        }
        audit::record(
            conn,
            None,
            "practice.import",
            "practice",
            None,
            json!({"source": "interlink", "created": report.created, "updated": report.updated,
                   "unchanged": report.unchanged, "skipped": report.problems.len()}),
        )?;
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<p>Uno &amp; due</p><ul><li>tre&nbsp;&#232;</li></ul>"),
            "Uno & due\ntre è"
        );
        assert_eq!(html_to_text("<script>alert(1)</script>ok"), "alert(1)ok");
        assert_eq!(html_to_text("a < b & c"), "a < b & c");
    }

    #[test]
    fn instructions_become_a_text_and_their_addresses_links() {
        let md = "# How to use this INTERLINKER\n\nFill the [template](https://a.example/t.pdf).\n\n## Steps\n- **Map** it: see https://b.example/x, or [https://a.example/t.pdf](https://a.example/t.pdf)\n";
        assert_eq!(
            instructions_text(md),
            "Fill the template (https://a.example/t.pdf).\nSteps\n- Map it: see https://b.example/x, or https://a.example/t.pdf"
        );
        let d = draft(&json!({"id": "x", "name_translations": {"en": "Name"}, "uri_translations": {"en": "https://c.example"}}))
            .unwrap();
        let d = with_instructions(d, md);
        assert!(d.texts[0].how_to_use.starts_with("Fill the template"));
        assert_eq!(
            d.fields.links,
            r#"["https://a.example/t.pdf","https://b.example/x","https://c.example"]"#
        );
    }

    #[test]
    fn drafts_need_an_id_and_a_name() {
        assert_eq!(
            draft(&json!({"name_translations": {"en": "X"}})),
            Err("no id".into())
        );
        assert!(draft(&json!({"id": "x", "name_translations": {"de": "X"}})).is_err());
        let d = draft(&json!({"id": "x", "name_translations": {"it": "Nome"}, "description_translations": {"en": "<p>Text</p>"},
            "administrative_scopes": ["local", "national"], "tags_translations": {"en": ["Canvas", "canvas"]}, "type": "knowledge"}))
        .unwrap();
        assert_eq!(d.fields.original_language, "en");
        assert_eq!(
            d.texts
                .iter()
                .map(|t| (t.lang.as_str(), t.title.as_str()))
                .collect::<Vec<_>>(),
            [("en", "Nome"), ("it", "Nome")]
        );
        assert_eq!(d.fields.level, Some(OrgLevel::National));
        assert_eq!(d.tags, ["canvas", "interlinker:knowledge"]);
    }
}
