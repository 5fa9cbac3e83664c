//! A throwaway PostgreSQL server for the tests: Debian's package (`cargo xtask test` installs it),
//! a new cluster in a temporary folder, a free port on 127.0.0.1, password logins (SCRAM) as a
//! real team server has them; stopped and removed when the test ends.
#![allow(dead_code)]

pub mod proxy;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const ADMIN: &str = "briefdesk_admin";
pub const ADMIN_PASSWORD: &str = "admin-pw-for-tests";

pub struct PgServer {
    pub port: u16,
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    options: String,
}

impl PgServer {
    pub fn start() -> PgServer {
        PgServer::start_with(false)
    }

    /// A server that also takes TLS (`ssl = on`), with a certificate for localhost and 127.0.0.1
    /// signed by a CA made for this test: [`Self::ca_file`].
    pub fn start_tls() -> PgServer {
        PgServer::start_with(true)
    }

    /// The test CA's certificate, which signed the server's (with `start_tls`).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn start_with(tls: bool) -> PgServer {
        let bin = server_bin();
        let dir = tempfile::Builder::new()
            .prefix("briefdesk-pg")
            .tempdir()
            .expect("a temporary folder");
        // The server refuses to run as root; then it runs as the `postgres` user, which must
        // own the folder.
        let as_postgres = is_root();
        let mut tls_options = String::new();
        if tls {
            let (cert, key) = make_server_certificate(dir.path());
            tls_options = format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                cert.display(),
                key.display()
            );
        }
        let data = dir.path().join("data");
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, ADMIN_PASSWORD).expect("the password file");
        if as_postgres {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(status.success(), "chown the server's folder to postgres");
        }
        let port = free_port();
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c full_page_writes=off{tls_options}",
            dir.path().display()
        );
        let server = PgServer {
            port,
            dir,
            bin,
            as_postgres,
            options,
        };
        server.run(
            "initdb",
            &[
                "-D",
                path(&data),
                "-U",
                ADMIN,
                "--pwfile",
                path(&pwfile),
                "--auth",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        server.start_again();
        server
    }

    /// Starts the server on its data folder (again, after `kill`: its own crash recovery runs).
    pub fn start_again(&self) {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("server.log");
        self.run(
            "pg_ctl",
            &[
                "-D",
                path(&data),
                "-l",
                path(&log),
                "-o",
                &self.options,
                "-w",
                "start",
            ],
        );
    }

    /// The postmaster's process id, from the first line of its data folder's postmaster.pid.
    pub fn postmaster_pid(&self) -> u32 {
        let file = self.dir.path().join("data/postmaster.pid");
        let text = std::fs::read_to_string(&file).expect("postmaster.pid (is the server running?)");
        text.lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
            .expect("a pid on postmaster.pid's first line")
    }

    /// The postmaster and every process it started (backends, checkpointer, …).
    pub fn pids(&self) -> Vec<u32> {
        let postmaster = self.postmaster_pid();
        let mut pids = vec![postmaster];
        pids.extend(children_of(postmaster));
        pids
    }

    /// Kills the server as a power cut would look to it: SIGKILL to the postmaster and all its
    /// processes at once, no shutdown; returns once they are gone.
    pub fn kill(&self) {
        let pids = self.pids();
        for pid in &pids {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        // Gone means reaped too: the server's lock file check counts a zombie as running.
        while pids
            .iter()
            .any(|pid| Path::new(&format!("/proc/{pid}")).exists())
        {
            assert!(
                std::time::Instant::now() < deadline,
                "the server's processes outlived SIGKILL"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// The server's CPU time so far in clock ticks: the postmaster's and its live processes' own
    /// time, plus what exited backends left in the postmaster's children's total.
    pub fn cpu_ticks(&self) -> u64 {
        let postmaster = self.postmaster_pid();
        let mut ticks = stat_fields(postmaster)
            .map(|f| f.utime + f.stime + f.cutime + f.cstime)
            .unwrap_or(0);
        for child in children_of(postmaster) {
            ticks += stat_fields(child).map(|f| f.utime + f.stime).unwrap_or(0);
        }
        ticks
    }

    /// A URL for `login` on the database `database`.
    pub fn url(&self, login: &str, password: &str, database: &str) -> String {
        format!(
            "postgresql://{login}:{password}@127.0.0.1:{}/{database}",
            self.port
        )
    }

    /// The admin's URL on the default database.
    pub fn admin_url(&self) -> String {
        self.url(ADMIN, ADMIN_PASSWORD, "postgres")
    }

    /// Runs SQL as the cluster's superuser through psql.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        self.psql_as(ADMIN, ADMIN_PASSWORD, database, sql)
            .unwrap_or_else(|e| panic!("psql {sql}: {e}"))
    }

    /// Runs SQL through psql as `login`, as a person with a plain SQL client would: its output,
    /// or the server's error.
    pub fn psql_as(
        &self,
        login: &str,
        password: &str,
        database: &str,
        sql: &str,
    ) -> Result<String, String> {
        let out = Command::new("psql")
            .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(format!(
                "host=127.0.0.1 port={} user={login} dbname={database}",
                self.port
            ))
            .arg("-c")
            .arg(sql)
            .env("PGPASSWORD", password)
            .output()
            .expect("psql runs");
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }

    /// A login for a person, as whoever runs the server makes one.
    pub fn create_login(&self, login: &str, password: &str) {
        self.psql(
            "postgres",
            &format!("CREATE ROLE {login} LOGIN PASSWORD '{password}'"),
        );
    }

    fn run(&self, program: &str, args: &[&str]) {
        let exe = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(&exe);
            cmd
        } else {
            Command::new(&exe)
        };
        let out = cmd.args(args).output().expect("the server's tools run");
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}\nserver.log:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
        );
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let exe = self.bin.join("pg_ctl");
        let mut cmd = if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(&exe);
            cmd
        } else {
            Command::new(&exe)
        };
        let _ = cmd
            .args(["-D", path(&data), "-m", "immediate", "stop"])
            .output();
    }
}

struct Stat {
    ppid: u32,
    utime: u64,
    stime: u64,
    cutime: u64,
    cstime: u64,
}

/// /proc/<pid>/stat's fields after the command name (which may hold spaces and parentheses).
fn stat_fields(pid: u32) -> Option<Stat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields from 3 (state) on: state ppid … utime(14) stime(15) cutime(16) cstime(17).
    let num = |i: usize| f.get(i - 3).and_then(|v| v.parse::<u64>().ok());
    Some(Stat {
        ppid: u32::try_from(num(4)?).ok()?,
        utime: num(14)?,
        stime: num(15)?,
        cutime: num(16)?,
        cstime: num(17)?,
    })
}

fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| stat_fields(*pid).is_some_and(|s| s.ppid == parent))
        .collect()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// The newest installed server's programs (Debian keeps them per major version).
fn server_bin() -> PathBuf {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; PostgreSQL's server is not installed (`cargo xtask setup` installs it)",
                root.display()
            )
        })
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let major = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .expect("no PostgreSQL server under /usr/lib/postgresql (`cargo xtask setup` installs it)")
}

/// Runs Debian's `openssl` command (`cargo xtask setup` installs it) in `dir`.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command (`cargo xtask setup` installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A new CA in `dir`: `<name>.pem` (its certificate, returned) and `<name>.key`.
pub fn make_ca(dir: &Path, name: &str) -> PathBuf {
    let (pem, key) = (format!("{name}.pem"), format!("{name}.key"));
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &pem,
            "-days",
            "2",
            "-subj",
            &format!("/CN=Briefdesk test {name}"),
        ],
    );
    dir.join(pem)
}

/// A CA (`ca.pem`) and the server's certificate and key it signed, for localhost and 127.0.0.1;
/// the key private to its owner, as the server demands.
fn make_server_certificate(dir: &Path) -> (PathBuf, PathBuf) {
    make_ca(dir, "ca");
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .expect("the certificate's extensions");
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    );
    let key = dir.join("server.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600))
            .expect("chmod the server's key");
    }
    (dir.join("server.crt"), key)
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
