//! What the packs declare that the stages below the pack loader read: the
//! parts catalogue (the document model maps a report onto it, the checks
//! judge it) and a report type's publication deadline (the `date-window`
//! checks use it). The loader in [`crate::packs`] builds these from YAML;
//! they sit below the document model so that nothing reads upwards.

pub mod parts;

use crate::text::pattern::Pattern;

/// A report type's publication deadline: `MM-DD`, for which units (all
/// when `None`), and who it is for (「政府部门」), for messages.
#[derive(Debug, Clone)]
pub struct Deadline {
    pub month_day: (u32, u32),
    pub unit: Option<Pattern>,
    pub label: String,
}
