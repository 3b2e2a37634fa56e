#!/usr/bin/python3
"""grading.py - grading throughput and latency through the real HTTP API,
beside the same compile-and-run done directly by a shell loop.

Rows:
  closed loop: CLIENTS clients each submit a small C stdio program and poll
    until it is graded, then submit again; submissions per second and the
    p50/p99 latency from POST to final status. Baseline: a shell loop doing
    the same work (gcc with the engine's flags, then the program on both
    tests, output compared) with as many loops in parallel as there are
    graders, run before and after the platform's loop (the stack idle) and
    averaged. Ratio = platform / direct. The clients keep their
    connections, as browsers do, and log in before the clock starts.
  open loop: submissions arrive at RATE per second for SECONDS seconds, as a
    class would send them; p50/p99 latency.
  a typical property exercise: one client, one submission at a time, of a
    wrong function to an exercise of three properties of 100 tests each
    (content/c/strong's two and a third), whose failures are shrunk:
    median latency from POST to final status, beside the same for the
    small C stdio program in the same stack. Ratio = property / stdio.
"""
import os
import resource
import shutil
import statistics
import tempfile
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

COURSE = os.path.join(harness.ROOT, "tests", "integration", "course")
WORKERS = int(os.environ.get("WORKERS", "2"))
CLIENTS = int(os.environ.get("CLIENTS", "8"))
TOTAL = int(os.environ.get("TOTAL", "120"))
RATE = float(os.environ.get("RATE", "10"))
SECONDS = float(os.environ.get("SECONDS", "10"))

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "hello.c")) as f:
    PROGRAM = f.read()
# The same work as the stdio tester, directly (the baseline).
DIRECT = os.path.join(HERE, "direct_loop.sh")


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def direct(total, parallel):
    """Jobs per second of the shell loop, PARALLEL loops sharing TOTAL jobs."""
    per = [total // parallel + (1 if i < total % parallel else 0) for i in range(parallel)]
    t0 = time.time()
    procs = [subprocess.Popen(["/bin/sh", DIRECT, os.path.join(HERE, "hello.c"), str(n),
                               os.path.join(COURSE, "c")]) for n in per]
    for p in procs:
        if p.wait() != 0:
            raise RuntimeError("the direct loop failed")
    return total / (time.time() - t0)


def closed_loop(stack, total, clients):
    lat = []
    lock = threading.Lock()
    left = [total]
    bad = []

    # Logged in before the clock starts: a login costs a yescrypt hash
    # (tens of milliseconds by design), which is not grading.
    cs = []
    for i in range(clients):
        c = stack.client(keepalive=True)
        c.login(*(("alice", "alice-pw") if i % 2 == 0 else ("bob", "bob-pw")))
        cs.append(c)

    def client(i):
        c = cs[i]
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            t0 = time.time()
            r = c.submit("c/hello", "c", PROGRAM)
            s = c.wait(r.json["id"]) if r.status == 202 else {"status": "HTTP %d" % r.status}
            dt = time.time() - t0
            with lock:
                lat.append(dt)
                if s.get("status") != "Accepted":
                    bad.append(s.get("status"))

    t0 = time.time()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    ts = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.time() - t0
    print("# client CPU: %.0f%% of one core" % (100 * ((cpu1.ru_utime + cpu1.ru_stime) -
          (cpu0.ru_utime + cpu0.ru_stime)) / wall), flush=True)
    return total / wall, lat, bad


def open_loop(stack, rate, seconds):
    n = int(rate * seconds)
    lat = []
    bad = []
    lock = threading.Lock()
    c0 = stack.client()
    c0.login("alice", "alice-pw")

    def one():
        c = harness.Client(stack)
        c.cookie = c0.cookie
        t0 = time.time()
        r = c.submit("c/hello", "c", PROGRAM)
        s = c.wait(r.json["id"]) if r.status == 202 else {"status": "HTTP %d" % r.status}
        with lock:
            lat.append(time.time() - t0)
            if s.get("status") != "Accepted":
                bad.append(s.get("status"))

    ts = []
    start = time.time()
    for i in range(n):
        delay = start + i / rate - time.time()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=one)
        t.start()
        ts.append(t)
    for t in ts:
        t.join()
    return lat, bad


THIRD = r'''
QC_PROPERTY(leaves_the_password_alone, "strong(pw)")
{
	char *pw = qc_string(qc, 0, 20, NULL);

	qc_name(qc, pw, "pw");
	QC_SHOW_STR(pw);
	qc_freeze(qc, pw);
	(void)strong(pw);
}
'''


def qc_course():
    """The integration course with a property exercise of three properties."""
    d = tempfile.mkdtemp(prefix="assay-bench-course-")
    shutil.copytree(COURSE, d, dirs_exist_ok=True)
    content = os.path.join(harness.ROOT, "content", "c")
    shutil.copy(os.path.join(content, "strong.md"), os.path.join(d, "c", "strong.md"))
    with open(os.path.join(content, "strong.c")) as f:
        props = f.read()
    with open(os.path.join(d, "c", "strong.c"), "w") as f:
        f.write(props + THIRD)
    # The C cases exercise as the example course has it (its tests apart
    # from the answer, the default) and the same in one program.
    with open(os.path.join(content, "gcd.md")) as f:
        gcd = f.read()
    with open(os.path.join(d, "c", "gcd.md"), "w") as f:
        f.write(gcd)
    with open(os.path.join(d, "c", "gcd1.md"), "w") as f:
        f.write(gcd.replace("tester: cases\n", "tester: cases\nfunctions: no\n", 1))
    with open(os.path.join(d, "index.md"), "a") as f:
        f.write("\n- [](c/strong.md){.ex}\n- [](c/gcd.md){.ex}\n- [](c/gcd1.md){.ex}\n")
    return d


def sequential(stack, exercise, code, n):
    """Latencies of N submissions of CODE to EXERCISE, one at a time."""
    c = stack.client(keepalive=True)
    c.login("alice", "alice-pw")
    lat, labels = [], set()
    for _ in range(n):
        t0 = time.time()
        r = c.submit(exercise, "c", code)
        s = c.wait(r.json["id"]) if r.status == 202 else {"status": "HTTP %d" % r.status}
        lat.append(time.time() - t0)
        labels.add(s.get("status"))
    return lat, labels


def main():
    print("# grading: %d graders, %d clients, %d submissions; open loop %.0f/s for %.0f s"
          % (WORKERS, CLIENTS, TOTAL, RATE, SECONDS), flush=True)
    # The baseline before and after the platform's run, averaged: the
    # machine's mood drifts over a minute.
    base1 = direct(TOTAL, WORKERS)
    course = qc_course()
    with open(os.path.join(harness.ROOT, "tests", "qc", "bugs", "strong_punct.c")) as f:
        wrong = f.read()
    stack = harness.Stack(course, workers=WORKERS)
    try:
        # Warm up (page cache, compiler binaries) before measuring.
        closed_loop(stack, 2 * WORKERS, WORKERS)
        tput, lat, bad = closed_loop(stack, TOTAL, CLIENTS)
        base2 = direct(TOTAL, WORKERS)
        olat, obad = open_loop(stack, RATE, SECONDS)
        sequential(stack, "c/strong", wrong, 2)
        qlat, qlabels = sequential(stack, "c/strong", wrong, 15)
        hlat, _ = sequential(stack, "c/hello", PROGRAM, 15)
        with open(os.path.join(harness.ROOT, "content", "solutions", "c", "gcd.c")) as f:
            gcd = f.read()
        sequential(stack, "c/gcd", gcd, 2)
        clat, clabels = sequential(stack, "c/gcd", gcd, 15)
        c1lat, c1labels = sequential(stack, "c/gcd1", gcd, 15)
    finally:
        stack.stop()
        stack.cleanup()
        shutil.rmtree(course, ignore_errors=True)
    base = (base1 + base2) / 2
    print("# direct loop: %.1f /s before, %.1f /s after" % (base1, base2))
    ms = 1000.0
    print("%-44s %14s %14s %8s" % ("benchmark", "assay", "baseline", "ratio"))
    print("%-44s %10.1f /s %10.1f /s %8.2f" % (
        "C stdio grading throughput (direct loop)", tput, base, tput / base))
    print("%-44s %11.0f ms %14s %8s" % ("  latency p50, %d clients" % CLIENTS,
                                        statistics.median(lat) * ms, "", ""))
    print("%-44s %11.0f ms %14s %8s" % ("  latency p99, %d clients" % CLIENTS,
                                        pct(lat, 99) * ms, "", ""))
    print("%-44s %11.0f ms %14s %8s" % ("  latency p50, %.0f submissions/s arriving" % RATE,
                                        statistics.median(olat) * ms, "", ""))
    print("%-44s %11.0f ms %14s %8s" % ("  latency p99, %.0f submissions/s arriving" % RATE,
                                        pct(olat, 99) * ms, "", ""))
    print("%-44s %11.0f ms %11.0f ms %8.2f" % (
        "property exercise, 3 x 100 tests + shrinking",
        statistics.median(qlat) * ms, statistics.median(hlat) * ms,
        statistics.median(qlat) / statistics.median(hlat)))
    print("%-44s %11.0f ms %11.0f ms %8.2f" % (
        "C cases, 7 tests apart (one program: base)",
        statistics.median(clat) * ms, statistics.median(c1lat) * ms,
        statistics.median(clat) / statistics.median(c1lat)))
    if clabels != {"Accepted"} or c1labels != {"Accepted"}:
        print("# WARNING: the cases exercise ended %s, in one program %s" % (
            sorted(clabels), sorted(c1labels)))
        sys.exit(1)
    if qlabels != {"WrongAnswer"}:
        print("# WARNING: the property exercise ended %s" % sorted(qlabels))
        sys.exit(1)
    if bad or obad:
        print("# WARNING: %d submissions did not end Accepted: %s" % (
            len(bad) + len(obad), sorted(set(bad + obad))))
        sys.exit(1)


if __name__ == "__main__":
    main()
