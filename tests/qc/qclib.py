"""qclib.py - the bug collection of tests/qc, for its test and its benchmark.

Each tests/qc/bugs/NAME.c is a buggy C function of the kind students write,
whose header says which property file tests it, what the runner must find
and the known minimal counterexample:

    /*
     * props: tests/qc/props/max.c
     * args: --max-success=1000 (optional: the runner's options it needs)
     * kind: what the bug is (free text)
     * result: falsified | crashed SIGNAL | hung | exited CODE
     * minimal:
     *	int a[1] = {-1};
     *	int n = 1;
     */

build() compiles a bug and its properties into two shared objects the way
tester_quickcheck.c does (the student's code alone, and the property file
linked with the box's qc-child.o, both at -O2); run() runs the box's
qc-runner on them,
outside the jail, and parses its report (sandbox/qc/qc_report.h). The known
minimum is that of the first property that fails.

tests/qc/challenges holds the public shrinking challenges in the same
format (challenges(), each NAME.c the student's function, props/NAME.c
its property file).
"""
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
B = os.environ.get("B", "build")
BOX = os.path.join(ROOT, B, "sandbox", "qc", "box")
RUNNER = os.path.join(BOX, "qc-runner")
CHILD = os.path.join(BOX, "qc-child.o")
BUGS = os.path.join(ROOT, "tests", "qc", "bugs")
CHALLENGES = os.path.join(ROOT, "tests", "qc", "challenges")


class Bug:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)[:-2]
        text = open(path).read()
        head = text[:text.index("*/")]
        self.props = os.path.join(ROOT, re.search(r"props: (\S+)", head).group(1))
        args = re.search(r"args: (.*)", head)
        self.args = args.group(1).split() if args else []
        self.kind = re.search(r"kind: (.*?)\n \* result:", head, re.S).group(1)
        self.kind = " ".join(w for w in self.kind.replace("*", " ").split())
        res = re.search(r"result: (\w+)(?: (\d+))?", head)
        self.result = res.group(1)
        self.detail = int(res.group(2)) if res.group(2) else None
        lines = head[head.index("minimal:") + len("minimal:"):].splitlines()
        self.minimal = [l.strip(" *\t") for l in lines if l.strip(" *\t")]


def bugs(folder=BUGS):
    return [Bug(os.path.join(folder, f)) for f in sorted(os.listdir(folder)) if f.endswith(".c")]


def challenges():
    return bugs(CHALLENGES)


def build(bug, outdir):
    """The two shared objects of BUG in OUTDIR, as tester_quickcheck.c
    builds them: the properties with the box's qc-child.o, and the student's
    code alone. Returns (properties, student); raises on a compile error."""
    so = os.path.join(outdir, bug.name + ".so")
    student = os.path.join(outdir, bug.name + "-student.so")
    obj = os.path.join(outdir, bug.name + ".o")
    subprocess.run(["gcc", "-std=gnu11", "-O2", "-fPIC", "-fno-isolate-erroneous-paths-dereference",
                    "-c", "-o", obj, bug.path],
                   check=True, capture_output=True)
    subprocess.run(["gcc", "-shared", "-Wl,-z,defs", "-o", student, obj, "-lm"],
                   check=True, capture_output=True)
    subprocess.run(["gcc", "-std=gnu11", "-O2", "-w", "-fPIC", "-shared",
                    "-Wl,-Bsymbolic,-z,defs", "-I", os.path.join(ROOT, "sandbox", "qc"),
                    "-o", so, bug.props, CHILD, "-lm"], check=True, capture_output=True)
    return so, student


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "x":
                out.append(chr(int(s[i + 2:i + 4], 16)))
                i += 4
                continue
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[n])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def parse(text):
    """The runner's report as {"seed", "error", "props": [{key: value}]};
    input/message/note are lists of lines."""
    rep = {"props": [], "error": None, "done": False}
    cur = None
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        value = unescape(value)
        if key == "property":
            cur = {"name": value, "input": [], "message": [], "note": []}
            rep["props"].append(cur)
        elif key == "end":
            cur = None
        elif key == "done":
            rep["done"] = True
        elif key in ("error", "seed"):
            rep[key] = value
        elif cur is not None:
            if key in ("input", "message", "note"):
                cur[key].append(value)
            elif key in ("tests", "discarded", "shrinks", "calls", "signal", "code",
                         "timeout-ms", "time-ms"):
                cur[key] = int(value)
            else:
                cur[key] = value
    return rep


def run(objs, seed, *args):
    """Runs the runner on OBJS (build()'s pair) with SEED."""
    so, student = objs
    p = subprocess.run([RUNNER, "--seed=%d" % seed, "--student", student] + list(args) + [so],
                       capture_output=True, text=True, timeout=120)
    return parse(p.stdout), p


def first_failure(rep):
    """The report of the first property that did not pass, or {}."""
    for prop in rep["props"]:
        if prop.get("result") != "passed":
            return prop
    return {}


def matches(bug, prop):
    """Does the report of one property show BUG's known minimum?"""
    if prop.get("result") != bug.result:
        return False
    if bug.result == "crashed" and prop.get("signal") != bug.detail:
        return False
    if bug.result == "exited" and prop.get("code") != bug.detail:
        return False
    return prop["input"] == bug.minimal
