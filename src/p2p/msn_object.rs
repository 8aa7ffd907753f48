//! MSNObjects (extensions §3.7): the `<msnobj …/>` that names a display picture or an
//! emoticon by the SHA-1 of its data (SHA1D), with a checksum of its fields (SHA1C).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest, Sha1};

use super::error::P2pError;
use crate::protocol::xml::{Element, escape};

/// The `Type` of a display picture.
pub const DISPLAY_PICTURE: u32 = 3;
/// `Friendly` of an object without a name: base64 of a UTF-16 NUL.
const NO_NAME: &str = "AAA=";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsnObject {
    pub creator: String,
    pub size: u64,
    pub object_type: u32,
    pub location: String,
    pub friendly: String,
    /// Base64 of the SHA-1 of the data: the object's identity and cache key.
    pub sha1d: String,
    pub sha1c: Option<String>,
}

impl MsnObject {
    /// Reads the XML, with or without a trailing NUL; `Creator`, `Size`, `Type` and
    /// `SHA1D` are required.
    pub fn parse(xml: &str) -> Result<Self, P2pError> {
        let xml = xml.trim_end_matches('\0').trim();
        let element = Element::parse(xml.as_bytes()).map_err(|_| P2pError::InvalidField {
            field: "msnobj",
            value: xml.chars().take(40).collect(),
        })?;
        if element.name != "msnobj" {
            return Err(P2pError::MissingField("msnobj"));
        }
        let required = |name: &'static str| {
            element
                .attribute(name)
                .filter(|value| !value.is_empty())
                .ok_or(P2pError::MissingField(name))
        };
        let number = |name: &'static str| {
            let value = required(name)?;
            value.parse::<u64>().map_err(|_| P2pError::InvalidField {
                field: name,
                value: value.chars().take(20).collect(),
            })
        };
        let object_type = u32::try_from(number("Type")?).map_err(|_| P2pError::InvalidField {
            field: "Type",
            value: required("Type").unwrap_or_default().to_owned(),
        })?;
        let sha1d = required("SHA1D")?;
        let decoded = STANDARD.decode(sha1d).ok().filter(|hash| hash.len() == 20);
        if decoded.is_none() {
            return Err(P2pError::InvalidField {
                field: "SHA1D",
                value: sha1d.chars().take(40).collect(),
            });
        }
        Ok(Self {
            creator: required("Creator")?.to_owned(),
            size: number("Size")?,
            object_type,
            location: element.attribute("Location").unwrap_or("0").to_owned(),
            friendly: element.attribute("Friendly").unwrap_or(NO_NAME).to_owned(),
            sha1d: sha1d.to_owned(),
            sha1c: element
                .attribute("SHA1C")
                .filter(|value| !value.is_empty())
                .map(str::to_owned),
        })
    }

    /// The object for `data` of `creator`, checksummed.
    pub fn for_data(creator: &str, object_type: u32, location: &str, data: &[u8]) -> Self {
        let mut object = Self {
            creator: creator.to_owned(),
            size: data.len() as u64,
            object_type,
            location: location.to_owned(),
            friendly: NO_NAME.to_owned(),
            sha1d: STANDARD.encode(Sha1::digest(data)),
            sha1c: None,
        };
        object.sha1c = Some(object.checksum());
        object
    }

    /// SHA1C: the fields exactly as they appear in the attributes, names included.
    pub fn checksum(&self) -> String {
        let fields = format!(
            "Creator{}Size{}Type{}Location{}Friendly{}SHA1D{}",
            self.creator, self.size, self.object_type, self.location, self.friendly, self.sha1d
        );
        STANDARD.encode(Sha1::digest(fields.as_bytes()))
    }

    /// True when `data` is this object's data (size and SHA1D).
    pub fn matches(&self, data: &[u8]) -> bool {
        data.len() as u64 == self.size && STANDARD.encode(Sha1::digest(data)) == self.sha1d
    }

    /// A file name for the cache: the SHA1D in hexadecimal (base64 has `/`).
    pub fn cache_name(&self) -> String {
        let hash = STANDARD.decode(&self.sha1d).unwrap_or_default();
        hash.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    pub fn to_xml(&self) -> String {
        let mut xml = format!(
            "<msnobj Creator=\"{}\" Size=\"{}\" Type=\"{}\" Location=\"{}\" Friendly=\"{}\" SHA1D=\"{}\"",
            attribute(&self.creator),
            self.size,
            self.object_type,
            attribute(&self.location),
            attribute(&self.friendly),
            attribute(&self.sha1d)
        );
        if let Some(sha1c) = &self.sha1c {
            xml.push_str(&format!(" SHA1C=\"{}\"", attribute(sha1c)));
        }
        xml.push_str("/>");
        xml
    }
}

/// An attribute value that reads back as it is: markup escaped, and the whitespace a
/// parser would turn into spaces written as character references.
fn attribute(value: &str) -> String {
    escape(value)
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const RECORDED: &str = "<msnobj Creator=\"carol@example.com\" Size=\"1500\" Type=\"3\" Location=\"TFR2C2.tmp\" Friendly=\"AAA=\" SHA1D=\"rcRFgJEuoZNGGimaELDpBjiIa6Q=\" SHA1C=\"VubFjTgX6+Efmr1pxYEZbWzX5RA=\"/>";

    #[test]
    fn reads_the_recorded_object_and_checks_its_sha1c() {
        let object = MsnObject::parse(&format!("{RECORDED}\0")).unwrap();
        assert_eq!(object.creator, "carol@example.com");
        assert_eq!((object.size, object.object_type), (1500, DISPLAY_PICTURE));
        assert_eq!(object.checksum(), "VubFjTgX6+Efmr1pxYEZbWzX5RA=");
        assert_eq!(
            object.sha1c.as_deref(),
            Some("VubFjTgX6+Efmr1pxYEZbWzX5RA=")
        );
        assert_eq!(object.to_xml(), RECORDED);
        assert_eq!(
            object.cache_name(),
            "adc44580912ea193461a299a10b0e90638886ba4"
        );
    }

    #[test]
    fn objects_missing_fields_are_errors() {
        for field in ["Creator", "Size", "Type", "SHA1D"] {
            let xml = RECORDED.replace(&format!(" {field}="), " Other=");
            assert_eq!(MsnObject::parse(&xml), Err(P2pError::MissingField(field)));
        }
        assert!(MsnObject::parse("<msnobj Creator=\"a\" Size=\"-1\" Type=\"3\" SHA1D=\"rcRFgJEuoZNGGimaELDpBjiIa6Q=\"/>").is_err());
        assert!(
            MsnObject::parse("<msnobj Creator=\"a\" Size=\"1\" Type=\"3\" SHA1D=\"short\"/>")
                .is_err()
        );
        assert!(MsnObject::parse("not xml").is_err());
        assert!(MsnObject::parse("<other/>").is_err());
    }

    #[test]
    fn objects_for_data_verify_it() {
        let object = MsnObject::for_data("alice@example.com", DISPLAY_PICTURE, "0", b"picture");
        assert!(object.matches(b"picture"));
        assert!(!object.matches(b"picturf"));
        assert_eq!(MsnObject::parse(&object.to_xml()), Ok(object));
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_round_trips(xml in "<msnobj( [A-Za-z0-9]{1,8}=\"[^\"<&]{0,30}\"){0,8}/>") {
            if let Ok(object) = MsnObject::parse(&xml) {
                prop_assert_eq!(MsnObject::parse(&object.to_xml()), Ok(object));
            }
        }

        #[test]
        fn built_objects_round_trip(creator in "[a-z]{1,10}@[a-z]{1,10}\\.com", data in proptest::collection::vec(any::<u8>(), 0..100), location in "[^\"]{0,20}") {
            let object = MsnObject::for_data(&creator, 3, &location, &data);
            prop_assert!(object.matches(&data));
            prop_assert_eq!(MsnObject::parse(&object.to_xml()), Ok(object));
        }
    }
}
