#!/usr/bin/python3
"""bench_qc.py - the quickcheck tester: how fast trials run, and how well the
bug collection (tests/qc/bugs) shrinks.

Rows, each beside a baseline measured in the same run:
  trials/s in-process: the library's batch of a trivial int property in one
    process (qc__batch), against a bare C loop doing the same work by hand
    (a PRNG, the call, the comparison). Ratio = library / bare loop.
  trials/s through the process boundary: the runner run directly (outside
    the jail), each call of the student's function crossing to its own
    process (qc-callee), a million tests against 100; baseline: the
    library in one process. Ratio = crossing / in-process.
  trials/s in the persistent sandboxed worker: bin/assay-grade (the jail,
    both compile steps) with a million tests against the same with 100, the
    difference divided by the extra tests; baseline: the runner run
    directly on the same object, outside the jail. Ratio = jail / direct.
  trials/s with one fork per trial: the runner's --fork-each, outside the
    jail; ratio against the persistent worker outside the jail.
  grading latency: assay-grade of the right answer and of a typical bug
    (100 tests + shrinking), end to end; ratio = bug / right answer.
  the bug collection (tests/qc/bugs) and the public shrinking challenges
    (tests/qc/challenges): for each, the share of SEEDS seeds (default 30)
    whose report shows the known minimal counterexample, the median and
    mean number of shrink calls, the mean shrinks, and the median wall time
    of the runner (whole run, as a process).
Nothing here asserts a time. With --shrinking, only the last two tables.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "qc"))
import qclib  # noqa: E402

ROOT = qclib.ROOT
B = qclib.B
SEEDS = int(os.environ.get("SEEDS", "30"))
GRADE = os.path.join(ROOT, "bin", "assay-grade")

PROPS = r'''#include "qc.h"
QC_FUNCTION(int, twice, int);
QC_PROPERTY(doubles, "twice(x)")
{
	int x = qc_int_range(qc, -1000000, 1000000);

	QC_SHOW_INT(x);
	QC_EXPECT_INT(2 * x, twice(x));
}
'''
TWICE = "int twice(int x) { return x + x; }\n"

# In one process: the library's batch, and the same work by hand.
INPROC = r'''#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "sandbox/qc/qc_impl.h"
int twice(int x);
int twice(int x) { return x + x; }
QC_PROPERTY(doubles, "twice(x)")
{
	int x = qc_int_range(qc, -1000000, 1000000);

	QC_SHOW_INT(x);
	QC_EXPECT_INT(2 * x, twice(x));
}
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9; }
static unsigned long long s = 88172645463325252ULL;
static unsigned long long xs(void) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }
int main(int argc, char **argv)
{
	static uint64_t v[QC_MAX_CHOICES], b[QC_MAX_CHOICES];
	struct qc qc;
	volatile uint64_t ticks = 0;
	volatile uint32_t passed = 0, discarded = 0;
	unsigned size, n = (unsigned)atoi(argv[1]), bad = 0;
	double t0, t1, t2;
	(void)argc;
	qc__init(&qc, 0);
	qc.values = v;
	qc.bounds = b;
	t0 = now();
	if (qc__batch(&qc, &qc_propdef_doubles, 1, 0, 0, n, n, 100, 10 * n, &ticks,
	    &passed, &discarded, &size) != QC_PASS)
		return 1;
	t1 = now();
	for (unsigned i = 0; i < n; i++) {
		int x = (int)(xs() % 2000001) - 1000000;
		volatile int y = twice(x);
		bad += y != 2 * x;
	}
	t2 = now();
	printf("%f %f %u\n", n / (t1 - t0), n / (t2 - t1), bad);
	return 0;
}
'''


def row(name, value, base, unit, note=""):
    ratio = value / base if base else float("nan")
    print("%-44s %14.0f %-9s baseline %14.0f  ratio %7.3f  %s" %
          (name, value, unit, base, ratio, note))


def timed(args, **kw):
    t0 = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    return time.perf_counter() - t0, p


def spec(path, props_text, n):
    with open(path, "w") as f:
        json.dump({"format": 1, "id": "bench/twice", "title": "twice", "tester": "quickcheck",
                   "languages": ["c"], "code": "",
                   "options": {"properties": {"file": "twice.c", "text": props_text},
                               "seed": 1, "max_success": n}}, f)


def best_of(k, f):
    return min(f() for _ in range(k))


def collection(title, bugs, tmp):
    """A row per bug of BUGS on SEEDS seeds: the share at its known minimum,
    the median and mean shrink calls, the mean shrinks, the median wall time
    of the runner (the whole run: tests, shrinking, final check)."""
    print()
    print("%-22s %-10s %9s %8s %8s %8s %10s  %s" % (
        title, "result", "minimum", "calls", "(mean)", "shrinks", "runner ms", "known minimum"))
    total_hit = total_runs = 0
    all_calls = []
    for bug in bugs:
        so_b = qclib.build(bug, tmp)
        hit, calls, shrinks, ms = 0, [], [], []
        for seed in range(1, SEEDS + 1):
            t0 = time.perf_counter()
            rep, _ = qclib.run(so_b, seed, *bug.args)
            ms.append((time.perf_counter() - t0) * 1000)
            prop = qclib.first_failure(rep)
            hit += qclib.matches(bug, prop)
            calls.append(prop.get("calls", 0))
            shrinks.append(prop.get("shrinks", 0))
        total_hit += hit
        total_runs += SEEDS
        all_calls += calls
        print("%-22s %-10s %6d/%-2d %8.0f %8.1f %8.1f %10.1f  %s" % (
            bug.name, bug.result, hit, SEEDS, statistics.median(calls), statistics.mean(calls),
            statistics.mean(shrinks), statistics.median(ms), " ".join(bug.minimal)))
    print("%-22s %-10s %6.1f%%    %8.0f %8.1f" % ("all", "", 100.0 * total_hit / total_runs,
                                                 statistics.median(all_calls),
                                                 statistics.mean(all_calls)))


def main():
    tmp = tempfile.mkdtemp(prefix="assay-bench-qc-")
    print("%d seeds per bug and challenge; %s" % (SEEDS, time.strftime("%Y-%m-%d %H:%M")))
    if "--shrinking" in sys.argv[1:]:	# only the two tables
        collection("bug", qclib.bugs(), tmp)
        collection("challenge", qclib.challenges(), tmp)
        subprocess.run(["rm", "-rf", tmp])
        return

    # In-process.
    src = os.path.join(tmp, "inproc.c")
    with open(src, "w") as f:
        f.write(INPROC)
    exe = os.path.join(tmp, "inproc")
    subprocess.run(["gcc", "-O2", "-std=gnu11", "-D_GNU_SOURCE", "-I", ROOT,
                    "-o", exe, src, os.path.join(ROOT, B, "libassay-engine.a"), "-lm"],
                   check=True)
    rates = [tuple(map(float, subprocess.run([exe, "2000000"], capture_output=True, text=True,
                                             check=True).stdout.split()[:2])) for _ in range(3)]
    lib, bare = max(r[0] for r in rates), max(r[1] for r in rates)
    row("trials/s in-process (library / bare loop)", lib, bare, "trials/s")

    # The object, as the tester builds it.
    props = os.path.join(tmp, "twice.c")
    with open(props, "w") as f:
        f.write(PROPS)
    code = os.path.join(tmp, "main.c")
    with open(code, "w") as f:
        f.write(TWICE)
    so = os.path.join(tmp, "prop.so")
    student = os.path.join(tmp, "student.so")
    subprocess.run(["gcc", "-O2", "-fPIC", "-shared", "-o", student, code], check=True)
    subprocess.run(["gcc", "-O2", "-w", "-fPIC", "-shared", "-Wl,-Bsymbolic,-z,defs",
                    "-I", os.path.join(ROOT, "sandbox", "qc"), "-o", so, props, qclib.CHILD,
                    "-lm"], check=True)

    def direct(n, *extra):
        rep, _ = qclib.run((so, student), 1, "--max-success=%d" % n, *extra)
        return rep["props"][0]["time-ms"] / 1000.0

    big = 1000000
    d_small = best_of(3, lambda: direct(100))
    d_big = best_of(3, lambda: direct(big))
    direct_rate = (big - 100) / max(d_big - d_small, 1e-6)
    row("trials/s through the process boundary", direct_rate, lib, "trials/s",
        "(baseline: the library in one process)")
    if os.geteuid() == 0 and os.path.exists(GRADE):
        s_small, s_big = os.path.join(tmp, "small.json"), os.path.join(tmp, "big.json")
        spec(s_small, PROPS, 100)
        spec(s_big, PROPS, big)
        boxes = os.path.join(tmp, "boxes")
        g = [GRADE, "--box-root", boxes, "--uid-base", "64700"]
        j_small = best_of(5, lambda: timed(g + [s_small, "c", code])[0])
        j_big = best_of(5, lambda: timed(g + [s_big, "c", code])[0])
        jail_rate = (big - 100) / max(j_big - j_small, 1e-6)
        row("trials/s, persistent worker in the jail", jail_rate, direct_rate, "trials/s",
            "(baseline: the runner outside the jail)")
    else:
        print("trials/s in the jail: skipped (needs root and bin/assay-grade)")
    forked = 2000
    f_time = best_of(3, lambda: direct(forked, "--fork-each"))
    row("trials/s, one fork per trial", forked / f_time, direct_rate, "trials/s",
        "(baseline: the persistent worker)")

    # Grading latency of a typical bug.
    if os.geteuid() == 0 and os.path.exists(GRADE):
        sp = os.path.join(tmp, "strong.json")
        with open(sp, "w") as f:
            json.dump({"format": 1, "id": "c/strong", "title": "s", "tester": "quickcheck",
                       "languages": ["c"], "code": "",
                       "options": {"properties": {"file": "strong.c", "text":
                                                  open(os.path.join(ROOT, "content", "c",
                                                                    "strong.c")).read()},
                                   "seed": 1}}, f)
        right = os.path.join(tmp, "right.c")
        with open(right, "w") as f:
            f.write(open(os.path.join(qclib.BUGS, "strong_length.c")).read()
                    .replace("n > 6", "n >= 6"))
        g = [GRADE, "--box-root", os.path.join(tmp, "boxes"), "--uid-base", "64700"]
        t_ok = statistics.median(timed(g + [sp, "c", right])[0] for _ in range(5))
        t_bug = statistics.median(timed(g + [sp, "c", os.path.join(qclib.BUGS,
                                  "strong_punct.c")])[0] for _ in range(5))
        row("grading ms, a typical bug (strong_punct)", t_bug * 1000, t_ok * 1000, "ms",
            "(baseline: the right answer; each compiles the code and the properties)")

    # The bug collection, and the shrinking challenges.
    collection("bug", qclib.bugs(), tmp)
    collection("challenge", qclib.challenges(), tmp)
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
