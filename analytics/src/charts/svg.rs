//! The SVG document around a drawing: drawn with plotters into a string,
//! then made scalable and labelled for screen readers.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::Labels;
use super::style::{Area, DrawResult, HEIGHT, WIDTH, text_style};

/// Draws with plotters into a string and makes the result an accessible,
/// scalable SVG. Should drawing fail, the chart says "nothing to show"
/// instead (the table still carries the data).
pub(super) fn render(
    id: &str,
    labels: &Labels,
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> DrawResult,
) -> String {
    let mut buf = String::new();
    let ok = {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).is_ok() && draw(&root).is_ok() && root.present().is_ok()
    };
    if ok {
        finish_svg(&buf, id, labels, height)
    } else {
        empty_svg(id, labels, HEIGHT)
    }
}

/// A chart with nothing to draw: the `labels.empty` text in the middle.
pub(super) fn empty_svg(id: &str, labels: &Labels, height: u32) -> String {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        let style = text_style().pos(Pos::new(HPos::Center, VPos::Center));
        // The SVG backend writing into a String cannot fail.
        let _ = root.fill(&WHITE);
        let _ = root.draw_text(&labels.empty, &style, (WIDTH as i32 / 2, height as i32 / 2));
        let _ = root.present();
    }
    finish_svg(&buf, id, labels, height)
}

/// Replaces plotters' `<svg …>` opening tag by a scalable, labelled one and
/// inserts `<title>` and `<desc>` as the first children.
fn finish_svg(raw: &str, id: &str, labels: &Labels, height: u32) -> String {
    let body = raw.find('\n').map_or("", |i| &raw[i + 1..]);
    // Every shape is opaque; the default attribute is noise.
    let body = body.replace(" opacity=\"1\"", "");
    let stem = format!("chart-{}", sanitize_id(id));
    let mut svg = String::with_capacity(body.len() + 512);
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" class=\"chart\" role=\"img\" \
         aria-labelledby=\"{stem}-title {stem}-desc\">\n"
    ));
    svg.push_str(&format!(
        "<title id=\"{stem}-title\">{}</title>\n<desc id=\"{stem}-desc\">{}</desc>\n",
        escape(&labels.title),
        escape(&labels.description)
    ));
    svg.push_str(&body);
    svg
}

/// Keeps `[A-Za-z0-9_-]`, replaces anything else by `-`.
pub(super) fn sanitize_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "x".to_owned() } else { s }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
