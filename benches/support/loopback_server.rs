//! A minimal HTTP/1.1 keep-alive server on loopback that answers every request with one
//! fixed JSON response.
//!
//! Why not wiremock: its request matching and recording (it keeps every request) cost
//! about as much as the client work being measured, which would flatten the comparison.
//! This server does no work per request beyond finding the end of the request head, so
//! the measured difference between the two sides is the client's.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A server running on its own thread and tokio runtime, so the client side of the bench
/// never shares an executor with it.
pub struct LoopbackServer {
    pub addr: SocketAddr,
}

impl LoopbackServer {
    /// Serves `body` (as `application/json`, status 200) to every request until the process ends.
    pub fn start(body: Vec<u8>) -> LoopbackServer {
        let mut response =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len())
                .into_bytes();
        response.extend_from_slice(&body);
        let response: &'static [u8] = Box::leak(response.into_boxed_slice());

        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let addr = listener.local_addr().expect("the bound address");
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("tokio listener");
                loop {
                    let Ok((stream, _)) = listener.accept().await else { continue };
                    tokio::spawn(serve_connection(stream, response));
                }
            });
        });
        LoopbackServer { addr }
    }
}

/// Answers each request head on the connection (GETs only: no request bodies) until the
/// client closes it.
async fn serve_connection(mut stream: TcpStream, response: &'static [u8]) {
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(end) = find_head_end(&buffer) {
            buffer.drain(..end);
            if stream.write_all(response).await.is_err() {
                return;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The length of the first complete request head (through the blank line), if buffered.
fn find_head_end(buffer: &[u8]) -> Option<usize> {
    buffer.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}
