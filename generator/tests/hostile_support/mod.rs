//! Small docs folders for the hostile-input tests: pages written here (a
//! type page, an operation page) and files placed by raw name, so a test
//! can plant odd names, links and special files next to good pages.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// A type page for `microsoft.graph.<name>` with one property (`size`),
/// `body` placed before its properties table (includes, prose).
pub fn type_page(name: &str, body: &str) -> String {
    format!(
        r#"---
title: "{name} resource type"
description: "A {name}."
ms.subservice: "widgets"
doc_type: resourcePageType
---

# {name} resource type

Namespace: microsoft.graph

{body}

## Properties

| Property | Type | Description |
|:---------|:-----|:------------|
| size | Int32 | The size. |

## JSON representation

<!-- {{ "blockType": "resource", "@odata.type": "microsoft.graph.{name}" }} -->

```json
{{ "size": 1 }}
```
"#
    )
}

/// An operation page: `method path` returning a `widget`.
pub fn operation_page(title: &str, method: &str, path: &str) -> String {
    format!(
        r#"---
title: "{title}"
description: "{title}."
ms.subservice: "widgets"
doc_type: apiPageType
---

# {title}

Namespace: microsoft.graph

## HTTP request

<!-- {{ "blockType": "ignored" }} -->
```http
{method} {path}
```

## Response

If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.
"#
    )
}

/// A docs folder in a temp folder, with `resources/widget.md` (type `widget`).
pub struct Docs {
    pub tmp: tempfile::TempDir,
    pub root: PathBuf,
}

impl Docs {
    pub fn new() -> Docs {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("docs");
        let docs = Docs { tmp, root };
        docs.write("resources/widget.md", &type_page("widget", ""));
        docs
    }

    /// Write `text` at `rel` (any bytes in the name), creating folders.
    pub fn write(&self, rel: impl AsRef<[u8]>, text: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The path of `rel` below the root, from raw bytes.
    pub fn path(&self, rel: impl AsRef<[u8]>) -> PathBuf {
        self.root.join(OsStr::from_bytes(rel.as_ref()))
    }

    /// A symbolic link at `rel` to `target`.
    pub fn link(&self, rel: &str, target: &Path) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, path).unwrap();
    }

    /// A folder beside the docs folder (outside it), for links to lead to.
    pub fn outside(&self) -> PathBuf {
        let dir = self.tmp.path().join("outside");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

/// Run `f` on another thread; `None` when it has not finished in `secs`
/// (the thread is left behind: a hang is what such a test looks for).
pub fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(secs)).ok()
}
