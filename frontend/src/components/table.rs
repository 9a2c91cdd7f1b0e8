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
    /// The rows.
    children: Element,
) -> Element {
    rsx! {
        table { class: "{class}",
            caption { "{caption}" }
            thead { tr { for c in columns.iter() { th { scope: "col", "{c}" } } } }
            tbody { {children} }
        }
    }
}
