use std::fmt;
use std::str::FromStr;

/// The port of a notification or dispatch server.
pub const DEFAULT_PORT: u16 = 1863;

/// A server to probe: `HOST`, `HOST:PORT`, `[IPv6]:PORT` or a bare IPv6 address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
}

impl FromStr for Target {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (host, port) = if let Some(bracketed) = text.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| format!("{text:?}: missing `]` after the IPv6 address"))?;
            match after {
                "" => (host, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (host, Some(port)),
                    None => return Err(format!("{text:?}: expected `:PORT` after `]`")),
                },
            }
        } else {
            match text.split_once(':') {
                // More than one colon without brackets: a bare IPv6 address.
                Some((host, port)) if !port.contains(':') => (host, Some(port)),
                _ => (text, None),
            }
        };
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("{text:?} is not HOST or HOST:PORT"));
        }
        let port = match port {
            None => DEFAULT_PORT,
            Some(port) => match port.parse() {
                Ok(0) | Err(_) => return Err(format!("{port:?} is not a port number (1-65535)")),
                Ok(port) => port,
            },
        };
        Ok(Target {
            host: host.to_owned(),
            port,
        })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(text: &str) -> (String, u16) {
        let target: Target = text.parse().unwrap();
        (target.host, target.port)
    }

    #[test]
    fn host_and_optional_port() {
        assert_eq!(target("example.net"), ("example.net".into(), 1863));
        assert_eq!(target("127.0.0.1:1864"), ("127.0.0.1".into(), 1864));
        assert_eq!(target("[::1]:1865"), ("::1".into(), 1865));
        assert_eq!(target("[::1]"), ("::1".into(), 1863));
        assert_eq!(target("::1"), ("::1".into(), 1863));
        assert_eq!("[::1]:7".parse::<Target>().unwrap().to_string(), "[::1]:7");
        assert_eq!("h:9".parse::<Target>().unwrap().to_string(), "h:9");
    }

    #[test]
    fn bad_targets_are_rejected() {
        for text in [
            "",
            ":1863",
            "host:0",
            "host:x",
            "host:70000",
            "[::1",
            "[::1]x",
            "a b",
        ] {
            assert!(text.parse::<Target>().is_err(), "{text:?}");
        }
    }
}
