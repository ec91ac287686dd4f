//! Costliest first: the generated files are made in parallel, and the few
//! big ones (a request file of 900 operations, the type every entity
//! derives from) take as long as hundreds of small ones. Split in halves
//! the way a parallel iterator splits, the big files could end up one
//! after another on one core while the other ran out of work; here each
//! worker takes the costliest file left, so they start first and the small
//! ones fill in around them.

use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` of every item, in parallel, the costliest (by `cost`) started
/// first; the results in the items' order.
pub fn costliest_first<T: Sync, R: Send>(items: &[T], cost: impl Fn(&T) -> usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut queue: Vec<usize> = (0..items.len()).collect();
    // Stable: items of one cost keep their order.
    queue.sort_by_key(|&index| std::cmp::Reverse(cost(&items[index])));
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().max(1);
    let mut done: Vec<(usize, R)> = (0..workers)
        .into_par_iter()
        .flat_map_iter(|_| {
            let mut mine = Vec::new();
            while let Some(&index) = queue.get(next.fetch_add(1, Ordering::Relaxed)) {
                mine.push((index, work(&items[index])));
            }
            mine
        })
        .collect();
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_once_in_item_order() {
        let items: Vec<usize> = (0..500).map(|i| (i * 37) % 101).collect();
        let out = costliest_first(&items, |&x| x, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn the_costliest_start_first() {
        // One worker: the order of work is the order of cost.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
        let started = std::sync::Mutex::new(Vec::new());
        pool.install(|| {
            costliest_first(&[3usize, 9, 1, 9, 5], |&x| x, |&x| started.lock().expect("not poisoned").push(x));
        });
        assert_eq!(started.into_inner().expect("not poisoned"), vec![9, 9, 5, 3, 1]);
    }
}
