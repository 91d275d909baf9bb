//! A check's deadline: a time budget and a cancel flag, which every stage
//! polls between units of its work (the document model between its
//! passes, each check kind per block, the engine between rules, the
//! renderers per finding). A face that must answer in time (the checker
//! page, the language server) sets a budget; a face that can wait (the
//! command line) sets none unless asked (`--timeout`).
//!
//! Over its budget, or cancelled, a check stops at once with
//! [`Stopped`]; the engine turns that into one finding,
//! [`STOPPED_RULE`], instead of findings that would look complete.
//!
//! Polling is cheap: a relaxed atomic load and, when a budget is set, a
//! read of the monotonic clock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The rule id of the one finding a stopped check gets.
pub const STOPPED_RULE: &str = "rl-lint/stopped";

/// When a check must stop. The default never stops.
#[derive(Debug, Clone, Default)]
pub struct Deadline {
    /// When the clock started.
    started: Option<Instant>,
    /// When it runs out.
    end: Option<Instant>,
    /// Set by another thread to stop the check now.
    cancel: Option<Arc<AtomicBool>>,
}

/// A check stopped by its deadline: how long it had run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    pub elapsed: Duration,
    /// Stopped by the cancel flag rather than the budget.
    pub cancelled: bool,
}

impl Deadline {
    /// No budget, no cancel flag: never stops.
    pub const NONE: Deadline = Deadline {
        started: None,
        end: None,
        cancel: None,
    };

    /// No budget, no cancel flag: never stops.
    pub fn none() -> Deadline {
        Deadline::NONE
    }

    /// A deadline `budget` from now (none when `budget` is `None`),
    /// stopped early when `cancel` is set.
    pub fn start(budget: Option<Duration>, cancel: Option<Arc<AtomicBool>>) -> Deadline {
        let now = Instant::now();
        Deadline {
            started: Some(now),
            end: budget.and_then(|b| now.checked_add(b)),
            cancel,
        }
    }

    /// How long since the clock started.
    pub fn elapsed(&self) -> Duration {
        self.started.map(|s| s.elapsed()).unwrap_or_default()
    }

    /// Whether the check must stop now.
    pub fn is_over(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
            || self.end.is_some_and(|end| Instant::now() >= end)
    }

    /// `Err` when the check must stop now.
    pub fn check(&self) -> Result<(), Stopped> {
        if self.is_over() {
            Err(Stopped {
                elapsed: self.elapsed(),
                cancelled: self
                    .cancel
                    .as_ref()
                    .is_some_and(|c| c.load(Ordering::Relaxed)),
            })
        } else {
            Ok(())
        }
    }
}

impl Stopped {
    /// What the writer is told, in Chinese: that the check was stopped,
    /// why, and how long it ran.
    pub fn message(&self) -> String {
        let ran = format_duration(self.elapsed);
        if self.cancelled {
            format!("检查已被取消（已运行{ran}），未完成，没有检查结果。")
        } else {
            format!("检查超出时间限制，已停止（已运行{ran}），未完成，没有检查结果。")
        }
    }
}

/// A duration as a writer reads it: 「1.5秒」, 「120毫秒」.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}毫秒")
    } else {
        format!("{:.1}秒", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_deadline_never_stops() {
        assert!(Deadline::none().check().is_ok());
        assert!(Deadline::start(None, None).check().is_ok());
    }

    #[test]
    fn a_spent_budget_stops() {
        let deadline = Deadline::start(Some(Duration::ZERO), None);
        let stopped = deadline.check().expect_err("over");
        assert!(!stopped.cancelled);
        assert!(stopped.message().contains("超出时间限制"));
        assert!(Deadline::start(Some(Duration::from_secs(3600)), None)
            .check()
            .is_ok());
    }

    #[test]
    fn the_cancel_flag_stops() {
        let flag = Arc::new(AtomicBool::new(false));
        let deadline = Deadline::start(None, Some(flag.clone()));
        assert!(deadline.check().is_ok());
        flag.store(true, Ordering::Relaxed);
        let stopped = deadline.check().expect_err("cancelled");
        assert!(stopped.cancelled);
        assert!(stopped.message().contains("取消"));
    }

    #[test]
    fn durations_read_in_chinese() {
        assert_eq!(format_duration(Duration::from_millis(120)), "120毫秒");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5秒");
    }
}
