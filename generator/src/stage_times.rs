//! Where a run's time goes, stage by stage, for whoever works on
//! graphgen's speed: with `GRAPHGEN_STAGE_TIMES` set, each [`lap`] prints
//! `stage <label>: <ms>` to stderr. Without it a lap only restarts its
//! clock, so the laps stay in the code at no cost worth measuring.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("GRAPHGEN_STAGE_TIMES").is_some())
}

/// A clock for [`lap`].
pub fn start() -> Instant {
    Instant::now()
}

/// Report the time since `clock` (started or last lapped) as `label`, and
/// restart it. Stages that run inside others report inside their laps.
pub fn lap(label: &str, clock: &mut Instant) {
    if enabled() {
        eprintln!(
            "stage {label}: {:.1} ms",
            clock.elapsed().as_secs_f64() * 1000.0
        );
    }
    *clock = Instant::now();
}
