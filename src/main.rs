//! The `rl-lint` command: a thin face over the library's engine call.

use clap::Parser;

mod cli;

/// mimalloc, not the system's allocator: a check allocates many small
/// strings and vectors, and glibc's malloc and free were a fifth of the
/// instructions of a cold run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let _ = err.print();
            // clap uses 0 for --help/--version and 2 for usage errors.
            std::process::exit(if err.use_stderr() { 2 } else { 0 });
        }
    };
    std::process::exit(cli::run(args));
}
