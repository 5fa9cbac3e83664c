//! A release feed on 127.0.0.1 for the package test's update cases: `latest.json` naming a
//! newer .deb, and that .deb served whole, cut short, or stalled. The spec picks what the next
//! check finds with `GET /mode/NAME`. Every request is answered on its own thread, and a stalled
//! download gives up by itself after [`STALL_LIMIT`].

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// What `latest.json` offers next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The newer .deb with its signature.
    Good,
    /// The newer .deb with a signature made by another key.
    BadSignature,
    /// The download stops half-way (the announced length never arrives).
    Truncated,
    /// The download sends a little, then nothing.
    Hang,
}

impl Mode {
    fn parse(name: &str) -> Option<Mode> {
        Some(match name {
            "good" => Mode::Good,
            "bad-signature" => Mode::BadSignature,
            "truncated" => Mode::Truncated,
            "hang" => Mode::Hang,
            _ => return None,
        })
    }
}

/// How long a stalled download holds its connection before the server lets go of it.
const STALL_LIMIT: Duration = Duration::from_secs(90);

/// The release offered: its version, the package and the two signatures (base64 .sig text).
pub struct Release {
    pub version: String,
    pub package: Vec<u8>,
    pub signature: String,
    pub foreign_signature: String,
}

struct Shared {
    release: Release,
    mode: Mutex<Mode>,
    stopping: AtomicBool,
}

/// The running server; stopped when dropped.
pub struct Feed {
    shared: Arc<Shared>,
    port: u16,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Feed {
    pub fn start(release: Release, mode: Mode) -> Result<Feed> {
        let listener = TcpListener::bind("127.0.0.1:0").context("no free local port")?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            release,
            mode: Mutex::new(mode),
            stopping: AtomicBool::new(false),
        });
        let serving = Arc::clone(&shared);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if serving.stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&serving);
                std::thread::spawn(move || {
                    if let Err(e) = answer(&shared, stream) {
                        eprintln!("update feed: {e:#}");
                    }
                });
            }
        });
        Ok(Feed {
            shared,
            port,
            thread: Some(thread),
        })
    }

    /// e.g. http://127.0.0.1:40123
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(shared: &Shared, mut stream: TcpStream) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut request = String::new();
    BufReader::new(&stream).read_line(&mut request)?;
    // The rest of the request (its headers) is not needed: each answer closes the connection.
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mode = *shared.mode.lock().unwrap_or_else(|p| p.into_inner());
    let release = &shared.release;
    match path.as_str() {
        "/latest.json" => {
            let (file, signature) = match mode {
                Mode::Good => ("briefdesk.deb", &release.signature),
                Mode::BadSignature => ("briefdesk.deb", &release.foreign_signature),
                Mode::Truncated => ("truncated.deb", &release.signature),
                Mode::Hang => ("stalled.deb", &release.signature),
            };
            let port = stream.local_addr()?.port();
            let feed = serde_json::json!({
                "version": release.version,
                "notes": format!("Briefdesk {} (the package test's release)", release.version),
                "pub_date": "2026-01-01T00:00:00Z",
                "platforms": {
                    "linux-x86_64-deb": {
                        "url": format!("http://127.0.0.1:{port}/{file}"),
                        "signature": signature,
                    }
                }
            });
            respond(
                &mut stream,
                "200 OK",
                "application/json",
                feed.to_string().as_bytes(),
            )
        }
        "/briefdesk.deb" => respond(
            &mut stream,
            "200 OK",
            "application/vnd.debian.binary-package",
            &release.package,
        ),
        "/truncated.deb" => {
            // The whole length announced, half of it sent, and the connection closed.
            head(&mut stream, release.package.len())?;
            stream.write_all(&release.package[..release.package.len() / 2])?;
            Ok(())
        }
        "/stalled.deb" => {
            head(&mut stream, release.package.len())?;
            stream.write_all(&release.package[..64 * 1024])?;
            stream.flush()?;
            let until = Instant::now() + STALL_LIMIT;
            while Instant::now() < until && !shared.stopping.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(200));
            }
            Ok(())
        }
        other => match other.strip_prefix("/mode/").and_then(Mode::parse) {
            Some(next) => {
                *shared.mode.lock().unwrap_or_else(|p| p.into_inner()) = next;
                respond(&mut stream, "200 OK", "text/plain", b"ok")
            }
            None => respond(&mut stream, "404 Not Found", "text/plain", b"not found"),
        },
    }
}

fn head(stream: &mut TcpStream, len: usize) -> Result<()> {
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.debian.binary-package\r\n\
         Content-Length: {len}\r\nConnection: close\r\n\r\n"
    )?;
    Ok(())
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(base: &str, path: &str) -> String {
        let port: u16 = base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port");
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").expect("write");
        let mut text = String::new();
        stream.read_to_string(&mut text).expect("read");
        text
    }

    #[test]
    fn the_feed_names_what_its_mode_says_and_cuts_a_truncated_download_short() {
        let release = Release {
            version: "9.9.9".into(),
            package: vec![b'x'; 100_000],
            signature: "GOOD".into(),
            foreign_signature: "OTHER".into(),
        };
        let feed = Feed::start(release, Mode::BadSignature).expect("start");
        let latest = get(&feed.base(), "/latest.json");
        assert!(
            latest.contains("\"OTHER\"") && latest.contains("/briefdesk.deb"),
            "{latest}"
        );
        assert!(get(&feed.base(), "/mode/truncated").ends_with("ok"));
        let latest = get(&feed.base(), "/latest.json");
        assert!(
            latest.contains("\"GOOD\"") && latest.contains("/truncated.deb"),
            "{latest}"
        );
        let cut = get(&feed.base(), "/truncated.deb");
        assert!(cut.contains("Content-Length: 100000"));
        assert_eq!(cut.matches('x').count(), 50_000);
        assert!(get(&feed.base(), "/mode/nonsense").starts_with("HTTP/1.1 404"));
    }
}
