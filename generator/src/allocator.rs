//! Allocator settings for one-shot runs (the CLI's commands other than
//! `--watch`, and the corpus bench that measures them).
//!
//! mimalloc gives freed memory back to the OS after a short delay
//! ("purging") and takes it back later through fresh page faults, each of
//! which zeroes a page: a 2 MiB one where transparent huge pages are on. A
//! generation frees and reallocates hundreds of megabytes of token trees
//! within a second. On the corpus, three runs in eight spent 0.4 to 1.1 s of
//! system time faulting back memory they had just given away, which made
//! those runs 30 to 60% slower than the others. A run that ends within
//! seconds gains nothing from purging, because the OS takes everything back
//! at exit. Without purging, peak memory stays the same.
//!
//! Every fresh page a run touches costs a fault that zeroes it, about 1 ms
//! per MiB on the machines measured, so memory the allocator holds beyond
//! the live heap is time. The workspace builds mimalloc v2 (its `v2`
//! feature), not v3, the crate's default: v3 takes its memory from one
//! arena with transparent huge pages and committed 248 MB for a
//! whole-reference run whose live heap peaks near 130 MB (valgrind massif);
//! v2 commits about 182 MB, and in 15 paired runs took 2.7% less CPU and
//! 1.6% less wall time (medians). Asking v2 for huge pages
//! (`MIMALLOC_ALLOW_LARGE_OS_PAGES=1`) measured no better, so transparent
//! huge pages are left as the system has them.

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`; the same value in v2
/// and v3). `libmimalloc-sys` does not name this option.
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// While the returned guard lives, freed memory stays in the process. For
/// a one-shot command, held until exit; a long-running `--watch` session
/// does not take it, so it gives memory back between generations. Does
/// nothing without the `mimalloc` feature, and has no effect when mimalloc
/// is not the global allocator.
#[must_use = "purging comes back when the guard is dropped"]
pub fn keep_freed_memory() -> FreedMemoryKept {
    #[cfg(feature = "mimalloc")]
    // SAFETY: `mi_option_get` and `mi_option_set` only read and store an
    // option value, from any thread at any time; -1 is the documented
    // "never purge" value.
    let previous = unsafe {
        let previous = libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        previous
    };
    FreedMemoryKept {
        #[cfg(feature = "mimalloc")]
        previous,
    }
}

/// Restores the purge delay it replaced when dropped.
pub struct FreedMemoryKept {
    #[cfg(feature = "mimalloc")]
    previous: std::os::raw::c_long,
}

impl Drop for FreedMemoryKept {
    fn drop(&mut self) {
        #[cfg(feature = "mimalloc")]
        // SAFETY: as in `keep_freed_memory`.
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, self.previous)
        };
    }
}

#[cfg(all(test, feature = "mimalloc"))]
mod tests {
    use super::*;
    use libmimalloc_sys::mi_option_get;

    /// The index is the option mimalloc fills from `MIMALLOC_PURGE_DELAY`:
    /// a child test process gets that variable and reads the option back.
    #[test]
    fn the_index_is_the_option_named_purge_delay() {
        const PROBE: &str = "GRAPHGEN_ALLOCATOR_PROBE";
        if std::env::var_os(PROBE).is_some() {
            assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, 777);
            return;
        }
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "allocator::tests::the_index_is_the_option_named_purge_delay"])
            .env(PROBE, "1")
            .env("MIMALLOC_PURGE_DELAY", "777")
            .status()
            .unwrap();
        assert!(status.success(), "the child read another value for option {MI_OPTION_PURGE_DELAY}");
    }

    #[test]
    fn purging_is_off_while_the_guard_lives() {
        let before = unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) };
        let kept = keep_freed_memory();
        assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, -1);
        drop(kept);
        assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, before);
    }
}
