#!/usr/bin/python3
"""test_hostile.py - hostile programs through the real stack, each with its
expected label, and the host checked afterwards.

Every file in cases/ is a C or Python program whose first comment says
  expect: LABEL          the label it must get
  report: TEXT           (optional) words the report or the test's message must hold
  exercise: ID           the exercise of course/ it is submitted to (short limits)
Placeholders are filled in before submitting: @PORT@ (the loopback listener
of this test), @DATA@, @SITE@, @BIN@, @COURSE@, @HOSTTMP@ (the stack's
temporary directory), @DATACANARY@ and @TMPCANARY@ (canary files).

All are submitted at once over the HTTP API and graded by two workers. Then
the host is checked: no process of the sandbox uids or of the run left, no
cgroup or mount of the runs left, the boxes empty, the workers alive, the
canaries neither opened nor changed (inotify), and the loopback listener
never connected to. The programs only ever try 127.0.0.1 (the listener of
this test), never another address, and never connect a vsock.

TAP output; run by tests/run hostile (make check). KEEP=1 keeps the stack's
temporary directory.
"""
import ctypes
import ctypes.util
import glob
import os
import re
import secrets
import socket
import struct
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
from harness import BIN, SANDBOX_UIDS, Stack, diag, done, ok  # noqa: E402

COURSE = os.path.join(HERE, "course")
CASES = os.path.join(HERE, "cases")

IN_ACCESS, IN_MODIFY, IN_ATTRIB, IN_OPEN = 0x1, 0x2, 0x4, 0x20
IN_DELETE_SELF, IN_MOVE_SELF, IN_NONBLOCK = 0x400, 0x800, 0o4000


class Inotify:
    """Watches files for any access, through libc's inotify (ctypes)."""

    def __init__(self):
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = self.libc.inotify_init1(IN_NONBLOCK)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.names = {}

    def watch(self, path):
        mask = IN_ACCESS | IN_MODIFY | IN_ATTRIB | IN_OPEN | IN_DELETE_SELF | IN_MOVE_SELF
        wd = self.libc.inotify_add_watch(self.fd, path.encode(), mask)
        if wd < 0:
            raise OSError(ctypes.get_errno(), "inotify_add_watch " + path)
        self.names[wd] = path

    def events(self):
        out = []
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return out
        i = 0
        while i + 16 <= len(data):
            wd, mask, _cookie, length = struct.unpack_from("iIII", data, i)
            out.append((self.names.get(wd, "?"), mask))
            i += 16 + length
        return out


def parse_case(path):
    with open(path) as f:
        text = f.read()
    head = {}
    for key in ("expect", "report", "exercise"):
        m = re.search(r"^\W*%s:\s*(.*?)\s*(\*/)?\s*$" % key, text, re.M)
        if m:
            head[key] = m.group(1)
    return text, head


def sandbox_processes():
    """Processes of the sandbox uids on the whole host."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/status" % pid) as f:
                for line in f:
                    if line.startswith("Uid:"):
                        uid = int(line.split()[1])
                        if SANDBOX_UIDS[0] <= uid < SANDBOX_UIDS[1]:
                            found.append((int(pid), uid))
                        break
        except OSError:
            continue
    return found


def run_cgroups(pids):
    """The runs' cgroups ("assay-PID-N") of the graders PIDS."""
    found = []
    for d in glob.glob("/sys/fs/cgroup/*/**/assay-*-*", recursive=True):
        m = re.search(r"/assay-(\d+)-\d+$", d)
        if m and int(m.group(1)) in pids:
            found.append(d)
    return found


def mounts_mentioning(words):
    with open("/proc/self/mountinfo") as f:
        return [line for line in f if any(w in line for w in words)]


def main():
    if os.geteuid() != 0:
        print("1..0 # SKIP the sandbox needs root")
        return
    check_doctor()
    stack = Stack(COURSE, workers=2)
    start = time.time()
    workers = []
    try:
        workers = check(stack) or []
    finally:
        leftovers = stack.stop()
        ok(not leftovers, "stopping the stack leaves no process", leftovers)
        cg = run_cgroups(set(workers))
        ok(not cg, "nor any cgroup of the graders", cg)
        stack.cleanup()
    diag("hostile suite: %.1f s" % (time.time() - start))
    done()


def check_doctor():
    p = subprocess.run([os.path.join(BIN, "assay"), "doctor"], capture_output=True, text=True)
    ok(p.returncode == 0 and "every layer is active" in p.stdout,
       "assay doctor: every layer is active on this host", p.stdout + p.stderr)
    for layer in ("uid", "namespaces", "root", "seccomp", "cgroup-memory", "cgroup-pids",
                  "cgroup-cpu", "rlimits"):
        ok(re.search(r"^active +%s " % layer, p.stdout, re.M) is not None,
           "assay doctor shows %s" % layer)
    p = subprocess.run([os.path.join(BIN, "assay-worker"), "--allow-missing", "seccomp"],
                       capture_output=True, text=True)
    ok(p.returncode == 2 and "only the cgroup layers" in p.stderr,
       "a worker cannot be told to do without seccomp", p.stderr)


def check(stack):
    # The canaries, and a listener of our own on the loopback.
    secret = "canary " + secrets.token_hex(16) + "\n"
    canaries = [os.path.join(stack.data, "canary"), os.path.join(stack.tmp, "canary-tmp")]
    for path in canaries:
        with open(path, "w") as f:
            f.write(secret)
        os.chmod(path, 0o644)
    ino = Inotify()
    for path in canaries:
        ino.watch(path)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    workers = sorted(stack.workers())
    ok(len(workers) == 2, "two workers grade", workers)
    mounts_before = mounts_mentioning([stack.tmp, "/tmp/box"])

    subst = {
        "@PORT@": str(port), "@DATA@": stack.data, "@SITE@": stack.site, "@BIN@": BIN,
        "@COURSE@": COURSE, "@HOSTTMP@": stack.tmp, "@DATACANARY@": canaries[0],
        "@TMPCANARY@": canaries[1],
    }
    cases = []
    for path in sorted(glob.glob(os.path.join(CASES, "*.c")) +
                       glob.glob(os.path.join(CASES, "*.py"))):
        text, head = parse_case(path)
        if "expect" not in head or "exercise" not in head:
            ok(False, "%s has expect: and exercise: lines" % os.path.basename(path))
            continue
        for k, v in subst.items():
            text = text.replace(k, v)
        lang = "python" if path.endswith(".py") else "c"
        cases.append((os.path.basename(path), head, lang, text))
    ok(len(cases) >= 25, "at least 25 hostile programs (%d)" % len(cases))

    client = stack.client()
    r = client.login("alice", "alice-pw")
    ok(r.status == 200, "logged in", r)

    def grade(case):
        name, head, lang, text = case
        r = client.submit(head["exercise"], lang, text)
        if r.status != 202:
            return case, {"status": "HTTP %d" % r.status, "report": r.body}
        return case, client.wait(r.json["id"], timeout=180)

    t0 = time.time()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(grade, cases))
    diag("%d programs graded in %.1f s" % (len(cases), time.time() - t0))

    for (name, head, lang, text), res in results:
        status = res.get("status")
        tests = res.get("tests") or []
        said = (res.get("report") or "") + "\n" + "\n".join(
            t.get("message", "") for t in tests)
        ok(status == head["expect"], "%s: %s" % (name, head["expect"]),
           "got %s\n%s" % (status, said[-1500:]))
        if "report" in head:
            ok(head["report"] in said, "%s: the report says \"%s\"" % (name, head["report"]),
               said[-1500:])
        ok("escaped" not in said, "%s: nothing escaped" % name, said[-1500:])

    # The daemon of daemon.c sleeps 2 s before trying to write on the host.
    time.sleep(max(0.0, 3 - (time.time() - t0)))
    ok(not os.path.exists(os.path.join(stack.tmp, "daemon-was-here")),
       "the daemon did not outlive its run")
    left = sandbox_processes()
    ok(not left, "no process of a sandbox uid is left", left)
    ok(sorted(stack.workers()) == workers, "the workers survived (kill(-1) and the rest)",
       stack.workers())
    # A grader keeps its last jail between gradings, with its pids and cpu
    # groups (restarted per run); a run's own group (memory) and every
    # process of it are gone.
    cg = run_cgroups(set(workers))
    busy = []
    for d in cg:
        try:
            with open(os.path.join(d, "cgroup.procs")) as f:
                if f.read().strip():
                    busy.append(d)
        except OSError:
            pass
    ok(not busy and not [d for d in cg if "/memory/" in d],
       "no cgroup of a run is left: only the graders' kept, empty ones", cg)
    ok(mounts_mentioning([stack.tmp, "/tmp/box"]) == mounts_before,
       "no mount of the runs is left on the host")
    boxes = os.path.join(stack.data, "boxes")
    inside = [n for n in os.listdir(boxes) if not n.endswith(".lock")] \
        if os.path.isdir(boxes) else []
    ok(not inside, "the boxes are gone", inside)
    events = ino.events()
    ok(not events, "the canaries were not opened, read or changed", events)
    for path in canaries:
        with open(path) as f:
            ok(f.read() == secret, "%s is unchanged" % os.path.basename(path))
    try:
        conn, peer = listener.accept()
        conn.close()
        ok(False, "the loopback listener saw no connection", peer)
    except BlockingIOError:
        ok(True, "the loopback listener saw no connection")
    listener.close()
    return workers


if __name__ == "__main__":
    main()
