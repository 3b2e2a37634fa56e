#!/usr/bin/python3
"""test_bugs.py - the bug collection (tests/qc/bugs): for every buggy
function, the runner must find the bug and shrink it to its known minimal
counterexample, exactly, for each of several seeds (QC_SEEDS, default 5);
the same seed must give the same report. A few bugs also go through the
real grader (bin/assay-grade: the jail, the compile steps, the report), when
run as root.

TAP output; run by tests/run (suite qc).
"""
import json
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
# Through the real grader: one bug of each result.
GRADED = ("strong_punct", "sort_past_end", "gcd_zero", "insert_before_start")


def report_text(bug, prop):
    return "\n".join(["result %s" % prop.get("result"), "signal %s" % prop.get("signal")] +
                     ["input " + l for l in prop.get("input", [])] +
                     ["message " + l for l in prop.get("message", [])]) + \
        "\n--- want: %s %s\n%s" % (bug.result, bug.detail or "", "\n".join(bug.minimal))


def test_collection(tmp):
    bugs = qclib.bugs()
    ok(len(bugs) >= 12, "at least 12 buggy functions (%d)" % len(bugs))
    kinds = {b.result for b in bugs}
    ok({"falsified", "crashed", "hung"} <= kinds,
       "the collection has wrong answers, crashes and hangs: %s" % sorted(kinds))
    for bug in bugs:
        try:
            so = qclib.build(bug, tmp)
        except subprocess.CalledProcessError as e:
            ok(False, "%s builds" % bug.name, e.stderr)
            continue
        first = None
        for seed in range(1, SEEDS + 1):
            rep, p = qclib.run(so, seed, *bug.args)
            prop = qclib.first_failure(rep)
            if not ok(rep["done"] and qclib.matches(bug, prop),
                      "%s, seed %d: %s, shrunk to the known minimum (%d calls)" %
                      (bug.name, seed, bug.result, prop.get("calls", -1)),
                      report_text(bug, prop) + "\n" + p.stderr):
                continue
            if first is None:
                first = (seed, p.stdout)
        if first is not None:
            again, _ = qclib.run(so, first[0], *bug.args)
            a = qclib.first_failure(qclib.parse(first[1]))
            b = qclib.first_failure(again)
            keys = ("result", "tests", "shrinks", "calls", "input", "expected", "got")
            ok(all(a.get(k) == b.get(k) for k in keys),
               "%s: the same seed gives the same report" % bug.name,
               "%s\n---\n%s" % (a, b))


def spec_for(bug):
    return {"format": 1, "id": "qc/" + bug.name, "title": bug.name, "tester": "quickcheck",
            "languages": ["c"], "code": "",
            "options": {"properties": {"file": os.path.basename(bug.props),
                                       "text": open(bug.props).read()},
                        "seed": 1}}


def test_graded(tmp):
    grade = os.path.join(qclib.ROOT, "bin", "assay-grade")
    if os.geteuid() != 0 or not os.path.exists(grade):
        diag("not root, or no bin/assay-grade: the graded part is skipped")
        return
    box = os.path.join(tmp, "boxes")
    for bug in qclib.bugs():
        if bug.name not in GRADED:
            continue
        spec = os.path.join(tmp, bug.name + ".json")
        with open(spec, "w") as f:
            json.dump(spec_for(bug), f)
        p = subprocess.run([grade, "--box-root", box, "--uid-base", "64800", spec, "c",
                            bug.path], capture_output=True, text=True, timeout=120)
        try:
            r = json.loads(p.stdout)
        except ValueError:
            ok(False, "%s through the grader: a result" % bug.name, p.stdout + p.stderr)
            continue
        shown = all("\t" + l in r["report"] for l in bug.minimal)
        ok(r["status"] == "WrongAnswer" and shown and r["score"] == 0,
           "%s through the grader: WrongAnswer with the minimal counterexample" % bug.name,
           json.dumps(r, indent=1)[:3000])
        failed = [t for t in r["tests"] if not t.get("passed")]
        t = failed[0] if failed else {}
        ok(t.get("passed") is False and t.get("status") == "WrongAnswer" and
           t.get("input") == "\n".join(bug.minimal),
           "%s: its test entry holds the counterexample" % bug.name, t)


def main():
    tmp = tempfile.mkdtemp(prefix="assay-qc-")
    try:
        if not os.path.exists(qclib.RUNNER):
            ok(False, "the runner is built (%s): run make" % qclib.RUNNER)
        else:
            test_collection(tmp)
            test_graded(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    done()


if __name__ == "__main__":
    main()
