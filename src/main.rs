use std::process::ExitCode;

use clap::Parser;
use msntui::cli::{self, Cli};

#[tokio::main]
async fn main() -> ExitCode {
    match cli::run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("msntui: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
