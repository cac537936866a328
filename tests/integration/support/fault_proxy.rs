//! Faults any TCP protocol can suffer, in front of a real server or in place
//! of one: the real answer arriving after the deadline, the real answer cut
//! off mid-way, another protocol's greeting on the port, an endless flood of
//! bytes. Used by the fault matrix, where one fault has to hit Prometheus,
//! PostgreSQL, Kubernetes and TLS alike.

use super::accept_loop::AcceptLoop;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

/// What the proxy does to the server's answer.
#[derive(Debug, Clone, Copy)]
pub enum Distortion {
    /// Relays the answer as it comes.
    None,
    /// Holds the server's first byte back for this long, then relays everything.
    Late(Duration),
    /// Relays this many bytes of the server's answer, then closes both sides.
    CutAfter(usize),
}

/// A TCP proxy to `127.0.0.1:upstream` that distorts what the server sends.
pub struct FaultProxy {
    pub port: u16,
    _accept_loop: AcceptLoop,
}

/// Bytes of the client's request replaced by others of the same length.
type Rewrite = (&'static [u8], &'static [u8]);

impl FaultProxy {
    pub fn start(upstream: u16, distortion: Distortion) -> FaultProxy {
        FaultProxy::with(upstream, distortion, None)
    }

    /// Relays both ways untouched, except that `from` in what the client
    /// sends becomes `to`: a middlebox that changes the request, such as a
    /// connection pooler dropping a startup option.
    pub fn rewriting(upstream: u16, from: &'static [u8], to: &'static [u8]) -> FaultProxy {
        assert_eq!(from.len(), to.len(), "a rewrite keeps the length");
        FaultProxy::with(upstream, Distortion::None, Some((from, to)))
    }

    fn with(upstream: u16, distortion: Distortion, rewrite: Option<Rewrite>) -> FaultProxy {
        let accept_loop = AcceptLoop::start(move |client| {
            let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                return;
            };
            let (Ok(from_client), Ok(to_server)) = (client.try_clone(), server.try_clone()) else {
                return;
            };
            std::thread::spawn(move || relay_request(from_client, to_server, rewrite));
            relay_distorted(server, client, distortion);
        });
        FaultProxy {
            port: accept_loop.port,
            _accept_loop: accept_loop,
        }
    }
}

/// Client to server, rewritten if asked (within each read: requests here are small).
fn relay_request(mut client: TcpStream, mut server: TcpStream, rewrite: Option<Rewrite>) {
    let mut buffer = [0u8; 16 * 1024];
    while let Ok(read) = client.read(&mut buffer) {
        if read == 0 {
            break;
        }
        let piece = &mut buffer[..read];
        if let Some((from, to)) = rewrite {
            if let Some(at) = piece.windows(from.len()).position(|window| window == from) {
                piece[at..at + to.len()].copy_from_slice(to);
            }
        }
        if server.write_all(piece).is_err() {
            break;
        }
    }
    let _ = server.shutdown(Shutdown::Write);
}

fn relay_distorted(mut server: TcpStream, mut client: TcpStream, distortion: Distortion) {
    let mut buffer = [0u8; 16 * 1024];
    let mut relayed = 0;
    let mut first = true;
    loop {
        let read = match server.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        let mut piece = &buffer[..read];
        match distortion {
            Distortion::Late(delay) if first => std::thread::sleep(delay),
            Distortion::CutAfter(limit) => {
                piece = &piece[..read.min(limit - relayed)];
            }
            Distortion::Late(_) | Distortion::None => {}
        }
        first = false;
        if client.write_all(piece).is_err() {
            break;
        }
        relayed += piece.len();
        if matches!(distortion, Distortion::CutAfter(limit) if relayed >= limit) {
            break;
        }
    }
    let _ = client.shutdown(Shutdown::Both);
    let _ = server.shutdown(Shutdown::Both);
}

/// What a [`RawServer`] sends to every connection, whatever the client said.
#[derive(Debug, Clone)]
pub enum Greeting {
    /// These bytes, then close: another protocol's banner.
    Banner(&'static [u8]),
    /// This many bytes of `A`, as fast as the client takes them, then close.
    Flood(usize),
}

/// A server speaking no protocol the client expects.
pub struct RawServer {
    pub port: u16,
    _accept_loop: AcceptLoop,
}

impl RawServer {
    pub fn start(greeting: Greeting) -> RawServer {
        let accept_loop = AcceptLoop::start(move |mut stream| {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
            match &greeting {
                Greeting::Banner(bytes) => {
                    let _ = stream.write_all(bytes);
                }
                Greeting::Flood(total) => {
                    let chunk = vec![b'A'; 64 * 1024];
                    let mut left = *total;
                    while left > 0 {
                        let piece = &chunk[..left.min(chunk.len())];
                        if stream.write_all(piece).is_err() {
                            break;
                        }
                        left -= piece.len();
                    }
                }
            }
            // A graceful close: unread client bytes would turn it into a reset.
            let _ = stream.shutdown(Shutdown::Write);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = std::io::copy(&mut stream, &mut std::io::sink());
        });
        RawServer {
            port: accept_loop.port,
            _accept_loop: accept_loop,
        }
    }
}
