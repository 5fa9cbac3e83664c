//! The app's log. On Windows a window program has no console, so what goes wrong must go to a
//! file: `briefdesk.log` in the OS's log folder ([`briefdesk_core::paths::log_dir`]), at most
//! [`MAX_LOG_BYTES`], the one before kept beside it as `briefdesk.log.1`. Each event, and the
//! end of each library operation the core traces (with its ids, counts and time taken, never
//! a brief's text), is one line. A debug build writes to stderr too.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tracing::Subscriber;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::layer::SubscriberExt;

pub const LOG_FILE: &str = "briefdesk.log";
/// Past this size the log starts again, the previous one kept as `briefdesk.log.1`.
pub const MAX_LOG_BYTES: u64 = 2 * 1024 * 1024;

/// The log file of this run, once [`init`] has opened one.
static LOG_PATH: OnceLock<PathBuf> = OnceLock::new();

/// Where this run logs to, if it has a log file: for messages that send the editor there.
pub fn log_file() -> Option<&'static Path> {
    LOG_PATH.get().map(PathBuf::as_path)
}

/// Logs to the log folder (and stderr in a debug build) for the rest of the run, panics
/// included. Returns the log file, or why there is none (then the log goes to stderr only).
pub fn init() -> Result<PathBuf, String> {
    let opened = briefdesk_core::paths::log_dir()
        .map_err(|e| e.to_string())
        .and_then(|dir| CappedFile::open(&dir, MAX_LOG_BYTES).map_err(|e| e.to_string()));
    let result = match opened {
        Ok(file) => {
            let path = file.path.clone();
            let to_stderr = cfg!(debug_assertions);
            let writer = Mutex::new(file).and(io::stderr.with_filter(move |_| to_stderr));
            install(subscriber(writer));
            let _ = LOG_PATH.set(path.clone());
            Ok(path)
        }
        Err(why) => {
            install(subscriber(io::stderr));
            Err(why)
        }
    };
    if let Err(why) = &result {
        tracing::warn!("no log file: {why}");
    }
    log_panics();
    result
}

/// A panic is logged with where it happened and its backtrace (a window program has no
/// console to print it on), then handled as it would have been.
fn log_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(
            "panic: {}\n{}",
            describe_panic(info),
            std::backtrace::Backtrace::force_capture()
        );
        default(info);
    }));
}

/// "what it said at file:line".
fn describe_panic(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let said = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    match info.location() {
        Some(at) => format!("{said} at {}:{}", at.file(), at.line()),
        None => said,
    }
}

fn install(subscriber: impl Subscriber + Send + Sync + 'static) {
    // Only fails if one is installed already, when that one goes on logging.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// How the app's log lines look, written to `writer`.
fn subscriber<W>(writer: W) -> impl Subscriber + Send + Sync + 'static
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    // D-Bus (single-instance, the clipper's hand-over) logs each connection's handshake at info.
    let quiet = Targets::new()
        .with_default(tracing::Level::INFO)
        .with_target("zbus", tracing::Level::WARN);
    tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(writer)
        .finish()
        .with(quiet)
}

/// An append-only file that starts again once it has grown past its limit.
pub struct CappedFile {
    path: PathBuf,
    file: File,
    len: u64,
    max: u64,
}

impl CappedFile {
    /// Opens (creating the folder and the file) `briefdesk.log` in `dir` to append to.
    pub fn open(dir: &Path, max: u64) -> io::Result<CappedFile> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(LOG_FILE);
        let file = File::options().create(true).append(true).open(&path)?;
        let len = file.metadata()?.len();
        Ok(CappedFile {
            path,
            file,
            len,
            max,
        })
    }

    /// The full log becomes `briefdesk.log.1` (replacing the one before), and a new one begins.
    fn start_again(&mut self) -> io::Result<()> {
        let mut older = self.path.clone().into_os_string();
        older.push(".1");
        std::fs::rename(&self.path, PathBuf::from(older))?;
        self.file = File::options()
            .create(true)
            .write(true)
            .truncate(true)
            .open(&self.path)?;
        self.len = 0;
        Ok(())
    }
}

impl Write for CappedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.len > 0 && self.len + buf.len() as u64 > self.max {
            self.start_again()?;
        }
        let written = self.file.write(buf)?;
        self.len += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A writer into memory shared with a test, to read what was logged.
#[cfg(test)]
pub struct Shared(pub std::sync::Arc<Mutex<Vec<u8>>>);

#[cfg(test)]
impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_file_is_created_and_holds_events_and_library_operations() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let logs = dir.path().join("logs");
        let file = CappedFile::open(&logs, MAX_LOG_BYTES)?;
        tracing::subscriber::with_default(subscriber(Mutex::new(file)), || {
            tracing::warn!("something to know");
            let lib = briefdesk_core::Library::open(dir.path().join("library.sqlite3"));
            assert!(lib.is_ok());
        });
        let text = std::fs::read_to_string(logs.join(LOG_FILE))?;
        assert!(
            text.contains("WARN") && text.contains("something to know"),
            "{text}"
        );
        // The core's span around opening the library, closed with its time.
        assert!(
            text.contains("open_library") && text.contains("close"),
            "{text}"
        );
        Ok(())
    }

    #[test]
    fn a_panic_is_logged_with_where_it_happened_and_its_backtrace() {
        let buffer = std::sync::Arc::new(Mutex::new(Vec::new()));
        let writer = Shared(std::sync::Arc::clone(&buffer));
        let logger = subscriber(Mutex::new(writer));
        // The hook is the process's; the subscriber only this thread's, so other tests'
        // panics (none are expected) would go to the default hook's stderr only.
        log_panics();
        let caught = tracing::subscriber::with_default(logger, || {
            std::panic::catch_unwind(|| panic!("the index was out of step"))
        });
        assert!(caught.is_err());
        let text = String::from_utf8_lossy(&buffer.lock().map(|b| b.clone()).unwrap_or_default())
            .into_owned();
        assert!(text.contains("ERROR"), "{text}");
        assert!(
            text.contains("panic: the index was out of step at src-tauri/src/logging.rs:"),
            "{text}"
        );
        // A backtrace follows (forced, whatever RUST_BACKTRACE says).
        assert!(text.lines().count() > 2, "{text}");
    }

    #[test]
    fn a_full_log_starts_again_and_keeps_the_one_before() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut file = CappedFile::open(dir.path(), 64)?;
        for line in ["first line, thirty-odd bytes long\n"; 3] {
            file.write_all(line.as_bytes())?;
        }
        file.flush()?;
        let current = std::fs::read_to_string(dir.path().join(LOG_FILE))?;
        let older = std::fs::read_to_string(dir.path().join("briefdesk.log.1"))?;
        assert_eq!(current.lines().count(), 1, "{current}");
        assert_eq!(older.lines().count(), 1, "{older}");
        // Appends after a restart, rather than overwriting.
        drop(file);
        let mut again = CappedFile::open(dir.path(), 1024)?;
        again.write_all(b"after a restart\n")?;
        let current = std::fs::read_to_string(dir.path().join(LOG_FILE))?;
        assert_eq!(current.lines().count(), 2, "{current}");
        Ok(())
    }
}
