//! Operations from API pages.
//!
//! Sections read (matched by heading, any case): `HTTP request` (paths and
//! method), any permissions table (by its columns, also inside includes),
//! `Optional query parameters` (`$select`...), `Request headers`, `Request
//! body` (parameter table, "JSON representation of [x]", binary content, or
//! nothing), `Response` (status, type, collection-ness) and the examples.

use super::blocks::{self, Located};
use super::examples;
use super::http_request::{self, RequestLine};
use super::model::*;
use super::page_facts;
use super::path_template;
use super::permissions;
use super::query_options::{self, PageQueryOptions};
use super::response_type;
use super::tables::{self, cell_text, Columns, TableRole};
use super::type_pages::{typed_rows, TypedRow};
use super::type_ref::{self, RawRef};
use super::workload;
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::markdown::{BlockKind, Page, Table, Text};
use serde_json::Value;

/// An operation read from a page, plus what resolution still has to decide.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PageOperation {
    pub op: Operation,
    /// POST to a literal segment with no other evidence: an action unless
    /// the literal names a collection (then it creates an item in it).
    pub post_to_literal: bool,
    /// The page title (the name of non-action operations).
    pub title: String,
    /// When the page states no response type: guesses from the Response
    /// sentence and the example responses, in order of trust, resolved
    /// softly (the first that names a type is taken, see [`response_type`]).
    pub response_candidates: Vec<TypeRef>,
    /// The rows of the Request body table when a sentence also names a
    /// resource as the body: the body is the table's parameters when its
    /// rows are not that resource's properties ([`super::body_choice`]).
    pub body_alternative: Option<Vec<Parameter>>,
}

impl PageOperation {
    /// Send the Request body table's parameters instead of the resource a
    /// sentence named: the kind follows the body (a POST of parameters to
    /// a name is an action, not a create).
    pub fn use_parameter_body(&mut self) {
        let Some(params) = self.body_alternative.take() else { return };
        let op = &mut self.op;
        op.body = Some(RequestBody::Parameters { params });
        let (kind, post_to_literal) = kind_of(op.method, &op.paths[0], &self.title, &op.response, op.body.as_ref());
        if kind != op.kind && matches!(kind, OperationKind::Action) {
            op.name = last_name(&op.paths[0]).unwrap_or_else(|| self.title.clone());
        }
        op.kind = kind;
        self.post_to_literal = post_to_literal;
    }
}

pub fn read_page(page: &Page, diags: &mut Diagnostics) -> Vec<PageOperation> {
    let flat = blocks::flatten(page);
    let hs = blocks::Headings::new(page);
    let stem = workload::stem(&page.path).to_string();
    let mut lines: Vec<RequestLine> = Vec::new();
    for l in &flat {
        let BlockKind::Code(code) = &l.block.kind else { continue };
        // Any heading level (`### HTTP request` under a per-scenario `##`),
        // but not inside the examples.
        if hs.under(l.block, "http request") && !hs.section(l.block).starts_with("example") {
            http_request::read_block(&code.text, code.content_line, l.file, &mut lines, diags);
        }
    }
    if lines.is_empty() {
        let line = hs.line_of(page, "http request").unwrap_or(1);
        diags.report(&page.path, line, DiagnosticKind::MissingSection, "no request lines under `## HTTP request`; no operation is produced");
        return Vec::new();
    }
    let title = page_facts::title(page);
    let mut sections = Sections::read(&hs, &flat, diags);
    sections.permissions = permissions::read_page(page, &hs, &flat, diags);
    // One operation per method, in order of first appearance.
    let mut methods: Vec<HttpMethod> = Vec::new();
    for l in &lines {
        if !methods.contains(&l.method) {
            methods.push(l.method);
        }
    }
    let mut out = Vec::new();
    for (n, method) in methods.iter().enumerate() {
        let mut paths = Vec::new();
        for l in lines.iter().filter(|l| l.method == *method) {
            let mut raw = path_template::normalize(&l.target);
            // `/beta/teams/{id}`: the version belongs to the service root.
            if let Some((version, rest)) = path_template::split_version(&raw) {
                diags.report(&page.path, l.line, DiagnosticKind::InvalidPath, format!("path `{raw}` starts with the API version `{version}`; read as `{rest}`"));
                raw = rest.to_owned();
            }
            match path_template::parse(&raw) {
                Ok(segments) => paths.push(PathTemplate { raw, segments, source: Source { file: page.path.clone(), line: l.line } }),
                Err(e) => diags.report(&page.path, l.line, DiagnosticKind::InvalidPath, format!("path `{}` cannot be read: {e}", l.target)),
            }
        }
        if paths.is_empty() {
            continue;
        }
        let id = if n == 0 { stem.clone() } else { format!("{stem}#{}", n + 1) };
        let writes_reference = paths.iter().all(|p| matches!(p.segments.last(), Some(Segment::Literal { name }) if name == "$ref"));
        let body = match method {
            HttpMethod::Get | HttpMethod::Delete => None,
            // A write to `$ref` sends a reference, whatever the page's
            // sentence says is referenced ("a JSON representation of a user").
            _ if writes_reference => Some(RequestBody::Reference),
            // An action whose parameters are listed under `## Parameters`.
            _ => sections.body.clone().or_else(|| {
                let params = sections.function_table.as_ref()?.parameters(said_required);
                (!params.is_empty()).then_some(RequestBody::Parameters { params })
            }),
        };
        let body_alternative = match body {
            Some(RequestBody::Resource { .. }) => sections.body_alternative.clone(),
            _ => None,
        };
        let examples: Vec<Example> =
            if methods.len() == 1 { std::mem::take(&mut sections.examples) } else { examples_for(&sections.examples, *method) };
        let query_options = options_with_examples(&sections.query_options, &examples, diags);
        let (mut response, response_candidates) = response_for(&sections, &examples, *method, page, &hs, diags);
        // A GET of `.../{key}` addresses one item: a collection cannot come back.
        let addresses_one = paths.iter().all(|p| matches!(p.segments.last(), Some(Segment::Key { parens: false, .. })));
        if let Some(ty) = response.ty.as_mut().filter(|t| t.collection && *method == HttpMethod::Get && addresses_one) {
            ty.collection = false;
            let line = hs.line_of(page, "response").unwrap_or(1);
            diags.report(&page.path, line, DiagnosticKind::UnclearResponse, "the response is said to be a collection, but the path addresses one item by key; read as one item");
        }
        let (mut kind, post_to_literal) = kind_of(*method, &paths[0], &title, &response, body.as_ref());
        // The name an action or function goes by, and its parameter table
        // if the page has one.
        let called = last_name(&paths[0]).unwrap_or_else(|| title.clone());
        let function_table = sections.function_table_for(&called, &examples);
        // A GET of a name whose page has a table of that function's
        // parameters is a function call, whatever the title calls it
        // (`accessPackage: filterByCurrentUser`).
        let names_last = matches!(paths[0].segments.last(), Some(Segment::Literal { name }) if !name.starts_with('$'));
        if matches!(kind, OperationKind::List | OperationKind::Get) && names_last && function_table.is_some() {
            kind = OperationKind::Function;
        }
        // A page that calls itself a function (a GET) or an action (a POST)
        // in words is one, whatever its title ("List ...", "Create ...").
        match (kind, sections.called_in_words) {
            (OperationKind::List | OperationKind::Get, Some(OperationKind::Function)) if names_last => kind = OperationKind::Function,
            (OperationKind::Create, Some(OperationKind::Action)) if names_last => kind = OperationKind::Action,
            _ => {}
        }
        let parameters = match kind {
            OperationKind::Function => sections.function_parameters(function_table),
            _ => Vec::new(),
        };
        let name = match kind {
            OperationKind::Action | OperationKind::Function => called,
            _ => title.clone(),
        };
        for path in &mut paths {
            complete_function_call(path, &name, &parameters);
        }
        let workload = workload::of_page(page).or_else(|| workload::from_path(&paths[0].raw)).unwrap_or_else(|| "misc".to_string());
        let source = Source { file: page.path.clone(), line: page.title().map(|h| h.line).unwrap_or(1) };
        out.push(PageOperation {
            op: Operation {
                id,
                name,
                kind,
                method: *method,
                description: page.front("description").unwrap_or("").trim().to_string(),
                paths,
                permissions: sections.permissions.clone(),
                query_options,
                query_options_said: sections.query_options.said,
                query_options_unsupported: sections.query_options.unsupported.clone(),
                headers: sections.headers.clone(),
                body,
                parameters,
                response,
                examples: examples.into(),
                workloads: vec![workload],
                source,
                merged_from: Vec::new(),
            },
            post_to_literal,
            title: title.clone(),
            response_candidates,
            body_alternative,
        });
    }
    out
}

/// Everything a page says once, shared by its operations.
struct Sections {
    permissions: Vec<Permission>,
    query_options: PageQueryOptions,
    headers: Vec<HeaderParam>,
    body: Option<RequestBody>,
    /// From the `Response` sentence: status and type.
    status: Option<u16>,
    response_type: Option<TypeRef>,
    /// The status stated in the sentence that links the response type, when
    /// it states one: `204 ...; with `Prefer`, 200 and a [widget]` makes the
    /// body conditional.
    response_type_status: Option<u16>,
    /// The type the Response sentence names without a link (a candidate).
    response_named: Option<RawRef>,
    /// The table under `Request body`, kept as rows: a GET function's
    /// parameters are often listed there.
    body_table: Option<ParameterTable>,
    /// The body table's rows when a sentence also names a resource ("a
    /// JSON representation of [x]"): which of the two the body is is
    /// decided once every type is read ([`super::body_choice`]).
    body_alternative: Option<Vec<Parameter>>,
    /// The table under `Function parameters` (or `Parameters`).
    function_table: Option<ParameterTable>,
    /// A typed table under `Query parameters`: usually query-string
    /// parameters, but a function's parameters when the examples call the
    /// function with those names (see [`Sections::function_table_for`]).
    query_table: Option<ParameterTable>,
    /// The Response section speaks of `return=representation`: a body sent
    /// only when the request asks for it.
    response_on_request: bool,
    /// What the page calls the operation in words: "If successful, this
    /// function returns ..." (Response section), or a `Function parameters`
    /// section.
    called_in_words: Option<OperationKind>,
    examples: Vec<Example>,
}

impl Sections {
    fn read(hs: &blocks::Headings, flat: &[Located<'_>], diags: &mut Diagnostics) -> Sections {
        let mut s = Sections {
            permissions: Vec::new(),
            query_options: PageQueryOptions::default(),
            headers: Vec::new(),
            body: None,
            status: None,
            response_type: None,
            response_type_status: None,
            response_named: None,
            response_on_request: false,
            called_in_words: None,
            examples: Vec::new(),
            body_table: None,
            body_alternative: None,
            function_table: None,
            query_table: None,
        };
        let mut body_resource: Option<TypeRef> = None;
        let mut body_binary = false;
        for l in flat {
            let section = hs.section(l.block);
            // `## Request body`, or `### Request body` under `## HTTP request`.
            let request_body = section.starts_with("request body") || (hs.under(l.block, "request body") && !section.starts_with("example"));
            if section.starts_with("function parameter") {
                s.called_in_words.get_or_insert(OperationKind::Function);
            }
            let query_section = section.contains("query parameter") || section.contains("query option");
            match &l.block.kind {
                BlockKind::Table(table) => {
                    let mut cols = tables::columns(table);
                    if query_section {
                        // Rows named `$filter`, `$top`...: the supported options.
                        for row in &table.rows {
                            let name = cell_text(row, cols.name.or(Some(0)));
                            let mut rest: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
                            rest.retain(|c| *c != name);
                            s.query_options.read_row(&name, &rest.join(" "));
                        }
                    }
                    let parameter_section = request_body || section == "parameters";
                    if parameter_section && value_column_holds_types(table, &cols) {
                        // `Name | Value | Description` where the values are types.
                        cols.ty = cols.value.take();
                        diags.report(l.file, l.block.line, DiagnosticKind::MalformedTable, "the `Value` column of this parameter table holds types; read as the Type column");
                    }
                    match tables::role(&cols, section) {
                        // `Name | Type | Description` tables list headers too.
                        TableRole::Headers | TableRole::Typed if section.contains("header") && !section.contains("response") => {
                            for row in &table.rows {
                                let name = cell_text(row, cols.header.or(cols.name).or(Some(0)));
                                let name = name.split_whitespace().next().unwrap_or("").trim_matches(|c: char| c == ':' || c == '`' || c == '*');
                                if name.is_empty() {
                                    continue;
                                }
                                let mut description = cell_text(row, cols.value);
                                let extra = cell_text(row, cols.description);
                                if !extra.is_empty() {
                                    if !description.is_empty() {
                                        description.push(' ');
                                    }
                                    description.push_str(&extra);
                                }
                                let required = super::requirement::says_required(&description);
                                s.headers.push(HeaderParam { name: name.to_string(), description, required });
                            }
                        }
                        TableRole::Typed if request_body && s.body_table.is_none() => {
                            s.body_table = Some(ParameterTable::read(table, &cols, l.file, diags));
                        }
                        TableRole::Typed
                            if (section.starts_with("function parameter") || section == "parameters") && s.function_table.is_none() =>
                        {
                            s.function_table = Some(ParameterTable::read(table, &cols, l.file, diags));
                        }
                        TableRole::Typed if section.starts_with("query parameter") && s.query_table.is_none() => {
                            s.query_table = Some(ParameterTable::read(table, &cols, l.file, diags));
                        }
                        _ => {}
                    }
                }
                BlockKind::Paragraph(t) => {
                    if query_section {
                        s.query_options.read_paragraph(&t.text);
                    } else if request_body {
                        let lower = t.text.to_ascii_lowercase();
                        if lower.contains("representation of") || lower.contains("representation for") {
                            if let Some(r) = first_type_link(t) {
                                let mut r = r;
                                r.collection |= response_type::says_collection(&t.text);
                                body_resource.get_or_insert(r.to_type_ref());
                            }
                        }
                        if lower.contains("binary") || lower.contains("stream") || lower.contains("contents of the file") || lower.contains("file contents") {
                            body_binary = true;
                        }
                    } else if section == "response" || section.starts_with("response ") || section == "responses" {
                        if s.status.is_none() {
                            s.status = status_in(&t.text);
                        }
                        s.response_on_request |= asks_for_representation(&t.text);
                        if s.called_in_words.is_none() {
                            s.called_in_words = called_in_words(&t.text);
                        }
                        if s.response_type.is_none() {
                            if let Some(mut r) = first_type_link(t) {
                                r.collection |= response_type::says_collection(&t.text);
                                s.response_type_status = sentence_of(&t.text, &r.name).and_then(status_in);
                                s.response_type = Some(r.to_type_ref());
                            }
                        }
                        if s.response_named.is_none() {
                            s.response_named = response_type::named_in_sentence(&t.text);
                        }
                    }
                }
                BlockKind::Code(code) => {
                    let in_examples = section.starts_with("example");
                    let heading = hs.innermost(l.block);
                    if let Some(dir) = examples::direction(code, in_examples, heading) {
                        if let Some(ex) = examples::read(code, dir, l.file, diags) {
                            s.examples.push(ex);
                        }
                    }
                }
                _ => {}
            }
        }
        let body_members = s.body_table.as_ref().map(|t| t.parameters(said_required));
        s.body = match (body_resource, body_members, body_binary) {
            (Some(ty), params, _) => {
                s.body_alternative = params.filter(|p| !p.is_empty());
                Some(RequestBody::Resource { ty })
            }
            (None, Some(params), _) if !params.is_empty() => Some(RequestBody::Parameters { params }),
            (None, _, true) => Some(RequestBody::Binary),
            _ => None,
        };
        s.query_options = std::mem::take(&mut s.query_options).finish();
        s
    }

    /// The table that lists the parameters of function `function` (the
    /// last name of the path): its `Function parameters` table; else a
    /// `Query parameters` table whose every row the example requests pass
    /// as call arguments (`function(on='target')`), so it cannot be a list
    /// of query-string options.
    fn function_table_for(&self, function: &str, examples: &[Example]) -> Option<&ParameterTable> {
        self.function_table.as_ref().or_else(|| {
            let table = self.query_table.as_ref()?;
            let called: Vec<Vec<String>> = examples.iter().filter_map(|e| call_arguments(e.url.as_deref()?, function)).collect();
            let passed = |row: &TypedRow| called.iter().any(|args| args.iter().any(|a| a.eq_ignore_ascii_case(&row.name)));
            (!table.rows.is_empty() && table.rows.iter().all(passed)).then_some(table)
        })
    }

    /// A function's parameters: from its table (see
    /// [`Sections::function_table_for`]), else from a table under `Request
    /// body` (where generated reference pages put them). OData requires
    /// every function parameter that is not said to be optional.
    fn function_parameters(&self, function_table: Option<&ParameterTable>) -> Vec<Parameter> {
        let table = function_table.or(self.body_table.as_ref());
        table.map(|t| t.parameters(|d| !said_optional(d))).unwrap_or_default()
    }
}

/// A parameter table's rows, and the file they are in (the page or an include).
struct ParameterTable {
    rows: Vec<TypedRow>,
    file: String,
}

impl ParameterTable {
    /// The table's rows; a name listed twice keeps its first row (two
    /// fields with one JSON name cannot be one struct), reported.
    fn read(table: &Table, cols: &Columns, file: &str, diags: &mut Diagnostics) -> ParameterTable {
        let mut rows: Vec<TypedRow> = Vec::new();
        for row in typed_rows(table, cols, file, diags) {
            match rows.iter().find(|r| r.name == row.name) {
                Some(first) => diags.report(file, row.line, DiagnosticKind::Duplicate, format!("parameter `{}` is listed twice (first at line {}); the first row is kept", row.name, first.line)),
                None => rows.push(row),
            }
        }
        ParameterTable { rows, file: file.to_owned() }
    }

    /// The rows as parameters; a row without a Required column is required
    /// when `required_by_text` says so of its description.
    fn parameters(&self, required_by_text: fn(&str) -> bool) -> Vec<Parameter> {
        self.rows
            .iter()
            .map(|r| Parameter {
                name: r.name.clone(),
                ty: r.ty.clone(),
                description: r.description.clone(),
                links: r.links.clone(),
                required: r.required.unwrap_or_else(|| required_by_text(&r.description)),
                source: Source { file: self.file.clone(), line: r.line },
            })
            .collect()
    }
}

/// A function path written without its call (`GET /reports/getX` on a
/// page whose parameter table lists `period`) ends in the call with the
/// required parameters, as the function is called: `getX(period='{period}')`.
/// Strings and named types (enums) are quoted, as OData writes them in
/// URLs; numbers, booleans, dates and ids are not. A path that already
/// has the call, or a function without required parameters (all optional:
/// `delta`), is left as written.
fn complete_function_call(path: &mut PathTemplate, function: &str, parameters: &[Parameter]) {
    let Some(last) = path.segments.last_mut() else { return };
    let Segment::Literal { name } = last else { return };
    let bare = name.rsplit('.').next().unwrap_or(name);
    let required: Vec<&Parameter> = parameters.iter().filter(|p| p.required).collect();
    if !bare.eq_ignore_ascii_case(function) || required.is_empty() {
        return;
    }
    let args: Vec<FunctionArg> = required
        .iter()
        .map(|p| FunctionArg {
            name: p.name.clone(),
            param: Some(p.name.clone()),
            literal: None,
            quoted: !p.ty.collection && matches!(&p.ty.target, TypeTarget::Primitive(Primitive::String) | TypeTarget::Named(_)),
        })
        .collect();
    let call: Vec<String> = args
        .iter()
        .map(|a| match a.quoted {
            true => format!("{}='{{{}}}'", a.name, a.name),
            false => format!("{}={{{}}}", a.name, a.name),
        })
        .collect();
    path.raw = format!("{}({})", path.raw, call.join(","));
    *last = Segment::Function { name: name.clone(), args };
}

/// The argument names of a call of `function` in an example URL
/// (`.../filterByCurrentUser(on='target')?$top=1` gives `on`); `None` when
/// the URL does not call it.
fn call_arguments(url: &str, function: &str) -> Option<Vec<String>> {
    let path = url.split('?').next().unwrap_or(url);
    let lower = path.to_ascii_lowercase();
    let start = lower.find(&format!("/{}(", function.to_ascii_lowercase()))? + function.len() + 2;
    let inside = &path[start..start + path[start..].find(')')?];
    Some(inside.split(',').filter_map(|arg| Some(arg.split_once('=')?.0.trim().to_owned())).collect())
}

/// A `Name | Value (| Description)` table whose every Value cell names a
/// type (a primitive in any spelling, or a link to a type page): older pages
/// head the Type column "Value". Sample values (`%unique_string%`,
/// `microsoft.graph.x` as an `@odata.type` value) are not types.
fn value_column_holds_types(table: &Table, cols: &Columns) -> bool {
    let (Some(value), None, Some(_)) = (cols.value, cols.ty, cols.name) else { return false };
    let names_type = |row: &crate::markdown::Row| {
        tables::cell(row, Some(value)).is_some_and(|cell| {
            let linked = cell.links.iter().any(|l| type_ref::link_stem(&l.target).is_some());
            linked || type_ref::parse_cell(cell).is_some_and(|r| r.primitive.is_some())
        })
    };
    !table.rows.is_empty() && table.rows.iter().all(names_type)
}

/// "Optional" in a description.
fn said_optional(description: &str) -> bool {
    description.to_ascii_lowercase().contains("optional")
}

/// "Required." in a description, unless it also says optional.
fn said_required(description: &str) -> bool {
    let lower = description.to_ascii_lowercase();
    description.contains("Required") && !lower.contains("optional") && !lower.contains("not required")
}

/// The options the page says are supported plus those its example requests
/// use; an example that uses an option the page says is not supported is
/// reported (the option stays unsupported: the prose is the statement).
fn options_with_examples(page_options: &PageQueryOptions, examples: &[Example], diags: &mut Diagnostics) -> Vec<String> {
    let mut out = page_options.supported.clone();
    for ex in examples.iter().filter(|e| e.direction == ExampleDirection::Request) {
        for option in query_options::in_url(ex.url.as_deref().unwrap_or("")) {
            if page_options.unsupported.contains(&option) {
                diags.report(
                    &ex.source.file,
                    ex.source.line,
                    DiagnosticKind::QueryOptions,
                    format!("the example request uses `${option}`, which the page says is not supported; the builder offers it only through `.query(\"${option}\", ..)`"),
                );
            } else if !out.contains(&option) {
                out.push(option);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// OData's preference for a body on writes: `Prefer: return=representation`.
fn asks_for_representation(text: &str) -> bool {
    text.to_ascii_lowercase().replace(' ', "").contains("return=representation")
}

/// The first 3-digit HTTP status in a sentence (`200 OK`, `200-series`).
fn status_in(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    for i in 0..bytes.len().saturating_sub(2) {
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let digits = bytes[i..i + 3].iter().all(u8::is_ascii_digit);
        let boundary_after = bytes.get(i + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
        if boundary_before && digits && boundary_after {
            let n: u16 = text[i..i + 3].parse().ok()?;
            if (100..600).contains(&n) {
                return Some(n);
            }
        }
    }
    None
}

/// The first link of a sentence that points at a type page. Type names are
/// one word, and when the sentence speaks of a "response body" / "request
/// body" the type is named before those words (later links are references).
fn first_type_link(t: &Text) -> Option<RawRef> {
    let lower = t.text.to_ascii_lowercase();
    // "In the request body, supply a representation of [x]": the type follows
    // the word "representation", so the limit is the next " body" after it.
    let start = lower.find("representation").unwrap_or(0);
    let limit = lower[start..].find(" body").map(|i| i + start).unwrap_or(lower.len());
    let link = t.links.iter().find(|l| {
        let target = l.target.to_ascii_lowercase();
        let visible = l.text.trim();
        let before_limit = t.text.find(visible).is_some_and(|at| at < limit);
        type_ref::link_stem(&target).is_some()
            && !target.contains("/api/")
            && !target.starts_with("api/")
            && !visible.contains(char::is_whitespace)
            && before_limit
    })?;
    let mut r = type_ref::parse_cell(&Text { text: link.text.clone(), links: vec![link.clone()] })?;
    r.collection = false;
    Some(r)
}

/// On pages with several methods: requests of this method and the responses
/// that follow them.
fn examples_for(all: &[Example], method: HttpMethod) -> Vec<Example> {
    let mut out = Vec::new();
    let mut taking = false;
    for ex in all {
        match ex.direction {
            ExampleDirection::Request => {
                taking = ex.method == Some(method);
                if taking {
                    out.push(ex.clone());
                }
            }
            ExampleDirection::Response if taking => out.push(ex.clone()),
            ExampleDirection::Response => {}
        }
    }
    out
}

/// The sentence of `text` in which `needle` first appears.
fn sentence_of<'a>(text: &'a str, needle: &str) -> Option<&'a str> {
    let at = text.find(needle)?;
    let start = text[..at].rfind(". ").map(|i| i + 2).unwrap_or(0);
    let end = text[at..].find(". ").map(|i| at + i).unwrap_or(text.len());
    Some(&text[start..end])
}

/// Status and type from the Response sentence, else from the examples; and,
/// when neither states a type, the candidates to resolve softly.
fn response_for(s: &Sections, examples: &[Example], method: HttpMethod, page: &Page, hs: &blocks::Headings, diags: &mut Diagnostics) -> (ResponseSpec, Vec<TypeRef>) {
    let first_response = examples.iter().find(|e| e.direction == ExampleDirection::Response);
    let status = s.status.or_else(|| first_response.and_then(|e| e.status));
    let status = match status {
        Some(st) => st,
        None => {
            let line = hs.line_of(page, "response").unwrap_or(1);
            diags.report(&page.path, line, DiagnosticKind::UnclearResponse, "the response names no status code; assumed 200");
            200
        }
    };
    // "returns `204 Accepted` and a [widget] object in the response body"
    // states a body (the status is the docs' slip); "204; with `Prefer`, 200
    // and a [widget]" makes it conditional, and by default there is none.
    let body_stated = s.response_type.is_some() && s.response_type_status.is_none_or(|st| st == status);
    // ... unless the page says how to ask for it (`Prefer:
    // return=representation`, in the Response section or the request
    // headers): then the linked type is the body of that other 2xx.
    let other_success = s.response_type_status.is_some_and(|st| (200..300).contains(&st) && st != status);
    let asked_for = s.response_on_request || s.headers.iter().any(|h| asks_for_representation(&h.description));
    if status == 204 && other_success && asked_for && method != HttpMethod::Delete {
        return (ResponseSpec { status, ty: s.response_type.clone(), body_on_request: true }, Vec::new());
    }
    if (status == 204 && !body_stated) || (method == HttpMethod::Delete && s.response_type.is_none()) {
        return (ResponseSpec { status, ty: None, body_on_request: false }, Vec::new());
    }
    // `"@odata.type": "microsoft.graph.None"` on the response example: no content.
    let annotated_none = first_response.and_then(|e| e.odata_type.as_deref()).is_some_and(names_no_type);
    if annotated_none && s.response_type.is_none() {
        return (ResponseSpec { status, ty: None, body_on_request: false }, Vec::new());
    }
    // The sentence is the docs' statement; the annotation is tooling metadata:
    // a primitive the sentence names is taken as stated, a name it gives
    // goes first among the candidates (the annotation's type follows).
    let named = s.response_named.as_ref().filter(|_| s.response_type.is_none());
    if let Some(r) = named.filter(|r| r.primitive.is_some()) {
        return (ResponseSpec { status, ty: Some(r.to_type_ref()), body_on_request: false }, Vec::new());
    }
    let ty = s.response_type.clone().or_else(|| {
        if named.is_some() {
            return None;
        }
        let ex = first_response?;
        let from_annotation = ex.odata_type.as_deref().and_then(|t| type_ref::parse_text(t.trim_start_matches('#')));
        let collection_in_body = ex.body.as_ref().and_then(|b| b.get("value")).is_some_and(|v| v.is_array());
        let mut r = from_annotation?;
        r.collection = ex.is_collection.unwrap_or(r.collection || collection_in_body);
        Some(r.to_type_ref())
    });
    let mut candidates = Vec::new();
    if ty.is_none() {
        candidates.extend(s.response_named.iter().map(RawRef::to_type_ref));
        let annotated = first_response.and_then(|ex| {
            let mut r = type_ref::parse_text(ex.odata_type.as_deref()?.trim_start_matches('#'))?;
            r.collection = ex.is_collection.unwrap_or(r.collection || ex.body.as_ref().and_then(|b| b.get("value")).is_some_and(Value::is_array));
            Some(r.to_type_ref())
        });
        candidates.extend(annotated);
        for ex in examples.iter().filter(|e| e.direction == ExampleDirection::Response) {
            candidates.extend(response_type::from_example(ex).iter().map(RawRef::to_type_ref));
        }
        // Last: "a **vendors** object" may name the type in the plural.
        let singular = s.response_named.as_ref().filter(|r| r.name.len() > 3).and_then(|r| {
            let name = r.name.strip_suffix('s')?;
            Some(RawRef { name: name.to_owned(), ..r.clone() }.to_type_ref())
        });
        candidates.extend(singular);
    }
    (ResponseSpec { status, ty, body_on_request: false }, candidates)
}

/// "If successful, this function returns ..." / "this action returns":
/// the Response sentence names the operation's kind.
fn called_in_words(text: &str) -> Option<OperationKind> {
    let lower = text.to_ascii_lowercase();
    let word_after = |phrase: &str| lower.match_indices(phrase).any(|(i, _)| !lower[i + phrase.len()..].starts_with(|c: char| c.is_alphanumeric()));
    if word_after("this function") {
        Some(OperationKind::Function)
    } else if word_after("this action") {
        Some(OperationKind::Action)
    } else {
        None
    }
}

/// `microsoft.graph.None` (any namespace, any case): the annotation's way
/// of saying the response has no content.
fn names_no_type(odata_type: &str) -> bool {
    let t = odata_type.trim().trim_start_matches('#');
    t.rsplit('.').next().is_some_and(|last| last.eq_ignore_ascii_case("none"))
}

/// The kind from the method, the last segment, the title and the response.
/// Returns whether a POST to a literal still needs the collection check.
fn kind_of(method: HttpMethod, path: &PathTemplate, title: &str, response: &ResponseSpec, body: Option<&RequestBody>) -> (OperationKind, bool) {
    let last = path.segments.last();
    let title = title.to_ascii_lowercase();
    let last_literal = match last {
        Some(Segment::Literal { name }) => Some(name.as_str()),
        _ => None,
    };
    let dollar = last_literal.is_some_and(|n| n.starts_with('$'));
    let titled_call = last_literal.is_some_and(|n| title_names_call(&title, n));
    let kind = match method {
        HttpMethod::Get => match last {
            Some(Segment::Function { .. }) => OperationKind::Function,
            _ if dollar => OperationKind::Other,
            _ if title.ends_with(" function") || titled_call => OperationKind::Function,
            _ if response.ty.as_ref().is_some_and(|t| t.collection) => OperationKind::List,
            _ if title.starts_with("list") => OperationKind::List,
            _ => OperationKind::Get,
        },
        HttpMethod::Post => match last {
            _ if dollar => OperationKind::Other,
            Some(Segment::Function { .. }) => OperationKind::Action,
            _ if title.ends_with(" action") || titled_call => OperationKind::Action,
            Some(Segment::Literal { .. }) if response.status == 201 => OperationKind::Create,
            Some(Segment::Literal { name }) if names_the_plural_of(name, response) => OperationKind::Create,
            Some(Segment::Literal { .. }) if path.segments.len() == 1 => OperationKind::Create,
            Some(Segment::Literal { .. }) if matches!(body, Some(RequestBody::Resource { .. })) => OperationKind::Create,
            Some(Segment::Literal { .. }) | Some(Segment::Cast { .. }) => return (OperationKind::Action, true),
            _ => OperationKind::Other,
        },
        HttpMethod::Patch | HttpMethod::Put => match last {
            _ if dollar || matches!(body, Some(RequestBody::Binary)) => OperationKind::Other,
            _ if method == HttpMethod::Put && last_literal == Some("content") => OperationKind::Other,
            _ => OperationKind::Update,
        },
        HttpMethod::Delete => {
            if dollar {
                OperationKind::Other
            } else {
                OperationKind::Delete
            }
        }
    };
    (kind, false)
}

/// Whether a (lowercase) title is the docs' way to title a bound action or
/// function: `binding: name`, the name being the path's last segment
/// (`# message: createReply` for `POST /me/messages/{id}/createReply`,
/// `# range: cell` for `GET .../range/cell`). Such a page calls the
/// operation by its own name, whatever its response (a list of changes for
/// `delta`) or status (`201 Created` for `copy`) would suggest.
fn title_names_call(title: &str, last_segment: &str) -> bool {
    let Some((binding, name)) = title.split_once(':') else { return false };
    let bare = last_segment.rsplit('.').next().unwrap_or(last_segment);
    !binding.trim().is_empty() && !bare.is_empty() && name.trim().eq_ignore_ascii_case(bare)
}

/// Whether a POST's last segment is the plural of the one item the
/// response holds (`POST .../openShifts` answering an [openShift]): the
/// segment is a collection of that type, and the POST adds to it, whatever
/// status the page gives.
fn names_the_plural_of(segment: &str, response: &ResponseSpec) -> bool {
    let Some(TypeRef { target: target @ TypeTarget::Named(resolved), collection: false }) = &response.ty else { return false };
    // Pages are read before types resolve: the name as the page wrote it.
    let name = type_ref::unresolved(target).map(|(name, _)| name).unwrap_or(resolved);
    let item = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    let segment = segment.to_ascii_lowercase();
    let plurals = [format!("{item}s"), format!("{item}es"), item.strip_suffix('y').map(|stem| format!("{stem}ies")).unwrap_or_default()];
    !item.is_empty() && plurals.contains(&segment)
}

/// The action/function name: the last segment's name without namespace.
fn last_name(path: &PathTemplate) -> Option<String> {
    let name = match path.segments.last()? {
        Segment::Literal { name } | Segment::Function { name, .. } => name.clone(),
        Segment::Cast { type_name } => type_name.clone(),
        _ => return None,
    };
    Some(name.rsplit('.').next().unwrap_or(&name).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(status_in("returns a 201 Created response code"), Some(201));
        assert_eq!(status_in("returns a 200-series response code"), Some(200));
        assert_eq!(status_in("returns version 1234 of"), None);
    }

    #[test]
    fn kinds_said_in_words() {
        assert_eq!(called_in_words("If successful, this function returns a `200 OK` response code."), Some(OperationKind::Function));
        assert_eq!(called_in_words("If successful, this action returns a `204 No Content` response code."), Some(OperationKind::Action));
        assert_eq!(called_in_words("If successful, this method returns a `200 OK` response code."), None);
        assert_eq!(called_in_words("this functionality returns nothing"), None);
    }

    #[test]
    fn kinds() {
        let p = |s: &str| PathTemplate { raw: s.into(), segments: path_template::parse(s).unwrap(), source: Source::default() };
        let ok = ResponseSpec { status: 200, ty: None, body_on_request: false };
        let coll = ResponseSpec { status: 200, ty: Some(TypeRef { target: TypeTarget::Primitive(Primitive::String), collection: true }), body_on_request: false };
        assert_eq!(kind_of(HttpMethod::Get, &p("/a/f(x={x})"), "", &ok, None).0, OperationKind::Function);
        assert_eq!(kind_of(HttpMethod::Get, &p("/a"), "", &coll, None).0, OperationKind::List);
        assert_eq!(kind_of(HttpMethod::Get, &p("/a/{id}"), "", &ok, None).0, OperationKind::Get);
        assert_eq!(kind_of(HttpMethod::Get, &p("/a/{id}/$value"), "", &ok, None).0, OperationKind::Other);
        assert_eq!(kind_of(HttpMethod::Post, &p("/a/{id}/go"), "go action", &ok, None).0, OperationKind::Action);
        assert_eq!(kind_of(HttpMethod::Post, &p("/a"), "", &ok, None).0, OperationKind::Create);
        assert_eq!(kind_of(HttpMethod::Post, &p("/a/{id}/b"), "", &ResponseSpec { status: 201, ty: None, body_on_request: false }, None).0, OperationKind::Create);
        assert_eq!(kind_of(HttpMethod::Post, &p("/a/{id}/b"), "", &ok, None), (OperationKind::Action, true));
        // A POST to the plural of the one item it answers adds to that collection.
        let one = |name: &str| ResponseSpec { status: 200, ty: Some(TypeRef { target: TypeTarget::Named(name.into()), collection: false }), body_on_request: false };
        assert_eq!(kind_of(HttpMethod::Post, &p("/a/{id}/openShifts"), "", &one("microsoft.graph.openShift"), None).0, OperationKind::Create);
        assert_eq!(kind_of(HttpMethod::Post, &p("/a/{id}/policies"), "", &one("policy"), None).0, OperationKind::Create);
        assert_eq!(kind_of(HttpMethod::Post, &p("/a/{id}/copy"), "", &one("openShift"), None), (OperationKind::Action, true));
        assert_eq!(kind_of(HttpMethod::Post, &p("/a/{id}/b/$ref"), "", &ok, None).0, OperationKind::Other);
        assert_eq!(kind_of(HttpMethod::Patch, &p("/a/{id}"), "", &ok, None).0, OperationKind::Update);
        // `binding: name` titles a bound call, whatever the response or status suggest.
        assert_eq!(kind_of(HttpMethod::Get, &p("/a/delta"), "Widget: delta", &coll, None).0, OperationKind::Function);
        assert_eq!(kind_of(HttpMethod::Get, &p("/a/{id}/range/Cell"), "Range: Cell", &ok, None).0, OperationKind::Function);
        let created = ResponseSpec { status: 201, ty: None, body_on_request: false };
        assert_eq!(kind_of(HttpMethod::Post, &p("/a/{id}/copy"), "widget: copy", &created, None), (OperationKind::Action, false));
        assert_eq!(kind_of(HttpMethod::Get, &p("/a/{id}/parts"), "widget: list parts", &coll, None).0, OperationKind::List);
        assert_eq!(kind_of(HttpMethod::Get, &p("/a"), "List widgets: delta", &coll, None).0, OperationKind::List);
        assert_eq!(kind_of(HttpMethod::Put, &p("/a/{id}/content"), "", &ok, None).0, OperationKind::Other);
        assert_eq!(kind_of(HttpMethod::Delete, &p("/a/{id}"), "", &ok, None).0, OperationKind::Delete);
    }
}
