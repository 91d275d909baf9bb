//! `rl-lint serve`: starts the checker page and the JSON API
//! (`rl_lint::server`) with the engine the flags and configuration set up.

use super::{load_config, report_error, ConfigArgs};
use rl_lint::engine::{self, Engine};
use rl_lint::server::{self, AppState, Limits};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on. The default serves this machine only;
    /// `0.0.0.0` serves the whole network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// The port (0 picks a free one and prints it).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Extra rule pack: a .yaml file or a folder of them. Repeatable.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Do not load the built-in packs.
    #[arg(long)]
    pub no_builtin: bool,

    /// Refuse reports larger than this (default 64MB); a request may carry
    /// a report and last year's report of this size.
    #[arg(long, value_name = "SIZE", value_parser = super::parse_size_arg)]
    pub max_file_size: Option<u64>,

    /// Checks run at once (default: the number of cores); others wait.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_checks: Option<u32>,

    /// Seconds a request may take, reading it included.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// Seconds a connection may take to send a request head, a new one or
    /// one kept alive between requests (the idle timeout); then it is
    /// closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,

    /// Seconds a request may take to send its body.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,

    /// Connections open at once; one more is closed at once.
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,

    /// Request bodies held in memory at once, all requests together
    /// (default: --max-checks bodies of the largest size).
    #[arg(long, value_name = "SIZE", value_parser = super::parse_size_arg)]
    pub body_memory: Option<u64>,

    /// Write no request log (by default one line per request on stderr).
    #[arg(long)]
    pub no_log: bool,

    /// An origin whose pages may post reports to the server (an OA system:
    /// `https://oa.example.gov.cn`). Repeatable. Others are refused.
    #[arg(long, value_name = "ORIGIN")]
    pub allow_origin: Vec<String>,
}

pub fn serve(args: ServeArgs) -> i32 {
    let options = engine::Options {
        rules: args.rules.clone(),
        no_builtin: args.no_builtin,
        max_file_size: args.max_file_size,
        ..engine::Options::default()
    };
    let engine = match load_config(&args.config)
        .map_err(rl_lint::engine::config::SetupError::from)
        .map_err(rl_lint::engine::EngineError::from)
        .and_then(|config| Engine::new(config, &options))
    {
        Ok(engine) => engine,
        Err(err) => {
            report_error(&err);
            return 2;
        }
    };
    // A server checks report after report for as long as it runs.
    engine.expect_much_text();
    let mut limits = Limits {
        request_timeout: Duration::from_secs(args.timeout),
        allowed_origins: args.allow_origin.clone(),
        header_timeout: Duration::from_secs(args.header_timeout),
        body_timeout: Duration::from_secs(args.body_timeout),
        max_connections: args.max_connections as usize,
        body_memory: args.body_memory,
        ..Limits::default()
    };
    if let Some(n) = args.max_checks {
        limits.max_checks = n as usize;
    }
    if !args.no_log {
        server::log::init();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "rl-lint: cannot start the server: {err}");
            return 2;
        }
    };
    runtime.block_on(async move {
        let listener = match server::bind(&args.host, args.port).await {
            Ok(listener) => listener,
            Err(err) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "rl-lint: cannot listen on {}:{}: {err}; choose another port with --port",
                    args.host,
                    args.port
                );
                return 2;
            }
        };
        let address = match listener.local_addr() {
            Ok(address) => address,
            Err(err) => {
                let _ = writeln!(std::io::stderr(), "rl-lint: cannot start the server: {err}");
                return 2;
            }
        };
        let _ = writeln!(
            std::io::stderr(),
            "rl-lint: 检查页面已启动：http://{address}/ （按 Ctrl+C 停止）"
        );
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match server::serve(listener, AppState::new(engine, limits), shutdown).await {
            Ok(()) => 0,
            Err(err) => {
                let _ = writeln!(std::io::stderr(), "rl-lint: the server stopped: {err}");
                2
            }
        }
    })
}
