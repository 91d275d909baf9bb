//! The work a check does, counted so that growth can be compared without
//! wall time (which other processes inflate): the bytes the allocator
//! hands out on the calling thread, which the same input makes the same
//! whatever the load, and the thread's CPU time, which does not count the
//! time it waits for a CPU (what a loaded machine adds) but which shared
//! caches still slow a little. A CPU ratio over its limit is therefore
//! measured again, in alternating rounds that keep the least time of each
//! size, before it counts ([`compare`]): a linear path comes back under
//! its limit, a quadratic one (4 and 16 times over at ×4 and ×16) never
//! does. Hardware instruction counters would be exact, but the virtual
//! machines tests run on do not always have them. A test file that
//! measures installs the counting allocator:
//!
//! ```ignore
//! #[global_allocator]
//! static GLOBAL: support::work::Counting = support::work::Counting;
//! ```
//!
//! Without it, allocations count as zero and only time is compared.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::time::Duration;

/// Counts the bytes allocated, per thread: the other tests of a file run
/// at the same time.
pub struct Counting;

thread_local! {
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    // Ignored while the thread is being torn down.
    let _ = ALLOCATED.try_with(|total| total.set(total.get() + bytes as u64));
}

/// The bytes allocated on this thread so far.
pub fn allocated_here() -> u64 {
    ALLOCATED.try_with(Cell::get).unwrap_or(0)
}

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        System.realloc(ptr, layout, new_size)
    }
}

/// CPU time of the calling thread.
pub fn thread_cpu() -> Duration {
    // SAFETY: a zeroed timespec is valid; clock_gettime fills it.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The work of one check: CPU time and bytes allocated.
#[derive(Debug, Clone, Copy)]
pub struct Work {
    pub cpu: Duration,
    pub allocated: u64,
}

impl Work {
    /// The least of each over `runs` checks of `bytes`.
    pub fn of(engine: &rl_lint::engine::Engine, bytes: &[u8], name: &str, runs: usize) -> Work {
        Work::during(runs, || {
            engine.check(bytes, Path::new(name), &Default::default())
        })
    }

    /// The least of each over `runs` calls of `f` (what it returns is
    /// dropped inside the measure).
    pub fn during<T>(runs: usize, mut f: impl FnMut() -> T) -> Work {
        let mut best = Work {
            cpu: Duration::MAX,
            allocated: u64::MAX,
        };
        for _ in 0..runs.max(1) {
            let allocated = allocated_here();
            let started = thread_cpu();
            drop(f());
            let cpu = thread_cpu() - started;
            best = best.least(Work {
                cpu,
                allocated: allocated_here() - allocated,
            });
        }
        best
    }

    /// The least of each of `self` and `other`.
    pub fn least(self, other: Work) -> Work {
        Work {
            cpu: self.cpu.min(other.cpu),
            allocated: self.allocated.min(other.allocated),
        }
    }

    /// How many times `self` is `base`'s work, in time and in memory
    /// (times under 0.1 ms count as 0.1 ms: below it the clock is noise).
    pub fn ratios(&self, base: &Work) -> (f64, f64) {
        (
            self.cpu.as_secs_f64() / base.cpu.as_secs_f64().max(1e-4),
            self.allocated as f64 / base.allocated.max(1) as f64,
        )
    }
}

/// The engine with the built-in packs, as a plain check runs it.
pub fn engine() -> rl_lint::engine::Engine {
    rl_lint::engine::Engine::new(
        rl_lint::engine::config::Config::default(),
        &rl_lint::engine::Options::default(),
    )
    .expect("engine")
}

/// At most this many rounds measure a size again before its ratios count.
pub const ROUNDS: usize = 5;

/// The work on `scaled` against the work on ×1 (`one`, whose work so far
/// is `base`), each a check by `engine`: see [`compare_by`].
pub fn compare(
    engine: &rl_lint::engine::Engine,
    base: &mut Work,
    one: &[u8],
    scaled: &[u8],
    name: &str,
    limit: f64,
) -> (Work, f64, f64) {
    compare_by(
        base,
        || Work::of(engine, one, name, 1),
        || Work::of(engine, scaled, name, 1),
        limit,
    )
}

/// The work `scaled` measures against the work `one` measures (so far
/// `base`): `(work, cpu ratio, memory ratio)`. While either ratio is
/// `limit` or more, both are measured again, one after the other, up to
/// [`ROUNDS`] rounds, and each keeps its least time and allocation;
/// `base` keeps the least of ×1 for the next size. The time is measured
/// again for the noise of the clock; the allocation for what a process
/// builds once, on the first text that needs it: a built-in pattern
/// compiles when its search for needed words has cost about a
/// compilation, which a larger text reaches first.
pub fn compare_by(
    base: &mut Work,
    mut one: impl FnMut() -> Work,
    mut scaled: impl FnMut() -> Work,
    limit: f64,
) -> (Work, f64, f64) {
    let mut work = scaled();
    for _ in 1..ROUNDS {
        let (cpu, memory) = work.ratios(base);
        if cpu < limit && memory < limit {
            break;
        }
        *base = base.least(one());
        work = work.least(scaled());
    }
    let (cpu, memory) = work.ratios(base);
    (work, cpu, memory)
}
