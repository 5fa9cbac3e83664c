//! The people of a team and their roles, as the server records them.

use serde::Serialize;
use tokio_postgres::GenericClient;

use crate::error::{Error, Result};

/// What a person may do: contributors draft and submit briefs, editors review, compose and
/// publish, an admin also adds people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Contributor,
    Editor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    fn parse(text: &str) -> Result<Role> {
        match text {
            "contributor" => Ok(Role::Contributor),
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            other => Err(Error::Stored {
                what: "a member's role".into(),
                reason: format!("{other:?} is not a role"),
            }),
        }
    }
}

/// One person of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub login: String,
    pub display_name: String,
    pub role: Role,
}

/// Everyone in the team, by login.
pub async fn members(client: &impl GenericClient) -> Result<Vec<Member>> {
    client
        .query(
            "SELECT login, display_name, role FROM briefdesk.members ORDER BY login",
            &[],
        )
        .await?
        .iter()
        .map(|row| {
            Ok(Member {
                login: row.get(0),
                display_name: row.get(1),
                role: Role::parse(row.get(2))?,
            })
        })
        .collect()
}
