#!/usr/bin/env bash
# Participation peer comparison: colead vs webvtt-py (WebVTT parsing) and
# pyannote.core (RTTM segments into an Annotation; talk time, speech,
# overlap) on the same generated files, in the same run.
#
#   bash benches/peers/participation/run.sh
#
# Needs python3 with venv and the network to PyPI (first run only). Files
# (2 × PEER_MIB MiB, default 8) and the venv go under
# target/peers/participation/.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out="$(pwd)/target/peers/participation"
mkdir -p "$out"
venv="$out/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "webvtt-py==0.6.0" "pyannote.core==6.1.0"
fi
cargo bench -p colead-bench --bench participation_peer -- --write "$out" >/dev/null
colead=$(cargo bench -p colead-bench --bench participation_peer -- --time "$out" 2>/dev/null | tail -1)
python=$("$venv/bin/python" benches/peers/participation/peer.py "$out")
echo "colead: $colead"
echo "python: $python"
"$venv/bin/python" - "$colead" "$python" <<'PY'
import json, sys
c, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
mb = lambda b: b / 2**20
print(f"{'task':<34}{'colead':>12}{'peer':>12}{'ratio':>9}")
rows = [
    (f"WebVTT parse, {mb(c['vtt_bytes']):.0f} MiB (webvtt-py)", c["vtt_parse_s"], p["vtt_parse_s"]),
    (f"RTTM parse, {mb(c['rttm_bytes']):.0f} MiB (pyannote.core)", c["rttm_parse_s"], p["rttm_parse_s"]),
    (f"metrics, {c['metric_segments']} segments (pyannote.core)", c["metrics_s"], p["metrics_s"]),
]
for name, a, b in rows:
    print(f"{name:<34}{a:>11.3f}s{b:>11.3f}s{b / a:>8.1f}x")
print(f"colead throughput: WebVTT {mb(c['vtt_bytes']) / c['vtt_parse_s']:.0f} MiB/s, RTTM {mb(c['rttm_bytes']) / c['rttm_parse_s']:.0f} MiB/s")
PY
