//! The service's own metadata (OData CSDL XML, `$metadata`) read into plain
//! data: what `graphgen check` compares the docs' schema with.
//!
//! Only what the comparison needs is kept: structured types with their base,
//! abstract/open flags, key and properties; enums with members and flags;
//! bound and unbound actions and functions; the entity container's sets and
//! singletons (where paths start). Every name is qualified by its schema's
//! namespace, aliases (`graph.user`) are resolved to it
//! (`microsoft.graph.user`), and every item keeps the line it was declared
//! on. Elements the reader does not know (annotations, terms) are ignored;
//! an element without a name is skipped and reported in `problems`.

use std::collections::BTreeMap;

/// A type as the metadata writes it: `Edm.String`, `microsoft.graph.user`,
/// collection or not (`Collection(...)`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MetaRef {
    /// `Edm.X` for primitives, else the namespace-qualified type name.
    pub name: String,
    pub collection: bool,
}

impl MetaRef {
    pub fn is_primitive(&self) -> bool {
        self.name.starts_with("Edm.")
    }
}

impl std::fmt::Display for MetaRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.collection {
            write!(f, "Collection({})", self.name)
        } else {
            f.write_str(&self.name)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaKind {
    Entity,
    Complex,
    Enum,
}

impl MetaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MetaKind::Entity => "entity",
            MetaKind::Complex => "complex",
            MetaKind::Enum => "enum",
        }
    }
}

#[derive(Debug, Clone)]
pub struct MetaProperty {
    pub name: String,
    pub ty: MetaRef,
    pub navigation: bool,
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct MetaMember {
    pub name: String,
    pub value: Option<i64>,
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct MetaType {
    pub namespace: String,
    pub name: String,
    pub kind: MetaKind,
    /// Qualified name of the base type.
    pub base: Option<String>,
    pub is_abstract: bool,
    pub open: bool,
    /// The type's own `Key` (inherited keys are not repeated in CSDL).
    pub key: Vec<String>,
    /// Own properties, structural then navigation, in document order.
    pub properties: Vec<MetaProperty>,
    pub members: Vec<MetaMember>,
    pub flags: bool,
    pub line: u32,
}

impl MetaType {
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Action,
    Function,
}

impl OpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Action => "action",
            OpKind::Function => "function",
        }
    }
}

#[derive(Debug, Clone)]
pub struct MetaParameter {
    pub name: String,
    pub ty: MetaRef,
}

/// One action or function overload.
#[derive(Debug, Clone)]
pub struct MetaOperation {
    pub namespace: String,
    pub name: String,
    pub kind: OpKind,
    /// The binding parameter's type (the first parameter of a bound operation).
    pub binding: Option<MetaRef>,
    /// The parameters after the binding one.
    pub parameters: Vec<MetaParameter>,
    pub returns: Option<MetaRef>,
    pub line: u32,
}

/// Where paths start: entity sets (collections) and singletons.
#[derive(Debug, Clone, Default)]
pub struct Container {
    /// Name to the type it holds (a collection for entity sets).
    pub roots: BTreeMap<String, MetaRef>,
    /// Unbound operations exposed by imports, by import name.
    pub imports: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// Keyed by qualified name.
    pub types: BTreeMap<String, MetaType>,
    pub operations: Vec<MetaOperation>,
    pub container: Container,
    /// Elements that could not be read, as `line: what`.
    pub problems: Vec<(u32, String)>,
}

impl Metadata {
    /// The type and its bases, nearest first (cycles cut).
    pub fn ancestry<'a>(&'a self, qualified: &str) -> Vec<&'a MetaType> {
        let mut chain: Vec<&MetaType> = Vec::new();
        let mut next = self.types.get(qualified);
        while let Some(t) = next {
            if chain.iter().any(|c| c.name == t.name && c.namespace == t.namespace) {
                break;
            }
            chain.push(t);
            next = t.base.as_deref().and_then(|b| self.types.get(b));
        }
        chain
    }

    /// A property of the type or of one of its bases.
    pub fn property(&self, qualified: &str, name: &str) -> Option<&MetaProperty> {
        self.ancestry(qualified).into_iter().find_map(|t| t.properties.iter().find(|p| p.name == name))
    }

    /// Whether `ancestor` is `qualified` or one of its bases.
    pub fn derives_from(&self, qualified: &str, ancestor: &str) -> bool {
        self.ancestry(qualified).iter().any(|t| t.qualified() == ancestor)
    }
}

/// Why a metadata file could not be read at all.
#[derive(Debug)]
pub struct CsdlError(pub String);

impl std::fmt::Display for CsdlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read a CSDL document.
pub fn read(text: &str) -> Result<Metadata, CsdlError> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: u32::MAX, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| CsdlError(format!("not a CSDL XML document: {e}")))?;
    let schemas: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.is_element() && n.tag_name().name() == "Schema").collect();
    if schemas.is_empty() {
        return Err(CsdlError("no <Schema> element: not a CSDL document".to_string()));
    }
    // Aliases are document-wide: a schema may name another's types by its alias.
    let mut aliases = BTreeMap::new();
    for s in &schemas {
        if let (Some(ns), Some(alias)) = (s.attribute("Namespace"), s.attribute("Alias")) {
            aliases.insert(alias.to_string(), ns.to_string());
        }
    }
    // Offsets of line starts: roxmltree's own position lookup scans the text
    // from the start on every call.
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut reader = Reader { line_starts, aliases, meta: Metadata::default() };
    for s in &schemas {
        let Some(ns) = s.attribute("Namespace") else {
            reader.problem(*s, "a <Schema> without a Namespace; its types are skipped".to_string());
            continue;
        };
        for el in s.children().filter(|n| n.is_element()) {
            match el.tag_name().name() {
                "EntityType" => reader.structured(ns, el, MetaKind::Entity),
                "ComplexType" => reader.structured(ns, el, MetaKind::Complex),
                "EnumType" => reader.enumeration(ns, el),
                "Action" => reader.operation(ns, el, OpKind::Action),
                "Function" => reader.operation(ns, el, OpKind::Function),
                "EntityContainer" => reader.container(el),
                _ => {}
            }
        }
    }
    Ok(reader.meta)
}

struct Reader {
    line_starts: Vec<usize>,
    aliases: BTreeMap<String, String>,
    meta: Metadata,
}

impl Reader {
    fn line(&self, node: roxmltree::Node) -> u32 {
        let at = node.range().start;
        self.line_starts.partition_point(|&start| start <= at) as u32
    }

    fn problem(&mut self, node: roxmltree::Node, what: String) {
        let line = self.line(node);
        self.meta.problems.push((line, what));
    }

    /// `alias.name` or `namespace.name` to `namespace.name`.
    fn qualify(&self, name: &str) -> String {
        match name.rsplit_once('.') {
            Some((prefix, short)) => match self.aliases.get(prefix) {
                Some(ns) => format!("{ns}.{short}"),
                None => name.to_string(),
            },
            None => name.to_string(),
        }
    }

    fn type_ref(&self, written: &str) -> MetaRef {
        let written = written.trim();
        let (inner, collection) = match written.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
            Some(inner) => (inner.trim(), true),
            None => (written, false),
        };
        let name = if inner.starts_with("Edm.") { inner.to_string() } else { self.qualify(inner) };
        MetaRef { name, collection }
    }

    /// `Name` of an element, or a problem.
    fn named(&mut self, el: roxmltree::Node, what: &str) -> Option<String> {
        let name = el.attribute("Name").map(str::to_string);
        if name.is_none() {
            self.problem(el, format!("a <{what}> without a Name is skipped"));
        }
        name
    }

    fn structured(&mut self, ns: &str, el: roxmltree::Node, kind: MetaKind) {
        let Some(name) = self.named(el, el.tag_name().name()) else { return };
        let flag = |attr: &str| el.attribute(attr).is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let mut t = MetaType {
            namespace: ns.to_string(),
            name,
            kind,
            base: el.attribute("BaseType").map(|b| self.qualify(b)),
            is_abstract: flag("Abstract"),
            open: flag("OpenType"),
            key: Vec::new(),
            properties: Vec::new(),
            members: Vec::new(),
            flags: false,
            line: self.line(el),
        };
        for child in el.children().filter(|n| n.is_element()) {
            let tag = child.tag_name().name();
            match tag {
                "Key" => t.key.extend(child.children().filter_map(|r| r.attribute("Name")).map(str::to_string)),
                "Property" | "NavigationProperty" => {
                    let Some(pname) = self.named(child, tag) else { continue };
                    let Some(ty) = child.attribute("Type") else {
                        self.problem(child, format!("property {pname} has no Type; skipped"));
                        continue;
                    };
                    let line = self.line(child);
                    t.properties.push(MetaProperty { name: pname, ty: self.type_ref(ty), navigation: tag == "NavigationProperty", line });
                }
                _ => {}
            }
        }
        self.meta.types.insert(t.qualified(), t);
    }

    fn enumeration(&mut self, ns: &str, el: roxmltree::Node) {
        let Some(name) = self.named(el, "EnumType") else { return };
        let mut members = Vec::new();
        for m in el.children().filter(|n| n.is_element() && n.tag_name().name() == "Member") {
            let Some(mname) = self.named(m, "Member") else { continue };
            let value = m.attribute("Value").and_then(|v| v.trim().parse().ok());
            members.push(MetaMember { name: mname, value, line: self.line(m) });
        }
        let t = MetaType {
            namespace: ns.to_string(),
            name,
            kind: MetaKind::Enum,
            base: None,
            is_abstract: false,
            open: false,
            key: Vec::new(),
            properties: Vec::new(),
            members,
            flags: el.attribute("IsFlags").is_some_and(|v| v.eq_ignore_ascii_case("true")),
            line: self.line(el),
        };
        self.meta.types.insert(t.qualified(), t);
    }

    fn operation(&mut self, ns: &str, el: roxmltree::Node, kind: OpKind) {
        let Some(name) = self.named(el, kind.as_str()) else { return };
        let bound = el.attribute("IsBound").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let mut parameters = Vec::new();
        let mut returns = None;
        for child in el.children().filter(|n| n.is_element()) {
            match child.tag_name().name() {
                "Parameter" => {
                    let Some(pname) = self.named(child, "Parameter") else { continue };
                    let ty = self.type_ref(child.attribute("Type").unwrap_or("Edm.Untyped"));
                    parameters.push(MetaParameter { name: pname, ty });
                }
                "ReturnType" => returns = child.attribute("Type").map(|t| self.type_ref(t)),
                _ => {}
            }
        }
        let binding = if bound && !parameters.is_empty() { Some(parameters.remove(0).ty) } else { None };
        if bound && binding.is_none() {
            self.problem(el, format!("bound {} {name} has no binding parameter", kind.as_str()));
        }
        let line = self.line(el);
        self.meta.operations.push(MetaOperation { namespace: ns.to_string(), name, kind, binding, parameters, returns, line });
    }

    fn container(&mut self, el: roxmltree::Node) {
        for child in el.children().filter(|n| n.is_element()) {
            let Some(name) = child.attribute("Name") else { continue };
            match child.tag_name().name() {
                "EntitySet" => {
                    if let Some(t) = child.attribute("EntityType") {
                        let root = MetaRef { name: self.qualify(t), collection: true };
                        self.meta.container.roots.insert(name.to_string(), root);
                    }
                }
                "Singleton" => {
                    if let Some(t) = child.attribute("Type") {
                        let root = MetaRef { name: self.qualify(t), collection: false };
                        self.meta.container.roots.insert(name.to_string(), root);
                    }
                }
                "ActionImport" | "FunctionImport" => {
                    let target = child.attribute("Action").or_else(|| child.attribute("Function")).unwrap_or(name);
                    self.meta.container.imports.insert(name.to_string(), self.qualify(target));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="color" IsFlags="true">
        <Member Name="red" Value="1" />
        <Member Name="blue" Value="2" />
      </EnumType>
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="widget" BaseType="graph.entity" OpenType="true">
        <Property Name="tags" Type="Collection(Edm.String)" />
        <NavigationProperty Name="calls" Type="Collection(microsoft.graph.callRecords.session)" />
      </EntityType>
      <Action Name="spin" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.widget" />
        <Parameter Name="speed" Type="Edm.Int32" />
        <ReturnType Type="graph.color" />
      </Action>
      <EntityContainer Name="c">
        <EntitySet Name="widgets" EntityType="microsoft.graph.widget" />
        <Singleton Name="me" Type="graph.widget" />
      </EntityContainer>
    </Schema>
    <Schema Namespace="microsoft.graph.callRecords" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="session"><Property Type="Edm.String" /></ComplexType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    #[test]
    fn reads_types_enums_operations_and_container() {
        let m = read(SAMPLE).unwrap();
        let widget = &m.types["microsoft.graph.widget"];
        assert_eq!(widget.base.as_deref(), Some("microsoft.graph.entity"));
        assert!(widget.open && !widget.is_abstract);
        assert_eq!(widget.properties[0].ty, MetaRef { name: "Edm.String".into(), collection: true });
        assert_eq!(widget.properties[1].ty.name, "microsoft.graph.callRecords.session");
        assert!(widget.properties[1].navigation);
        assert!(m.types["microsoft.graph.entity"].is_abstract);
        assert_eq!(m.types["microsoft.graph.entity"].key, vec!["id"]);
        let color = &m.types["microsoft.graph.color"];
        assert!(color.flags && color.kind == MetaKind::Enum);
        assert_eq!(color.members[1].value, Some(2));
        let spin = &m.operations[0];
        assert_eq!(spin.binding.as_ref().unwrap().name, "microsoft.graph.widget");
        assert_eq!(spin.parameters.len(), 1);
        assert_eq!(spin.returns.as_ref().unwrap().name, "microsoft.graph.color");
        assert_eq!(m.container.roots["widgets"], MetaRef { name: "microsoft.graph.widget".into(), collection: true });
        assert_eq!(m.container.roots["me"].name, "microsoft.graph.widget");
        assert_eq!(widget.line, 13);
        assert!(m.property("microsoft.graph.widget", "id").is_some());
        // The nameless property is reported, not lost silently.
        assert_eq!(m.problems.len(), 1);
        assert!(m.problems[0].1.contains("without a Name"));
    }

    #[test]
    fn rejects_what_is_not_csdl() {
        assert!(read("<html/>").is_err());
        assert!(read("not xml").is_err());
    }
}
