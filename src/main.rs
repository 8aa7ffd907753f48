use std::process::ExitCode;

use clap::Parser;
use msntui::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Some(Command::Serve(_))) {
        one_heap();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("msntui: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("msntui: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Makes every thread allocate from glibc's one main heap. By default each runtime
/// thread gets a heap of its own, and what the sign-in freed in each (5,000 contacts
/// parsed on one worker, drawn on another) stays resident: 2–5 MB of a client's
/// memory. A client allocates little after sign-in, so sharing one heap costs it
/// nothing; the server, which allocates from every thread at once, keeps the default.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_heap() {
    // SAFETY: mallopt only sets an allocator parameter; it is called before the
    // runtime starts any thread. A refusal (0) leaves the default, which also works.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn one_heap() {}
