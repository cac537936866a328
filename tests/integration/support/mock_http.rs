//! A fault-injecting HTTP/1.1 server: answers every request with one
//! configured [`Behaviour`] and records what it was asked. It exists for the
//! faults a real Prometheus cannot produce on demand: a 5xx with
//! `Retry-After`, a hung socket, a 100 MB body, a body cut short, an HTML
//! login page where JSON belongs.

use super::accept_loop::AcceptLoop;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the server answers every request.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// A complete response with `Content-Length`.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Read the request, never answer; the socket stays open until the server drops.
    Hang,
    /// 200 with `bytes` bytes streamed in chunks, announced in `Content-Length`
    /// or sent with chunked transfer encoding.
    Huge { bytes: usize, content_length: bool },
    /// 200 whose `Content-Length` promises more than is sent before the close.
    Truncated,
}

impl Behaviour {
    /// A response with a JSON body and no extra headers.
    pub fn json(status: u16, body: &str) -> Behaviour {
        Behaviour::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }
}

/// One request as received: when, and `METHOD /target`.
#[derive(Debug, Clone)]
pub struct Request {
    pub at: Instant,
    pub line: String,
}

pub struct MockHttp {
    pub port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    _server: AcceptLoop,
}

impl MockHttp {
    pub fn start(behaviour: Behaviour) -> MockHttp {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let server = {
            let (requests, stop) = (requests.clone(), stop.clone());
            AcceptLoop::start(move |stream| serve(stream, &behaviour, &requests, &stop))
        };
        MockHttp {
            port: server.port,
            requests,
            stop,
            _server: server,
        }
    }

    /// The base URL, as passed to `--prometheus`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for MockHttp {
    fn drop(&mut self) {
        // Releases hung connections; the accept loop stops when `_server` drops next.
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(
    stream: TcpStream,
    behaviour: &Behaviour,
    requests: &Mutex<Vec<Request>>,
    stop: &AtomicBool,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    // Keep-alive: one connection may carry the retry too.
    while let Some(line) = read_request(&mut reader) {
        requests.lock().unwrap().push(Request {
            at: Instant::now(),
            line,
        });
        let keep_going = match behaviour {
            Behaviour::Respond {
                status,
                headers,
                body,
            } => {
                let mut head = format!(
                    "HTTP/1.1 {status} Mock\r\nContent-Length: {}\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                stream.write_all(head.as_bytes()).is_ok() && stream.write_all(body).is_ok()
            }
            Behaviour::Hang => {
                while !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(50));
                }
                false
            }
            Behaviour::Huge {
                bytes,
                content_length,
            } => {
                let _ = stream_huge(&mut stream, *bytes, *content_length);
                false
            }
            Behaviour::Truncated => {
                let body = br#"{"status":"success","data":{"resultType":"vector","result":["#;
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len() + 1000
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body);
                let _ = stream.shutdown(std::net::Shutdown::Both);
                false
            }
        };
        if !keep_going {
            return;
        }
    }
}

/// Reads one request (line, headers, `Content-Length` bytes of body) and
/// returns `METHOD /target`, or `None` when the client closed the connection.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<String> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).ok()? == 0 {
        return None;
    }
    let mut body_length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                body_length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    // triage POSTs long queries as a form; the body must not be read as the next request.
    let mut body = vec![0; body_length];
    reader.read_exact(&mut body).ok()?;
    let mut parts = request_line.split_whitespace();
    Some(format!(
        "{} {}",
        parts.next().unwrap_or(""),
        parts.next().unwrap_or("")
    ))
}

fn stream_huge(stream: &mut TcpStream, bytes: usize, content_length: bool) -> std::io::Result<()> {
    let framing = if content_length {
        format!("Content-Length: {bytes}")
    } else {
        "Transfer-Encoding: chunked".to_string()
    };
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"
    )?;
    let chunk = vec![b' '; 64 * 1024];
    let mut left = bytes;
    while left > 0 {
        let piece = &chunk[..left.min(chunk.len())];
        if content_length {
            stream.write_all(piece)?;
        } else {
            write!(stream, "{:x}\r\n", piece.len())?;
            stream.write_all(piece)?;
            stream.write_all(b"\r\n")?;
        }
        left -= piece.len();
    }
    if !content_length {
        stream.write_all(b"0\r\n\r\n")?;
    }
    stream.flush()
}
