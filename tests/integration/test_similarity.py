#!/usr/bin/python3
"""test_similarity.py - `assay similarity` against an independent judge.

The corpus (tests/similarity/corpus: 3 exercises, C, C and Python, with
independent solutions and disguised copies, and truth.txt naming the
copies) is submitted through the API, a user per file, into a real store
(tests/integration/similarity-course holds the exercises and their
skeletons); once graded, `assay similarity EXERCISE --format json` gives
the pairs. At the default threshold the precision and recall over every
pair of every exercise must be at least 0.8 (a floor on the quality the
test measures, not a timing). Then `sim_c` (Debian's similarity-tester)
runs on the same C files: the diagnostics say how many true copies each
ranks in its top N (N = the exercise's copies). Also: the JSON's shape
(fragments with line ranges on both sides, clusters), the text table, the
skeleton counting for nothing, errors for an unknown exercise and a bad
option.

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, ROOT, Stack, ok, diag, done  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "similarity-course")
CORPUS = os.path.join(ROOT, "tests", "similarity", "corpus")
EXERCISES = ("c/stats", "c/rpn", "py/anagrams")


def truth():
    copies = set()
    with open(os.path.join(CORPUS, "truth.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                ex, a, b = line.split()
                copies.add((ex, min(a, b), max(a, b)))
    return copies


def files(ex):
    return sorted(p for p in glob.glob(os.path.join(CORPUS, ex, "u*")))


def login(path):
    return os.path.splitext(os.path.basename(path))[0]


def assay(stack, *args):
    return subprocess.run([os.path.join(BIN, "assay"), "--data", stack.data] + list(args),
                          capture_output=True, text=True)


def submit_all(stack):
    """Every corpus file from its user; returns once all are graded."""
    clients, ids = {}, []
    for ex in EXERCISES:
        lang = "python" if ex.startswith("py/") else "c"
        for path in files(ex):
            u = login(path)
            if u not in clients:
                clients[u] = stack.client()
                clients[u].login(u, u + "-pw")
            with open(path) as f:
                r = clients[u].submit(ex, lang, f.read())
            ok(r.status == 202, "%s submits %s" % (u, ex), r.body if r.status != 202 else None)
            if r.status == 202:
                ids.append((clients[u], r.json["id"]))
    for c, sid in ids:
        c.wait(sid, timeout=120)


def top_pairs(ranked, n):
    return set(ranked[:n])


def sim_c_ranking(ex):
    """sim_c's pairs of EX's files, highest percentage first (the larger of the
    two directions)."""
    p = subprocess.run(["sim_c", "-p", "-t", "1"] + files(ex), capture_output=True, text=True)
    best = {}
    for line in p.stdout.splitlines():
        m = re.match(r"(\S+) consists for (\d+) % of (\S+) material", line)
        if m:
            a, b = login(m.group(1)), login(m.group(3))
            key = (min(a, b), max(a, b))
            best[key] = max(best.get(key, 0), int(m.group(2)))
    return sorted(best, key=lambda k: (-best[k], k)), best


def check_quality(stack, copies):
    tp = fp = fn = 0
    reports = {}
    for ex in EXERCISES:
        r = assay(stack, "similarity", ex, "--site", stack.site, "--format", "json",
                  "--min", "0")
        ok(r.returncode == 0, "similarity %s --format json" % ex, r.stderr)
        rep = reports[ex] = json.loads(r.stdout or "{}")
        thr = rep.get("threshold", 0.5)
        found = {(ex, min(p["a"], p["b"]), max(p["a"], p["b"]))
                 for p in rep.get("pairs", []) if p["similarity"] >= thr}
        want = {c for c in copies if c[0] == ex}
        tp += len(found & want)
        fp += len(found - want)
        fn += len(want - found)
        for p in rep.get("pairs", [])[:len(want) + 2]:
            diag("%s %s-%s %.3f longest %d lines, %d fragments" % (
                ex, p["a"], p["b"], p["similarity"], p["longest"], len(p["fragments"])))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    diag("at the default threshold: precision %.2f, recall %.2f (%d true, %d false, %d missed)"
         % (precision, recall, tp, fp, fn))
    ok(precision >= 0.8, "precision >= 0.8 (%.2f)" % precision)
    ok(recall >= 0.8, "recall >= 0.8 (%.2f)" % recall)
    return reports


def compare_sim_c(reports, copies):
    if shutil.which("sim_c") is None:
        ok(True, "# SKIP sim_c is not installed (apt-get install similarity-tester)")
        return
    for ex in ("c/stats", "c/rpn"):
        want = {(c[1], c[2]) for c in copies if c[0] == ex}
        ours = [(min(p["a"], p["b"]), max(p["a"], p["b"])) for p in reports[ex]["pairs"]]
        theirs, pct = sim_c_ranking(ex)
        n = len(want)
        o, t = len(top_pairs(ours, n) & want), len(top_pairs(theirs, n) & want)
        diag("%s: true copies in the top %d: ours %d, sim_c %d; sim_c's top: %s" % (
            ex, n, o, t, ", ".join("%s-%s %d%%" % (a, b, pct[(a, b)]) for a, b in theirs[:n + 2])))
        ok(t >= 1, "%s: sim_c ran and found copies (%d of %d in its top)" % (ex, t, n))
        ok(o >= t, "%s: our top %d holds as many true copies as sim_c's" % (ex, n))


def check_shape(stack, reports):
    rep = reports["c/stats"]
    ok(rep.get("exercise") == "c/stats" and rep.get("k") and rep.get("w")
       and isinstance(rep.get("clusters"), list), "the JSON's head", rep.keys())
    p = rep["pairs"][0]
    f = p["fragments"][0]
    ok(len(f["a"]) == 2 and len(f["b"]) == 2 and 1 <= f["a"][0] <= f["a"][1]
       and 1 <= f["b"][0] <= f["b"][1], "fragments: line ranges on both sides", f)
    clusters = sorted(sorted(c) for c in rep["clusters"])
    ok(clusters == [["u1", "u7"], ["u3", "u8"], ["u6", "u9"]], "c/stats's clusters", clusters)
    r = assay(stack, "similarity", "--site", stack.site, "c/stats", "--threshold", "0.5")
    ok(r.returncode == 0 and r.stdout.splitlines()[1].split()[:2] in (["u6", "u9"], ["u1", "u7"])
       and "cluster 1:" in r.stdout, "the text table, options anywhere", r.stdout + r.stderr)
    # The skeleton of c/rpn is in every file: no pair has a fragment inside it alone.
    rpn = reports["c/rpn"]
    ok(all(p["similarity"] < 0.3 for p in rpn["pairs"]
           if (p["a"], p["b"]) not in (("u1", "u7"), ("u3", "u8"))),
       "c/rpn: the skeleton (push, pop) makes no independent pair similar")
    r = assay(stack, "similarity", "c/nothing", "--site", stack.site)
    ok(r.returncode == 1 and "c/nothing" in r.stderr, "an unknown exercise", r.stderr)
    r = assay(stack, "similarity", "c/stats", "--threshold", "2")
    ok(r.returncode == 2 and "--threshold" in r.stderr, "a bad threshold", r.stderr)


def main():
    users = sorted({login(p) for ex in EXERCISES for p in files(ex)})
    copies = truth()
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
