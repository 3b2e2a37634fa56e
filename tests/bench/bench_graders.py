#!/usr/bin/python3
"""bench_graders.py - grading on grader hosts (issue 17): throughput through
the real service (TOTAL submissions of a small C stdio program sent at once,
their verdicts awaited: burst()) in three set-ups, the graders each held to
QUOTA CPUs (default 0.5) by a cgroup CPU quota of their own (the jails they
start make their groups inside it, so the quota bounds them too):

  local             today's local grading, its 2 workers under one quota
                    (the baseline)
  1 host            the service grading on one grader host under one quota
  2 hosts           two grader hosts, each under a quota of its own

Ratios: 1 host / local (the remote path's cost: goal >= 0.9) and 2 hosts /
1 host (scale-out: goal >= 1.8). The service itself (nginx, the API
programs, the workers that wait on the hosts) and this client run outside
the quotas, on what the 2 cores have left: grader hosts have machines of
their own, and the service's share must not come out of theirs. Pinning
each host to a core instead (taskset, PIN=1) measures that share too: two
hosts on both cores leave the service nothing of its own, one host leaves
it a whole core.
Each grader host runs 2 grading processes; the service WORKERS workers
(remote) or 2 (local).
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import harness  # noqa: E402
from test_grader import Host  # noqa: E402

COURSE = os.path.join(harness.ROOT, "tests", "integration", "course")
with open(os.path.join(HERE, "hello.c")) as f:
    PROGRAM = f.read()
POLL = float(os.environ.get("POLL", "0.25"))
# Students of their own: the queue takes one submission of each student in
# turn (fcgi/queue.h), so one student's burst would be graded one at a time.
USERS = [("s%02d" % i, "pw-s%02d" % i, False) for i in range(30)] + [("root", "root-pw", True)]
TOTAL = int(os.environ.get("TOTAL", "300"))
WORKERS = int(os.environ.get("WORKERS", "4"))
QUOTA = float(os.environ.get("QUOTA", "0.5"))
PIN = os.environ.get("PIN") == "1"


def cpu_group():
    """This process's cpu cgroup directory (v1 or v2), and its version."""
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, ctl, path = line.rstrip("\n").split(":", 2)
            if "cpu" in ctl.split(","):
                base = "/sys/fs/cgroup/" + ctl
                if not os.path.isdir(base):
                    base = "/sys/fs/cgroup/cpu,cpuacct"
                return base + path, 1
    with open("/proc/self/cgroup") as f:
        for line in f:
            if line.startswith("0::"):
                return "/sys/fs/cgroup" + line.rstrip("\n")[3:], 2
    raise RuntimeError("no cpu cgroup")


class Quota:
    """A cpu cgroup of CPUS processors beside this process's; enter() moves
    this process in (what it starts then stays there), leave() back."""
    n = 0

    def __init__(self, cpus):
        self.home, self.v = cpu_group()
        Quota.n += 1
        self.dir = os.path.join(self.home, "assay-bench-%d-%d" % (os.getpid(), Quota.n))
        if self.v == 2:     # the cpu controller for the groups below
            try:
                self.write("cgroup.subtree_control", "+cpu", where=self.home)
            except OSError:
                pass
        os.mkdir(self.dir)
        period = 100000
        if self.v == 1:
            self.write("cpu.cfs_period_us", period)
            self.write("cpu.cfs_quota_us", int(cpus * period))
        else:
            self.write("cpu.max", "%d %d" % (int(cpus * period), period))

    def write(self, name, value, where=None):
        with open(os.path.join(where or self.dir, name), "w") as f:
            f.write(str(value))

    def enter(self, pid=0):
        self.write("cgroup.procs", pid or os.getpid())

    def leave(self, pid=0):
        self.write("cgroup.procs", pid or os.getpid(), where=self.home)

    def close(self):
        for _ in range(50):
            try:
                os.rmdir(self.dir)
                return
            except OSError:
                time.sleep(0.1)


def burst(stack, total):
    """TOTAL submissions sent at once by 30 students (no per-user limit), then
    the staff's count of those still Evaluating polled every POLL seconds
    until none is: the graders' throughput in gradings/s, with as little of
    the cores spent on clients and polls as can be; and how many were not
    Accepted."""
    cs = []
    for login, pw, _ in USERS:
        c = stack.client(keepalive=True)
        c.login(login, pw)
        cs.append(c)
    staff = cs[-1]
    before = staff.request("GET", "/api/staff/submissions?exercise=c/hello").json["total"]
    t0 = time.time()
    sent = 0
    for i in range(total):
        sent += cs[i % (len(cs) - 1)].submit("c/hello", "c", PROGRAM).status == 202
    left = sent
    while left > 0 and time.time() - t0 < 600:
        time.sleep(POLL)
        left = staff.request("GET", "/api/staff/submissions?exercise=c/hello"
                             "&label=Evaluating").json["total"]
    wall = time.time() - t0
    ok = staff.request("GET", "/api/staff/submissions?exercise=c/hello&label=Accepted"
                       ).json["total"]
    return sent / wall, wall, before + sent - ok


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
    """Today's grading: the service started under a quota, everything but its
    workers then moved out (the workers' jails make their groups inside)."""
    q = None if PIN else Quota(QUOTA)
    stack = None
    try:
        if q:
            q.enter()
        stack = harness.Stack(COURSE, workers=2, users=USERS)
        workers = stack.workers()
        if q:
            q.leave()
            for pid, _ in stack.pids():
                if pid not in workers:
                    try:
                        q.leave(pid)
                    except OSError:
                        pass
        else:
            pin(workers, 0)
        burst(stack, 8)     # warm up: compilers in the page cache
        res = burst(stack, TOTAL)
    finally:
        if stack is not None:
            stack.stop()
            stack.cleanup()
        if q:
            q.close()
    return res


def run_remote(tmp, ncpu):
    key = os.path.join(tmp, "grader.key")
    with open(key, "w") as f:
        f.write("bench-0123456789abcdef0123456789\n")
    os.chmod(key, 0o644)
    hosts = []
    stack = None
    quotas = []
    try:
        for i in range(ncpu):
            d = tempfile.mkdtemp(prefix="h%d-" % i, dir=tmp)
            os.chmod(d, 0o755)
            if not PIN:
                quotas.append(Quota(QUOTA))
                quotas[-1].enter()
            try:
                h = Host(d, uid_base=64200 + 100 * i, key_file=key)
            finally:
                if not PIN:
                    quotas[-1].leave()
            if PIN:
                pin(tree(h.proc.pid), i)
            hosts.append(h)
        stack = harness.Stack(COURSE, workers=WORKERS, users=USERS, serve_args=(
            "--graders", " ".join("127.0.0.1:%d" % h.port for h in hosts),
            "--grader-key-file", key))
        burst(stack, 8)
        res = burst(stack, TOTAL)
    finally:
        if stack is not None:
            stack.stop()
            stack.cleanup()
        for h in hosts:
            h.stop()
        for q in quotas:
            q.close()
    return res


def main():
    if (os.cpu_count() or 1) < 2:
        print("# one CPU: the scale-out needs two; skipped")
        return
    tmp = tempfile.mkdtemp(prefix="assay-bench-graders-")
    os.chmod(tmp, 0o755)
    held = "pinned to a core each" if PIN else "held to %.2f CPU each" % QUOTA
    print("# grader hosts: %d submissions of a C stdio program sent at once, their list"
          " polled every %.2f s; the service has %d workers when remote, each host 2 grading"
          " processes; graders %s" % (TOTAL, POLL, WORKERS, held), flush=True)
    rows = [("local", run_local()), ("1 host", run_remote(tmp, 1)),
            ("2 hosts", run_remote(tmp, 2))]
    print("%-22s %12s %10s %s" % ("set-up", "gradings/s", "seconds", "not Accepted"))
    for name, (rate, wall, bad) in rows:
        print("%-22s %12.1f %10.1f %d" % (name, rate, wall, bad), flush=True)
    local, one, two = (r[1][0] for r in rows)
    print("ratio 1 host / local (goal >= 0.9):   %.2f" % (one / local))
    print("ratio 2 hosts / 1 host (goal >= 1.8): %.2f" % (two / one))
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
