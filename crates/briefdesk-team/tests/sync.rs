//! Replicas syncing through a real PostgreSQL server: edits travel both ways, edits to different
//! parts of one brief merge, a clash in one part waits for the editor, and three replicas making
//! random offline edits in random sync orders end holding the same library.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux (the Linux CI job and
// `cargo xtask test`); the Windows and macOS jobs build these tests but have no such server.
#![cfg(target_os = "linux")]

mod support;

use std::collections::{BTreeMap, HashMap};

use briefdesk_core::library::dump::{DumpBrief, LibraryDump};
use briefdesk_core::{
    BriefDraft, IssuePatch, Library, Review, ReviewAction, ReviewState, SourceDraft, Status,
};
use briefdesk_team::{Role, ServerAddress};
use support::PgServer;
use uuid::Uuid;

struct Team {
    server: PgServer,
    address: ServerAddress,
    dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
}

impl Team {
    /// A server with a team started from `first`'s library.
    fn start(first: &mut Library) -> Team {
        let server = PgServer::start();
        server.psql("postgres", "CREATE DATABASE newsroom");
        let address =
            ServerAddress::parse(&server.url(support::ADMIN, support::ADMIN_PASSWORD, "newsroom"))
                .unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dump = first.export_all().unwrap();
        let uploaded = rt.block_on(async {
            let mut client = briefdesk_team::connect(&address).await.unwrap();
            briefdesk_team::migrate(&mut client).await.unwrap();
            briefdesk_team::upload(&mut client, &dump, "Anna")
                .await
                .unwrap()
        });
        let versions: HashMap<Uuid, i64> = dump
            .briefs
            .iter()
            .map(|b| (b.id, i64::from(b.version)))
            .collect();
        first
            .become_replica(&address.to_string(), uploaded.seq, &versions)
            .unwrap();
        Team {
            server,
            address,
            dir: tempfile::tempdir().unwrap(),
            rt,
        }
    }

    fn join(&self, name: &str) -> Library {
        self.join_as(name, &self.address)
    }

    /// A login `login` with `role` on the team, and its address.
    fn member(&self, login: &str, role: Role, name: &str) -> ServerAddress {
        let password = format!("{login}-pw");
        self.server.create_login(login, &password);
        self.rt.block_on(async {
            let mut client = briefdesk_team::connect(&self.address).await.unwrap();
            briefdesk_team::grant(&mut client, login, role, name)
                .await
                .unwrap();
        });
        ServerAddress::parse(&self.server.url(login, &password, "newsroom")).unwrap()
    }

    /// A replica joined as the login of `address`.
    fn join_as(&self, name: &str, address: &ServerAddress) -> Library {
        let mut lib = Library::open(self.dir.path().join(format!("{name}.sqlite3"))).unwrap();
        let downloaded = self.rt.block_on(async {
            let mut client = briefdesk_team::connect(address).await.unwrap();
            briefdesk_team::download(&mut client).await.unwrap()
        });
        lib.import_all(&downloaded.dump).unwrap();
        lib.become_replica(&address.to_string(), downloaded.seq, &downloaded.versions)
            .unwrap();
        lib
    }

    fn sync_as(&self, lib: &mut Library, address: &ServerAddress) -> briefdesk_team::SyncReport {
        self.rt.block_on(async {
            let mut client = briefdesk_team::connect(address).await.unwrap();
            briefdesk_team::sync(&mut client, lib).await.unwrap()
        })
    }

    fn sync(&self, lib: &mut Library) -> briefdesk_team::SyncReport {
        self.rt.block_on(async {
            let mut client = briefdesk_team::connect(&self.address).await.unwrap();
            briefdesk_team::sync(&mut client, lib).await.unwrap()
        })
    }

    fn download(&self) -> briefdesk_team::Downloaded {
        self.rt.block_on(async {
            let mut client = briefdesk_team::connect(&self.address).await.unwrap();
            briefdesk_team::download(&mut client).await.unwrap()
        })
    }

    /// Every live brief on the server, by id, as comparable parts.
    fn server_briefs(&self) -> BTreeMap<Uuid, Parts> {
        let docs = self.server.psql(
            "newsroom",
            "SELECT coalesce(json_agg(doc), '[]') FROM briefdesk.briefs WHERE NOT deleted",
        );
        let docs: Vec<DumpBrief> = serde_json::from_str(&docs).unwrap();
        docs.into_iter().map(|d| (d.id, Parts::of(&d))).collect()
    }
}

/// What an editor wrote in a brief, without the per-library version and times.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    headline: String,
    body: String,
    outlets: Vec<String>,
    tags: Vec<String>,
    status: Status,
    notes: String,
    /// Its state and every step: who, when, the note.
    review: Option<Review>,
}

impl Parts {
    fn of(d: &DumpBrief) -> Parts {
        let mut tags: Vec<String> = d.tags.iter().map(|t| t.to_lowercase()).collect();
        tags.sort();
        Parts {
            headline: d.headline.clone(),
            body: d.body.clone(),
            outlets: d.sources.iter().map(|s| s.outlet.clone()).collect(),
            tags,
            status: d.status,
            notes: d.notes.clone(),
            review: d.review.clone(),
        }
    }
}

fn briefs_of(lib: &Library) -> BTreeMap<Uuid, Parts> {
    lib.export_all()
        .unwrap()
        .briefs
        .iter()
        .map(|d| (d.id, Parts::of(d)))
        .collect()
}

fn draft(headline: &str) -> BriefDraft {
    BriefDraft {
        headline: headline.into(),
        body: "\"A quote,\" the outlet said.".into(),
        sources: vec![SourceDraft {
            outlet: "Reuters".into(),
            date: Some("2020-11-27".into()),
            url: None,
            title: None,
        }],
        tags: vec!["China".into()],
        ..BriefDraft::default()
    }
}

fn edit(lib: &mut Library, id: Uuid, change: impl FnOnce(&mut BriefDraft)) {
    let mut d = BriefDraft::from(&lib.brief(id).unwrap());
    change(&mut d);
    lib.update_brief(id, &d).unwrap();
}

#[test]
fn briefs_written_offline_on_two_replicas_reach_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    let shared = anna.create_brief(&draft("Huawei sales slump")).unwrap().id;
    let team = Team::start(&mut anna);
    let mut ben = team.join("ben");
    assert_eq!(briefs_of(&ben), briefs_of(&anna));

    let from_anna = anna.create_brief(&draft("北京空气污染加剧")).unwrap().id;
    let from_ben = ben
        .create_brief(&draft("Hong Kong court hears appeal"))
        .unwrap()
        .id;
    edit(&mut ben, shared, |d| d.notes = "Check the figures.".into());
    assert_eq!(anna.team_replica().unwrap().unwrap().waiting, 1);

    let report = team.sync(&mut anna);
    assert_eq!((report.pushed, report.stale), (1, 0));
    let report = team.sync(&mut ben);
    assert_eq!(report.pushed, 2);
    assert_eq!(report.pulled.applied, 1);
    team.sync(&mut anna);

    assert_eq!(briefs_of(&anna), briefs_of(&ben));
    assert_eq!(briefs_of(&anna), team.server_briefs());
    assert_eq!(
        anna.brief(from_ben).unwrap().headline,
        "Hong Kong court hears appeal"
    );
    assert_eq!(ben.brief(from_anna).unwrap().headline, "北京空气污染加剧");
    assert_eq!(anna.brief(shared).unwrap().notes, "Check the figures.");
    for lib in [&anna, &ben] {
        let state = lib.team_replica().unwrap().unwrap();
        assert_eq!((state.waiting, state.conflicts), (0, 0));
    }

    // A delete travels too, and takes the brief out of the other's library.
    ben.delete_brief(from_anna).unwrap();
    team.sync(&mut ben);
    team.sync(&mut anna);
    assert!(anna.brief(from_anna).is_err());
    assert_eq!(briefs_of(&anna), team.server_briefs());
}

#[test]
fn edits_to_different_parts_of_one_brief_merge() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    let id = anna.create_brief(&draft("Huawei sales slump")).unwrap().id;
    let team = Team::start(&mut anna);
    let mut ben = team.join("ben");

    edit(&mut anna, id, |d| {
        d.headline = "Huawei's sales slump abroad".into()
    });
    edit(&mut ben, id, |d| {
        d.body = "\"Sales fell,\" Reuters reported.".into();
        d.tags.push("Tech".into());
    });
    team.sync(&mut anna);
    let report = team.sync(&mut ben);
    assert_eq!(report.stale, 0, "the merge was sent in the same sync");
    assert_eq!(report.pulled.merged, 1);
    team.sync(&mut anna);

    for lib in [&anna, &ben] {
        let brief = lib.brief(id).unwrap();
        assert_eq!(brief.headline, "Huawei's sales slump abroad");
        assert_eq!(brief.body, "\"Sales fell,\" Reuters reported.");
        assert_eq!(brief.tags, ["China", "Tech"]);
    }
    assert_eq!(briefs_of(&anna), team.server_briefs());
}

/// A review step is one part of the brief: it merges with an edit to another part made on
/// another replica, and two replicas reviewing the same brief differently clash on it alone.
#[test]
fn a_review_travels_and_merges_like_any_other_part() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    let id = anna.create_brief(&draft("Huawei sales slump")).unwrap().id;
    let team = Team::start(&mut anna);
    let mut ben = team.join("ben");

    anna.review_brief(id, ReviewAction::Submit, "Please check the figures")
        .unwrap();
    edit(&mut ben, id, |d| d.body = "Sales fell by a third.".into());
    team.sync(&mut anna);
    let report = team.sync(&mut ben);
    assert_eq!(report.pulled.merged, 1);
    team.sync(&mut anna);
    for lib in [&anna, &ben] {
        let brief = lib.brief(id).unwrap();
        assert_eq!(brief.body, "Sales fell by a third.");
        let review = brief.review.unwrap();
        assert_eq!(review.state, ReviewState::InReview);
        assert_eq!(review.steps[0].note, "Please check the figures");
    }

    // Both approve and send back at once, offline: the review waits for a choice.
    anna.review_brief(id, ReviewAction::Approve, "Fine")
        .unwrap();
    ben.review_brief(id, ReviewAction::RequestChanges, "Name the source")
        .unwrap();
    team.sync(&mut anna);
    let report = team.sync(&mut ben);
    assert_eq!(report.pulled.conflicts, 1);
    let conflicts = ben.brief_conflicts().unwrap();
    assert_eq!(conflicts[0].parts, ["review"]);
    assert_eq!(
        ben.brief(id).unwrap().review.unwrap().state,
        ReviewState::Draft
    );
    ben.resolve_brief_conflict(id, &["review"]).unwrap();
    team.sync(&mut ben);
    team.sync(&mut anna);
    for lib in [&anna, &ben] {
        let review = lib.brief(id).unwrap().review.unwrap();
        assert_eq!(review.state, ReviewState::Approved);
        assert_eq!(review.steps.len(), 2);
    }
}

#[test]
fn a_part_both_changed_waits_for_the_editor_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    let id = anna.create_brief(&draft("Huawei sales slump")).unwrap().id;
    let team = Team::start(&mut anna);
    let mut ben = team.join("ben");

    edit(&mut anna, id, |d| d.headline = "Anna's headline".into());
    edit(&mut ben, id, |d| {
        d.headline = "Ben's headline".into();
        d.notes = "Ben's note".into();
    });
    team.sync(&mut anna);
    let report = team.sync(&mut ben);
    assert_eq!(report.pulled.conflicts, 1);
    // Ben keeps his own words until he chooses; the server keeps Anna's.
    assert_eq!(ben.brief(id).unwrap().headline, "Ben's headline");
    assert_eq!(team.server_briefs()[&id].headline, "Anna's headline");
    let conflicts = ben.brief_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].parts, ["headline"]);
    assert_eq!(
        conflicts[0].theirs.as_ref().unwrap().headline,
        "Anna's headline"
    );
    assert_eq!(
        conflicts[0].mine.as_ref().unwrap().headline,
        "Ben's headline"
    );
    // Syncing again changes nothing while the conflict waits.
    team.sync(&mut ben);
    assert_eq!(team.server_briefs()[&id].headline, "Anna's headline");
    assert_eq!(ben.team_replica().unwrap().unwrap().conflicts, 1);

    // Ben takes Anna's headline and keeps his note.
    ben.resolve_brief_conflict(id, &["headline"]).unwrap();
    team.sync(&mut ben);
    team.sync(&mut anna);
    for lib in [&anna, &ben] {
        let brief = lib.brief(id).unwrap();
        assert_eq!(brief.headline, "Anna's headline");
        assert_eq!(brief.notes, "Ben's note");
        assert_eq!(lib.team_replica().unwrap().unwrap().conflicts, 0);
    }
    assert_eq!(briefs_of(&anna), team.server_briefs());
}

#[test]
fn a_brief_deleted_here_but_edited_there_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    let id = anna.create_brief(&draft("Huawei sales slump")).unwrap().id;
    let team = Team::start(&mut anna);
    let mut ben = team.join("ben");
    edit(&mut anna, id, |d| d.body = "Anna's new body".into());
    ben.delete_brief(id).unwrap();
    team.sync(&mut anna);
    let report = team.sync(&mut ben);
    assert_eq!(report.pulled.restored, 1);
    assert_eq!(ben.brief(id).unwrap().body, "Anna's new body");
    team.sync(&mut anna);
    assert_eq!(briefs_of(&anna), briefs_of(&ben));
    assert_eq!(briefs_of(&anna), team.server_briefs());
}

#[test]
fn a_renamed_tag_reaches_every_brief_that_carries_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    anna.create_brief(&draft("One")).unwrap();
    anna.create_brief(&draft("Two")).unwrap();
    let team = Team::start(&mut anna);
    let mut ben = team.join("ben");
    anna.rename_tag("China", "PRC").unwrap();
    assert_eq!(anna.pending_briefs().unwrap().len(), 2);
    team.sync(&mut anna);
    team.sync(&mut ben);
    assert!(
        ben.export_all()
            .unwrap()
            .briefs
            .iter()
            .all(|b| b.tags == ["PRC"])
    );
}

#[test]
fn a_library_that_leaves_keeps_its_briefs_and_queues_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut anna = Library::open(dir.path().join("anna.sqlite3")).unwrap();
    anna.create_brief(&draft("One")).unwrap();
    let team = Team::start(&mut anna);
    let mut ben = team.join("ben");
    let before = briefs_of(&ben);
    ben.leave_team().unwrap();
    assert!(ben.team_replica().unwrap().is_none());
    assert_eq!(briefs_of(&ben), before);
    ben.create_brief(&draft("Private")).unwrap();
    let err = team
        .rt
        .block_on(async {
            let mut client = briefdesk_team::connect(&team.address).await.unwrap();
            briefdesk_team::sync(&mut client, &mut ben).await
        })
        .unwrap_err();
    assert!(err.to_string().contains("not a team's replica"), "{err}");
    assert_eq!(team.server_briefs().len(), 1);
}

/// A small, seeded generator: the same seed gives the same run, and a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn three_replicas_editing_offline_in_random_orders_converge() {
    let mut refused_approvals = 0;
    for seed in [
        0x9E37_79B9_7F4A_7C15_u64,
        0xD1B5_4A32_D192_ED03,
        0x2545_F491_4F6C_DD1D,
    ] {
        let (steps, refused) = converge(seed);
        // Every seed goes through review, and a refused approval is exercised.
        assert!(steps > 0, "seed {seed:#x} took no review step");
        refused_approvals += refused;
    }
    assert!(refused_approvals > 0, "no seed made Carol approve");
}

/// The replica signed in as Carol, a contributor; replica 0 is the admin who started the team,
/// replica 1 Eddie, an editor.
const CAROL: usize = 2;

/// Runs one seed; returns how many review steps the server holds and how many of Carol's
/// approvals it refused.
fn converge(seed: u64) -> (usize, usize) {
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let mut first = Library::open(dir.path().join("r0.sqlite3")).unwrap();
    for i in 0..4 {
        first.create_brief(&draft(&format!("Brief {i}"))).unwrap();
    }
    let team = Team::start(&mut first);
    let eddie = team.member("eddie", Role::Editor, "Eddie");
    let carol = team.member("carol", Role::Contributor, "Carol");
    let addresses = [team.address.clone(), eddie, carol];
    let mut replicas = [
        first,
        team.join_as("r1", &addresses[1]),
        team.join_as("r2", &addresses[2]),
    ];
    let mut created: Vec<Uuid> = briefs_of(&replicas[0]).into_keys().collect();
    let mut deleted = Vec::new();
    // Carol writes only her own briefs; the editors leave them out of issues and never delete
    // them (a published brief is no longer hers to change: `tests/permissions.rs`).
    let mut carols: Vec<Uuid> = Vec::new();
    // Her approvals, which her role does not allow: (brief, when).
    let mut refused_steps: Vec<(Uuid, chrono::DateTime<chrono::Utc>)> = Vec::new();
    for step in 0..60 {
        let r = rng.below(replicas.len());
        let lib = &mut replicas[r];
        let word = format!("r{r} s{step}");
        if r == CAROL {
            let mine: Vec<Uuid> = carols
                .iter()
                .copied()
                .filter(|id| lib.brief(*id).is_ok())
                .collect();
            match rng.below(10) {
                0 | 1 => {
                    let id = lib.create_brief(&draft(&format!("New {word}"))).unwrap().id;
                    created.push(id);
                    carols.push(id);
                }
                2 | 3 if !mine.is_empty() => {
                    let id = mine[rng.below(mine.len())];
                    match rng.below(3) {
                        0 => edit(lib, id, |d| d.headline = format!("Headline {word}")),
                        1 => edit(lib, id, |d| d.body = format!("Body {word}")),
                        _ => edit(lib, id, |d| d.notes = format!("Note {word}")),
                    }
                }
                4..=7 if !mine.is_empty() => {
                    let id = mine[rng.below(mine.len())];
                    let state = lib.brief(id).unwrap().review.map(|r| r.state);
                    // A brief the server has never held (made offline and not sent yet).
                    let unsent = lib
                        .pending_briefs()
                        .unwrap()
                        .iter()
                        .any(|p| p.id == id && p.base_version.is_none());
                    if state == Some(ReviewState::InReview) && unsent {
                        // Her approval would have the whole brief refused, and nothing in
                        // Briefdesk withdraws a step: it would stay here for good (see
                        // docs/team.md, what is not built). She sends it first.
                        team.sync_as(lib, &addresses[r]);
                    } else if state == Some(ReviewState::InReview) {
                        // Offline, she approves her own brief: kept here, refused there.
                        let brief = lib
                            .review_brief(id, ReviewAction::Approve, &format!("Fine {word}"))
                            .unwrap();
                        let at = brief.review.unwrap().steps.last().unwrap().at;
                        refused_steps.push((id, at));
                    } else {
                        lib.review_brief(id, ReviewAction::Submit, &format!("Ready {word}"))
                            .unwrap();
                    }
                }
                _ => {
                    team.sync_as(lib, &addresses[r]);
                }
            }
            continue;
        }
        let ids: Vec<Uuid> = briefs_of(lib)
            .into_keys()
            .filter(|id| !carols.contains(id))
            .collect();
        let all: Vec<Uuid> = briefs_of(lib).into_keys().collect();
        match rng.below(20) {
            0 | 1 => {
                created.push(lib.create_brief(&draft(&format!("New {word}"))).unwrap().id);
            }
            2 if ids.len() > 2 => {
                let id = ids[rng.below(ids.len())];
                lib.delete_brief(id).unwrap();
                deleted.push(id);
            }
            3..=8 if !all.is_empty() => {
                let id = all[rng.below(all.len())];
                match rng.below(4) {
                    0 => edit(lib, id, |d| d.headline = format!("Headline {word}")),
                    1 => edit(lib, id, |d| d.body = format!("Body {word}")),
                    2 => edit(lib, id, |d| d.notes = format!("Note {word}")),
                    _ => edit(lib, id, |d| d.tags = vec![format!("tag-{}", rng.below(3))]),
                }
            }
            // An editor's review step, on anyone's brief: each one legal for the role.
            9 | 16 | 17 if !all.is_empty() => {
                let id = all[rng.below(all.len())];
                review_step(lib, &mut rng, id, &word);
            }
            // The issues: made, retitled, published, deleted; sections added, renamed, moved,
            // deleted; briefs placed, moved, reordered and taken out; tags and settings.
            10..=15 => issue_step(lib, &mut rng, r, step, &ids),
            _ => {
                team.sync_as(lib, &addresses[r]);
            }
        }
    }
    // Online again: everyone syncs until nothing moves; a clash is settled by its editor
    // keeping their own words (the server copy they saw is then overwritten only by choice).
    let settle = |replicas: &mut [Library; 3]| {
        for _round in 0..6 {
            for (r, lib) in replicas.iter_mut().enumerate() {
                // (A brief this editor deleted while its conflict waited: keeping their own side
                // is keeping the delete.)
                for conflict in lib.brief_conflicts().unwrap() {
                    lib.resolve_brief_conflict(conflict.id, &[]).unwrap();
                }
                team.sync_as(lib, &addresses[r]);
            }
        }
    };
    settle(&mut replicas);

    // Carol's approvals never reached the server and are all still in her library, each brief
    // kept as a refused change with the server's reason.
    let server = team.server_briefs();
    let refused = replicas[CAROL].refused_briefs().unwrap();
    for (id, at) in &refused_steps {
        let is_hers = |review: &Option<Review>| {
            review.as_ref().is_some_and(|r| {
                r.steps
                    .iter()
                    .any(|s| s.at == *at && s.by == "carol" && s.action == ReviewAction::Approve)
            })
        };
        assert!(
            !server.get(id).is_some_and(|b| is_hers(&b.review)),
            "seed {seed:#x}: Carol's approval of {id} reached the server"
        );
        assert!(
            is_hers(&replicas[CAROL].brief(*id).unwrap().review),
            "seed {seed:#x}: Carol's approval of {id} was lost"
        );
        // (The reason names the newest thing her role may not do: approving, or, once she kept
        // her own review over an editor's step in a conflict, setting down that step.)
        let kept = refused.iter().find(|b| b.id == *id);
        assert!(
            kept.is_some_and(|b| b.reason.contains("only an editor may")),
            "seed {seed:#x}: Carol's approval of {id} is not kept as refused: {kept:?}"
        );
    }
    for (r, editor) in replicas.iter().enumerate().take(CAROL) {
        assert!(
            editor.refused_briefs().unwrap().is_empty(),
            "seed {seed:#x}: the server refused editor {r}"
        );
    }
    // Then Eddie reviews each of those briefs himself, and Carol takes the team's review.
    let refused_ids: Vec<Uuid> = refused.iter().map(|b| b.id).collect();
    for id in &refused_ids {
        let eddie = &mut replicas[1];
        if eddie.brief(*id).unwrap().review.map(|r| r.state) != Some(ReviewState::InReview) {
            eddie
                .review_brief(*id, ReviewAction::Submit, "Submitted for Carol")
                .unwrap();
        }
        eddie
            .review_brief(*id, ReviewAction::Approve, "Approved for Carol")
            .unwrap();
    }
    team.sync_as(&mut replicas[1], &addresses[1]);
    team.sync_as(&mut replicas[CAROL], &addresses[CAROL]);
    for conflict in replicas[CAROL].brief_conflicts().unwrap() {
        assert!(
            refused_ids.contains(&conflict.id),
            "seed {seed:#x}: Carol has a conflict on {} that was never refused",
            conflict.id
        );
        replicas[CAROL]
            .resolve_brief_conflict(conflict.id, &["review"])
            .unwrap();
    }
    settle(&mut replicas);

    let server = team.server_briefs();
    let server_composition = composition_of(&team.download().dump);
    // No brief is lost that nobody deleted.
    for id in created.iter().filter(|id| !deleted.contains(id)) {
        assert!(
            server.contains_key(id),
            "seed {seed:#x}: brief {id} was lost"
        );
    }
    for (r, lib) in replicas.iter().enumerate() {
        let state = lib.team_replica().unwrap().unwrap();
        assert_eq!(
            (state.waiting, state.conflicts),
            (0, 0),
            "seed {seed:#x}: replica {r} still has work"
        );
        assert!(
            lib.refused_briefs().unwrap().is_empty(),
            "seed {seed:#x}: replica {r} still has refused changes"
        );
        assert_eq!(
            briefs_of(lib),
            server,
            "seed {seed:#x}: replica {r} differs from the server"
        );
        assert_eq!(
            composition_of(&lib.export_all().unwrap()),
            server_composition,
            "seed {seed:#x}: replica {r}'s issues, tags or settings differ from the server's"
        );
    }
    let steps: usize = server
        .values()
        .filter_map(|p| p.review.as_ref())
        .map(|r| r.steps.len())
        .sum();
    eprintln!(
        "seed {seed:#x}: {} briefs, {steps} review steps, {} of Carol's approvals refused",
        server.len(),
        refused_steps.len()
    );
    (steps, refused_steps.len())
}

/// One review step an editor may take on brief `id`: submit it unless it is in review, or
/// approve it or request changes when it is.
fn review_step(lib: &mut Library, rng: &mut Rng, id: Uuid, word: &str) {
    let state = lib.brief(id).unwrap().review.map(|r| r.state);
    let action = if state == Some(ReviewState::InReview) {
        if rng.below(2) == 0 {
            ReviewAction::Approve
        } else {
            ReviewAction::RequestChanges
        }
    } else {
        ReviewAction::Submit
    };
    lib.review_brief(id, action, &format!("Note {word}"))
        .unwrap();
}

/// Issues (fields, sections, order), tag colours and the publication settings, comparable.
fn composition_of(dump: &LibraryDump) -> String {
    let issues: Vec<String> = dump
        .issues
        .iter()
        .map(|i| {
            let sections: Vec<String> = i
                .sections
                .iter()
                .map(|s| format!("{}={:?}", s.name, s.briefs))
                .collect();
            format!(
                "{} {} {:?} {} [{}]",
                i.number,
                i.title,
                i.status,
                i.date,
                sections.join("; ")
            )
        })
        .collect();
    let mut tags: Vec<String> = dump
        .tags
        .iter()
        .filter(|t| t.colour.is_some())
        .map(|t| format!("{}:{:?}", t.name.to_lowercase(), t.colour))
        .collect();
    tags.sort();
    format!(
        "{}\n{}\n{:?}",
        issues.join("\n"),
        tags.join(" "),
        dump.publication
    )
}

/// One random edit to the issues, tags or settings of replica `r`.
fn issue_step(lib: &mut Library, rng: &mut Rng, r: usize, step: usize, ids: &[Uuid]) {
    let issues = lib.issues().unwrap();
    let word = format!("r{r} s{step}");
    if issues.is_empty() || rng.below(8) == 0 {
        // Numbers no other replica uses: two issues No. 12 are refused (tested on their own).
        let number = 100 * (r as u32 + 1) + step as u32;
        lib.create_issue(number, &format!("Issue {word}"), date(2024, 1, 1))
            .unwrap();
        return;
    }
    let issue = &issues[rng.below(issues.len())];
    let number = issue.number;
    let placed: Vec<Uuid> = issue
        .sections
        .iter()
        .flat_map(|s| s.briefs.iter().map(|b| b.id))
        .collect();
    match rng.below(11) {
        0 | 1 if !ids.is_empty() => {
            let brief = ids[rng.below(ids.len())];
            let section = issue
                .sections
                .get(rng.below(issue.sections.len() + 1))
                .map(|s| s.name.clone());
            // Already here: moved within instead.
            if placed.contains(&brief) {
                let _ = lib.move_in_issue(number, brief, section.as_deref(), 0);
            } else {
                lib.move_to_issue(brief, number, section.as_deref())
                    .unwrap();
            }
        }
        2 if !placed.is_empty() => {
            let brief = placed[rng.below(placed.len())];
            lib.move_in_issue(number, brief, None, 0).unwrap();
        }
        3 if !placed.is_empty() => {
            lib.remove_from_issue(number, placed[rng.below(placed.len())])
                .unwrap();
        }
        4 => {
            lib.add_section(number, &format!("Section {word}"), None)
                .unwrap();
        }
        5 if !issue.sections.is_empty() => {
            let old = &issue.sections[rng.below(issue.sections.len())].name;
            lib.rename_section(number, old, &format!("Renamed {word}"))
                .unwrap();
        }
        6 if issue.sections.len() > 1 => {
            let name = &issue.sections[rng.below(issue.sections.len())].name;
            lib.move_section(number, name, 0).unwrap();
        }
        7 if !issue.sections.is_empty() => {
            let name = &issue.sections[rng.below(issue.sections.len())].name;
            lib.delete_section(number, name).unwrap();
        }
        8 => {
            let patch = IssuePatch {
                title: Some(format!("Title {word}")),
                ..IssuePatch::default()
            };
            lib.update_issue(number, &patch).unwrap();
        }
        9 => {
            if rng.below(3) == 0 {
                lib.delete_issue(number).unwrap();
            } else {
                lib.publish_issue(number).unwrap();
            }
        }
        _ => {
            if rng.below(2) == 0 {
                let colours = ["#d73a49", "#28a745", "#0366d6"];
                let tag = format!("tag-{}", rng.below(3));
                // The tag exists once some brief carried it.
                let _ = lib.recolour_tag(&tag, Some(colours[rng.below(3)]));
            } else {
                let mut publication = lib.publication().unwrap();
                publication.name = format!("The Brief {word}");
                lib.set_publication(&publication).unwrap();
            }
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
