//! The cost of chunked messages (MSNP9+): a 5,000-character text received as the parts
//! of one chunked message (sorted, reassembled, then parsed) against the baseline of
//! parsing the same text as a single payload; and sent: cut into chunks against cut into
//! independent messages as before MSNP9.

use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use msntui::protocol::message::{
    MAX_PAYLOAD_LEN, Message, MimeMessage, Outcome, Part, Reassembly, TextMessage,
};

fn long_text() -> String {
    (0..5000)
        .map(|n| match n % 7 {
            0 => 'é',
            1 => '☺',
            2 => '\n',
            _ => char::from(b'a' + (n % 26) as u8),
        })
        .collect()
}

fn reassemble(parts: &[Bytes]) -> Message {
    let mut table = Reassembly::default();
    let now = Instant::now();
    for payload in parts {
        let Ok(mime) = MimeMessage::parse(payload) else {
            continue;
        };
        let chunk = match Part::of(mime) {
            Part::Chunk(chunk) => chunk,
            Part::Whole(_) => continue,
        };
        if let Outcome::Complete(whole) = table.accept("bob@example.com", chunk, now) {
            return Message::from_mime(whole).expect("a text message");
        }
    }
    panic!("the message did not complete");
}

fn bench_chunks(c: &mut Criterion) {
    let message = TextMessage::new(long_text());
    let whole = message.to_bytes();
    let mut next = 0;
    let parts = message
        .chunked(MAX_PAYLOAD_LEN, 40, || {
            next += 1;
            format!("{{00000000-0000-0000-0000-{next:012}}}")
        })
        .expect("fits");
    assert!(parts.len() > 1);
    let mut reversed = parts.clone();
    reversed.reverse();

    let mut receive = c.benchmark_group("receive_5000_chars");
    receive.bench_function("one_payload_baseline", |b| {
        b.iter(|| Message::parse(black_box(&whole)))
    });
    receive.bench_function("chunks_in_order", |b| {
        b.iter(|| reassemble(black_box(&parts)))
    });
    receive.bench_function("chunks_reversed", |b| {
        b.iter(|| reassemble(black_box(&reversed)))
    });
    receive.finish();

    let mut send = c.benchmark_group("send_5000_chars");
    send.bench_function("split_baseline", |b| {
        b.iter(|| black_box(&message).split(MAX_PAYLOAD_LEN))
    });
    send.bench_function("chunked", |b| {
        b.iter(|| {
            black_box(&message).chunked(MAX_PAYLOAD_LEN, 40, || {
                "{7071F782-2016-4A55-90A0-49C81058AA8C}".to_owned()
            })
        })
    });
    send.finish();
}

criterion_group!(benches, bench_chunks);
criterion_main!(benches);
