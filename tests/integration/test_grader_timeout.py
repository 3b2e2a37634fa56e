#!/usr/bin/python3
"""test_grader_timeout.py - the service's nginx gives up on a grader host
that takes a grading and never answers, after the timeout tier the spec's
limits call for, and sends the grading on to the next host (`assay serve
--graders`, fcgi/launch.c's grader_locations()): a fake grader host that
reads each request and never answers is the first of two, beside a real
one; an exercise with small limits (1 s wall, two tests: the worker's
timeout 36 s, so the 40 s tier, /grader/grade/t40) is submitted several
times at once. The fake host must get a grading (least_conn gives the
first host the first one) by the host's own path, /grader/grade; every
submission is still graded, Accepted, exactly once in its record (no
earlier result, its first attempt); nginx's error log says the fake host
timed out on /grader/grade/t40; the workers log nothing about it (the
tier is logged only when a grading fails).

No assertion on times: the machine is shared; the waits are generous.

TAP output; run by tests/run.
"""
import os
import re
import shutil
import socket
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, done, diag  # noqa: E402
from test_grader import Host, RIGHT  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")
TIER = 40   # the smallest of LAUNCH_GRADE_TIERS (fcgi/launch.h)


class Stalled:
    """A grader host that accepts every connection, reads what comes and never answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns, self.got, self.lock = [], [], threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.conns.append(c)
                self.got.append(bytearray())
                buf = self.got[-1]
            threading.Thread(target=self.read, args=(c, buf), daemon=True).start()

    def read(self, c, buf):
        while True:
            try:
                data = c.recv(65536)
            except OSError:
                return
            if not data:
                return      # nginx gave up and closed: still no answer
            with self.lock:
                buf.extend(data)

    def requests(self):
        with self.lock:
            return [bytes(b) for b in self.got if b]

    def close(self):
        self.sock.close()
        with self.lock:
            for c in self.conns:
                c.close()


def quick_course(tmp):
    """The integration course, its c/hello given small limits (1 s CPU and wall)."""
    course = os.path.join(tmp, "course")
    shutil.copytree(COURSE, course)
    path = os.path.join(course, "c", "hello.md")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("tester: stdio\n", "tester: stdio\nwall: 1\ncpu: 1\n", 1))
    return course


def main():
    tmp = tempfile.mkdtemp(prefix="assay-grader-timeout-")
    os.chmod(tmp, 0o755)
    os.makedirs(os.path.join(tmp, "real"))
    key = os.path.join(tmp, "grader.key")
    with open(key, "w") as f:
        f.write("0123456789abcdef0123456789abcdef\n")
    os.chmod(key, 0o644)
    stalled = Stalled()
    real = Host(os.path.join(tmp, "real"), uid_base=64200, key_file=key)
    stack = None
    try:
        stack = Stack(quick_course(tmp), workers=4, serve_args=(
            "--graders", "127.0.0.1:%d 127.0.0.1:%d" % (stalled.port, real.port),
            "--grader-key-file", key))
        with open(os.path.join(stack.data, "nginx", "nginx.conf")) as f:
            conf = f.read()
        tiers = re.findall(r"location = /grader/grade/t(\d+) \{[^}]*proxy_read_timeout (\d+)s;",
                           conf)
        ok(tiers and all(a == b for a, b in tiers) and int(tiers[0][0]) == TIER,
           "nginx has a location per timeout tier, the smallest %d s" % TIER, tiers)

        alice = stack.client()
        alice.login("alice", "alice-pw")
        ids = [alice.submit("c/hello", "c", RIGHT).json["id"] for _ in range(4)]
        res = [alice.wait(i, timeout=6 * TIER) for i in ids]
        ok(all(r.get("status") == "Accepted" for r in res),
           "every submission graded though a grader host stalls",
           [r.get("status") for r in res])

        got = stalled.requests()
        ok(len(got) >= 1 and all(g.startswith(b"POST /grader/grade HTTP/1.1\r\n") for g in got),
           "the stalled host got a grading, by the host's own path /grader/grade",
           [g[:80] for g in got])
        moved = sorted({int(m) for g in got for m in re.findall(rb'"what":"submission (\d+)"', g)})
        diag("the stalled host held submissions %s" % moved)
        ok(moved and set(moved) <= set(ids),
           "the stalled host's gradings were these submissions", (moved, ids))

        root = stack.client()
        root.login("root", "root-pw")
        recs = {i: root.request("GET", "/api/staff/submissions/%d" % i).json for i in ids}
        once = all(rc.get("history") == [] and rc["submission"].get("attempt") == 1 and
                   rc["submission"].get("status") == "Accepted" for rc in recs.values())
        ok(once, "each graded exactly once in its record (no earlier result, first attempt)",
           [(i, rc["submission"].get("attempt"), rc.get("history")) for i, rc in recs.items()])
        ok(all(recs[i]["submission"].get("status") == "Accepted" for i in moved),
           "the stalled host's gradings were graded by the other host",
           [(i, recs[i]["submission"].get("status")) for i in moved])
        ok(real.access_log().count("POST /grader/grade ") >= len(ids),
           "the real host graded them all (its access log)", real.access_log()[-600:])

        with open(os.path.join(stack.data, "log", "nginx-error.log")) as f:
            timed = [l for l in f if "upstream timed out" in l]
        ok(any("/grader/grade/t%d " % TIER in l and ":%d/grader/grade" % stalled.port in l
               for l in timed),
           "nginx's error log: the stalled host timed out on /grader/grade/t%d" % TIER, timed)
        with open(os.path.join(stack.data, "log", "assay-worker.log")) as f:
            worker = f.read()
        ok("did not grade it" not in worker and "tier" not in worker,
           "the workers logged nothing of it (the tier only on a failure)", worker[-600:])
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    finally:
        if stack is not None:
            left = stack.stop()
            ok(left == [], "the service left nothing running", left)
            stack.cleanup()
        stalled.close()
        if real.proc.poll() is None:
            real.stop()
        if not os.environ.get("KEEP"):
            os.system("rm -rf '%s'" % tmp)
    done()


if __name__ == "__main__":
    main()
