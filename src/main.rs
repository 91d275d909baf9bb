use clap::Parser;

fn main() {
    let args = match rl_lint::cli::Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let _ = err.print();
            // clap uses 0 for --help/--version and 2 for usage errors.
            std::process::exit(if err.use_stderr() { 2 } else { 0 });
        }
    };
    std::process::exit(rl_lint::cli::run(args));
}
