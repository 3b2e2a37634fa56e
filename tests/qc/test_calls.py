#!/usr/bin/python3
"""test_calls.py - the calls of the student's functions across to the
student's process (QC_FUNCTION, sandbox/qc/child/qc_call.c): every kind of
parameter and result in tests/qc/calls/props.c, called on the right
functions (calls/right.c: every property passes) and on mutants of them
(each fails the property that checks it, so a call that passed anything
would be seen). The runner is run directly, outside the jail.

TAP output; run by tests/run (suite qc).
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ok, done  # noqa: E402
import qclib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROPS = os.path.join(HERE, "calls", "props.c")
RIGHT = os.path.join(HERE, "calls", "right.c")

# A change to right.c, and the property it must fail.
MUTANTS = [
    ("return a + b + c + d;", "return (unsigned char)a + b + c + d;", "integers"),
    ("return (unsigned char)u;", "return (unsigned char)(u >> 8);", "integers"),
    ("return a * b;", "return (long long)(int)a * b;", "integers"),
    ("float halff(float f) { return f / 2; }", "float halff(float f) { return f; }", "reals"),
    ("return l % 2 != 0;", "return l % 2 == 0;", "reals"),
    ("return i + 2 * d + (double)l + 3.0 * f + c + e / 4;",
     "return i + 2 * d + (double)l + 3.0 * f + c + e / 2;", "reals"),
    ("a[i] = v;", "a[i] = v + (i == n - 1);", "blocks"),
    ("*s = (char)toupper((unsigned char)*s);", "(void)*s;", "strings"),
    ("return strchr(s, c);", "return s;", "strings"),
]


def build(tmp, code):
    student = os.path.join(tmp, "student.so")
    src = os.path.join(tmp, "student.c")
    with open(src, "w") as f:
        f.write(code)
    subprocess.run(["gcc", "-std=gnu11", "-O2", "-fPIC", "-shared", "-Wl,-z,defs", "-o", student,
                    src, "-lm"], check=True, capture_output=True)
    return student


def main():
    tmp = tempfile.mkdtemp(prefix="assay-qc-calls-")
    so = os.path.join(tmp, "props.so")
    subprocess.run(["gcc", "-std=gnu11", "-O2", "-w", "-fPIC", "-shared",
                    "-Wl,-Bsymbolic,-z,defs", "-I", os.path.join(qclib.ROOT, "sandbox", "qc"),
                    "-o", so, PROPS, qclib.CHILD, "-lm"], check=True)
    right = open(RIGHT).read()
    rep, p = qclib.run((so, build(tmp, right)), 1)
    results = {q["name"]: q.get("result") for q in rep["props"]}
    ok(rep["done"] and len(results) == 4 and set(results.values()) == {"passed"},
       "the right functions pass every property across the process boundary",
       "%s\n%s%s" % (results, p.stdout, p.stderr))
    for old, new, prop in MUTANTS:
        if not ok(old in right, "mutant %s: its text is in right.c" % new):
            continue
        rep, p = qclib.run((so, build(tmp, right.replace(old, new))), 1)
        results = {q["name"]: q.get("result") for q in rep["props"]}
        ok(results.get(prop) == "falsified" and
           all(v == "passed" for k, v in results.items() if k != prop),
           "mutant %r fails %s only" % (new, prop), "%s\n%s" % (results, p.stdout))
    subprocess.run(["rm", "-rf", tmp])
    done()


if __name__ == "__main__":
    main()
