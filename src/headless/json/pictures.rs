//! The JSON lines of display pictures (`picture`) and of `/whois` (`contact_info`).

use std::path::Path;

use serde::Serialize;

use crate::session::ContactInfo;

#[derive(Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum PictureJson<'a> {
    Picture {
        email: &'a str,
        sha1d: &'a str,
        path: String,
    },
    ContactInfo {
        email: &'a str,
        name: &'a str,
        status: &'static str,
        personal_message: &'a str,
        groups: &'a [String],
        picture_sha1d: Option<&'a str>,
        picture_path: Option<String>,
    },
}

pub fn picture(email: &str, sha1d: &str, path: &Path) -> Option<String> {
    serde_json::to_string(&PictureJson::Picture {
        email,
        sha1d,
        path: path.display().to_string(),
    })
    .ok()
}

pub fn contact_info(info: &ContactInfo) -> Option<String> {
    let picture = info.picture.as_ref();
    serde_json::to_string(&PictureJson::ContactInfo {
        email: &info.email,
        name: &info.name,
        status: info.status.code(),
        personal_message: &info.personal_message,
        groups: &info.groups,
        picture_sha1d: picture.map(|picture| picture.sha1d.as_str()),
        picture_path: picture
            .and_then(|picture| picture.path.as_ref())
            .map(|path| path.display().to_string()),
    })
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::types::Status;
    use crate::session::PictureInfo;

    #[test]
    fn whois_is_one_line_with_the_cached_picture() {
        let info = ContactInfo {
            email: "bob@example.com".into(),
            name: "Bob".into(),
            status: Status::Away,
            personal_message: "out".into(),
            groups: vec!["Friends".into()],
            picture: Some(PictureInfo {
                sha1d: "rcRFgJEuoZNGGimaELDpBjiIa6Q=".into(),
                path: Some("/data/pictures/adc4".into()),
            }),
        };
        assert_eq!(
            contact_info(&info).unwrap(),
            r#"{"event":"contact_info","email":"bob@example.com","name":"Bob","status":"AWY","personal_message":"out","groups":["Friends"],"picture_sha1d":"rcRFgJEuoZNGGimaELDpBjiIa6Q=","picture_path":"/data/pictures/adc4"}"#
        );
    }
}
