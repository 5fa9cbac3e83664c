//! A TCP proxy on 127.0.0.1 in front of the test server that can break a connection on cue: after
//! so many bytes in one direction (a cable pulled mid-transfer), or right after the client sends
//! a COMMIT, letting the server commit but never passing its answer on (the replica's process
//! dying between the server's commit and recording it). Each cut happens once, then connections
//! pass untouched again.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What the proxy does to the next transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    Never,
    /// Drop the connection once this many more bytes went from the client to the server.
    ToServerAfter(usize),
    /// Drop the connection once this many more bytes went from the server to the client.
    ToClientAfter(usize),
    /// Pass the client's COMMIT to the server, wait for the server's answer, and drop the
    /// connection instead of passing it on.
    AnswerToCommit,
}

struct Plan {
    cut: Cut,
    /// Bytes counted towards a byte cut since it was set.
    counted: usize,
}

pub struct Proxy {
    pub port: u16,
    plan: Arc<Mutex<Plan>>,
    cuts: Arc<AtomicUsize>,
}

impl Proxy {
    /// Listens on a free port and forwards every connection to 127.0.0.1:`upstream`.
    pub fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the proxy");
        let port = listener.local_addr().expect("its address").port();
        let plan = Arc::new(Mutex::new(Plan {
            cut: Cut::Never,
            counted: 0,
        }));
        let cuts = Arc::new(AtomicUsize::new(0));
        let (p, c) = (plan.clone(), cuts.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue; // The server is down: the client sees the connection close.
                };
                connection(client, server, p.clone(), c.clone());
            }
        });
        Proxy { port, plan, cuts }
    }

    /// Arms the next cut.
    pub fn cut(&self, cut: Cut) {
        let mut plan = self.plan.lock().unwrap();
        plan.cut = cut;
        plan.counted = 0;
    }

    /// How many connections were cut so far.
    pub fn cuts(&self) -> usize {
        self.cuts.load(Ordering::SeqCst)
    }
}

fn connection(
    client: TcpStream,
    server: TcpStream,
    plan: Arc<Mutex<Plan>>,
    cuts: Arc<AtomicUsize>,
) {
    let committing = Arc::new(AtomicBool::new(false));
    let cut_both = {
        let ends = [
            client.try_clone().expect("a socket clone"),
            server.try_clone().expect("a socket clone"),
        ];
        let cuts = cuts.clone();
        Arc::new(move || {
            cuts.fetch_add(1, Ordering::SeqCst);
            for end in &ends {
                let _ = end.shutdown(Shutdown::Both);
            }
        })
    };
    let (mut from_client, mut to_server) = (
        client.try_clone().expect("clone"),
        server.try_clone().expect("clone"),
    );
    let (mut from_server, mut to_client) = (server, client);
    {
        let plan = plan.clone();
        let committing = committing.clone();
        let cut_both = cut_both.clone();
        std::thread::spawn(move || {
            let mut buf = vec![0_u8; 16 * 1024];
            loop {
                let n = match from_client.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                {
                    let mut plan = plan.lock().unwrap();
                    match plan.cut {
                        Cut::ToServerAfter(limit) => {
                            plan.counted += n;
                            if plan.counted > limit {
                                plan.cut = Cut::Never;
                                drop(plan);
                                cut_both();
                                break;
                            }
                        }
                        Cut::AnswerToCommit if contains(&buf[..n], b"COMMIT") => {
                            plan.cut = Cut::Never;
                            // Set before the COMMIT leaves, so its answer cannot slip through.
                            committing.store(true, Ordering::SeqCst);
                        }
                        _ => {}
                    }
                }
                if to_server.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            let _ = to_server.shutdown(Shutdown::Write);
        });
    }
    std::thread::spawn(move || {
        let mut buf = vec![0_u8; 16 * 1024];
        loop {
            let n = match from_server.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if committing.load(Ordering::SeqCst) {
                // The server has answered the COMMIT: it committed. The client never hears it.
                cut_both();
                break;
            }
            {
                let mut plan = plan.lock().unwrap();
                if let Cut::ToClientAfter(limit) = plan.cut {
                    plan.counted += n;
                    if plan.counted > limit {
                        plan.cut = Cut::Never;
                        drop(plan);
                        cut_both();
                        break;
                    }
                }
            }
            if to_client.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to_client.shutdown(Shutdown::Write);
    });
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
