//! A bounded fuzz run on stable Rust, so that a parser regression fails the build: each
//! parser reachable from the network gets arbitrary bytes and structured mutations of
//! the recorded transcripts (bytes flipped, inserted, deleted, repeated, cut short, and
//! numbers swapped for absurd ones), a fixed number of cases each, from a fixed seed.
//! The same seeds are written to `fuzz/corpus/<parser>/` for `cargo fuzz`.

mod fuzz_support;
mod support;

use fuzz_support::parsers::PARSERS;
use fuzz_support::seeds::seeds;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Cases per parser and kind; keeps the whole run to seconds in a debug build.
const CASES: u32 = 1000;

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: usize,
        byte: u8,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Repeat {
        at: usize,
        len: usize,
        times: usize,
    },
    CutAt {
        at: usize,
    },
    /// Replaces the digits at `at` with an absurd number.
    Number {
        at: usize,
        which: usize,
    },
}

const ABSURD: [&str; 6] = [
    "0",
    "-1",
    "-99999",
    "4294967296",
    "99999999999999999999",
    "",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), 1..64usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1..32usize, 2..20usize).prop_map(|(at, len, times)| Mutation::Repeat {
            at,
            len,
            times
        }),
        any::<usize>().prop_map(|at| Mutation::CutAt { at }),
        (any::<usize>(), 0..ABSURD.len()).prop_map(|(at, which)| Mutation::Number { at, which }),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        let len = bytes.len();
        let at = |at: usize| if len == 0 { 0 } else { at % len };
        match mutation {
            Mutation::Flip { at: i, byte } if len > 0 => bytes[at(*i)] = *byte,
            Mutation::Flip { .. } => {}
            Mutation::Insert { at: i, bytes: new } => {
                let i = at(*i);
                bytes.splice(i..i, new.iter().copied());
            }
            Mutation::Delete { at: i, len: n } => {
                let i = at(*i);
                bytes.drain(i..(i + n).min(len));
            }
            Mutation::Repeat {
                at: i,
                len: n,
                times,
            } => {
                let i = at(*i);
                let piece = bytes[i..(i + n).min(len)].to_vec();
                for _ in 1..*times {
                    bytes.splice(i..i, piece.iter().copied());
                }
            }
            Mutation::CutAt { at: i } => bytes.truncate(at(*i)),
            Mutation::Number { at: i, which } => {
                let start = at(*i);
                if let Some(first) = bytes[start..].iter().position(u8::is_ascii_digit) {
                    let first = start + first;
                    let end = bytes[first..]
                        .iter()
                        .position(|b| !b.is_ascii_digit())
                        .map_or(bytes.len(), |n| first + n);
                    bytes.splice(first..end, ABSURD[*which].bytes());
                }
            }
        }
    }
    bytes
}

fn runner(stream: u8) -> TestRunner {
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &[stream; 32]),
    )
}

#[test]
fn every_parser_survives_arbitrary_and_mutated_input() {
    let mut report = Vec::new();
    for (index, (name, parse)) in PARSERS.iter().enumerate() {
        let seeds = seeds(name);
        assert!(!seeds.is_empty(), "{name}: no seeds in the transcripts");
        let cases = std::cell::Cell::new(0u32);
        runner(index as u8)
            .run(&vec(any::<u8>(), 0..2048), |bytes| {
                cases.set(cases.get() + 1);
                parse(&bytes);
                Ok(())
            })
            .unwrap_or_else(|failure| panic!("{name}, arbitrary bytes: {failure}"));
        let seeded = (0..seeds.len(), vec(mutation(), 1..6));
        runner(index as u8 + 100)
            .run(&seeded, |(seed, mutations)| {
                cases.set(cases.get() + 1);
                parse(&mutate(seeds[seed].clone(), &mutations));
                Ok(())
            })
            .unwrap_or_else(|failure| panic!("{name}, mutated transcript input: {failure}"));
        for seed in &seeds {
            parse(seed);
        }
        report.push(format!(
            "{name}: {} cases + {} seeds",
            cases.get(),
            seeds.len()
        ));
    }
    println!("fuzz cases per parser, no panics: {}", report.join("; "));
}

/// Inputs on which `cargo fuzz run <parser>` once failed a check; each passes it now.
const FOUND_BY_CARGO_FUZZ: [(&str, &[u8]); 1] = [("msn_object", b"%30")];

#[test]
fn inputs_cargo_fuzz_found_pass_their_checks() {
    for (name, input) in FOUND_BY_CARGO_FUZZ {
        let (_, check) = PARSERS
            .iter()
            .find(|(parser, _)| *parser == name)
            .expect("a parser of that name");
        check(input);
    }
}

/// Writes each parser's seeds where `cargo fuzz run <parser>` looks for its corpus.
#[test]
fn seed_corpora_are_written_for_cargo_fuzz() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, _) in PARSERS {
        let folder = corpus.join(name);
        std::fs::create_dir_all(&folder).expect("create corpus folder");
        let seeds = seeds(name);
        for (n, seed) in seeds.iter().enumerate() {
            std::fs::write(folder.join(format!("transcript-{n:04}")), seed).expect("write seed");
        }
        assert!(folder.join("transcript-0000").is_file(), "{name}");
    }
}
