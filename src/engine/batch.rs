//! Many reports on all cores: the work for each item runs in parallel
//! (rayon), the results come back in the order of the items, a chunk at a
//! time, so that output is deterministic and only one chunk of reports is
//! held in memory, however many there are.

use rayon::prelude::*;

/// Items per core handed out at once: enough to keep every core busy to
/// the end of a chunk, few enough to keep memory small.
const CHUNK_PER_THREAD: usize = 8;

/// Runs `work` on every item in parallel and passes the results to `sink`
/// in the order of `items`.
pub fn for_each_ordered<T, R>(items: &[T], work: impl Fn(&T) -> R + Sync, mut sink: impl FnMut(R))
where
    T: Sync,
    R: Send,
{
    let chunk = CHUNK_PER_THREAD * rayon::current_num_threads();
    for items in items.chunks(chunk.max(1)) {
        let results: Vec<R> = items.par_iter().map(&work).collect();
        results.into_iter().for_each(&mut sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_item_order() {
        let items: Vec<u64> = (0..1000).collect();
        let mut seen = Vec::new();
        for_each_ordered(
            &items,
            |&n| {
                // Uneven work, so that items finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((n * 7919) % 50));
                n * 2
            },
            |r| seen.push(r),
        );
        assert_eq!(seen, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }
}
