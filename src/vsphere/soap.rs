//! SOAP requests and replies: one value model for every argument, one serializer, one envelope
//! writer, and the reply reader that finds `returnval`s or turns a fault into [`ViError::Fault`].

use super::error::{Fault, ViError, ViResult};
use super::types::MoRef;
use super::xml::{self, escape, Node, SOAPENV_NS};

/// An argument or field value of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// Text (xsd:string, enum values, dates...).
    Str(String),
    /// Integer (xsd:int, xsd:long, xsd:short).
    Int(i64),
    /// xsd:boolean.
    Bool(bool),
    /// A managed object reference: `<name type="Type">value</name>`.
    MoRef(MoRef),
    /// A data object, written with its `xsi:type` and its fields in order.
    Obj(Obj),
    /// A primitive inside an `xsd:anyType` slot, written with `xsi:type="xsd:<ty>"`.
    Any { xsd_type: String, text: String },
    /// A repeated field: each item is written as an element of the same name.
    List(Vec<Val>),
    /// An optional field left out: writes nothing.
    Absent,
}

/// A data object value: its vSphere type and fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obj {
    pub ty: String,
    pub fields: Vec<(String, Val)>,
}

impl Obj {
    pub fn new(ty: impl Into<String>) -> Obj {
        Obj {
            ty: ty.into(),
            fields: Vec::new(),
        }
    }

    /// Adds a field.
    pub fn field(mut self, name: impl Into<String>, val: impl Into<Val>) -> Obj {
        self.fields.push((name.into(), val.into()));
        self
    }

    /// Adds a field when `val` is `Some`.
    pub fn opt(self, name: impl Into<String>, val: Option<impl Into<Val>>) -> Obj {
        match val {
            Some(v) => self.field(name, v),
            None => self,
        }
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Str(s.to_string())
    }
}
impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Str(s)
    }
}
impl From<&String> for Val {
    fn from(s: &String) -> Val {
        Val::Str(s.clone())
    }
}
impl From<i64> for Val {
    fn from(i: i64) -> Val {
        Val::Int(i)
    }
}
impl From<i32> for Val {
    fn from(i: i32) -> Val {
        Val::Int(i64::from(i))
    }
}
impl From<bool> for Val {
    fn from(b: bool) -> Val {
        Val::Bool(b)
    }
}
impl From<MoRef> for Val {
    fn from(m: MoRef) -> Val {
        Val::MoRef(m)
    }
}
impl From<&MoRef> for Val {
    fn from(m: &MoRef) -> Val {
        Val::MoRef(m.clone())
    }
}
impl From<Obj> for Val {
    fn from(o: Obj) -> Val {
        Val::Obj(o)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Absent, Into::into)
    }
}
impl<T: Into<Val>> From<Vec<T>> for Val {
    fn from(v: Vec<T>) -> Val {
        Val::List(v.into_iter().map(Into::into).collect())
    }
}

/// A typed struct that becomes a request value.
pub trait ToVal {
    fn to_val(&self) -> Val;
}

/// Writes `val` as element(s) named `name`; every text is escaped.
pub fn write_field(out: &mut String, name: &str, val: &Val) {
    match val {
        Val::Absent => {}
        Val::List(items) => {
            for item in items {
                write_field(out, name, item);
            }
        }
        Val::Str(s) => simple(out, name, None, s),
        Val::Int(i) => simple(out, name, None, &i.to_string()),
        Val::Bool(b) => simple(out, name, None, if *b { "true" } else { "false" }),
        Val::Any { xsd_type, text } => {
            out.push('<');
            out.push_str(name);
            out.push_str(" xsi:type=\"xsd:");
            out.push_str(&escape(xsd_type));
            out.push_str("\">");
            out.push_str(&escape(text));
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        Val::MoRef(m) => simple(out, name, Some(&m.ty), &m.value),
        Val::Obj(o) => {
            out.push('<');
            out.push_str(name);
            out.push_str(" xsi:type=\"");
            out.push_str(&escape(&o.ty));
            out.push_str("\">");
            for (field, v) in &o.fields {
                write_field(out, field, v);
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

fn simple(out: &mut String, name: &str, type_attr: Option<&str>, text: &str) {
    out.push('<');
    out.push_str(name);
    if let Some(t) = type_attr {
        out.push_str(" type=\"");
        out.push_str(&escape(t));
        out.push('"');
    }
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<soapenv:Envelope\n \
xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"\n \
xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\"\n \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n \
xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n\
<soapenv:Body>\n";

const FOOTER: &str = "</soapenv:Body>\n</soapenv:Envelope>";

/// The whole request envelope for `method` on `this` with `args` (in the WSDL's order).
pub fn envelope(method: &str, this: &MoRef, args: &[(&str, Val)]) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(HEADER);
    out.push('<');
    out.push_str(method);
    out.push_str(" xmlns=\"urn:vim25\">");
    write_field(&mut out, "_this", &Val::MoRef(this.clone()));
    for (name, val) in args {
        write_field(&mut out, name, val);
    }
    out.push_str("</");
    out.push_str(method);
    out.push_str(">\n");
    out.push_str(FOOTER);
    out
}

/// Reads a reply body: the `returnval` elements of `<method>Response`, or the fault.
pub fn parse_response(method: &str, status: u16, body: &str) -> ViResult<Vec<Node>> {
    let root = xml::parse(body).map_err(|e| {
        ViError::internal(format!(
            "HTTP response code {status} for call to '{method}': could not parse the reply: {e}"
        ))
    })?;
    // The tree is taken apart rather than copied: a listing's reply holds thousands of objects.
    let soap_body = (root.name == "Envelope" && root.ns.as_deref() == Some(SOAPENV_NS))
        .then(|| {
            root.children
                .into_iter()
                .find(|c| c.name == "Body" && c.ns.as_deref() == Some(SOAPENV_NS))
        })
        .flatten()
        .ok_or_else(|| {
            ViError::internal(format!(
                "HTTP response code {status} for call to '{method}': the reply is no SOAP envelope"
            ))
        })?;
    if let Some(fault) = soap_body.child("Fault") {
        return Err(ViError::Fault(Box::new(parse_fault(method, status, fault))));
    }
    if status != 200 {
        return Err(ViError::new(
            crate::error::code::HTTP_ERROR,
            format!("HTTP response code {status} for call to '{method}'"),
        ));
    }
    let wanted = format!("{method}Response");
    let resp = soap_body
        .children
        .into_iter()
        .find(|c| c.name == wanted)
        .ok_or_else(|| {
            ViError::internal(format!(
                "XPath evaluation of response for call to '{method}' failed"
            ))
        })?;
    Ok(resp
        .children
        .into_iter()
        .filter(|c| c.name == "returnval")
        .collect())
}

/// A `soapenv:Fault` element as a [`Fault`].
pub fn parse_fault(method: &str, status: u16, fault: &Node) -> Fault {
    let fault_code = fault
        .child_text("faultcode")
        .map(|c| c.rsplit_once(':').map(|(_, l)| l).unwrap_or(c).trim())
        .unwrap_or("")
        .to_string();
    let message = fault
        .child_text("faultstring")
        .unwrap_or("")
        .trim()
        .to_string();
    let detail = fault
        .child("detail")
        .and_then(|d| d.children.first())
        .cloned();
    let fault_type = detail
        .as_ref()
        .map(|d| match &d.xsi_type {
            Some(t) => t.clone(),
            None => d.name.strip_suffix("Fault").unwrap_or(&d.name).to_string(),
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fault_code.clone());
    Fault {
        method: method.to_string(),
        http_status: status,
        fault_code,
        fault_type,
        message,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_escapes_every_value() {
        let this = MoRef::new("SessionManager", "ha-<mgr>");
        let env = envelope(
            "Login",
            &this,
            &[
                ("userName", Val::from("root&\"x\"")),
                ("password", Val::from("p<>'&")),
                (
                    "spec",
                    Val::Obj(Obj::new("A&B").field("n", Val::Int(3)).field("b", true)),
                ),
                ("list", Val::from(vec!["a", "<b>"])),
                ("absent", Val::from(None::<&str>)),
            ],
        );
        assert!(env.contains("<Login xmlns=\"urn:vim25\">"));
        assert!(env.contains("<_this type=\"SessionManager\">ha-&lt;mgr&gt;</_this>"));
        assert!(env.contains("<userName>root&amp;&quot;x&quot;</userName>"));
        assert!(env.contains("<password>p&lt;&gt;&apos;&amp;</password>"));
        assert!(env.contains("<spec xsi:type=\"A&amp;B\"><n>3</n><b>true</b></spec>"));
        assert!(env.contains("<list>a</list><list>&lt;b&gt;</list></Login>"));
        // It parses back as the same values.
        let root = xml::parse(&env).unwrap();
        let login = root.child("Body").unwrap().child("Login").unwrap();
        assert_eq!(login.child_text("password"), Some("p<>'&"));
        assert_eq!(
            login.child("spec").unwrap().xsi_type.as_deref(),
            Some("A&B")
        );
    }

    #[test]
    fn reads_returnvals() {
        let body = r#"<?xml version="1.0"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<FindByUuidResponse xmlns="urn:vim25"><returnval type="VirtualMachine">vm-1</returnval><other/></FindByUuidResponse>
</soapenv:Body></soapenv:Envelope>"#;
        let r = parse_response("FindByUuid", 200, body).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].type_attr.as_deref(), Some("VirtualMachine"));
        assert_eq!(r[0].as_str(), "vm-1");
        assert!(parse_response("Other", 200, body).is_err());
    }

    #[test]
    fn reads_faults_with_both_prefixes() {
        for (decl, prefix) in [
            (
                r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
                "xsi",
            ),
            (
                r#"xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance""#,
                "XMLSchema-instance",
            ),
        ] {
            let body = format!(
                r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" {decl}><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Cannot complete login due to an incorrect user name or password.</faultstring><detail><InvalidLoginFault xmlns="urn:vim25" {prefix}:type="InvalidLogin"></InvalidLoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#
            );
            let err = parse_response("Login", 500, &body).unwrap_err();
            assert!(err.is_fault("InvalidLogin"));
            let e: crate::error::Error = err.into();
            assert_eq!(e.domain, crate::error::domain::ESX);
            assert_eq!(e.code, crate::error::code::INTERNAL_ERROR);
            assert!(
                e.message.ends_with(
                    "Fault: ServerFaultCode - Cannot complete login due to an incorrect user name or password."
                ),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn fault_type_from_element_name_or_code() {
        let body = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><e:Fault><faultcode>e:Client</faultcode><faultstring>bad</faultstring><detail><NotAuthenticatedFault xmlns="urn:vim25"/></detail></e:Fault></e:Body></e:Envelope>"#;
        let err = parse_response("X", 500, body).unwrap_err();
        assert!(err.is_fault("NotAuthenticated"));
        assert_eq!(err.fault().unwrap().fault_code, "Client");
        let body = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><e:Fault><faultcode>e:Server</faultcode><faultstring>boom</faultstring></e:Fault></e:Body></e:Envelope>"#;
        let err = parse_response("X", 500, body).unwrap_err();
        assert_eq!(err.fault_type(), Some("Server"));
    }

    #[test]
    fn non_soap_and_http_errors() {
        let err = parse_response("X", 200, "<html/>").unwrap_err();
        assert!(err.to_string().contains("no SOAP envelope"));
        let err = parse_response("X", 200, "not xml <").unwrap_err();
        assert!(err.to_string().contains("could not parse"));
        let body = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>"#;
        let err = parse_response("X", 503, body).unwrap_err();
        assert_eq!(err.to_error().code, crate::error::code::HTTP_ERROR);
    }
}
