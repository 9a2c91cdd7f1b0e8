//! The data table the dashboards, the practice lists and the version diff share.

use dioxus::prelude::*;

/// A table with a visible caption and a row of column headings; the page gives
/// the rows (each with its name in a `th scope="row"` where it has one).
#[component]
pub fn DataTable(
    /// What the table shows, read first by screen readers.
    caption: String,
    /// The column headings, in order.
    columns: Vec<String>,
    /// The table's class.
    #[props(default = "table".to_string())]
    class: String,
    /// With an id, the table sits in a box of its own that scrolls sideways
    /// when the table is wider than the screen: the keyboard reaches it and
    /// screen readers name it by the caption (`<id>-caption`).
    #[props(default)]
    id: Option<String>,
    /// The rows.
    children: Element,
) -> Element {
    let Some(id) = id else {
        return rsx! {
            table { class: "{class}",
                caption { "{caption}" }
                thead { tr { for c in columns.iter() { th { scope: "col", "{c}" } } } }
                tbody { {children} }
            }
        };
    };
    rsx! {
        div { class: "table-wrap", id: "{id}", role: "region", tabindex: "0", aria_labelledby: "{id}-caption",
            table { class: "{class}",
                caption { id: "{id}-caption", "{caption}" }
                thead { tr { for c in columns.iter() { th { scope: "col", "{c}" } } } }
                tbody { {children} }
            }
        }
    }
}
