//! `team init | join | status | sync | …`: this library and a team's PostgreSQL server.

use std::collections::HashMap;

use briefdesk_core::Library;
use briefdesk_core::library::replica::ReplicaState;
use briefdesk_team::{Member, PasswordSource, Role, Saved, ServerAddress, TeamStatus};
use serde::Serialize;

use crate::args::TeamCommand;
use crate::output::print_json;
use crate::team_conflicts;
use crate::web::runtime;
use uuid::Uuid;

#[derive(Serialize)]
struct Status<'a> {
    server: &'a TeamStatus,
    /// This library's side: `null` when it follows no team.
    replica: Option<&'a ReplicaState>,
}

#[derive(Serialize)]
struct Joined {
    server: String,
    briefs: usize,
    tags: usize,
    issues: usize,
    /// The server's change number this replica is complete up to.
    seq: i64,
}

pub fn run(lib: &mut Library, command: TeamCommand) -> anyhow::Result<()> {
    match command {
        TeamCommand::Init {
            server,
            name,
            save_password_file,
            json,
        } => {
            let mut server = address(&server.server)?;
            ask_for_password(&mut server)?;
            let name = name.unwrap_or_else(|| server.login().to_owned());
            if let Some(replica) = lib.team_replica()? {
                anyhow::bail!(
                    "this library already follows the team on {}; `briefdesk team leave` first",
                    replica.server
                );
            }
            let dump = lib.export_all()?;
            let uploaded = runtime()?.block_on(async {
                let mut client = briefdesk_team::connect(&server).await?;
                briefdesk_team::migrate(&mut client).await?;
                briefdesk_team::upload(&mut client, &dump, &name).await
            })?;
            // The server stored each brief at the version it had here.
            let versions: HashMap<Uuid, i64> = dump
                .briefs
                .iter()
                .map(|b| (b.id, i64::from(b.version)))
                .collect();
            lib.become_replica(&server.to_string(), uploaded.seq, &versions)?;
            keep_password(&server, save_password_file)?;
            if json {
                return print_json(&uploaded);
            }
            println!(
                "Started the team on {server}: {} briefs, {} issues and {} tags uploaded; you are \
                 its admin.",
                uploaded.briefs, uploaded.issues, uploaded.tags
            );
            Ok(())
        }
        TeamCommand::Join {
            server,
            save_password_file,
            json,
        } => {
            let mut server = address(&server.server)?;
            ask_for_password(&mut server)?;
            let downloaded = runtime()?.block_on(async {
                let mut client = briefdesk_team::connect(&server).await?;
                briefdesk_team::download(&mut client).await
            })?;
            let counts = lib.import_all(&downloaded.dump)?;
            let seq = downloaded.seq;
            lib.become_replica(&server.to_string(), seq, &downloaded.versions)?;
            keep_password(&server, save_password_file)?;
            let joined = Joined {
                server: server.to_string(),
                briefs: counts.briefs,
                tags: counts.tags,
                issues: counts.issues,
                seq,
            };
            if json {
                return print_json(&joined);
            }
            println!(
                "Joined the team on {}: {} briefs, {} issues and {} tags in this library.",
                joined.server, joined.briefs, joined.issues, joined.tags
            );
            Ok(())
        }
        TeamCommand::Status { server, json } => {
            let server = address(&server.server)?;
            let status = runtime()?.block_on(async {
                let mut client = briefdesk_team::connect(&server).await?;
                briefdesk_team::status(&mut client, &server).await
            })?;
            let replica = lib.team_replica()?;
            if json {
                return print_json(&Status {
                    server: &status,
                    replica: replica.as_ref(),
                });
            }
            print_status(&status);
            match replica {
                Some(r) => println!(
                    "This library follows {}: complete up to change {}, {} changes waiting to be \
                     sent, {} conflicts to resolve.",
                    r.server, r.pulled_seq, r.waiting, r.conflicts
                ),
                None => println!("This library follows no team."),
            }
            Ok(())
        }
        TeamCommand::Sync { server, json } => {
            let server = address(&server.server)?;
            let Some(replica) = lib.team_replica()? else {
                anyhow::bail!(briefdesk_team::Error::NotReplica);
            };
            if replica.server != server.to_string() {
                anyhow::bail!(
                    "this library follows the team on {}, not {server}",
                    replica.server
                );
            }
            let report = runtime()?.block_on(async {
                let mut client = briefdesk_team::connect(&server).await?;
                briefdesk_team::sync(&mut client, lib).await
            })?;
            if json {
                return print_json(&report);
            }
            println!(
                "Sent {} briefs, received {} ({} merged with changes made here); {} conflicts to \
                 resolve; complete up to change {}.",
                report.pushed,
                report.pulled.applied + report.pulled.merged + report.pulled.restored,
                report.pulled.merged,
                report.pulled.conflicts,
                report.seq
            );
            for refused in lib.refused_briefs()? {
                println!(
                    "Not sent, kept here: {:?}: {}",
                    refused.headline, refused.reason
                );
            }
            Ok(())
        }
        TeamCommand::Members { server, json } => {
            let server = address(&server.server)?;
            let members = runtime()?.block_on(async {
                let client = briefdesk_team::connect(&server).await?;
                briefdesk_team::members(&client).await
            })?;
            if json {
                return print_json(&members);
            }
            members.iter().for_each(print_member);
            Ok(())
        }
        TeamCommand::Grant {
            login,
            role,
            name,
            server,
            json,
        } => {
            let server = address(&server.server)?;
            let role = Role::parse(&role)?;
            let name = name.unwrap_or_else(|| login.clone());
            let member = runtime()?.block_on(async {
                let mut client = briefdesk_team::connect(&server).await?;
                briefdesk_team::grant(&mut client, &login, role, &name).await
            })?;
            if json {
                return print_json(&member);
            }
            print_member(&member);
            Ok(())
        }
        TeamCommand::Conflicts { json } => team_conflicts::list(lib, json),
        TeamCommand::Resolve {
            id,
            parts,
            all,
            json,
        } => team_conflicts::resolve(lib, &id, &parts, all.as_deref(), json),
        TeamCommand::Leave { json } => {
            let Some(replica) = lib.team_replica()? else {
                anyhow::bail!(briefdesk_team::Error::NotReplica);
            };
            lib.leave_team()?;
            if json {
                return print_json(&replica);
            }
            println!(
                "This library no longer follows the team on {}; it keeps every brief as a \
                 private copy ({} changes were never sent).",
                replica.server, replica.waiting
            );
            Ok(())
        }
    }
}

/// The server address, and "no keychain here; using …" on stderr when that is so.
fn address(text: &str) -> anyhow::Result<ServerAddress> {
    let server = ServerAddress::parse(text)?;
    if let Some(notice) = server.notice() {
        eprintln!("briefdesk: {notice}");
    }
    Ok(server)
}

/// `init` and `join` ask for a password found nowhere, when someone is at the terminal.
fn ask_for_password(server: &mut ServerAddress) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if server.password_source() != PasswordSource::None || !std::io::stdin().is_terminal() {
        return Ok(());
    }
    let password = rpassword::prompt_password(format!("Password for {server}: "))?;
    if !password.is_empty() {
        server.set_typed_password(&password);
    }
    Ok(())
}

/// After `init` or `join` signed in: a password given by PGPASSWORD, typed or in the address is
/// kept in the keychain (or, asked for, the password file), so the app and later commands find
/// it. Said on stderr, so `--json` output stays as it was.
fn keep_password(server: &ServerAddress, to_file: bool) -> anyhow::Result<()> {
    if !matches!(
        server.password_source(),
        PasswordSource::Environment | PasswordSource::Typed | PasswordSource::Address
    ) {
        return Ok(());
    }
    match server.save_password(to_file)? {
        None => {}
        Some(Saved::Keychain) => eprintln!(
            "briefdesk: your password for {server} is kept in the keychain (\"Briefdesk team \
             server\")."
        ),
        Some(Saved::PasswordFile(path)) => eprintln!(
            "briefdesk: your password for {server} is kept in {} (readable only by you).",
            path.display()
        ),
        Some(Saved::NotSaved { reason }) => eprintln!(
            "briefdesk: no keychain here ({reason}), so your password was not kept: give \
             --save-password-file to keep it in libpq's password file (readable only by you), \
             or set PGPASSWORD each time."
        ),
    }
    Ok(())
}

fn print_status(status: &TeamStatus) {
    println!(
        "{} (signed in as {}, schema version {})",
        status.server, status.login, status.schema_version
    );
    println!(
        "{} briefs, {} issues; newest change {}",
        status.briefs, status.issues, status.seq
    );
    status.members.iter().for_each(print_member);
    for lease in &status.leases {
        println!(
            "{} ({}) is composing No. {} (for {} s more unless renewed)",
            lease.display_name, lease.holder, lease.number, lease.expires_in
        );
    }
}

fn print_member(member: &Member) {
    println!(
        "  {:<12} {:<24} {}",
        member.role.as_str(),
        member.login,
        member.display_name
    );
}
