//! Property test: whatever sequence of placements, moves, removals, deletions and undos of
//! briefs, and additions, moves, renames and deletions of sections an editor makes in one issue,
//! the issue shows exactly what a simple model predicts, refused operations change nothing, and
//! stored positions stay the gapless sequence 0..n in every section and among the sections.

mod common;

use briefdesk_core::{DeletedBrief, Error, IssueRef, Library};
use chrono::NaiveDate;
use common::*;
use proptest::prelude::*;
use uuid::Uuid;

const BRIEFS: usize = 8;
const NUMBER: u32 = 1;
/// Section names an operation may name; the issue starts with the first two or three.
const NAMES: [&str; 3] = ["Domestic", "International", "Analysis"];
/// Where a brief lands when no section is named and the issue has none.
const DEFAULT_SECTION: &str = "Briefs";

#[derive(Debug, Clone)]
enum Op {
    Add {
        brief: usize,
        section: Option<usize>,
        at: Option<usize>,
    },
    Move {
        brief: usize,
        section: Option<usize>,
        to: usize,
    },
    Remove {
        brief: usize,
    },
    DeleteBrief {
        brief: usize,
    },
    DeleteSection {
        section: usize,
    },
    /// Undo of the brief's latest deletion (nothing happens if it was never deleted).
    RestoreBrief {
        brief: usize,
    },
    AddSection {
        section: usize,
        at: Option<usize>,
    },
    MoveSection {
        section: usize,
        to: usize,
    },
    RenameSection {
        from: usize,
        to: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    NotFound,
    Conflict,
    Invalid,
}

fn refusal(err: &Error) -> Refusal {
    match err {
        Error::NotFound { .. } => Refusal::NotFound,
        Error::Conflict(_) => Refusal::Conflict,
        Error::Invalid { .. } => Refusal::Invalid,
        other => panic!("unexpected error kind: {other:?}"),
    }
}

/// What the issue should look like: sections in order, each with brief indexes in order.
#[derive(Debug, Clone, Default)]
struct Model {
    sections: Vec<(String, Vec<usize>)>,
    deleted: [bool; BRIEFS],
    /// Where each brief was (section name, position) when it was last deleted, if ever.
    deletions: [Option<Option<(String, usize)>>; BRIEFS],
}

impl Model {
    fn find(&self, brief: usize) -> Option<(usize, usize)> {
        self.sections
            .iter()
            .enumerate()
            .find_map(|(s, (_, briefs))| briefs.iter().position(|b| *b == brief).map(|p| (s, p)))
    }

    fn section(&self, name: &str) -> Option<usize> {
        self.sections.iter().position(|(n, _)| n == name)
    }

    /// The index of the section an operation targets, creating it at the end when missing.
    fn target(&mut self, name: Option<&str>) -> usize {
        let name = match name {
            Some(name) => name,
            None if !self.sections.is_empty() => return 0,
            None => DEFAULT_SECTION,
        };
        self.section(name).unwrap_or_else(|| {
            self.sections.push((name.to_string(), Vec::new()));
            self.sections.len() - 1
        })
    }

    /// Applies `op`; on a refusal the model is left exactly as it was.
    fn apply(&mut self, op: &Op) -> Result<(), Refusal> {
        let mut next = self.clone();
        next.apply_in_place(op)?;
        *self = next;
        Ok(())
    }

    fn apply_in_place(&mut self, op: &Op) -> Result<(), Refusal> {
        match *op {
            Op::Add { brief, section, at } => {
                if self.deleted[brief] {
                    return Err(Refusal::NotFound);
                }
                if self.find(brief).is_some() {
                    return Err(Refusal::Conflict);
                }
                let s = self.target(section.map(|i| NAMES[i]));
                let briefs = &mut self.sections[s].1;
                let at = at.unwrap_or(briefs.len());
                if at > briefs.len() {
                    return Err(Refusal::Invalid);
                }
                briefs.insert(at, brief);
            }
            Op::Move { brief, section, to } => {
                if self.deleted[brief] {
                    return Err(Refusal::NotFound);
                }
                let (from, pos) = self.find(brief).ok_or(Refusal::NotFound)?;
                let target = match section {
                    Some(i) => self.target(Some(NAMES[i])),
                    None => from,
                };
                self.sections[from].1.remove(pos);
                let briefs = &mut self.sections[target].1;
                if to > briefs.len() {
                    return Err(Refusal::Invalid);
                }
                briefs.insert(to, brief);
            }
            Op::Remove { brief } => {
                if self.deleted[brief] {
                    return Err(Refusal::NotFound);
                }
                let (s, p) = self.find(brief).ok_or(Refusal::NotFound)?;
                self.sections[s].1.remove(p);
            }
            Op::DeleteBrief { brief } => {
                if self.deleted[brief] {
                    return Err(Refusal::NotFound);
                }
                let place = self.find(brief).map(|(s, p)| {
                    self.sections[s].1.remove(p);
                    (self.sections[s].0.clone(), p)
                });
                self.deletions[brief] = Some(place);
                self.deleted[brief] = true;
            }
            Op::DeleteSection { section } => {
                let s = self.section(NAMES[section]).ok_or(Refusal::NotFound)?;
                self.sections.remove(s);
            }
            Op::RestoreBrief { brief } => {
                let Some(place) = &self.deletions[brief] else {
                    return Ok(());
                };
                if !self.deleted[brief] {
                    return Err(Refusal::Conflict);
                }
                self.deleted[brief] = false;
                // Back at its old place if its section is still there (by name), else unassigned.
                if let Some((name, p)) = place
                    && let Some(s) = self.section(name)
                {
                    let briefs = &mut self.sections[s].1;
                    briefs.insert((*p).min(briefs.len()), brief);
                }
            }
            Op::AddSection { section, at } => {
                if self.section(NAMES[section]).is_some() {
                    return Err(Refusal::Conflict);
                }
                let at = at.unwrap_or(self.sections.len());
                if at > self.sections.len() {
                    return Err(Refusal::Invalid);
                }
                self.sections
                    .insert(at, (NAMES[section].to_string(), Vec::new()));
            }
            Op::MoveSection { section, to } => {
                let s = self.section(NAMES[section]).ok_or(Refusal::NotFound)?;
                let moved = self.sections.remove(s);
                if to > self.sections.len() {
                    return Err(Refusal::Invalid);
                }
                self.sections.insert(to, moved);
            }
            Op::RenameSection { from, to } => {
                let s = self.section(NAMES[from]).ok_or(Refusal::NotFound)?;
                if self.section(NAMES[to]).is_some_and(|other| other != s) {
                    return Err(Refusal::Conflict);
                }
                self.sections[s].0 = NAMES[to].to_string();
            }
        }
        Ok(())
    }
}

/// Runs `op` on the library; `deletions` keeps what each delete returned, for its undo.
fn run(
    lib: &mut Library,
    ids: &[Uuid],
    deletions: &mut [Option<DeletedBrief>],
    op: &Op,
) -> Result<(), Error> {
    match *op {
        Op::Add { brief, section, at } => lib
            .add_to_issue(NUMBER, ids[brief], section.map(|i| NAMES[i]), at)
            .map(drop),
        Op::Move { brief, section, to } => lib
            .move_in_issue(NUMBER, ids[brief], section.map(|i| NAMES[i]), to)
            .map(drop),
        Op::Remove { brief } => lib.remove_from_issue(NUMBER, ids[brief]).map(drop),
        Op::DeleteBrief { brief } => {
            deletions[brief] = Some(lib.delete_brief(ids[brief])?);
            Ok(())
        }
        Op::DeleteSection { section } => lib.delete_section(NUMBER, NAMES[section]).map(drop),
        Op::RestoreBrief { brief } => match &deletions[brief] {
            Some(deleted) => lib.restore_brief(deleted).map(drop),
            None => Ok(()),
        },
        Op::AddSection { section, at } => lib.add_section(NUMBER, NAMES[section], at).map(drop),
        Op::MoveSection { section, to } => lib.move_section(NUMBER, NAMES[section], to).map(drop),
        Op::RenameSection { from, to } => {
            lib.rename_section(NUMBER, NAMES[from], NAMES[to]).map(drop)
        }
    }
}

/// The library agrees with the model: the issue's layout, and each brief's own placement.
fn check(lib: &Library, ids: &[Uuid], model: &Model, after: &str) {
    let issue = lib.issue(NUMBER).expect("the issue");
    let expected: Vec<(String, Vec<Uuid>)> = model
        .sections
        .iter()
        .map(|(name, briefs)| (name.clone(), briefs.iter().map(|b| ids[*b]).collect()))
        .collect();
    assert_eq!(layout(&issue), expected, "after {after}");
    for (i, id) in ids.iter().enumerate() {
        match lib.brief(*id) {
            Ok(brief) => {
                assert!(
                    !model.deleted[i],
                    "brief {i} should be deleted after {after}"
                );
                let placed = model.find(i).map(|(s, _)| IssueRef {
                    number: NUMBER,
                    section: model.sections[s].0.clone(),
                    published: false,
                });
                assert_eq!(brief.issue, placed, "placement of brief {i} after {after}");
            }
            Err(Error::NotFound { .. }) => {
                assert!(model.deleted[i], "brief {i} lost after {after}")
            }
            Err(e) => panic!("reading brief {i}: {e}"),
        }
    }
    check_stored_invariants(lib);
}

fn op() -> impl Strategy<Value = Op> {
    let brief = 0..BRIEFS;
    let section = prop::option::weighted(0.8, 0..NAMES.len());
    // Positions up to 6 with 8 briefs over 2-3 sections: often valid, sometimes past the end.
    let position = 0usize..7;
    prop_oneof![
        4 => (brief.clone(), section.clone(), prop::option::weighted(0.7, position.clone()))
            .prop_map(|(brief, section, at)| Op::Add { brief, section, at }),
        4 => (brief.clone(), section, position)
            .prop_map(|(brief, section, to)| Op::Move { brief, section, to }),
        1 => brief.clone().prop_map(|brief| Op::Remove { brief }),
        1 => brief.clone().prop_map(|brief| Op::DeleteBrief { brief }),
        1 => (0..NAMES.len()).prop_map(|section| Op::DeleteSection { section }),
        1 => brief.prop_map(|brief| Op::RestoreBrief { brief }),
        1 => (0..NAMES.len(), prop::option::weighted(0.7, 0usize..4))
            .prop_map(|(section, at)| Op::AddSection { section, at }),
        1 => (0..NAMES.len(), 0usize..4).prop_map(|(section, to)| Op::MoveSection { section, to }),
        1 => (0..NAMES.len(), 0..NAMES.len()).prop_map(|(from, to)| Op::RenameSection { from, to }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn positions_stay_gapless_and_match_the_model(
        sections in 2usize..=3,
        ops in prop::collection::vec(op(), 1..30),
    ) {
        // A file library, so the stored positions can be read back through a second connection.
        let (_dir, mut lib) = disk();
        let ids: Vec<Uuid> = (0..BRIEFS)
            .map(|i| {
                let mut d = huawei();
                d.headline = format!("LTN: Huawei Sales Report, Part {}", i + 1);
                lib.create_brief(&d).expect("a brief").id
            })
            .collect();
        lib.create_issue(NUMBER, "China Briefing", NaiveDate::from_ymd_opt(2021, 1, 4).expect("a date"))
            .expect("the issue");
        let mut model = Model::default();
        let mut deletions: Vec<Option<DeletedBrief>> = vec![None; BRIEFS];
        for name in &NAMES[..sections] {
            lib.add_section(NUMBER, name, None).expect("a section");
            model.sections.push((name.to_string(), Vec::new()));
        }
        check(&lib, &ids, &model, "setup");

        for (step, op) in ops.iter().enumerate() {
            let expected = model.apply(op);
            let actual = run(&mut lib, &ids, &mut deletions, op);
            let after = format!("step {step}: {op:?}");
            match (&expected, &actual) {
                (Ok(()), Ok(())) => {}
                (Err(want), Err(got)) => {
                    prop_assert_eq!(*want, refusal(got), "{}: {}", after, got);
                }
                _ => prop_assert!(false, "{}: model says {:?}, library says {:?}", after, expected, actual),
            }
            check(&lib, &ids, &model, &after);
        }
    }
}
