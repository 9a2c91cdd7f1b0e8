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

/// Limits on free text, in characters.
pub mod limits {
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
