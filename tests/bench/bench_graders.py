#!/usr/bin/python3
"""bench_graders.py - grading on grader hosts (issue 17): throughput through
the real service (closed loop, CLIENTS clients, TOTAL submissions of a small
C stdio program) in three set-ups, the graders pinned to CPUs with
sched_setaffinity (`taskset -a -p`; the jails they start inherit it):

  local, 1 CPU      today's local grading, its workers on CPU 0 (the baseline)
  1 host, 1 CPU     the service grading on one grader host pinned to CPU 0
  2 hosts, 1 CPU each  two grader hosts, one on CPU 0, one on CPU 1

Ratios: 1 host / local (the remote path's cost: goal >= 0.9) and 2 hosts /
1 host (scale-out: goal >= 1.8). The service itself (nginx, the API
programs, the workers that wait on the hosts) is not pinned: on this
2-core machine it shares the cores with the graders in every set-up.
Each grader runs SLOTS grading processes; the service WORKERS workers.
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import harness  # noqa: E402
from bench_grading import closed_loop  # noqa: E402
from test_grader import Host  # noqa: E402

COURSE = os.path.join(harness.ROOT, "tests", "integration", "course")
CLIENTS = int(os.environ.get("CLIENTS", "8"))
TOTAL = int(os.environ.get("TOTAL", "120"))
WORKERS = int(os.environ.get("WORKERS", "4"))


def tree(root):
    """ROOT and its descendants."""
    kids = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(pid))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def pin(pids, cpu):
    for p in pids:
        subprocess.run(["taskset", "-a", "-p", "-c", str(cpu), str(p)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_local():
    stack = harness.Stack(COURSE, workers=2)
    try:
        pin(stack.workers(), 0)
        closed_loop(stack, 8, CLIENTS)      # warm up: compilers in the page cache
        rate, lat, bad = closed_loop(stack, TOTAL, CLIENTS)
    finally:
        stack.stop()
        stack.cleanup()
    return rate, lat, bad


def run_remote(tmp, ncpu):
    key = os.path.join(tmp, "grader.key")
    with open(key, "w") as f:
        f.write("bench-0123456789abcdef0123456789\n")
    os.chmod(key, 0o644)
    hosts = []
    stack = None
    try:
        for i in range(ncpu):
            d = tempfile.mkdtemp(prefix="h%d-" % i, dir=tmp)
            os.chmod(d, 0o755)
            h = Host(d, uid_base=64200 + 100 * i, key_file=key)
            pin(tree(h.proc.pid), i)
            hosts.append(h)
        stack = harness.Stack(COURSE, workers=WORKERS, serve_args=(
            "--graders", " ".join("127.0.0.1:%d" % h.port for h in hosts),
            "--grader-key-file", key))
        closed_loop(stack, 8, CLIENTS)
        rate, lat, bad = closed_loop(stack, TOTAL, CLIENTS)
    finally:
        if stack is not None:
            stack.stop()
            stack.cleanup()
        for h in hosts:
            h.stop()
    return rate, lat, bad


def main():
    if (os.cpu_count() or 1) < 2:
        print("# one CPU: the scale-out needs two; skipped")
        return
    tmp = tempfile.mkdtemp(prefix="assay-bench-graders-")
    os.chmod(tmp, 0o755)
    print("# grader hosts: %d clients, %d submissions of a C stdio program; the service"
          " has %d workers when remote, each host 2 grading processes" % (CLIENTS, TOTAL, WORKERS),
          flush=True)
    rows = [("local, 1 CPU", run_local()), ("1 host, 1 CPU", run_remote(tmp, 1)),
            ("2 hosts, 1 CPU each", run_remote(tmp, 2))]
    print("%-22s %12s %10s %10s %s" % ("set-up", "gradings/s", "p50 s", "p99 s", "failed"))
    for name, (rate, lat, bad) in rows:
        lat = sorted(lat)
        print("%-22s %12.1f %10.3f %10.3f %d" % (name, rate, lat[len(lat) // 2],
              lat[min(len(lat) - 1, int(len(lat) * 0.99))], len(bad)), flush=True)
    local, one, two = (r[1][0] for r in rows)
    print("ratio 1 host / local (goal >= 0.9):   %.2f" % (one / local))
    print("ratio 2 hosts / 1 host (goal >= 1.8): %.2f" % (two / one))
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
