//! A newsroom's shared library on PostgreSQL. Each editor keeps a full SQLite replica (the core's
//! `Library`); this crate speaks to the team's server: it creates and upgrades the server's schema,
//! uploads a library to start a team (`init`), makes a new replica from the server (`join`),
//! and syncs a replica's briefs both ways (`sync`).
//!
//! Everything here is async on tokio (tokio-postgres); the CLI drives it from a small runtime.

mod connect;
mod error;
mod lease;
mod members;
mod password;
mod pgpass;
mod presence;
mod replica;
mod schema;
mod sync;
mod sync_issues;
mod tls;
mod upload;

pub use connect::{ServerAddress, connect};
pub use error::{Error, Result};
pub use lease::{LEASE_TIME, Lease, leases, release_lease, take_lease};
pub use members::{Member, Role, grant, members};
pub use password::{PasswordSource, Saved};
pub use presence::{FRESH_SECONDS, Presence, clear_presence, others_editing, set_presence};
pub use replica::{Downloaded, TeamStatus, download, status};
pub use schema::{SCHEMA_VERSION, migrate};
pub use sync::{SyncReport, pull, push, sync};
pub use upload::{Uploaded, upload};

/// Every sync write takes this advisory lock (transaction-scoped) before drawing a change number,
/// so change numbers become visible in the order they are drawn. The value is "BRFD" in ASCII.
pub(crate) const CHANGE_LOCK: i64 = 0x4252_4644;
