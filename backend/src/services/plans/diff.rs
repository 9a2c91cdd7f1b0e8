//! A readable difference between two plan documents (e.g. two versions):
//! nodes added, removed, moved, and fields changed.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::services::plans::exchange::{NodeDoc, PlanDoc};

/// One changed field.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldChange {
    /// Field name.
    pub field: String,
    /// Value before.
    #[schema(value_type = Object)]
    pub from: Value,
    /// Value after.
    #[schema(value_type = Object)]
    pub to: Value,
}

/// A node named in a diff.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct NodeBrief {
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: String,
}

/// A node under another parent.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct NodeMove {
    /// The node.
    pub node: NodeBrief,
    /// Parent code before.
    pub from_parent: Option<String>,
    /// Parent code after.
    pub to_parent: Option<String>,
}

/// A node whose fields changed.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct NodeChange {
    /// The node (as after).
    pub node: NodeBrief,
    /// The changes.
    pub changes: Vec<FieldChange>,
}

/// The difference between two documents.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Default)]
pub struct PlanDiff {
    /// Changes to the plan's own fields.
    pub plan: Vec<FieldChange>,
    /// Nodes only in the second document.
    pub added: Vec<NodeBrief>,
    /// Nodes only in the first document.
    pub removed: Vec<NodeBrief>,
    /// Nodes with another parent.
    pub moved: Vec<NodeMove>,
    /// Nodes with changed fields.
    pub changed: Vec<NodeChange>,
}

impl PlanDiff {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.plan.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
    }
}

fn brief(n: &NodeDoc) -> NodeBrief {
    NodeBrief {
        code: n.code.clone(),
        title: n.title.clone(),
        kind: n.kind.clone(),
    }
}

fn node_fields(n: &NodeDoc) -> Vec<(String, Value)> {
    let mut fields: Vec<(String, Value)> = [
        ("kind", json!(n.kind)),
        ("title", json!(n.title)),
        ("description", json!(n.description)),
        ("responsible_office", json!(n.responsible_office)),
        (
            "responsible_organisation",
            json!(n.responsible_organisation),
        ),
        ("weight", json!(n.weight)),
        ("planned_start", json!(n.planned_start)),
        ("planned_end", json!(n.planned_end)),
        ("actual_start", json!(n.actual_start)),
        ("actual_end", json!(n.actual_end)),
        ("budget", json!(n.budget)),
        ("status", json!(n.status)),
        ("progress", json!(n.progress)),
        ("aligned_to", json!(n.aligned_to)),
        (
            "milestones",
            json!(
                n.milestones
                    .iter()
                    .map(|m| json!([m.title, m.due_date, m.done]))
                    .collect::<Vec<_>>()
            ),
        ),
        (
            "indicators",
            json!(
                n.indicators
                    .iter()
                    .map(|i| i.name.clone())
                    .collect::<Vec<_>>()
            ),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for i in &n.indicators {
        fields.push((
            format!("indicator “{}” targets", i.name),
            json!(
                i.targets
                    .iter()
                    .map(|t| json!([t.period, t.value]))
                    .collect::<Vec<_>>()
            ),
        ));
    }
    fields
}

/// Compares two documents, nodes matched by code.
pub fn diff(a: &PlanDoc, b: &PlanDoc) -> PlanDiff {
    let mut out = PlanDiff::default();
    let head = |d: &PlanDoc| {
        vec![
            ("title", json!(d.plan.title)),
            ("summary", json!(d.plan.summary)),
            ("period_start", json!(d.plan.period_start)),
            ("period_end", json!(d.plan.period_end)),
            ("parent_plan", json!(d.plan.parent_plan)),
            ("start_tolerance_days", json!(d.plan.start_tolerance_days)),
        ]
    };
    for ((field, x), (_, y)) in head(a).into_iter().zip(head(b)) {
        if x != y {
            out.plan.push(FieldChange {
                field: field.into(),
                from: x,
                to: y,
            });
        }
    }
    let before: BTreeMap<&str, &NodeDoc> = a.nodes.iter().map(|n| (n.code.as_str(), n)).collect();
    let after: BTreeMap<&str, &NodeDoc> = b.nodes.iter().map(|n| (n.code.as_str(), n)).collect();
    for n in &b.nodes {
        match before.get(n.code.as_str()) {
            None => out.added.push(brief(n)),
            Some(old) => {
                if old.parent_code != n.parent_code {
                    out.moved.push(NodeMove {
                        node: brief(n),
                        from_parent: old.parent_code.clone(),
                        to_parent: n.parent_code.clone(),
                    });
                }
                let old_fields: BTreeMap<String, Value> = node_fields(old).into_iter().collect();
                let mut changes = Vec::new();
                let mut seen = Vec::new();
                for (field, value) in node_fields(n) {
                    let prev = old_fields.get(&field).cloned().unwrap_or(Value::Null);
                    if prev != value {
                        changes.push(FieldChange {
                            field: field.clone(),
                            from: prev,
                            to: value,
                        });
                    }
                    seen.push(field);
                }
                for (field, prev) in &old_fields {
                    if !seen.contains(field) {
                        changes.push(FieldChange {
                            field: field.clone(),
                            from: prev.clone(),
                            to: Value::Null,
                        });
                    }
                }
                if !changes.is_empty() {
                    out.changed.push(NodeChange {
                        node: brief(n),
                        changes,
                    });
                }
            }
        }
    }
    out.removed = a
        .nodes
        .iter()
        .filter(|n| !after.contains_key(n.code.as_str()))
        .map(brief)
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::plans::exchange::PlanHead;

    fn node(code: &str, parent: Option<&str>, title: &str) -> NodeDoc {
        serde_json::from_value(
            json!({"code": code, "parent_code": parent, "kind": "action", "title": title}),
        )
        .unwrap()
    }

    fn doc(nodes: Vec<NodeDoc>) -> PlanDoc {
        PlanDoc {
            format: "pspm-plan/1".into(),
            plan: PlanHead {
                title: "P".into(),
                summary: String::new(),
                owner_organisation: "O".into(),
                period_start: "2025-01-01".into(),
                period_end: "2027-12-31".into(),
                status: None,
                parent_plan: None,
                start_tolerance_days: 0,
            },
            nodes,
        }
    }

    #[test]
    fn finds_added_removed_moved_and_changed() {
        let a = doc(vec![
            node("A", None, "a"),
            node("B", Some("A"), "b"),
            node("C", Some("A"), "c"),
        ]);
        let mut b = doc(vec![
            node("A", None, "a"),
            node("B", Some("D"), "b2"),
            node("D", None, "d"),
        ]);
        b.plan.title = "P2".into();
        let d = diff(&a, &b);
        assert_eq!(d.plan[0].field, "title");
        assert_eq!(
            d.added.iter().map(|n| n.code.as_str()).collect::<Vec<_>>(),
            ["D"]
        );
        assert_eq!(
            d.removed
                .iter()
                .map(|n| n.code.as_str())
                .collect::<Vec<_>>(),
            ["C"]
        );
        assert_eq!(d.moved[0].to_parent.as_deref(), Some("D"));
        assert_eq!(
            d.changed[0].changes,
            vec![FieldChange {
                field: "title".into(),
                from: json!("b"),
                to: json!("b2")
            }]
        );
        assert!(diff(&a, &a).is_empty());
    }
}
