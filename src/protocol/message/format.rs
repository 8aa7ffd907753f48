//! The `X-MMS-IM-Format` header of text messages (docs/protocol.md §5.5).

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// Escaped in font names: what would break the `; `-separated list, plus `%` and spaces.
const FONT_ESCAPES: &AsciiSet = &CONTROLS.add(b' ').add(b'%').add(b';').add(b'=');

/// Font, effects and colour of a text message, e.g. `FN=Segoe%20UI; EF=B; CO=ff; CS=0; PF=22`.
///
/// Parsing is lenient: unknown fields and unreadable values are ignored, and missing
/// fields take their default. Writing always gives FN, EF, CO, CS and PF, then `RL=1`
/// only for right-to-left text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFormat {
    /// Font name, decoded (`FN`).
    pub font: String,
    pub effects: Effects,
    pub color: Color,
    /// Windows GDI charset byte (`CS`): 0 ANSI, 1 default, 0x80 Shift-JIS, ...
    pub charset: u8,
    /// Windows font pitch and family byte (`PF`).
    pub pitch_family: u8,
    pub right_to_left: bool,
}

impl Default for TextFormat {
    /// What official clients send: Segoe UI, no effects, black, default charset.
    fn default() -> Self {
        Self {
            font: "Segoe UI".to_owned(),
            effects: Effects::default(),
            color: Color::BLACK,
            charset: 1,
            pitch_family: 0,
            right_to_left: false,
        }
    }
}

impl TextFormat {
    pub fn parse(value: &str) -> Self {
        let mut format = Self::default();
        let fields = value
            .split(';')
            .filter_map(|field| field.trim().split_once('='));
        for (key, value) in fields {
            match key.to_ascii_uppercase().as_str() {
                "FN" => format.font = percent_decode_str(value).decode_utf8_lossy().into_owned(),
                "EF" => format.effects = Effects::parse(value),
                "CO" => {
                    if let Ok(bgr) = u32::from_str_radix(value, 16) {
                        format.color = Color::from_bgr(bgr);
                    }
                }
                "CS" => {
                    if let Ok(charset) = u8::from_str_radix(value, 16) {
                        format.charset = charset;
                    }
                }
                "PF" => {
                    if let Ok(pitch_family) = u8::from_str_radix(value, 16) {
                        format.pitch_family = pitch_family;
                    }
                }
                "RL" => format.right_to_left = value == "1",
                _ => {}
            }
        }
        format
    }
}

impl fmt::Display for TextFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FN={}; EF={}; CO={:x}; CS={:X}; PF={:x}",
            utf8_percent_encode(&self.font, FONT_ESCAPES),
            self.effects,
            self.color.to_bgr(),
            self.charset,
            self.pitch_family
        )?;
        if self.right_to_left {
            f.write_str("; RL=1")?;
        }
        Ok(())
    }
}

/// The `EF` letters: `B`, `I`, `U`, `S`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Effects {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strikethrough: bool,
}

impl Effects {
    fn parse(letters: &str) -> Self {
        let has = |letter: char| letters.chars().any(|c| c.eq_ignore_ascii_case(&letter));
        Self {
            bold: has('B'),
            italic: has('I'),
            underline: has('U'),
            strikethrough: has('S'),
        }
    }
}

impl fmt::Display for Effects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let letters = [
            (self.bold, 'B'),
            (self.italic, 'I'),
            (self.underline, 'U'),
            (self.strikethrough, 'S'),
        ];
        for (_, letter) in letters.iter().filter(|(on, _)| *on) {
            write!(f, "{letter}")?;
        }
        Ok(())
    }
}

/// A text colour. On the wire (`CO`) it is the hex of the number `B<<16 | G<<8 | R`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Color {
    pub red: u8,
    pub green: u8,
    pub blue: u8,
}

impl Color {
    pub const BLACK: Color = Color {
        red: 0,
        green: 0,
        blue: 0,
    };

    /// Reads the wire number; bits above the blue byte are ignored.
    pub fn from_bgr(bgr: u32) -> Self {
        let [red, green, blue, _] = bgr.to_le_bytes();
        Self { red, green, blue }
    }

    pub fn to_bgr(self) -> u32 {
        u32::from_le_bytes([self.red, self.green, self.blue, 0])
    }

    pub fn rgb(self) -> (u8, u8, u8) {
        (self.red, self.green, self.blue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_official_client_default() {
        let format = TextFormat::parse("FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0");
        assert_eq!(format, TextFormat::default());
        assert_eq!(format.to_string(), "FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0");
    }

    #[test]
    fn parses_every_field() {
        let format =
            TextFormat::parse("FN=MS%20Sans%20Serif; EF=BIUS; CO=ff0000; CS=80; PF=22; RL=1");
        assert_eq!(format.font, "MS Sans Serif");
        assert_eq!(
            format.effects,
            Effects {
                bold: true,
                italic: true,
                underline: true,
                strikethrough: true
            }
        );
        assert_eq!(format.color.rgb(), (0, 0, 0xff));
        assert_eq!(format.charset, 0x80);
        assert_eq!(format.pitch_family, 0x22);
        assert!(format.right_to_left);
        assert_eq!(
            format.to_string(),
            "FN=MS%20Sans%20Serif; EF=BIUS; CO=ff0000; CS=80; PF=22; RL=1"
        );
    }

    #[test]
    fn colour_is_blue_green_red_without_leading_zeros() {
        assert_eq!(Color::from_bgr(0xff).rgb(), (0xff, 0, 0));
        assert_eq!(Color::from_bgr(0xff00).rgb(), (0, 0xff, 0));
        assert_eq!(Color::from_bgr(0x123456).rgb(), (0x56, 0x34, 0x12));
        assert_eq!(TextFormat::parse("CO=ff").color.rgb(), (0xff, 0, 0));
        assert_eq!(TextFormat::parse("CO=0000ff").color.rgb(), (0xff, 0, 0));
        let red = TextFormat {
            color: Color {
                red: 0xff,
                green: 0,
                blue: 0,
            },
            ..TextFormat::default()
        };
        assert!(red.to_string().contains("CO=ff;"), "{red}");
    }

    #[test]
    fn tolerates_unknown_fields_and_bad_values() {
        let format = TextFormat::parse("XX=1; CO=zz; junk; EF=b; FN=Arial");
        assert_eq!(format.color, Color::BLACK);
        assert!(format.effects.bold);
        assert_eq!(format.font, "Arial");
    }

    #[test]
    fn escapes_separators_in_font_names() {
        let format = TextFormat {
            font: "A; B=100% é".to_owned(),
            ..TextFormat::default()
        };
        let written = format.to_string();
        assert!(
            written.starts_with("FN=A%3B%20B%3D100%25%20%C3%A9; "),
            "{written}"
        );
        assert_eq!(TextFormat::parse(&written), format);
    }
}
