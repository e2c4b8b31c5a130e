#!/usr/bin/env bash
# Prints fuzz/campaign-log.tsv summed per target as a Markdown table (for
# docs/reliability.md): runs, failed runs, seconds fuzzed, executions, and
# the highest cov/ft libFuzzer reported. The corpus carries over between
# runs, so cov and ft are those of the whole campaign.
set -euo pipefail
log="$(cd "$(dirname "$0")/.." && pwd)/campaign-log.tsv"
echo "| target | runs | failed | seconds | executions | cov | ft |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk -F'\t' 'NR > 1 {
    t = $2; runs[t]++; secs[t] += $3; execs[t] += $4
    if ($5 > cov[t]) cov[t] = $5
    if ($6 > ft[t]) ft[t] = $6
    if ($7 != "ok") failed[t]++
} END {
    for (t in runs) printf "| `%s` | %d | %d | %d | %d | %d | %d |\n", t, runs[t], failed[t] + 0, secs[t], execs[t], cov[t], ft[t]
}' "$log" | sort
