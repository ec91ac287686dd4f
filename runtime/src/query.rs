//! Which OData system query options a request offers as typed methods.
//!
//! [`RequestBuilder`](crate::RequestBuilder)'s second type parameter is a list, in types, of
//! the options its operation's page says are supported: `Select<Expand>` offers
//! [`select`](crate::RequestBuilder::select) and [`expand`](crate::RequestBuilder::expand)
//! and nothing else; [`Any`] (the default, for requests built by hand)
//! offers all eight; [`NoOptions`] offers none. The list is written in one fixed order (`Select Expand Filter Search
//! OrderBy Top Skip Count`), each node holding the rest, so a generated signature reads as
//! what it allows:
//!
//! ```
//! use graphgen_runtime::query::{Filter, Select, Top};
//! use graphgen_runtime::{Client, Collection, Method, RequestBuilder};
//! # fn f(client: &Client) {
//! let users: RequestBuilder<Collection<serde_json::Value>, Select<Filter<Top>>> =
//!     RequestBuilder::new(client, Method::GET, client.path().segment("users"));
//! let users = users.select(["id"]).filter("accountEnabled eq true").top(5);
//! # }
//! ```
//!
//! An option the list leaves out does not compile as a typed call:
//!
//! ```compile_fail
//! use graphgen_runtime::query::{Select, Top};
//! use graphgen_runtime::{Client, Collection, Method, RequestBuilder};
//! # fn f(client: &Client) {
//! let users: RequestBuilder<Collection<serde_json::Value>, Select<Top>> =
//!     RequestBuilder::new(client, Method::GET, client.path().segment("users"));
//! let users = users.skip(10); // `$skip` is not on the list
//! # }
//! ```
//!
//! It stays possible through the raw escape hatch, which every request has:
//! [`query`](crate::RequestBuilder::query)`("$skip", "10")`. The escape hatch is also the way
//! to options that have no typed method (`$format`, `$apply`, `$skiptoken`, custom
//! parameters). Nothing is checked at run time: the list only decides which methods exist.

use std::marker::PhantomData;

/// The end of a list: no further option.
#[derive(Debug, Clone, Copy, Default)]
pub struct End;

/// No typed query option: the page says the request supports none (the raw
/// [`query`](crate::RequestBuilder::query) remains).
pub type NoOptions = End;

/// Every typed query option: requests built by hand, without a page to say which apply,
/// and generated collection requests whose page names no list (or lists all eight).
#[derive(Debug, Clone, Copy, Default)]
pub struct Any;

/// A list of options, read at run time: which typed methods a request offers
/// ([`RequestBuilder::typed_query_options`](crate::RequestBuilder::typed_query_options)).
pub trait OptionList {
    /// One bit per option, in the order of [`NAMES`].
    const MASK: u8;
}

/// The typed options, in the list's fixed order.
pub const NAMES: [&str; 8] = ["$select", "$expand", "$filter", "$search", "$orderby", "$top", "$skip", "$count"];

impl OptionList for End {
    const MASK: u8 = 0;
}

impl OptionList for Any {
    const MASK: u8 = u8::MAX;
}

/// The option names of a mask, in the list's order.
pub(crate) fn names(mask: u8) -> Vec<&'static str> {
    NAMES.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, n)| *n).collect()
}

macro_rules! option {
    ($node:ident $allows:ident $option:literal $bit:literal, $message:literal, $note:literal, others: $($other:ident)*) => {
        #[doc = concat!("`", $option, "` is supported; `Rest` lists the options after it.")]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $node<Rest = End>(PhantomData<Rest>);

        #[doc = concat!("A list of options that holds `", $option, "`.")]
        #[diagnostic::on_unimplemented(message = $message, note = $note)]
        pub trait $allows {}

        impl $allows for Any {}
        impl<Rest: OptionList> OptionList for $node<Rest> {
            const MASK: u8 = (1 << $bit) | Rest::MASK;
        }
        impl<Rest> $allows for $node<Rest> {}
        // The other options are on the list when they are in the rest of it.
        $( impl<Rest: $other> $other for $node<Rest> {} )*
    };
}

option!(
    Select AllowsSelect "$select" 0,
    "the docs do not list `$select` for this request (`{Self}`)",
    "send it anyway with `.query(\"$select\", value)`",
    others: AllowsExpand AllowsFilter AllowsSearch AllowsOrderBy AllowsTop AllowsSkip AllowsCount
);
option!(
    Expand AllowsExpand "$expand" 1,
    "the docs do not list `$expand` for this request (`{Self}`)",
    "send it anyway with `.query(\"$expand\", value)`",
    others: AllowsSelect AllowsFilter AllowsSearch AllowsOrderBy AllowsTop AllowsSkip AllowsCount
);
option!(
    Filter AllowsFilter "$filter" 2,
    "the docs do not list `$filter` for this request (`{Self}`)",
    "send it anyway with `.query(\"$filter\", value)`",
    others: AllowsSelect AllowsExpand AllowsSearch AllowsOrderBy AllowsTop AllowsSkip AllowsCount
);
option!(
    Search AllowsSearch "$search" 3,
    "the docs do not list `$search` for this request (`{Self}`)",
    "send it anyway with `.query(\"$search\", value)`",
    others: AllowsSelect AllowsExpand AllowsFilter AllowsOrderBy AllowsTop AllowsSkip AllowsCount
);
option!(
    OrderBy AllowsOrderBy "$orderby" 4,
    "the docs do not list `$orderby` for this request (`{Self}`)",
    "send it anyway with `.query(\"$orderby\", value)`",
    others: AllowsSelect AllowsExpand AllowsFilter AllowsSearch AllowsTop AllowsSkip AllowsCount
);
option!(
    Top AllowsTop "$top" 5,
    "the docs do not list `$top` for this request (`{Self}`)",
    "send it anyway with `.query(\"$top\", value)`",
    others: AllowsSelect AllowsExpand AllowsFilter AllowsSearch AllowsOrderBy AllowsSkip AllowsCount
);
option!(
    Skip AllowsSkip "$skip" 6,
    "the docs do not list `$skip` for this request (`{Self}`)",
    "send it anyway with `.query(\"$skip\", value)`",
    others: AllowsSelect AllowsExpand AllowsFilter AllowsSearch AllowsOrderBy AllowsTop AllowsCount
);
option!(
    Count AllowsCount "$count" 7,
    "the docs do not list `$count` for this request (`{Self}`)",
    "send it anyway with `.query(\"$count\", value)`",
    others: AllowsSelect AllowsExpand AllowsFilter AllowsSearch AllowsOrderBy AllowsTop AllowsSkip
);
