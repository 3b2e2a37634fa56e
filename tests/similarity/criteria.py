#!/usr/bin/python3
"""criteria.py - a second criterion that flags a pair besides the
similarity threshold, measured on the corpus (tests/similarity/corpus) at
the engine's k and w (default 10, 8): for each candidate, by its own
measure, the weakest copy the similarity alone misses ("missed"), the
strongest independent pair ("indep"), the weakest copy the criterion finds
at the settings below ("found") and the margin ("found" - "indep"), the
settings ("at", the lowest to the highest of the values seen) that find
the most copies with "similarity >= THRESHOLD or criterion >= at" at a
precision of 0.95 or more, the fewest false pairs first, with their
precision, recall and false pairs. Last, the pairs the engine itself flags at its
defaults (simfiles' "flagged"). What fcgi/similarity.h's `fragment`
default was chosen with.

The candidates, each pair's figures from build/tests/bench/simfiles:
  longest   the longest shared fragment, in tokens (on A's side);
  lines     the same in lines;
  one-sided the larger share of one side covered: max(covered A / tokens A,
            covered B / tokens B);
  shared    the tokens covered on both sides, covered A + covered B.

  tests/similarity/criteria.py [-t THRESHOLD] [-k K] [-w W] [-v]

-v lists every copying pair and every pair with a fragment, with all four
measures.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SIMFILES = os.path.join(ROOT, os.environ.get("B", "build"), "tests", "bench", "simfiles")

CRITERIA = {
    "longest": lambda q: q["longest_tokens"],
    "lines": lambda q: q["longest"],
    "one-sided": lambda q: max(q["covered_a"] / max(q["tokens_a"], 1),
                               q["covered_b"] / max(q["tokens_b"], 1)),
    "shared": lambda q: q["covered_a"] + q["covered_b"],
}


def run(ex, k, w):
    skel = corpus.skeleton(ex)
    cmd = [SIMFILES, "-k", str(k), "-w", str(w), "-m", "0"] + (["-s", skel] if skel else [])
    p = subprocess.run(cmd + corpus.files(ex), capture_output=True, text=True, check=True)
    rep = json.loads(p.stdout)
    for q in rep["pairs"]:
        q["fragment"] = rep["fragment"]
    return {corpus.pair(q["a"], q["b"]): q for q in rep["pairs"]}


def rows(k, w):
    """Every pair of every exercise: (exercise, pair, copy?, the simfiles record or None)."""
    copies = corpus.truth()
    out = []
    for ex in corpus.EXERCISES:
        got = run(ex, k, w)
        out += [(ex, p, p in copies[ex], got.get(p)) for p in sorted(corpus.all_pairs(ex))]
    return out


def measure(data, thr, crit, at):
    tp = fp = fn = 0
    for _, _, copy, q in data:
        flag = q is not None and (q["similarity"] >= thr or (crit is not None and
                                                              CRITERIA[crit](q) >= at))
        tp, fp, fn = tp + (flag and copy), fp + (flag and not copy), fn + (copy and not flag)
    return tp, fp, fn


def main():
    args, thr, k, w, verbose = sys.argv[1:], 0.5, 10, 8, False
    while args:
        if args[0] == "-v":
            verbose, args = True, args[1:]
            continue
        opt, val, args = args[0], args[1], args[2:]
        thr, k, w = (float(val), k, w) if opt == "-t" else (thr, int(val), w) if opt == "-k" \
            else (thr, k, int(val))
    data = rows(k, w)
    tp, fp, fn = measure(data, thr, None, 0)
    print("k %d, w %d, similarity >= %.2f alone: P %.2f R %.2f (%d of %d, %d false)" % (
        k, w, thr, tp / max(tp + fp, 1), tp / (tp + fn), tp, tp + fn, fp))
    if verbose:
        for ex, p, copy, q in data:
            if q is not None and (copy or any(CRITERIA[c](q) > 0 for c in CRITERIA)):
                print("  %-12s %-9s %-5s sim %.2f " % (
                    ex, "%s-%s" % p, "COPY" if copy else "", q["similarity"]) +
                    " ".join("%s %.2f" % (c, CRITERIA[c](q)) for c in CRITERIA))
    print("%-10s %7s %7s %7s %7s %10s %5s %5s %5s" % (
        "criterion", "missed", "indep", "found", "margin", "at", "P", "R", "false"))
    for crit, f in CRITERIA.items():
        missed = [f(q) if q else 0 for _, _, c, q in data
                  if c and not (q and q["similarity"] >= thr)]
        indep = [f(q) if q else 0 for _, _, c, q in data if not c]
        values = sorted({f(q) for _, _, _, q in data if q})
        got = {at: measure(data, thr, crit, at) for at in values}
        good = [m for m in got.values() if m[0] / max(m[0] + m[1], 1) >= 0.95]
        best = max(good, key=lambda m: (m[0], -m[1]))
        at = [v for v in values if got[v] == best]
        a, b, c = best
        found = min(v for v in missed if v >= max(at))
        print("%-10s %7.2f %7.2f %7.2f %+7.2f %10s %5.2f %5.2f %5d   (missed copies: %s)" % (
            crit, min(missed), max(indep), found, found - max(indep),
            "%g..%g" % (round(min(at), 2), round(max(at), 2)), a / max(a + b, 1),
            a / (a + c), b, " ".join("%.2f" % v for v in sorted(missed))))
    a = sum(1 for _, _, c, q in data if c and q and q["flagged"])
    b = sum(1 for _, _, c, q in data if not c and q and q["flagged"])
    n = sum(1 for _, _, c, _ in data if c)
    print("the engine's flagged pairs (fragment %s): P %.2f R %.2f (%d of %d, %d false)" % (
        next(q for *_, q in data if q)["fragment"], a / max(a + b, 1), a / n, a, n, b))


main()
