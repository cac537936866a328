#!/bin/sh
# Minimises each target's corpus in place, to the smallest set of inputs that
# still reaches every edge the whole corpus reached (libFuzzer's set-cover
# merge on edge coverage only, no hit counters or comparisons: counters keep
# thousands of near-duplicates that add megabytes and no new code).
# Usage: fuzz/minimise.sh [TARGET...]   (after fuzz/run_all.sh has built them)
set -eu
cd "$(dirname "$0")/.."
targets=${*:-"prometheus_response kubernetes_objects certificate_der postgres_dsn_pgpass config_file evidence_bundle"}
for target in $targets; do
    corpus=fuzz/corpus/$target
    kept=$(mktemp -d)
    "fuzz/target/x86_64-unknown-linux-gnu/release/$target" -set_cover_merge=1 \
        -use_counters=0 -use_cmp=0 -use_value_profile=0 -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 "$kept" "$corpus" >"fuzz/logs/$target.minimise.log" 2>&1
    before=$(ls "$corpus" | wc -l)
    rm -rf "$corpus"
    mv "$kept" "$corpus"
    chmod 755 "$corpus"
    echo "$target: $before inputs -> $(ls "$corpus" | wc -l) ($(du -sh "$corpus" | cut -f1))"
done
