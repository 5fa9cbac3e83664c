//! What can go wrong talking to a team's server, said so an editor knows what to do next.

/// A team operation's failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address the editor gave could not be read.
    #[error("the server address {address:?} is not valid: {reason}")]
    Address { address: String, reason: String },
    /// The server could not be reached or refused the login.
    #[error("could not connect to the team's server at {server}: {reason}")]
    Connect { server: String, reason: String },
    /// A remote server without a verified TLS connection, which is refused so a password never
    /// crosses a network bare or to whoever answers in the server's place.
    #[error(
        "{server} is not on this machine, and a server elsewhere must be reached over TLS that \
         checks its certificate (sslmode=verify-full, the default for a server elsewhere, or \
         verify-ca); the address asks for sslmode={mode}: remove it. If the server's certificate \
         comes from your organisation's own CA, add sslrootcert=FILE with that CA's certificate \
         (or reach the server through an SSH tunnel as localhost)"
    )]
    NeedsTls { server: String, mode: String },
    /// The TLS handshake failed: most often a certificate this machine does not trust.
    #[error(
        "could not connect to the team's server at {server} over TLS: {reason}. If the server's \
         certificate comes from your organisation's own CA, give that CA's certificate with \
         sslrootcert=FILE in the server address; if the server has no TLS, ask its \
         administrator to turn it on (ssl = on)"
    )]
    Tls { server: String, reason: String },
    /// The server holds a schema from a newer Briefdesk.
    #[error(
        "the team's library on the server is schema version {found}; this Briefdesk knows up to \
         version {known}: update Briefdesk"
    )]
    NewerSchema { found: i32, known: i32 },
    /// The server already holds a team library, so starting another there would mix two.
    #[error(
        "the server already holds a team library ({briefs} briefs, {issues} issues); join it \
         instead of starting a new one"
    )]
    AlreadyTeam { briefs: i64, issues: i64 },
    /// The server holds no team library yet.
    #[error("the server holds no team library yet; start one with `briefdesk team init`")]
    NoTeam,
    /// The signed-in login's role does not allow what was asked.
    #[error("{0}")]
    NotAllowed(String),
    /// A sync asked of a library that follows no team.
    #[error(
        "this library is not a team's replica; start a team with `briefdesk team init` or join one"
    )]
    NotReplica,
    /// Something stored on the server could not be read back as Briefdesk wrote it.
    #[error("the team's library on the server holds {what} that cannot be read: {reason}")]
    Stored { what: String, reason: String },
    /// The local library refused what came from the server (or what was to be sent).
    #[error(transparent)]
    Library(#[from] briefdesk_core::Error),
    /// The server failed a statement.
    #[error("the team's server refused: {0}")]
    Server(String),
    /// A file (the password file) could not be read.
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        // The server's own message (with its detail) says more than the driver's summary.
        match e.as_db_error() {
            Some(db) => match db.detail() {
                Some(detail) => Error::Server(format!("{} ({detail})", db.message())),
                None => Error::Server(db.message().to_owned()),
            },
            None => Error::Server(e.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
