//! The `rl-lint` command: a thin face over the library's engine call.

use clap::Parser;

mod cli;

/// mimalloc, not the system's allocator: a check allocates many small
/// strings and vectors, and glibc's malloc and free were a fifth of the
/// instructions of a cold run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`; the crate names
/// only the older options).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once, not after mimalloc's
/// 10 ms: for a run of one large report, whose stages free and allocate
/// megabytes within that time (the delay raised the peak of a 10 MB report
/// from 158 to 227 MB). A run of many keeps the delay (purging at once
/// cost 1000 reports 11 %), and so does one report of ordinary size.
fn purge_at_once() {
    // SAFETY: sets one of mimalloc's options, an integer it reads when it
    // next purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

fn main() {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let _ = err.print();
            // clap uses 0 for --help/--version and 2 for usage errors.
            std::process::exit(if err.use_stderr() { 2 } else { 0 });
        }
    };
    exit(cli::run(args));
}

/// Ends the process once standard output is flushed, without the C
/// library's exit handlers: they only tidy what the system takes back at
/// once (mimalloc walks and purges its arenas), 3 % of a cold check. No
/// destructor runs either way, and standard error is not buffered.
fn exit(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().lock().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` ends the process; nothing runs after it.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}
