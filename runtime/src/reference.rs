//! What a `$ref` write points at.

use crate::error::Error;
use crate::url_path::UrlPath;

/// The entity a `$ref` write references: its `@odata.id`, the entity's full URL.
///
/// A URL given as text is sent as written. A [`UrlPath`] (what every generated builder's
/// `path()` returns, or what a generated `..._by_id(id)` method builds) becomes a URL under
/// the client's base, with its keys percent-encoded, so an id can never change the URL's
/// shape:
///
/// ```
/// # use graphgen_runtime::{Client, ReferenceTarget};
/// # let client = Client::builder().build()?;
/// let user = client.path().segment("users").key("48d31887-5fad-4d73-a9f5-3c356e68a038");
/// assert_eq!(user.odata_id()?, "https://graph.microsoft.com/beta/users/48d31887-5fad-4d73-a9f5-3c356e68a038");
/// assert_eq!("https://graph.microsoft.com/beta/groups/1".odata_id()?, "https://graph.microsoft.com/beta/groups/1");
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
pub trait ReferenceTarget {
    /// The `@odata.id` to send.
    fn odata_id(&self) -> Result<String, Error>;
}

impl ReferenceTarget for str {
    fn odata_id(&self) -> Result<String, Error> {
        Ok(self.to_owned())
    }
}

impl ReferenceTarget for String {
    fn odata_id(&self) -> Result<String, Error> {
        Ok(self.clone())
    }
}

impl ReferenceTarget for UrlPath {
    fn odata_id(&self) -> Result<String, Error> {
        self.to_url()
    }
}

impl<T: ReferenceTarget + ?Sized> ReferenceTarget for &T {
    fn odata_id(&self) -> Result<String, Error> {
        (**self).odata_id()
    }
}
