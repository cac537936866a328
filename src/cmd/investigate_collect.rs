//! Collecting an evidence bundle live: every configured source at once, under
//! one deadline, each bounded by its own safety rules (read-only sessions,
//! get/list only, timeouts). A source that fails becomes a data gap; the
//! others' evidence is kept. A progress line per source on a terminal.

use super::prom;
use crate::cli::{GlobalArgs, InvestigateArgs};
use crate::config::settings::{EnvironmentSettings, PostgresSettings};
use crate::evidence::{
    DatabaseEvidence, Dependency, Evidence, PrometheusEvidence, SourceRecord, SourceStatus,
};
use crate::sources::kubernetes::{self as kube, collect::Kind};
use crate::sources::postgres::collect::Sampling;
use crate::sources::tls::fetch;
use crate::time_arg::format_duration;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// Time kept back from `--timeout` for analysing and rendering.
const ANALYSIS_MARGIN: Duration = Duration::from_millis(600);

pub async fn collect(global: &GlobalArgs, args: &InvestigateArgs) -> anyhow::Result<Evidence> {
    let started = Instant::now();
    let deadline = started + global.timeout.saturating_sub(ANALYSIS_MARGIN);
    let settings = super::selected_settings(global, &args.sources)?;
    let environment = settings.environments.into_iter().next().unwrap_or_default();
    let now = chrono::Utc::now();
    let window = prom::window(&args.window, Duration::from_secs(3600), args.baseline, now)?;
    let mut evidence = Evidence::new(window, now);
    evidence.service = args.service.clone();
    evidence.topology = environment
        .services
        .iter()
        .map(|service| Dependency {
            service: service.name.clone(),
            depends_on: service.depends_on.clone(),
        })
        .collect();
    let progress = Progress::new(global);
    // Each source's own deadline comes first, so its own error (naming its
    // server) and what it gathered are kept; the backstop is for what hangs past it.
    let before_backstop = deadline - BACKSTOP_MARGIN;

    let prometheus = async {
        environment.prometheus.as_ref()?;
        let bar = progress.start("prometheus");
        let server = environment
            .prometheus
            .as_ref()
            .map(|settings| crate::config::settings::redact_url(&settings.url))
            .unwrap_or_default();
        let result = bounded(
            deadline,
            &server,
            prometheus_evidence(
                &environment,
                &evidence.window,
                args.service.as_deref(),
                before_backstop,
            ),
        )
        .await;
        Some(progress.finish(bar, "prometheus", result))
    };
    let postgres = futures::future::join_all(environment.postgres.iter().map(|database| {
        let progress = &progress;
        async move {
            let name = format!("postgres {}", database.name);
            let bar = progress.start(&name);
            let result = bounded(
                deadline,
                &database.redacted_dsn(),
                postgres_evidence(database, before_backstop),
            )
            .await;
            progress.finish(bar, &name, result)
        }
    }));
    let kubernetes = async {
        let settings = environment.kubernetes.as_ref()?;
        let bar = progress.start("kubernetes");
        let server = match &settings.context {
            Some(context) => format!("the Kubernetes API of context {context}"),
            None => "the Kubernetes API of the current context".to_string(),
        };
        let result = bounded(
            deadline,
            &server,
            kubernetes_evidence(settings, before_backstop),
        )
        .await;
        Some(progress.finish(bar, "kubernetes", result))
    };
    let tls = async {
        if environment.tls.is_empty() {
            return None;
        }
        let bar = progress.start("tls");
        let endpoints = environment
            .tls
            .iter()
            .map(fetch::Endpoint::from_settings)
            .collect();
        let limits = fetch::Limits {
            connect_timeout: Duration::from_secs(5),
            handshake_timeout: Duration::from_secs(10),
            concurrency: 64,
            // Before the backstop, so that the endpoints that answered are
            // kept and the ones that did not are named.
            deadline: before_backstop,
            every_address: true,
        };
        let result = bounded(deadline, "the TLS endpoints", async {
            let observations = fetch::fetch_all(endpoints, &limits).await;
            let gaps = observations.iter().filter_map(|o| o.gap()).collect();
            Ok::<_, String>((observations, gaps))
        })
        .await;
        Some(progress.finish(bar, "tls", result))
    };
    let (prometheus, postgres, kubernetes, tls) =
        tokio::join!(prometheus, postgres, kubernetes, tls);

    let mut sources = Vec::new();
    match prometheus {
        Some((record, data)) => {
            evidence.prometheus = data;
            sources.push(record);
        }
        None => sources.push(not_configured("prometheus")),
    }
    if postgres.is_empty() {
        sources.push(not_configured("postgres"));
    }
    for ((record, snapshot), database) in postgres.into_iter().zip(&environment.postgres) {
        if let Some(snapshot) = snapshot {
            evidence.postgres.push(DatabaseEvidence {
                name: database.name.clone(),
                snapshot,
            });
        }
        sources.push(record);
    }
    match kubernetes {
        Some((record, snapshot)) => {
            evidence.kubernetes = snapshot;
            sources.push(record);
        }
        None => sources.push(not_configured("kubernetes")),
    }
    match tls {
        Some((record, observations)) => {
            evidence.tls = observations.unwrap_or_default();
            sources.push(record);
        }
        None => sources.push(not_configured("tls")),
    }
    evidence.sources = sources;
    Ok(evidence)
}

/// A source's outcome, with what it couldn't read (gaps) alongside the data.
type Outcome<T> = Result<(T, Vec<String>), String>;

/// How long before the backstop each source's own deadline falls.
const BACKSTOP_MARGIN: Duration = Duration::from_millis(200);

/// The source's own timeouts end it first and say why; this is the backstop.
async fn bounded<T>(
    deadline: Instant,
    server: &str,
    work: impl Future<Output = Outcome<T>>,
) -> (Outcome<T>, Duration) {
    let started = Instant::now();
    let outcome = tokio::time::timeout_at(deadline, work)
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "no answer from {server} within {}",
                format_duration(deadline.saturating_duration_since(started))
            ))
        });
    (outcome, started.elapsed())
}

async fn prometheus_evidence(
    environment: &EnvironmentSettings,
    window: &crate::analyze::Window,
    service: Option<&str>,
    deadline: Instant,
) -> Outcome<PrometheusEvidence> {
    let gathered = super::prom_health::gather(environment, window, service, deadline)
        .await
        .map_err(|err| format!("{err:#}"))?;
    let mut gaps: Vec<String> = gathered
        .gaps
        .iter()
        .map(|gap| format!("{}: {}", gap.what, gap.error))
        .collect();
    gaps.extend(
        gathered
            .warnings
            .iter()
            .map(|warning| format!("server warning: {warning}")),
    );
    // What fired in the window, for the timeline and the hypotheses.
    let client = prom::client_until(prom::settings(environment), deadline)
        .map_err(|err| format!("{err:#}"))?;
    let step = Duration::from_secs(gathered.step_seconds.max(1));
    let alerts = match client
        .range(super::prom_alerts::FIRING, window.start, window.end, step)
        .await
    {
        Ok(answer) => answer.data.into_series(),
        Err(err) => {
            gaps.push(format!("alert history: {err}"));
            Vec::new()
        }
    };
    Ok((
        PrometheusEvidence {
            server: gathered.server,
            step_seconds: gathered.step_seconds,
            conventions: gathered.plan_summary.conventions,
            series: gathered.series,
            alerts,
        },
        gaps,
    ))
}

async fn postgres_evidence(
    database: &PostgresSettings,
    deadline: Instant,
) -> Outcome<crate::sources::postgres::snapshot::Snapshot> {
    let sampling = Sampling {
        samples: 1,
        interval: Duration::from_secs(1),
        query_chars: 200,
    };
    // The error names the server, as the `pg` commands' "Target:" line does.
    let mut snapshot = super::pg::observe(database, sampling, deadline)
        .await
        .map_err(|err| format!("{err} ({})", database.redacted_dsn()))?;
    // Query text can carry personal data or a password in a literal: the
    // bundle keeps the query's shape only.
    for sample in &mut snapshot.samples {
        for session in &mut sample.sessions {
            if let Some(query) = &mut session.query {
                *query = crate::analyze::postgres::query_text::redact_literals(query);
            }
        }
    }
    let gaps = snapshot.sampling_error.iter().cloned().collect();
    Ok((snapshot, gaps))
}

async fn kubernetes_evidence(
    settings: &crate::config::settings::KubernetesSettings,
    deadline: Instant,
) -> Outcome<crate::sources::kubernetes::snapshot::ClusterSnapshot> {
    let target = kube::load(settings).await?;
    let client = kube::client(&target, deadline.saturating_duration_since(Instant::now())).await?;
    let namespaces = kube::namespaces(settings, &target);
    let mut snapshot = kube::collect::snapshot(&client, &target, namespaces, &Kind::ALL, deadline)
        .await
        .map_err(|err| format!("Kubernetes at {}: {err}", target.server()))?;
    // Objects carry env values and last-applied configs: never secrets in a bundle.
    kube::redact::for_the_record(&mut snapshot);
    let gaps = snapshot
        .gaps
        .iter()
        .map(|gap| format!("{}: {}", gap.what, gap.error))
        .collect();
    Ok((snapshot, gaps))
}

fn not_configured(name: &str) -> SourceRecord {
    SourceRecord {
        name: name.into(),
        status: SourceStatus::NotConfigured,
        error: None,
        gaps: Vec::new(),
        duration_ms: 0,
    }
}

/// One spinner per source on stderr, only on a terminal and without -q.
struct Progress {
    bars: Option<MultiProgress>,
}

impl Progress {
    fn new(global: &GlobalArgs) -> Progress {
        let visible = !global.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress {
            bars: visible.then(MultiProgress::new),
        }
    }

    fn start(&self, name: &str) -> Option<ProgressBar> {
        let bars = self.bars.as_ref()?;
        let bar = bars.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("{name}: asking"));
        bar.enable_steady_tick(Duration::from_millis(120));
        Some(bar)
    }

    /// Ends the spinner with the outcome and turns it into the source's record.
    fn finish<T>(
        &self,
        bar: Option<ProgressBar>,
        name: &str,
        (outcome, took): (Outcome<T>, Duration),
    ) -> (SourceRecord, Option<T>) {
        let duration_ms = took.as_millis() as u64;
        let (record, data) = match outcome {
            Ok((data, gaps)) => (
                SourceRecord {
                    name: name.into(),
                    status: SourceStatus::Ok,
                    error: None,
                    gaps,
                    duration_ms,
                },
                Some(data),
            ),
            Err(error) => (
                SourceRecord {
                    name: name.into(),
                    status: SourceStatus::Failed,
                    error: Some(crate::analyze::text::one_line(&error)),
                    gaps: Vec::new(),
                    duration_ms,
                },
                None,
            ),
        };
        if let Some(bar) = bar {
            let result = match &record.error {
                None => "done".to_string(),
                Some(error) => format!("FAILED: {error}"),
            };
            bar.finish_with_message(format!("{name}: {result}"));
        }
        tracing::info!("{name}: {:?} in {duration_ms} ms", record.status);
        (record, data)
    }
}
