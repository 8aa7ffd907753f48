use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures_util::stream::{self, Stream};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use super::{FRAME_GAP, LoopSummary, Session, run};
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::attention::{Attention, BELL};
use crate::ui::model::{Limits, MessageLine, Model, Timestamp, Typing};
use crate::ui::theme::{ColourMode, Theme};

/// Applies each event as a message from Bob in a conversation of its own, and records
/// the actions it is shown.
#[derive(Default)]
struct Recorder {
    acted: Vec<Action>,
}

impl Session for Recorder {
    type Event = &'static str;

    fn apply(&mut self, app: &mut App, text: &'static str) {
        let model = app.model_mut();
        let bob = model.conversation_with("bob@x");
        let message = MessageLine {
            time: Timestamp(0),
            sender_address: "bob@x".into(),
            sender_name: "Bob".into(),
            text: text.into(),
            colour: None,
            own: None,
        };
        model.push_message(bob, message);
    }

    fn act(&mut self, _app: &mut App, action: &Action) {
        self.acted.push(action.clone());
    }
}

fn app() -> App {
    let mut model = Model::new("me@x", Limits::default());
    model.panes.width = 1;
    App::new(
        model,
        Theme::new(ColourMode::Monochrome),
        Attention::new(true, false),
    )
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(code, modifiers)))
}

fn quit() -> std::io::Result<Event> {
    key(KeyCode::Char('c'), KeyModifiers::CONTROL)
}

/// Terminal events, each sent after a pause in milliseconds; then the stream stays open.
fn timed(
    events: Vec<(u64, std::io::Result<Event>)>,
) -> impl Stream<Item = std::io::Result<Event>> + Unpin {
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        for (pause, event) in events {
            tokio::time::sleep(Duration::from_millis(pause)).await;
            if sender.send(event).is_err() {
                return;
            }
        }
        std::future::pending::<()>().await;
    });
    Box::pin(stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (event, receiver))
    }))
}

async fn run_with(
    app: &mut App,
    input: impl Stream<Item = std::io::Result<Event>> + Unpin,
    session_events: Vec<&'static str>,
) -> (LoopSummary, Recorder, Vec<u8>) {
    let mut terminal =
        Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|never| match never {});
    let mut out = Vec::new();
    let mut recorder = Recorder::default();
    let summary = run(
        &mut terminal,
        &mut out,
        app,
        input,
        stream::iter(session_events),
        &mut recorder,
    )
    .await;
    let summary = summary.unwrap_or_default();
    (summary, recorder, out)
}

#[tokio::test]
async fn draws_only_when_something_changed() {
    let mut app = app();
    let input = timed(vec![
        (10, key(KeyCode::F(12), KeyModifiers::NONE)),
        (10, key(KeyCode::Char('h'), KeyModifiers::NONE)),
        (10, quit()),
    ]);
    let (summary, recorder, _) = run_with(&mut app, input, Vec::new()).await;
    assert_eq!(
        summary.frames_drawn, 2,
        "first frame and after 'h'; F12 changes nothing"
    );
    assert_eq!(recorder.acted.last(), Some(&Action::Quit));
}

#[tokio::test]
async fn session_events_are_applied_drawn_and_ring_the_bell() {
    let mut app = app();
    let other = app.model_mut().conversations.open(Vec::new());
    app.model_mut().activate_id(other);
    let (summary, _, out) = run_with(&mut app, timed(vec![(50, quit())]), vec!["hi"]).await;
    assert_eq!(summary.frames_drawn, 2);
    assert_eq!(String::from_utf8_lossy(&out), BELL);
    assert_eq!(app.model().conversations.total_unread(), 1);
}

#[tokio::test]
async fn a_burst_of_session_events_is_drawn_once() {
    let mut app = app();
    let burst = vec!["presence"; 500];
    let (summary, _, _) = run_with(&mut app, timed(vec![(50, quit())]), burst).await;
    assert_eq!(
        summary.frames_drawn, 2,
        "the first frame and one for the burst"
    );
    let bob = app.model_mut().conversation_with("bob@x");
    let lines = app
        .model()
        .conversations
        .get(bob)
        .map(|conversation| conversation.lines.len());
    assert_eq!(lines, Some(500));
}

#[tokio::test(start_paused = true)]
async fn changes_close_behind_a_frame_share_the_next_one() {
    let mut app = app();
    let letter = |letter| key(KeyCode::Char(letter), KeyModifiers::NONE);
    // Three keys 5 ms apart just after the first frame; one more after a pause.
    let input = timed(vec![
        (1, letter('a')),
        (5, letter('b')),
        (5, letter('c')),
        (100, letter('d')),
        (100, quit()),
    ]);
    let (summary, _, _) = run_with(&mut app, input, Vec::new()).await;
    assert_eq!(
        summary.frames_drawn, 3,
        "the first frame, one {FRAME_GAP:?} after it for a, b and c, one at once for d"
    );
}

#[tokio::test]
async fn keys_that_arrive_together_are_drawn_once() {
    let mut app = app();
    let typed: Vec<_> = "hello"
        .chars()
        .map(|letter| key(KeyCode::Char(letter), KeyModifiers::NONE))
        .chain([quit()])
        .collect();
    let (summary, recorder, _) = run_with(&mut app, stream::iter(typed), Vec::new()).await;
    assert_eq!(
        summary.frames_drawn, 1,
        "only the first frame: the quit came with the keys"
    );
    assert_eq!(recorder.acted.len(), 6);
}

#[tokio::test]
async fn wakes_for_the_typing_deadline_and_not_otherwise() {
    let mut app = app();
    let bob = app.model_mut().conversation_with("bob@x");
    let until = std::time::Instant::now() + Duration::from_millis(50);
    if let Some(conversation) = app.model_mut().conversations.get_mut(bob) {
        conversation.set_typing(Typing {
            address: "bob@x".into(),
            name: "Bob".into(),
            until,
        });
    }
    let (summary, _, _) = run_with(&mut app, timed(vec![(300, quit())]), Vec::new()).await;
    assert_eq!(
        summary.frames_drawn, 2,
        "first frame and when the indicator ran out"
    );
    assert_eq!(app.next_deadline(), None);
}

#[tokio::test]
async fn ends_when_terminal_input_ends_and_reports_its_errors() {
    let mut app = app();
    let (summary, _, _) = run_with(&mut app, stream::iter(Vec::new()), Vec::new()).await;
    assert_eq!(summary.frames_drawn, 1);

    let broken = stream::iter(vec![Err(std::io::Error::other("tty gone"))]);
    let mut terminal =
        Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|never| match never {});
    let result = run(
        &mut terminal,
        &mut Vec::new(),
        &mut app,
        broken,
        stream::iter(Vec::<&'static str>::new()),
        &mut Recorder::default(),
    )
    .await;
    assert!(result.is_err());
}

#[tokio::test]
async fn wakes_for_auto_away_and_hands_it_to_the_session() {
    let mut app = app();
    app.set_auto_away(Some(Duration::from_millis(30)));
    let input = timed(vec![
        (150, key(KeyCode::Char('h'), KeyModifiers::NONE)),
        (10, quit()),
    ]);
    let (_, recorder, _) = run_with(&mut app, input, Vec::new()).await;
    let away = recorder.acted.iter().position(|a| *a == Action::AutoAway);
    let back = recorder.acted.iter().position(|a| *a == Action::Back);
    assert!(away.is_some() && away < back, "{:?}", recorder.acted);
}

#[tokio::test]
async fn asks_for_a_contact_only_once_the_selection_rests_on_it() {
    let mut app = app();
    for address in ["amy@x", "bob@x", "cat@x"] {
        app.model_mut()
            .contacts
            .upsert(crate::ui::model::Contact::new(address, address));
    }
    app.model_mut().panes.focus = crate::ui::model::Focus::Contacts;
    let down = || key(KeyCode::Down, KeyModifiers::NONE);
    let up = || key(KeyCode::Up, KeyModifiers::NONE);
    // Scrolling faster than the rest time, then staying a while on one contact.
    let input = timed(vec![
        (300, down()),
        (300, down()),
        (300, up()),
        (300, down()),
        (300, down()),
        (1_500, quit()),
    ]);
    let (_, recorder, _) = run_with(&mut app, input, Vec::new()).await;
    let rested: Vec<&Action> = recorder
        .acted
        .iter()
        .filter(|action| matches!(action, Action::ContactRested(_)))
        .collect();
    let selected = app
        .model()
        .contacts
        .selected_contact()
        .map(|contact| contact.address.clone())
        .expect("a contact selected");
    assert_eq!(rested, [&Action::ContactRested(selected)]);
    let position = recorder
        .acted
        .iter()
        .position(|action| matches!(action, Action::ContactRested(_)));
    assert_eq!(
        position,
        Some(recorder.acted.len() - 2),
        "after the last move, before the quit: {:?}",
        recorder.acted
    );
}

#[tokio::test]
async fn ctrl_z_returns_to_the_caller_and_keys_typed_after_it_wait_for_the_resume() {
    let mut app = app();
    let typed = |letter| key(KeyCode::Char(letter), KeyModifiers::NONE);
    let mut input = timed(vec![
        (10, typed('a')),
        (0, key(KeyCode::Char('z'), KeyModifiers::CONTROL)),
        (0, typed('b')),
        (10, quit()),
    ]);
    run_with(&mut app, &mut input, Vec::new()).await;
    assert!(app.wants_suspend() && !app.should_quit());
    assert_eq!(app.input().text(), "a");
    assert!(app.take_suspend());
    assert!(
        app.take_full_redraw(),
        "the shell wrote over the screen meanwhile"
    );

    run_with(&mut app, &mut input, Vec::new()).await;
    assert!(app.should_quit() && !app.wants_suspend());
    assert_eq!(app.input().text(), "ab");
}
