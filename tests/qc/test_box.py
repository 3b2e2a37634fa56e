#!/usr/bin/python3
"""test_box.py - what the qc room puts in the box beside the student's code
keeps to itself (the layering of the whole tree, circles included, is
tests/layers/check.py's):

  - every global symbol of qc-child.o is named qc_: it is linked with the
    student's code and must not take a name the student may use;
  - the child runtime includes only qc_impl.h and qc.h, never the runner's
    headers or sandbox/util/ (whose objects are not in qc-child.o);
  - the report (qc_report.*) and the embedding (qc_embed.*), which the
    grader on the host links, include nothing of the library's insides.

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


def includes(path):
    with open(path) as f:
        return re.findall(r'^#include "([^"]+)"', f.read(), re.M)


def main():
    child = os.path.join(BOX, "qc-child.o")
    if not os.path.exists(child):
        ok(False, "the box is built (make programs): %s" % BOX)
        done()
    out = subprocess.run(["nm", "--defined-only", "-g", child], capture_output=True,
                         text=True, check=True).stdout
    names = [line.split()[-1] for line in out.splitlines() if line.strip()]
    bad = [s for s in names if not s.startswith("qc_")]
    ok(names and not bad, "qc-child.o defines only qc_ names (%d)" % len(names), " ".join(bad))

    wrong = []
    for d, _, files in os.walk(QC):
        for f in sorted(files):
            if not f.endswith((".c", ".h")):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, ROOT)
            for inc in includes(path):
                if rel.startswith("sandbox/qc/child/") and \
                        inc not in ("sandbox/qc/qc_impl.h", "sandbox/qc/qc.h"):
                    wrong.append("%s: %s (the child runtime needs qc_impl.h only)" % (rel, inc))
                elif f.startswith(("qc_report.", "qc_embed.")) and inc == "sandbox/qc/qc_impl.h":
                    wrong.append("%s: %s (the host's side knows no insides)" % (rel, inc))
    ok(not wrong, "the child includes only the library's insides; the host's side none of them",
       "\n".join(wrong))
    done()


if __name__ == "__main__":
    main()
