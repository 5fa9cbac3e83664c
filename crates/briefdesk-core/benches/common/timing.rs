//! Plain timing shared by the benchmarks: the p95 figures quoted against the budgets, printed
//! before criterion's means.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Times `runs` calls of `op` after `warm_up` untimed ones and prints the median, p95 and worst.
pub fn p95(name: &str, warm_up: usize, runs: usize, mut op: impl FnMut() -> usize) {
    for _ in 0..warm_up {
        op();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(op());
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((q * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "p95 {name}: {:.2} ms   (median {:.2} ms, max {:.2} ms)",
        ms(at(0.95)),
        ms(at(0.5)),
        ms(at(1.0))
    );
}

/// Prints latencies already measured: the quantile `q` (as `p95` or `p99`, which
/// `cargo xtask bench` reads), the median, the worst and how many.
#[allow(dead_code)] // Not every benchmark including this file uses it.
pub fn report(name: &str, times: &[Duration], q: f64) {
    if times.is_empty() {
        println!("{name}: nothing measured");
        return;
    }
    let mut times = times.to_vec();
    times.sort();
    let at = |q: f64| times[((q * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "p{} {name}: {:.2} ms   (median {:.2} ms, max {:.2} ms, {} asked for)",
        (q * 100.0).round(),
        ms(at(q)),
        ms(at(0.5)),
        ms(at(1.0)),
        times.len()
    );
}
