//! The people of a team and their roles, as the server records them.

use serde::Serialize;
use tokio_postgres::{Client, GenericClient};

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

    pub fn parse(text: &str) -> Result<Role> {
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

/// The group role of `role` in this database (see migration 002).
async fn group_role(client: &impl GenericClient, role: Role) -> Result<String> {
    let database: String = client
        .query_one("SELECT current_database()::text", &[])
        .await?
        .get(0);
    Ok(format!("briefdesk_{database}_{}", role.as_str()))
}

/// `GRANT group TO login`, with both names quoted by the server.
async fn grant_statement(
    client: &impl GenericClient,
    verb: &str,
    group: &str,
    login: &str,
) -> Result<String> {
    let pattern = match verb {
        "GRANT" => "GRANT %I TO %I",
        _ => "REVOKE %I FROM %I",
    };
    Ok(client
        .query_one(
            "SELECT format($1, $2::text, $3::text)",
            &[&pattern, &group, &login],
        )
        .await?
        .get(0))
}

/// Makes the signed-in login the team's first admin (when it starts the team).
pub(crate) async fn make_first_admin(client: &impl GenericClient) -> Result<()> {
    let group = group_role(client, Role::Admin).await?;
    let login: String = client
        .query_one("SELECT current_user::text", &[])
        .await?
        .get(0);
    let statement = grant_statement(client, "GRANT", &group, &login).await?;
    client.batch_execute(&statement).await?;
    Ok(())
}

/// Adds `login` (an existing database login) to the team as `role`, or changes their role.
/// Only an admin may; the server refuses anyone else.
pub async fn grant(
    client: &mut Client,
    login: &str,
    role: Role,
    display_name: &str,
) -> Result<Member> {
    let tx = client.transaction().await?;
    let admin = group_role(&tx, Role::Admin).await?;
    let is_admin: bool = tx
        .query_one(
            "SELECT pg_has_role(current_user, $1, 'MEMBER')
                 OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)",
            &[&admin],
        )
        .await?
        .get(0);
    if !is_admin {
        return Err(Error::NotAllowed(
            "only a team admin may add people or change their roles".into(),
        ));
    }
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin)",
            &[&login],
        )
        .await?
        .get(0);
    if !exists {
        return Err(Error::NotAllowed(format!(
            "there is no login {login:?} on the server; whoever runs it creates one first \
             (CREATE ROLE {login} LOGIN PASSWORD '…')"
        )));
    }
    for other in [Role::Contributor, Role::Editor, Role::Admin] {
        let group = group_role(&tx, other).await?;
        let verb = if other == role { "GRANT" } else { "REVOKE" };
        let statement = grant_statement(&tx, verb, &group, login).await?;
        tx.batch_execute(&statement).await?;
    }
    tx.execute(
        "INSERT INTO briefdesk.members (login, display_name, role) VALUES ($1, $2, $3)
         ON CONFLICT (login) DO UPDATE SET display_name = $2, role = $3",
        &[&login, &display_name, &role.as_str()],
    )
    .await?;
    tx.commit().await?;
    Ok(Member {
        login: login.to_owned(),
        display_name: display_name.to_owned(),
        role,
    })
}
