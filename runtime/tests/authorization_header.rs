//! What the client hands to the transport: the token header, marked sensitive.

use graphgen_runtime::{BoxFuture, Client, Method, NoContent, RequestBuilder, StaticToken};

const TOKEN: &str = "secret-token-123";

/// Records what the client hands to the transport.
#[derive(Default, Clone)]
struct Recording(std::sync::Arc<std::sync::Mutex<Vec<http::Request<Vec<u8>>>>>);
impl graphgen_runtime::Transport for Recording {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<graphgen_runtime::HttpResponse, graphgen_runtime::TransportError>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async {
            Ok(graphgen_runtime::HttpResponse {
                status: graphgen_runtime::StatusCode::NO_CONTENT,
                headers: http::HeaderMap::new(),
                body: Vec::new(),
            })
        })
    }
}

#[tokio::test]
async fn the_authorization_header_is_marked_sensitive() {
    let recording = Recording::default();
    let c = Client::builder().transport(recording.clone()).token_provider(StaticToken::new(TOKEN)).build().unwrap();
    RequestBuilder::<NoContent>::new(&c, Method::GET, c.path().segment("me")).send().await.unwrap();
    let sent = recording.0.lock().unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].uri(), "https://graph.microsoft.com/beta/me");
    let auth: Vec<_> = sent[0].headers().get_all("authorization").iter().collect();
    assert_eq!(auth.len(), 1);
    assert!(auth[0].is_sensitive());
    assert_eq!(auth[0], "Bearer secret-token-123");
    assert!(!format!("{:?}", sent[0].headers()).contains(TOKEN));
}
