//! Time to draw one frame: 100 vs 100,000 messages in the open conversation, 10 vs 5,000
//! contacts, and 100 vs 100,000 protocol lines, at 80x24 and 200x50. Drawing reads only
//! what is visible, so each large case should stay within 1.2x of its small one. On a
//! tall screen ten contacts do not fill the list, so there 5,000 contacts also draw more
//! rows; the 100-contact case fills it and shows the cost of the rows alone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use msntui::ui::model::{
    Contact, Direction, Group, Limits, MessageLine, Model, Presence, ProtocolEntry, Timestamp,
};
use msntui::ui::{Action, App, Attention, ColourMode, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];
const GROUPS: usize = 8;

struct Case {
    messages: usize,
    contacts: usize,
    protocol_lines: usize,
}

fn app(case: &Case, (width, height): (u16, u16)) -> App {
    let Case {
        messages,
        contacts,
        protocol_lines,
    } = *case;
    let limits = Limits {
        lines_per_conversation: messages.max(1),
        protocol_lines: protocol_lines.max(1),
    };
    let mut model = Model::new("me@example.com", limits);
    for group in 0..GROUPS {
        model
            .contacts
            .upsert_group(Group::new(format!("g{group}"), format!("Group {group}")));
    }
    let presences = [Presence::Online, Presence::Away, Presence::Offline];
    for n in 0..contacts {
        model.contacts.upsert(Contact {
            presence: presences[n % presences.len()],
            groups: vec![format!("g{}", n % GROUPS)],
            personal_message: format!("status line number {n} 🎵"),
            ..Contact::new(format!("user{n}@example.com"), format!("Contact 名前 {n}"))
        });
    }
    let conversation = model.conversation_with("user0@example.com");
    model.activate_id(conversation);
    for n in 0..messages {
        let message = MessageLine {
            time: Timestamp(1_709_543_700 + n as i64 * 7),
            sender_address: "user0@example.com".into(),
            sender_name: "Contact 名前 0".into(),
            text: format!("message {n}: some words to wrap across the text column, 日本語も 🎉"),
            colour: None,
            own: None,
        };
        model.push_message(conversation, message);
    }
    for n in 0..protocol_lines {
        model.protocol.push(ProtocolEntry {
            time: Timestamp(1_709_543_700 + n as i64),
            connection: if n % 2 == 0 { "NS" } else { "SB 1" }.into(),
            direction: if n % 3 == 0 {
                Direction::Outgoing
            } else {
                Direction::Incoming
            },
            line: format!("MSG {n} N 120 some protocol payload line"),
            is_error: false,
        });
    }
    model.panes.protocol_visible = protocol_lines > 0;
    let mut app = App::new(model, Theme::new(ColourMode::Sixteen), Attention::default());
    app.update(Action::Resize { width, height });
    app
}

fn draw_frames(criterion: &mut Criterion, name: &str, cases: &[(usize, Case)]) {
    for size in SIZES {
        let mut group = criterion.benchmark_group(format!("{name}_{}x{}", size.0, size.1));
        for (label, case) in cases {
            let app = app(case, size);
            let mut terminal = match Terminal::new(TestBackend::new(size.0, size.1)) {
                Ok(terminal) => terminal,
                Err(never) => match never {},
            };
            group.bench_with_input(BenchmarkId::from_parameter(label), &app, |bench, app| {
                bench.iter(|| {
                    let frame = terminal.draw(|frame| app.draw(black_box(frame)));
                    black_box(frame.is_ok())
                });
            });
        }
        group.finish();
    }
}

fn case(messages: usize, contacts: usize, protocol_lines: usize) -> Case {
    Case {
        messages,
        contacts,
        protocol_lines,
    }
}

/// Counts the bytes the program holds on the heap, so the model's size is exact.
struct CountingAllocator;

static HEAP_BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on unchanged to the system allocator; only a counter is kept.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HEAP_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HEAP_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract for `dealloc` is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HEAP_BYTES.fetch_add(new_size, Ordering::Relaxed);
        HEAP_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract for `realloc` is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Heap bytes held by an app built for `case`.
fn heap_bytes(case: &Case) -> usize {
    let before = HEAP_BYTES.load(Ordering::Relaxed);
    let built = app(case, (200, 50));
    let held = HEAP_BYTES.load(Ordering::Relaxed).saturating_sub(before);
    drop(built);
    held
}

/// Prints how much memory the UI model of a large account takes: the heap it holds (what
/// the model's types cost, exactly) and the resident memory it adds (with the allocator's
/// own overhead), and what one contact, one message line and one protocol log line cost on
/// the heap.
fn report_memory() {
    let before = (resident_kib(), HEAP_BYTES.load(Ordering::Relaxed));
    let large = app(&case(100_000, 5_000, 0), (200, 50));
    let after = (resident_kib(), HEAP_BYTES.load(Ordering::Relaxed));
    drop(large);
    let empty = heap_bytes(&case(0, 0, 0));
    let per_contact = heap_bytes(&case(0, 5_000, 0)).saturating_sub(empty) / 5_000;
    let per_line = heap_bytes(&case(100_000, 0, 0)).saturating_sub(empty) / 100_000;
    let per_protocol_line = heap_bytes(&case(0, 0, 100_000)).saturating_sub(empty) / 100_000;
    println!(
        "UI model for 5,000 contacts and 100,000 messages: {} KiB on the heap, {} KiB resident \
         (process now {} KiB); {per_contact} B per contact, {per_line} B per message line \
         ({per_protocol_line} B per protocol log line)",
        after.1.saturating_sub(before.1) / 1024,
        after.0.saturating_sub(before.0),
        after.0,
    );
}

fn render(criterion: &mut Criterion) {
    report_memory();
    draw_frames(
        criterion,
        "messages",
        &[(100, case(100, 10, 0)), (100_000, case(100_000, 10, 0))],
    );
    draw_frames(
        criterion,
        "contacts",
        &[
            (10, case(100, 10, 0)),
            (100, case(100, 100, 0)),
            (5_000, case(100, 5_000, 0)),
        ],
    );
    draw_frames(
        criterion,
        "protocol_lines",
        &[(100, case(100, 10, 100)), (100_000, case(100, 10, 100_000))],
    );
}

criterion_group!(benches, render);
criterion_main!(benches);
