//! `issue …`: creating issues, placing and ordering briefs, sections.

use briefdesk_core::{Issue, IssuePatch, Library};

use crate::args::{IssueCommand, SectionCommand};
use crate::output::{print_issue, print_json};

pub fn run(lib: &mut Library, command: IssueCommand) -> anyhow::Result<()> {
    let (issue, json) = match command {
        IssueCommand::New {
            number,
            title,
            date,
            json,
        } => {
            let number = match number {
                Some(n) => n,
                None => lib.next_issue_number()?,
            };
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            (lib.create_issue(number, &title, date)?, json)
        }
        IssueCommand::Show { number, json } => (lib.issue(number)?, json),
        IssueCommand::Edit {
            number,
            new_number,
            title,
            date,
            status,
            subject,
            preheader,
            intro,
            closing,
            json,
        } => {
            let patch = IssuePatch {
                number: new_number,
                title,
                date,
                status,
                subject,
                preheader,
                intro,
                closing,
            };
            (lib.update_issue(number, &patch)?, json)
        }
        IssueCommand::Delete { number } => {
            lib.delete_issue(number)?;
            println!("deleted issue No. {number}");
            return Ok(());
        }
        IssueCommand::Add {
            number,
            brief_id,
            section,
            at,
            json,
        } => {
            let brief = Library::parse_brief_id(&brief_id)?;
            (
                lib.add_to_issue(number, brief, section.as_deref(), at)?,
                json,
            )
        }
        IssueCommand::Move {
            number,
            brief_id,
            to,
            section,
            json,
        } => {
            let brief = Library::parse_brief_id(&brief_id)?;
            (
                lib.move_in_issue(number, brief, section.as_deref(), to)?,
                json,
            )
        }
        IssueCommand::Remove {
            number,
            brief_id,
            json,
        } => {
            let brief = Library::parse_brief_id(&brief_id)?;
            (lib.remove_from_issue(number, brief)?, json)
        }
        IssueCommand::Section(command) => (section(lib, command)?, false),
    };
    show(&issue, json)
}

fn section(lib: &mut Library, command: SectionCommand) -> anyhow::Result<Issue> {
    Ok(match command {
        SectionCommand::Add { number, name, at } => lib.add_section(number, &name, at)?,
        SectionCommand::Rename { number, old, new } => lib.rename_section(number, &old, &new)?,
        SectionCommand::Move { number, name, to } => lib.move_section(number, &name, to)?,
        SectionCommand::Delete { number, name } => lib.delete_section(number, &name)?,
    })
}

fn show(issue: &Issue, json: bool) -> anyhow::Result<()> {
    if json {
        print_json(issue)
    } else {
        print_issue(issue);
        Ok(())
    }
}
