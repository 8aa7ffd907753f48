//! Decode throughput over a realistic MSNP12 server stream (sign-in, a 5,000-contact
//! list, 10,000 messages and presence updates): the framing codec (`FrameCodec`), the
//! typed codec built on it (`ClientCodec`, which also parses every field), and a
//! baseline that only splits the same bytes at line ends with memchr. Before the
//! criterion groups it prints the framing, the framing plus the split of each line into
//! its fields (where every typed decode starts, so its floor), and the typed decode as a
//! share of the memchr split's throughput.

use std::hint::black_box;
use std::time::Instant;

use bytes::BytesMut;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use msntui::protocol::ClientCodec;
use msntui::protocol::FrameCodec;
use msntui::protocol::command::Command;
use msntui::protocol::field::FieldSplit;
use msntui::protocol::frame::Direction;
use tokio_util::codec::Decoder;

const CONTACTS: usize = 5_000;
const GROUPS: usize = 20;
const EVENTS: usize = 10_000;

/// A server stream and the number of commands in it.
struct Stream {
    bytes: Vec<u8>,
    commands: u64,
}

impl Stream {
    fn line(&mut self, text: &str) {
        self.bytes.extend_from_slice(text.as_bytes());
        self.bytes.extend_from_slice(b"\r\n");
        self.commands += 1;
    }

    /// A payload command: `head`, the body length, the line end, the body.
    fn payload(&mut self, head: &str, body: &str) {
        self.line(&format!("{head} {}", body.len()));
        self.bytes.extend_from_slice(body.as_bytes());
    }
}

fn guid(kind: u32, n: usize) -> String {
    format!("{kind:08x}-1b07-4cce-bd0c-{n:012x}")
}

fn contact(n: usize) -> String {
    format!("contact{n}@example.com")
}

fn sign_in(stream: &mut Stream) {
    stream.line("VER 1 MSNP12 MSNP11 CVR0");
    stream.line(
        "CVR 2 7.5.0324 7.5.0324 7.0.0777 http://msgr.dlservice.microsoft.com \
         http://messenger.msn.com",
    );
    stream.line(
        "USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1033,id=507,\
         ru=http:%2F%2Fmessenger.msn.com,tw=0,kpp=1,kv=4,ver=2.1.6000.1,rn=1lgjBfIL",
    );
    stream.line("USR 4 OK alice@example.com 1 0");
    stream.line("SBS 0 null");
    stream.payload(
        "MSG Hotmail Hotmail",
        "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\n\
         LoginTime: 1700000000\r\nEmailEnabled: 1\r\nMemberIdHigh: 3\r\nMemberIdLow: -1\r\n\
         lang_preference: 1033\r\npreferredEmail: \r\ncountry: \r\nPostalCode: \r\n\
         Gender: \r\nKid: 0\r\nAge: \r\nBDayPre: \r\nBirthday: \r\nWallet: \r\nFlags: 536872513\r\n\
         sid: 507\r\nMSPAuth: 7Oc6Bqbd0\r\nClientIP: 127.0.0.1\r\nClientPort: 1863\r\n\r\n",
    );
}

fn contact_list(stream: &mut Stream) {
    stream.line(&format!(
        "SYN 5 2024-01-01T00:00:00.0000000-08:00 2024-01-01T00:00:00.0000000-08:00 \
         {CONTACTS} {GROUPS}"
    ));
    stream.line("GTC A");
    stream.line("BLP AL");
    stream.line("PRP MFN Alice%20Test");
    for group in 0..GROUPS {
        stream.line(&format!("LSG Group%20{group} {}", guid(0x6a, group)));
    }
    for n in 0..CONTACTS {
        let groups = match n % 4 {
            0 => String::new(),
            _ => guid(0x6a, n % GROUPS),
        };
        stream.line(&format!(
            "LST N={} F=Contact%20{n}%20%E2%9C%93 C={} 11 1 {groups}",
            contact(n),
            guid(0xc0, n)
        ));
    }
}

fn events(stream: &mut Stream) {
    for n in 0..EVENTS {
        let who = contact(n * 7 % CONTACTS);
        match n % 3 {
            0 => stream.payload(
                &format!("MSG {who} Contact%20{n}"),
                &format!(
                    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\
                     X-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\n\
                     Hello, this is message number {n}. How are you today?"
                ),
            ),
            1 => stream.line(&format!(
                "NLN NLN {who} Contact%20{n} 1342177280 \
                 %3Cmsnobj%20Creator%3D%22{who}%22%20Size%3D%2224539%22%20Type%3D%223%22%20\
                 Location%3D%22TFR2C.tmp%22%20Friendly%3D%22AAA%3D%22%20\
                 SHA1D%3D%22trC8SlFx2sWQxZMIBAWSEnXc8oQ%3D%22%2F%3E"
            )),
            _ => stream.payload(
                &format!("UBX {who}"),
                &format!(
                    "<Data><PSM>Listening to track {n}</PSM><CurrentMedia></CurrentMedia>\
                     <MachineGuid>{{{}}}</MachineGuid></Data>",
                    guid(0xe9, n)
                ),
            ),
        }
    }
}

fn realistic_stream() -> Stream {
    let mut stream = Stream {
        bytes: Vec::new(),
        commands: 0,
    };
    sign_in(&mut stream);
    contact_list(&mut stream);
    events(&mut stream);
    stream
}

/// Decodes every command of `buf`; returns how many there were.
fn decode_all(mut buf: BytesMut) -> u64 {
    let mut codec = ClientCodec::new();
    let mut commands = 0;
    while let Some(incoming) = codec.decode(&mut buf).expect("the stream frames") {
        black_box(&incoming);
        commands += 1;
    }
    commands
}

/// Frames every command of `buf` (line plus byte-counted payload) with the framing
/// codec, without parsing the fields.
fn frame_all(mut buf: BytesMut) -> u64 {
    let mut codec = FrameCodec::new(Direction::ServerToClient);
    let mut frames = 0;
    while let Some(frame) = codec.decode(&mut buf).expect("the stream frames") {
        black_box(&frame);
        frames += 1;
    }
    frames
}

/// Frames every command of `buf` and splits its line into fields, as the typed decode
/// does first, without typing any field: the least a typed decode built on the framing
/// codec can cost.
fn split_all(mut buf: BytesMut) -> u64 {
    let mut codec = FrameCodec::new(Direction::ServerToClient);
    let mut frames = 0;
    while let Some(frame) = codec.decode(&mut buf).expect("the stream frames") {
        if let Ok(line) = std::str::from_utf8(frame.line()) {
            black_box(FieldSplit::new(line));
        }
        frames += 1;
    }
    frames
}

/// Splits `bytes` at every line end, payload bytes included: the least any decoder must
/// do. (Not `memchr_iter(..).count()`, which counts in bulk without stopping per line.)
fn split_lines(bytes: &[u8]) -> usize {
    let mut rest = bytes;
    let mut lines = 0;
    while let Some(end) = memchr::memchr(b'\n', rest) {
        black_box(&rest[..end]);
        rest = &rest[end + 1..];
        lines += 1;
    }
    lines
}

/// Checks once, outside the measurements, that the stream is what it claims to be.
fn assert_well_formed(stream: &Stream) {
    let mut codec = ClientCodec::new();
    let mut buf = BytesMut::from(&stream.bytes[..]);
    let mut commands = 0;
    while let Some(incoming) = codec.decode(&mut buf).expect("the stream frames") {
        let command = incoming.command.expect("every command parses");
        assert!(!command.is_unknown(), "{command:?}");
        commands += 1;
    }
    assert_eq!(commands, stream.commands);
}

/// The fastest of a few runs of `decode`, in seconds. Each run gets its own copy of the
/// stream, made before the clock starts (as criterion's batched runs below do): the
/// memchr split reads the bytes in place, so copying them is not decoding.
fn best_of(runs: usize, stream: &Stream, mut decode: impl FnMut(BytesMut)) -> f64 {
    (0..runs)
        .map(|_| {
            let buf = BytesMut::from(&stream.bytes[..]);
            let started = Instant::now();
            decode(buf);
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Prints each decoder's throughput as a share of the memchr split, measured side by
/// side (the best of several runs each, so a busy machine disturbs the ratio least).
fn report_ratios(stream: &Stream) {
    const RUNS: usize = 15;
    let split = best_of(RUNS, stream, |_| {
        black_box(split_lines(black_box(&stream.bytes)));
    });
    let frames = best_of(RUNS, stream, |buf| {
        black_box(frame_all(buf));
    });
    let fields = best_of(RUNS, stream, |buf| {
        black_box(split_all(buf));
    });
    let typed = best_of(RUNS, stream, |buf| {
        black_box(decode_all(buf));
    });
    println!(
        "throughput vs a memchr line split of the same stream: framing {:.1} %, \
         framing and field split {:.1} %, typed decode {:.1} %",
        split / frames * 100.0,
        split / fields * 100.0,
        split / typed * 100.0
    );
}

fn bench_decode(c: &mut Criterion) {
    let stream = realistic_stream();
    assert_well_formed(&stream);
    report_ratios(&stream);
    let throughputs = [
        ("decode_bytes", Throughput::Bytes(stream.bytes.len() as u64)),
        ("decode_commands", Throughput::Elements(stream.commands)),
    ];
    for (name, throughput) in throughputs {
        let mut group = c.benchmark_group(name);
        group.throughput(throughput);
        group.bench_function("typed_client_codec", |b| {
            b.iter_batched(
                || BytesMut::from(&stream.bytes[..]),
                decode_all,
                BatchSize::LargeInput,
            )
        });
        group.bench_function("frame_codec", |b| {
            b.iter_batched(
                || BytesMut::from(&stream.bytes[..]),
                frame_all,
                BatchSize::LargeInput,
            )
        });
        group.bench_function("memchr_lines", |b| {
            b.iter(|| split_lines(black_box(&stream.bytes)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_decode);
criterion_main!(benches);
