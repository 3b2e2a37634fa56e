#!/usr/bin/python3
"""test_graders.py - the service grading on two grader hosts through its
nginx's upstream (`assay serve --graders`, issue 17): submissions are graded
there with the results the local path gives; one grader host killed
(SIGKILL, every process of it) while gradings run on it, and every accepted
submission is still graded, exactly once in its record (one result, no
earlier one, its first attempt); with every grader host gone the
submissions wait (not MiscError) and are graded once a host is back.

TAP output; run by tests/run.
"""
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, done, diag  # noqa: E402
from test_grader import Host, RIGHT, WRONG  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")
SLOW = ('#include <stdio.h>\n#include <unistd.h>\nint main(void) { char n[64]; usleep(700000);'
        ' if (scanf("%63s", n) == 1) printf("Hello, %s!\\n", n); return 0; }\n')


def host_pids(host):
    """Every process of a grader host: its supervisor, nginx, front, graders, jails."""
    procs = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/status" % pid) as f:
                st = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
            procs[int(pid)] = int(st["PPid"])
        except (OSError, KeyError, ValueError):
            continue
    mine, grew = {host.proc.pid}, True
    while grew:
        grew = False
        for p, pp in procs.items():
            if pp in mine and p not in mine:
                mine.add(p)
                grew = True
    return mine


def main():
    tmp = tempfile.mkdtemp(prefix="assay-graders-")
    os.chmod(tmp, 0o755)
    a_dir, b_dir = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    os.makedirs(a_dir)
    os.makedirs(b_dir)
    key = os.path.join(tmp, "grader.key")
    with open(key, "w") as f:
        f.write("0123456789abcdef0123456789abcdef\n")
    os.chmod(key, 0o644)
    a = Host(a_dir, uid_base=64200, key_file=key)
    b = Host(b_dir, uid_base=64300, key_file=key)
    stack = None
    try:
        stack = Stack(COURSE, workers=4, serve_args=(
            "--graders", "127.0.0.1:%d 127.0.0.1:%d" % (a.port, b.port),
            "--grader-key-file", key))
        alice = stack.client()
        alice.login("alice", "alice-pw")
        right = alice.submit("c/hello", "c", RIGHT).json["id"]
        wrong = alice.submit("c/hello", "c", WRONG).json["id"]
        r1, r2 = alice.wait(right), alice.wait(wrong)
        ok(r1.get("status") == "Accepted" and r2.get("status") == "WrongAnswer",
           "graded on the grader hosts: Accepted and WrongAnswer", (r1, r2))
        served = [h for h in (a, b) if "POST /grader/grade" in h.access_log()]
        ok(len(served) >= 1, "the grader hosts did the grading (their access logs)",
           [h.port for h in served])

        ids = [alice.submit("c/hello", "c", SLOW).json["id"] for _ in range(8)]
        time.sleep(0.5)
        victim = a if "POST /grader/grade" in a.access_log() else b
        pids = host_pids(victim)
        for p in pids:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        diag("killed grader host on port %d (%d processes)" % (victim.port, len(pids)))
        res = [alice.wait(i, timeout=120) for i in ids]
        with open(os.path.join(stack.data, "log", "nginx-error.log")) as f:
            errlog = f.read()
        ok("/grader/grade" in errlog and "upstream" in errlog,
           "the service's nginx saw gradings cut off on that host and sent them on",
           errlog[-600:])
        ok(all(r.get("status") == "Accepted" for r in res),
           "every submission graded though a grader host died mid-grading",
           [r.get("status") for r in res])
        root = stack.client()
        root.login("root", "root-pw")
        recs = [root.request("GET", "/api/staff/submissions/%d" % i).json for i in ids]
        once = all(rc.get("history") == [] and rc["submission"].get("attempt") == 1 and
                   rc["submission"].get("status") == "Accepted" for rc in recs)
        ok(once, "each graded exactly once in its record (no earlier result, first attempt)",
           [(rc["submission"].get("attempt"), rc.get("history")) for rc in recs])

        other = b if victim is a else a
        other.stop()
        late = alice.submit("c/hello", "c", RIGHT).json["id"]
        time.sleep(3)
        r = alice.request("GET", "/api/submissions/%d" % late).json
        ok(r.get("status") == "Evaluating", "every grader host gone: it waits, no MiscError",
           r.get("status"))
        os.makedirs(os.path.join(tmp, "c"))
        back = Host(os.path.join(tmp, "c"), uid_base=64400, key_file=key, port=other.port)
        r = alice.wait(late, timeout=60)
        ok(r.get("status") == "Accepted", "a grader host back: graded", r.get("status"))
        back.stop()
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    finally:
        if stack is not None:
            left = stack.stop()
            ok(left == [], "the service left nothing running", left)
            stack.cleanup()
        for h in (a, b):
            if h.proc.poll() is None:
                h.stop()
        if not os.environ.get("KEEP"):
            os.system("rm -rf '%s'" % tmp)
    done()


if __name__ == "__main__":
    main()
