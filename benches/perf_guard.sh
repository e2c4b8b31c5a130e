#!/usr/bin/env bash
# Perf-regression guard (#9): counts the instructions (callgrind) of the
# graph timing binary on the S organisation graph (2,000 members, 10,000
# ties) for a few operations, and fails only when an operation needs more
# than 3x the instructions recorded in benches/perf-baseline.tsv. Instruction
# counts do not depend on the machine's load, so this does not flap on a
# shared CI machine; it catches gross regressions (a lost optimisation, an
# accidental O(n^2)), not small ones.
#
#   bash benches/perf_guard.sh            # check
#   bash benches/perf_guard.sh --update   # rewrite the baseline
#
# Skips (exit 0, with a message) when valgrind is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
  echo "perf guard skipped: valgrind is not installed (apt-get install valgrind)"
  exit 0
fi
baseline=benches/perf-baseline.tsv
out=target/perf-guard
mkdir -p "$out"
cargo build --release --locked -p colead-bench --bin colead-graph-op --bin colead-sbm
[ -s "$out/S/edges.txt" ] || target/release/colead-sbm 2000 "$out/S" >/dev/null
# Weighted betweenness (#9) reads S with strengths 1 + (31u + 17v) mod 5.
[ -s "$out/S/wedges.txt" ] || awk '!/^#/ && NF >= 2 {print $1, $2, 1 + ($1 * 31 + $2 * 17) % 5}' \
  "$out/S/edges.txt" >"$out/S/wedges.txt"
ops="load betweenness betweenness_weighted closeness pagerank core_number clustering louvain components"
update=0
[ "${1:-}" = "--update" ] && update=1 && : >"$out/new-baseline.tsv"
fail=0
printf '%-20s %15s %15s %7s\n' operation instructions baseline ratio
for op in $ops; do
  file="$out/S/edges.txt"
  [ "$op" = betweenness_weighted ] && file="$out/S/wedges.txt"
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.$op" \
    target/release/colead-graph-op "$op" "$file" 1 >/dev/null 2>"$out/valgrind.$op.log"
  count=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/valgrind.$op.log")
  if [ "$update" = 1 ]; then
    printf '%s\t%s\n' "$op" "$count" >>"$out/new-baseline.tsv"
    printf '%-20s %15s\n' "$op" "$count"
    continue
  fi
  base=$(awk -v op="$op" '$1 == op { print $2 }' "$baseline")
  if [ -z "$base" ]; then
    printf '%-20s %15s %15s\n' "$op" "$count" "(none)"
    continue
  fi
  ratio=$(awk -v a="$count" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
  flag=""
  if awk -v r="$ratio" 'BEGIN { exit !(r > 3.0) }'; then flag="  REGRESSION (> 3x)"; fail=1; fi
  printf '%-20s %15s %15s %7s%s\n' "$op" "$count" "$base" "$ratio" "$flag"
done
if [ "$update" = 1 ]; then
  { echo "# operation	instructions (callgrind, colead-graph-op OP S/edges.txt 1); benches/perf_guard.sh --update"
    cat "$out/new-baseline.tsv"; } >"$baseline"
  echo "baseline written to $baseline"
fi
exit "$fail"
