//! Tests of reading, importing and exporting practices files.

use super::*;

fn header() -> String {
    CSV_COLUMNS.join(",")
}

fn row(slug: &str, level: &str, lang: &str, title: &str) -> String {
    format!(
        "{slug},Comune,published,it,{level},digital,,2021,,IT,,,a; b,3;11,https://a.example;https://b.example,{lang},\"{title}\",Sintesi,Problema,Soluzione,,,,"
    )
}

fn fields(e: AppError) -> Vec<(String, String)> {
    e.items()
        .into_iter()
        .map(|i| (i.field.unwrap_or_default(), i.code))
        .collect()
}

#[test]
fn csv_rows_of_one_slug_make_one_practice() {
    let file = format!(
        "{}\n{}\n{}\n{}\n",
        header(),
        row("x:1", "local", "it", "Titolo, con virgola"),
        row("x:2", "regional", "it", "Altro"),
        row("x:1", "local", "en", "Title \"\"quoted\"\"\non two lines"),
    );
    let p = read_csv(file.as_bytes()).unwrap();
    assert_eq!(p.problems, []);
    assert_eq!(p.entries.len(), 2);
    let first = &p.entries[0];
    assert_eq!(first.at, "line 2");
    assert_eq!(first.texts_at, ["line 2", "line 4"]);
    assert_eq!(first.doc.tags, ["a", "b"]);
    assert_eq!(first.doc.sdgs, [3, 11]);
    assert_eq!(first.doc.links.len(), 2);
    assert_eq!(first.doc.launch_year, Some(2021));
    assert_eq!(first.doc.innovation_stage, None);
    assert_eq!(first.doc.texts[0].title, "Titolo, con virgola");
    assert_eq!(first.doc.texts[1].title, "Title \"quoted\"\non two lines");
}

#[test]
fn csv_problems_name_the_line() {
    let file = format!(
        "\u{feff}{}\n{}\n{}\n{}\n{}\n",
        header(),
        row("x:1", "local", "it", "Uno"),
        row("x:1", "regional", "en", "One"),
        row("x:1", "local", "it", "Di nuovo"),
        "x:3,too,few",
    );
    let p = read_csv(file.as_bytes()).unwrap();
    let got: Vec<(String, String)> = p
        .problems
        .into_iter()
        .map(|i| (i.field.unwrap_or_default(), i.code))
        .collect();
    assert_eq!(
        got,
        [
            ("line 3: level".to_owned(), "inconsistent".to_owned()),
            ("line 4: lang".to_owned(), "duplicate".to_owned()),
            ("line 5".to_owned(), "invalid_row".to_owned()),
        ]
    );
}

#[test]
fn bad_files_are_refused_whole() {
    let e = read_csv(b"slug,title,colour\nx,y,z\n").unwrap_err();
    assert_eq!(
        fields(e),
        [("line 1".to_owned(), "columns_invalid".to_owned())]
    );
    let e = read_csv(b"").unwrap_err();
    assert_eq!(fields(e), [(String::new(), "file_empty".to_owned())]);
    let mut bytes = format!("{}\n{}\n", header(), row("x:1", "local", "it", "Uno")).into_bytes();
    bytes.extend_from_slice(b"x:2,Comune,\xff\n");
    let e = read_csv(&bytes).unwrap_err();
    assert_eq!(
        fields(e),
        [("line 3".to_owned(), "invalid_encoding".to_owned())]
    );
    let e = read_json(br#"{"format": "pspm-practices/1", "practices": [}"#).unwrap_err();
    assert_eq!(fields(e), [(String::new(), "invalid_json".to_owned())]);
    let e = read_json(br#"{"format": "other", "practices": []}"#).unwrap_err();
    assert_eq!(
        fields(e),
        [("format".to_owned(), "format_unknown".to_owned())]
    );
}

#[test]
fn json_entry_problems_name_the_entry() {
    let p = read_json(
        br#"{"format": "pspm-practices/1", "practices": [
            {"slug": "a", "texts": [{"lang": "it", "title": 3}]},
            {"slug": "b", "sdgs": ["x"]},
            {"slug": "c", "colour": "red"}]}"#,
    )
    .unwrap();
    assert!(p.entries.is_empty());
    let got: Vec<String> = p
        .problems
        .into_iter()
        .map(|i| i.field.unwrap_or_default())
        .collect();
    assert_eq!(
        got,
        [
            "practices.0.texts.0.title",
            "practices.1.sdgs.0",
            "practices.2.colour"
        ]
    );
}

#[test]
fn csv_files_from_before_how_to_use_are_still_read() {
    let old_header: Vec<&str> = CSV_COLUMNS
        .into_iter()
        .filter(|c| *c != "how_to_use")
        .collect();
    let old_row = row("x:1", "local", "it", "Uno");
    let file = format!(
        "{}\n{}\n",
        old_header.join(","),
        old_row.strip_suffix(',').unwrap()
    );
    let p = read_csv(file.as_bytes()).unwrap();
    assert_eq!(p.problems, []);
    assert_eq!(p.entries[0].doc.texts[0].title, "Uno");
    assert_eq!(p.entries[0].doc.texts[0].how_to_use, "");
}

#[test]
fn csv_export_reads_back() {
    let file = format!(
        "{}\n{}\n{}\n",
        header(),
        row("x:1", "local", "en", "One"),
        row("x:1", "local", "it", "Uno"),
    );
    let p = read_csv(file.as_bytes()).unwrap();
    let doc = PracticesDoc {
        format: FORMAT.into(),
        practices: p.entries.iter().map(|e| e.doc.clone()).collect(),
    };
    let again = read_csv(to_csv(&doc).unwrap().as_bytes()).unwrap();
    assert_eq!(again.entries[0].doc, doc.practices[0]);
}
