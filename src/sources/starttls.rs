//! STARTTLS preambles: the plaintext exchange that asks a server to upgrade an
//! already-connected stream to TLS. The caller runs the TLS handshake on the
//! same stream afterwards and bounds the whole thing with its own timeout.
//!
//! Nothing here reads past the end of the preamble: line protocols are read
//! one byte at a time and binary ones with exact reads, because any byte after
//! the server's go-ahead belongs to TLS. Everything the server sends is bounded,
//! so a hostile server cannot make us allocate without limit.

use crate::analyze::text::one_line;
use crate::config::file::StartTls;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Longest line a line protocol may send.
const MAX_LINE: usize = 4 * 1024;
/// Most bytes one reply (all its lines, or one binary packet) may take.
const MAX_REPLY: usize = 64 * 1024;
/// Longest quote of server text in an error message, in characters.
const MAX_QUOTE: usize = 200;
/// How long an error path waits for more of an unexpected answer to quote.
const SNIFF_WAIT: Duration = Duration::from_millis(200);
/// How many bytes of an unexpected answer an error path reads to quote.
const SNIFF_BYTES: usize = 120;

/// Every protocol, in the order error messages list them.
const ALL: [StartTls; 7] = [
    StartTls::Smtp,
    StartTls::Imap,
    StartTls::Pop3,
    StartTls::Ftp,
    StartTls::Ldap,
    StartTls::Postgres,
    StartTls::Mysql,
];

/// Runs the protocol's plaintext exchange until the server is ready for a TLS ClientHello.
pub async fn negotiate<S>(stream: &mut S, protocol: StartTls) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut conv = Conversation::new(stream, protocol);
    match protocol {
        StartTls::Smtp => smtp(&mut conv).await,
        StartTls::Imap => imap(&mut conv).await,
        StartTls::Pop3 => pop3(&mut conv).await,
        StartTls::Ftp => ftp(&mut conv).await,
        StartTls::Ldap => ldap(&mut conv).await,
        StartTls::Postgres => postgres(&mut conv).await,
        StartTls::Mysql => mysql(&mut conv).await,
    }
}

/// The STARTTLS protocol conventionally spoken on a well-known port (25, 587 → smtp; 143 → imap; 110 → pop3; 21 → ftp; 389 → ldap; 5432 → postgres; 3306 → mysql). 465/993/995/636 are implicit TLS → None.
pub fn for_port(port: u16) -> Option<StartTls> {
    match port {
        25 | 587 => Some(StartTls::Smtp),
        143 => Some(StartTls::Imap),
        110 => Some(StartTls::Pop3),
        21 => Some(StartTls::Ftp),
        389 => Some(StartTls::Ldap),
        5432 => Some(StartTls::Postgres),
        3306 => Some(StartTls::Mysql),
        _ => None,
    }
}

/// Parses a protocol name as typed on the command line ("smtp", … case-insensitive); error lists the valid names.
pub fn parse(name_text: &str) -> Result<StartTls, String> {
    let wanted = name_text.trim();
    ALL.into_iter()
        .find(|protocol| name(*protocol).eq_ignore_ascii_case(wanted))
        .ok_or_else(|| {
            let names: Vec<&str> = ALL.into_iter().map(name).collect();
            format!(
                "unknown STARTTLS protocol {} (expected one of: {})",
                quote(wanted),
                names.join(", ")
            )
        })
}

/// The lowercase name ("smtp", …).
pub fn name(protocol: StartTls) -> &'static str {
    match protocol {
        StartTls::Smtp => "smtp",
        StartTls::Imap => "imap",
        StartTls::Pop3 => "pop3",
        StartTls::Ftp => "ftp",
        StartTls::Ldap => "ldap",
        StartTls::Postgres => "postgres",
        StartTls::Mysql => "mysql",
    }
}

/// How error messages name the protocol.
fn label(protocol: StartTls) -> &'static str {
    match protocol {
        StartTls::Smtp => "SMTP",
        StartTls::Imap => "IMAP",
        StartTls::Pop3 => "POP3",
        StartTls::Ftp => "FTP",
        StartTls::Ldap => "LDAP",
        StartTls::Postgres => "PostgreSQL",
        StartTls::Mysql => "MySQL",
    }
}

/// How error messages name the whole exchange.
fn exchange(protocol: StartTls) -> &'static str {
    match protocol {
        StartTls::Smtp => "SMTP STARTTLS",
        StartTls::Imap => "IMAP STARTTLS",
        StartTls::Pop3 => "POP3 STLS",
        StartTls::Ftp => "FTP AUTH TLS",
        StartTls::Ldap => "LDAP StartTLS",
        StartTls::Postgres => "PostgreSQL SSLRequest",
        StartTls::Mysql => "MySQL SSL request",
    }
}

/// Server text on one line, without control characters, capped, in quotes.
fn quote(text: &str) -> String {
    let flat = one_line(text);
    if flat.chars().count() > MAX_QUOTE {
        let cut: String = flat.chars().take(MAX_QUOTE).collect();
        format!("'{cut}…'")
    } else {
        format!("'{flat}'")
    }
}

/// Unexpected bytes from the server, for an error message: a TLS record is
/// named as such (the port probably speaks implicit TLS), anything else quoted.
fn describe(bytes: &[u8]) -> String {
    match bytes.first() {
        Some(0x15 | 0x16) => "a TLS record (does this port use implicit TLS?)".to_string(),
        _ => quote(&String::from_utf8_lossy(bytes)),
    }
}

/// Whether an I/O error just means the server hung up.
fn closed_by_peer(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{
        BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof, WriteZero,
    };
    matches!(
        error.kind(),
        UnexpectedEof | BrokenPipe | ConnectionReset | ConnectionAborted | WriteZero
    )
}

/// One STARTTLS exchange on a stream: reads without buffering ahead and
/// counts what the server sent in answer to the last thing we said.
struct Conversation<'a, S> {
    stream: &'a mut S,
    protocol: StartTls,
    /// Bytes read since the last command (or since the start, for greetings).
    reply_bytes: usize,
}

impl<'a, S> Conversation<'a, S>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    fn new(stream: &'a mut S, protocol: StartTls) -> Self {
        Conversation {
            stream,
            protocol,
            reply_bytes: 0,
        }
    }

    fn label(&self) -> &'static str {
        label(self.protocol)
    }

    fn closed(&self) -> String {
        format!(
            "the server closed the connection during the {} exchange",
            exchange(self.protocol)
        )
    }

    fn closed_after(&self, partial: &[u8]) -> String {
        if partial.is_empty() {
            self.closed()
        } else {
            format!("{} after sending {}", self.closed(), describe(partial))
        }
    }

    fn oversized(&self, what: &str) -> String {
        format!(
            "the {} server sent an oversized reply ({what})",
            self.label()
        )
    }

    fn read_failed(&self, error: &std::io::Error) -> String {
        if closed_by_peer(error) {
            self.closed()
        } else {
            format!(
                "reading the {} server's reply failed: {}",
                self.label(),
                one_line(&error.to_string())
            )
        }
    }

    /// Sends a command and starts counting the reply to it afresh.
    async fn send(&mut self, bytes: &[u8], what: &str) -> Result<(), String> {
        self.reply_bytes = 0;
        let written = async {
            self.stream.write_all(bytes).await?;
            self.stream.flush().await
        }
        .await;
        written.map_err(|error| {
            if closed_by_peer(&error) {
                return self.closed();
            }
            format!(
                "sending {what} to the {} server failed: {}",
                self.label(),
                one_line(&error.to_string())
            )
        })
    }

    /// Counts `count` more bytes against the reply budget.
    fn charge(&mut self, count: usize) -> Result<(), String> {
        self.reply_bytes = self.reply_bytes.saturating_add(count);
        if self.reply_bytes > MAX_REPLY {
            return Err(self.oversized(&format!("over {MAX_REPLY} bytes")));
        }
        Ok(())
    }

    /// Reads one byte; `None` at end of stream.
    async fn byte(&mut self) -> Result<Option<u8>, String> {
        let mut one = [0u8; 1];
        match self.stream.read(&mut one).await {
            Ok(0) => Ok(None),
            Ok(_) => {
                self.charge(1)?;
                Ok(Some(one[0]))
            }
            Err(error) => Err(self.read_failed(&error)),
        }
    }

    /// Reads one line up to and including its `\n`, never a byte further,
    /// and returns it without the line ending.
    async fn line(&mut self) -> Result<String, String> {
        let mut line = Vec::new();
        loop {
            let Some(byte) = self.byte().await? else {
                return Err(self.closed_after(&line));
            };
            if line.is_empty() && matches!(byte, 0x15 | 0x16) {
                return Err(format!(
                    "the server answered with a TLS record instead of {} (does this port use implicit TLS?)",
                    self.label()
                ));
            }
            if byte == b'\n' {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(String::from_utf8_lossy(&line).into_owned());
            }
            if line.len() >= MAX_LINE {
                return Err(self.oversized(&format!("a line over {MAX_LINE} bytes")));
            }
            line.push(byte);
        }
    }

    /// Reads exactly `buf.len()` bytes.
    async fn exact(&mut self, buf: &mut [u8]) -> Result<(), String> {
        self.charge(buf.len())?;
        self.stream
            .read_exact(buf)
            .await
            .map(|_| ())
            .map_err(|error| self.read_failed(&error))
    }

    /// After an unexpected start of an answer, reads a little more of it (not
    /// waiting long) so the error can quote what the server said.
    async fn sniff(&mut self, mut have: Vec<u8>) -> Vec<u8> {
        let more = async {
            let mut chunk = [0u8; SNIFF_BYTES];
            while have.len() < SNIFF_BYTES {
                let room = SNIFF_BYTES - have.len();
                match self.stream.read(&mut chunk[..room]).await {
                    Ok(0) | Err(_) => break,
                    Ok(count) => have.extend_from_slice(&chunk[..count]),
                }
            }
        };
        let _ = tokio::time::timeout(SNIFF_WAIT, more).await;
        have
    }
}

/// An SMTP or FTP reply: its three-digit code and its lines as sent.
struct Reply {
    code: u16,
    lines: Vec<String>,
}

impl Reply {
    fn text(&self) -> String {
        quote(&self.lines.join(" "))
    }
}

/// The reply code starting a line, and whether the line continues the reply
/// (`-` after the code) or ends it (space or nothing after the code).
fn reply_code(line: &str) -> Option<(u16, bool)> {
    let bytes = line.as_bytes();
    let digits = bytes.get(..3)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let code = digits
        .iter()
        .fold(0u16, |code, digit| code * 10 + u16::from(digit - b'0'));
    match bytes.get(3) {
        None | Some(b' ') => Some((code, false)),
        Some(b'-') => Some((code, true)),
        _ => None,
    }
}

/// Reads one SMTP- or FTP-style reply (`250-…` continues, `250 …` ends).
/// SMTP puts the code on every line; FTP (RFC 959) lets the lines between the
/// first and the last say anything. `expected` names what we wait for, for
/// the error when the server answers something else.
async fn read_reply<S>(
    conv: &mut Conversation<'_, S>,
    expected: &str,
    code_on_every_line: bool,
) -> Result<Reply, String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let first = conv.line().await?;
    let Some((code, mut more)) = reply_code(&first) else {
        return Err(format!("expected {expected}, got {}", quote(&first)));
    };
    let mut lines = vec![first];
    while more {
        let line = conv.line().await?;
        match reply_code(&line) {
            Some((same, continues)) if same == code => more = continues,
            _ if !code_on_every_line => {}
            _ => {
                lines.push(line);
                let got = quote(&lines.join(" "));
                return Err(format!("expected {expected}, got {got}"));
            }
        }
        lines.push(line);
    }
    Ok(Reply { code, lines })
}

async fn smtp<S>(conv: &mut Conversation<'_, S>) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let greeting = read_reply(conv, "an SMTP 220 greeting", true).await?;
    if greeting.code != 220 {
        return Err(format!(
            "expected an SMTP 220 greeting, got {}",
            greeting.text()
        ));
    }
    conv.send(b"EHLO triage\r\n", "EHLO").await?;
    let ehlo = read_reply(conv, "an SMTP 250 reply to EHLO", true).await?;
    if ehlo.code != 250 {
        return Err(format!("the SMTP server refused EHLO: {}", ehlo.text()));
    }
    // The first line greets; each further line names one extension.
    let offers_starttls = ehlo.lines.iter().skip(1).any(|line| {
        line.get(4..)
            .and_then(|keywords| keywords.split_whitespace().next())
            .is_some_and(|keyword| keyword.eq_ignore_ascii_case("STARTTLS"))
    });
    if !offers_starttls {
        return Err(
            "the SMTP server does not offer STARTTLS (not listed in its EHLO reply)".into(),
        );
    }
    conv.send(b"STARTTLS\r\n", "STARTTLS").await?;
    let go = read_reply(conv, "an SMTP 220 reply to STARTTLS", true).await?;
    if go.code != 220 {
        return Err(format!("the SMTP server refused STARTTLS: {}", go.text()));
    }
    Ok(())
}

/// Whether `line` starts with `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(line: &str, prefix: &str) -> bool {
    line.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

async fn imap<S>(conv: &mut Conversation<'_, S>) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let greeting = conv.line().await?;
    if starts_with_ignore_case(&greeting, "* BYE") {
        return Err(format!(
            "the IMAP server refused the connection: {}",
            quote(&greeting)
        ));
    }
    if !starts_with_ignore_case(&greeting, "* OK")
        && !starts_with_ignore_case(&greeting, "* PREAUTH")
    {
        return Err(format!(
            "expected an IMAP '* OK' greeting, got {}",
            quote(&greeting)
        ));
    }
    conv.send(b"a1 STARTTLS\r\n", "STARTTLS").await?;
    loop {
        let line = conv.line().await?;
        if starts_with_ignore_case(&line, "a1 ") {
            if starts_with_ignore_case(&line, "a1 OK") {
                return Ok(());
            }
            return Err(format!(
                "the IMAP server refused STARTTLS: {}",
                quote(&line)
            ));
        }
        if !line.starts_with("* ") {
            return Err(format!(
                "expected an IMAP reply to STARTTLS, got {}",
                quote(&line)
            ));
        }
    }
}

async fn pop3<S>(conv: &mut Conversation<'_, S>) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let greeting = conv.line().await?;
    if starts_with_ignore_case(&greeting, "-ERR") {
        return Err(format!(
            "the POP3 server refused the connection: {}",
            quote(&greeting)
        ));
    }
    if !starts_with_ignore_case(&greeting, "+OK") {
        return Err(format!(
            "expected a POP3 +OK greeting, got {}",
            quote(&greeting)
        ));
    }
    conv.send(b"STLS\r\n", "STLS").await?;
    let answer = conv.line().await?;
    if starts_with_ignore_case(&answer, "+OK") {
        Ok(())
    } else if starts_with_ignore_case(&answer, "-ERR") {
        Err(format!("the POP3 server refused STLS: {}", quote(&answer)))
    } else {
        Err(format!(
            "expected a POP3 +OK reply to STLS, got {}",
            quote(&answer)
        ))
    }
}

async fn ftp<S>(conv: &mut Conversation<'_, S>) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut greeting = read_reply(conv, "an FTP 220 greeting", false).await?;
    // "120 Service ready in nnn minutes" comes before the real greeting.
    while (100..200).contains(&greeting.code) {
        greeting = read_reply(conv, "an FTP 220 greeting", false).await?;
    }
    if greeting.code != 220 {
        return Err(format!(
            "expected an FTP 220 greeting, got {}",
            greeting.text()
        ));
    }
    conv.send(b"AUTH TLS\r\n", "AUTH TLS").await?;
    let answer = read_reply(conv, "an FTP 234 reply to AUTH TLS", false).await?;
    if answer.code != 234 {
        return Err(format!(
            "the FTP server refused AUTH TLS: {}",
            answer.text()
        ));
    }
    Ok(())
}

/// The StartTLS extended operation's name (RFC 4511 §4.14.1).
const LDAP_STARTTLS_OID: &[u8] = b"1.3.6.1.4.1.1466.20037";

/// `LDAPMessage { messageID 1, ExtendedRequest { requestName [0] StartTLS } }`.
fn ldap_starttls_request() -> Vec<u8> {
    // Every length here is under 128, so short-form lengths suffice.
    let mut name = vec![0x80, LDAP_STARTTLS_OID.len() as u8];
    name.extend_from_slice(LDAP_STARTTLS_OID);
    let mut op = vec![0x77, name.len() as u8];
    op.extend_from_slice(&name);
    let mut body = vec![0x02, 0x01, 0x01];
    body.extend_from_slice(&op);
    let mut message = vec![0x30, body.len() as u8];
    message.extend_from_slice(&body);
    message
}

/// One BER element inside a buffer already read: its tag and its contents.
struct Element<'b> {
    tag: u8,
    contents: &'b [u8],
}

/// A BER length (short or long form) at the start of `bytes`: the length
/// and how many bytes encoded it. LDAP forbids the indefinite form.
fn ber_length(bytes: &[u8]) -> Result<(usize, usize), String> {
    let first = *bytes.first().ok_or("a length is cut off")?;
    if first < 0x80 {
        return Ok((usize::from(first), 1));
    }
    let count = usize::from(first & 0x7f);
    if count == 0 {
        return Err("an indefinite length, which LDAP forbids".into());
    }
    if count > 4 {
        return Err(format!("a {count}-byte length"));
    }
    let digits = bytes.get(1..1 + count).ok_or("a length is cut off")?;
    let length = digits
        .iter()
        .fold(0usize, |length, digit| (length << 8) | usize::from(*digit));
    Ok((length, 1 + count))
}

/// Splits the BER element at the start of `bytes` from what follows it.
fn ber_element(bytes: &[u8]) -> Result<(Element<'_>, &[u8]), String> {
    let tag = *bytes.first().ok_or("an element is missing")?;
    if tag & 0x1f == 0x1f {
        return Err(format!("a multi-byte tag 0x{tag:02x}"));
    }
    let (length, length_size) = ber_length(&bytes[1..])?;
    let start = 1 + length_size;
    let end = start
        .checked_add(length)
        .filter(|end| *end <= bytes.len())
        .ok_or_else(|| format!("element 0x{tag:02x} is cut off"))?;
    let element = Element {
        tag,
        contents: &bytes[start..end],
    };
    Ok((element, &bytes[end..]))
}

/// The names of the LDAP result codes a StartTLS request is likely to get.
fn ldap_result_name(code: i64) -> Option<&'static str> {
    Some(match code {
        1 => "operationsError",
        2 => "protocolError",
        3 => "timeLimitExceeded",
        7 => "authMethodNotSupported",
        8 => "strongerAuthRequired",
        11 => "adminLimitExceeded",
        12 => "unavailableCriticalExtension",
        13 => "confidentialityRequired",
        50 => "insufficientAccessRights",
        51 => "busy",
        52 => "unavailable",
        53 => "unwillingToPerform",
        80 => "other",
        _ => return None,
    })
}

/// The resultCode and diagnosticMessage of an LDAPMessage holding an ExtendedResponse.
fn ldap_extended_result(message: &[u8]) -> Result<(i64, String), String> {
    let (message_id, rest) = ber_element(message)?;
    if message_id.tag != 0x02 {
        return Err(format!(
            "expected a messageID INTEGER, got tag 0x{:02x}",
            message_id.tag
        ));
    }
    let (op, _controls) = ber_element(rest)?;
    if op.tag != 0x78 {
        return Err(format!(
            "expected an ExtendedResponse (tag 0x78), got tag 0x{:02x}",
            op.tag
        ));
    }
    let (result, rest) = ber_element(op.contents)?;
    if result.tag != 0x0a || result.contents.is_empty() || result.contents.len() > 4 {
        return Err("the ExtendedResponse has no valid resultCode".into());
    }
    let sign = if result.contents[0] & 0x80 != 0 {
        -1
    } else {
        0
    };
    let code = result
        .contents
        .iter()
        .fold(sign, |code: i64, byte| (code << 8) | i64::from(*byte));
    // matchedDN, then diagnosticMessage; a missing message is no error.
    let diagnostic = ber_element(rest)
        .and_then(|(_matched_dn, rest)| ber_element(rest))
        .ok()
        .filter(|(element, _)| element.tag == 0x04)
        .map(|(element, _)| String::from_utf8_lossy(element.contents).into_owned())
        .unwrap_or_default();
    Ok((code, diagnostic))
}

async fn ldap<S>(conv: &mut Conversation<'_, S>) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    conv.send(&ldap_starttls_request(), "the StartTLS request")
        .await?;
    let mut tag = [0u8; 1];
    conv.exact(&mut tag).await?;
    if tag[0] != 0x30 {
        let got = conv.sniff(tag.to_vec()).await;
        return Err(format!(
            "expected an LDAP response to StartTLS, got {}",
            describe(&got)
        ));
    }
    // The length: one byte, or 0x8N and N more bytes. Read exactly those.
    let mut header = vec![0u8; 1];
    conv.exact(&mut header).await?;
    // Anything else (indefinite, over four bytes) is refused by `ber_length`.
    let extra = if (0x81..=0x84).contains(&header[0]) {
        usize::from(header[0] & 0x7f)
    } else {
        0
    };
    header.resize(1 + extra, 0);
    conv.exact(&mut header[1..]).await?;
    let (length, _) = ber_length(&header)
        .map_err(|problem| format!("the LDAP server sent a malformed response ({problem})"))?;
    if length > MAX_REPLY {
        return Err(conv.oversized(&format!("an LDAP message of {length} bytes")));
    }
    let mut message = vec![0u8; length];
    conv.exact(&mut message).await?;
    let (code, diagnostic) = ldap_extended_result(&message)
        .map_err(|problem| format!("the LDAP server sent a malformed response ({problem})"))?;
    if code == 0 {
        return Ok(());
    }
    let mut error = format!("the LDAP server refused StartTLS: resultCode {code}");
    if let Some(name) = ldap_result_name(code) {
        error.push_str(&format!(" ({name})"));
    }
    if !one_line(&diagnostic).is_empty() {
        error.push_str(&format!(": {}", quote(&diagnostic)));
    }
    Err(error)
}

/// PostgreSQL's SSLRequest: length 8, code 80877103.
const POSTGRES_SSL_REQUEST: [u8; 8] = [0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f];

async fn postgres<S>(conv: &mut Conversation<'_, S>) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    conv.send(&POSTGRES_SSL_REQUEST, "the SSLRequest").await?;
    let mut answer = [0u8; 1];
    conv.exact(&mut answer).await?;
    match answer[0] {
        b'S' => Ok(()),
        b'N' => Err("the PostgreSQL server does not accept SSL (ssl = off)".into()),
        _ => {
            let got = conv.sniff(answer.to_vec()).await;
            Err(format!(
                "not a PostgreSQL server: it answered the SSLRequest with {}",
                describe(&got)
            ))
        }
    }
}

/// MySQL capability flags.
const CLIENT_LONG_PASSWORD: u32 = 0x0001;
const CLIENT_PROTOCOL_41: u32 = 0x0200;
const CLIENT_SSL: u32 = 0x0800;
const CLIENT_SECURE_CONNECTION: u32 = 0x8000;

/// The SSLRequest packet: header (length 32, sequence id 1) and payload.
fn mysql_ssl_request() -> Vec<u8> {
    let flags = CLIENT_SSL | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_LONG_PASSWORD;
    let mut packet = vec![32, 0, 0, 1];
    packet.extend_from_slice(&flags.to_le_bytes());
    packet.extend_from_slice(&(16u32 * 1024 * 1024).to_le_bytes());
    packet.push(45);
    packet.extend_from_slice(&[0u8; 23]);
    packet
}

/// The message of a MySQL error packet (payload starting 0xff).
fn mysql_error(payload: &[u8]) -> String {
    let code = match payload.get(1..3) {
        Some(&[low, high]) => u16::from_le_bytes([low, high]),
        _ => return "the MySQL server sent an empty error packet".into(),
    };
    let mut message = &payload[3..];
    // With protocol 4.1 a '#' and a five-character SQLSTATE come first.
    if message.first() == Some(&b'#') && message.len() >= 6 {
        message = &message[6..];
    }
    format!(
        "the MySQL server refused the connection: error {code}: {}",
        quote(&String::from_utf8_lossy(message))
    )
}

async fn mysql<S>(conv: &mut Conversation<'_, S>) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut header = [0u8; 4];
    conv.exact(&mut header).await?;
    let length = u32::from_le_bytes([header[0], header[1], header[2], 0]) as usize;
    if header[3] != 0 || length == 0 {
        let got = conv.sniff(header.to_vec()).await;
        return Err(format!(
            "expected a MySQL handshake packet, got {}",
            describe(&got)
        ));
    }
    if length > MAX_REPLY {
        return Err(conv.oversized(&format!("a packet of {length} bytes")));
    }
    let mut payload = vec![0u8; length];
    conv.exact(&mut payload).await?;
    match payload[0] {
        0xff => return Err(mysql_error(&payload)),
        10 => {}
        version => {
            return Err(format!(
                "expected a MySQL protocol 10 handshake, got protocol version {version}"
            ));
        }
    }
    let truncated = || "the MySQL server sent a truncated handshake packet".to_string();
    let version_end = payload[1..]
        .iter()
        .position(|byte| *byte == 0)
        .map(|end| 1 + end)
        .ok_or_else(truncated)?;
    let server_version = String::from_utf8_lossy(&payload[1..version_end]).into_owned();
    // Thread id (4), auth data (8), filler (1), then the lower capability flags.
    let flags_at = version_end + 1 + 4 + 8 + 1;
    let capabilities = match payload.get(flags_at..flags_at + 2) {
        Some(&[low, high]) => u32::from(u16::from_le_bytes([low, high])),
        _ => return Err(truncated()),
    };
    if capabilities & CLIENT_SSL == 0 {
        return Err(format!(
            "the MySQL server does not support SSL (server version {})",
            quote(&server_version)
        ));
    }
    conv.send(&mysql_ssl_request(), "the SSLRequest").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::DuplexStream;

    /// What the scripted server does next.
    enum Step {
        /// Writes these bytes.
        Write(Vec<u8>),
        /// Reads exactly these bytes from the client and checks them.
        Read(Vec<u8>),
    }

    fn send(bytes: impl AsRef<[u8]>) -> Step {
        Step::Write(bytes.as_ref().to_vec())
    }

    fn expect(bytes: impl AsRef<[u8]>) -> Step {
        Step::Read(bytes.as_ref().to_vec())
    }

    /// The first bytes of a TLS ServerHello-like record, sent with the go-ahead.
    const TLS: &[u8] = b"\x16\x03\x01";

    async fn serve(mut server: DuplexStream, script: Vec<Step>) {
        for step in script {
            match step {
                Step::Write(bytes) => {
                    if server.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
                Step::Read(wanted) => {
                    let mut got = vec![0u8; wanted.len()];
                    if server.read_exact(&mut got).await.is_err() {
                        return;
                    }
                    assert_eq!(
                        String::from_utf8_lossy(&got),
                        String::from_utf8_lossy(&wanted),
                        "the client sent something else"
                    );
                }
            }
        }
        // Dropping the server end closes the stream.
    }

    /// Runs `negotiate` against the script; returns its result and, on
    /// success, every byte left unread in the stream after it returned.
    async fn converse(protocol: StartTls, script: Vec<Step>) -> (Result<(), String>, Vec<u8>) {
        let run = async {
            let (mut client, server) = tokio::io::duplex(1 << 20);
            let task = tokio::spawn(serve(server, script));
            let result = negotiate(&mut client, protocol).await;
            let mut rest = Vec::new();
            if result.is_ok() {
                client
                    .read_to_end(&mut rest)
                    .await
                    .expect("reading the rest");
            }
            drop(client);
            task.await.expect("the scripted server failed");
            (result, rest)
        };
        tokio::time::timeout(Duration::from_secs(10), run)
            .await
            .expect("the conversation hung")
    }

    async fn succeeds(protocol: StartTls, script: Vec<Step>) {
        let (result, rest) = converse(protocol, script).await;
        assert_eq!(result, Ok(()));
        assert_eq!(rest, TLS, "negotiate read past the preamble");
    }

    async fn fails(protocol: StartTls, script: Vec<Step>) -> String {
        let (result, _) = converse(protocol, script).await;
        let error = result.expect_err("negotiate should fail");
        assert!(!error.contains('\n'), "error spans lines: {error}");
        assert!(error.chars().count() < 400, "error too long: {error}");
        error
    }

    fn with_tls(bytes: &[u8]) -> Vec<u8> {
        [bytes, TLS].concat()
    }

    const HTTP: &[u8] = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

    // ---- SMTP ----

    #[tokio::test]
    async fn smtp_upgrades() {
        succeeds(
            StartTls::Smtp,
            vec![
                send("220-mail.example.com ESMTP\r\n220 welcome\r\n"),
                expect("EHLO triage\r\n"),
                send(
                    "250-mail.example.com hello\r\n250-PIPELINING\r\n250-starttls\r\n250 8BITMIME\r\n",
                ),
                expect("STARTTLS\r\n"),
                send(with_tls(b"220 2.0.0 Ready to start TLS\r\n")),
            ],
        )
        .await;
    }

    #[tokio::test]
    async fn smtp_without_starttls_is_refused() {
        let error = fails(
            StartTls::Smtp,
            vec![
                send("220 mail.example.com ESMTP\r\n"),
                expect("EHLO triage\r\n"),
                // STARTTLS only as a word inside other lines does not count.
                send("250-mail.example.com STARTTLS\r\n250-X-NOSTARTTLS\r\n250 SIZE 1000\r\n"),
            ],
        )
        .await;
        assert!(error.contains("does not offer STARTTLS"), "{error}");
    }

    #[tokio::test]
    async fn smtp_starttls_refusal_quotes_the_server() {
        let error = fails(
            StartTls::Smtp,
            vec![
                send("220 mail.example.com ESMTP\r\n"),
                expect("EHLO triage\r\n"),
                send("250-mail.example.com\r\n250 STARTTLS\r\n"),
                expect("STARTTLS\r\n"),
                send("454 4.7.0 TLS not available\r\n"),
            ],
        )
        .await;
        assert_eq!(
            error,
            "the SMTP server refused STARTTLS: '454 4.7.0 TLS not available'"
        );
    }

    #[tokio::test]
    async fn smtp_eof_mid_preamble() {
        let error = fails(
            StartTls::Smtp,
            vec![
                send("220 mail.example.com ESMTP\r\n"),
                expect("EHLO triage\r\n"),
            ],
        )
        .await;
        assert_eq!(
            error,
            "the server closed the connection during the SMTP STARTTLS exchange"
        );
        let error = fails(StartTls::Smtp, vec![send("220-partial")]).await;
        assert_eq!(
            error,
            "the server closed the connection during the SMTP STARTTLS exchange after sending '220-partial'"
        );
    }

    #[tokio::test]
    async fn smtp_oversized_line() {
        let error = fails(StartTls::Smtp, vec![send(vec![b'a'; MAX_LINE + 100])]).await;
        assert!(
            error.contains("SMTP server sent an oversized reply"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn smtp_oversized_reply() {
        let line = format!("220-{}\r\n", "x".repeat(1000));
        let error = fails(StartTls::Smtp, vec![send(line.repeat(70))]).await;
        assert!(
            error.contains("SMTP server sent an oversized reply"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn smtp_plain_http_reply() {
        let error = fails(StartTls::Smtp, vec![send(HTTP)]).await;
        assert_eq!(
            error,
            "expected an SMTP 220 greeting, got 'HTTP/1.1 400 Bad Request'"
        );
    }

    #[tokio::test]
    async fn smtp_tls_answer_is_named() {
        let error = fails(StartTls::Smtp, vec![send(b"\x15\x03\x01\x00\x02\x02\x32")]).await;
        assert_eq!(
            error,
            "the server answered with a TLS record instead of SMTP (does this port use implicit TLS?)"
        );
    }

    #[tokio::test]
    async fn smtp_wrong_greeting_code() {
        let error = fails(StartTls::Smtp, vec![send("554 5.3.2 no service\r\n")]).await;
        assert_eq!(
            error,
            "expected an SMTP 220 greeting, got '554 5.3.2 no service'"
        );
    }

    // ---- IMAP ----

    #[tokio::test]
    async fn imap_upgrades() {
        succeeds(
            StartTls::Imap,
            vec![
                send("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n"),
                expect("a1 STARTTLS\r\n"),
                send(with_tls(
                    b"* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK Begin TLS negotiation now\r\n",
                )),
            ],
        )
        .await;
    }

    #[tokio::test]
    async fn imap_preauth_is_accepted() {
        succeeds(
            StartTls::Imap,
            vec![
                send("* PREAUTH ready\r\n"),
                expect("a1 STARTTLS\r\n"),
                send(with_tls(b"a1 OK go\r\n")),
            ],
        )
        .await;
    }

    #[tokio::test]
    async fn imap_no_is_refused() {
        let error = fails(
            StartTls::Imap,
            vec![
                send("* OK ready\r\n"),
                expect("a1 STARTTLS\r\n"),
                send("a1 NO STARTTLS disabled\r\n"),
            ],
        )
        .await;
        assert_eq!(
            error,
            "the IMAP server refused STARTTLS: 'a1 NO STARTTLS disabled'"
        );
    }

    #[tokio::test]
    async fn imap_bye_is_refusal() {
        let error = fails(StartTls::Imap, vec![send("* BYE too many connections\r\n")]).await;
        assert!(error.contains("refused the connection"), "{error}");
    }

    #[tokio::test]
    async fn imap_eof_mid_preamble() {
        let error = fails(
            StartTls::Imap,
            vec![
                send("* OK ready\r\n"),
                expect("a1 STARTTLS\r\n"),
                send("* OK still\r\n"),
            ],
        )
        .await;
        assert_eq!(
            error,
            "the server closed the connection during the IMAP STARTTLS exchange"
        );
    }

    #[tokio::test]
    async fn imap_oversized_line_and_reply() {
        let error = fails(StartTls::Imap, vec![send(vec![b'*'; MAX_LINE + 1])]).await;
        assert!(
            error.contains("IMAP server sent an oversized reply"),
            "{error}"
        );
        let untagged = format!("* {}\r\n", "x".repeat(1000)).repeat(70);
        let error = fails(
            StartTls::Imap,
            vec![
                send("* OK ready\r\n"),
                expect("a1 STARTTLS\r\n"),
                send(untagged),
            ],
        )
        .await;
        assert!(
            error.contains("IMAP server sent an oversized reply"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn imap_plain_http_reply() {
        let error = fails(StartTls::Imap, vec![send(HTTP)]).await;
        assert_eq!(
            error,
            "expected an IMAP '* OK' greeting, got 'HTTP/1.1 400 Bad Request'"
        );
    }

    // ---- POP3 ----

    #[tokio::test]
    async fn pop3_upgrades() {
        succeeds(
            StartTls::Pop3,
            vec![
                send("+OK POP3 ready\r\n"),
                expect("STLS\r\n"),
                send(with_tls(b"+OK Begin TLS\r\n")),
            ],
        )
        .await;
    }

    #[tokio::test]
    async fn pop3_err_is_refused() {
        let error = fails(
            StartTls::Pop3,
            vec![
                send("+OK ready\r\n"),
                expect("STLS\r\n"),
                send("-ERR not supported\r\n"),
            ],
        )
        .await;
        assert_eq!(error, "the POP3 server refused STLS: '-ERR not supported'");
    }

    #[tokio::test]
    async fn pop3_eof_oversized_and_http() {
        let error = fails(StartTls::Pop3, vec![send("+OK ready\r\n")]).await;
        assert_eq!(
            error,
            "the server closed the connection during the POP3 STLS exchange"
        );
        let error = fails(StartTls::Pop3, vec![send(vec![b'+'; MAX_LINE + 1])]).await;
        assert!(
            error.contains("POP3 server sent an oversized reply"),
            "{error}"
        );
        let error = fails(StartTls::Pop3, vec![send(HTTP)]).await;
        assert_eq!(
            error,
            "expected a POP3 +OK greeting, got 'HTTP/1.1 400 Bad Request'"
        );
    }

    // ---- FTP ----

    #[tokio::test]
    async fn ftp_upgrades() {
        succeeds(
            StartTls::Ftp,
            vec![
                send("220-Welcome\r\n free text between\r\n220 ready\r\n"),
                expect("AUTH TLS\r\n"),
                send(with_tls(b"234 AUTH TLS successful\r\n")),
            ],
        )
        .await;
    }

    #[tokio::test]
    async fn ftp_500_is_refused() {
        let error = fails(
            StartTls::Ftp,
            vec![
                send("220 ready\r\n"),
                expect("AUTH TLS\r\n"),
                send("500 AUTH not understood\r\n"),
            ],
        )
        .await;
        assert_eq!(
            error,
            "the FTP server refused AUTH TLS: '500 AUTH not understood'"
        );
    }

    #[tokio::test]
    async fn ftp_eof_oversized_and_http() {
        let error = fails(StartTls::Ftp, vec![send("220-still going\r\n")]).await;
        assert_eq!(
            error,
            "the server closed the connection during the FTP AUTH TLS exchange"
        );
        let error = fails(StartTls::Ftp, vec![send(vec![b'2'; MAX_LINE + 1])]).await;
        assert!(
            error.contains("FTP server sent an oversized reply"),
            "{error}"
        );
        let error = fails(StartTls::Ftp, vec![send(HTTP)]).await;
        assert_eq!(
            error,
            "expected an FTP 220 greeting, got 'HTTP/1.1 400 Bad Request'"
        );
    }

    // ---- LDAP ----

    /// An LDAPMessage (messageID 1) with an ExtendedResponse, the outer
    /// length in long form to exercise it.
    fn ldap_response(code: u8, diagnostic: &str) -> Vec<u8> {
        let mut op = vec![0x0a, 0x01, code, 0x04, 0x00, 0x04, diagnostic.len() as u8];
        op.extend_from_slice(diagnostic.as_bytes());
        let mut body = vec![0x02, 0x01, 0x01, 0x78, op.len() as u8];
        body.extend_from_slice(&op);
        let mut message = vec![0x30, 0x82, 0x00, body.len() as u8];
        message.extend_from_slice(&body);
        message
    }

    #[test]
    fn ldap_request_encoding() {
        let mut wanted = vec![0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16];
        wanted.extend_from_slice(b"1.3.6.1.4.1.1466.20037");
        assert_eq!(ldap_starttls_request(), wanted);
    }

    #[tokio::test]
    async fn ldap_upgrades() {
        succeeds(
            StartTls::Ldap,
            vec![
                expect(ldap_starttls_request()),
                send(with_tls(&ldap_response(0, ""))),
            ],
        )
        .await;
    }

    #[tokio::test]
    async fn ldap_short_form_response_upgrades() {
        let mut response = ldap_response(0, "");
        // Re-encode the outer length in short form.
        let length = response[3];
        response.splice(1..4, [length]);
        succeeds(
            StartTls::Ldap,
            vec![expect(ldap_starttls_request()), send(with_tls(&response))],
        )
        .await;
    }

    #[tokio::test]
    async fn ldap_protocol_error_is_refused() {
        let error = fails(
            StartTls::Ldap,
            vec![
                expect(ldap_starttls_request()),
                send(ldap_response(2, "unsupported extended operation")),
            ],
        )
        .await;
        assert_eq!(
            error,
            "the LDAP server refused StartTLS: resultCode 2 (protocolError): 'unsupported extended operation'"
        );
    }

    #[tokio::test]
    async fn ldap_eof_oversized_and_http() {
        let error = fails(
            StartTls::Ldap,
            vec![expect(ldap_starttls_request()), send([0x30, 0x82, 0x00])],
        )
        .await;
        assert_eq!(
            error,
            "the server closed the connection during the LDAP StartTLS exchange"
        );
        let error = fails(
            StartTls::Ldap,
            vec![
                expect(ldap_starttls_request()),
                send([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]),
            ],
        )
        .await;
        assert!(
            error.contains("LDAP server sent an oversized reply"),
            "{error}"
        );
        let error = fails(
            StartTls::Ldap,
            vec![expect(ldap_starttls_request()), send(HTTP)],
        )
        .await;
        assert!(
            error.starts_with(
                "expected an LDAP response to StartTLS, got 'HTTP/1.1 400 Bad Request"
            ),
            "{error}"
        );
    }

    #[tokio::test]
    async fn ldap_other_operation_is_malformed() {
        // A BindResponse [APPLICATION 1] instead of an ExtendedResponse.
        let error = fails(
            StartTls::Ldap,
            vec![
                expect(ldap_starttls_request()),
                send([
                    0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04,
                    0x00,
                ]),
            ],
        )
        .await;
        assert!(error.contains("expected an ExtendedResponse"), "{error}");
    }

    // ---- PostgreSQL ----

    #[tokio::test]
    async fn postgres_upgrades() {
        succeeds(
            StartTls::Postgres,
            vec![expect(POSTGRES_SSL_REQUEST), send(with_tls(b"S"))],
        )
        .await;
    }

    #[tokio::test]
    async fn postgres_n_is_refused() {
        let error = fails(
            StartTls::Postgres,
            vec![expect(POSTGRES_SSL_REQUEST), send("N")],
        )
        .await;
        assert_eq!(
            error,
            "the PostgreSQL server does not accept SSL (ssl = off)"
        );
    }

    #[tokio::test]
    async fn postgres_eof_and_http() {
        let error = fails(StartTls::Postgres, vec![expect(POSTGRES_SSL_REQUEST)]).await;
        assert_eq!(
            error,
            "the server closed the connection during the PostgreSQL SSLRequest exchange"
        );
        let error = fails(
            StartTls::Postgres,
            vec![expect(POSTGRES_SSL_REQUEST), send(HTTP)],
        )
        .await;
        assert!(
            error.starts_with(
                "not a PostgreSQL server: it answered the SSLRequest with 'HTTP/1.1 400 Bad Request"
            ),
            "{error}"
        );
    }

    // ---- MySQL ----

    /// A protocol 10 handshake packet with the given lower capability flags.
    fn mysql_handshake(capabilities: u16) -> Vec<u8> {
        let mut payload = vec![10];
        payload.extend_from_slice(b"8.0.36\0");
        payload.extend_from_slice(&7u32.to_le_bytes());
        payload.extend_from_slice(b"abcdefgh");
        payload.push(0);
        payload.extend_from_slice(&capabilities.to_le_bytes());
        payload.extend_from_slice(&[45, 2, 0, 0xff, 0xc1, 21]);
        payload.extend_from_slice(&[0; 10]);
        payload.extend_from_slice(b"ijklmnopqrst\0mysql_native_password\0");
        let length = payload.len() as u32;
        let mut packet = length.to_le_bytes()[..3].to_vec();
        packet.push(0);
        packet.extend_from_slice(&payload);
        packet
    }

    #[test]
    fn mysql_ssl_request_encoding() {
        let packet = mysql_ssl_request();
        assert_eq!(packet.len(), 36);
        assert_eq!(&packet[..4], &[32, 0, 0, 1]);
        assert_eq!(&packet[4..8], &[0x01, 0x8a, 0x00, 0x00]);
        assert_eq!(&packet[8..12], &[0x00, 0x00, 0x00, 0x01]);
        assert_eq!(packet[12], 45);
        assert!(packet[13..].iter().all(|byte| *byte == 0));
    }

    #[tokio::test]
    async fn mysql_upgrades() {
        // The server says nothing after the handshake until the ClientHello;
        // the TLS bytes here only prove nothing is read after the SSLRequest.
        let mut handshake = mysql_handshake(0xffff);
        handshake.extend_from_slice(TLS);
        succeeds(
            StartTls::Mysql,
            vec![send(handshake), expect(mysql_ssl_request())],
        )
        .await;
    }

    #[tokio::test]
    async fn mysql_without_ssl_is_refused() {
        let error = fails(StartTls::Mysql, vec![send(mysql_handshake(0xf7ff))]).await;
        assert_eq!(
            error,
            "the MySQL server does not support SSL (server version '8.0.36')"
        );
    }

    #[tokio::test]
    async fn mysql_error_packet_is_reported() {
        let message = b"Host '10.0.0.1' is not allowed to connect to this MySQL server";
        let mut payload = vec![0xff];
        payload.extend_from_slice(&1130u16.to_le_bytes());
        payload.extend_from_slice(message);
        let mut packet = vec![payload.len() as u8, 0, 0, 0];
        packet.extend_from_slice(&payload);
        let error = fails(StartTls::Mysql, vec![send(packet)]).await;
        assert_eq!(
            error,
            "the MySQL server refused the connection: error 1130: 'Host '10.0.0.1' is not allowed to connect to this MySQL server'"
        );
    }

    #[tokio::test]
    async fn mysql_eof_oversized_and_http() {
        let handshake = mysql_handshake(0xffff);
        let error = fails(StartTls::Mysql, vec![send(&handshake[..20])]).await;
        assert_eq!(
            error,
            "the server closed the connection during the MySQL SSL request exchange"
        );
        let error = fails(StartTls::Mysql, vec![send([0xff, 0xff, 0xff, 0x00])]).await;
        assert!(
            error.contains("MySQL server sent an oversized reply"),
            "{error}"
        );
        let error = fails(StartTls::Mysql, vec![send(HTTP)]).await;
        assert!(
            error.starts_with("expected a MySQL handshake packet, got 'HTTP/1.1 400 Bad Request"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn mysql_truncated_handshake() {
        let packet = [3, 0, 0, 0, 10, b'8', 0];
        let error = fails(StartTls::Mysql, vec![send(packet)]).await;
        assert_eq!(error, "the MySQL server sent a truncated handshake packet");
    }

    // ---- names and ports ----

    #[test]
    fn well_known_ports() {
        assert_eq!(for_port(25), Some(StartTls::Smtp));
        assert_eq!(for_port(587), Some(StartTls::Smtp));
        assert_eq!(for_port(143), Some(StartTls::Imap));
        assert_eq!(for_port(110), Some(StartTls::Pop3));
        assert_eq!(for_port(21), Some(StartTls::Ftp));
        assert_eq!(for_port(389), Some(StartTls::Ldap));
        assert_eq!(for_port(5432), Some(StartTls::Postgres));
        assert_eq!(for_port(3306), Some(StartTls::Mysql));
        for implicit in [443, 465, 993, 995, 636, 8443] {
            assert_eq!(for_port(implicit), None, "port {implicit}");
        }
    }

    #[test]
    fn names_round_trip_and_parse_ignores_case() {
        for protocol in ALL {
            assert_eq!(parse(name(protocol)), Ok(protocol));
            assert_eq!(parse(&name(protocol).to_uppercase()), Ok(protocol));
        }
        assert_eq!(parse("SMTP"), Ok(StartTls::Smtp));
        assert_eq!(parse("Postgres"), Ok(StartTls::Postgres));
    }

    #[test]
    fn names_match_the_config_spelling() {
        for protocol in ALL {
            let json = serde_json::to_string(&protocol).expect("serializes");
            assert_eq!(json, format!("\"{}\"", name(protocol)));
        }
    }

    #[test]
    fn unknown_names_list_the_valid_ones() {
        let error = parse("smtps").expect_err("not a STARTTLS protocol");
        assert_eq!(
            error,
            "unknown STARTTLS protocol 'smtps' (expected one of: smtp, imap, pop3, ftp, ldap, postgres, mysql)"
        );
    }
}
