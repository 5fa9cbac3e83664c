//! A small HTTP/1.1 server on 127.0.0.1, started by each test, serving what the test asks:
//! fixture pages, statuses, redirects, huge and endless bodies. Real sockets, so the client is
//! tested as it runs; nothing here reaches beyond this machine.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What the server answers to one path.
#[derive(Clone)]
pub enum Reply {
    Page {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// `bytes` of filler, announced with Content-Length when `announced`, chunked when not.
    Huge {
        bytes: usize,
        announced: bool,
    },
    /// Headers, then a byte every 50 ms until the client hangs up (at most two minutes).
    Endless,
    Redirect {
        to: String,
    },
    /// A feed with validators: 304 when the request sends back its ETag (If-None-Match) or its
    /// Last-Modified (If-Modified-Since), the body otherwise.
    Conditional {
        content_type: String,
        etag: Option<String>,
        last_modified: Option<String>,
        body: Vec<u8>,
    },
    /// Each request gets the next reply; the last one repeats.
    Sequence(Arc<Mutex<Vec<Reply>>>),
}

pub fn sequence(replies: Vec<Reply>) -> Reply {
    let mut replies = replies;
    replies.reverse();
    Reply::Sequence(Arc::new(Mutex::new(replies)))
}

pub fn html(body: impl Into<Vec<u8>>) -> Reply {
    Reply::Page {
        status: 200,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: body.into(),
    }
}

pub fn with_type(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply::Page {
        status: 200,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: body.into(),
    }
}

pub fn status(code: u16) -> Reply {
    Reply::Page {
        status: code,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: format!("<h1>{code}</h1>").into_bytes(),
    }
}

pub struct Server {
    pub addr: SocketAddr,
    /// The head of every request received, as sent.
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

pub fn serve<P: Into<String>>(routes: Vec<(P, Reply)>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let routes: Arc<Vec<(String, Reply)>> =
        Arc::new(routes.into_iter().map(|(p, r)| (p.into(), r)).collect());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let routes = routes.clone();
            let seen = seen.clone();
            thread::spawn(move || {
                let _ = answer(stream, &routes, &seen);
            });
        }
    });
    Server { addr, requests }
}

fn answer(
    mut stream: TcpStream,
    routes: &[(String, Reply)],
    seen: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    seen.lock().unwrap().push(head.clone());
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut reply = routes
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, r)| r.clone())
        .unwrap_or_else(|| status(404));
    if let Reply::Sequence(left) = reply {
        let mut left = left.lock().unwrap();
        reply = if left.len() > 1 {
            left.pop().unwrap()
        } else {
            left.last().cloned().unwrap_or_else(|| status(404))
        };
    }
    let sent = |name: &str| {
        head.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    if let Reply::Conditional {
        content_type,
        etag,
        last_modified,
        body,
    } = reply
    {
        let unchanged = (etag.is_some() && sent("if-none-match") == etag)
            || (last_modified.is_some() && sent("if-modified-since") == last_modified);
        let mut headers = vec![("Content-Type".to_string(), content_type)];
        if let Some(etag) = etag {
            headers.push(("ETag".into(), etag));
        }
        if let Some(modified) = last_modified {
            headers.push(("Last-Modified".into(), modified));
        }
        reply = if unchanged {
            Reply::Page {
                status: 304,
                headers,
                body: Vec::new(),
            }
        } else {
            Reply::Page {
                status: 200,
                headers,
                body,
            }
        };
    }
    match reply {
        Reply::Conditional { .. } | Reply::Sequence(_) => {}
        Reply::Page {
            status,
            headers,
            body,
        } => {
            let mut out = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            stream.write_all(out.as_bytes())?;
            stream.write_all(&body)?;
        }
        Reply::Redirect { to } => {
            let out = format!(
                "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(out.as_bytes())?;
        }
        Reply::Huge { bytes, announced } => {
            let length = if announced {
                format!("Content-Length: {bytes}\r\n")
            } else {
                "Transfer-Encoding: chunked\r\n".to_string()
            };
            stream.write_all(format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{length}Connection: close\r\n\r\n").as_bytes())?;
            let block = vec![b'a'; 64 * 1024];
            let mut left = bytes;
            while left > 0 {
                let n = left.min(block.len());
                if announced {
                    stream.write_all(&block[..n])?;
                } else {
                    stream.write_all(format!("{n:x}\r\n").as_bytes())?;
                    stream.write_all(&block[..n])?;
                    stream.write_all(b"\r\n")?;
                }
                left -= n;
            }
            if !announced {
                stream.write_all(b"0\r\n\r\n")?;
            }
        }
        Reply::Endless => {
            stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
            )?;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(120) {
                stream.write_all(b"1\r\na\r\n")?;
                stream.flush()?;
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
    stream.flush()
}

/// A fixture feed of tests/fixtures/feeds.
pub fn feed_fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/feeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fixture page of tests/fixtures/pages.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
