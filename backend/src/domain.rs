//! Domain vocabulary shared by services, API and pages (DESIGN.md "Domain").

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::MultiBackend;

/// Declares closed sets of snake_case values, stored as text and sent as text.
///
/// strum derives the text forms; the macro adds the diesel mapping (both backends
/// through `MultiBackend`) and the short names every caller uses.
macro_rules! text_enum {
    ($($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? })+) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema,
            strum::EnumString, strum::IntoStaticStr, strum::Display, strum::VariantArray,
            AsExpression, FromSqlRow,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        #[diesel(sql_type = Text)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = <$name as strum::VariantArray>::VARIANTS;

            /// The stored and wire form.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// Parses the stored and wire form.
            pub fn parse(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }

        impl ToSql<Text, MultiBackend> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self.as_str()));
                Ok(IsNull::No)
            }
        }

        // Batch inserts bind through each backend's own collector.
        impl ToSql<Text, Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <str as ToSql<Text, Pg>>::to_sql(self.as_str(), &mut out.reborrow())
            }
        }

        impl ToSql<Text, Sqlite> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                <str as ToSql<Text, Sqlite>>::to_sql(self.as_str(), out)
            }
        }

        impl FromSql<Text, MultiBackend> for $name {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = bytes.from_sql::<String, Text>()?;
                Self::parse(&text)
                    .ok_or_else(|| format!("unknown {} {text:?}", stringify!($name)).into())
            }
        }
    )+};
}

text_enum! {
    /// What sort of actor an organisation is.
    OrgKind {
        /// A ministry.
        Ministry,
        /// A region.
        Region,
        /// A province.
        Province,
        /// A municipality.
        Municipality,
        /// A public agency.
        Agency,
        /// Another public body.
        OtherPublic,
        /// A non-profit organisation.
        Nonprofit,
        /// A company.
        Company,
        /// A university.
        University,
        /// A citizens' group.
        CitizenGroup,
    }
}

text_enum! {
    /// Level of government.
    OrgLevel {
        /// European Union.
        Eu,
        /// National.
        National,
        /// Regional.
        Regional,
        /// Local.
        Local,
    }
}

text_enum! {
    /// A user's role on the platform.
    Role {
        /// Manages organisations, users, roles; moderates.
        Admin,
        /// Ministry staff who draft and run plans.
        Planner,
        /// Member of a public body.
        Member,
        /// Reads dashboards and exports data.
        Evaluator,
        /// Citizen or stakeholder.
        Citizen,
    }
}

text_enum! {
    /// Lifecycle of a plan.
    PlanStatus {
        /// Being drafted; visible to the owner organisation only.
        Draft,
        /// Open to consultation.
        Consultation,
        /// Adopted (a version is stored).
        Adopted,
        /// Being carried out and monitored.
        Monitoring,
        /// Finished.
        Closed,
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
        Area,
        /// A strategic objective.
        StrategicObjective,
        /// An operational objective.
        OperationalObjective,
        /// An action.
        Action,
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
        NotStarted,
        /// On track.
        OnTrack,
        /// At risk.
        AtRisk,
        /// Late.
        Late,
        /// Done.
        Done,
        /// Cancelled.
        Cancelled,
    }
}

text_enum! {
    /// Which way an indicator should move.
    Direction {
        /// Higher is better.
        Increase,
        /// Lower is better.
        Decrease,
        /// Stay at the target.
        Keep,
    }
}

text_enum! {
    /// Lifecycle of a good practice.
    PracticeStatus {
        /// Being written; visible to its organisation and administrators.
        Draft,
        /// Waiting for an administrator's review.
        Submitted,
        /// In the public catalogue.
        Published,
        /// Withdrawn from the catalogue; its page stays readable.
        Archived,
    }
}

text_enum! {
    /// Innovation stage of a practice (DESIGN.md).
    InnovationStage {
        /// Identify the problem.
        IdentifyProblem,
        /// Generate ideas.
        GenerateIdeas,
        /// Develop a proposal.
        DevelopProposal,
        /// Implement.
        Implement,
        /// Evaluate.
        Evaluate,
        /// Diffuse.
        Diffuse,
    }
}

text_enum! {
    /// Policy area of a practice.
    PolicyArea {
        /// Digital transformation and e-government.
        Digital,
        /// Public administration and its organisation.
        PublicAdministration,
        /// Public finance and budgeting.
        Finance,
        /// Economy, enterprise and employment.
        Economy,
        /// Environment, energy and climate.
        Environment,
        /// Health and social care.
        Health,
        /// Education, training and research.
        Education,
        /// Social inclusion and welfare.
        Social,
        /// Mobility and transport.
        Mobility,
        /// Territory, housing and urban planning.
        Territory,
        /// Culture and tourism.
        Culture,
        /// Justice and security.
        Justice,
    }
}

text_enum! {
    /// How often an indicator is measured.
    Frequency {
        /// Monthly.
        Monthly,
        /// Quarterly.
        Quarterly,
        /// Twice a year.
        Semiannual,
        /// Once a year.
        Annual,
    }
}

text_enum! {
    /// What a contribution is.
    ContributionKind {
        /// A comment on the plan or a node (or a reply).
        Comment,
        /// A proposal of a new action.
        Proposal,
        /// A proposed change to an existing node.
        Amendment,
    }
}

text_enum! {
    /// The status of an official response.
    ResponseStatus {
        /// Accepted.
        Accepted,
        /// Partially accepted.
        PartiallyAccepted,
        /// Rejected.
        Rejected,
        /// Already in the plan.
        AlreadyPlanned,
        /// Outside the plan's scope.
        OutOfScope,
    }
}

text_enum! {
    /// Who may take part in a consultation.
    Audience {
        /// Every signed-in user, citizens included.
        Public,
        /// Members of the invited organisations.
        Invited,
    }
}

text_enum! {
    /// Where a declared adoption of a practice stands.
    AdoptionStatus {
        /// Declared, waiting for the owner organisation.
        Pending,
        /// Confirmed by the owner organisation.
        Confirmed,
        /// Turned down by the owner organisation.
        Rejected,
    }
}

text_enum! {
    /// What a notification is about.
    NotificationKind {
        /// A consultation opened for the reader's organisation.
        ConsultationOpened,
        /// Someone replied to the reader's comment.
        Reply,
        /// The reader's contribution got an official response.
        Response,
        /// An administrator reviewed the reader's practice.
        PracticeReviewed,
        /// A moderator hid the reader's contribution.
        ContributionHidden,
        /// Another organisation declared it adopted a practice of the reader's.
        AdoptionDeclared,
        /// The owner organisation confirmed or rejected the reader's declaration.
        AdoptionDecided,
        /// Someone wrote in a consultation the reader follows.
        FollowedConsultation,
        /// Someone replied in, or the organiser answered, a thread the reader follows.
        FollowedThread,
    }
}

text_enum! {
    /// How often a person wants their notifications by e-mail.
    EmailFrequency {
        /// One e-mail per notification, as it happens.
        Immediate,
        /// One e-mail a day with everything since the last.
        Daily,
        /// No e-mail (the notifications page only).
        Never,
    }
}

text_enum! {
    /// What a personal API token may do.
    TokenScope {
        /// Only reads (GET, HEAD): a token for reports and dashboards.
        Read,
        /// Reads and writes, with the rights of its owner.
        Write,
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
