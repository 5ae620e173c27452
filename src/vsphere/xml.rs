//! A light, namespace-aware element tree for SOAP replies, and XML escaping for requests.
//!
//! Every element keeps its local name, its namespace URI, the `type` attribute that
//! `ManagedObjectReference` values carry, and the XSD-instance `type` attribute read by namespace
//! URI, whatever prefix the server bound to it (`xsi:` on ESX, `XMLSchema-instance:` on vcsim).

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// The XSD-instance namespace, whose `type` attribute names a value's concrete type.
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The SOAP 1.1 envelope namespace.
pub const SOAPENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The vSphere API namespace.
pub const VIM25_NS: &str = "urn:vim25";

/// One element of a parsed reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node {
    /// Local name, without any prefix.
    pub name: String,
    /// Namespace URI the element is in, if any (the usual ones are not copied per element).
    pub ns: Option<Cow<'static, str>>,
    /// The XSD-instance type, without its prefix (`xsd:string` gives `string`).
    pub xsi_type: Option<String>,
    /// The un-namespaced `type` attribute (a managed object reference's type).
    pub type_attr: Option<String>,
    /// Text content (concatenated, unescaped); empty for elements with only children.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Node>,
}

impl Node {
    /// The first child with local name `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with local name `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Text of the first child named `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// Follows a path of child names, e.g. `["config", "hardware", "numCPU"]`.
    pub fn path(&self, path: &[&str]) -> Option<&Node> {
        let mut node = self;
        for p in path {
            node = node.child(p)?;
        }
        Some(node)
    }

    /// Trimmed text.
    pub fn as_str(&self) -> &str {
        self.text.trim()
    }

    /// Text as an integer.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_str().parse().ok()
    }

    /// Text as an xsd:boolean (`true`/`false`/`1`/`0`).
    pub fn as_bool(&self) -> Option<bool> {
        match self.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    /// The concrete type: the XSD-instance type if present, otherwise the element name
    /// (array items written without a type attribute are named after their type).
    pub fn type_name(&self) -> &str {
        self.xsi_type.as_deref().unwrap_or(&self.name)
    }

    /// Whether this value is an `ArrayOf...` wrapper (its items are its children).
    pub fn is_array(&self) -> bool {
        self.xsi_type
            .as_deref()
            .is_some_and(|t| t.starts_with("ArrayOf"))
    }

    /// Array items of an `ArrayOf...` value; for any other value the value itself.
    pub fn items(&self) -> Vec<&Node> {
        if self.is_array() {
            self.children.iter().collect()
        } else {
            vec![self]
        }
    }

    /// Serializes the tree back to XML (for debugging and tests); namespaces are not written.
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        self.write_xml(&mut out);
        out
    }

    fn write_xml(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        if let Some(t) = &self.type_attr {
            out.push_str(" type=\"");
            out.push_str(&escape(t));
            out.push('"');
        }
        if let Some(t) = &self.xsi_type {
            out.push_str(" xsi:type=\"");
            out.push_str(&escape(t));
            out.push('"');
        }
        out.push('>');
        out.push_str(&escape(&self.text));
        for c in &self.children {
            c.write_xml(out);
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

/// Escapes text for use in XML content or a double-quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            // Characters XML 1.0 cannot carry at all are dropped rather than sent broken.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// Strips a `prefix:` from a QName value such as `xsd:string`.
fn strip_prefix(v: &str) -> &str {
    v.rsplit_once(':').map(|(_, l)| l).unwrap_or(v)
}

/// A namespace URI, borrowed when it is one of the usual ones.
fn namespace(uri: &str) -> Cow<'static, str> {
    match uri {
        VIM25_NS => Cow::Borrowed(VIM25_NS),
        SOAPENV_NS => Cow::Borrowed(SOAPENV_NS),
        XSI_NS => Cow::Borrowed(XSI_NS),
        other => Cow::Owned(other.to_string()),
    }
}

/// Parses a whole document and returns its root element.
pub fn parse(doc: &str) -> Result<Node, String> {
    let mut reader = NsReader::from_str(doc);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut buf = Vec::new();
    loop {
        let pos = reader.buffer_position();
        let (ns, event) = reader
            .read_resolved_event_into(&mut buf)
            .map_err(|e| format!("XML error after byte {pos}: {e}"))?;
        let ns = match ns {
            ResolveResult::Bound(n) => Some(namespace(n.0)),
            _ => None,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let mut node = Node {
                    name: e.local_name().as_ref().to_string(),
                    ns,
                    ..Node::default()
                };
                for attr in e.attributes() {
                    let attr = attr.map_err(|e| format!("XML attribute error: {e}"))?;
                    let (ans, local) = reader.resolver().resolve_attribute(attr.key);
                    if local.as_ref() != "type" {
                        continue;
                    }
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| format!("XML attribute error: {e}"))?
                        .into_owned();
                    match ans {
                        ResolveResult::Bound(n) if n.as_ref() == XSI_NS => {
                            node.xsi_type = Some(strip_prefix(&value).to_string());
                        }
                        ResolveResult::Unbound => node.type_attr = Some(value),
                        _ => {}
                    }
                }
                if is_empty {
                    attach(&mut stack, &mut root, node);
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("XML error: unbalanced end tag")?;
                attach(&mut stack, &mut root, node);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    if let Some(ch) = r
                        .resolve_char_ref()
                        .map_err(|e| format!("XML reference error: {e}"))?
                    {
                        top.text.push(ch);
                    } else {
                        let name = r.into_inner();
                        let ch = match name.as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => return Err(format!("XML error: unknown entity &{other};")),
                        };
                        top.text.push(ch);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err("XML error: document ended inside an element".into());
    }
    root.ok_or_else(|| "XML error: no root element".into())
}

fn attach(stack: &mut [Node], root: &mut Option<Node>, mut node: Node) {
    // Whitespace between child elements is layout, not content.
    if !node.children.is_empty() && node.text.trim().is_empty() {
        node.text.clear();
    }
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => *root = Some(node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything() {
        assert_eq!(
            escape("a<b>&\"c'\r\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#13;"
        );
    }

    #[test]
    fn reads_xsi_type_by_namespace_whatever_the_prefix() {
        for prefix in ["xsi", "XMLSchema-instance", "foo"] {
            let doc = format!(
                r#"<r xmlns:{prefix}="{XSI_NS}" xmlns="urn:vim25"><val {prefix}:type="xsd:string">x</val></r>"#
            );
            let root = parse(&doc).unwrap();
            let val = root.child("val").unwrap();
            assert_eq!(val.xsi_type.as_deref(), Some("string"));
            assert_eq!(val.ns.as_deref(), Some(VIM25_NS));
            assert_eq!(val.as_str(), "x");
        }
    }

    #[test]
    fn type_attr_in_other_namespace_is_not_xsi() {
        let doc = r#"<r xmlns:o="urn:other"><v o:type="X" type="Folder">f</v></r>"#;
        let root = parse(doc).unwrap();
        let v = root.child("v").unwrap();
        assert_eq!(v.xsi_type, None);
        assert_eq!(v.type_attr.as_deref(), Some("Folder"));
    }

    #[test]
    fn unescapes_text_and_refs() {
        let root = parse("<a>x &amp; y &lt;z&gt; &#65;&#x42;<![CDATA[<c>]]></a>").unwrap();
        assert_eq!(root.text, "x & y <z> AB<c>");
    }

    #[test]
    fn whitespace_between_children_is_dropped() {
        let root = parse("<a>\n  <b>1</b>\n  <c/>\n</a>").unwrap();
        assert_eq!(root.text, "");
        assert_eq!(root.children.len(), 2);
        assert_eq!(root.child("c").unwrap().text, "");
    }

    #[test]
    fn rejects_broken_documents() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
        assert!(parse("").is_err());
    }
}
