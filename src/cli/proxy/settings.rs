//! The limits and timeouts the proxy runs with, once checked (`--max-*`, `--*-timeout`,
//! `--shutdown-grace`, `--health-path`).

use std::time::Duration;

/// The settings the proxy runs with.
pub(crate) struct Settings {
    pub(crate) max_connections: u32,
    pub(crate) max_buffered: usize,
    pub(crate) max_body: usize,
    pub(crate) buffer_timeout: Duration,
    pub(crate) header_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) upstream_timeout: Duration,
    pub(crate) shutdown_grace: Duration,
    pub(crate) health_path: String,
}
