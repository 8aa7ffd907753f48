//! File-transfer throughput: 4 MB from alice to bob, two msntui sessions through the
//! bundled server on loopback (MSNP15, P2Pv1, every packet its own MSG of at most 1,664 bytes with
//! the server's ACK), next to a plain TCP copy of the same bytes over loopback in the
//! same run. Both report bytes per second; their ratio is the cost of the P2P path.
//! Run: `cargo bench --bench file_transfer -- --quick`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use msntui::interactive::bundled_server_session;
use msntui::protocol::message::Secret;
use msntui::protocol::types::Status;
use msntui::server::directory::{Store, default_directory};
use msntui::server::{RunningServer, ServerOptions, start};
use msntui::session::{
    ChatTarget, Event, Request, Session, SessionConfig, SessionHandle, TransferState,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use tokio::sync::mpsc::UnboundedReceiver;

const SIZE: usize = 4 * 1024 * 1024;
const VERSION: u8 = 15;

struct Party {
    handle: SessionHandle,
    events: UnboundedReceiver<Event>,
}

impl Party {
    async fn until(&mut self, wanted: impl Fn(&Event) -> bool) -> Event {
        loop {
            let event = self.events.recv().await.expect("the session runs");
            if wanted(&event) {
                return event;
            }
        }
    }
}

fn config(server: &RunningServer, email: &str, password: &str, dir: &Path) -> SessionConfig {
    let mut config = bundled_server_session(
        server.ns,
        &server.shared.http_base,
        email,
        Secret::new(password.to_owned()),
        dir.join(email),
    );
    config.protocols = vec![VERSION];
    config
}

async fn sign_in(server: &RunningServer, email: &str, password: &str, dir: &Path) -> Party {
    let (handle, events) = Session::spawn(config(server, email, password, dir));
    let mut party = Party { handle, events };
    party
        .until(|e| matches!(e, Event::Profile(p) if p.status == Status::Online))
        .await;
    party
}

/// Alice and bob signed in, in a conversation.
async fn conversation(dir: &Path) -> (RunningServer, Party, Party) {
    let mut options = ServerOptions::loopback();
    options.challenge_interval = None;
    let server = start(options, Store::in_memory(default_directory()))
        .await
        .expect("server starts");
    let alice = sign_in(&server, "alice@example.com", "alicepass1", dir).await;
    let mut bob = sign_in(&server, "bob@example.com", "bobpass1", dir).await;
    alice
        .handle
        .send(Request::SendMessage {
            to: ChatTarget::Contact("bob@example.com".into()),
            text: "hello".into(),
        })
        .expect("the session runs");
    bob.until(|e| matches!(e, Event::MessageReceived(_))).await;
    (server, alice, bob)
}

/// One transfer of `path`, offered by alice, accepted by bob, until both see it done.
async fn transfer(alice: &mut Party, bob: &mut Party, path: &Path) {
    alice
        .handle
        .send(Request::SendFile {
            to: Some(ChatTarget::Contact("bob@example.com".into())),
            path: path.to_owned(),
        })
        .expect("the session runs");
    let ended = |e: &Event| matches!(e, Event::Transfer(t) if t.state.is_final());
    let offer = bob
        .until(|e| matches!(e, Event::Transfer(t) if t.state == TransferState::Offered))
        .await;
    let Event::Transfer(offer) = offer else {
        unreachable!()
    };
    bob.handle
        .send(Request::AcceptFile {
            transfer: Some(offer.transfer),
        })
        .expect("the session runs");
    for party in [bob, alice] {
        match party.until(ended).await {
            Event::Transfer(t) if matches!(t.state, TransferState::Done { .. }) => {
                if let TransferState::Done { path: Some(saved) } = t.state {
                    std::fs::remove_file(saved).expect("the received file");
                }
            }
            other => panic!("the transfer ended as {other:?}"),
        }
    }
}

/// The same bytes once through a loopback TCP connection.
async fn tcp_copy(bytes: &[u8]) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let expected = bytes.len();
    let receiver = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut buffer = vec![0; 64 * 1024];
        let mut total = 0;
        while total < expected {
            let read = socket.read(&mut buffer).await.expect("read");
            assert!(read > 0, "the copy ended early");
            total += read;
        }
    });
    let mut socket = TcpStream::connect(address).await.expect("connect");
    socket.write_all(bytes).await.expect("write");
    receiver.await.expect("receiver");
}

fn file_transfer(c: &mut Criterion) {
    let runtime = Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temporary directory");
    let bytes: Vec<u8> = (0..SIZE).map(|n| (n * 31 % 251) as u8).collect();
    let path: PathBuf = dir.path().join("payload.bin");
    std::fs::write(&path, &bytes).expect("payload");
    let (_server, mut alice, mut bob) = runtime.block_on(conversation(dir.path()));

    let mut group = c.benchmark_group("file_transfer_4MB");
    group.throughput(Throughput::Bytes(SIZE as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("plain_tcp_copy", |b| {
        b.iter(|| runtime.block_on(tcp_copy(&bytes)));
    });
    group.bench_function("msntui_p2p_via_switchboard", |b| {
        b.iter(|| runtime.block_on(transfer(&mut alice, &mut bob, &path)));
    });
    group.finish();
}

criterion_group!(benches, file_transfer);
criterion_main!(benches);
