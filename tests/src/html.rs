//! Reading rendered pages the way a person reads them: one element of a
//! page (to check that a message is next to the control it is about) and its
//! text without the markup.

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The whole first element (start tag to its end tag) whose start tag
/// contains `attribute` (such as `id="reply-3"`), or `None`.
pub fn element<'a>(html: &'a str, attribute: &str) -> Option<&'a str> {
    let at = html.find(attribute)?;
    let start = html[..at].rfind('<')?;
    let mut depth = 0usize;
    let mut i = start;
    while let Some(open) = html[i..].find('<').map(|o| i + o) {
        let close = html[open..].find('>').map(|c| open + c)?;
        let tag = &html[open + 1..close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.starts_with('/') {
            depth = depth.checked_sub(1)?;
        } else if !(tag.starts_with('!') || tag.ends_with('/') || VOID.contains(&name.as_str())) {
            depth += 1;
        }
        i = close + 1;
        if depth == 0 {
            return Some(&html[start..i]);
        }
    }
    None
}

/// The element whose start tag contains `attribute`, or a failure that shows the page.
pub fn expect_element<'a>(html: &'a str, attribute: &str) -> &'a str {
    element(html, attribute).unwrap_or_else(|| panic!("no element with {attribute} in:\n{html}"))
}

/// The text of some markup, as shown: tags dropped, the usual entities read,
/// white space collapsed.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{element, text};

    #[test]
    fn finds_the_whole_element() {
        let page = r#"<ul><li id="a"><p>One <b>1</b></p><input name="x"/><br></li><li id="b">Two</li></ul>"#;
        assert_eq!(
            element(page, r#"id="a""#),
            Some(r#"<li id="a"><p>One <b>1</b></p><input name="x"/><br></li>"#)
        );
        assert_eq!(text(element(page, r#"id="b""#).unwrap()), "Two");
        assert_eq!(element(page, r#"id="c""#), None);
    }
}
