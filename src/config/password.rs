//! Running `password_command`: its output is the password. A command that hangs (a
//! pinentry nobody answers) is announced after a moment and given up on after
//! `account.password_timeout_seconds`.

use std::io::{self, IsTerminal, Write};
use std::process::{ExitStatus, Output, Stdio};
use std::time::Duration;

use thiserror::Error;
use tokio::process::Command;

use super::Config;

/// A command still running after this long is announced on standard error.
const NOTICE_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug, Error)]
pub enum PasswordError {
    #[error("cannot run password_command `{command}`: {source}")]
    Spawn { command: String, source: io::Error },
    #[error("password_command `{command}` failed ({status}){}", stderr_suffix(.stderr))]
    Failed {
        command: String,
        status: ExitStatus,
        /// The last line the command wrote to standard error.
        stderr: String,
    },
    #[error(
        "password_command `{command}` gave no password within {seconds} s (account.password_timeout_seconds); it was stopped"
    )]
    TimedOut { command: String, seconds: u64 },
    #[error("password_command `{command}` printed no password")]
    Empty { command: String },
    #[error("password_command `{command}` printed a password that is not UTF-8")]
    NotUtf8 { command: String },
}

fn stderr_suffix(stderr: &str) -> String {
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {stderr}")
    }
}

impl Config {
    /// Runs `password_command` with `sh -c` and returns what it printed, minus the line end.
    pub async fn password(&self) -> Result<String, PasswordError> {
        run_secret_command(
            &self.account.password_command,
            self.account.password_timeout_seconds,
        )
        .await
    }

    /// Runs `server.proxy_password_command`, if there is one, the same way.
    pub async fn proxy_password(&self) -> Result<Option<String>, PasswordError> {
        match self.server.proxy_password_command.as_deref() {
            Some(command) => run_secret_command(command, self.account.password_timeout_seconds)
                .await
                .map(Some),
            None => Ok(None),
        }
    }
}

async fn run_secret_command(command: &str, seconds: u64) -> Result<String, PasswordError> {
    let command = command.to_owned();
    let child = Command::new("sh")
        .arg("-c")
        .arg(&command)
        // Inherited so that a prompting helper (gpg, pinentry) can reach the terminal.
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| PasswordError::Spawn {
            command: command.clone(),
            source,
        })?;
    let finished = child.wait_with_output();
    tokio::pin!(finished);
    let limit = tokio::time::sleep(Duration::from_secs(seconds));
    tokio::pin!(limit);
    let notice = tokio::time::sleep(NOTICE_AFTER);
    tokio::pin!(notice);
    let mut announced = false;
    let output = loop {
        tokio::select! {
            output = &mut finished => break output,
            () = &mut notice, if !announced => {
                announced = true;
                announce_waiting(seconds);
            }
            // Dropping `finished` kills the command (kill_on_drop).
            () = &mut limit => {
                return Err(PasswordError::TimedOut { command: command.clone(), seconds });
            }
        }
    };
    let output = output.map_err(|source| PasswordError::Spawn {
        command: command.clone(),
        source,
    })?;
    read_password(&command, output)
}

fn announce_waiting(seconds: u64) {
    let mut stderr = io::stderr();
    if stderr.is_terminal() {
        let _ = writeln!(
            stderr,
            "msntui: waiting for password_command… (gives up after {seconds} s)"
        );
    }
}

fn read_password(command: &str, output: Output) -> Result<String, PasswordError> {
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last_line = stderr.lines().rev().find(|line| !line.trim().is_empty());
        return Err(PasswordError::Failed {
            command: command.to_owned(),
            status: output.status,
            stderr: last_line
                .unwrap_or_default()
                .trim()
                .chars()
                .take(200)
                .collect(),
        });
    }
    let mut password = String::from_utf8(output.stdout).map_err(|_| PasswordError::NotUtf8 {
        command: command.to_owned(),
    })?;
    if password.ends_with('\n') {
        password.pop();
        if password.ends_with('\r') {
            password.pop();
        }
    }
    if password.is_empty() {
        return Err(PasswordError::Empty {
            command: command.to_owned(),
        });
    }
    Ok(password)
}
