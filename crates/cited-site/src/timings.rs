//! How long each stage of a build took, for `cited build --timings`.
//!
//! Stages record themselves by name; the list keeps their order, so the report reads like the
//! pipeline. A stage recorded twice (a rebuild, a nested call) adds up under its first place.

use std::time::{Duration, Instant};

/// Named stage durations, in the order the stages first ran.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// No stages yet.
    pub fn new() -> Self {
        Timings::default()
    }

    /// Runs `f`, recording how long it took under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.add(stage, start.elapsed());
        value
    }

    /// Adds `took` to `stage`.
    pub fn add(&mut self, stage: &'static str, took: Duration) {
        match self.stages.iter_mut().find(|(name, _)| *name == stage) {
            Some((_, total)) => *total += took,
            None => self.stages.push((stage, took)),
        }
    }

    /// Appends every stage of `other`.
    pub fn extend(&mut self, other: Timings) {
        for (stage, took) in other.stages {
            self.add(stage, took);
        }
    }

    /// The stages, in order.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_first_order_and_adds_repeats() {
        let mut t = Timings::new();
        t.add("load", Duration::from_millis(2));
        t.add("check", Duration::from_millis(3));
        t.add("load", Duration::from_millis(5));
        assert_eq!(
            t.stages(),
            &[
                ("load", Duration::from_millis(7)),
                ("check", Duration::from_millis(3))
            ]
        );
        let v = t.time("render", || 4);
        assert_eq!(v, 4);
        assert_eq!(t.stages().len(), 3);
    }
}
