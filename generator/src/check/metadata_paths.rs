//! What a URL path addresses, by the metadata: entity sets and singletons
//! start it, keys pick an item of a collection, names follow (navigation or
//! structural) properties of the type or its bases, qualified names cast,
//! and calls of composable functions continue with what they return. Used
//! to find which type an action or function in a path is bound to.

use super::csdl::{MetaRef, Metadata};
use super::page_index::split_path;

/// One segment of a path, as far as a walk cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A name (a set, a property, an operation or a qualified cast).
    Name(String),
    /// `{id}`, `(id)`, `('{id}')`: one item of a collection.
    Key,
    /// `name(args)`: a function call.
    Call(String),
    /// `root:/{path}:` addressing: the same type.
    Same,
    /// `$value`, `$ref`, `$count`: no type to walk on.
    Stop,
}

/// A raw path (`/users/{id}/microsoft.graph.assignLicense`) to steps.
pub fn steps(path: &str) -> Vec<Step> {
    let path = path.split(['?', '#']).next().unwrap_or(path).trim();
    let path = path.strip_prefix("https://").map(|p| p.split_once('/').map(|(_, r)| r).unwrap_or("")).unwrap_or(path);
    let mut out = Vec::new();
    let mut in_item_path = false;
    for (i, seg) in split_path(path).into_iter().enumerate() {
        let lower = seg.to_ascii_lowercase();
        if in_item_path {
            // Inside `root:/a/b.txt:`: the item path ends at the next colon.
            in_item_path = !seg.ends_with(':');
            continue;
        }
        if i == 0 && (lower == "v1.0" || lower == "beta") {
            continue;
        }
        if seg.starts_with('$') {
            out.push(Step::Stop);
        } else if seg.starts_with('{') || seg.starts_with('<') || seg.starts_with('\'') {
            out.push(Step::Key);
        } else if let Some(name) = seg.strip_suffix(':').filter(|s| !s.contains('(')) {
            // `root:` opens OneDrive path addressing: the same type after it.
            out.push(Step::Name(name.to_string()));
            out.push(Step::Same);
            in_item_path = true;
        } else if let Some((name, args)) = seg.split_once('(') {
            // `items('{id}')` is a key on `items`; `f(a=1)` or `f()` a call.
            if args.contains('=') || args.starts_with(')') {
                out.push(Step::Call(name.to_string()));
            } else {
                out.push(Step::Name(name.to_string()));
                out.push(Step::Key);
            }
        } else {
            out.push(Step::Name(seg));
        }
    }
    out
}

/// The operation name a last step calls, without namespace.
pub fn operation_name(step: &Step) -> Option<&str> {
    match step {
        Step::Name(n) | Step::Call(n) => Some(n.rsplit('.').next().unwrap_or(n)),
        _ => None,
    }
}

/// The type the steps reach, `None` when the metadata cannot follow them.
pub fn reach(meta: &Metadata, steps: &[Step]) -> Option<MetaRef> {
    let (first, rest) = steps.split_first()?;
    let Step::Name(root) = first else { return None };
    let start = match meta.container.roots.iter().find(|(k, _)| k.eq_ignore_ascii_case(root)) {
        Some((_, r)) => r.clone(),
        None => {
            let import = meta.container.imports.iter().find(|(k, _)| k.eq_ignore_ascii_case(root))?.1;
            let short = import.rsplit('.').next().unwrap_or(import);
            meta.operations.iter().find(|o| o.binding.is_none() && o.name == short)?.returns.clone()?
        }
    };
    walk(meta, start, rest)
}

/// For paths written relative to a resource (`/workbook/tables/{id}`), which
/// start at no entity set: the type reached from the first name that every
/// property of that name in the metadata agrees on. `properties` maps
/// lowercase property names to their one type (`None` where they differ).
pub fn reach_relative(meta: &Metadata, properties: &std::collections::BTreeMap<String, Option<MetaRef>>, steps: &[Step]) -> Option<MetaRef> {
    steps.iter().enumerate().find_map(|(i, step)| {
        let Step::Name(n) = step else { return None };
        let start = properties.get(&n.to_ascii_lowercase())?.clone()?;
        walk(meta, start, &steps[i + 1..])
    })
}

/// Every property name of the metadata (lowercase) with its one type.
pub fn property_types(meta: &Metadata) -> std::collections::BTreeMap<String, Option<MetaRef>> {
    let mut out: std::collections::BTreeMap<String, Option<MetaRef>> = std::collections::BTreeMap::new();
    for p in meta.types.values().flat_map(|t| &t.properties) {
        out.entry(p.name.to_ascii_lowercase()).and_modify(|seen| if seen.as_ref() != Some(&p.ty) { *seen = None }).or_insert_with(|| Some(p.ty.clone()));
    }
    out
}

/// Follow steps from a value of type `at`.
fn walk(meta: &Metadata, mut at: MetaRef, rest: &[Step]) -> Option<MetaRef> {
    for step in rest {
        at = match step {
            Step::Key if at.collection => MetaRef { name: at.name.clone(), collection: false },
            Step::Same => at,
            Step::Name(n) if n.contains('.') && meta.types.keys().any(|k| k.eq_ignore_ascii_case(n)) => {
                let name = meta.types.keys().find(|k| k.eq_ignore_ascii_case(n))?.clone();
                MetaRef { name, collection: at.collection }
            }
            Step::Name(n) if !at.collection => match meta.ancestry(&at.name).iter().find_map(|t| t.properties.iter().find(|p| p.name.eq_ignore_ascii_case(n))) {
                Some(p) => p.ty.clone(),
                None => bound_return(meta, &at, n)?,
            },
            Step::Name(n) | Step::Call(n) => bound_return(meta, &at, n)?,
            _ => return None,
        };
    }
    Some(at)
}

/// What a composable function bound to `at` returns.
fn bound_return(meta: &Metadata, at: &MetaRef, name: &str) -> Option<MetaRef> {
    let short = name.rsplit('.').next().unwrap_or(name);
    meta.operations
        .iter()
        .find(|o| o.name.eq_ignore_ascii_case(short) && o.binding.as_ref().is_some_and(|b| binds(meta, b, at)))
        .and_then(|o| o.returns.clone())
}

/// Whether an operation bound to `binding` applies to a value of type `at`
/// (the same type or a derived one, and the same collection-ness).
pub fn binds(meta: &Metadata, binding: &MetaRef, at: &MetaRef) -> bool {
    binding.collection == at.collection && (binding.name.eq_ignore_ascii_case(&at.name) || meta.derives_from(&at.name, &binding.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paths_into_steps() {
        assert_eq!(
            steps("/users/{id | userPrincipalName}/microsoft.graph.assignLicense"),
            vec![Step::Name("users".into()), Step::Key, Step::Name("microsoft.graph.assignLicense".into())]
        );
        assert_eq!(steps("https://graph.microsoft.com/beta/reports/getX(period='D7')"), vec![Step::Name("reports".into()), Step::Call("getX".into())]);
        assert_eq!(steps("/drive/root:/a/b.txt:/content"), vec![Step::Name("drive".into()), Step::Name("root".into()), Step::Same, Step::Name("content".into())]);
        assert_eq!(steps("/items('{id}')/$value"), vec![Step::Name("items".into()), Step::Key, Step::Stop]);
    }
}
