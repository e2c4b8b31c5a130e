#!/usr/bin/env bash
# Prints fuzz/campaign-log.tsv summed per target as a Markdown table (for
# docs/reliability.md): runs, failed runs, seconds fuzzed, executions, and
# the highest cov/ft libFuzzer reported, and the seconds fuzzed clean since
# the last failed run (the fix of what it found is in every later run).
# The corpus carries over between runs, so cov and ft are those of the
# whole campaign.
set -euo pipefail
log="$(cd "$(dirname "$0")/.." && pwd)/campaign-log.tsv"
echo "| target | runs | failed | seconds | clean since last failure | executions | cov | ft |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' 'NR > 1 {
    t = $2; runs[t]++; secs[t] += $3; execs[t] += $4
    if ($5 > cov[t]) cov[t] = $5
    if ($6 > ft[t]) ft[t] = $6
    if ($7 != "ok") { failed[t]++; clean[t] = 0 } else clean[t] += $3
} END {
    for (t in runs) printf "| `%s` | %d | %d | %d | %d | %d | %d | %d |\n", t, runs[t], failed[t] + 0, secs[t], clean[t], execs[t], cov[t], ft[t]
}' "$log" | sort
