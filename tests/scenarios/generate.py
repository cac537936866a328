#!/usr/bin/env python3
"""Writes the `prometheus.om` file of every scenario in this directory.

The metrics of a scenario are described here as behaviour over time ("this
counter grows at 25/s until the broadcast starts, then at 210/s"), on the
scenario's own timeline: one sample a minute, from 2 h 15 min before the
scenario's anchor up to 30 s before it, so the baseline hour and the incident
hour are both covered (with room for `rate(...[5m])` at the start).

Everything is deterministic (no randomness, no clock): running it twice
writes the same bytes. Standard library only.

    python3 tests/scenarios/generate.py            # writes every scenario
    python3 tests/scenarios/generate.py 002        # only scenarios whose name starts with 002
    python3 tests/scenarios/generate.py --check    # fails when a file is stale

The other files of a scenario (scenario.toml, postgres.sql,
postgres-sessions.toml, tls.toml, k8s/*.json) are written by hand.
"""

import math
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Minutes of history before the anchor.
HISTORY = 135
#: The last sample is this many seconds before the anchor.
LAST_OFFSET = 30


def unix(rfc3339):
    return int(datetime.strptime(rfc3339, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp())


# ---------------------------------------------------------------------------
# Shapes over time. `ago` is minutes before the anchor (0 = the last sample).
# ---------------------------------------------------------------------------


def rise(ago, start, ramp=1):
    """0 before `start` minutes ago, then linear to 1 over `ramp` minutes."""
    if ago > start:
        return 0.0
    return min(1.0, (start - ago + 1) / max(ramp, 1))


def lerp(a, b, f):
    return a + (b - a) * f


def curve(ago, knots):
    """A level through (minutes_ago, value) knots, oldest first; flat outside."""
    if ago >= knots[0][0]:
        return knots[0][1]
    if ago <= knots[-1][0]:
        return knots[-1][1]
    for (a0, v0), (a1, v1) in zip(knots, knots[1:]):
        if a1 <= ago <= a0:
            return lerp(v0, v1, (a0 - ago) / (a0 - a1))
    return knots[-1][1]


def wave(ago, amplitude):
    """Gentle deterministic noise, 1 ± amplitude (ripples of 5 and 12 minutes)."""
    fast = math.sin(2 * math.pi * ago / 5.0)
    slow = math.sin(2 * math.pi * ago / 12.0 + 1.0)
    return 1.0 + amplitude * (0.6 * fast + 0.4 * slow)


def phi(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def lognormal_cdf(bound, p50, p99):
    """Fraction of requests at most `bound` seconds, for a log-normal latency."""
    if bound == math.inf:
        return 1.0
    sigma = max((math.log(p99) - math.log(p50)) / 2.326, 1e-3)
    return phi((math.log(bound) - math.log(p50)) / sigma)


BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, math.inf]


def le_text(bound):
    return "+Inf" if bound == math.inf else repr(bound)


def fmt(value):
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


class OpenMetrics:
    def __init__(self, anchor):
        self.anchor = unix(anchor)
        self.series = []  # (metric, labels text, [(time, value)])

    def times(self):
        for ago in range(HISTORY, -1, -1):
            yield self.anchor - LAST_OFFSET - 60 * ago, ago

    @staticmethod
    def labels(labels):
        if not labels:
            return ""
        inner = ",".join(f'{k}="{v}"' for k, v in labels.items())
        return "{" + inner + "}"

    def gauge(self, metric, labels, value):
        """`value(ago)` is the gauge's value; None leaves the series absent then."""
        samples = []
        for time, ago in self.times():
            v = value(ago)
            if v is not None:
                samples.append((time, v))
        self.series.append((metric, self.labels(labels), samples))

    def counter(self, metric, labels, rate, start=None, digits=3):
        """A counter growing at `rate(ago)` per second; `rate` may return None
        while the series does not exist yet (it then starts at 0)."""
        samples = []
        total = None
        for time, ago in self.times():
            r = rate(ago)
            if r is None:
                continue
            if total is None:
                # A process that has been running for a while, unless told otherwise.
                total = r * 3 * 86400 if start is None else start
            total += max(r, 0.0) * 60.0
            samples.append((time, round(total, digits)))
        self.series.append((metric, self.labels(labels), samples))

    def histogram(self, prefix, labels, rate, p50, p99, start_days=3):
        """A request-duration histogram: requests at `rate(ago)`/s with a
        log-normal latency whose median is `p50(ago)` and 99th percentile `p99(ago)`."""
        totals = [None] * len(BUCKETS)
        count = None
        total_sum = None
        bucket_samples = [[] for _ in BUCKETS]
        count_samples, sum_samples = [], []
        for time, ago in self.times():
            r, a, b = rate(ago), p50(ago), p99(ago)
            if count is None:
                count = r * start_days * 86400
                totals = [count * lognormal_cdf(bound, a, b) for bound in BUCKETS]
                total_sum = count * a * 1.2
            n = r * 60.0
            count += n
            total_sum += n * a * (1.0 + 0.5 * (math.log(b / a) / 2.326) ** 2)
            for i, bound in enumerate(BUCKETS):
                totals[i] += n * lognormal_cdf(bound, a, b)
                bucket_samples[i].append((time, round(totals[i], 3)))
            count_samples.append((time, round(count, 3)))
            sum_samples.append((time, round(total_sum, 3)))
        for bound, samples in zip(BUCKETS, bucket_samples):
            self.series.append((f"{prefix}_bucket", self.labels({**labels, "le": le_text(bound)}), samples))
        self.series.append((f"{prefix}_count", self.labels(labels), count_samples))
        self.series.append((f"{prefix}_sum", self.labels(labels), sum_samples))

    def summary_quantiles(self, metric, labels, quantiles):
        """The quantile gauges of a summary: `quantiles` maps "0.99" to value(ago)."""
        for q, value in quantiles.items():
            self.gauge(metric, {**labels, "quantile": q}, value)

    def text(self):
        order = sorted(range(len(self.series)), key=lambda i: (self.series[i][0], i))
        out = []
        for i in order:
            metric, labels, samples = self.series[i]
            for time, value in samples:
                out.append(f"{metric}{labels} {fmt(value)} {time}\n")
        out.append("# EOF\n")
        return "".join(out)


# ---------------------------------------------------------------------------
# Shared noise: node-exporter and the containers of a healthy service.
# ---------------------------------------------------------------------------


def node_exporter(m, nodes, busy=lambda ago: 0.25):
    for index, node in enumerate(nodes):
        instance = {"instance": f"{node}:9100", "job": "node-exporter", "node": node}
        for cpu in ("0", "1"):
            user = lambda ago, i=index: busy(ago) * 0.7 * wave(ago + i, 0.05)
            system = lambda ago, i=index: busy(ago) * 0.3 * wave(ago + 2 + i, 0.05)
            idle = lambda ago, i=index: 1.0 - busy(ago) * wave(ago + i, 0.05)
            for mode, rate in (("idle", idle), ("system", system), ("user", user)):
                m.counter("node_cpu_seconds_total", {**instance, "cpu": cpu, "mode": mode}, rate)
        m.gauge("node_load1", instance, lambda ago, i=index: round(4 * busy(ago) * 4 * wave(ago + i, 0.1), 2))
        m.gauge(
            "node_memory_MemAvailable_bytes",
            instance,
            lambda ago, i=index: float(int(9.5e9 * wave(ago + i, 0.02))),
        )
        m.gauge("node_memory_MemTotal_bytes", instance, lambda ago: 16.0 * 2**30)


def container(m, namespace, pod, name, cpu_limit, memory_limit, cpu, memory, node="node-a", pod_cgroup=False):
    """cAdvisor CPU and memory of one container, with its limits from
    kube-state-metrics. `cpu(ago)` and `memory(ago)` are fractions of the limits;
    None while the pod does not exist. With `pod_cgroup`, also the pod's own
    cgroup (container=""), as cAdvisor exports it and triage leaves it out."""
    ids = {"namespace": namespace, "pod": pod}
    exists = lambda ago: cpu(ago) is not None
    used = lambda ago: None if cpu(ago) is None else cpu(ago) * cpu_limit
    m.counter("container_cpu_usage_seconds_total", {**ids, "container": name}, used)
    if pod_cgroup:
        m.counter("container_cpu_usage_seconds_total", {**ids, "container": ""}, lambda ago: None if used(ago) is None else used(ago) + 0.002)
    m.gauge(
        "container_memory_working_set_bytes",
        {**ids, "container": name},
        lambda ago: None if memory(ago) is None else float(int(memory(ago) * memory_limit)),
    )
    m.gauge(
        "kube_pod_container_resource_limits",
        {**ids, "container": name, "node": node, "resource": "cpu", "unit": "core"},
        lambda ago: cpu_limit if exists(ago) else None,
    )
    m.gauge(
        "kube_pod_container_resource_limits",
        {**ids, "container": name, "node": node, "resource": "memory", "unit": "byte"},
        lambda ago: float(memory_limit) if exists(ago) else None,
    )


def alert(m, name, severity, since, labels):
    """An ALERTS series firing from `since` minutes ago (pending the 2 minutes before)."""
    base = {"alertname": name, **labels, "severity": severity}
    m.gauge("ALERTS", {**base, "alertstate": "pending"}, lambda ago: 1.0 if since < ago <= since + 2 else None)
    m.gauge("ALERTS", {**base, "alertstate": "firing"}, lambda ago: 1.0 if ago <= since else None)


GI = 2**30
MI = 2**20


# ---------------------------------------------------------------------------
# 000: one tenant's SMS broadcast, the provider's 429s, api-v3's retry storm.
# Micrometer (Spring) metrics: http_server_requests_seconds_* and
# http_client_requests_seconds_* (the outbound calls and their 429s).
# ---------------------------------------------------------------------------


def sms_retry_storm():
    m = OpenMetrics("2026-11-21T22:00:00Z")
    campaign = 28  # 21:32: company 298427's broadcast starts
    broadcast = lambda ago: rise(ago, campaign, 3)
    for app, uri, others in (
        ("public-api", "/api/sms/send.json", {"118204": 19.0, "240117": 11.0, "55021": 6.0, "77310": 5.0}),
        ("api-v3", "/v3/sms/messages", {"118204": 12.0, "240117": 8.0, "77310": 4.0, "301852": 3.0}),
    ):
        companies = {"298427": lambda ago: lerp(1.5, 210.0, broadcast(ago))}
        for company, rate in others.items():
            companies[company] = lambda ago, r=rate: r
        # A few of the long tail of small companies, each below the top five.
        for index in range(3):
            companies[str(30418 + 7919 * index)] = lambda ago, i=index: 0.6 + 0.3 * i
        # Timeouts once api-v3's queue is full (21:34): 3% of requests fail.
        error_share = lambda ago: lerp(0.001, 0.03, rise(ago, campaign - 2, 2))
        for company, rate in companies.items():
            labels = {"application": app, "company_id": company, "exception": "None", "method": "POST"}
            ok = {**labels, "outcome": "SUCCESS", "status": "200", "uri": uri}
            failed = {**labels, "exception": "TimeoutException", "outcome": "SERVER_ERROR", "status": "504", "uri": uri}
            total = lambda ago, rate=rate, c=company: rate(ago) * wave(ago + len(c), 0.04)
            m.counter("http_server_requests_seconds_count", ok, lambda ago, t=total: t(ago) * (1 - error_share(ago)))
            m.counter(
                "http_server_requests_seconds_sum",
                ok,
                lambda ago, t=total: t(ago) * (1 - error_share(ago)) * lerp(0.08, 0.9, broadcast(ago)),
            )
            # Only the broadcast's own requests time out (and the biggest customer's, now and then).
            if company in ("298427", "118204"):
                m.counter("http_server_requests_seconds_count", failed, lambda ago, t=total: t(ago) * error_share(ago))
                m.counter("http_server_requests_seconds_sum", failed, lambda ago, t=total: t(ago) * error_share(ago) * 5.0)
    # Percentiles Micrometer publishes (publishPercentiles 0.5, 0.95, 0.99).
    for app, p50, p95, p99 in (
        ("public-api", (0.08, 0.9), (0.25, 1.8), (0.4, 2.6)),
        ("api-v3", (0.06, 0.8), (0.2, 1.6), (0.35, 2.4)),
    ):
        m.summary_quantiles(
            "http_server_requests_seconds",
            {"application": app},
            {
                q: (lambda ago, v=v: round(lerp(v[0], v[1], rise(ago, campaign, 6)) * wave(ago, 0.03), 4))
                for q, v in (("0.5", p50), ("0.95", p95), ("0.99", p99))
            },
        )
    # api-v3's calls to the SMS gateway (Twilio): 429s from 21:32, retried at once.
    twilio = {
        "application": "api-v3",
        "client_name": "api.twilio.com",
        "method": "POST",
        "uri": "/2010-04-01/Accounts/{accountSid}/Messages.json",
    }
    m.counter(
        "http_client_requests_seconds_count",
        {**twilio, "outcome": "SUCCESS", "status": "201"},
        lambda ago: lerp(28.0, 45.0, broadcast(ago)) * wave(ago, 0.03),
    )
    m.counter(
        "http_client_requests_seconds_count",
        {**twilio, "outcome": "CLIENT_ERROR", "status": "429"},
        lambda ago: 420.0 * rise(ago, campaign, 4) * wave(ago, 0.05),
        start=0.0,
    )
    m.counter(
        "http_client_requests_seconds_count",
        {**twilio, "outcome": "SERVER_ERROR", "status": "503"},
        lambda ago: 0.01,
        start=12.0,
    )
    # The fallback provider (Voxbone): a trickle, whose TLS handshakes fail.
    voxbone = {
        "application": "api-v3",
        "client_name": "api.sms-provider.example",
        "method": "POST",
        "uri": "/v1/sms",
    }
    m.counter("http_client_requests_seconds_count", {**voxbone, "outcome": "SUCCESS", "status": "200"}, lambda ago: 0.0, start=8812.0)
    m.counter(
        "http_client_requests_seconds_count",
        {**voxbone, "outcome": "UNKNOWN", "status": "CLIENT_ERROR"},
        lambda ago: 0.2 * wave(ago, 0.1),
    )
    # A healthy neighbour: billing, also Spring, no company label.
    for status, share in (("200", 0.999), ("500", 0.001)):
        outcome = "SUCCESS" if status == "200" else "SERVER_ERROR"
        m.counter(
            "http_server_requests_seconds_count",
            {"application": "billing", "exception": "None", "method": "POST", "outcome": outcome, "status": status, "uri": "/invoices"},
            lambda ago, s=share: 12.0 * s * wave(ago + 3, 0.04),
        )
    m.summary_quantiles(
        "http_server_requests_seconds",
        {"application": "billing"},
        {"0.5": lambda ago: 0.05, "0.95": lambda ago: 0.12, "0.99": lambda ago: round(0.2 * wave(ago, 0.05), 4)},
    )
    # CPU of the API host: 96.6% of api-v3's limit; memory climbs after.
    container(
        m, "prod", "api-v3-6f7d8c9b5-x2k4p", "api-v3", 2.0, 4 * GI,
        lambda ago: lerp(0.42, 0.966, rise(ago, campaign, 8)) * wave(ago, 0.01),
        lambda ago: lerp(0.52, 0.87, rise(ago, campaign - 3, 20)) * wave(ago, 0.01),
        pod_cgroup=True,
    )
    container(
        m, "prod", "public-api-7b9c6d5f4-q8w2e", "public-api", 1.0, 2 * GI,
        lambda ago: lerp(0.38, 0.71, rise(ago, campaign, 8)) * wave(ago, 0.03),
        lambda ago: 0.45 * wave(ago, 0.01), node="node-b",
    )
    container(
        m, "prod", "billing-5d8f7c6b9-m3n7k", "billing", 1.0, 1 * GI,
        lambda ago: 0.3 * wave(ago, 0.03), lambda ago: 0.5 * wave(ago, 0.01), node="node-b",
    )
    for job, instance in (("api-v3", "10.42.1.17:8080"), ("public-api", "10.42.2.9:8080"), ("billing", "10.42.2.30:8080")):
        m.gauge("up", {"instance": instance, "job": job}, lambda ago: 1.0)
    node_exporter(m, ["node-a", "node-b"], busy=lambda ago: lerp(0.3, 0.8, rise(ago, campaign, 8)))
    alert(m, "HighCpuLoad95", "critical", 6, {"container": "api-v3", "namespace": "prod"})
    alert(m, "ResqueDelayedJobs", "warning", 14, {"application": "api-v3"})
    alert(m, "RunningOutOfMemory", "warning", 2, {"container": "api-v3", "namespace": "prod"})
    return m


# ---------------------------------------------------------------------------
# 001: revision 8 of api-server changes CORS_ORIGINS to an array; every pod
# crash-loops. ingress-nginx metrics and kube-state-metrics.
# ---------------------------------------------------------------------------


def cors_config_crashloop():
    m = OpenMetrics("2026-11-21T11:00:00Z")
    rollout = 25  # 10:35:00 revision 8; the old pods are gone at 10:35:48
    crashed = lambda ago: ago <= rollout - 1
    ingress = {
        "controller_class": "k8s.io/ingress-nginx",
        "controller_namespace": "ingress-nginx",
        "namespace": "api",
    }
    # api-server: 35 requests/s; the phone app retries (52/s) and the ingress
    # answers 503 (no ready endpoint) to 99% of them.
    api_requests = lambda ago: lerp(35.0, 52.0, rise(ago, rollout - 1, 3)) * wave(ago, 0.04)
    api_errors = lambda ago: lerp(0.0005, 0.99, rise(ago, rollout - 1, 2))
    api = {**ingress, "ingress": "api-server", "path": "/", "service": "api-server"}
    m.counter("nginx_ingress_controller_requests", {**api, "status": "200"}, lambda ago: api_requests(ago) * (1 - api_errors(ago)))
    m.counter("nginx_ingress_controller_requests", {**api, "status": "503"}, lambda ago: api_requests(ago) * api_errors(ago))
    m.histogram(
        "nginx_ingress_controller_request_duration_seconds",
        api,
        api_requests,
        lambda ago: 0.002 if crashed(ago) else 0.06,
        lambda ago: 0.01 if crashed(ago) else 0.4,
    )
    # realtime-ws and campaigns received the same change and survived.
    for service, rate in (("realtime-ws", 18.0), ("campaigns", 6.0)):
        labels = {**ingress, "ingress": service, "path": "/", "service": service}
        m.counter("nginx_ingress_controller_requests", {**labels, "status": "200"}, lambda ago, r=rate: r * wave(ago + 2, 0.04))
        m.counter("nginx_ingress_controller_requests", {**labels, "status": "502"}, lambda ago, r=rate: r * 0.0005)
        if service == "realtime-ws":
            m.histogram(
                "nginx_ingress_controller_request_duration_seconds",
                labels,
                lambda ago, r=rate: r * wave(ago + 2, 0.04),
                lambda ago: 0.05,
                lambda ago: 0.3,
            )

    old = [("api-server-7c9d5b8f6d-4xj2m", "10.42.1.14"), ("api-server-7c9d5b8f6d-9qv7n", "10.42.2.37"), ("api-server-7c9d5b8f6d-tk5w8", "10.42.3.8")]
    new = [("api-server-5f8b9c7d4e-k2x9q", "10.42.1.23"), ("api-server-5f8b9c7d4e-p7m4t", "10.42.2.41"), ("api-server-5f8b9c7d4e-z8r2w", "10.42.3.19")]
    # Restarts of the new pods: the crash-loop back-off doubles (10 s … 5 min).
    crash_offsets = [1, 2, 4, 7, 11, 16, 21]
    restarts_of = {new[0][0]: 7, new[1][0]: 7, new[2][0]: 6}
    for pod, ip in old:
        live = lambda ago: ago > rollout - 1
        m.gauge("up", {"instance": f"{ip}:8080", "job": "api-server", "namespace": "api", "pod": pod, "service": "api-server"}, lambda ago, l=live: 1.0 if l(ago) else None)
        labels = {"container": "api-server", "namespace": "api", "pod": pod, "uid": pod[-5:]}
        m.gauge("kube_pod_container_status_restarts_total", labels, lambda ago, l=live: 0.0 if l(ago) else None)
        container(
            m, "api", pod, "api-server", 1.0, 512 * MI,
            lambda ago, l=live: 0.3 * wave(ago, 0.04) if l(ago) else None,
            lambda ago, l=live: 0.55 * wave(ago, 0.01) if l(ago) else None,
        )
    for pod, ip in new:
        since = lambda ago: rollout - ago  # minutes since the rollout
        count = restarts_of[pod]
        restarts = lambda ago, c=count: float(sum(1 for o in crash_offsets[:c] if o <= since(ago)))
        exists = lambda ago: ago <= rollout
        # A scrape only succeeds in the few seconds a container runs.
        m.gauge(
            "up",
            {"instance": f"{ip}:8080", "job": "api-server", "namespace": "api", "pod": pod, "service": "api-server"},
            lambda ago: (0.0 if since(ago) not in crash_offsets else 1.0) if exists(ago) else None,
        )
        labels = {"container": "api-server", "namespace": "api", "pod": pod, "uid": pod[-5:]}
        m.gauge("kube_pod_container_status_restarts_total", labels, lambda ago, r=restarts: r(ago) if exists(ago) else None)
        m.gauge(
            "kube_pod_container_status_waiting_reason",
            {**labels, "reason": "CrashLoopBackOff"},
            lambda ago: 1.0 if exists(ago) and since(ago) >= 1 and since(ago) not in crash_offsets else None,
        )
        m.gauge(
            "kube_pod_container_status_last_terminated_reason",
            {**labels, "reason": "Error"},
            lambda ago: 1.0 if exists(ago) and since(ago) >= 1 else None,
        )
        container(
            m, "api", pod, "api-server", 1.0, 512 * MI,
            lambda ago: (0.9 if since(ago) in crash_offsets else 0.0) if exists(ago) else None,
            lambda ago: (0.1 if since(ago) in crash_offsets else 0.0) if exists(ago) else None,
        )
    for deployment, healthy in (("api-server", False), ("realtime-ws", True), ("campaigns", True)):
        replicas = 3 if deployment == "api-server" else 2
        labels = {"deployment": deployment, "namespace": "api"}
        m.gauge("kube_deployment_spec_replicas", labels, lambda ago, r=replicas: float(r))
        m.gauge(
            "kube_deployment_status_replicas_available",
            labels,
            lambda ago, r=replicas, h=healthy: float(r) if h or ago > rollout - 1 else 0.0,
        )
        m.gauge(
            "kube_deployment_status_observed_generation",
            labels,
            lambda ago, h=healthy: 5.0 if h else (7.0 if ago > rollout else 8.0),
        )
    for service, pod, node in (("realtime-ws", "realtime-ws-8d7c6b5f4-h2k9x", "node-a"), ("realtime-ws", "realtime-ws-8d7c6b5f4-w4t7m", "node-b"), ("campaigns", "campaigns-6c5b4d8f7-r9p2j", "node-c")):
        container(m, "api", pod, service, 0.5, 256 * MI, lambda ago: 0.35 * wave(ago, 0.04), lambda ago: 0.6 * wave(ago, 0.01), node=node)
        labels = {"container": service, "namespace": "api", "pod": pod, "uid": pod[-5:]}
        m.gauge("kube_pod_container_status_restarts_total", labels, lambda ago: 0.0)
        m.gauge("up", {"instance": f"{pod}:8080", "job": service, "namespace": "api", "pod": pod, "service": service}, lambda ago: 1.0)
    node_exporter(m, ["node-a", "node-b"])
    alert(m, "KubePodCrashLooping", "warning", 18, {"container": "api-server", "namespace": "api"})
    alert(m, "KubeDeploymentReplicasMismatch", "critical", 10, {"deployment": "api-server", "namespace": "api"})
    alert(m, "IngressHigh5xx", "critical", 22, {"ingress": "api-server", "namespace": "api"})
    return m


# ---------------------------------------------------------------------------
# 002: api-server's database connection pool exhausted (98/100, 24 waiting).
# http_requests_total with summaries; generic db_connections_* pool metrics.
# ---------------------------------------------------------------------------


def db_pool_exhaustion():
    m = OpenMetrics("2026-11-21T14:00:00Z")
    # The seed's timeline, its 01:00 at 13:30: the pool climbs to 75% by 13:32,
    # 90% at 13:45, first errors at 13:50, 98% and 25% 5xx at 13:55.
    handlers = {"api-server": ("/api/v1/orders", ["a1", "a2"], 50.0), "web-service": ("/checkout", ["w1", "w2"], 40.0)}
    errors = {
        "api-server": [(11, 0.002), (10, 0.02), (5, 0.25)],
        "web-service": [(10, 0.00125), (9, 0.02), (4, 0.2075)],
    }
    for service, (handler, instances, rate) in handlers.items():
        for index, instance in enumerate(instances):
            share = rate / len(instances)
            total = lambda ago, s=share, i=index: s * wave(ago + i, 0.03)
            labels = {"handler": handler, "instance": f"{service}-{instance}:8080", "method": "POST", "service": service}
            err = lambda ago, s=service: curve(ago, errors[s])
            m.counter("http_requests_total", {**labels, "status": "200"}, lambda ago, t=total, e=err: t(ago) * (1 - e(ago)))
            # The pool times out (503) or the gateway gives up (504).
            m.counter("http_requests_total", {**labels, "status": "503"}, lambda ago, t=total, e=err: t(ago) * e(ago) * 0.7)
            m.counter("http_requests_total", {**labels, "status": "504"}, lambda ago, t=total, e=err: t(ago) * e(ago) * 0.3)
            m.counter("http_requests_total", {**labels, "status": "404"}, lambda ago, t=total: t(ago) * 0.004)
    latency = {
        "api-server": {
            "0.5": [(20, 0.08), (15, 0.3), (10, 0.8), (5, 1.2)],
            "0.95": [(20, 0.12), (15, 0.4), (10, 1.2), (5, 2.0)],
            "0.99": [(20, 0.15), (15, 0.5), (10, 1.6), (5, 2.8)],
        },
        "web-service": {
            "0.5": [(19, 0.09), (14, 0.3), (9, 0.9), (4, 1.4)],
            "0.95": [(19, 0.15), (14, 0.5), (9, 1.5), (4, 2.3)],
            "0.99": [(19, 0.2), (14, 0.6), (9, 1.9), (4, 3.1)],
        },
    }
    for service, (handler, instances, rate) in handlers.items():
        for index, instance in enumerate(instances):
            labels = {"instance": f"{service}-{instance}:8080", "service": service}
            # The second instance a little better: the summary's worst one is the seed's number.
            factor = 1.0 if index == 0 else 0.93
            m.summary_quantiles(
                "http_request_duration_seconds",
                labels,
                {
                    q: (lambda ago, k=knots, f=factor, i=index: round(curve(ago, k) * f * wave(ago + i, 0.02 if ago > 5 else 0.0), 4))
                    for q, knots in latency[service].items()
                },
            )
            m.counter("http_request_duration_seconds_count", labels, lambda ago, r=rate / len(instances): r)
            m.counter(
                "http_request_duration_seconds_sum",
                labels,
                lambda ago, r=rate / len(instances), s=service: r * curve(ago, latency[s]["0.5"]) * 1.2,
            )
            m.gauge("up", {"instance": f"{service}-{instance}:8080", "job": service, "service": service}, lambda ago: 1.0)
    # The pool of api-server: 45 of 100 connections before, 75 at 13:32, 90 at 13:45, 98 from 13:53.
    pool = {"pool": "orders", "service": "api-server"}
    m.gauge(
        "db_connections_active",
        pool,
        lambda ago: float(min(100, round(curve(ago, [(32, 45.0), (28, 75.0), (15, 90.0), (7, 98.0)]) * wave(ago, 0.04 if ago > 7 else 0.0)))),
    )
    m.gauge("db_connections_idle", pool, lambda ago: float(max(0, 100 - round(curve(ago, [(32, 45.0), (28, 75.0), (15, 90.0), (7, 98.0)])) - 2)))
    m.gauge("db_connections_max", pool, lambda ago: 100.0)
    m.gauge("db_connections_waiting", pool, lambda ago: float(round(curve(ago, [(16, 0.0), (12, 6.0), (5, 24.0)]) * wave(ago, 0.04 if ago > 5 else 0.0))))
    # A healthy neighbour with its own small pool: auth.
    auth = {"handler": "/token", "instance": "auth-1:8080", "method": "POST", "service": "auth"}
    m.counter("http_requests_total", {**auth, "status": "200"}, lambda ago: 15.0 * wave(ago + 1, 0.03))
    m.counter("http_requests_total", {**auth, "status": "500"}, lambda ago: 0.002)
    m.summary_quantiles(
        "http_request_duration_seconds",
        {"instance": "auth-1:8080", "service": "auth"},
        {"0.5": lambda ago: 0.02, "0.95": lambda ago: 0.05, "0.99": lambda ago: round(0.08 * wave(ago, 0.05), 4)},
    )
    m.gauge("up", {"instance": "auth-1:8080", "job": "auth", "service": "auth"}, lambda ago: 1.0)
    m.gauge("db_connections_active", {"pool": "users", "service": "auth"}, lambda ago: float(round(6 * wave(ago, 0.2))))
    m.gauge("db_connections_max", {"pool": "users", "service": "auth"}, lambda ago: 20.0)
    m.gauge("db_connections_waiting", {"pool": "users", "service": "auth"}, lambda ago: 0.0)
    # CPU 85% (baseline 35%) and 72% (40%); memory 78% (50%) and 65% (45%).
    for service, pod, node, cpu, memory in (
        ("api-server", "api-server-6d9f8b7c5-k4m2p", "node-a", (0.35, 0.85), (0.50, 0.78)),
        ("web-service", "web-service-7f6c5d9b8-t8v3n", "node-b", (0.40, 0.72), (0.45, 0.65)),
        ("auth", "auth-5b4c8d7f6-z2x9q", "node-b", (0.2, 0.2), (0.3, 0.3)),
    ):
        container(
            m, "prod", pod, service, 2.0, 2 * GI,
            lambda ago, c=cpu: lerp(c[0], c[1], rise(ago, 28, 18)) * wave(ago, 0.03 if ago > 5 else 0.0),
            lambda ago, mm=memory: lerp(mm[0], mm[1], rise(ago, 28, 20)) * wave(ago, 0.01),
            node=node,
            pod_cgroup=True,
        )
    node_exporter(m, ["node-a", "node-b"])
    alert(m, "DatabasePoolExhausted", "critical", 13, {"service": "api-server"})
    alert(m, "HighLatencyP99", "warning", 17, {"service": "web-service"})
    alert(m, "HighErrorRate", "page", 8, {"service": "api-server"})
    return m


# ---------------------------------------------------------------------------
# 003: a misconfigured integration floods WSDS; one load balancer falls over.
# http_requests_total with a `client` label, histograms.
# ---------------------------------------------------------------------------


def integration_flood():
    m = OpenMetrics("2026-11-21T10:20:00Z")
    flood_start = 25  # 09:55
    flood = lambda ago: rise(ago, flood_start, 4)
    clients = {
        "social-analytics-sync": lambda ago: lerp(6.0, 1450.0, flood(ago)),
        "web-frontend": lambda ago: 60.0,
        "mobile-app": lambda ago: 35.0,
        "partner-crm": lambda ago: 12.0,
        "status-page": lambda ago: 1.0,
        "backoffice": lambda ago: 6.0,
    }
    # 502/503/504 from the overwhelmed balancer and backends: a quarter of requests.
    error = lambda ago: curve(ago, [(23, 0.0008), (20, 0.1), (15, 0.25)])
    instances = ["wsds-1", "wsds-2"]
    for client, rate in clients.items():
        for index, instance in enumerate(instances):
            labels = {"client": client, "instance": f"{instance}:8080", "service": "wsds"}
            total = lambda ago, r=rate, i=index, c=client: r(ago) / 2 * wave(ago + i + len(c), 0.03)
            m.counter("http_requests_total", {**labels, "status": "200"}, lambda ago, t=total: t(ago) * (1 - error(ago)))
            m.counter("http_requests_total", {**labels, "status": "503"}, lambda ago, t=total: t(ago) * error(ago))
    total_rate = lambda ago: sum(r(ago) for r in clients.values())
    for index, instance in enumerate(instances):
        labels = {"instance": f"{instance}:8080", "service": "wsds"}
        m.histogram(
            "http_request_duration_seconds",
            labels,
            lambda ago, i=index: total_rate(ago) / 2 * wave(ago + i, 0.03),
            lambda ago: curve(ago, [(25, 0.05), (20, 0.6), (16, 1.5)]),
            lambda ago: curve(ago, [(25, 0.3), (20, 2.0), (16, 6.0)]),
        )
        m.gauge("up", {"instance": f"{instance}:8080", "job": "wsds", "service": "wsds"}, lambda ago: 1.0)
    # The pair of load balancers in front: wsds-lb-2 stops answering at 10:07.
    for lb in ("wsds-lb-1", "wsds-lb-2"):
        m.gauge(
            "up",
            {"instance": f"{lb}:9101", "job": "wsds-lb", "service": "wsds-lb"},
            lambda ago, lb=lb: 0.0 if lb == "wsds-lb-2" and ago <= 13 else 1.0,
        )
    # A healthy neighbour: accounts.
    for status, share in (("200", 0.998), ("500", 0.002)):
        m.counter(
            "http_requests_total",
            {"client": "web-frontend", "instance": "accounts-1:8080", "service": "accounts", "status": status},
            lambda ago, s=share: 22.0 * s * wave(ago + 4, 0.03),
        )
    m.histogram("http_request_duration_seconds", {"instance": "accounts-1:8080", "service": "accounts"}, lambda ago: 22.0, lambda ago: 0.03, lambda ago: 0.15)
    m.gauge("up", {"instance": "accounts-1:8080", "job": "accounts", "service": "accounts"}, lambda ago: 1.0)
    # The backends are busy, not saturated: the balancer in front gives way.
    for index, pod in enumerate(["wsds-7c8d9f6b5-j4k8m", "wsds-7c8d9f6b5-n2p6q"]):
        container(
            m, "web", pod, "wsds", 4.0, 4 * GI,
            lambda ago, i=index: lerp(0.45, 0.76, rise(ago, flood_start, 6)) * wave(ago + i, 0.02),
            lambda ago, i=index: lerp(0.5, 0.62, rise(ago, flood_start, 15)) * wave(ago + i, 0.01),
            node=f"node-{'ab'[index]}",
        )
    container(m, "web", "accounts-6b5c4d7f8-x9z3w", "accounts", 1.0, 1 * GI, lambda ago: 0.25 * wave(ago, 0.03), lambda ago: 0.4 * wave(ago, 0.01), node="node-b")
    node_exporter(m, ["node-a", "node-b"], busy=lambda ago: lerp(0.35, 0.7, rise(ago, flood_start, 6)))
    alert(m, "HighLatency", "warning", 20, {"service": "wsds"})
    alert(m, "HighErrorRate", "critical", 19, {"service": "wsds"})
    alert(m, "TargetDown", "warning", 11, {"job": "wsds-lb"})
    return m


# ---------------------------------------------------------------------------
# 004: a load-balancer weight change sends 84% of the traffic to api-1, which
# is OOM-killed again and again. HAProxy's own exporter, per server.
# ---------------------------------------------------------------------------


def lb_weight_imbalance():
    m = OpenMetrics("2026-11-21T15:00:00Z")
    change = 32  # 14:28: api-1's weight 16 → 256 (the others keep 16)
    ooms = [16, 13, 9, 3]  # api-1 OOM-killed at 14:44, 14:47, 14:51, 14:57
    haproxy = {"instance": "haproxy-0:8405", "job": "haproxy"}
    servers = {"api-0": 0.252, "api-1": 0.25, "api-2": 0.247, "api-3": 0.251}
    weight = lambda server, ago: 256.0 if server == "api-1" and ago <= change else 16.0
    total_weight = lambda ago: sum(weight(s, ago) for s in servers)
    total = lambda ago: 200.0 * wave(ago, 0.03)

    def share(server, ago):
        before = servers[server]
        after = weight(server, ago) / total_weight(ago) * (1 + (0.01 if server != "api-1" else -0.002))
        return lerp(before, after, rise(ago, change, 2))

    def error_share(server, ago):
        """api-1: slow then failing (503s while it restarts); the others fine."""
        if server != "api-1":
            return 0.0005
        return curve(ago, [(28, 0.0005), (24, 0.06), (17, 0.14), (14, 0.7)])

    codes = ("2xx", "3xx", "4xx", "5xx")
    for server in servers:
        labels = {**haproxy, "proxy": "api", "server": server}
        rate = lambda ago, s=server: total(ago) * share(s, ago)
        for code in codes:
            if code == "2xx":
                f = lambda ago, s=server, r=rate: r(ago) * (1 - error_share(s, ago) - 0.01)
            elif code == "4xx":
                f = lambda ago, r=rate: r(ago) * 0.01
            elif code == "5xx":
                f = lambda ago, s=server, r=rate: r(ago) * error_share(s, ago)
            else:
                f = lambda ago: 0.0
            m.counter("haproxy_server_http_responses_total", {**labels, "code": code}, f)
        m.gauge("haproxy_server_weight", labels, lambda ago, s=server: weight(s, ago))
        m.gauge(
            "haproxy_server_status",
            {**labels, "state": "UP"},
            lambda ago, s=server: 0.0 if s == "api-1" and any(o - 1 <= ago <= o for o in ooms) else 1.0,
        )
        m.counter(
            "haproxy_server_check_failures_total",
            labels,
            lambda ago, s=server: (0.05 if s == "api-1" and any(o - 1 <= ago <= o for o in ooms) else 0.0),
            start=3.0,
        )
        m.gauge(
            "haproxy_server_current_sessions",
            labels,
            lambda ago, s=server: float(round(total(ago) * share(s, ago) * (0.05 if s != "api-1" or ago > 28 else 0.9))),
        )
    # The backend: the sum of its servers.
    backend = {**haproxy, "proxy": "api"}
    m.counter("haproxy_backend_http_requests_total", backend, total)
    for code in codes:
        if code == "2xx":
            f = lambda ago: sum(total(ago) * share(s, ago) * (1 - error_share(s, ago) - 0.01) for s in servers)
        elif code == "4xx":
            f = lambda ago: total(ago) * 0.01
        elif code == "5xx":
            f = lambda ago: sum(total(ago) * share(s, ago) * error_share(s, ago) for s in servers)
        else:
            f = lambda ago: 0.0
        m.counter("haproxy_backend_http_responses_total", {**backend, "code": code}, f)
    m.gauge("haproxy_backend_active_servers", backend, lambda ago: 3.0 if any(o - 1 <= ago <= o for o in ooms) else 4.0)
    # A healthy neighbour backend with three equal servers.
    for server in ("web-0", "web-1", "web-2"):
        labels = {**haproxy, "proxy": "web", "server": server}
        for code in codes:
            rate = {"2xx": 39.5, "3xx": 0.4, "4xx": 0.09, "5xx": 0.01}.get(code, 0.0) / 3
            m.counter("haproxy_server_http_responses_total", {**labels, "code": code}, lambda ago, r=rate, s=server: r * wave(ago + len(s) + int(s[-1]), 0.03))
        m.gauge("haproxy_server_weight", labels, lambda ago: 100.0)
        m.gauge("haproxy_server_status", {**labels, "state": "UP"}, lambda ago: 1.0)
    m.counter("haproxy_backend_http_requests_total", {**haproxy, "proxy": "web"}, lambda ago: 40.0 * wave(ago + 1, 0.01))
    for code in codes:
        rate = {"2xx": 39.5, "3xx": 0.4, "4xx": 0.09, "5xx": 0.01}.get(code, 0.0)
        m.counter("haproxy_backend_http_responses_total", {**haproxy, "proxy": "web", "code": code}, lambda ago, r=rate: r * wave(ago + 1, 0.01))
    m.gauge("up", {**haproxy}, lambda ago: 1.0)
    # The API pods (StatefulSet api): api-1 saturated, OOM-killed four times.
    for index, pod in enumerate(servers):
        ids = {"container": "api", "namespace": "api", "pod": pod, "uid": f"{index}a7c"}
        if pod == "api-1":
            cpu = lambda ago: curve(ago, [(change, 0.45), (25, 0.97)]) * wave(ago, 0.01)
            # Memory fills to the limit, is killed, refills.
            memory = lambda ago: (
                0.25 if any(o - 1 <= ago <= o for o in ooms) else min(0.995, curve(ago, [(change, 0.55), (17, 0.99), (14, 0.9)]) * wave(ago, 0.01))
            )
            restarts = lambda ago: float(sum(1 for o in ooms if ago <= o))
        else:
            cpu = lambda ago, i=index: lerp(0.45, 0.12, rise(ago, change, 3)) * wave(ago + i, 0.03)
            memory = lambda ago, i=index: lerp(0.55, 0.4, rise(ago, change, 20)) * wave(ago + i, 0.01)
            restarts = lambda ago: 0.0
        container(m, "api", pod, "api", 2.0, 1 * GI, cpu, memory, node=f"node-{'abcd'[index]}")
        m.gauge("kube_pod_container_status_restarts_total", ids, restarts)
        if pod == "api-1":
            m.gauge(
                "kube_pod_container_status_last_terminated_reason",
                {**ids, "reason": "OOMKilled"},
                lambda ago: 1.0 if ago <= ooms[0] else None,
            )
            m.gauge(
                "kube_pod_container_status_waiting_reason",
                {**ids, "reason": "CrashLoopBackOff"},
                lambda ago: 1.0 if ago in (12, 8, 7, 2, 1, 0) else None,
            )
    node_exporter(m, ["node-a", "node-b"])
    alert(m, "HAProxyBackendHighErrorRate", "critical", 26, {"proxy": "api"})
    alert(m, "KubePodCrashLooping", "warning", 8, {"container": "api", "namespace": "api", "pod": "api-1"})
    alert(m, "ContainerOOMKilled", "warning", 15, {"container": "api", "namespace": "api", "pod": "api-1"})
    return m


SCENARIOS = {
    "000-sms-retry-storm": sms_retry_storm,
    "001-cors-config-crashloop": cors_config_crashloop,
    "002-db-pool-exhaustion": db_pool_exhaustion,
    "003-integration-flood": integration_flood,
    "004-lb-weight-imbalance": lb_weight_imbalance,
}


def main(argv):
    check = "--check" in argv
    prefixes = [a for a in argv if not a.startswith("--")]
    stale = []
    for name, build in SCENARIOS.items():
        if prefixes and not any(name.startswith(p) for p in prefixes):
            continue
        text = build().text()
        path = HERE / name / "prometheus.om"
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"{path.relative_to(HERE)}: {len(text)} bytes, {text.count(chr(10)) - 1} samples")
    if stale:
        print("stale (run python3 tests/scenarios/generate.py):\n  " + "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
