//! The command line, declared once with clap: the parser, `--help`, the man
//! pages and the shell completions are all generated from these types.

use crate::analyze::certs::Threshold;
use crate::config::file::StartTls;
use crate::exit_status::{EXIT_STATUS_HELP, ExitStatus};
use crate::time_arg::{parse_duration, parse_time, parse_timeout};
use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

const ABOUT: &str =
    "Incident triage: ask Prometheus, PostgreSQL, Kubernetes and TLS endpoints what is wrong";

const LONG_ABOUT: &str = "\
triage asks the systems that know what is going on during an incident — Prometheus, \
PostgreSQL, Kubernetes and the TLS endpoints a service depends on — and ranks the probable \
root causes into a Markdown incident report. It only ever reads: read-only database \
sessions with a statement timeout, get/list on Kubernetes, bounded timeouts everywhere.";

const ENVIRONMENT_HELP: &str = "\
Environment:
  TRIAGE_CONFIG    config file (default $XDG_CONFIG_HOME/triage/config.toml)
  TRIAGE_ENV       named environment in the config file
  TRIAGE_OUTPUT    output format
  TRIAGE_TIMEOUT   overall deadline
  PROMETHEUS_URL   Prometheus base URL
  KUBECONFIG       kubeconfig file(s), as kubectl reads them
  NO_COLOR         any non-empty value disables colour";

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "triage",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = format!("{EXIT_STATUS_HELP}\n\n{ENVIRONMENT_HELP}"),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand shares.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Config file [env: TRIAGE_CONFIG] [default: $XDG_CONFIG_HOME/triage/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Named environment from the config file, for example prod-eu [env: TRIAGE_ENV]
    #[arg(long = "env", global = true, value_name = "NAME")]
    pub environment: Option<String>,

    /// Output format; each subcommand says which it supports
    #[arg(
        short = 'o',
        long,
        global = true,
        value_enum,
        env = "TRIAGE_OUTPUT",
        hide_env_values = true
    )]
    pub output: Option<OutputFormat>,

    /// Overall deadline for the whole run (for example 30s, 2m)
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s",
          value_parser = parse_timeout, env = "TRIAGE_TIMEOUT", hide_env_values = true)]
    pub timeout: Duration,

    /// More logging on stderr (-v info, -vv debug, -vvv trace)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Only errors on stderr, and only the result on stdout
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Never use colour (also when NO_COLOR is set)
    #[arg(long, global = true)]
    pub no_color: bool,
}

/// The output formats triage can render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// GitHub-flavoured Markdown, for postmortems and tickets
    Markdown,
    /// JSON, for machines
    Json,
    /// A plain table for the terminal
    Table,
    /// JSON Lines: one object per line (certs check)
    Jsonl,
    /// Prometheus text format for node_exporter's textfile collector (certs check)
    Prometheus,
    /// A Nagios plugin status line with perfdata (certs check)
    Nagios,
}

impl OutputFormat {
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Markdown => "markdown",
            OutputFormat::Json => "json",
            OutputFormat::Table => "table",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Prometheus => "prometheus",
            OutputFormat::Nagios => "nagios",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the config file and, with --connect, that every source answers
    #[command(subcommand)]
    Config(ConfigCommand),

    /// Ask Prometheus: service health, what fired, raw queries
    #[command(subcommand)]
    Prom(PromCommand),

    /// Ask PostgreSQL: connection usage, blocking chains, long transactions
    #[command(subcommand)]
    Pg(PgCommand),

    /// Ask Kubernetes: failing pods, recent rollouts and what changed, warning events
    #[command(subcommand)]
    K8s(K8sCommand),

    /// Ask every configured source at once and rank the probable root causes into a Markdown
    /// incident report (or replay a recorded evidence bundle)
    #[command(after_help = "\
Examples:
  triage investigate --replay examples/incidents/002-db-pool-exhaustion.json
  triage investigate --env prod-eu --service api-server --since 30m > incident.md
  triage investigate --prometheus http://prometheus:9090 --postgres 'host=db user=triage' \\
      --kubeconfig ~/.kube/config -n api --tls api.sms-provider.example:443 --record evidence.json
  triage investigate --replay evidence.json -o json

Every source is asked concurrently under one --timeout; one that fails or times out is a data
gap in the report, not a failed run. --record saves everything collected (never a secret);
--replay analyses it again with no network and gives the same report.

Exit status: 2 the top hypothesis has high confidence or a finding is critical; 1 something
abnormal of medium or low confidence; 0 nothing abnormal; 3 no source could be read, or nothing
abnormal was found while some source failed.

Output formats: markdown (default), json.")]
    Investigate(InvestigateArgs),

    /// Check TLS certificates of endpoints and files: expiry of every certificate in the
    /// chain, trust, host name, missing intermediates, weak keys; made for cron and Nagios
    #[command(subcommand)]
    Certs(CertsCommand),

    /// Print a shell completion script
    #[command(
        after_help = "Example: triage completions bash > /etc/bash_completion.d/triage\n\nExit status: 0 printed; 3 bad usage."
    )]
    Completions(CompletionsArgs),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config (every environment, or the one named by --env) and show what
    /// each source would connect to, secrets redacted
    #[command(after_help = "\
Exit status: 0 the config is valid (and with --connect every source answered);
2 with --connect some source failed; 3 the config is invalid or no source answered.

Output formats: table (default), json.")]
    Check(ConfigCheckArgs),
}

#[derive(Debug, Subcommand)]
pub enum CertsCommand {
    /// Fetch each endpoint's chain (every address of the name), verify it against the
    /// Mozilla roots, the system store and --ca-file, and report every problem
    #[command(after_help = "\
Examples:
  triage certs check api.example.com payments.example.com:8443
  triage certs check mail.example.com:25                 # STARTTLS smtp, from the port
  triage certs check --file endpoints.txt -q             # cron: prints only on problems
  triage certs check --file endpoints.txt -o prometheus > /var/lib/node_exporter/triage_certs.prom
  triage certs check --cert-file /etc/nginx/certs/ --warn 21d
  triage certs check lb.example.com --connect-to 10.0.4.12   # one backend behind the balancer

Target file lines: HOST[:PORT] [sni=NAME] [connect-to=ADDRESS] [starttls=PROTO]; # starts a
comment. Without targets, the config's TLS endpoints are checked.

Exit status: the worst target decides: 0 all OK; 1 a WARNING (expiring within --warn, TLS
below 1.2, validity beyond the CA/B limit); 2 a CRITICAL (expired or not yet valid anywhere in
the chain, untrusted, self-signed, missing intermediate, wrong host, weak key or signature,
expiring within --crit); 3 a target could not be checked (refused, timeout, DNS, not TLS) and
nothing is worse — or what --unknown-as says.

Output formats: table (default), json, jsonl, prometheus, nagios, markdown.")]
    Check(CertsCheckArgs),
}

#[derive(Debug, Subcommand)]
pub enum PromCommand {
    /// Service health: request rate, errors (5xx and 429), p99 latency against the
    /// baseline, CPU, memory, restarts and pool usage, with an assessment per service
    #[command(after_help = "\
Examples:
  triage prom health --prometheus http://prometheus:9090
  triage prom health --service api-server --since 30m -o markdown >> incident.md
  triage prom health --from 2026-11-21T09:00:00Z --to 2026-11-21T10:00:00Z -o json

The baseline is the window of the same length just before (or --baseline). Signals are
chosen from the metrics the server has; the report says which convention was used.

Exit status: 0 every service OK; 1 some WARNING; 2 some CRITICAL; 3 Prometheus could not
be asked, no known metrics, or some signal could not be checked while all else was OK.

Output formats: table (default), markdown, json.")]
    Health(PromHealthArgs),

    /// What fired and when, from ALERTS and /api/v1/alerts; alerts that start together
    /// and share labels are grouped
    #[command(after_help = "\
Examples:
  triage prom alerts
  triage prom alerts --since 24h --group-within 10m -o markdown

Exit status: 0 nothing firing now; 1 a warning alert firing; 2 a critical (or page)
alert firing; 3 Prometheus could not be asked.

Output formats: table (default), markdown, json.")]
    Alerts(PromAlertsArgs),

    /// Run a PromQL query yourself: instant, or over a range with --since/--from
    #[command(after_help = "\
Examples:
  triage prom query 'sum by (code) (rate(http_requests_total[5m]))'
  triage prom query 'up == 0' -o json
  triage prom query 'rate(http_requests_total[5m])' --since 1h --step 1m

Exit status: 0 the query ran (with or without data); 3 it could not run.

Output formats: table (default), markdown, json (the API's data, with warnings).")]
    Query(PromQueryArgs),
}

#[derive(Debug, Subcommand)]
pub enum PgCommand {
    /// Connection usage against the usable limit, by state, user, application and client
    #[command(after_help = "\
Examples:
  triage pg connections --postgres 'host=orders-db dbname=orders user=triage'
  PGHOST=orders-db PGUSER=triage triage pg connections -o markdown >> incident.md

Usable connections are max_connections less superuser_reserved_connections (and, from
PostgreSQL 16, reserved_connections); triage's own session is never counted.

Exit status: the worst database decides: 0 below --warn-connections; 1 at or above it; 2 at
or above --crit-connections, or the server refused triage for want of a free slot; 3 some
database could not be asked (or a sample failed) and nothing is worse.

Output formats: table (default), markdown, json.")]
    Connections(PgArgs),

    /// Sessions waiting on locks, drawn as trees under the session that holds them
    #[command(after_help = "\
Examples:
  triage pg locks
  triage pg locks --samples 5 --interval 1s --redact-queries -o markdown

Exit status: the worst database decides: 0 nobody waits on a lock; 1 sessions wait; 2 one
has waited --crit-blocked-for (60s) or longer; 3 some database could not be asked (or a sample
failed) and nothing is worse.

Output formats: table (default), markdown, json.")]
    Locks(PgArgs),

    /// Long-running queries, sessions idle in a transaction, and the oldest xmin holder
    #[command(after_help = "\
Examples:
  triage pg activity --long 5m
  triage pg activity --all --samples 3     # every session; stuck ones stand out

Exit status: the worst database decides: 0 nothing past --long; 1 a client's query running,
or a session idle in a transaction, for --long or longer, or a replica --replication-lag behind;
3 some database could not be asked (or a sample failed), or other roles' sessions were not
visible (grant pg_monitor), and nothing is worse.

Output formats: table (default), markdown, json.")]
    Activity(PgActivityArgs),
}

#[derive(Debug, Subcommand)]
pub enum K8sCommand {
    /// What is failing now: crash loops, OOM kills, image pulls, config errors, probe failures,
    /// unschedulable or evicted pods, workloads without available replicas, nodes, autoscalers
    #[command(after_help = "\
Examples:
  triage k8s pods -n api
  triage k8s pods -A -o markdown >> incident.md
  triage k8s pods --all --context prod-eu     # every pod, not only the failing ones

Exit status: 0 nothing wrong; 1 a WARNING (OOM kill with recovery, probe failures, pending,
evicted, stalled rollout, node pressure, autoscaler at max); 2 a CRITICAL (crash loop, image
pull, config error, no available replicas, node NotReady); 3 Kubernetes could not be asked,
or some kind could not be listed and everything listed was fine.

Output formats: table (default), markdown, json.")]
    Pods(K8sPodsArgs),

    /// Rollouts inside the window: when, which revision, what changed in the pod template
    /// (image, env, args, config and secret references, resources), ConfigMaps that changed,
    /// and how the new pods are doing
    #[command(after_help = "\
Examples:
  triage k8s rollouts -n api --since 2h
  triage k8s rollouts -A -o json

Exit status: 0 no rollout, or every rollout's pods are healthy; 1 some new pods fail;
2 every new pod fails or none is available; 3 Kubernetes could not be asked (or some kind
could not be listed and all else was fine).

Output formats: table (default), markdown, json.")]
    Rollouts(K8sWindowArgs),

    /// Warning events inside the window, grouped by object and reason, with counts and
    /// first/last seen
    #[command(after_help = "\
Examples:
  triage k8s events -n api --since 30m
  triage k8s events -A -o markdown

Exit status: 0 no Warning events; 1 Warning events; 2 events that say something is broken
(BackOff, Failed, FailedCreate, evictions, NodeNotReady, OOM kills); 3 Kubernetes could not
be asked.

Output formats: table (default), markdown, json.")]
    Events(K8sWindowArgs),
}

/// Which cluster and namespaces, spelled as kubectl spells them.
#[derive(Debug, Default, Clone, Args)]
pub struct KubeArgs {
    /// Kubeconfig file, as for kubectl [default: $KUBECONFIG or ~/.kube/config, else in-cluster]
    #[arg(long, value_name = "FILE", help_heading = "Sources")]
    pub kubeconfig: Option<PathBuf>,

    /// Kubeconfig context, as for kubectl
    #[arg(long, value_name = "NAME", help_heading = "Sources")]
    pub context: Option<String>,

    /// Kubernetes namespace; repeat for several [default: the context's]
    #[arg(
        short = 'n',
        long = "namespace",
        value_name = "NS",
        help_heading = "Sources"
    )]
    pub namespaces: Vec<String>,

    /// All namespaces
    #[arg(
        short = 'A',
        long,
        conflicts_with = "namespaces",
        help_heading = "Sources"
    )]
    pub all_namespaces: bool,
}

impl KubeArgs {
    pub fn sources(&self) -> SourceArgs {
        SourceArgs {
            kube: self.clone(),
            ..SourceArgs::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct K8sPodsArgs {
    /// List every pod, not only those with a problem
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub kube: KubeArgs,
}

#[derive(Debug, Args)]
pub struct K8sWindowArgs {
    /// How far back to look
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1h")]
    pub since: Duration,

    #[command(flatten)]
    pub kube: KubeArgs,
}

#[derive(Debug, Args)]
pub struct InvestigateArgs {
    /// The service the incident is about (a service label value, or a service of the config)
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,

    #[command(flatten)]
    pub window: WindowArgs,

    /// Length of the baseline window that ends where the window starts [default: the window's length]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub baseline: Option<Duration>,

    #[command(flatten)]
    pub sources: SourceArgs,

    /// Write the report to FILE instead of stdout (-o/--output is the format, as in kubectl)
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Save everything collected to FILE, an evidence bundle (triage.evidence/v1), for the
    /// postmortem and for --replay
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// Analyse a recorded evidence bundle instead of asking the sources (no network)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["record", "since", "from", "to", "baseline"])]
    pub replay: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CertsCheckArgs {
    /// Endpoints as HOST[:PORT] (port 443 unless given); without any target, the config's
    /// TLS endpoints
    #[arg(value_name = "HOST:PORT")]
    pub targets: Vec<String>,

    /// Read endpoints from FILE, one per line (see below); repeatable, - for stdin
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Certificate files or directories on disk (PEM chains or DER) to check; repeatable
    #[arg(long = "cert-file", value_name = "PATH")]
    pub cert_files: Vec<PathBuf>,

    /// Server name to send (SNI) and check the certificate against, instead of the host
    #[arg(long, value_name = "NAME")]
    pub sni: Option<String>,

    /// Connect to this address instead of resolving the host: one backend behind a balancer
    #[arg(long, value_name = "ADDRESS")]
    pub connect_to: Option<String>,

    /// STARTTLS protocol: smtp, imap, pop3, ftp, ldap, postgres, mysql, or none [default:
    /// from the port: 25/587 smtp, 143 imap, 110 pop3, 21 ftp, 389 ldap, 5432 postgres, 3306 mysql]
    #[arg(long, value_name = "PROTO", value_parser = parse_starttls)]
    pub starttls: Option<StartTlsChoice>,

    /// Also trust the CA certificates in this PEM file (a private CA); certificate files are
    /// judged for trust only when it is given
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// A certificate expiring within this is a WARNING: a duration (30d) or a share of its
    /// lifetime left (33%), for short-lived certificates
    #[arg(long, value_name = "DURATION|PERCENT", default_value = "30d",
          value_parser = Threshold::parse, help_heading = "Thresholds")]
    pub warn: Threshold,

    /// A certificate expiring within this is CRITICAL
    #[arg(long, value_name = "DURATION|PERCENT", default_value = "7d",
          value_parser = Threshold::parse, help_heading = "Thresholds")]
    pub crit: Threshold,

    /// What a target that could not be checked counts as
    #[arg(
        long,
        value_enum,
        value_name = "STATUS",
        default_value = "unknown",
        help_heading = "Thresholds"
    )]
    pub unknown_as: UnknownAs,

    /// Connections in flight at once
    #[arg(long, value_name = "N", default_value_t = 64,
          value_parser = clap::value_parser!(u16).range(1..=1024), help_heading = "Limits")]
    pub concurrency: u16,

    /// Time to open a TCP connection
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5s",
          help_heading = "Limits")]
    pub connect_timeout: Duration,

    /// Time for the STARTTLS exchange and the TLS handshake (--timeout bounds the whole run)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s",
          help_heading = "Limits")]
    pub handshake_timeout: Duration,

    /// Only the first address of each name, instead of every address it resolves to
    #[arg(long, help_heading = "Limits")]
    pub first_address_only: bool,

    /// Also push the result (the `-o prometheus` metrics) to this Pushgateway: PUT
    /// URL/metrics/job/JOB replaces the job's group, so a removed target disappears
    #[arg(long, value_name = "URL", help_heading = "Monitoring")]
    pub push_gateway: Option<String>,

    /// The job label of the pushed group (one per CronJob or cluster)
    #[arg(long, value_name = "NAME", default_value = "triage_certs", requires = "push_gateway",
          value_parser = clap::builder::NonEmptyStringValueParser::new(), help_heading = "Monitoring")]
    pub push_job: String,
}

/// `--starttls`: a protocol, or `none` to switch off the inference from the port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartTlsChoice {
    None,
    Protocol(StartTls),
}

fn parse_starttls(text: &str) -> Result<StartTlsChoice, String> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(StartTlsChoice::None);
    }
    crate::sources::starttls::parse(text)
        .map(StartTlsChoice::Protocol)
        .map_err(|err| format!("{err}, or none"))
}

/// `--unknown-as`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnknownAs {
    Critical,
    Warning,
    Unknown,
}

impl UnknownAs {
    pub fn status(self) -> ExitStatus {
        match self {
            UnknownAs::Critical => ExitStatus::Critical,
            UnknownAs::Warning => ExitStatus::Warning,
            UnknownAs::Unknown => ExitStatus::Unknown,
        }
    }
}

/// What every `pg` subcommand takes.
#[derive(Debug, Default, Clone, Args)]
pub struct PgArgs {
    /// PostgreSQL connection string (postgres://… or key=value), completed from libpq's PG*
    /// variables and ~/.pgpass; repeat for several databases [default: the config's databases,
    /// else libpq's environment, as psql]
    #[arg(long, value_name = "DSN", help_heading = "Sources")]
    pub postgres: Vec<String>,

    /// Only the config's databases with these names
    #[arg(
        long = "db",
        value_name = "NAME",
        help_heading = "Sources",
        conflicts_with = "postgres"
    )]
    pub databases: Vec<String>,

    /// Look this many times, --interval apart, to tell a stuck session from a busy one
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=60))]
    pub samples: u32,

    /// Time between samples
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1s")]
    pub interval: Duration,

    /// Characters of query text shown (the server truncates it too)
    #[arg(long, value_name = "N", default_value_t = 200,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub query_length: u32,

    /// Replace literals in query text by ? (query text can carry personal data into a postmortem)
    #[arg(long)]
    pub redact_queries: bool,

    /// Connection usage that is a WARNING, in percent of the usable connections
    #[arg(long, value_name = "PERCENT", default_value = "80%", value_parser = parse_percent,
          help_heading = "Thresholds")]
    pub warn_connections: f64,

    /// Connection usage that is CRITICAL
    #[arg(long, value_name = "PERCENT", default_value = "95%", value_parser = parse_percent,
          help_heading = "Thresholds")]
    pub crit_connections: f64,

    /// A lock wait this long is CRITICAL (any wait is a WARNING)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "60s",
          help_heading = "Thresholds")]
    pub crit_blocked_for: Duration,

    /// A query running, or a session idle in a transaction, this long is listed and a WARNING
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1m",
          help_heading = "Thresholds")]
    pub long: Duration,

    /// A replica replaying this far behind the primary is a WARNING
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1m",
          help_heading = "Thresholds")]
    pub replication_lag: Duration,
}

#[derive(Debug, Args)]
pub struct PgActivityArgs {
    /// List every session, not only those past --long
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub pg: PgArgs,
}

/// Where Prometheus is; overrides the config file.
#[derive(Debug, Default, Clone, Args)]
pub struct PrometheusArgs {
    /// Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]
    #[arg(long, value_name = "URL", help_heading = "Sources")]
    pub prometheus: Option<String>,

    /// Don't verify Prometheus' TLS certificate (only when you must; prefer ca_file in the config)
    #[arg(long, help_heading = "Sources")]
    pub insecure_skip_verify: bool,
}

impl PrometheusArgs {
    pub fn sources(&self) -> SourceArgs {
        SourceArgs {
            prometheus: self.prometheus.clone(),
            insecure_skip_verify: self.insecure_skip_verify,
            ..SourceArgs::default()
        }
    }
}

/// The time window: `--since`, or `--from`/`--to`.
#[derive(Debug, Default, Clone, Args)]
pub struct WindowArgs {
    /// How far back the window reaches from now (or from --to)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "from")]
    pub since: Option<Duration>,

    /// Window start, RFC 3339 (2026-11-21T09:00:00Z)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub from: Option<DateTime<Utc>>,

    /// Window end, RFC 3339 [default: now]
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Args)]
pub struct PromHealthArgs {
    /// Only this service (the value of the service label, or a service from the config)
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,

    #[command(flatten)]
    pub window: WindowArgs,

    /// Length of the baseline window that ends where the window starts [default: the window's length]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub baseline: Option<Duration>,

    #[command(flatten)]
    pub prometheus: PrometheusArgs,
}

#[derive(Debug, Args)]
pub struct PromAlertsArgs {
    #[command(flatten)]
    pub window: WindowArgs,

    /// Alerts that start within this time of each other and share a label are one group
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5m")]
    pub group_within: Duration,

    #[command(flatten)]
    pub prometheus: PrometheusArgs,
}

#[derive(Debug, Args)]
pub struct PromQueryArgs {
    /// The PromQL expression
    #[arg(value_name = "EXPR")]
    pub expr: String,

    #[command(flatten)]
    pub window: WindowArgs,

    /// Resolution of a range query [default: the range / 120, at least 15s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub step: Option<Duration>,

    #[command(flatten)]
    pub prometheus: PrometheusArgs,
}

#[derive(Debug, Args)]
pub struct ConfigCheckArgs {
    /// Also try each configured source once (reachability and authentication)
    #[arg(long)]
    pub connect: bool,

    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Where the sources are, given on the command line; these override the config file.
#[derive(Debug, Default, Clone, Args)]
pub struct SourceArgs {
    /// Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL [env: PROMETHEUS_URL]
    #[arg(long, value_name = "URL", help_heading = "Sources")]
    pub prometheus: Option<String>,

    /// Don't verify Prometheus' TLS certificate (only when you must; prefer ca_file in the config)
    #[arg(long, help_heading = "Sources")]
    pub insecure_skip_verify: bool,

    /// PostgreSQL connection string (postgres://… or key=value); repeat for several databases
    #[arg(long, value_name = "DSN", help_heading = "Sources")]
    pub postgres: Vec<String>,

    #[command(flatten)]
    pub kube: KubeArgs,

    /// TLS endpoint a service depends on (host:port); repeat for several
    #[arg(long = "tls", value_name = "HOST:PORT", help_heading = "Sources")]
    pub tls: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A share as a percentage, `80%` or `80`, returned as a fraction (0.8).
pub fn parse_percent(text: &str) -> Result<f64, String> {
    let number = text.trim().trim_end_matches('%');
    match number.parse::<f64>() {
        Ok(value) if (0.0..=1000.0).contains(&value) => Ok(value / 100.0),
        _ => Err(format!(
            "'{text}' is not a percentage: give a number from 0 to 1000, e.g. 80%"
        )),
    }
}

/// The clap command, for generating completions and man pages.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Parses the arguments. Help and version are printed here and reported as
/// `Err(ExitStatus::Ok)`; usage errors are printed as one line and reported as
/// `Err(ExitStatus::Unknown)`, because clap's own exit code 2 means CRITICAL to
/// a monitoring system.
pub fn parse<I, T>(args: I) -> Result<Cli, ExitStatus>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => Ok(cli),
        Err(err)
            if err.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            eprintln!("triage: error: {}", missing_subcommand(&err));
            Err(ExitStatus::Unknown)
        }
        Err(err) if !err.use_stderr() => {
            // --help and --version: clap prints them to stdout.
            let _ = err.print();
            Err(ExitStatus::Ok)
        }
        Err(err) => {
            eprintln!("triage: error: {}", one_line_usage_error(&err));
            Err(ExitStatus::Unknown)
        }
    }
}

/// `triage` or `triage config` alone: name what is missing, with the usage line.
fn missing_subcommand(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let usage = rendered
        .lines()
        .find_map(|line| line.trim().strip_prefix("Usage:"))
        .map(str::trim)
        .unwrap_or("triage <COMMAND>");
    let help = usage
        .split(" [")
        .next()
        .unwrap_or("triage")
        .replace(" <COMMAND>", "");
    format!("a subcommand is required: {usage}; see '{help} --help'")
}

/// Condenses clap's multi-line error (message, tips, usage) into one line that
/// still says what to do.
fn one_line_usage_error(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let mut message = String::new();
    let mut tips = Vec::new();
    let mut details = Vec::new();
    for line in rendered
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        if let Some(tip) = line.strip_prefix("tip:") {
            tips.push(tip.trim().to_string());
        } else if message.is_empty() {
            message = line.trim_start_matches("error:").trim().to_string();
        } else if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        } else {
            // What the first line points at: the missing arguments, the possible values.
            details.push(line.to_string());
        }
    }
    if !details.is_empty() {
        message = format!("{} {}", message.trim_end_matches(':'), details.join(" "));
    }
    if !tips.is_empty() {
        message.push_str(&format!(" ({})", tips.join("; ")));
    }
    message.push_str("; see 'triage --help'");
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_with_or_without_the_sign() {
        assert_eq!(parse_percent("80%"), Ok(0.8));
        assert_eq!(parse_percent("95"), Ok(0.95));
        assert!(parse_percent("lots").unwrap_err().contains("e.g. 80%"));
        assert!(parse_percent("-5%").is_err());
    }

    #[test]
    fn the_command_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn a_missing_subcommand_is_named() {
        let err = Cli::try_parse_from(["triage", "config"]).unwrap_err();
        let line = missing_subcommand(&err);
        assert_eq!(
            line,
            "a subcommand is required: triage config [OPTIONS] <COMMAND>; see 'triage config --help'"
        );
    }

    #[test]
    fn what_an_error_points_at_stays_on_its_line() {
        let missing = Cli::try_parse_from(["triage", "prom", "query"]).unwrap_err();
        let line = one_line_usage_error(&missing);
        assert!(line.contains("<EXPR>"), "{line}");
        let values =
            Cli::try_parse_from(["triage", "certs", "check", "x", "--unknown-as", "maybe"])
                .unwrap_err();
        let line = one_line_usage_error(&values);
        assert!(line.contains("critical, warning, unknown"), "{line}");
        assert!(!line.contains('\n'), "{line}");
    }

    #[test]
    fn usage_errors_are_one_line_with_a_tip() {
        let err = Cli::try_parse_from(["triage", "--confg", "x", "config", "check"]).unwrap_err();
        let line = one_line_usage_error(&err);
        assert!(!line.contains('\n'), "{line}");
        assert!(line.contains("--confg"), "{line}");
        assert!(
            line.contains("--config"),
            "the tip names the right flag: {line}"
        );
    }
}
