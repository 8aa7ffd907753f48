//! The parsers' fuzz checks and their seeds, shared by `tests/fuzz_stable.rs` and the
//! libfuzzer targets in `fuzz/`.
#![allow(dead_code)] // the fuzz targets use the checks without the seeds

pub mod parsers;
pub mod seeds;
