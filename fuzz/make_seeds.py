#!/usr/bin/env python3
"""Writes the starting corpus of every fuzz target from the example incidents
(examples/incidents/*.json), the Kubernetes fixtures and the example config,
shrunk so that the fuzzer mutates small inputs. Run once before the first
fuzzing run; the committed corpus (fuzz/corpus/) is what the fuzzer kept."""

import base64
import copy
import glob
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def shrink_series(series, points=12):
    for s in series:
        values = s.get("values", [])
        stride = max(1, len(values) // points)
        s["values"] = values[::stride][:points]
    return series[:3]


def shrink_list(items, keep=3):
    return items[:keep]


def shrink_snapshot(snapshot):
    snapshot = copy.deepcopy(snapshot)
    for kind in ("pods", "deployments", "statefulsets", "daemonsets", "replicasets",
                 "events", "nodes", "hpas", "configmaps"):
        if kind in snapshot:
            snapshot[kind] = shrink_list(snapshot[kind])
    for item in snapshot.get("pods", []) + snapshot.get("deployments", []) + snapshot.get("replicasets", []):
        item.get("metadata", {}).pop("managedFields", None)
    return snapshot


def shrink_bundle(bundle):
    bundle = copy.deepcopy(bundle)
    prometheus = bundle.get("prometheus")
    if prometheus:
        signals = prometheus["series"][:6]
        for signal in signals:
            signal["series"] = shrink_series(signal["series"])
        prometheus["series"] = signals
        if "alerts" in prometheus:
            prometheus["alerts"] = shrink_series(prometheus["alerts"])
    for database in bundle.get("postgres", []):
        snapshot = database.get("snapshot") or {}
        for key, value in list(snapshot.items()):
            if isinstance(value, list):
                snapshot[key] = value[:8]
    if bundle.get("kubernetes"):
        bundle["kubernetes"] = shrink_snapshot(bundle["kubernetes"])
    return bundle


def pem_blocks(text):
    return re.findall(r"-----BEGIN CERTIFICATE-----\n(.*?)-----END CERTIFICATE-----", text, re.S)


def main():
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "incidents", "*.json"))):
        name = os.path.basename(path)[:-5]
        bundle = json.load(open(path))
        write("evidence_bundle", name, json.dumps(shrink_bundle(bundle), separators=(",", ":")))
        if bundle.get("kubernetes"):
            write("kubernetes_objects", name, json.dumps(shrink_snapshot(bundle["kubernetes"])))
        prometheus = bundle.get("prometheus")
        if prometheus:
            for index, signal in enumerate(prometheus["series"][:4]):
                matrix = {"status": "success", "data": {"resultType": "matrix",
                          "result": shrink_series(copy.deepcopy(signal["series"]))}}
                write("prometheus_response", f"{name}-matrix-{index}", json.dumps(matrix))
            if prometheus.get("alerts"):
                alerts = {"status": "success", "data": {"resultType": "matrix",
                          "result": shrink_series(copy.deepcopy(prometheus["alerts"]))}}
                write("prometheus_response", f"{name}-alerts", json.dumps(alerts))
        for observation in bundle.get("tls", []):
            chain = observation.get("chain", "")
            text = chain if isinstance(chain, str) else "".join(chain)
            for index, block in enumerate(pem_blocks(text)):
                write("certificate_der", f"{name}-{index}.der", base64.b64decode(block))
            if text:
                write("certificate_der", f"{name}-chain.pem", text)

    write("prometheus_response", "vector", json.dumps({"status": "success", "data": {
        "resultType": "vector", "result": [{"metric": {"service": "api", "instance": "a"},
                                           "value": [1700000000.5, "NaN"]}]}}))
    write("prometheus_response", "scalar", '{"status":"success","data":{"resultType":"scalar","result":[1700000000,"+Inf"]}}')
    write("prometheus_response", "error", '{"status":"error","errorType":"bad_data","error":"parse error"}')
    write("prometheus_response", "alerts", json.dumps({"status": "success", "data": {"alerts": [
        {"labels": {"alertname": "HighErrorRate", "severity": "critical"}, "annotations": {"summary": "s"},
         "state": "firing", "activeAt": "2024-01-01T00:00:00Z", "value": "1e+00"}]}}))

    fixtures = os.path.join(ROOT, "tests", "fixtures", "k8s", "incident")
    snapshot = {"collected_at": "2025-11-20T10:00:00Z", "server": "https://k8s.example", "context": None,
                "namespaces": None, "gaps": []}
    for kind, file in (("pods", "pods"), ("deployments", "deployments"), ("replicasets", "replicasets"),
                       ("events", "events"), ("nodes", "nodes"), ("hpas", "hpas"),
                       ("statefulsets", "statefulsets")):
        items = json.load(open(os.path.join(fixtures, file + ".json"))).get("items", [])
        snapshot[kind] = items
    for kind in ("daemonsets", "configmaps"):
        snapshot[kind] = []
    write("kubernetes_objects", "fixture-incident", json.dumps(shrink_snapshot(snapshot)))

    for index, text in enumerate([
        "host=db.example port=5432 dbname=app user=triage password=secret sslmode=verify-full",
        "postgresql://triage:secret@db1.example:5432,db2.example:5433/app?sslmode=require&connect_timeout=5",
        "host=/var/run/postgresql,10.0.0.1 hostaddr=,10.0.0.1 port=5432 application_name='tri age'",
        "postgres://%2Fvar%2Frun%2Fpostgresql/app?target_session_attrs=read-only",
        "db.example:5432:app:triage:s3cr\\:et\n*:*:*:*:fallback\n# comment\nlocalhost:*:postgres:triage:x\n",
    ]):
        write("postgres_dsn_pgpass", f"seed-{index}", text)

    write("config_file", "example.toml", open(os.path.join(ROOT, "examples", "config.toml")).read())


if __name__ == "__main__":
    main()
