//! Contact lists and groups: SYN and its LST/LSG/BPR/GTC/BLP/PRP lines, ADD/REM/ADC,
//! ADG/RMG/REG, SBP, REA, and the MSNP13+ ADL/RML notices.

mod contacts;
mod groups;
mod ml;
mod settings;
mod sync;
#[cfg(test)]
mod tests;

pub use contacts::*;
pub use groups::*;
pub use ml::*;
pub use settings::*;
pub use sync::*;

use crate::protocol::error::ParseError;
use crate::protocol::field::{Args, Field, LineWriter};

fn is_property_key(text: Option<&str>) -> bool {
    text.is_some_and(|key| {
        !key.is_empty() && key.len() <= 4 && key.bytes().all(|b| b.is_ascii_uppercase())
    })
}

fn property_key(args: &mut Args<'_>) -> Result<String, ParseError> {
    let key = args.text("property")?;
    if is_property_key(Some(key)) {
        Ok(key.to_owned())
    } else {
        Err(args.invalid("property", key))
    }
}

/// Takes the next field if it starts with `tag`, returning the text after the tag.
fn tagged<'a>(args: &mut Args<'a>, tag: &'static str) -> Result<Option<&'a str>, ParseError> {
    match args.peek() {
        Some(text) if text.starts_with(tag) => Ok(Some(&args.text(tag)?[tag.len()..])),
        _ => Ok(None),
    }
}

fn write_tagged<T: Field>(line: &mut LineWriter, tag: &str, value: &T) {
    let mut text = tag.as_bytes().to_vec();
    value.write_field(&mut text);
    line.text(&String::from_utf8_lossy(&text));
}

fn optional_zero(args: &mut Args<'_>) -> Result<bool, ParseError> {
    if args.peek().is_some() {
        args.keyword("0")?;
        Ok(true)
    } else {
        Ok(false)
    }
}

fn write_zero(line: &mut LineWriter, present: bool) {
    if present {
        line.text("0");
    }
}
