//! `backup`, `backups`, `restore`, `export-all`, `import-all`, and libraries that cannot be
//! opened, run as an editor or a script would.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::*;

fn build(cli: &Cli) -> Vec<String> {
    let ids = vec![
        cli.add(
            "Huawei sales fall",
            "Liberty Times Net",
            "2020-11-26",
            &["China", "Technology"],
        ),
        cli.add(
            "Cotton in Aksu",
            "Radio Free Asia",
            "2020-11-27",
            &["China"],
        ),
        cli.add("Chip curbs", "Nikkei Asia", "2021-03-08", &[]),
    ];
    ok(cli, &["tag", "colour", "China", "#cc3333"]);
    cli.json(&[
        "issue",
        "new",
        "--number",
        "7",
        "--title",
        "China Briefing",
        "--date",
        "2020-12-01",
        "--json",
    ]);
    cli.json(&[
        "issue",
        "add",
        "7",
        &ids[1],
        "--section",
        "Xinjiang",
        "--json",
    ]);
    cli.json(&[
        "issue",
        "add",
        "7",
        &ids[0],
        "--section",
        "Domestic",
        "--json",
    ]);
    ok(
        cli,
        &["issue", "section", "move", "7", "Domestic", "--to", "0"],
    );
    ids
}

fn ok(cli: &Cli, args: &[&str]) {
    let out = cli.run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn without_time(mut dump: Value) -> Value {
    dump["exported_at"] = Value::Null;
    dump
}

#[test]
fn back_up_list_and_restore() {
    let cli = Cli::new();
    build(&cli);
    let before = cli.snapshot();

    let made = cli.json(&["backup", "--json"]);
    assert_eq!(keys(&made), ["created", "kind", "path", "size"]);
    assert_eq!(made["kind"], "manual");
    let path = made["path"].as_str().expect("path").to_string();
    assert!(Path::new(&path).starts_with(cli.library.parent().expect("dir").join("backups")));
    assert!(made["size"].as_u64().expect("size") > 0);

    // Opening an existing library started an automatic backup too, in a process of its own.
    let list = eventually_an_auto_backup(&cli);
    let kinds: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|b| b["kind"].as_str().expect("kind"))
        .collect();
    assert!(
        kinds.contains(&"manual") && kinds.contains(&"auto"),
        "{kinds:?}"
    );
    let text = cli.run(&["backups"]);
    let lines = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        lines.contains(" UTC  manual") && lines.contains(&path),
        "{lines}"
    );

    cli.add("Written after the backup", "Reuters", "2021-01-01", &[]);
    ok(&cli, &["tag", "rename", "China", "PRC"]);
    assert_ne!(cli.snapshot(), before);

    let report = cli.json(&["restore", &path, "--json"]);
    assert_eq!(report["restored_from"], path.as_str());
    let previous = report["previous"]["path"]
        .as_str()
        .expect("kept")
        .to_string();
    assert_eq!(cli.snapshot(), before);

    // The replaced library is a backup in the list, and can itself be restored.
    let list = cli.json(&["backups", "--json"]);
    assert!(
        list.as_array()
            .expect("list")
            .iter()
            .any(|b| b["path"] == previous.as_str() && b["kind"] == "before-restore")
    );
    cli.json(&["restore", &previous, "--json"]);
    assert!(
        cli.json(&["tags", "--json"]).to_string().contains("PRC"),
        "the later edits came back"
    );
}

/// Waits until another program holds `library` open: probes for the exclusive lock that any
/// open connection denies, letting go at once so the other program is not kept waiting.
fn wait_until_held(library: &Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let conn = rusqlite::Connection::open(library).expect("probe");
        let free = conn
            .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
            .is_ok();
        drop(conn);
        if !free {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the other program never opened the library"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn restore_is_refused_while_another_briefdesk_has_the_library_open() {
    let cli = Cli::new();
    build(&cli);
    let made = cli.json(&["backup", "--json"]);
    let backup = made["path"].as_str().expect("path").to_string();
    let before = cli.snapshot();

    // A second `briefdesk` that has opened the library and sits idle, waiting for its input.
    let mut idle = cli
        .command()
        .args(["import", "-", "--format", "text"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start briefdesk import");
    wait_until_held(&cli.library);

    let err = cli.fails(&["restore", &backup]);
    assert!(
        err.contains("nothing was restored") && err.contains("locked by another program"),
        "{err}"
    );
    // Its work lands in the library that is still in place, so none of it is lost.
    let mut input = idle.stdin.take().expect("stdin");
    input
        .write_all(
            b"Typed while a restore was refused\n\nA body.\n\n\
              Source: Reuters, December 3, 2020\nhttps://example.org/typed\n",
        )
        .expect("write to briefdesk import");
    drop(input);
    let out = idle.wait_with_output().expect("briefdesk import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let briefs = cli.json(&["briefs", "--json"]).to_string();
    assert!(
        briefs.contains("Typed while a restore was refused"),
        "{briefs}"
    );
    assert_ne!(cli.snapshot(), before);

    // Once the other program has closed, the restore goes through.
    cli.json(&["restore", &backup, "--json"]);
    assert_eq!(cli.snapshot(), before);
}

#[test]
fn backup_to_a_chosen_file() {
    let cli = Cli::new();
    build(&cli);
    let out = cli.library.with_file_name("copy.sqlite3");
    let made = cli.json(&["backup", "--out", &out.to_string_lossy(), "--json"]);
    assert_eq!(made["path"], out.to_string_lossy().as_ref());
    let copy = Cli::at(out);
    assert_eq!(copy.snapshot(), cli.snapshot());
    let err = cli.fails(&["backup", "--out", &cli.library.to_string_lossy()]);
    assert!(err.contains("the library itself"), "{err}");
}

/// The built library exported whole to `whole.json` beside it; `export-all`'s report.
fn export_whole(cli: &Cli) -> (PathBuf, String) {
    build(cli);
    let file = cli.library.with_file_name("whole.json");
    let out = cli.run(&["export-all", "--out", &file.to_string_lossy()]);
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{report}");
    (file, report)
}

#[test]
fn export_all_then_import_all_into_a_new_library_loses_nothing() {
    let cli = Cli::new();
    let (file, report) = export_whole(&cli);
    assert!(
        report.contains("exported 3 briefs, 2 tags, 1 issues"),
        "{report}"
    );
    let exported: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("file")).expect("json");
    assert_eq!(exported["format"], "briefdesk-library");

    let fresh = Cli::new();
    let counts = fresh.json(&["import-all", &file.to_string_lossy(), "--json"]);
    assert_eq!(counts["briefs"], 3);
    assert_eq!(fresh.snapshot(), cli.snapshot());
    assert_eq!(
        without_time(fresh.json(&["export-all"])),
        without_time(exported.clone())
    );

    // Into a library that already holds something: refused, nothing changed.
    let busy = Cli::new();
    busy.add("Already here", "Reuters", "2021-01-01", &[]);
    let before = busy.snapshot();
    let err = busy.fails(&["import-all", &file.to_string_lossy()]);
    assert!(
        err.contains("not empty (1 briefs, 0 tags, 0 issues)"),
        "{err}"
    );
    assert!(err.contains("Import into a new library file"), "{err}");
    assert_eq!(busy.snapshot(), before);

    let other = cli.library.with_file_name("other.json");
    std::fs::write(&other, r#"{"briefs": []}"#).expect("write");
    let err = Cli::new().fails(&["import-all", &other.to_string_lossy()]);
    assert!(err.contains("is not a whole-library export"), "{err}");
}

/// Runs `briefs` on a library that must not open; checks the message and that the file stayed.
fn refused(cli: &Cli, expected: &[&str]) -> String {
    let bytes = std::fs::read(&cli.library).expect("the file");
    let err = cli.fails(&["briefs"]);
    for part in expected {
        assert!(err.contains(part), "{part:?} not in: {err}");
    }
    assert!(
        err.contains(&cli.library.display().to_string()),
        "names the file: {err}"
    );
    assert_eq!(
        std::fs::read(&cli.library).expect("the file"),
        bytes,
        "the file changed"
    );
    err
}

#[test]
fn a_library_that_cannot_be_opened_gets_a_clear_message_and_is_left_alone() {
    let cli = Cli::new();
    std::fs::write(
        &cli.library,
        "these are my notes, not a library\n".repeat(10),
    )
    .expect("write");
    refused(
        &cli,
        &[
            "is not a Briefdesk library",
            "not a SQLite database file",
            "left untouched",
        ],
    );

    let cli = Cli::new();
    build(&cli);
    {
        let conn = rusqlite::Connection::open(&cli.library).expect("sqlite");
        conn.pragma_update(None, "user_version", 42)
            .expect("version");
    }
    refused(
        &cli,
        &["newer Briefdesk", "schema version 42", "Update Briefdesk"],
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_library_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let cli = Cli::new();
    build(&cli);
    std::fs::set_permissions(&cli.library, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    refused(&cli, &["is read-only", "marked read-only"]);
}

#[test]
fn a_library_locked_by_another_program_is_refused_after_waiting() {
    let cli = Cli::new();
    build(&cli);
    // This test process is the other program, holding the file exclusively.
    let holder = rusqlite::Connection::open(&cli.library).expect("sqlite");
    holder
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE;
             BEGIN IMMEDIATE; UPDATE publication SET name = name; COMMIT;",
        )
        .expect("lock");
    let err = cli.fails(&["briefs"]);
    assert!(
        err.contains("is locked by another program (waited 5000 ms)"),
        "{err}"
    );
    drop(holder);
    assert_eq!(
        cli.json(&["briefs", "--json"]).as_array().map(Vec::len),
        Some(3)
    );
}

#[test]
fn a_damaged_library_is_recovered_from_its_backups() {
    let cli = Cli::new();
    build(&cli);
    for i in 0..40 {
        cli.add(
            &format!("Brief {i} {}", "long headline ".repeat(10)),
            "Reuters",
            "2021-01-01",
            &[],
        );
    }
    let before = cli.snapshot();
    cli.json(&["backup", "--json"]);
    let mut bytes = std::fs::read(&cli.library).expect("file");
    assert!(bytes.len() > 5 * 4096);
    bytes[4096 * 2..4096 * 3].fill(0xA5);
    std::fs::write(&cli.library, &bytes).expect("damage");

    refused(&cli, &["is damaged", "Restore a backup"]);
    let list = cli.json(&["backups", "--json"]);
    let newest = list[0]["path"].as_str().expect("a backup").to_string();
    cli.json(&["restore", &newest, "--json"]);
    assert_eq!(cli.snapshot(), before);

    // A damaged backup is refused and the library stays as it is.
    let bad = cli.library.with_file_name("bad.sqlite3");
    let mut copy = std::fs::read(&newest).expect("backup");
    copy[4096 * 2..4096 * 3].fill(0x5A);
    std::fs::write(&bad, copy).expect("write");
    let err = cli.fails(&["restore", &bad.to_string_lossy()]);
    assert!(
        err.contains("nothing was restored") && err.contains("is damaged"),
        "{err}"
    );
    assert_eq!(cli.snapshot(), before);
}

#[test]
fn import_given_a_whole_library_says_so_and_points_to_import_all() {
    let cli = Cli::new();
    let (file, _) = export_whole(&cli);
    let other = Cli::new();
    let before = other.snapshot();
    for format in ["auto", "json"] {
        let err = other.fails(&["import", &file.to_string_lossy(), "--format", format]);
        assert!(err.contains("is a whole library"), "{err}");
        assert!(
            err.contains(&format!("briefdesk import-all {}", file.display())),
            "{err}"
        );
        assert!(!err.contains("unknown field"), "{err}");
    }
    assert_eq!(other.snapshot(), before);
}

/// The backups list once the automatic backup a command started (in a process of its own, which
/// the command did not wait for) is there; waits up to 20 s for it.
fn eventually_an_auto_backup(cli: &Cli) -> serde_json::Value {
    for _ in 0..200 {
        let list = cli.json(&["backups", "--json"]);
        if list
            .as_array()
            .is_some_and(|l| l.iter().any(|b| b["kind"] == "auto"))
        {
            return list;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("no automatic backup was made");
}

#[test]
fn verify_reads_the_whole_file_which_other_commands_do_only_when_due() {
    let cli = Cli::new();
    build(&cli);
    for i in 0..40 {
        cli.add(
            &format!("Brief {i} {}", "long headline ".repeat(10)),
            "Reuters",
            "2021-01-01",
            &[],
        );
    }
    let out = cli.run(&["verify"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("no damage found"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(cli.json(&["verify", "--json"])["ok"], true);

    // Damage that leaves the file's size and time as Briefdesk left it (the disk's own decay):
    // a command that reads other pages is not held up by a check of the whole file...
    let left = std::fs::metadata(&cli.library)
        .expect("file")
        .modified()
        .expect("time");
    let mut bytes = std::fs::read(&cli.library).expect("file");
    let pages = bytes.len() / 4096;
    bytes[(pages - 2) * 4096..(pages - 1) * 4096].fill(0xA5);
    std::fs::write(&cli.library, &bytes).expect("damage");
    std::fs::File::options()
        .write(true)
        .open(&cli.library)
        .expect("file")
        .set_modified(left)
        .expect("time");
    let info = cli.json(&["info", "--json"]);
    assert_eq!(info["brief_count"], 43, "{info}");
    // ...and `verify` finds it, says so and leaves the file alone.
    let err = cli.fails(&["verify"]);
    assert!(err.contains("is damaged"), "{err}");
    assert_eq!(std::fs::read(&cli.library).expect("file"), bytes);
}

#[test]
fn a_failed_automatic_backup_is_reported_by_the_next_command() {
    let cli = Cli::new();
    build(&cli);
    let backups = cli.library.parent().expect("dir").join("backups");
    let _ = std::fs::remove_dir_all(&backups);
    // A file where the backups folder should be: the backup cannot be made.
    std::fs::write(&backups, "in the way").expect("a file");
    let first = cli.run(&["info"]);
    assert!(first.status.success(), "the command itself is not held up");
    // The command did not wait for the backup; a later one says it failed, once.
    for _ in 0..200 {
        if cli
            .library
            .with_file_name(".briefs.sqlite3.backup-failed")
            .exists()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::fs::remove_file(&backups).expect("clear the way");
    let out = cli.run(&["info"]);
    let told = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        told.contains("warning: the automatic backup failed"),
        "{told}"
    );
    let out = cli.run(&["info"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "said once"
    );
    eventually_an_auto_backup(&cli);
}
