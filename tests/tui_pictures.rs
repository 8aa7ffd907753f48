//! Pictures and files in a real terminal: `msntui serve` and two `msntui` clients in
//! tmux (where pictures are half-blocks). Alice has a display picture and Bob has none:
//! Bob's conversation header draws hers in ▀/▄ cells after fetching it over P2P, and
//! so does his contact-info overlay; Alice's header shows the placeholder. Then Alice
//! sends a file and Bob's screen shows the progress line, then the saved file.

mod support;

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
use support::tmux::{BIN, Server, Tmux, require_tmux, write_config_with};

const FILE_SIZE: usize = 10 * 1024 * 1024;

fn write_picture(path: &Path) {
    let image = RgbaImage::from_fn(96, 96, |x, y| {
        Rgba([(x * 2) as u8, (y * 2) as u8, 160, 255])
    });
    let mut data = Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(image)
        .write_to(&mut data, ImageFormat::Png)
        .expect("encode the picture");
    std::fs::write(path, data.into_inner()).expect("write the picture");
}

fn half_blocks(screen: &str) -> usize {
    screen.chars().filter(|c| matches!(c, '▀' | '▄')).count()
}

#[test]
fn pictures_are_half_blocks_in_tmux_and_a_file_transfer_shows_its_progress() {
    require_tmux();
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start();
    let picture = dir.path().join("alice.png");
    write_picture(&picture);
    let file = dir.path().join("holiday.bin");
    let bytes: Vec<u8> = (0..FILE_SIZE).map(|n| (n * 7 % 251) as u8).collect();
    std::fs::write(&file, &bytes).expect("write the file");
    let tmux = Tmux::new("pictures");
    for (name, email, password, ui) in [
        (
            "alice",
            "alice@example.com",
            "alicepass1",
            format!("display_picture = \"{}\"\n", picture.display()),
        ),
        ("bob", "bob@example.com", "bobpass1", String::new()),
    ] {
        let downloads = dir.path().join(name).join("downloads");
        let storage = format!("download_dir = \"{}\"\n", downloads.display());
        let config = write_config_with(dir.path(), &server, email, password, &storage, &ui);
        tmux.start(name, &format!("{BIN} --config {}", config.display()));
    }
    tmux.wait_for_status(&["alice", "bob"], "online");

    tmux.type_line("bob", "/msg alice@example.com show me your picture");
    tmux.wait_for("alice", "bob's message", |screen| {
        screen.contains("show me your picture")
    });
    tmux.wait_for("bob", "alice's picture in the header", |screen| {
        half_blocks(screen) >= 16
    });
    tmux.wait_for("alice", "the placeholder for bob", |screen| {
        screen.contains("no") && screen.contains("picture│")
    });

    tmux.type_line("alice", &format!("/send {}", file.display()));
    tmux.wait_for("bob", "the offer", |screen| {
        screen.contains("offers the file “holiday.bin”")
    });
    tmux.type_line("bob", "/accept-file");
    tmux.wait_for("bob", "the progress line", |screen| {
        screen.contains("“holiday.bin”: ") && screen.contains("% of 10")
    });
    tmux.wait_for("bob", "the saved file", |screen| {
        screen.contains("received “holiday.bin”")
    });
    let saved = dir.path().join("bob").join("downloads").join("holiday.bin");
    assert_eq!(std::fs::read(saved).expect("the saved file"), bytes);

    tmux.type_line("bob", "/whois alice@example.com");
    tmux.wait_for("bob", "the contact info with the picture", |screen| {
        screen.contains("Contact — Esc closes") && half_blocks(screen) >= 16 + 60
    });
    tmux.press("bob", &["Escape"]);
    tmux.wait_for("bob", "the overlay closed", |screen| {
        !screen.contains("Contact — Esc closes")
    });
}
