//! Domain vocabulary shared by services, API and pages (DESIGN.md "Domain").

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Defines a closed set of snake_case values stored as text.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the stored and wire form.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum! {
    /// What sort of actor an organisation is.
    OrgKind {
        /// A ministry.
        Ministry => "ministry",
        /// A region.
        Region => "region",
        /// A province.
        Province => "province",
        /// A municipality.
        Municipality => "municipality",
        /// A public agency.
        Agency => "agency",
        /// Another public body.
        OtherPublic => "other_public",
        /// A non-profit organisation.
        Nonprofit => "nonprofit",
        /// A company.
        Company => "company",
        /// A university.
        University => "university",
        /// A citizens' group.
        CitizenGroup => "citizen_group",
    }
}

text_enum! {
    /// Level of government.
    OrgLevel {
        /// European Union.
        Eu => "eu",
        /// National.
        National => "national",
        /// Regional.
        Regional => "regional",
        /// Local.
        Local => "local",
    }
}

text_enum! {
    /// A user's role on the platform.
    Role {
        /// Manages organisations, users, roles; moderates.
        Admin => "admin",
        /// Ministry staff who draft and run plans.
        Planner => "planner",
        /// Member of a public body.
        Member => "member",
        /// Reads dashboards and exports data.
        Evaluator => "evaluator",
        /// Citizen or stakeholder.
        Citizen => "citizen",
    }
}

text_enum! {
    /// Lifecycle of a plan.
    PlanStatus {
        /// Being drafted; visible to the owner organisation only.
        Draft => "draft",
        /// Open to consultation.
        Consultation => "consultation",
        /// Adopted (a version is stored).
        Adopted => "adopted",
        /// Being carried out and monitored.
        Monitoring => "monitoring",
        /// Finished.
        Closed => "closed",
    }
}

impl PlanStatus {
    /// Whether a plan may go from `self` to `to`.
    pub fn can_become(self, to: PlanStatus) -> bool {
        use PlanStatus::*;
        matches!(
            (self, to),
            (Draft, Consultation)
                | (Draft, Adopted)
                | (Consultation, Draft)
                | (Consultation, Adopted)
                | (Adopted, Monitoring)
                | (Monitoring, Adopted)
                | (Monitoring, Closed)
        )
    }

    /// The statuses reachable from `self`.
    pub fn next(self) -> Vec<PlanStatus> {
        PlanStatus::ALL
            .iter()
            .copied()
            .filter(|s| self.can_become(*s))
            .collect()
    }
}

text_enum! {
    /// Level of a node in a plan's tree.
    NodeKind {
        /// A strategic area.
        Area => "area",
        /// A strategic objective.
        StrategicObjective => "strategic_objective",
        /// An operational objective.
        OperationalObjective => "operational_objective",
        /// An action.
        Action => "action",
    }
}

impl NodeKind {
    /// The kind a parent of this kind must have (`None`: top level).
    pub fn parent_kind(self) -> Option<NodeKind> {
        match self {
            NodeKind::Area => None,
            NodeKind::StrategicObjective => Some(NodeKind::Area),
            NodeKind::OperationalObjective => Some(NodeKind::StrategicObjective),
            NodeKind::Action => Some(NodeKind::OperationalObjective),
        }
    }
}

text_enum! {
    /// Status of a node.
    NodeStatus {
        /// Not started.
        NotStarted => "not_started",
        /// On track.
        OnTrack => "on_track",
        /// At risk.
        AtRisk => "at_risk",
        /// Late.
        Late => "late",
        /// Done.
        Done => "done",
        /// Cancelled.
        Cancelled => "cancelled",
    }
}

text_enum! {
    /// Which way an indicator should move.
    Direction {
        /// Higher is better.
        Increase => "increase",
        /// Lower is better.
        Decrease => "decrease",
        /// Stay at the target.
        Keep => "keep",
    }
}

text_enum! {
    /// Lifecycle of a good practice.
    PracticeStatus {
        /// Being written; visible to its organisation and administrators.
        Draft => "draft",
        /// Waiting for an administrator's review.
        Submitted => "submitted",
        /// In the public catalogue.
        Published => "published",
        /// Withdrawn from the catalogue; its page stays readable.
        Archived => "archived",
    }
}

text_enum! {
    /// Innovation stage of a practice (DESIGN.md).
    InnovationStage {
        /// Identify the problem.
        IdentifyProblem => "identify_problem",
        /// Generate ideas.
        GenerateIdeas => "generate_ideas",
        /// Develop a proposal.
        DevelopProposal => "develop_proposal",
        /// Implement.
        Implement => "implement",
        /// Evaluate.
        Evaluate => "evaluate",
        /// Diffuse.
        Diffuse => "diffuse",
    }
}

text_enum! {
    /// Policy area of a practice.
    PolicyArea {
        /// Digital transformation and e-government.
        Digital => "digital",
        /// Public administration and its organisation.
        PublicAdministration => "public_administration",
        /// Public finance and budgeting.
        Finance => "finance",
        /// Economy, enterprise and employment.
        Economy => "economy",
        /// Environment, energy and climate.
        Environment => "environment",
        /// Health and social care.
        Health => "health",
        /// Education, training and research.
        Education => "education",
        /// Social inclusion and welfare.
        Social => "social",
        /// Mobility and transport.
        Mobility => "mobility",
        /// Territory, housing and urban planning.
        Territory => "territory",
        /// Culture and tourism.
        Culture => "culture",
        /// Justice and security.
        Justice => "justice",
    }
}

text_enum! {
    /// How often an indicator is measured.
    Frequency {
        /// Monthly.
        Monthly => "monthly",
        /// Quarterly.
        Quarterly => "quarterly",
        /// Twice a year.
        Semiannual => "semiannual",
        /// Once a year.
        Annual => "annual",
    }
}

text_enum! {
    /// What a contribution is.
    ContributionKind {
        /// A comment on the plan or a node (or a reply).
        Comment => "comment",
        /// A proposal of a new action.
        Proposal => "proposal",
        /// A proposed change to an existing node.
        Amendment => "amendment",
    }
}

text_enum! {
    /// The status of an official response.
    ResponseStatus {
        /// Accepted.
        Accepted => "accepted",
        /// Partially accepted.
        PartiallyAccepted => "partially_accepted",
        /// Rejected.
        Rejected => "rejected",
        /// Already in the plan.
        AlreadyPlanned => "already_planned",
        /// Outside the plan's scope.
        OutOfScope => "out_of_scope",
    }
}

text_enum! {
    /// Who may take part in a consultation.
    Audience {
        /// Every signed-in user, citizens included.
        Public => "public",
        /// Members of the invited organisations.
        Invited => "invited",
    }
}

/// Limits on free text, in characters.
pub mod limits {
    /// Contributions and responses.
    pub const CONTRIBUTION: usize = 5000;

    /// Long descriptions.
    pub const DESCRIPTION: usize = 5000;
    /// Node codes.
    pub const CODE: usize = 32;

    /// Names and titles.
    pub const NAME: usize = 200;
    /// Email addresses.
    pub const EMAIL: usize = 254;
    /// Territory codes (ISTAT/NUTS).
    pub const TERRITORY: usize = 16;
    /// Minimum password length.
    pub const PASSWORD_MIN: usize = 10;
    /// Maximum password length.
    pub const PASSWORD_MAX: usize = 256;
}
