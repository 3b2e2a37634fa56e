#!/usr/bin/python3
"""bench_similarity.py - the similarity engine (fcgi/similarity.h) on N (default
500) generated C submissions of about 100 lines, beside `sim_c` (Debian's
similarity-tester) on the same files, in the same run.

The submissions are made of functions drawn from a pool of templates
(each function's names renamed, its constants changed, its order
shuffled), so that many pairs share some code and a few share much: the
index cannot skip everything. The engine is timed through
build/tests/bench/simfiles (tokenizing, fingerprints, the index, every
pair, the clusters; its own clock) and as a whole command; sim_c as a
whole command (`sim_c -p`, percentages, which compares every file with
every other). Then the same files as the submissions of N students to
one exercise in a real store (written by tests/bench/gen_staff code
through store_submit(), queue_claim() and queue_finish(), as a grader
would, on /dev/shm; the course a copy of the similarity course's c/stats,
built by sitegen): `assay similarity EXERCISE --format json` timed as a
whole command (the gradebook's choice of each student's submission, every
record read and inflated, tokenizing, the engine, the JSON written), the
issue's goal being under 5 s; and with --min 0.5, which keeps only the
pairs at or above the threshold: the same work but for the JSON of every
pair at 10% or more. Each figure is the median of RUNS (default
3) runs, and each is printed beside sim_c's on the same files as a ratio.
Nothing here asserts a time: the table is the result.
"""
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
B = os.environ.get("B", "build")
SIMFILES = os.path.join(ROOT, B, "tests", "bench", "simfiles")
GEN = os.path.join(ROOT, B, "tests", "bench", "gen_staff")
BIN = os.path.join(ROOT, "bin")
STATS = os.path.join(ROOT, "tests", "integration", "similarity-course", "c")
N = int(os.environ.get("N", "500"))
RUNS = int(os.environ.get("RUNS", "3"))

# Function templates: NAME, V1, V2 are renamed, K a constant.
POOL = [
    """long NAME(const long *V1, int V2)
{
	long acc = 0;
	for (int i = 0; i < V2; i++) {
		if (V1[i] % K == 0)
			acc += V1[i];
		else
			acc -= V1[i] / 2;
	}
	return acc;
}
""",
    """int NAME(const char *V1)
{
	int V2 = 0;
	while (*V1 != '\\0') {
		if (*V1 == ' ' || *V1 == '\\t')
			V2++;
		V1++;
	}
	return V2 + K;
}
""",
    """void NAME(int *V1, int V2)
{
	for (int i = 1; i < V2; i++) {
		int x = V1[i], j = i - 1;
		while (j >= 0 && V1[j] > x) {
			V1[j + 1] = V1[j];
			j--;
		}
		V1[j + 1] = x;
	}
}
""",
    """double NAME(const double *V1, int V2)
{
	double m = 0, s = 0;
	for (int i = 0; i < V2; i++)
		m += V1[i];
	m /= V2 > 0 ? V2 : 1;
	for (int i = 0; i < V2; i++)
		s += (V1[i] - m) * (V1[i] - m);
	return s / (V2 > 1 ? V2 - 1 : 1) + K;
}
""",
    """int NAME(int V1, int V2)
{
	while (V2 != 0) {
		int t = V1 % V2;
		V1 = V2;
		V2 = t;
	}
	return V1 < 0 ? -V1 : V1 + K * 0;
}
""",
    """struct node *NAME(struct node *V1, int V2)
{
	struct node *n = malloc(sizeof(*n));
	if (n == NULL)
		return V1;
	n->value = V2 + K;
	n->next = V1;
	return n;
}
""",
    """int NAME(const int *V1, int V2, int key)
{
	int lo = 0, hi = V2 - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (V1[mid] == key)
			return mid;
		if (V1[mid] < key)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -K;
}
""",
    """void NAME(char *V1)
{
	size_t V2 = strlen(V1);
	for (size_t i = 0; i < V2 / 2; i++) {
		char c = V1[i];
		V1[i] = V1[V2 - 1 - i];
		V1[V2 - 1 - i] = c;
	}
}
""",
    """long NAME(int V1)
{
	long a = 0, b = 1;
	if (V1 < 0)
		return -K;
	for (int V2 = 0; V2 < V1; V2++) {
		long t = a + b;
		a = b;
		b = t;
	}
	return a;
}
""",
    """int NAME(const char *V1, const char *V2)
{
	int counts[256] = { 0 };
	for (; *V1; V1++)
		counts[(unsigned char)*V1]++;
	for (; *V2; V2++)
		counts[(unsigned char)*V2]--;
	for (int i = 0; i < 256; i++)
		if (counts[i] != 0)
			return 0;
	return K;
}
""",
    """void NAME(int V1[][8], int V2)
{
	for (int i = 0; i < V2; i++)
		for (int j = i + 1; j < V2; j++) {
			int t = V1[i][j];
			V1[i][j] = V1[j][i];
			V1[j][i] = t + K - K;
		}
}
""",
    """int NAME(FILE *V1, char *V2, int cap)
{
	int c, n = 0;
	while ((c = fgetc(V1)) != EOF && c != '\\n') {
		if (n + 1 < cap)
			V2[n++] = (char)c;
	}
	V2[n] = '\\0';
	return c == EOF && n == 0 ? -K : n;
}
""",
]
HEAD = "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\nstruct node { int value; struct node *next; };\n\n"
WORDS = ["count", "total", "data", "items", "len", "size", "buf", "text", "arr", "vals",
         "first", "second", "num", "idx", "list", "src", "dst", "acc", "tmp", "res"]


def submission(rng, k):
    picks = rng.sample(range(len(POOL)), 7)
    names = []
    body = []
    for p in picks:
        name = "%s_%d" % (rng.choice(WORDS), rng.randrange(1000))
        names.append(name)
        body.append(POOL[p].replace("NAME", name).replace("V1", rng.choice(WORDS) + "1")
                    .replace("V2", rng.choice(WORDS) + "2")
                    .replace("K", str(rng.randrange(2, 50))))
    main = "int main(void)\n{\n\tprintf(\"%d\\n\", " + str(k) + ");\n\treturn 0;\n}\n"
    return HEAD + "\n".join(body) + "\n" + main


def timed(cmd):
    t = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.monotonic() - t, p


def store(tmp, paths):
    """A site whose one exercise is c/sim and a store (DATA) where student I
    submitted PATHS[I] to it; returns (site, data, seconds to fill)."""
    course = os.path.join(tmp, "course")
    os.makedirs(os.path.join(course, "c"))
    with open(os.path.join(course, "index.md"), "w") as f:
        f.write("# Bench course\n\n[sim](c/sim.md)\n")
    with open(os.path.join(STATS, "stats.md")) as f:
        page = f.read()
    with open(os.path.join(course, "c", "sim.md"), "w") as f:
        f.write(page.replace("stats/", "sim/"))
    shutil.copytree(os.path.join(STATS, "stats"), os.path.join(course, "c", "sim"))
    site, data = os.path.join(tmp, "site"), os.path.join(tmp, "data")
    subprocess.run([os.path.join(BIN, "sitegen"), course, site], check=True,
                   capture_output=True)
    secs, p = timed([GEN, "code", data, "c/sim"] + paths)
    if p.returncode != 0:
        raise RuntimeError("gen_staff code: " + p.stderr)
    return site, data, secs


def row(what, secs, base):
    print("%-44s %8.3f %8s" % (what, secs, "%.2f" % (secs / base) if base else "-"))


def main():
    for prog in (SIMFILES, GEN, os.path.join(BIN, "assay")):
        if not os.access(prog, os.X_OK):
            print("build %s first (make programs tests)" % prog)
            return 1
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    tmp = tempfile.mkdtemp(prefix="assay-bench-sim-", dir=shm)
    try:
        rng = random.Random(16)
        paths = []
        lines = 0
        for i in range(N):
            text = submission(rng, i)
            lines += text.count("\n")
            path = os.path.join(tmp, "s%03d.c" % i)
            with open(path, "w") as f:
                f.write(text)
            paths.append(path)
        engine, whole, npairs = [], [], 0
        for _ in range(RUNS):
            secs, p = timed([SIMFILES, "-m", "0.1"] + paths)
            if p.returncode != 0:
                print("simfiles failed: " + p.stderr)
                return 1
            whole.append(secs)
            engine.append(float(re.search(r"in ([0-9.]+) s", p.stderr).group(1)))
            npairs = p.stdout.count('"fragments"')
        site, data, fill = store(tmp, paths)
        cmd = [os.path.join(BIN, "assay"), "--data", data, "similarity", "c/sim", "--site",
               site, "--format", "json"]
        through, few, spairs, fpairs, size = [], [], 0, 0, 0
        for _ in range(RUNS):
            secs, p = timed(cmd)
            if p.returncode != 0:
                print("assay similarity failed: " + p.stderr)
                return 1
            through.append(secs)
            spairs, size = p.stdout.count('"fragments"'), len(p.stdout)
            secs, p = timed(cmd + ["--min", "0.5"])
            few.append(secs)
            fpairs = p.stdout.count('"fragments"')
        simc = []
        if shutil.which("sim_c") is not None:
            for _ in range(RUNS):
                secs, p = timed(["sim_c", "-p", "-t", "10"] + paths)
                simc.append(secs)
        base = statistics.median(simc) if simc else 0
        print("%d submissions, %d lines on average; %d pairs at 10%% or more (files), "
              "%d (store, %.1f MB of JSON), %d at 50%% or more" % (
                  N, lines // N, npairs, spairs, size / 1e6, fpairs))
        print("store: %d submissions written and graded by gen_staff in %.2f s (on %s)"
              % (N, fill, shm or "disk"))
        print("%-44s %8s %8s" % ("median of %d" % RUNS, "seconds", "/ sim_c"))
        row("engine (its own clock)", statistics.median(engine), base)
        row("simfiles (the whole command)", statistics.median(whole), base)
        row("assay similarity --format json (a store)", statistics.median(through), base)
        row("  the same, --min 0.5 (less JSON)", statistics.median(few), base)
        if not simc:
            print("sim_c is not installed (apt-get install similarity-tester): no baseline")
            return 0
        row("sim_c -p (the whole command): baseline", base, base)
        print("goal: assay similarity on %d submissions under 5 s (ratio below 1: faster "
              "than sim_c)" % N)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


sys.exit(main())
