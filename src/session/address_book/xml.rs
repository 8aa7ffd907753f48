//! A small element tree over quick-xml for reading SOAP answers. Elements are matched by
//! local name: prefixes and namespaces differ between servers and carry no meaning here.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

/// Deeper documents are refused: address-book answers nest about ten levels.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Node {
    /// Local name, without prefix.
    pub name: String,
    pub children: Vec<Node>,
    /// The element's own character data, unescaped.
    pub text: String,
}

impl Node {
    /// Parses a whole document and returns its root element.
    pub fn parse(body: &str) -> Result<Node, String> {
        let mut reader = Reader::from_str(body);
        let mut stack: Vec<Node> = Vec::new();
        let mut root = None;
        loop {
            let closed = match reader.read_event().map_err(|error| error.to_string())? {
                Event::Start(start) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(format!("nested deeper than {MAX_DEPTH} levels"));
                    }
                    stack.push(Node::named(start.local_name().as_ref()));
                    None
                }
                Event::Empty(start) => Some(Node::named(start.local_name().as_ref())),
                Event::End(_) => stack.pop(),
                Event::Text(text) => {
                    append_text(&mut stack, &text.xml10_content());
                    None
                }
                Event::CData(data) => {
                    append_text(&mut stack, &data.xml10_content());
                    None
                }
                Event::GeneralRef(reference) => {
                    let character = reference
                        .resolve_char_ref()
                        .map_err(|error| error.to_string())?;
                    match character {
                        Some(character) => append_text(&mut stack, &character.to_string()),
                        None => {
                            let entity = resolve_predefined_entity(&reference)
                                .ok_or_else(|| format!("unknown entity &{};", &*reference))?;
                            append_text(&mut stack, entity);
                        }
                    }
                    None
                }
                Event::Eof => break,
                _ => None,
            };
            if let Some(node) = closed {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None if root.is_none() => root = Some(node),
                    None => return Err("more than one root element".into()),
                }
            }
        }
        if !stack.is_empty() {
            return Err("unclosed element".into());
        }
        root.ok_or_else(|| "no root element".into())
    }

    fn named(name: &str) -> Node {
        Node {
            name: name.to_owned(),
            ..Node::default()
        }
    }

    /// The first direct child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|child| child.name == name)
    }

    /// The direct children named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// Follows direct children along `path`.
    pub fn path(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, name| node.child(name))
    }

    /// The trimmed text of the direct child named `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(Node::trimmed)
    }

    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

fn append_text(stack: &mut [Node], text: &str) {
    if let Some(current) = stack.last_mut() {
        current.text.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prefixed_elements_and_entities() {
        let root = Node::parse(
            r#"<?xml version="1.0"?><s:Envelope xmlns:s="x"><s:Body><a:Item>one &amp; &#x32;</a:Item><Empty/></s:Body></s:Envelope>"#,
        )
        .expect("well-formed");
        assert_eq!(root.name, "Envelope");
        assert_eq!(
            root.path(&["Body", "Item"]).map(Node::trimmed),
            Some("one & 2")
        );
        assert!(root.path(&["Body", "Empty"]).is_some());
    }

    #[test]
    fn refuses_broken_documents() {
        assert!(Node::parse("<a><b></a>").is_err());
        assert!(Node::parse("<a>").is_err());
        assert!(Node::parse("").is_err());
        assert!(Node::parse("<a/><b/>").is_err());
        assert!(Node::parse("<a>&bogus;</a>").is_err());
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(Node::parse(&deep).is_err());
    }
}
