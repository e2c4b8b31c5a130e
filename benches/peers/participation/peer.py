"""The Python side of the participation peer comparison.

webvtt-py parses the WebVTT file; pyannote.core holds the RTTM segments
(parsed by splitting lines, as pyannote.database's loader does) and computes
the same quantities colead reports: per-speaker talk time (union), total
speech, overlapped speech and per-speaker overlap. Prints best-of-3 seconds
as one JSON object.
"""

import json
import sys
import time

import webvtt
from pyannote.core import Annotation, Segment


def best_of_3(f):
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def read_rttm(path):
    ann = Annotation()
    with open(path) as fh:
        for i, line in enumerate(fh):
            f = line.split()
            if len(f) < 9 or f[0] != "SPEAKER":
                continue
            start = float(f[3])
            ann[Segment(start, start + float(f[4])), i] = f[7]
    return ann


def metrics(ann):
    talk = {label: ann.label_duration(label) for label in ann.labels()}
    speech = ann.get_timeline().support().duration()
    overlap = ann.get_overlap().duration()
    own = {}
    for label in ann.labels():
        mine = ann.label_timeline(label).support()
        others = ann.subset([label], invert=True).get_timeline().support()
        own[label] = mine.crop(others, mode="intersection").support().duration()
    return talk, speech, overlap, own


def main(d):
    vtt = best_of_3(lambda: webvtt.read(f"{d}/big.vtt"))
    rttm = best_of_3(lambda: read_rttm(f"{d}/big.rttm"))
    ann = read_rttm(f"{d}/metrics.rttm")
    m = best_of_3(lambda: metrics(ann))
    print(json.dumps({"vtt_parse_s": vtt, "rttm_parse_s": rttm, "metric_segments": len(ann), "metrics_s": m}))


if __name__ == "__main__":
    main(sys.argv[1])
