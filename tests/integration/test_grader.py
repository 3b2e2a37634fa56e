#!/usr/bin/python3
"""test_grader.py - a grader host (`assay grader`: nginx, assay-graderd, and
grading processes `assay-worker --serve`) over HTTP: the deployment's key
required, specs by SHA-256 (409 until held, PUT checked against its hash,
HEAD), a job's result the same as the engine gives on this machine
(bin/assay-grade), a spec sent inline kept for the next job, its grading
processes killed mid-job (503, restarted, the next job graded), and nothing
left running after Ctrl-C.

TAP output; run by tests/run.
"""
import hashlib
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, ROOT, ok, done, diag, free_port, run  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")
UID_BASE = 64200
RIGHT = ('#include <stdio.h>\nint main(void) { char n[64]; '
         'if (scanf("%63s", n) == 1) printf("Hello, %s!\\n", n); return 0; }\n')
WRONG = '#include <stdio.h>\nint main(void) { puts("nope"); return 0; }\n'
SLOW = ('#include <stdio.h>\n#include <unistd.h>\nint main(void) { sleep(2); '
        'puts("late"); return 0; }\n')


class Host:
    """A grader host (`assay grader`) in DIR/grader, its jail's uids from UID_BASE."""

    def __init__(self, tmp, uid_base=UID_BASE, key_file=None, port=None, extra=()):
        self.data = os.path.join(tmp, "grader")
        self.port = port or free_port()
        self.log = open(os.path.join(tmp, "grader.log"), "w")
        self.proc = subprocess.Popen(
            [os.path.join(BIN, "assay"), "--data", self.data, "grader", "--port",
             str(self.port), "--slots", "2", "--uid-base", str(uid_base),
             "--nginx-template", os.path.join(ROOT, "nginx", "grader.conf.in")] +
            (["--key-file", key_file] if key_file else []) + list(extra),
            stdout=self.log, stderr=subprocess.STDOUT)
        end = time.time() + 20
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("assay grader exited")
            try:
                if self.request("GET", "/grader/health", key="x" * 16)[0] == 401:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        with open(key_file or os.path.join(self.data, "grader.key")) as f:
            self.key = f.read().strip()

    def access_log(self):
        try:
            with open(os.path.join(self.data, "log", "nginx-access.log")) as f:
                return f.read()
        except OSError:
            return ""

    def request(self, method, path, body=None, key=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["X-Assay-Grader-Key"] = key
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        try:
            j = json.loads(data) if data else None
        except ValueError:
            j = None
        return r.status, j, data

    def grade(self, spec_hash, code, spec_text=None):
        job = {"spec": spec_hash, "what": "test", "submission": {"language": "c", "code": code}}
        if spec_text is not None:
            job["spec_text"] = spec_text
        return self.request("POST", "/grader/grade", job, key=self.key)

    def workers(self):
        out = []
        for pid in os.listdir("/proc"):
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    cmd = f.read().split(b"\0")
                with open("/proc/%s/comm" % pid) as f:
                    comm = f.read().strip()
            except OSError:
                continue
            if comm == "assay-worker" and b"--serve" in cmd and self.data.encode() in cmd:
                out.append(int(pid))
        return out

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def local_grade(spec_path, code, tmp):
    src = os.path.join(tmp, "local.c")
    with open(src, "w") as f:
        f.write(code)
    out = run(os.path.join(BIN, "assay-grade"), "--uid-base", str(UID_BASE + 10),
              "--box-root", os.path.join(tmp, "boxes"), spec_path, "c", src)
    return json.loads(out.stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="assay-grader-")
    os.chmod(tmp, 0o755)
    os.makedirs(os.path.join(tmp, "boxes"))
    site = os.path.join(tmp, "site")
    run(os.path.join(BIN, "sitegen"), COURSE, site)
    spec_path = os.path.join(site, "current", "specs", "c", "hello.json")
    with open(spec_path, "rb") as f:
        spec = f.read()
    h = hashlib.sha256(spec).hexdigest()
    host = Host(tmp)
    try:
        st, j, _ = host.request("POST", "/grader/grade", {"spec": h, "submission": {}})
        ok(st == 401 and "its deployment's service only" in j["error"], "no key: 401", st)
        st, _, _ = host.request("GET", "/grader/health", key=host.key[:-1] + "x")
        ok(st == 401, "a wrong key: 401", st)
        st, j, _ = host.request("GET", "/grader/health", key=host.key)
        ok(st == 200 and j == {"status": "ok"}, "the key: health answers", j)
        st, j, _ = host.grade(h, RIGHT)
        ok(st == 409 and j.get("missing") == "spec", "a spec it does not hold: 409", j)
        st, _, _ = host.request("HEAD", "/grader/specs/" + h, key=host.key)
        ok(st == 404, "HEAD of it: 404", st)
        st, j, _ = host.request("PUT", "/grader/specs/" + "0" * 64, spec, key=host.key)
        ok(st == 400, "PUT under another hash: 400", j)
        st, _, _ = host.request("PUT", "/grader/specs/" + h, spec, key=host.key)
        ok(st == 204, "PUT under its SHA-256: 204", st)
        st, _, _ = host.request("HEAD", "/grader/specs/" + h, key=host.key)
        ok(st == 204, "now held: HEAD 204", st)

        for name, code in (("right", RIGHT), ("wrong", WRONG)):
            st, j, _ = host.grade(h, code)
            want = local_grade(spec_path, code, tmp)
            ok(st == 200 and j["status"] == want["status"] and j["score"] == want["score"] and
               [t["status"] for t in j["tests"]] == [t["status"] for t in want["tests"]],
               "the %s code: the same result as the engine here (%s)" % (name, want["status"]),
               (j, want))

        other = spec.replace(b'"c/hello"', b'"c/hello2"', 1)
        h2 = hashlib.sha256(other).hexdigest()
        st, j, _ = host.grade(h2, RIGHT, spec_text=other.decode())
        ok(st == 200 and j["status"] == "Accepted", "a spec sent inline: graded", j)
        st, _, _ = host.request("HEAD", "/grader/specs/" + h2, key=host.key)
        ok(st == 204, "... and kept for the next job", st)
        st, j, _ = host.grade(h2, RIGHT, spec_text="{}")
        ok(st == 400 and "not the text" in j["error"], "inline text that is not the hash's: 400",
           j)

        before = host.workers()
        ok(len(before) == 2, "two grading processes", before)
        got = {}
        t = threading.Thread(target=lambda: got.update(r=host.grade(h, SLOW)))
        t.start()
        time.sleep(1.0)
        for pid in before:
            os.kill(pid, signal.SIGKILL)
        t.join(30)
        st = got.get("r", (None,))[0]
        ok(st == 503, "its grading processes killed mid-job: 503 (the service tries elsewhere)",
           got.get("r"))
        end = time.time() + 15
        while time.time() < end and len(host.workers()) < 2:
            time.sleep(0.2)
        after = host.workers()
        ok(len(after) == 2 and not set(after) & set(before), "both started again", after)
        st, j, _ = host.grade(h, RIGHT)
        ok(st == 200 and j["status"] == "Accepted", "the next job is graded", j)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    finally:
        host.stop()
        time.sleep(0.3)
        left = host.workers()
        ok(left == [] and host.proc.returncode is not None, "nothing left after Ctrl-C", left)
        if os.environ.get("KEEP"):
            diag("kept " + tmp)
        else:
            subprocess.run(["rm", "-rf", tmp])
    done()


if __name__ == "__main__":
    main()
