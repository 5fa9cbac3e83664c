//! The open library, shared by every command, and swapped when the editor opens another.
//!
//! Library work never runs on the async runtime's threads: every command reaches the library
//! through [`AppState::run`], which runs it on tokio's blocking pool, so a long export, import or
//! backup cannot stall the event loop or the commands that need no library.
//!
//! Every change goes through the one writer connection ([`AppState::change`]). Reads that the
//! editor waits on while typing or scrolling (the list, search, a brief's preview, an issue)
//! go through [`AppState::read`], on reader connections of their own: with WAL they run beside
//! the writer, so an import, an export or a backup holding it never delays them.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};

use briefdesk_core::{Library, LibraryChange};

use crate::error::{ErrorCode, IpcError, IpcResult, shell_error};

/// The library, or why there is none: the error it failed to open with (its code kept), or
/// that it is being replaced. Every command then reports that, so the window can say so
/// instead of staying blank.
pub type Slot = Result<Library, IpcError>;

/// The event the window hears after each change to the library; its payload is a
/// [`LibraryChange`] saying what changed, so every view showing that data reads it again.
pub const LIBRARY_CHANGED_EVENT: &str = "library-changed";

/// Tells the window what a change touched (set once the window exists).
type Announce = Box<dyn Fn(&LibraryChange) + Send + Sync>;

pub struct AppState {
    /// Behind an `Arc` so that work on it can move to a blocking thread; one command at a time,
    /// so each sees a consistent library.
    library: Arc<Mutex<Slot>>,
    /// The file the window is on, opened or not: a library that failed to open still has
    /// backups to offer. Held only for a copy, so locked on any thread.
    path: Mutex<Option<PathBuf>>,
    announce: OnceLock<Announce>,
    /// Told after each change this window makes (the team sync's nudge); not after changes
    /// made elsewhere, which include the sync's own.
    edited: OnceLock<Box<dyn Fn() + Send + Sync>>,
    /// Moves on each time the library is replaced or closed: another connection's
    /// `data_version` is not comparable with the last one's.
    generation: Arc<AtomicU64>,
    /// How many checks of the whole library file are under way; changes wait until none is,
    /// so nothing is written over a library that turns out to be damaged.
    checks: Arc<(Mutex<usize>, Condvar)>,
    readers: Arc<Readers>,
    /// How many commands are waiting for the writer: a change done in steps lets them go first
    /// between its steps ([`AppState::change_in_steps`]).
    waiting: Arc<AtomicUsize>,
}

/// The reader connections of the open library file.
struct Readers {
    /// Where reads go now. Held (shared) by each read while it runs, so that closing or
    /// replacing the library waits for reads under way, and no reader outlives its file.
    from: RwLock<ReadFrom>,
    /// Readers of that file not in use, kept open for the next read (opening one costs about
    /// a millisecond; a few are enough for the reads a window makes at once).
    idle: Mutex<Vec<Library>>,
}

/// How many times (1 ms each) a change done in steps waits between steps for commands waiting
/// for the writer to take it first.
const STEP_YIELDS: usize = 50;

/// How many unused readers are kept open.
const IDLE_READERS: usize = 3;

enum ReadFrom {
    /// A library file: reader connections of its own.
    File(PathBuf),
    /// A library in memory (tests) has no file for readers to open: its writer answers.
    Writer,
    /// No library: why, as the writer's slot says.
    Unavailable(IpcError),
}

impl ReadFrom {
    fn of(slot: &Slot) -> ReadFrom {
        match slot {
            Ok(library) => ReadFrom::of_library(library),
            Err(why) => ReadFrom::Unavailable(why.clone()),
        }
    }

    fn of_library(library: &Library) -> ReadFrom {
        match library.path() {
            Some(path) => ReadFrom::File(path.to_path_buf()),
            None => ReadFrom::Writer,
        }
    }
}

impl Readers {
    /// Points reads at `to`, once the reads under way have ended; the unused readers of the
    /// file before are closed.
    fn point_at(&self, to: ReadFrom) {
        let mut from = self.from.write().unwrap_or_else(|e| e.into_inner());
        *from = to;
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// Where [`AppState::announce_outside_changes`] last saw the library: its generation and
/// SQLite's `data_version`.
pub type Seen = Option<(u64, i64)>;

impl AppState {
    pub fn new(library: Slot, path: Option<PathBuf>) -> Self {
        let readers = Arc::new(Readers {
            from: RwLock::new(ReadFrom::of(&library)),
            idle: Mutex::new(Vec::new()),
        });
        AppState {
            readers,
            library: Arc::new(Mutex::new(library)),
            path: Mutex::new(path),
            announce: OnceLock::new(),
            edited: OnceLock::new(),
            generation: Arc::new(AtomicU64::new(0)),
            checks: Arc::new((Mutex::new(0), Condvar::new())),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// A check of the library file has started (see `library_file::check_in_background`).
    pub fn begin_check(&self) {
        if let Ok(mut running) = self.checks.0.lock() {
            *running += 1;
        }
    }

    /// The check of the library at `path` has ended: if it found damage and that library is
    /// still the one open, it is closed (every command then says it is damaged, and the window
    /// offers its backups); then changes go ahead.
    pub fn end_check(&self, path: &Path, found: briefdesk_core::Result<()>) {
        if let Err(e) = found
            && e.code() == briefdesk_core::error::ErrorCode::Corrupt
            && self.path().ok().flatten().as_deref() == Some(path)
        {
            let why = IpcError::from(e);
            self.readers.point_at(ReadFrom::Unavailable(why.clone()));
            if let Ok(mut slot) = self.library.lock() {
                *slot = Err(why);
            }
            self.generation.fetch_add(1, Ordering::SeqCst);
            self.announce(&LibraryChange {
                library: true,
                ..LibraryChange::default()
            });
        }
        let (running, ended) = &*self.checks;
        if let Ok(mut running) = running.lock() {
            *running = running.saturating_sub(1);
        }
        ended.notify_all();
    }

    /// Waits (off the async threads) until no check of the library file is under way.
    async fn checked(&self) -> IpcResult<()> {
        let checks = Arc::clone(&self.checks);
        blocking(move || {
            let (running, ended) = &*checks;
            let mut running = running.lock().map_err(|_| poisoned())?;
            while *running > 0 {
                running = ended.wait(running).map_err(|_| poisoned())?;
            }
            Ok(())
        })
        .await?
    }

    /// Has every change from now on reported to `announce` (the window's `library-changed`).
    pub fn on_change(&self, announce: impl Fn(&LibraryChange) + Send + Sync + 'static) {
        if self.announce.set(Box::new(announce)).is_err() {
            tracing::warn!("changes to the library were already being announced");
        }
    }

    /// Has `edited` called after each change a command makes (the team sync's nudge).
    pub fn on_edit(&self, edited: impl Fn() + Send + Sync + 'static) {
        if self.edited.set(Box::new(edited)).is_err() {
            tracing::warn!("edits were already being reported");
        }
    }

    /// Tells the window that `change` happened; a change that touched nothing is not sent.
    pub fn announce(&self, change: &LibraryChange) {
        if *change == LibraryChange::default() {
            return;
        }
        if let Some(announce) = self.announce.get() {
            announce(change);
        }
    }

    /// Tells the window when another process (the CLI, a second window) committed to the open
    /// library since the last call, which saw it as `seen`. Never waits: while a command holds
    /// the library this call passes, and the next one looks. The library's own writes are
    /// announced by their commands and do not move its `data_version`.
    pub fn announce_outside_changes(&self, seen: &mut Seen) {
        let Ok(slot) = self.library.try_lock() else {
            return;
        };
        let now = match &*slot {
            Ok(library) => library
                .data_version()
                .ok()
                .map(|v| (self.generation.load(Ordering::SeqCst), v)),
            Err(_) => None,
        };
        drop(slot);
        let moved =
            matches!((*seen, now), (Some((g0, v0)), Some((g1, v1))) if g0 == g1 && v0 != v1);
        *seen = now;
        if moved {
            // What changed is not known: every view reads again what it shows.
            self.announce(&LibraryChange::everything());
        }
    }

    /// The library file the window is on, whether or not it could be opened (`None` in memory).
    pub fn path(&self) -> IpcResult<Option<PathBuf>> {
        Ok(self.path.lock().map_err(|_| poisoned())?.clone())
    }

    /// Whether the library is open, waiting for any command using it: for threads of their
    /// own (the backup timer), never for a command.
    pub fn is_open_blocking(&self) -> bool {
        self.library.lock().is_ok_and(|slot| slot.is_ok())
    }

    /// Runs `f` on the library off the async threads, and answers with what it returns; fails
    /// with the open failure's own error while there is no library.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Library) -> briefdesk_core::Result<T> + Send + 'static,
    ) -> IpcResult<T> {
        self.with_slot(move |slot| match slot {
            Ok(library) => Ok(f(library)?),
            Err(why) => Err(why.clone()),
        })
        .await?
    }

    /// Runs `f`, a read of the library, on a reader connection beside the writer (see the
    /// module's notes), off the async threads: it never waits for a command holding the writer.
    /// It sees what was committed when it began. `f` cannot change the library: changes go
    /// through [`Self::change`].
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Library) -> briefdesk_core::Result<T> + Send + 'static,
    ) -> IpcResult<T> {
        let readers = Arc::clone(&self.readers);
        let writer = Arc::clone(&self.library);
        blocking(move || {
            let from = readers.from.read().map_err(|_| poisoned())?;
            match &*from {
                ReadFrom::Unavailable(why) => Err(why.clone()),
                ReadFrom::Writer => {
                    drop(from);
                    match &*writer.lock().map_err(|_| poisoned())? {
                        Ok(library) => Ok(f(library)?),
                        Err(why) => Err(why.clone()),
                    }
                }
                ReadFrom::File(path) => {
                    let idle = readers.idle.lock().map_err(|_| poisoned())?.pop();
                    let reader = match idle {
                        Some(reader) => reader,
                        None => Library::open_reader(path)?,
                    };
                    let answer = f(&reader);
                    let mut idle = readers.idle.lock().map_err(|_| poisoned())?;
                    if idle.len() < IDLE_READERS {
                        idle.push(reader);
                    }
                    Ok(answer?)
                }
            }
        })
        .await?
    }

    /// Runs `f`, a change to the library, like [`Self::run`]; once it succeeded, tells the
    /// window what `what` says it touched. Every command that writes goes through here, so no
    /// view is left showing what the library no longer holds.
    pub async fn change<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Library) -> briefdesk_core::Result<T> + Send + 'static,
        what: impl FnOnce(&T) -> LibraryChange,
    ) -> IpcResult<T> {
        self.checked().await?;
        let done = self.run(f).await?;
        Ok(self.announced(done, what))
    }

    /// Runs `f` on the library or the reason there is none, off the async threads: for the
    /// few commands that also work without a library (listing backups).
    pub async fn with_slot<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Slot) -> T + Send + 'static,
    ) -> IpcResult<T> {
        let library = Arc::clone(&self.library);
        let waiting = Arc::clone(&self.waiting);
        blocking(move || {
            waiting.fetch_add(1, Ordering::SeqCst);
            let slot = library.lock();
            waiting.fetch_sub(1, Ordering::SeqCst);
            let mut slot = slot.map_err(|_| poisoned())?;
            Ok(f(&mut slot))
        })
        .await?
    }

    /// Runs a long change (an import) in steps, each on the writer, which is released between
    /// steps, and any command waiting for it goes first: a save waits for one step at most,
    /// never for the whole change. `first` begins it: finished at once (`Ok`), or the state
    /// (`Err`) that `step` then carries on with until it returns the result. Announced, like
    /// [`Self::change`], once it succeeded; a step that failed is announced as a change of
    /// anything (views may show what it had done). Fails if the library is closed or replaced
    /// between steps; the change must leave that library whole then (an import's unfinished
    /// parts are taken away when that library is next opened).
    pub async fn change_in_steps<S: Send + 'static, T: Send + 'static>(
        &self,
        first: impl FnOnce(&mut Library) -> briefdesk_core::Result<Result<T, S>> + Send + 'static,
        mut step: impl FnMut(&mut Library, &mut S) -> briefdesk_core::Result<Option<T>> + Send + 'static,
        what: impl FnOnce(&T) -> LibraryChange,
    ) -> IpcResult<T> {
        self.checked().await?;
        let began = self.generation.load(Ordering::SeqCst);
        let mut state = match self.run(first).await? {
            Ok(done) => return Ok(self.announced(done, what)),
            Err(state) => state,
        };
        let library = Arc::clone(&self.library);
        let generation = Arc::clone(&self.generation);
        let waiting = Arc::clone(&self.waiting);
        let done = blocking(move || -> IpcResult<T> {
            loop {
                // Commands that asked for the writer during the last step go first (a few
                // milliseconds at most each; bounded, so a stream of them cannot stop this).
                for _ in 0..STEP_YIELDS {
                    if waiting.load(Ordering::SeqCst) == 0 {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                let mut slot = library.lock().map_err(|_| poisoned())?;
                let library = match &mut *slot {
                    Ok(library) if generation.load(Ordering::SeqCst) == began => library,
                    _ => {
                        return Err(shell_error(
                            ErrorCode::LibraryUnavailable,
                            "the library was closed or replaced before this change finished; \
                             nothing of it was kept",
                        ));
                    }
                };
                if let Some(done) = step(library, &mut state)? {
                    return Ok(done);
                }
            }
        })
        .await?;
        match done {
            Ok(done) => Ok(self.announced(done, what)),
            Err(e) => {
                // Views refreshed between steps may show what the failed change took away again.
                if e.code != ErrorCode::LibraryUnavailable {
                    self.announce(&LibraryChange::everything());
                }
                Err(e)
            }
        }
    }

    /// Tells the window (and the team sync) of a change that succeeded, and returns it.
    fn announced<T>(&self, done: T, what: impl FnOnce(&T) -> LibraryChange) -> T {
        self.announce(&what(&done));
        if let Some(edited) = self.edited.get() {
            edited();
        }
        done
    }

    /// Puts `library` in place of the open one, which is closed (off the async threads) once
    /// no command holds it.
    pub async fn replace(&self, library: Library) -> IpcResult<()> {
        let path = library.path().map(Path::to_path_buf);
        let generation = Arc::clone(&self.generation);
        let readers = Arc::clone(&self.readers);
        self.with_slot(move |slot| {
            generation.fetch_add(1, Ordering::SeqCst);
            readers.point_at(ReadFrom::of_library(&library));
            drop(std::mem::replace(slot, Ok(library)));
        })
        .await?;
        *self.path.lock().map_err(|_| poisoned())? = path;
        Ok(())
    }

    /// Closes the library, if it is open, so its file can be replaced; commands meanwhile
    /// report `why` (code `library_unavailable`). Put a library back with [`Self::replace`].
    pub async fn close(&self, why: &str) -> IpcResult<()> {
        let why = shell_error(ErrorCode::LibraryUnavailable, why);
        let generation = Arc::clone(&self.generation);
        let readers = Arc::clone(&self.readers);
        self.with_slot(move |slot| {
            generation.fetch_add(1, Ordering::SeqCst);
            if slot.is_ok() {
                readers.point_at(ReadFrom::Unavailable(why.clone()));
                drop(std::mem::replace(slot, Err(why)));
            }
        })
        .await
    }
}

/// Runs blocking work (library and file work, a native dialog waiting for the editor) on
/// tokio's blocking pool, off the async runtime's few worker threads.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> IpcResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| shell_error(ErrorCode::Internal, stopped_midway(&e.to_string())))
}

/// What the editor is told when work stopped midway (a panic): that what was saved stays saved,
/// and where the log with the details is.
fn stopped_midway(why: &str) -> String {
    let log = match crate::logging::log_file() {
        Some(file) => format!("the details are in the log, {}", file.display()),
        None => "this run could not write its log file".to_string(),
    };
    format!(
        "Briefdesk hit an internal error and stopped this action ({why}); what was already \
         saved is kept. Try again, or restart Briefdesk; {log}"
    )
}

fn poisoned() -> IpcError {
    shell_error(
        ErrorCode::Internal,
        "an earlier command failed midway; restart Briefdesk",
    )
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use briefdesk_core::import::{ImportOptions, ImportStage};

    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        // One async thread: work that ran on it would hold up everything else.
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a tokio runtime")
    }

    #[test]
    fn work_that_panics_answers_with_an_internal_error_that_says_what_was_kept() {
        let answer = runtime().block_on(blocking(|| -> u32 { panic!("out of step") }));
        let Err(error) = answer else {
            panic!("a panic is an error, not an answer");
        };
        assert_eq!(error.code, ErrorCode::Internal);
        assert!(
            error.message.contains("internal error") && error.message.contains("saved is kept"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_slow_library_command_does_not_delay_a_fast_ones_reply() {
        let state = Arc::new(AppState::new(
            Library::open_in_memory().map_err(IpcError::from),
            None,
        ));
        let (release, released) = mpsc::channel::<()>();
        let (order, replies) = mpsc::channel::<&str>();
        runtime().block_on(async {
            let slow = {
                let (state, order) = (Arc::clone(&state), order.clone());
                tokio::spawn(async move {
                    // Holds the library until the fast reply is in, or gives up after 10 s.
                    let waited = state
                        .run(move |lib| {
                            let outcome = released.recv_timeout(Duration::from_secs(10));
                            lib.info().map(|_| outcome.is_ok())
                        })
                        .await;
                    let _ = order.send("slow");
                    waited
                })
            };
            // A command that needs no library, as the editor's preview is.
            let fast = tokio::spawn(async move {
                let html = crate::commands::briefs::render_markdown("**now**".into()).await;
                let _ = order.send("fast");
                let _ = release.send(());
                html
            });
            let html = fast.await.expect("the fast command ran");
            assert!(html.is_ok_and(|h| h.contains("<strong>now</strong>")));
            let slow = slow.await.expect("the slow command ran");
            assert_eq!(
                slow.ok(),
                Some(true),
                "the slow command was released by the fast one's reply, not by its timeout"
            );
        });
        assert_eq!(replies.try_iter().collect::<Vec<_>>(), ["fast", "slow"]);
    }

    const HELD: &str = "Xinhua: Held back by a long import\n\nThe import is stored, not yet \
                        committed.\n\nSource: Xinhua, November 3, 2020\n\
                        https://example.org/xinhua/held.html\n";

    #[test]
    fn a_read_does_not_wait_for_a_change_holding_the_writer() -> Result<(), IpcError> {
        let dir =
            tempfile::tempdir().map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?;
        let path = dir.path().join("library.sqlite3");
        let state = Arc::new(AppState::new(
            Library::open(&path).map_err(IpcError::from),
            Some(path.clone()),
        ));
        let date = chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap_or_default();
        runtime().block_on(async {
            state
                .change(
                    move |lib| lib.load_sample(date),
                    |_| LibraryChange::default(),
                )
                .await?;
            let before = state.read(|lib| lib.info()).await?.brief_count;
            assert!(before > 0);
            let (release, released) = mpsc::channel::<()>();
            let slow = {
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    // An import's preview (a dry run: one transaction, rolled back) holds the
                    // writer, its briefs stored but not committed, until the read below
                    // answered (or 10 s passed).
                    state
                        .change(
                            move |lib| {
                                let mut waited = false;
                                lib.import_with_progress(
                                    HELD.as_bytes(),
                                    &ImportOptions {
                                        dry_run: true,
                                        ..ImportOptions::default()
                                    },
                                    &mut |p| {
                                        if p.stage == ImportStage::Finishing {
                                            waited = released
                                                .recv_timeout(Duration::from_secs(10))
                                                .is_ok();
                                        }
                                    },
                                )?;
                                Ok(waited)
                            },
                            |_| LibraryChange::default(),
                        )
                        .await
                })
            };
            let _ = blocking(|| std::thread::sleep(Duration::from_millis(100))).await;
            let read = state.read(|lib| lib.info()).await?;
            let _ = release.send(());
            assert_eq!(read.brief_count, before, "the import is not committed yet");
            let released_by_the_read = slow
                .await
                .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))??;
            assert!(
                released_by_the_read,
                "the writer was released by the read's answer, not by its timeout"
            );
            assert_eq!(state.read(|lib| lib.info()).await?.brief_count, before);

            // Closed: reads answer as commands do, and open no reader of the file.
            state.close("being restored").await?;
            let answer = state.read(|lib| lib.info()).await;
            assert_eq!(
                answer.err().map(|e| e.code),
                Some(ErrorCode::LibraryUnavailable)
            );
            // In memory: the writer answers reads.
            state.replace(Library::open_in_memory()?).await?;
            assert_eq!(state.read(|lib| lib.info()).await?.brief_count, 0);
            Ok(())
        })
    }

    #[test]
    fn a_change_gets_in_between_the_steps_of_a_long_one() -> Result<(), IpcError> {
        let state = Arc::new(AppState::new(
            Library::open_in_memory().map_err(IpcError::from),
            None,
        ));
        let (done, finished) = mpsc::channel::<&str>();
        runtime().block_on(async {
            let (in_step, stepping) = mpsc::channel::<()>();
            let long = {
                let (state, done) = (Arc::clone(&state), done.clone());
                tokio::spawn(async move {
                    let steps = state
                        .change_in_steps(
                            |_| Ok(Err(0u32)),
                            move |lib, n| {
                                *n += 1;
                                let _ = in_step.send(());
                                // Each step holds the writer for a while, as a part of an
                                // import does.
                                std::thread::sleep(Duration::from_millis(150));
                                if *n < 4 {
                                    return Ok(None);
                                }
                                // What the last step finds: the save made between steps.
                                Ok(Some(lib.info()?.brief_count))
                            },
                            |_| LibraryChange::default(),
                        )
                        .await;
                    let _ = done.send("long");
                    steps
                })
            };
            let _ = blocking(move || stepping.recv_timeout(Duration::from_secs(10))).await;
            state
                .change(
                    |lib| {
                        lib.create_brief(&briefdesk_core::BriefDraft {
                            headline: "Typed while a long change runs".into(),
                            ..briefdesk_core::BriefDraft::default()
                        })
                    },
                    |_| LibraryChange::default(),
                )
                .await?;
            let _ = done.send("save");
            let seen = long
                .await
                .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))??;
            assert_eq!(seen, 1, "the save got in before the last step");
            Ok::<(), IpcError>(())
        })?;
        assert_eq!(
            finished.try_iter().collect::<Vec<_>>(),
            ["save", "long"],
            "the save waited for one step, not for all four"
        );
        Ok(())
    }

    #[test]
    fn changes_wait_for_the_check_of_the_file_and_a_damaged_library_is_closed_first() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("library.sqlite3");
        let state = Arc::new(AppState::new(
            Library::open(&path).map_err(IpcError::from),
            Some(path.clone()),
        ));
        let (heard, hear) = mpsc::channel::<LibraryChange>();
        state.on_change(move |change| {
            let _ = heard.send(change.clone());
        });
        state.begin_check();
        let date = chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap_or_default();
        runtime().block_on(async {
            // Reading goes ahead while the check runs: the window is usable at once.
            let read = state.run(|lib| lib.info()).await;
            assert!(read.is_ok(), "{read:?}");
            let write = {
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    state
                        .change(
                            move |lib| lib.load_sample(date),
                            |n| LibraryChange::issue(*n),
                        )
                        .await
                })
            };
            let _ = blocking(|| std::thread::sleep(Duration::from_millis(300))).await;
            assert!(!write.is_finished(), "the change waits for the check");
            let damaged = briefdesk_core::Error::Corrupt {
                path: path.clone(),
                detail: "Tree 7 page 12: btreeInitPage() returns error code 11".into(),
            };
            state.end_check(&path, Err(damaged));
            let written = write.await.expect("the change ran");
            let Err(error) = written else {
                panic!("a change was written to a damaged library");
            };
            assert_eq!(error.code, ErrorCode::Corrupt, "{}", error.message);
        });
        assert!(
            hear.try_iter().any(|c| c.library),
            "the window is told, and reads the library's state again"
        );
        let count = rusqlite_count(&path);
        assert_eq!(count, 0, "nothing was written");
    }

    fn rusqlite_count(path: &Path) -> i64 {
        let lib = Library::open(path).expect("the file itself is sound here");
        i64::from(lib.info().map(|i| i.brief_count).unwrap_or(u32::MAX))
    }

    #[test]
    fn a_change_is_announced_once_it_succeeded_and_a_failed_one_never() -> Result<(), IpcError> {
        let state = AppState::new(Library::open_in_memory().map_err(IpcError::from), None);
        let (heard, hear) = mpsc::channel::<LibraryChange>();
        state.on_change(move |change| {
            let _ = heard.send(change.clone());
        });
        runtime().block_on(async {
            let date = chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap_or_default();
            let number = state
                .change(
                    move |lib| lib.load_sample(date),
                    |n| LibraryChange::issue(*n),
                )
                .await?;
            let refused = state
                .change(|lib| lib.delete_issue(999), |_| LibraryChange::issue(999))
                .await;
            assert!(refused.is_err());
            // A change that touched nothing (a dry run) says nothing.
            state
                .change(|lib| lib.info(), |_| LibraryChange::default())
                .await?;
            assert_eq!(
                hear.try_iter().collect::<Vec<_>>(),
                [LibraryChange::issue(number)]
            );
            Ok(())
        })
    }

    #[test]
    fn a_commit_by_another_process_is_announced_and_the_windows_own_are_not() -> Result<(), IpcError>
    {
        let dir =
            tempfile::tempdir().map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?;
        let file = dir.path().join("library.sqlite3");
        let state = AppState::new(
            Library::open(&file).map_err(IpcError::from),
            Some(file.clone()),
        );
        let (heard, hear) = mpsc::channel::<LibraryChange>();
        state.on_change(move |change| {
            let _ = heard.send(change.clone());
        });
        let mut seen: Seen = None;
        state.announce_outside_changes(&mut seen);
        state.announce_outside_changes(&mut seen);
        assert!(seen.is_some());
        assert_eq!(hear.try_iter().count(), 0, "nothing changed yet");

        // The window's own change: announced by its command, not again by the poll.
        runtime().block_on(state.change(
            |lib| lib.add_tag("Window", None),
            |_| LibraryChange::default(),
        ))?;
        state.announce_outside_changes(&mut seen);
        assert_eq!(
            hear.try_iter().count(),
            0,
            "the window's own write is not an outside change"
        );

        // Another connection, as the CLI's is.
        Library::open(&file)?.add_tag("Outside", None)?;
        state.announce_outside_changes(&mut seen);
        assert_eq!(
            hear.try_iter().collect::<Vec<_>>(),
            [LibraryChange::everything()]
        );
        state.announce_outside_changes(&mut seen);
        assert_eq!(hear.try_iter().count(), 0, "announced once");

        // A library put in place of the open one starts afresh: no change is made up.
        runtime().block_on(state.replace(Library::open_in_memory()?))?;
        state.announce_outside_changes(&mut seen);
        state.announce_outside_changes(&mut seen);
        assert_eq!(hear.try_iter().count(), 0);
        Ok(())
    }

    #[test]
    fn with_no_library_every_command_reports_the_open_failures_own_code() {
        let failure = IpcError::new(ErrorCode::Corrupt, "the library /x is damaged");
        let state = AppState::new(Err(failure.clone()), Some(PathBuf::from("/x")));
        let answer = runtime().block_on(state.run(|lib| lib.info()));
        assert_eq!(answer.err(), Some(failure));
        assert!(!state.is_open_blocking());
    }

    #[test]
    fn a_closed_library_answers_library_unavailable_until_replaced() -> Result<(), IpcError> {
        let state = AppState::new(Library::open_in_memory().map_err(IpcError::from), None);
        runtime().block_on(async {
            state.close("being restored").await?;
            let answer = state.run(|lib| lib.info()).await;
            assert_eq!(
                answer.err().map(|e| e.code),
                Some(ErrorCode::LibraryUnavailable)
            );
            state.replace(Library::open_in_memory()?).await?;
            assert!(state.run(|lib| lib.info()).await.is_ok());
            Ok(())
        })
    }
}
