//! Where `briefdesk team` keeps a password, against a real PostgreSQL server: with a keychain (a
//! D-Bus session bus and gnome-keyring's Secret Service, started for the test in a home folder of
//! its own) `team join` keeps the PGPASSWORD it was given there and later commands need no
//! PGPASSWORD; without one (no D-Bus session, as on a headless machine) it says "no keychain here"
//! and, asked to, keeps the password in libpq's password file, private to its owner. Never in
//! the library file.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// Linux: Debian's PostgreSQL (as in team.rs) and the Secret Service, the keychain Linux desktops
// run; macOS's Keychain and Windows' Credential Manager are reached through the same `keyring`
// crate but are not started by a test.
#![cfg(target_os = "linux")]

mod common;
#[path = "../../briefdesk-team/tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use common::Cli;
use support::PgServer;

/// A command run as an editor on a machine whose home folder is `home`, with the session bus
/// `bus` (none: no D-Bus session at all).
fn run(cli: &Cli, home: &Path, bus: Option<&str>, env_password: bool, args: &[&str]) -> Output {
    let mut cmd = cli.command();
    cmd.args(args)
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", home)
        .env_remove("PGPASSFILE")
        .env_remove("PGPASSWORD")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .stdin(Stdio::null());
    if let Some(bus) = bus {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    if env_password {
        cmd.env("PGPASSWORD", support::ADMIN_PASSWORD);
    }
    cmd.output().unwrap()
}

fn ok(out: Output, what: &str) -> (String, String) {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{what}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn team_server() -> (PgServer, String) {
    let server = PgServer::start();
    server.psql("postgres", "CREATE DATABASE newsroom");
    let url = format!(
        "--server=postgresql://{}@127.0.0.1:{}/newsroom",
        support::ADMIN,
        server.port
    );
    (server, url)
}

fn assert_not_in_library(cli: &Cli) {
    let bytes = std::fs::read(&cli.library).unwrap();
    let password = support::ADMIN_PASSWORD.as_bytes();
    assert!(
        !bytes.windows(password.len()).any(|w| w == password),
        "the password is in the library file"
    );
}

#[test]
fn without_a_keychain_it_says_so_and_uses_the_password_file() {
    let (_server, url) = team_server();
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    let anna = Cli::new();
    anna.add("Huawei sales slump", "Reuters", "2020-11-27", &["China"]);

    // Not asked to write the password file: it is not written, and that is said.
    let (_, said) = ok(
        run(
            &anna,
            home.path(),
            None,
            true,
            &["team", "init", &url, "--json"],
        ),
        "team init",
    );
    assert!(
        said.contains("no keychain here; using PGPASSWORD"),
        "{said}"
    );
    assert!(said.contains("was not kept"), "{said}");
    assert!(said.contains("--save-password-file"), "{said}");
    assert!(!said.contains(support::ADMIN_PASSWORD), "{said}");
    assert!(!pgpass.exists());

    // Without PGPASSWORD or a password file, the server's demand is explained.
    let ben = Cli::new();
    let out = run(&ben, home.path(), None, false, &["team", "join", &url]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("no keychain here; using {}", pgpass.display())),
        "{said}"
    );
    assert!(
        said.contains("none was found in the keychain, PGPASSWORD"),
        "{said}"
    );

    // Asked to, `join` keeps it in ~/.pgpass, readable by its owner only; from then on the
    // password file is enough.
    let (_, said) = ok(
        run(
            &ben,
            home.path(),
            None,
            true,
            &["team", "join", &url, "--save-password-file", "--json"],
        ),
        "team join --save-password-file",
    );
    assert!(
        said.contains(&format!("kept in {}", pgpass.display())),
        "{said}"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pgpass).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let line = std::fs::read_to_string(&pgpass).unwrap();
    assert!(
        line.ends_with(&format!(
            ":newsroom:{}:{}\n",
            support::ADMIN,
            support::ADMIN_PASSWORD
        )),
        "{line}"
    );
    let (out, said) = ok(
        run(
            &ben,
            home.path(),
            None,
            false,
            &["team", "sync", &url, "--json"],
        ),
        "team sync with the password file",
    );
    assert!(out.contains("\"pushed\""), "{out}");
    assert_eq!(
        said.matches("no keychain here").count(),
        1,
        "said once: {said}"
    );
    assert!(
        said.contains(&format!("using {}", pgpass.display())),
        "{said}"
    );
    assert_not_in_library(&anna);
    assert_not_in_library(&ben);
}

/// A session bus and gnome-keyring's Secret Service (unlocked with a keyring password the test
/// chooses), stopped when dropped.
struct Keychain {
    bus: Child,
    keyring: Child,
    address: String,
}

impl Keychain {
    fn start(home: &Path) -> Keychain {
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nosyslog", "--print-address=1"])
            .env("HOME", home)
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (`cargo xtask setup` installs it)");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("HOME", home)
            .env("XDG_RUNTIME_DIR", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env_remove("DISPLAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (`cargo xtask setup` installs gnome-keyring)");
        // The keyring's own password, on stdin, then end of input.
        {
            let mut stdin = keyring.stdin.take().unwrap();
            stdin.write_all(b"keyring-pw-for-tests").unwrap();
        }
        let keychain = Keychain {
            bus,
            keyring,
            address,
        };
        // Ready once the Secret Service's name is on the bus.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let names = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/",
                    "org.freedesktop.DBus.ListNames",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &keychain.address)
                .output()
                .unwrap();
            if String::from_utf8_lossy(&names.stdout).contains("org.freedesktop.secrets") {
                return keychain;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the Secret Service did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Keychain {
    fn drop(&mut self) {
        for child in [&mut self.keyring, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn with_a_keychain_join_keeps_the_password_there_and_later_commands_find_it() {
    let (_server, url) = team_server();
    let home = tempfile::tempdir().unwrap();
    let keychain = Keychain::start(home.path());
    let bus = Some(keychain.address.as_str());
    let anna = Cli::new();
    anna.add("Huawei sales slump", "Reuters", "2020-11-27", &["China"]);
    let (_, said) = ok(
        run(
            &anna,
            home.path(),
            bus,
            true,
            &["team", "init", &url, "--json"],
        ),
        "team init",
    );
    assert!(said.contains("kept in the keychain"), "{said}");
    assert!(!said.contains("no keychain"), "{said}");

    // Ben (on this machine, the same keychain) joins and syncs with no PGPASSWORD at all.
    let ben = Cli::new();
    ok(
        run(
            &ben,
            home.path(),
            bus,
            false,
            &["team", "join", &url, "--json"],
        ),
        "team join from the keychain",
    );
    let (out, said) = ok(
        run(
            &ben,
            home.path(),
            bus,
            false,
            &["team", "sync", &url, "--json"],
        ),
        "team sync from the keychain",
    );
    assert!(out.contains("\"pushed\""), "{out}");
    assert!(!said.contains("no keychain"), "{said}");
    assert!(!home.path().join(".pgpass").exists());
    assert_not_in_library(&anna);
    assert_not_in_library(&ben);

    // The keychain comes first: a wrong PGPASSWORD does not override what it keeps.
    let out = ben
        .command()
        .args(["team", "status", &url, "--json"])
        .env("HOME", home.path())
        .env("DBUS_SESSION_BUS_ADDRESS", &keychain.address)
        .env("PGPASSWORD", "wrong")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
