//! The machine GUID (MSNP16+ endpoint id): made once per installation and kept in the
//! data directory, so that this client is the same endpoint at every sign-in.

use std::io;
use std::path::Path;

use crate::protocol::command::is_guid;

const FILE: &str = "machine-guid";

/// Reads `<data_dir>/machine-guid`, creating it with a new GUID (`{...}`, upper case)
/// when it is missing or does not hold a GUID.
pub fn load_or_create(data_dir: &Path) -> io::Result<String> {
    let path = data_dir.join(FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) if is_guid(text.trim()) => return Ok(braced(text.trim())),
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    let guid = format!("{{{}}}", uuid::Uuid::new_v4()).to_ascii_uppercase();
    std::fs::create_dir_all(data_dir)?;
    let temporary = data_dir.join(format!("{FILE}.tmp"));
    std::fs::write(&temporary, format!("{guid}\n"))?;
    std::fs::rename(&temporary, &path)?;
    Ok(guid)
}

fn braced(guid: &str) -> String {
    if guid.starts_with('{') {
        guid.to_owned()
    } else {
        format!("{{{guid}}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guid_is_stable_per_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested");
        let first = load_or_create(&data).unwrap();
        assert!(is_guid(&first) && first.starts_with('{'));
        assert_eq!(load_or_create(&data).unwrap(), first);
        let other = tempfile::tempdir().unwrap();
        assert_ne!(load_or_create(other.path()).unwrap(), first);
    }

    #[test]
    fn a_damaged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "not a guid").unwrap();
        let guid = load_or_create(dir.path()).unwrap();
        assert!(is_guid(&guid));
        std::fs::write(
            dir.path().join(FILE),
            "f52973b6-c926-4bad-9ba8-7c1e840e4ab0\n",
        )
        .unwrap();
        assert_eq!(
            load_or_create(dir.path()).unwrap(),
            "{f52973b6-c926-4bad-9ba8-7c1e840e4ab0}"
        );
    }
}
