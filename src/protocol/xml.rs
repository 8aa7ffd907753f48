//! A small element tree over quick-xml for reading SOAP documents, used by the server's
//! services and by the client alike. Elements and attributes are matched by local name:
//! peers disagree on prefixes and namespaces, and carry no meaning in them.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use thiserror::Error;

/// Deeper documents are refused: SOAP documents nest about ten levels.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum XmlError {
    #[error("document is not UTF-8")]
    NotUtf8,
    #[error("malformed XML: {0}")]
    Malformed(String),
    #[error("XML nested deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("no root element")]
    Empty,
    #[error("unknown entity &{0};")]
    UnknownEntity(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// Local name, without prefix.
    pub name: String,
    /// Local names and unescaped values.
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The element's own character data, unescaped.
    pub text: String,
}

fn malformed(error: impl std::fmt::Display) -> XmlError {
    XmlError::Malformed(error.to_string())
}

fn open(start: &BytesStart<'_>) -> Result<Element, XmlError> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(malformed)?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(malformed)?;
        attributes.push((
            attribute.key.local_name().as_ref().to_owned(),
            value.into_owned(),
        ));
    }
    Ok(Element {
        name: start.local_name().as_ref().to_owned(),
        attributes,
        ..Element::default()
    })
}

/// One step through a document, for readers that keep only what they need rather than
/// a tree. An empty element opens and closes; text comes unescaped, possibly in pieces.
pub enum Step<'a> {
    Open(BytesStart<'a>),
    Text(Cow<'a, str>),
    Close,
}

/// Walks a whole document, handing each step to `visit`.
pub fn walk<'a>(
    text: &'a str,
    mut visit: impl FnMut(Step<'a>) -> Result<(), XmlError>,
) -> Result<(), XmlError> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0;
    loop {
        match reader.read_event().map_err(malformed)? {
            Event::Start(start) => {
                if depth >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                depth += 1;
                visit(Step::Open(start))?;
            }
            Event::Empty(start) => {
                visit(Step::Open(start))?;
                visit(Step::Close)?;
            }
            Event::End(_) => {
                depth -= 1;
                visit(Step::Close)?;
            }
            Event::Text(text) => visit(Step::Text(Cow::Owned(text.xml10_content().into_owned())))?,
            Event::CData(data) => visit(Step::Text(Cow::Owned(data.xml10_content().into_owned())))?,
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(malformed)? {
                    Some(character) => character.to_string(),
                    None => resolve_predefined_entity(&reference)
                        .ok_or_else(|| XmlError::UnknownEntity(reference.to_string()))?
                        .to_owned(),
                };
                visit(Step::Text(Cow::Owned(resolved)))?;
            }
            Event::Eof if depth > 0 => return Err(malformed("unclosed element")),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// An element's local name.
pub fn local_name(start: &BytesStart<'_>) -> String {
    start.local_name().as_ref().to_owned()
}

impl Element {
    /// Parses a whole document and returns its root element.
    pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
        let text = std::str::from_utf8(bytes).map_err(|_| XmlError::NotUtf8)?;
        let mut stack: Vec<Element> = Vec::new();
        let mut root = None;
        walk(text, |step| {
            match step {
                Step::Open(start) => stack.push(open(&start)?),
                Step::Text(text) => append_text(&mut stack, &text),
                Step::Close => {
                    let Some(element) = stack.pop() else {
                        return Err(malformed("unbalanced end tag"));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None if root.is_none() => root = Some(element),
                        None => return Err(malformed("more than one root element")),
                    }
                }
            }
            Ok(())
        })?;
        root.ok_or(XmlError::Empty)
    }

    /// The first direct child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// The direct children named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// The trimmed text of the direct child named `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(Element::trimmed)
    }

    /// Follows direct children along `path`.
    pub fn path(&self, path: &[&str]) -> Option<&Element> {
        path.iter()
            .try_fold(self, |element, name| element.child(name))
    }

    /// The first element named `name` below this one, depth first (XPath `.//name`).
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.children.iter().find_map(|child| {
            (child.name == name)
                .then_some(child)
                .or_else(|| child.find(name))
        })
    }

    /// Every element named `name` below this one, in document order.
    pub fn find_all<'a>(&'a self, name: &str) -> Vec<&'a Element> {
        let mut found = Vec::new();
        self.collect(name, &mut found);
        found
    }

    fn collect<'a>(&'a self, name: &str, found: &mut Vec<&'a Element>) {
        for child in &self.children {
            if child.name == name {
                found.push(child);
            }
            child.collect(name, found);
        }
    }

    /// The trimmed text of the first descendant named `name`.
    pub fn find_text(&self, name: &str) -> Option<&str> {
        self.find(name).map(Element::trimmed)
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

fn append_text(stack: &mut [Element], text: &str) {
    if let Some(current) = stack.last_mut() {
        current.text.push_str(text);
    }
}

/// Escapes text for element content and attribute values.
pub fn escape(text: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prefixed_elements_by_local_name() {
        let root = Element::parse(
            br#"<?xml version="1.0"?><s:Envelope xmlns:s="x"><s:Body><a:Item a:Id="RST1">one &amp; &#x32;</a:Item><Empty/></s:Body></s:Envelope>"#,
        )
        .expect("valid");
        assert_eq!(root.name, "Envelope");
        let item = root.path(&["Body", "Item"]).expect("item");
        assert_eq!(item.text, "one & 2");
        assert_eq!(item.attribute("Id"), Some("RST1"));
        assert!(root.find("Empty").is_some());
        assert_eq!(root.find_all("Item").len(), 1);
    }

    #[test]
    fn refuses_broken_documents() {
        assert!(matches!(
            Element::parse(b"<a><b></a>"),
            Err(XmlError::Malformed(_))
        ));
        assert!(Element::parse(b"<a>").is_err());
        assert_eq!(Element::parse(b""), Err(XmlError::Empty));
        assert_eq!(Element::parse(b"\xff<a/>"), Err(XmlError::NotUtf8));
        assert_eq!(
            Element::parse(b"<a>&bogus;</a>"),
            Err(XmlError::UnknownEntity("bogus".into()))
        );
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert_eq!(Element::parse(deep.as_bytes()), Err(XmlError::TooDeep));
        assert!(Element::parse(b"<a/><b/>").is_err());
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&apos;");
    }
}
