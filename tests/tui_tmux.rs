//! The terminal UI in a real terminal: `msntui serve` and two `msntui` clients in tmux,
//! driven with `send-keys` and read with `capture-pane`. Skipped (loudly) without tmux.

mod support;

use support::tmux::{BIN, Server, Tmux, require_tmux, status_bar_says, write_config};

#[test]
fn two_clients_chat_in_tmux_and_show_reconnecting_when_the_server_dies() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = Server::start();
    let tmux = Tmux::new("chat");
    for (name, email, password) in [
        ("alice", "alice@example.com", "alicepass1"),
        ("bob", "bob@example.com", "bobpass1"),
    ] {
        let config = write_config(dir.path(), &server, email, password);
        tmux.start(name, &format!("{BIN} --config {}", config.display()));
    }
    tmux.wait_for_status(&["alice", "bob"], "online");

    tmux.type_line("alice", "/msg bob@example.com hello from tmux");
    tmux.wait_for("bob", "message from alice", |screen| {
        screen.contains("hello from tmux")
    });
    tmux.wait_for("alice", "delivery mark", |screen| {
        screen.contains("hello from tmux ✓✓")
    });

    server.kill();
    tmux.wait_for_status(&["alice", "bob"], "reconnecting");
}

#[test]
fn the_demo_signs_in_shows_the_handshake_and_the_echo_bot_answers() {
    demo_with("demo", "");
}

#[test]
fn the_demo_runs_over_the_http_gateway() {
    demo_with("demo-gateway", " --gateway");
}

fn demo_with(session: &str, arguments: &str) {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = Tmux::new(session);
    let data = dir.path().display();
    tmux.start(
        "demo",
        &format!("XDG_DATA_HOME={data} {BIN} demo{arguments}"),
    );
    let expected = [
        "Protocol",
        "Friends",
        "Bots",
        "Dana (away)",
        "● Echo Bot",
        "MSNP18",
    ];
    tmux.wait_for("demo", "the contacts and the protocol pane", |screen| {
        status_bar_says(screen, "online") && expected.iter().all(|shown| screen.contains(shown))
    });

    tmux.type_line("demo", "/msg echo@msntui.local are you there?");
    tmux.wait_for("demo", "the echo", |screen| {
        screen.contains("Echo Bot │ are you there?")
    });
    tmux.type_line("demo", "/quit");
    tmux.wait_for("demo", "a clean exit", |screen| {
        screen.contains("msntui exited with 0")
    });
}

#[test]
fn a_refused_password_is_shown_whole_and_quitting_exits_non_zero() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start();
    let tmux = Tmux::new("refused");
    let config = write_config(dir.path(), &server, "alice@example.com", "wrong-password");
    tmux.start("alice", &format!("{BIN} --config {}", config.display()));
    tmux.wait_for("alice", "the whole reason", |screen| {
        screen.contains("Signed out") && screen.contains("password_command in [account]")
    });
    tmux.press("alice", &["C-c"]);
    tmux.wait_for("alice", "a failed exit", |screen| {
        screen.contains("msntui exited with 1")
    });
}

#[test]
fn a_password_command_that_hangs_is_announced_then_given_up_on() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    let text = format!(
        "[account]\nemail = \"alice@example.com\"\npassword_command = \"sleep 300\"\npassword_timeout_seconds = 2\n\n[storage]\ndata_dir = \"{}\"\n",
        dir.path().join("data").display()
    );
    std::fs::write(&config, text).expect("write the config");
    let tmux = Tmux::new("password");
    tmux.start("alice", &format!("{BIN} --config {}", config.display()));
    tmux.wait_for("alice", "the waiting notice", |screen| {
        screen.contains("waiting for password_command…")
    });
    tmux.wait_for("alice", "the timeout", |screen| {
        screen.contains("gave no password within 2 s") && screen.contains("msntui exited with 1")
    });
}

/// The demo at every size from a small SSH window to a large monitor: the handshake on
/// the first screen when there is room for it, the conversation alone below 80 columns
/// (F3 shows the contacts over it), one line when nothing fits.
#[test]
fn the_demo_adapts_to_the_terminal_size() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().display();
    for (width, height) in [(40, 12), (60, 15), (80, 24), (120, 40), (200, 60)] {
        let tmux = Tmux::new(&format!("size{width}"));
        let command = format!("XDG_DATA_HOME={data} {BIN} demo");
        tmux.start_sized("demo", &command, (width, height));
        tmux.wait_for("demo", "the signed-in screen", |screen| {
            status_bar_says(screen, "online") && screen.contains("Tab: contact list")
        });
        if width >= 80 {
            tmux.wait_for("demo", "the pinned handshake", |screen| {
                [
                    "→ VER ",
                    "← VER ",
                    "→ CVR ",
                    "→ USR ",
                    " OK demo@msntui.local",
                ]
                .iter()
                .all(|part| screen.contains(part))
            });
        } else {
            let screen = tmux.screen("demo");
            assert!(!screen.contains("Friends"), "{width}x{height}:\n{screen}");
            tmux.press("demo", &["F3"]);
            tmux.wait_for("demo", "the contacts over the conversation", |screen| {
                screen.contains("Friends") && screen.contains("Echo Bot")
            });
            tmux.press("demo", &["F3"]);
            tmux.wait_for("demo", "the conversation again", |screen| {
                !screen.contains("Friends")
            });
        }
        tmux.type_line("demo", "/quit");
        tmux.wait_for("demo", "a clean exit", |screen| {
            screen.contains("msntui exited with 0")
        });
    }
    let tmux = Tmux::new("tiny");
    tmux.start_sized("demo", &format!("XDG_DATA_HOME={data} {BIN} demo"), (24, 6));
    tmux.wait_for("demo", "the too-small line", |screen| {
        screen.contains("terminal too small")
    });
}

/// A friendly name full of emoji sequences keeps its contact row aligned in a real
/// terminal: the pane separator stays in the same column on every row.
#[test]
fn emoji_sequences_keep_rows_aligned_in_tmux() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let accounts = dir.path().join("accounts.toml");
    let name = "👨\u{200d}👩\u{200d}👧\u{200d}👦 🇫🇷 👋🏽 ❤\u{fe0f} Fam";
    std::fs::write(
        &accounts,
        format!(
            "[[accounts]]\nemail = \"alice@example.com\"\npassword = \"alicepass1\"\nallow_others = true\ncontacts = [{{ email = \"fam@example.com\", lists = [\"FL\", \"AL\"], name = \"{name}\" }}]\n\n[[accounts]]\nemail = \"fam@example.com\"\npassword = \"unused\"\nname = \"{name}\"\nallow_others = true\nbot = {{ kind = \"idle\", status = \"NLN\" }}\n"
        ),
    )
    .expect("write accounts");
    let server = Server::start_with(&["--accounts", &accounts.display().to_string()]);
    let config = write_config(dir.path(), &server, "alice@example.com", "alicepass1");
    let tmux = Tmux::new("emoji");
    tmux.start("alice", &format!("{BIN} --config {}", config.display()));
    tmux.wait_for("alice", "the contact", |screen| screen.contains("Fam"));
    let screen = tmux.screen("alice");
    let separator_columns: std::collections::BTreeSet<usize> = screen
        .lines()
        .skip(1)
        .take(6)
        .filter_map(|line| {
            let before = line.split('│').next()?;
            line.contains('│').then(|| {
                before
                    .chars()
                    .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                    .sum::<usize>()
            })
        })
        .collect();
    assert_eq!(separator_columns.len(), 1, "rows shifted:\n{screen}");
    assert!(screen.contains("FR"), "the flag is spelled out:\n{screen}");
}

/// A conversation with the echo bot that scrolls many times, at every size: with the
/// contact list beside it (jumps, the scrolling region left in force), full width below
/// 80 columns, and with the protocol pane open. Every message row stays in order, the
/// contact list is untouched by the scrolls, and the terminal gets its whole screen back
/// on exit.
#[test]
fn a_scrolling_conversation_stays_whole_in_tmux_at_every_size() {
    require_tmux();
    for (width, height) in [(40, 12), (80, 24), (120, 40), (200, 60)] {
        // A chat log of its own: no earlier rounds come back as history.
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().display();
        let tmux = Tmux::new(&format!("scroll{width}"));
        tmux.start_sized(
            "demo",
            &format!("XDG_DATA_HOME={data} {BIN} demo"),
            (width, height),
        );
        tmux.wait_for("demo", "the signed-in screen", |screen| {
            status_bar_says(screen, "online") && screen.contains("Tab: contact list")
        });
        // Below 80 columns the conversation is alone and F2 would cover it.
        let side_panes = width >= 80;
        if side_panes {
            toggle_protocol_pane(&tmux);
            tmux.wait_for("demo", "the protocol pane hidden", |screen| {
                !screen.contains("Protocol")
            });
        }
        let contacts_before = contact_column(&tmux.screen("demo"));
        let rounds = usize::from(height) * 2 / 3;
        tmux.type_line("demo", "/msg echo@msntui.local round00");
        wait_for_echo(&tmux, 0);
        for round in 1..rounds {
            tmux.type_line("demo", &format!("round{round:02}"));
            wait_for_echo(&tmux, round);
        }
        let screen = tmux.screen("demo");
        assert_rounds_in_order(&screen, rounds - 1, (width, height));
        if side_panes {
            assert_eq!(
                contact_column(&screen),
                contacts_before,
                "{width}x{height}: the contact list changed:\n{screen}"
            );
        }
        if side_panes {
            toggle_protocol_pane(&tmux);
            for round in rounds..rounds + 3 {
                tmux.type_line("demo", &format!("round{round:02}"));
                wait_for_echo(&tmux, round);
            }
            assert_rounds_in_order(&tmux.screen("demo"), rounds + 2, (width, height));
        }
        tmux.type_line("demo", "/quit");
        tmux.wait_for("demo", "a clean exit", |screen| {
            screen.contains("msntui exited with 0")
        });
        let region = tmux.run(&[
            "display-message",
            "-p",
            "-t",
            "demo",
            "#{scroll_region_upper} #{scroll_region_lower}",
        ]);
        let region = String::from_utf8_lossy(&region.stdout);
        assert_eq!(
            region.trim(),
            format!("0 {}", height - 1),
            "{width}x{height}"
        );
    }
}

fn toggle_protocol_pane(tmux: &Tmux) {
    tmux.press("demo", &["F2"]);
}

fn wait_for_echo(tmux: &Tmux, round: usize) {
    let text = format!("round{round:02}");
    tmux.wait_for("demo", "the echo and the delivery mark", |screen| {
        screen.matches(text.as_str()).count() >= 2 && screen.contains(&format!("{text} ✓✓"))
    });
}

/// The rows left of the contact list's border, on the rows that have one.
fn contact_column(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|line| line.contains('│'))
        .map(|line| line.split('│').next().unwrap_or_default().to_owned())
        .collect()
}

/// Each round shows as our line and the bot's echo: from the top of the pane down, the
/// rounds run without a gap to `last`, each twice (the oldest may have lost its first
/// line over the top).
fn assert_rounds_in_order(screen: &str, last: usize, (width, height): (u16, u16)) {
    let rounds: Vec<usize> = screen
        .lines()
        .flat_map(|line| {
            line.match_indices("round")
                .map(move |(at, _)| &line[at + 5..])
        })
        .filter_map(|rest| rest.get(..2)?.parse().ok())
        .collect();
    let Some(&first) = rounds.first() else {
        panic!("{width}x{height}: no rounds on screen:\n{screen}");
    };
    let skip = usize::from(rounds.get(1) != Some(&first));
    let expected: Vec<usize> = (first..=last)
        .flat_map(|round| [round, round])
        .skip(skip)
        .collect();
    assert_eq!(rounds, expected, "{width}x{height}:\n{screen}");
}

/// A long message typed or pasted at once (several kilobytes reach the terminal in one
/// burst, more than one read of it) arrives whole and is sent on Enter: none of it waits
/// in the terminal for the next key press.
#[test]
fn a_burst_of_typed_text_longer_than_one_read_arrives_whole() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = Tmux::new("burst");
    let data = dir.path().display();
    tmux.start("demo", &format!("XDG_DATA_HOME={data} {BIN} demo"));
    tmux.wait_for("demo", "online", |screen| status_bar_says(screen, "online"));
    let words: Vec<String> = (0..300).map(|n| format!("word{n} 漢字😀")).collect();
    let text = format!("{} THE-END", words.join(" "));
    assert!(text.len() > 4 * 1024, "{} bytes", text.len());
    tmux.type_line("demo", &format!("/msg echo@msntui.local {text}"));
    tmux.wait_for("demo", "the whole text echoed", |screen| {
        screen.contains("THE-END") && screen.lines().any(|line| line.trim() == ">")
    });
}

/// Ctrl+L clears the screen and draws it again, and msntui goes on: a real terminal's
/// answer to a cursor query is read by the input stream, so a redraw that asked one
/// waited for it in vain and ended the program.
#[test]
fn ctrl_l_redraws_the_screen_and_msntui_goes_on() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start();
    let config = write_config(dir.path(), &server, "alice@example.com", "alicepass1");
    // From a plain xterm, as over many SSH connections: there the question went unanswered.
    let tmux = Tmux::in_terminal("redraw", "xterm");
    tmux.start("alice", &format!("{BIN} --config {}", config.display()));
    tmux.wait_for_status(&["alice"], "online");
    tmux.press("alice", &["C-l"]);
    // Nothing typed meanwhile, for longer than the cursor query waits (two seconds).
    std::thread::sleep(std::time::Duration::from_secs(3));
    let screen = tmux.screen("alice");
    assert!(!screen.contains("msntui exited"), "{screen}");
    tmux.type_line("alice", "/status away");
    tmux.wait_for_status(&["alice"], "away");
}

/// Ctrl+Z gives the terminal back to the shell, which lists msntui as stopped; `fg`
/// brings it back whole, with the half-typed line, and it goes on as before.
#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start();
    let config = write_config(dir.path(), &server, "alice@example.com", "alicepass1");
    let tmux = Tmux::new("suspend");
    // A shell with job control, as a user's login shell is.
    tmux.start("shell", "env PS1='shell$ ' bash --norc --noprofile -i");
    tmux.type_line("shell", &format!("{BIN} --config {}", config.display()));
    tmux.wait_for_status(&["shell"], "online");
    tmux.press("shell", &["-l", "half typed"]);
    tmux.wait_for("shell", "the typed text", |screen| {
        screen.contains("> half typed")
    });
    tmux.press("shell", &["C-z"]);
    tmux.wait_for("shell", "the shell back", |screen| {
        screen.contains("Stopped") && screen.contains("shell$") && !screen.contains("F1 help")
    });
    tmux.type_line("shell", "fg");
    tmux.wait_for("shell", "msntui back", |screen| {
        status_bar_says(screen, "online")
            && screen.contains("> half typed")
            && !screen.contains("Stopped")
    });
    tmux.press("shell", &["C-u"]);
    tmux.type_line("shell", "/status away");
    tmux.wait_for_status(&["shell"], "away");

    // Stopped from outside, the shell puts the terminal back in its own modes: msntui,
    // continued, takes it again (keys are read one by one, Enter sends).
    stop_foreground_job(&tmux, "shell");
    tmux.wait_for("shell", "the shell after kill -TSTP", |screen| {
        screen.contains("Stopped")
    });
    tmux.type_line("shell", "fg");
    tmux.wait_for("shell", "msntui back again", |screen| {
        status_bar_says(screen, "away")
    });
    tmux.type_line("shell", "/status busy");
    tmux.wait_for_status(&["shell"], "busy");
    tmux.type_line("shell", "/quit");
    tmux.wait_for("shell", "the shell after quitting", |screen| {
        !screen.contains("F1 help") && screen.contains("shell$")
    });
}

/// Sends SIGTSTP to the job in the foreground of the window's terminal, as `kill -TSTP`
/// from another terminal does.
fn stop_foreground_job(tmux: &Tmux, window: &str) {
    let output = tmux.run(&["display-message", "-p", "-t", window, "#{pane_pid}"]);
    let shell = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let stat = std::fs::read_to_string(format!("/proc/{shell}/stat")).expect("the shell's stat");
    // After the command name: state, ppid, pgrp, session, tty, then the terminal's
    // foreground process group.
    let after_name = stat.rsplit_once(')').expect("a stat line").1;
    let foreground: i32 = after_name
        .split_whitespace()
        .nth(5)
        .and_then(|field| field.parse().ok())
        .expect("the foreground process group");
    nix::sys::signal::killpg(
        nix::unistd::Pid::from_raw(foreground),
        nix::sys::signal::Signal::SIGTSTP,
    )
    .expect("stop the foreground job");
}
