//! The name a received file is saved under: never a path, never a control character,
//! never a name the system treats specially, never longer than file systems allow.

/// Bytes kept of a name, below the usual 255-byte limit so ` (99).part` still fits.
const MAX_NAME_BYTES: usize = 200;
const FALLBACK: &str = "received file";
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The last component of `offered`, cleaned: control and path characters dropped,
/// no leading dots (nothing hidden, no `..`), cut at a character boundary.
pub fn safe_name(offered: &str) -> String {
    let last = offered.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    let trimmed = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let stem = trimmed.split('.').next().unwrap_or_default();
    let mut name = if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        format!("_{trimmed}")
    } else {
        trimmed.to_owned()
    };
    if name.len() > MAX_NAME_BYTES {
        let (stem, extension) = split_extension(&name);
        let keep = MAX_NAME_BYTES.saturating_sub(extension.len());
        name = format!("{}{extension}", cut(stem, keep));
        if name.len() > MAX_NAME_BYTES {
            name = cut(&name, MAX_NAME_BYTES).to_owned();
        }
    }
    if name.is_empty() {
        FALLBACK.to_owned()
    } else {
        name
    }
}

/// The `index`th name to try: `name` itself, then `name (1).ext`, `name (2).ext`, …
pub fn numbered(name: &str, index: u32) -> String {
    if index == 0 {
        return name.to_owned();
    }
    let (stem, extension) = split_extension(name);
    format!("{stem} ({index}){extension}")
}

/// `("photo", ".jpg")`; a name without a dot, or only a leading one, has no extension.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(at) if at > 0 && name.len() - at <= 16 => name.split_at(at),
        _ => (name, ""),
    }
}

fn cut(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn paths_controls_and_reserved_names_are_made_harmless() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Windows\\evil.exe"), "evil.exe");
        assert_eq!(safe_name(".."), FALLBACK);
        assert_eq!(safe_name(".bashrc"), "bashrc");
        assert_eq!(safe_name("a\u{1b}[2Jb\r\n.txt"), "a[2Jb.txt");
        assert_eq!(safe_name("con.txt"), "_con.txt");
        assert_eq!(safe_name(""), FALLBACK);
        assert_eq!(safe_name("日本語.txt"), "日本語.txt");
        let long = format!("{}.tar.gz", "é".repeat(300));
        let name = safe_name(&long);
        assert!(name.len() <= MAX_NAME_BYTES && name.ends_with(".gz"));
    }

    #[test]
    fn numbered_names_keep_the_extension() {
        assert_eq!(numbered("photo.jpg", 0), "photo.jpg");
        assert_eq!(numbered("photo.jpg", 1), "photo (1).jpg");
        assert_eq!(numbered("README", 2), "README (2)");
    }

    proptest! {
        #[test]
        fn any_name_is_one_plain_component(offered in any::<String>()) {
            let name = safe_name(&offered);
            prop_assert!(!name.is_empty() && name.len() <= MAX_NAME_BYTES);
            prop_assert!(!name.contains(['/', '\\']) && !name.chars().any(char::is_control));
            prop_assert!(!name.starts_with('.'));
            let path = std::path::Path::new(&name);
            prop_assert_eq!(path.components().count(), 1);
            prop_assert!(matches!(path.components().next(), Some(std::path::Component::Normal(_))));
        }
    }
}
