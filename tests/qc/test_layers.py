#!/usr/bin/python3
"""test_layers.py - the qc room keeps the layout sandbox/qc/README.md maps:

  - in the box's objects (as `make programs` builds them), a file calls
    only the files before it in its part's order below, so that no two call
    each other, however indirectly: each object's undefined symbols (nm)
    resolved to the object that defines them;
  - every global symbol of qc-child.o is named qc_ (it is linked with the
    student's code and must not take a name the student may use);
  - the room includes only its own headers and sandbox/util/'s; the child
    runtime nothing of the runner's, the report (qc_report.*) and the
    embedding nothing of the library's insides (qc_impl.h); the grader
    reads the report through qc_report.h, never qc_impl.h.

TAP output; run by tests/run (suite qc).
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import ok, done  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QC = os.path.join(ROOT, "sandbox", "qc")
BOX = os.path.join(ROOT, os.environ.get("B", "build"), "sandbox", "qc", "box")

# Bottom up: each may call those before it.
CHILD = ["qc_core", "qc_show", "qc_block", "qc_gen", "qc_assert", "qc_trial", "qc_child"]
RUNNER = ["errmsg", "qc_report", "qc_shrink", "qc_parent", "qc_runner"]
RUNNER_OBJS = {"errmsg": "errmsg.o", "qc_report": "qc_report.o"}


def symbols(obj, *opts):
    out = subprocess.run(["nm"] + list(opts) + [obj], capture_output=True, text=True,
                         check=True).stdout
    return [line.split()[-1] for line in out.splitlines() if line.strip()]


def calls(objs):
    """{A: {B: [symbols]}} for A calling what B defines."""
    owner = {}
    for name, path in objs.items():
        for s in symbols(path, "--defined-only", "-g"):
            owner.setdefault(s, name)
    graph = {}
    for name, path in objs.items():
        for s in symbols(path, "-u"):
            if owner.get(s, name) != name:
                graph.setdefault(name, {}).setdefault(owner[s], []).append(s)
    return graph


def check_order(part, order, objs):
    graph = calls(objs)
    for a in order:
        later = {b: syms for b, syms in graph.get(a, {}).items()
                 if order.index(b) >= order.index(a)}
        ok(not later, "%s: %s calls only files before it (%s)" %
           (part, a, ", ".join(sorted(graph.get(a, {}))) or "none"),
           "\n".join("%s -> %s: %s" % (a, b, " ".join(sorted(s)))
                     for b, s in sorted(later.items())))


def sources(folder):
    return sorted(f[:-2] for f in os.listdir(os.path.join(QC, folder)) if f.endswith(".c"))


def includes(path):
    return re.findall(r'^#include "([^"]+)"', open(path).read(), re.M)


def room_files():
    for d, _, files in os.walk(QC):
        for f in files:
            if f.endswith((".c", ".h")):
                yield os.path.relpath(os.path.join(d, f), ROOT)


def main():
    if not os.path.exists(os.path.join(BOX, "qc-child.o")):
        ok(False, "the box is built (make programs): %s" % BOX)
        done()

    ok(sources("child") == sorted(CHILD), "every file of child/ has its place in the order",
       "child/: %s\norder: %s" % (sources("child"), CHILD))
    ok(sorted(sources("runner") + ["errmsg", "qc_report"]) == sorted(RUNNER),
       "every file of the runner has its place in the order",
       "runner/: %s\norder: %s" % (sources("runner"), RUNNER))
    check_order("child", CHILD, {n: os.path.join(BOX, "child", n + ".o") for n in CHILD})
    check_order("runner", RUNNER, {n: os.path.join(BOX, RUNNER_OBJS.get(n, "runner/%s.o" % n))
                                   for n in RUNNER})

    names = symbols(os.path.join(BOX, "qc-child.o"), "--defined-only", "-g")
    bad = [s for s in names if not s.startswith("qc_")]
    ok(names and not bad, "qc-child.o defines only qc_ names (%d)" % len(names), " ".join(bad))

    wrong = []
    for f in sorted(room_files()):
        for inc in includes(os.path.join(ROOT, f)):
            if not inc.startswith(("sandbox/qc/", "sandbox/util/")):
                wrong.append("%s: %s (not the room's, not sandbox/util/)" % (f, inc))
            elif f.startswith("sandbox/qc/child/") and not inc.startswith(
                    ("sandbox/qc/qc_impl.h", "sandbox/qc/qc.h")):
                wrong.append("%s: %s (the child runtime needs qc_impl.h only)" % (f, inc))
            elif os.path.basename(f).startswith(("qc_report.", "qc_embed.")) and \
                    inc == "sandbox/qc/qc_impl.h":
                wrong.append("%s: %s (the host's side knows no insides)" % (f, inc))
    ok(not wrong, "the room's includes keep to its layout", "\n".join(wrong))

    grader = os.path.join(ROOT, "sandbox", "testers", "tester_quickcheck.c")
    qc_incs = [i for i in includes(grader) if i.startswith("sandbox/qc/")]
    ok(sorted(qc_incs) == ["sandbox/qc/qc_embed.h", "sandbox/qc/qc_report.h"],
       "the grader includes qc's public headers only: %s" % ", ".join(qc_incs))
    done()


if __name__ == "__main__":
    main()
