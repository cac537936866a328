//! A Kubernetes API fixture: answers the real API paths with real-shaped JSON
//! over plain HTTP, records every request, and writes a kubeconfig that points
//! at it. (No kube-apiserver can be installed here.)

use super::accept_loop::AcceptLoop;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

pub struct KubeApi {
    /// Every request seen, as "METHOD /path?query".
    pub requests: Arc<Mutex<Vec<String>>>,
    server: AcceptLoop,
}

/// A canned answer: status code and JSON body.
pub type Routes = HashMap<String, (u16, String)>;

impl KubeApi {
    /// Serves `/version` plus the given routes (path without query → answer).
    pub fn start(mut routes: Routes) -> KubeApi {
        routes.entry("/version".into()).or_insert((
            200,
            r#"{"major":"1","minor":"33","gitVersion":"v1.33.2","gitCommit":"fixture","gitTreeState":"clean","buildDate":"2026-01-01T00:00:00Z","goVersion":"go1.24","compiler":"gc","platform":"linux/amd64"}"#.into(),
        ));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let server = AcceptLoop::start(move |stream| serve(stream, &routes, &seen));
        KubeApi { requests, server }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.server.port)
    }

    /// A kubeconfig for this server with a bearer token, and the given namespace as default.
    pub fn kubeconfig(&self, token: &str, namespace: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: fixture\nclusters:\n- name: fixture\n  cluster:\n    server: {}\ncontexts:\n- name: fixture\n  context:\n    cluster: fixture\n    user: fixture-user\n    namespace: {namespace}\nusers:\n- name: fixture-user\n  user:\n    token: {token}\n",
            self.url()
        )
    }
}

fn serve(stream: TcpStream, routes: &Routes, requests: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        // Skip the headers; our clients send no request bodies (only GET).
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("").to_string();
        requests.lock().unwrap().push(format!("{method} {target}"));
        let path = target.split('?').next().unwrap_or("");
        let (status, body) = routes.get(path).cloned().unwrap_or_else(|| {
            (404, format!(r#"{{"kind":"Status","apiVersion":"v1","metadata":{{}},"status":"Failure","message":"the server could not find the requested resource ({path})","reason":"NotFound","code":404}}"#))
        });
        let response = format!(
            "HTTP/1.1 {status} Fixture\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// An empty pod list, as the API server returns it.
pub fn empty_pod_list() -> String {
    r#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}"#.into()
}
