#!/usr/bin/python3
"""test_challenges.py - the public shrinking challenges (tests/qc/challenges,
jlink/shrinking-challenge written with qc.h): for each problem, the runner
must find the failure and shrink it to the problem's known minimum, exactly,
on each of QC_SEEDS seeds (default 5). A problem listed in MISSES is known
not to reach its minimum on every seed: for it only the failure must be
found (result and kind), and a miss is a diagnostic line, with the reason;
`make bench` (bench_qc.py) gives the figures on 30 seeds.

TAP output; run by tests/run (suite qc).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ok, diag, done  # noqa: E402
import qclib  # noqa: E402

SEEDS = int(os.environ.get("QC_SEEDS", "5"))
# Problems that miss their minimum on some seeds, and why.
MISSES = {}


def main():
    tmp = tempfile.mkdtemp(prefix="assay-qc-challenges-")
    try:
        if not os.path.exists(qclib.RUNNER):
            ok(False, "the runner is built (%s): run make" % qclib.RUNNER)
            done()
        problems = qclib.challenges()
        ok(len(problems) >= 11, "at least 11 shrinking challenges (%d)" % len(problems))
        for bug in problems:
            try:
                so = qclib.build(bug, tmp)
            except subprocess.CalledProcessError as e:
                ok(False, "%s builds" % bug.name, e.stderr)
                continue
            miss = MISSES.get(bug.name)
            for seed in range(1, SEEDS + 1):
                rep, p = qclib.run(so, seed, *bug.args)
                prop = qclib.first_failure(rep)
                hit = rep["done"] and qclib.matches(bug, prop)
                detail = "got %s %s\n%s\n--- want:\n%s\n%s" % (
                    prop.get("result"), prop.get("signal", ""), "\n".join(prop.get("input", [])),
                    "\n".join(bug.minimal), p.stderr)
                if miss is None:
                    ok(hit, "%s, seed %d: %s, shrunk to the known minimum (%d calls)" % (
                        bug.name, seed, bug.result, prop.get("calls", -1)), detail)
                    continue
                ok(rep["done"] and prop.get("result") == bug.result,
                   "%s, seed %d: %s (%d calls)" % (bug.name, seed, bug.result,
                                                   prop.get("calls", -1)), detail)
                if not hit:
                    diag("%s, seed %d: not the known minimum (%s):\n%s" % (
                        bug.name, seed, miss, "\n".join(prop.get("input", []))))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    done()


if __name__ == "__main__":
    main()
