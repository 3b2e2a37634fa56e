#!/usr/bin/python3
"""test_similarity.py - `assay similarity` against an independent judge.

The corpus (tests/similarity/corpus: 4 exercises, C, C or C++, a short C
task whose independent solutions are naturally close, and Python; 27
independent solutions and 20 disguised copies, from renamed and
reformatted to partial copies, helpers inlined or outlined, a C++ port of
a C solution and dead code doubling the length; truth.txt names the
copies, tests/similarity/corpus.py reads it) is submitted through the API,
a user per file, into a real store (tests/integration/similarity-course
holds the exercises and their skeletons); once graded, `assay similarity
EXERCISE --format json` gives the pairs.

Measured, printed as TAP comments: every copying pair's similarity, rank,
longest fragment in tokens and what flagged it, the strongest independent
pairs, the weakest copy against the strongest independent pair, and the
precision and recall over every pair of every exercise twice: of the
flagged pairs at the defaults (the similarity threshold 0.5, or a shared
fragment of 45 tokens or more) and of the similarity alone. Asserted:
floors the measurement supports, not the figures themselves: flagged,
precision >= 0.95 and recall >= 0.85 (measured 1.00 and 0.88: the C++
port's three pairs are still missed, their longest fragments 26 tokens);
the similarity alone, precision >= 0.9 and recall >= 0.6 (measured 1.00
and 0.65: the copies below 0.5 are the partial copies, the C++ port and
heavy dead code, see fcgi/similarity.h); no independent pair's longest
fragment reaches the fragment option. Then Debian's similarity-tester (sim_c, sim_c++ for the
exercise with a C++ file) runs on the same C files, the independent check:
how many true copies each ranks in its top N (N = the exercise's copying
pairs); ours must hold at least as many over the C exercises. It has no
Python front end, so py/anagrams is ours alone. Also: the JSON's shape
(fragments with line ranges on both sides, flagged and why, clusters of the
flagged pairs), the text table marking the flagged pairs, --fragment 0,
the skeleton counting for nothing, errors for an unknown exercise and a
bad option.

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "similarity"))
from harness import BIN, Stack, ok, diag, done  # noqa: E402
import corpus  # noqa: E402

COURSE = os.path.join(HERE, "similarity-course")
C_EXERCISES = ("c/stats", "c/rpn", "c/reverse")


def assay(stack, *args):
    return subprocess.run([os.path.join(BIN, "assay"), "--data", stack.data] + list(args),
                          capture_output=True, text=True)


def submit_all(stack):
    """Every corpus file from its user; returns once all are graded."""
    clients, ids = {}, []
    for ex in corpus.EXERCISES:
        for path in corpus.files(ex):
            u = corpus.login(path)
            if u not in clients:
                clients[u] = stack.client()
                clients[u].login(u, u + "-pw")
            with open(path) as f:
                r = clients[u].submit(ex, corpus.language(path), f.read())
            ok(r.status == 202, "%s submits %s" % (u, ex), r.body if r.status != 202 else None)
            if r.status == 202:
                ids.append((clients[u], r.json["id"]))
    for c, sid in ids:
        c.wait(sid, timeout=120)


def score_flagged(rep, copies, ex):
    """The flagged pairs of EX's report against the truth: (tp, fp, fn)."""
    flagged = {corpus.pair(p["a"], p["b"]) for p in rep.get("pairs", []) if p.get("flagged")}
    want = copies[ex]
    return len(flagged & want), len(flagged - want), len(want - flagged)


def show_pairs(ex, rep, copies, pairs, rank):
    byp = {corpus.pair(p["a"], p["b"]): p for p in rep.get("pairs", [])}
    for p in sorted(copies[ex], key=lambda p: -pairs.get(p, 0.0)):
        q = byp.get(p, {})
        diag("  copy  %-8s %.3f  rank %-3s longest %3s tokens  %s" % (
            "%s-%s" % p, pairs.get(p, 0.0), rank.get(p, "-"), q.get("longest_tokens", 0),
            "flagged by its " + q["why"] if q.get("flagged") else "missed"))
    indep = sorted(corpus.all_pairs(ex) - copies[ex], key=lambda p: -pairs.get(p, 0.0))
    for p in indep[:3]:
        diag("  indep %-8s %.3f  rank %s" % ("%s-%s" % p, pairs.get(p, 0.0),
                                             rank.get(p, "-")))
    longest = max((byp[p]["longest_tokens"] for p in indep if p in byp), default=0)
    return longest


def check_quality(stack, copies):
    tp = fp = fn = ftp = ffp = ffn = 0
    weakest, strongest, longest = (1.0, None), (0.0, None), (0, None)
    reports = {}
    for ex in corpus.EXERCISES:
        r = assay(stack, "similarity", ex, "--site", stack.site, "--format", "json",
                  "--min", "0")
        ok(r.returncode == 0, "similarity %s --format json" % ex, r.stderr)
        rep = reports[ex] = json.loads(r.stdout or "{}")
        thr = rep.get("threshold", 0.5)
        pairs = {corpus.pair(p["a"], p["b"]): p["similarity"] for p in rep.get("pairs", [])}
        rank = {p: i + 1 for i, p in enumerate(corpus.ranked(pairs))}
        a, b, c, lo, hi = corpus.score(pairs, copies, ex, thr)
        tp, fp, fn = tp + a, fp + b, fn + c
        fa, fb, fc = score_flagged(rep, copies, ex)
        ftp, ffp, ffn = ftp + fa, ffp + fb, ffn + fc
        top = len(set(corpus.ranked(pairs)[:len(copies[ex])]) & copies[ex])
        diag("%s (k %s, w %s, threshold %.2f, fragment %s): %d copying pairs; flagged %d, "
             "%d false, %d missed; the similarity alone %d, %d false, %d missed; %d of them "
             "in the top %d" % (ex, rep.get("k"), rep.get("w"), thr, rep.get("fragment"),
                                len(copies[ex]), fa, fb, fc, a, b, c, top, len(copies[ex])))
        indep_longest = show_pairs(ex, rep, copies, pairs, rank)
        if lo < weakest[0]:
            weakest = (lo, ex)
        if hi > strongest[0]:
            strongest = (hi, ex)
        if indep_longest > longest[0]:
            longest = (indep_longest, ex)
    frag = reports["c/stats"].get("fragment", 45)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    fprecision = ftp / (ftp + ffp) if ftp + ffp else 0.0
    frecall = ftp / (ftp + ffn) if ftp + ffn else 0.0
    diag("weakest copy %.3f (%s), strongest independent pair %.3f (%s): gap %+.3f"
         % (weakest[0], weakest[1], strongest[0], strongest[1], weakest[0] - strongest[0]))
    diag("the longest fragment of an independent pair: %d tokens (%s), the option %d"
         % (longest[0], longest[1], frag))
    diag("flagged at the defaults: precision %.2f, recall %.2f (%d true, %d false, %d missed)"
         % (fprecision, frecall, ftp, ffp, ffn))
    diag("the similarity alone at the default threshold: precision %.2f, recall %.2f "
         "(%d true, %d false, %d missed)" % (precision, recall, tp, fp, fn))
    ok(fprecision >= 0.95, "flagged: precision >= 0.95 (%.2f)" % fprecision)
    ok(frecall >= 0.85, "flagged: recall >= 0.85 (%.2f)" % frecall)
    ok(precision >= 0.9, "the similarity alone: precision >= 0.9 (%.2f)" % precision)
    ok(recall >= 0.6, "the similarity alone: recall >= 0.6 (%.2f)" % recall)
    ok(longest[0] < frag, "no independent pair's longest fragment reaches %d tokens (%d)"
       % (frag, longest[0]))
    return reports


def compare_sim_c(reports, copies):
    if shutil.which("sim_c") is None or shutil.which("sim_c++") is None:
        ok(True, "# SKIP sim_c is not installed (apt-get install similarity-tester)")
        return
    ours_total = theirs_total = want_total = 0
    for ex in C_EXERCISES:
        want = copies[ex]
        ours = corpus.ranked({corpus.pair(p["a"], p["b"]): p["similarity"]
                              for p in reports[ex]["pairs"]})
        pct = corpus.sim_c(ex)
        theirs = corpus.ranked(pct)
        n = len(want)
        o, t = len(set(ours[:n]) & want), len(set(theirs[:n]) & want)
        ours_total, theirs_total, want_total = ours_total + o, theirs_total + t, want_total + n
        diag("%s: true copies in the top %d: ours %d, %s %d; %s's top: %s" % (
            ex, n, o, "sim_c++" if ex == "c/rpn" else "sim_c", t,
            "sim_c++" if ex == "c/rpn" else "sim_c",
            ", ".join("%s-%s %d%%%s" % (a, b, pct[(a, b)], "" if (a, b) in want else " (indep)")
                      for a, b in theirs[:n + 2])))
        unseen = sorted(want - set(pct))
        if unseen:
            diag("  copies sim_c does not report at all: %s"
                 % ", ".join("%s-%s" % p for p in unseen))
        ok(t >= 1, "%s: sim_c ran and found copies (%d of %d in its top)" % (ex, t, n))
    diag("C exercises: true copies in the top N: ours %d of %d, sim_c %d of %d"
         % (ours_total, want_total, theirs_total, want_total))
    ok(ours_total >= theirs_total,
       "over the C exercises our top N hold as many true copies as sim_c's (%d, %d)"
       % (ours_total, theirs_total))


def check_shape(stack, reports):
    rep = reports["c/stats"]
    ok(rep.get("exercise") == "c/stats" and rep.get("k") and rep.get("w")
       and rep.get("fragment") == 45 and isinstance(rep.get("clusters"), list),
       "the JSON's head", rep.keys())
    ok(all(isinstance(p.get("flagged"), bool) and p.get("why") in
           (("similarity", "fragment") if p["flagged"] else (None,)) for p in rep["pairs"]),
       "every pair: flagged, and why")
    p = rep["pairs"][0]
    f = p["fragments"][0]
    ok(len(f["a"]) == 2 and len(f["b"]) == 2 and 1 <= f["a"][0] <= f["a"][1]
       and 1 <= f["b"][0] <= f["b"][1], "fragments: line ranges on both sides", f)
    clusters = sorted(sorted(c, key=lambda u: int(u[1:])) for c in rep["clusters"])
    ok(["u1", "u7"] in clusters and ["u5", "u12"] in clusters
       and any({"u6", "u9"} <= set(c) for c in clusters)
       and any({"u3", "u8"} <= set(c) for c in clusters)
       and all(len(c) <= 3 for c in clusters), "c/stats's clusters", clusters)
    ok(["u6", "u9", "u10"] in clusters, "the partial copy u10 joins its original's cluster",
       clusters)
    r = assay(stack, "similarity", "c/stats", "--site", stack.site, "--format", "json",
              "--fragment", "0")
    off = json.loads(r.stdout or "{}")
    ok(r.returncode == 0 and off.get("fragment") == 0
       and all(p["why"] == "similarity" for p in off.get("pairs", []) if p["flagged"])
       and not any("u10" in c for c in off.get("clusters", [])),
       "--fragment 0: the similarity alone", r.stderr)
    r = assay(stack, "similarity", "--site", stack.site, "c/stats", "--threshold", "0.5")
    ok(r.returncode == 0 and r.stdout.splitlines()[1].split()[:2] in (["u6", "u9"], ["u1", "u7"])
       and "cluster 1:" in r.stdout, "the text table, options anywhere", r.stdout + r.stderr)
    rows = [line.split() for line in r.stdout.splitlines()[1:] if line.startswith("u")]
    ok(any(set(row[:2]) == {"u6", "u10"} and row[-2:] == ["*", "fragment"] for row in rows)
       and any(row[-2:] == ["*", "similarity"] for row in rows)
       and any(row[-1] != "fragment" and row[-1] != "similarity" for row in rows),
       "the text table marks the flagged pairs and why", r.stdout)
    # The skeleton of c/rpn is in every file: no pair has a fragment inside it alone.
    rpn = reports["c/rpn"]
    copies = corpus.truth()["c/rpn"]
    ok(all(p["similarity"] < 0.3 for p in rpn["pairs"]
           if corpus.pair(p["a"], p["b"]) not in copies),
       "c/rpn: the skeleton (push, pop) makes no independent pair similar")
    r = assay(stack, "similarity", "c/nothing", "--site", stack.site)
    ok(r.returncode == 1 and "c/nothing" in r.stderr, "an unknown exercise", r.stderr)
    r = assay(stack, "similarity", "c/stats", "--threshold", "2")
    ok(r.returncode == 2 and "--threshold" in r.stderr, "a bad threshold", r.stderr)
    r = assay(stack, "similarity", "c/stats", "--fragment", "many")
    ok(r.returncode == 2 and "--fragment" in r.stderr, "a bad fragment", r.stderr)
    ok(not any(p["flagged"] for p in reports["c/reverse"]["pairs"]
               if corpus.pair(p["a"], p["b"]) not in corpus.truth()["c/reverse"]),
       "c/reverse: no independent pair of the short task is flagged")


def main():
    users = sorted({corpus.login(p) for ex in corpus.EXERCISES for p in corpus.files(ex)})
    copies = corpus.truth()
    stack = Stack(COURSE, workers=2, users=[(u, u + "-pw", False) for u in users]
                  + [("root", "root-pw", True)])
    try:
        submit_all(stack)
        reports = check_quality(stack, copies)
        compare_sim_c(reports, copies)
        check_shape(stack, reports)
    finally:
        stack.stop()
        stack.cleanup()
    done()


main()
