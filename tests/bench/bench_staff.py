#!/usr/bin/python3
"""staff.py - the staff API on a big store: lists, the gradebook, the CSV.

The store: STUDENTS students (1,000) making SUBMISSIONS submissions (100,000)
over EXERCISES exercises (50, in two folders w1/ and w2/), with results,
about one in twenty invalid; written by tests/bench/gen_staff through the
real write path (store_submit(), then queue_claim() and queue_finish(), as
a grader: three transactions a submission, there being no batched write in
store.h) in a DATA directory on /dev/shm, where a commit's fsync is free.
The course: as many copies of the integration course's c/hello.

Rows (the real stack started on that DATA, an admin's kept connection,
the median of REPEAT requests, client-side time: an upper bound on the
server's):
  the first page of the staff list for each filter: none, an exercise, a
    folder, a login, a label, invalid only, a time range, sorted by score;
  the gradebook for everyone as JSON and as CSV; `assay grades` (CSV).
Baseline: gen_staff scan, every record of the same store read through
store_submission_get() (one transaction each), in the same run.
Ratio = figure / baseline. Goals: a first page under 50 ms, the gradebook
under 1 s, the CSV streamed: the assay-staff processes' peak RSS (VmHWM)
before and after the exports, beside the CSV's size.

Environment: STUDENTS, EXERCISES, SUBMISSIONS, REPEAT (7).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

STUDENTS = int(os.environ.get("STUDENTS", "1000"))
EXERCISES = int(os.environ.get("EXERCISES", "50"))
SUBMISSIONS = int(os.environ.get("SUBMISSIONS", "100000"))
REPEAT = int(os.environ.get("REPEAT", "7"))
GEN = os.path.join(harness.ROOT, "build", "tests", "bench", "gen_staff")
HELLO = os.path.join(harness.ROOT, "tests", "integration", "course", "c")
ENV = {"ASSAY_MAP_SIZE": "4G"}


def course(tmp):
    """EXERCISES copies of c/hello as w1/eNN and w2/eNN, the ids gen_staff uses."""
    root = os.path.join(tmp, "course")
    with open(os.path.join(HELLO, "hello.md")) as f:
        page = f.read()
    os.makedirs(root)
    with open(os.path.join(root, "index.md"), "w") as f:
        f.write("# Bench course\n\nMany exercises.\n")
    for e in range(EXERCISES):
        folder = os.path.join(root, "w%d" % (1 if e < EXERCISES // 2 else 2))
        name = "e%02d" % (e + 1)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name + ".md"), "w") as f:
            f.write(page.replace("# Hello", "# Exercise %d" % (e + 1), 1)
                    .replace("hello/", name + "/"))
        shutil.copytree(os.path.join(HELLO, "hello"), os.path.join(folder, name))
    return root


def hwm(stack):
    """The peak RSS (kB) of each assay-staff process."""
    out = {}
    for pid, comm, _ in stack.by_name():
        if comm == "assay-staff":
            st = harness.proc_status(pid) or {}
            if "VmHWM" in st:
                out[pid] = int(st["VmHWM"].split()[0])
    return out


def timed(client, path, n=REPEAT):
    times, r = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.request("GET", path)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status != 200:
            raise RuntimeError("%s: %s" % (path, r))
    return statistics.median(times), r


def row(what, ms, base, extra=""):
    print("  %-34s %9.1f ms   ratio %6.3f  %s" % (what, ms, ms / base, extra))


def main():
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    tmp = tempfile.mkdtemp(prefix="assay-bench-staff-", dir=shm)
    os.chmod(tmp, 0o755)
    data = os.path.join(tmp, "data")
    stack = None
    try:
        env = dict(os.environ, **ENV)
        t0 = time.perf_counter()
        p = subprocess.run([GEN, "fill", data, str(STUDENTS), str(EXERCISES),
                            str(SUBMISSIONS)], env=env, capture_output=True, text=True)
        if p.returncode:
            raise RuntimeError("gen_staff: " + p.stderr)
        gen_s = time.perf_counter() - t0
        print("store: %d submissions, %d students, %d exercises, written in %.1f s "
              "(%.0f submissions/s: store_submit + queue_claim + queue_finish each, on %s)"
              % (SUBMISSIONS, STUDENTS, EXERCISES, gen_s, SUBMISSIONS / gen_s, shm or "disk"))
        stack = harness.Stack(course(tmp), users=(("root", "root-pw", True),), env=ENV,
                              data=data)
        scans = []
        for _ in range(3):
            p = subprocess.run([GEN, "scan", data], env=env, capture_output=True, text=True)
            scans.append(float(p.stdout.split()[3]))
        base = statistics.median(scans)
        print("baseline: every record read by store_submission_get: %.1f ms (median of 3)"
              % base)
        admin = stack.client(keepalive=True)
        if admin.login("root", "root-pw").status != 200:
            raise RuntimeError("root cannot log in")
        print("\nfirst page of 50 (median of %d), against the baseline:" % REPEAT)
        for what, q in (("no filter", ""), ("an exercise", "exercise=w1/e07"),
                        ("a folder", "exercise=w2/"), ("a login", "login=s%04d" % (STUDENTS * 421 // 1000)),
                        ("a label", "label=CompileError"), ("invalid only", "valid=no"),
                        ("a time range (2 days)",
                         "from=2026-11-05T00:00:00Z&to=2026-11-06"),
                        ("sorted by score", "sort=score"),
                        ("folder + label, by score", "exercise=w1/&label=Accepted&sort=score")):
            ms, r = timed(admin, "/api/staff/submissions?" + q)
            row(what, ms, base, "(%d match)" % r.json["total"])
        print("\nthe gradebook for everyone (median of %d):" % max(3, REPEAT // 2))
        before = hwm(stack)
        ms, r = timed(admin, "/api/staff/gradebook?format=json", max(3, REPEAT // 2))
        row("JSON", ms, base, "(%d bytes, %d students)" % (len(r.body), len(r.json["students"])))
        after_json = hwm(stack)
        ms, r = timed(admin, "/api/staff/gradebook?format=csv", max(3, REPEAT // 2))
        row("CSV", ms, base, "(%d bytes, %d rows)" % (len(r.body), r.body.count("\r\n")))
        after_csv = hwm(stack)
        t0 = time.perf_counter()
        harness.run(os.path.join(harness.BIN, "assay"), "--data", data, "grades", "--site",
                    stack.site)
        row("assay grades (CSV, CLI)", (time.perf_counter() - t0) * 1000, base)
        print("\nassay-staff peak RSS (VmHWM, kB, per process): before the exports %s, "
              "after the JSON %s, after the CSV %s; CSV %d kB"
              % (sorted(before.values()), sorted(after_json.values()),
                 sorted(after_csv.values()), len(r.body) // 1024))
        print("goals: a first page under 50 ms, the gradebook under 1 s, the CSV streamed "
              "(peak RSS not growing with the CSV)")
    finally:
        if stack is not None:
            stack.stop()
            stack.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


main()
