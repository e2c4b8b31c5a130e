#!/usr/bin/env bash
# Graph peer comparison (#9): colead vs igraph, NetworKit, rustworkx and
# NetworkX on the same generated organisation graphs, each run in its own
# process, libraries alternating within every repetition, at 1 and 2
# threads. Prints one Markdown table (medians, peak RSS, colead / fastest
# peer) and cross-checks colead's numbers against igraph's.
#
#   bash benches/peers/graph/run.sh            # S and M, about 20 minutes
#   COLEAD_BENCH_L=1 bash benches/peers/graph/run.sh   # and L
#   OPS="betweenness_weighted closeness_weighted" bash benches/peers/graph/run.sh   # weighted (not default ops)
#
# Environment: VENV (default benches/peers/.venv), REPS (3), SIZES
# ("S M", or "S M L" with COLEAD_BENCH_L=1), OPS, LIBS, THREADS ("1 2"),
# EPSILON (approximate betweenness, 0.02), APPEND (1 keeps earlier
# results), SLOW (seconds: a run longer than
# this is not repeated, 20), TIMEOUT (seconds per run, 900). Needs python3
# with venv and PyPI on the first run. Files go under benches/peers/out/graph.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$(pwd)
out="$root/benches/peers/out/graph"
venv="${VENV:-$root/benches/peers/.venv}"
reps="${REPS:-3}"
# L2 (400,000 members, 2,000,000 ties) is the issue's 2-million-edge file,
# used for the load row only.
if [ "${COLEAD_BENCH_L:-0}" = 1 ]; then default_sizes="S M L L2"; else default_sizes="S M"; fi
sizes="${SIZES:-$default_sizes}"
ops="${OPS:-load betweenness approx_betweenness closeness harmonic pagerank louvain core_number components clustering}"
libs="${LIBS:-colead igraph networkit rustworkx networkx}"
threads="${THREADS:-1 2}"
epsilon="${EPSILON:-0.02}"
slow="${SLOW:-20}"
limit="${TIMEOUT:-900}"
mkdir -p "$out"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import networkx, igraph, networkit, rustworkx, scipy" 2>/dev/null; then
  "$venv/bin/pip" install --quiet networkx igraph networkit rustworkx scipy
fi
py="$venv/bin/python"
cargo build --release --locked -p colead-bench --bin colead-graph-op --bin colead-sbm >/dev/null 2>&1 \
  || cargo build --release --locked -p colead-bench --bin colead-graph-op --bin colead-sbm
# A private copy, so that rebuilding during a long run cannot swap it.
bin="$out/bin"
mkdir -p "$bin"
cp "$root/target/release/colead-graph-op" "$root/target/release/colead-sbm" "$bin/"

declare -A members=([S]=2000 [M]=20000 [L]=200000 [L2]=400000)
for size in $sizes; do
  [ -s "$out/$size/edges.txt" ] || "$bin/colead-sbm" "${members[$size]}" "$out/$size" >/dev/null
done

# NetworkX on M and L only where it finishes in minutes (the issue's
# estimates: betweenness ~1 h on M); rustworkx and NetworKit single-thread
# betweenness/harmonic on M+ are 2-4x the fastest peer and take minutes.
skip() { # lib op size threads
  case "$3:$2" in L2:load) [ "$1" = networkx ] && return 0 ;; L2:*) return 0 ;; esac
  case "$3:$1:$2" in
    M:networkx:betweenness|M:networkx:betweenness_weighted|M:networkx:closeness|M:networkx:closeness_weighted|M:networkx:harmonic) return 0 ;;
    L:networkx:*|L:*:betweenness|L:*:betweenness_weighted|L:*:closeness|L:*:closeness_weighted|L:*:harmonic|L:networkit:approx_betweenness) return 0 ;;
    M:rustworkx:betweenness|M:rustworkx:closeness|M:networkit:betweenness|M:networkit:betweenness_weighted|M:networkit:harmonic|M:networkit:approx_betweenness)
      [ "$4" = 1 ] && return 0 ;;
  esac
  # single-threaded libraries run once, under "1 thread"
  case "$1" in igraph|networkx) [ "$4" != 1 ] && return 0 ;; esac
  return 1
}

results="$out/results.jsonl"
# APPEND=1 keeps earlier results (to complete a table in several runs).
[ "${APPEND:-0}" = 1 ] || : >"$results"
declare -A done_slow unsupported
date -u +"start %Y-%m-%dT%H:%M:%SZ, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/when.txt"
for size in $sizes; do
  for op in $ops; do
    file="$out/$size/edges.txt"
    if [ "${op%_weighted}" != "$op" ]; then
      # Deterministic integer tie strengths 1..5 (path length 1/w).
      file="$out/$size/wedges.txt"
      [ -s "$file" ] || awk '!/^#/ && NF >= 2 {print $1, $2, 1 + ($1 * 31 + $2 * 17) % 5}' \
        "$out/$size/edges.txt" >"$file"
    fi
    for rep in $(seq 1 "$reps"); do
      for t in $threads; do
        for lib in $libs; do
          key="$lib:$op:$size:$t"
          if skip "$lib" "$op" "$size" "$t" || [ -n "${done_slow[$key]:-}" ] || [ -n "${unsupported[$lib:$op]:-}" ]; then
            continue
          fi
          values=()
          if [ "$rep" = 1 ] && [ "$t" = 1 ]; then values=(--values "$out/$size/$op.$lib.txt"); fi
          if [ "$lib" = colead ]; then
            cmd=("$bin/colead-graph-op" "$op" "$file" "$t" --epsilon "$epsilon" "${values[@]}")
          else
            cmd=("$py" benches/peers/graph/peer.py "$lib" "$op" "$file" "$t" --epsilon "$epsilon" "${values[@]}")
          fi
          set +e
          line=$(RAYON_NUM_THREADS="$t" OMP_NUM_THREADS="$t" timeout "$limit" "${cmd[@]}" 2>"$out/last.err")
          rc=$?
          set -e
          if [ "$rc" = 3 ]; then unsupported[$lib:$op]=1; continue; fi
          if [ "$rc" != 0 ]; then
            echo "$key failed (exit $rc): $(tail -1 "$out/last.err")" >&2
            done_slow[$key]=1
            continue
          fi
          echo "$line" | sed "s/^{/{\"size\":\"$size\",\"rep\":$rep,/" >>"$results"
          secs=$(echo "$line" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
          if "$py" -c "import sys; sys.exit(0 if $secs > $slow else 1)"; then done_slow[$key]=1; fi
          printf '%s %s %s t=%s rep=%s %.4fs\n' "$size" "$op" "$lib" "$t" "$rep" "$secs" >&2
        done
      done
    done
  done
done
date -u +"end %Y-%m-%dT%H:%M:%SZ, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/when.txt"
"$py" benches/peers/graph/peer.py summarise "$out" | tee "$out/table.md"
