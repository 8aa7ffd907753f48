//! The `<ml>` contact-list documents carried by ADL, RML and FQY (docs/protocol.md §3.7).

use quick_xml::Reader;
use quick_xml::events::Event;
use thiserror::Error;

use super::types::ListBits;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MlError {
    #[error("contact list XML is malformed: {0}")]
    Malformed(String),
    #[error("contact list XML has an empty domain element")]
    EmptyDomain,
    #[error("contact list XML names the domain {0} twice")]
    DuplicateDomain(String),
    #[error("contact list XML entry is missing its {0} attribute")]
    MissingAttribute(&'static str),
}

/// One `<c>` entry, with its domain put back: `n@domain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MlContact {
    pub email: String,
    pub lists: Option<ListBits>,
    pub network: Option<u32>,
    /// `f=`: URL-encoded friendly name, on server pushes.
    pub friendly: Option<String>,
}

/// A whole `<ml>` document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactListXml {
    /// `l="1"`: the initial dump after sign-in.
    pub initial: bool,
    pub contacts: Vec<MlContact>,
}

fn attribute(
    element: &quick_xml::events::BytesStart<'_>,
    name: &str,
) -> Result<Option<String>, MlError> {
    for attr in element.attributes() {
        let attr = attr.map_err(|error| MlError::Malformed(error.to_string()))?;
        if attr.key.as_ref() == name {
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|error| MlError::Malformed(error.to_string()))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

fn number<T: std::str::FromStr>(text: Option<String>, what: &str) -> Result<Option<T>, MlError> {
    text.map(|text| {
        text.parse()
            .map_err(|_| MlError::Malformed(format!("{what}={text:?}")))
    })
    .transpose()
}

impl ContactListXml {
    pub fn parse(bytes: &[u8]) -> Result<Self, MlError> {
        let mut reader = Reader::from_reader(bytes);
        let mut document = ContactListXml::default();
        let mut domains: Vec<String> = Vec::new();
        let mut domain: Option<(String, usize)> = None;
        let mut seen_root = false;
        let mut buf = Vec::new();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|error| MlError::Malformed(error.to_string()))?;
            match event {
                Event::Start(ref element) | Event::Empty(ref element) => {
                    let empty = matches!(event, Event::Empty(_));
                    match element.name().as_ref() {
                        "ml" => {
                            seen_root = true;
                            document.initial = attribute(element, "l")?.as_deref() == Some("1");
                        }
                        "d" => {
                            let name =
                                attribute(element, "n")?.ok_or(MlError::MissingAttribute("n"))?;
                            if domains.contains(&name) {
                                return Err(MlError::DuplicateDomain(name));
                            }
                            domains.push(name.clone());
                            if empty {
                                return Err(MlError::EmptyDomain);
                            }
                            domain = Some((name, document.contacts.len()));
                        }
                        "c" => {
                            let Some((domain_name, _)) = &domain else {
                                return Err(MlError::Malformed("<c> outside <d>".into()));
                            };
                            let local =
                                attribute(element, "n")?.ok_or(MlError::MissingAttribute("n"))?;
                            document.contacts.push(MlContact {
                                email: format!("{local}@{domain_name}"),
                                lists: number::<u8>(attribute(element, "l")?, "l")?.map(ListBits),
                                network: number(attribute(element, "t")?, "t")?,
                                friendly: attribute(element, "f")?,
                            });
                        }
                        other => {
                            return Err(MlError::Malformed(format!(
                                "unexpected element <{}>",
                                other
                            )));
                        }
                    }
                }
                Event::End(ref element) if element.name().as_ref() == "d" => {
                    if let Some((_, first)) = domain.take()
                        && document.contacts.len() == first
                    {
                        return Err(MlError::EmptyDomain);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if !seen_root {
            return Err(MlError::Malformed("no <ml> element".into()));
        }
        Ok(document)
    }

    /// Writes the document in the shape the official server used: one `<d>` per domain
    /// in order of first appearance.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::from(if self.initial { "<ml l=\"1\">" } else { "<ml>" });
        let mut domains: Vec<&str> = Vec::new();
        for contact in &self.contacts {
            if let Some((_, domain)) = contact.email.split_once('@')
                && !domains.contains(&domain)
            {
                domains.push(domain);
            }
        }
        for domain in domains {
            out.push_str(&format!("<d n=\"{}\">", escape(domain)));
            for contact in self
                .contacts
                .iter()
                .filter(|c| c.email.split_once('@').map(|(_, d)| d) == Some(domain))
            {
                let local = contact.email.split_once('@').map_or("", |(local, _)| local);
                out.push_str(&format!("<c n=\"{}\"", escape(local)));
                if let Some(network) = contact.network {
                    out.push_str(&format!(" t=\"{network}\""));
                }
                if let Some(lists) = contact.lists {
                    out.push_str(&format!(" l=\"{}\"", lists.0));
                }
                if let Some(friendly) = &contact.friendly {
                    out.push_str(&format!(" f=\"{}\"", escape(friendly)));
                }
                out.push_str(" />");
            }
            out.push_str("</d>");
        }
        out.push_str("</ml>");
        out.into_bytes()
    }
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_initial_dump() {
        let xml = br#"<ml l="1"><d n="example.com"><c n="bob" l="3" t="1" /><c n="carol" l="5" t="1"/></d></ml>"#;
        let document = ContactListXml::parse(xml).unwrap();
        assert!(document.initial);
        assert_eq!(document.contacts.len(), 2);
        assert_eq!(document.contacts[0].email, "bob@example.com");
        assert_eq!(document.contacts[1].lists, Some(ListBits(5)));
        assert!(
            ContactListXml::parse(b"<ml l=\"1\"></ml>")
                .unwrap()
                .contacts
                .is_empty()
        );
    }

    #[test]
    fn rejects_what_the_server_rejects() {
        assert_eq!(
            ContactListXml::parse(b"<ml><d n=\"x.com\"></d></ml>"),
            Err(MlError::EmptyDomain)
        );
        assert_eq!(
            ContactListXml::parse(b"<ml><d n=\"x.com\"/></ml>"),
            Err(MlError::EmptyDomain)
        );
        assert!(matches!(
            ContactListXml::parse(
                b"<ml><d n=\"x.com\"><c n=\"a\"/></d><d n=\"x.com\"><c n=\"b\"/></d></ml>"
            ),
            Err(MlError::DuplicateDomain(_))
        ));
        assert!(
            ContactListXml::parse(b"<ml><d n=\"x.com\"><c n=\"a\" l=\"q\"/></d></ml>").is_err()
        );
        assert!(ContactListXml::parse(b"not xml <<").is_err());
    }

    #[test]
    fn builds_the_reverse_list_push() {
        let push = ContactListXml {
            initial: false,
            contacts: vec![MlContact {
                email: "alice@example.com".into(),
                lists: Some(ListBits(8)),
                network: Some(1),
                friendly: Some("Alice%20Test".into()),
            }],
        };
        let bytes = push.to_bytes();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"<ml><d n="example.com"><c n="alice" t="1" l="8" f="Alice%20Test" /></d></ml>"#
        );
        assert_eq!(ContactListXml::parse(&bytes).unwrap(), push);
    }
}
