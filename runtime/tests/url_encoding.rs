//! Keys and function arguments can never change the shape of a request URL.

use graphgen_runtime::{FunctionArg, UrlPath};
use percent_encoding::percent_decode_str;

const BASE: &str = "https://graph.microsoft.com/beta";

/// Every printable ASCII character plus some non-ASCII ones, alone and mixed.
fn nasty_keys() -> Vec<String> {
    let mut keys: Vec<String> = (0x20u8..0x7f).map(|b| format!("a{}b", b as char)).collect();
    keys.extend(
        ["a/b", "a?b=c", "#frag", "100%", "O'Brien", "say \"hi\"", "with space", "ünïcødé/名前", "a\\b", "../x", "x:y:", "+1 555"]
            .map(str::to_owned),
    );
    keys.push((0x20u8..0x7f).map(char::from).collect());
    keys
}

fn path_segments(url: &str) -> Vec<&str> {
    url.strip_prefix("https://graph.microsoft.com").unwrap().split('/').skip(1).collect()
}

#[test]
fn keys_keep_the_segment_count_and_decode_back() {
    for key in nasty_keys() {
        let url = UrlPath::new(BASE).segment("users").key(&key).segment("messages").to_url().unwrap();
        assert!(!url.contains('?') && !url.contains('#'), "{key:?} -> {url}");
        assert!(url.is_ascii() && !url.contains(' '), "{key:?} -> {url}");
        let segments = path_segments(&url);
        assert_eq!(segments.len(), 4, "{key:?} -> {url}");
        assert_eq!(segments[0], "beta");
        assert_eq!(segments[3], "messages");
        assert_eq!(percent_decode_str(segments[2]).decode_utf8().unwrap(), key, "{url}");
        // The http crate (used by every transport) must read the same path and no query.
        let uri: http::Uri = url.parse().unwrap();
        assert_eq!(uri.query(), None, "{url}");
        assert_eq!(uri.path().split('/').count(), 5, "{url}");
    }
}

#[test]
fn quoted_keys_and_string_args_double_quotes_and_stay_in_one_segment() {
    for key in nasty_keys() {
        let url = UrlPath::new(BASE).segment("things").key_in_parens(&key).to_url().unwrap();
        let segments = path_segments(&url);
        assert_eq!(segments.len(), 2, "{key:?} -> {url}");
        let decoded = percent_decode_str(segments[1]).decode_utf8().unwrap();
        let expected = format!("things('{}')", key.replace('\'', "''"));
        assert_eq!(decoded, expected);
        assert!(!url.contains('?') && !url.contains('#'));

        let url = UrlPath::new(BASE)
            .function("f", &[("s", FunctionArg::string(&key)), ("n", FunctionArg::raw(7))])
            .to_url()
            .unwrap();
        let segments = path_segments(&url);
        assert_eq!(segments.len(), 2, "{key:?} -> {url}");
        // The argument list is closed exactly once, at the end.
        assert_eq!(segments[1].matches(')').count(), 1, "{url}");
        assert!(segments[1].ends_with(",n=7)"), "{url}");
        let decoded = percent_decode_str(segments[1]).decode_utf8().unwrap();
        assert_eq!(decoded, format!("f(s='{}',n=7)", key.replace('\'', "''")));
    }
}

#[test]
fn raw_args_are_written_as_is() {
    let url = UrlPath::new(BASE)
        .segment("reports")
        .function("getOffice365ActiveUserDetail", &[("date", FunctionArg::raw("2024-01-31")), ("flag", FunctionArg::raw(false))])
        .to_url()
        .unwrap();
    assert_eq!(url, format!("{BASE}/reports/getOffice365ActiveUserDetail(date=2024-01-31,flag=false)"));
}

#[test]
fn item_paths_keep_slashes_between_parts_only() {
    let url = UrlPath::new(BASE).segment("drive").segment("root").item_path("Folder A/file?#%.txt").to_url().unwrap();
    assert_eq!(url, format!("{BASE}/drive/root:/Folder%20A/file%3F%23%25.txt:"));
}
