//! Property test: any text, and any shuffle of the docs' own syntax pieces,
//! goes through the page parser and the schema builder without a panic, and
//! every diagnostic points at a line that exists.

use graphgen::markdown::{parse_page, NoIncludes};
use proptest::prelude::*;

/// Fragments of the Graph docs conventions, to be recombined at random.
const PIECES: &[&str] = &[
    "---\n", "doc_type: apiPageType\n", "doc_type: resourcePageType\n", "doc_type: enumPageType\n", "ms.prod: x\n",
    "# title\n", "## HTTP request\n", "## Properties\n", "## Members\n", "## Relationships\n", "## Response\n",
    "### Request\n", "### Response\n", "|Property|Type|Description|\n", "|:---|:---|:---|\n", "|a|String|d|\n",
    "|b|[t](t.md) collection|d|\n", "|Member|Value|Description|\n", "|x|1|y|\n", "```http\n", "```json\n", "```\n",
    "GET /a/{id}/b(k='{v}')\n", "POST /a/{id | upn}/act\n", "HTTP/1.1 200 OK\n", "{\"value\": [ {\"a\": 1,}, ]}\n",
    "{ \"a\": \n", "<!-- { \"blockType\": \"request\", \"name\": \"n\" } -->\n", "<!-- { \"blockType\": \"resource\",\n",
    "\"@odata.type\": \"microsoft.graph.t\", \"baseType\": \"microsoft.graph.t\" } -->\n", "-->\n",
    "[!INCLUDE [p](../includes/p.md)]\n", "# [HTTP](#tab/http)\n", "If successful, this method returns a `201 Created` response code and a [t](t.md) object.\n",
    "Possible values are: `a`, `b`.\n", "\r\n", "\n", "| broken | row\n", "\u{202E}\u{0}\u{FEFF}\n",
];

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

fn check(texts: &[String]) {
    let mut pages = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let folder = if i % 2 == 0 { "api" } else { "resources" };
        let path = format!("{folder}/p{i}.md");
        let (page, diags) = parse_page(&path, text, &NoIncludes);
        let lines = text.lines().count() as u32 + 1;
        for d in &diags {
            assert!(d.line <= lines, "{d} points past the end ({lines} lines)");
        }
        pages.push(page);
    }
    let _ = graphgen::schema::build(&pages);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn docs_shaped_input_never_panics(texts in prop::collection::vec(page(), 1..6)) {
        check(&texts);
    }

    #[test]
    fn arbitrary_text_never_panics(texts in prop::collection::vec(".{0,400}", 1..4)) {
        check(&texts);
    }
}
