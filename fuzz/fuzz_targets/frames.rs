//! `cargo fuzz run frames`: the checks of `tests/fuzz_support/parsers.rs`, seeded from
//! `fuzz/corpus/frames` (written by `cargo test --test fuzz_stable`).

#![no_main]

// Each target uses one of the checks.
#[allow(dead_code)]
#[path = "../../tests/fuzz_support/parsers.rs"]
mod parsers;

libfuzzer_sys::fuzz_target!(|data: &[u8]| parsers::frames(data));
