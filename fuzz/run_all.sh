#!/bin/sh
# Fuzzes every target for SECONDS (default 600) each, one after another, and
# prints each target's executions. Crashes land in fuzz/artifacts/TARGET/.
# Usage: fuzz/run_all.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-"prometheus_response kubernetes_objects certificate_der postgres_dsn_pgpass config_file evidence_bundle"}
mkdir -p fuzz/logs fuzz/artifacts
status=0
# Built once, then run directly: a source edit meanwhile does not restart a build per target.
cargo +nightly fuzz build -O -a -s none
for target in $targets; do
    log=fuzz/logs/$target.log
    mkdir -p "fuzz/artifacts/$target"
    "fuzz/target/x86_64-unknown-linux-gnu/release/$target" "fuzz/corpus/$target" \
        -artifact_prefix="fuzz/artifacts/$target/" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1 || { echo "$target: FAILED, see $log"; status=1; }
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "$target: $runs executions in ${seconds}s"
done
exit $status
