//! The IPC commands, one module per area; each is a few lines over the core.

pub mod backups;
pub mod briefs;
pub mod clipper;
pub mod feeds;
pub mod issues;
pub mod layouts;
pub mod library;
pub mod sources;
pub mod team;
pub mod transfer;
pub mod updates;
pub mod web;
