#!/usr/bin/env bash
# Runs one cargo-fuzz target for SECONDS and appends its result to
# fuzz/campaign-log.tsv: date, target, seconds fuzzed, executions, cov, ft
# (libFuzzer's final coverage counters), status.
#
#   fuzz/scripts/campaign.sh TARGET SECONDS
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz
# --locked`). Inputs longer than 1 s (-timeout=1) or over 2 GiB of memory
# (-rss_limit_mb=2048) count as failures, like crashes. No sanitizer: the
# library forbids `unsafe`, so AddressSanitizer would only halve the speed. The corpus grows in
# fuzz/corpus/TARGET (not committed); fuzz/seeds/TARGET seeds it.
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 TARGET SECONDS" >&2
    exit 2
fi
target=$1
seconds=$2
fuzz_dir=$(cd "$(dirname "$0")/.." && pwd)
cd "$fuzz_dir"
mkdir -p "corpus/$target" "seeds/$target" logs
log="logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
status=ok
start=$(date +%s)
cargo +nightly fuzz run --sanitizer none "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || status=fail
# Seconds fuzzed: libFuzzer's own count when it ran to the end, else the
# wall time (build included) until it stopped on a failure.
ran=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
ran=${ran:-$(($(date +%s) - start))}
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
if [ -z "$execs" ]; then
    execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
fi
stats=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true)
cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$stats")
ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$stats")
if [ ! -f campaign-log.tsv ]; then
    printf 'date\ttarget\tseconds\texecutions\tcov\tft\tstatus\n' >campaign-log.tsv
fi
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$target" "$ran" \
    "${execs:-0}" "${cov:-0}" "${ft:-0}" "$status" >>campaign-log.tsv
echo "$target: $status, ${execs:-0} executions, cov ${cov:-0}, ft ${ft:-0} (log: fuzz/$log)"
[ "$status" = ok ]
