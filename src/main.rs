//! The `rl-lint` command: a thin face over the library's engine call.

use clap::Parser;

mod cli;

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
