//! Where a run's time goes, stage by stage, for whoever works on
//! graphgen's speed: with `GRAPHGEN_STAGE_TIMES` set, each [`lap`] prints
//! `stage <label>: <ms>, cpu <ms>` to stderr: the wall time and the
//! process's CPU time since its clock started or last lapped (CPU over wall
//! is how many cores the stage kept busy, counting whatever ran beside it).
//! Without it a lap only restarts its clock, so the laps stay in the code
//! at no cost worth measuring. Where the OS tells it (Linux), a lap also
//! gives the resident memory at its end, because first touches of fresh
//! memory are a large part of a run's time.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("GRAPHGEN_STAGE_TIMES").is_some())
}

/// A clock for [`lap`]: when it started, in wall and CPU time.
pub struct Clock {
    wall: Instant,
    cpu_ms: f64,
}

impl Clock {
    fn now() -> Clock {
        // CPU time costs a system call: read only when laps are printed.
        Clock { wall: Instant::now(), cpu_ms: if enabled() { cpu_ms() } else { 0.0 } }
    }
}

/// A clock for [`lap`].
pub fn start() -> Clock {
    Clock::now()
}

/// Report the time since `clock` (started or last lapped) as `label`, and
/// restart it. Stages that run inside others report inside their laps.
pub fn lap(label: &str, clock: &mut Clock) {
    if enabled() {
        let elapsed = clock.wall.elapsed().as_secs_f64() * 1000.0;
        let cpu_used = cpu_ms() - clock.cpu_ms;
        match resident_mib() {
            Some(mib) => eprintln!("stage {label}: {elapsed:.1} ms, cpu {cpu_used:.1} ms, resident {mib} MiB"),
            None => eprintln!("stage {label}: {elapsed:.1} ms, cpu {cpu_used:.1} ms"),
        }
    }
    *clock = Clock::now();
}

/// The process's user and system time so far, in ms (0 where unknown).
fn cpu_ms() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
            return ms(usage.ru_utime) + ms(usage.ru_stime);
        }
    }
    0.0
}

/// Resident memory in MiB, from `/proc/self/statm` (its second field, in
/// pages of 4 KiB on the platforms graphgen runs on).
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}
