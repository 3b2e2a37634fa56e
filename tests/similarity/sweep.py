#!/usr/bin/python3
"""sweep.py - the engine's k and w measured on the corpus: for each, the
precision and recall at a threshold (default 0.5) over every exercise,
the weakest copy and the strongest independent pair (overall and per
exercise), the best F1 over every threshold and the threshold giving it, through build/tests/bench/simfiles with each exercise's
skeleton. What fcgi/similarity.h's defaults were chosen with.

  tests/similarity/sweep.py [-t THRESHOLD] [K,W ...]   (default: a grid)
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SIMFILES = os.path.join(ROOT, os.environ.get("B", "build"), "tests", "bench", "simfiles")


def run(ex, k, w):
    skel = corpus.skeleton(ex)
    cmd = [SIMFILES, "-k", str(k), "-w", str(w), "-m", "0"] + (["-s", skel] if skel else [])
    p = subprocess.run(cmd + corpus.files(ex), capture_output=True, text=True, check=True)
    return {corpus.pair(q["a"], q["b"]): q["similarity"] for q in json.loads(p.stdout)["pairs"]}


def best_f1(scored):
    """The best F1 over every threshold, and the lowest threshold reaching it."""
    best = (0.0, 1.0)
    for t in sorted({s for s, _ in scored}):
        tp = sum(1 for s, c in scored if c and s >= t)
        fp = sum(1 for s, c in scored if not c and s >= t)
        fn = sum(1 for s, c in scored if c and s < t)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[0] + 1e-9:
            best = (f1, t)
    return best


def main():
    args = sys.argv[1:]
    thr = 0.5
    if args[:1] == ["-t"]:
        thr, args = float(args[1]), args[2:]
    grid = [tuple(map(int, a.split(","))) for a in args] or \
        [(k, w) for k in (8, 10, 12, 15, 18, 23) for w in (4, 6, 8, 12)]
    copies = corpus.truth()
    print("%3s %3s %5s %5s %6s %6s %6s %5s %5s   %s" % (
        "k", "w", "P", "R", "weak", "indep", "gap", "F1*", "at",
        "per exercise: weakest copy / strongest independent"))
    for k, w in grid:
        tp = fp = fn = 0
        weak, strong, per, scored = 1.0, 0.0, [], []
        for ex in corpus.EXERCISES:
            pairs = run(ex, k, w)
            scored += [(pairs.get(p, 0.0), p in copies[ex]) for p in corpus.all_pairs(ex)]
            a, b, c, lo, hi = corpus.score(pairs, copies, ex, thr)
            tp, fp, fn = tp + a, fp + b, fn + c
            weak, strong = min(weak, lo), max(strong, hi)
            per.append("%s %.2f/%.2f" % (ex.split("/")[1], lo, hi))
        f1, at = best_f1(scored)
        print("%3d %3d %5.2f %5.2f %6.2f %6.2f %+6.2f %5.2f %5.2f   %s" % (
            k, w, tp / (tp + fp) if tp + fp else 0, tp / (tp + fn) if tp + fn else 0,
            weak, strong, weak - strong, f1, at, ", ".join(per)))


main()
