//! The personal-message documents of UUX and UBX (docs/protocol.md §4.5): `<Data>` with PSM and
//! CurrentMedia, and the MSNP16+ `EndpointData` / `PrivateEndpointData` variants.

use quick_xml::Reader;
use quick_xml::events::Event;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[error("personal message XML is malformed: {0}")]
pub struct PersonalError(String);

/// What a UUX/UBX document says; absent elements are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonalDocument {
    pub message: Option<String>,
    pub current_media: Option<CurrentMedia>,
    pub machine_guid: Option<String>,
    /// `EndpointData/Capabilities` (the first one when several endpoints are listed).
    pub capabilities: Option<String>,
    /// `PrivateEndpointData/EpName`.
    pub endpoint_name: Option<String>,
}

/// The "now playing" record: `\0Music\01\0{0} - {1}\0Title\0Artist\0...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentMedia {
    pub application: String,
    pub category: String,
    pub enabled: bool,
    pub format: String,
    pub values: Vec<String>,
}

impl CurrentMedia {
    fn parse(text: &str) -> Option<Self> {
        let mut fields = text.split("\\0");
        let application = fields.next()?.to_owned();
        let category = fields.next()?.to_owned();
        let enabled = fields.next()? == "1";
        let format = fields.next()?.to_owned();
        let mut values: Vec<String> = fields.map(str::to_owned).collect();
        while values.last().is_some_and(String::is_empty) {
            values.pop();
        }
        Some(Self {
            application,
            category,
            enabled,
            format,
            values,
        })
    }

    /// The format string with `{0}`, `{1}`... filled in, e.g. "Song - Artist".
    pub fn display(&self) -> String {
        self.values
            .iter()
            .enumerate()
            .fold(self.format.clone(), |text, (i, value)| {
                text.replace(&format!("{{{i}}}"), value)
            })
    }
}

impl PersonalDocument {
    pub fn parse(bytes: &[u8]) -> Result<Self, PersonalError> {
        let mut reader = Reader::from_reader(bytes);
        let mut document = PersonalDocument::default();
        let mut path: Vec<String> = Vec::new();
        let mut buf = Vec::new();
        loop {
            match reader
                .read_event_into(&mut buf)
                .map_err(|e| PersonalError(e.to_string()))?
            {
                Event::Start(element) => path.push(element.name().as_ref().to_owned()),
                Event::End(_) => {
                    path.pop();
                }
                Event::Text(text) => document.take_text(&path, text.xml10_content().into_owned()),
                Event::GeneralRef(reference) => {
                    let entity = format!("&{};", reference.xml10_content());
                    let value = quick_xml::escape::unescape(&entity)
                        .map_err(|e| PersonalError(e.to_string()))?
                        .into_owned();
                    document.take_text(&path, value);
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(document)
    }

    fn take_text(&mut self, path: &[String], value: String) {
        let append =
            |slot: &mut Option<String>| slot.get_or_insert_with(String::new).push_str(&value);
        match path.last().map(String::as_str) {
            Some("PSM") => append(&mut self.message),
            Some("CurrentMedia") => self.current_media = CurrentMedia::parse(&value),
            Some("MachineGuid") => append(&mut self.machine_guid),
            Some("Capabilities") if self.capabilities.is_none() => self.capabilities = Some(value),
            Some("EpName") => append(&mut self.endpoint_name),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_psm_with_entities_and_media() {
        let xml = br#"<Data><PSM>fish &amp; chips &#x26; more</PSM><CurrentMedia>\0Music\01\0{0} - {1}\0Song\0Artist\0\0</CurrentMedia><MachineGuid>{7A1B32C4-0D7E-4B5C-9E2B-3C1E7F0A9B11}</MachineGuid></Data>"#;
        let document = PersonalDocument::parse(xml).unwrap();
        assert_eq!(document.message.as_deref(), Some("fish & chips & more"));
        let media = document.current_media.unwrap();
        assert_eq!(media.display(), "Song - Artist");
        assert!(media.enabled);
        assert!(document.machine_guid.is_some());
    }

    #[test]
    fn reads_endpoint_documents() {
        let endpoint = PersonalDocument::parse(
            b"<EndpointData><Capabilities>2789003324:48</Capabilities></EndpointData>",
        )
        .unwrap();
        assert_eq!(endpoint.capabilities.as_deref(), Some("2789003324:48"));
        assert_eq!(endpoint.message, None);
        let private = PersonalDocument::parse(
            b"<PrivateEndpointData><EpName>lab-probe</EpName><Idle>false</Idle></PrivateEndpointData>",
        )
        .unwrap();
        assert_eq!(private.endpoint_name.as_deref(), Some("lab-probe"));
        assert!(PersonalDocument::parse(b"<Data><PSM>x</Data>").is_err());
    }
}
