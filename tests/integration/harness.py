"""harness.py - start the real Assay stack for a test, and speak TAP.

Stack(course) builds the course with bin/sitegen into a temporary directory,
creates users with bin/assay, starts `bin/assay serve` (nginx, the FastCGI
programs, the graders) on a free loopback port, and offers an HTTP client
with a cookie jar per user. stop() sends SIGINT as Ctrl-C would and checks
that no process of the run is left behind.

Only the Python standard library is used.
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "bin")

# The uids the graders give to the programs they run (--uid-base 64000, 64 slots).
SANDBOX_UIDS = (64000, 64064)

# As root, `assay serve` runs nginx's workers and the API programs as this
# user (`make check` creates it); not root, everything runs as the caller.
SERVICE_USER = os.environ.get("SERVICE_USER") or "assay"

# The per-user submission limits are off unless a test sets them (env or
# serve_args): most tests submit faster than a student may.
NO_LIMITS = {"ASSAY_MAX_WAITING": "0", "ASSAY_MAX_PER_MINUTE": "0"}

_n = 0
_failed = 0


def ok(cond, what, detail=None):
    """One TAP test point; DETAIL is printed as a diagnostic on failure."""
    global _n, _failed
    _n += 1
    if not cond:
        _failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", _n, what), flush=True)
    if not cond and detail is not None:
        for line in str(detail).splitlines()[:40]:
            print("#   " + line)
    return cond


def diag(msg):
    for line in str(msg).splitlines():
        print("# " + line, flush=True)


def done():
    print("1..%d" % _n, flush=True)
    sys.exit(1 if _failed else 0)


def proc_status(pid):
    """/proc/PID/status as a dict of str (None when the process is gone)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            return {k: v.strip() for k, v in
                    (l.split(":", 1) for l in f.read().splitlines() if ":" in l)}
    except OSError:
        return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(*args, stdin=None, check=True):
    p = subprocess.run(list(args), input=stdin, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s%s" % (args, p.returncode, p.stdout, p.stderr))
    return p


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "HTTP %d %s" % (self.status, self.body[:500])


class Client:
    """An HTTP client for one user: keeps the session cookie like a browser."""

    def __init__(self, stack, keepalive=False):
        self.stack = stack
        self.cookie = None
        # keepalive: one connection for every request, as a browser keeps
        # it (the benchmarks); by default a connection per request.
        self.keepalive = keepalive
        self.conn = None

    def request(self, method, path, body=None, headers=None, origin=True, cookie=True):
        h = dict(headers or {})
        if origin is True:
            h["Origin"] = self.stack.origin
        elif origin:
            h["Origin"] = origin
        if cookie and self.cookie:
            h["Cookie"] = "assay_session=" + self.cookie
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        for attempt in (1, 2):
            conn = self.conn or http.client.HTTPConnection("127.0.0.1", self.stack.port,
                                                           timeout=30)
            try:
                conn.request(method, path, body=body, headers=h)
                r = conn.getresponse()
                data = r.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept connection the server closed: once more, anew.
                conn.close()
                self.conn = None
                if attempt == 2 or not self.keepalive:
                    raise
        headers = {k.lower(): v for k, v in r.getheaders()}
        if self.keepalive and not r.will_close:
            self.conn = conn
        else:
            conn.close()
            self.conn = None
        sc = headers.get("set-cookie", "")
        if sc.startswith("assay_session="):
            self.cookie = sc.split(";", 1)[0].split("=", 1)[1] or None
        return Response(r.status, headers, data)

    def login(self, login, password):
        form = "login=%s&password=%s" % (login, password)
        return self.request("POST", "/api/login", form,
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def submit(self, exercise, language, code, **kw):
        return self.request("POST", "/api/submissions",
                            {"exercise": exercise, "language": language, "code": code}, **kw)

    def wait(self, sid, timeout=60):
        """Polls a submission until it is graded; returns its JSON."""
        end = time.time() + timeout
        while True:
            r = self.request("GET", "/api/submissions/%d" % sid)
            if r.status != 200 or r.json.get("status") != "Evaluating" or time.time() > end:
                return r.json if r.status == 200 else {"status": "HTTP %d" % r.status}
            time.sleep(0.05)


class Stack:
    def __init__(self, course, workers=2, users=(("alice", "alice-pw", False),
                                                ("bob", "bob-pw", False),
                                                ("root", "root-pw", True)),
                 env=None, serve_args=(), data=None):
        # data: an existing DATA directory to serve (the benchmarks' made
        # stores), else a new one in the temporary directory.
        self.tmp = tempfile.mkdtemp(prefix="assay-it-")
        # The service user passes through to the site and the store.
        os.chmod(self.tmp, 0o755)
        self.seen = set()
        self.data = data or os.path.join(self.tmp, "data")
        self.site = os.path.join(self.tmp, "site")
        self.port = free_port()
        self.origin = "http://127.0.0.1:%d" % self.port
        run(os.path.join(BIN, "sitegen"), course, self.site)
        for login, pw, admin in users:
            args = [os.path.join(BIN, "assay"), "--data", self.data, "user", "add", login]
            if admin:
                args.append("--admin")
            run(*args, stdin=pw + "\n")
        self.log = open(os.path.join(self.tmp, "serve.log"), "w")
        self.proc = subprocess.Popen(
            [os.path.join(BIN, "assay"), "--data", self.data, "serve", "--site", self.site,
             "--port", str(self.port), "--workers", str(workers), "--children", "2",
             "--nginx-template", os.path.join(ROOT, "nginx", "nginx.conf.in")]
            + (["--user", SERVICE_USER] if os.geteuid() == 0 else [])
            + list(serve_args),
            stdout=self.log, stderr=subprocess.STDOUT,
            env=dict(os.environ, **dict(NO_LIMITS, **(env or {}))))
        end = time.time() + 20
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("assay serve exited: " + self.serve_log())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                if "Assay is running" in self.serve_log():
                    break
            except OSError:
                pass
            time.sleep(0.05)
        else:
            raise RuntimeError("assay serve did not start: " + self.serve_log())
        self.seen = {p for p, _ in self.pids()}

    def serve_log(self):
        with open(os.path.join(self.tmp, "serve.log")) as f:
            return f.read()

    def client(self, keepalive=False):
        return Client(self, keepalive)

    def pids(self):
        """Processes of this run: those whose command line mentions its
        directory, their descendants (nginx's workers, the jails), the ones
        seen at start, and any process of a sandbox uid."""
        procs = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
                with open("/proc/%s/status" % pid) as f:
                    st = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
                procs[int(pid)] = (int(st["PPid"]), int(st["Uid"].split()[0]), cmd)
            except (OSError, KeyError, ValueError):
                continue
        mine = {p for p, (pp, uid, cmd) in procs.items()
                if self.tmp in cmd or p in self.seen or SANDBOX_UIDS[0] <= uid < SANDBOX_UIDS[1]}
        grew = True
        while grew:
            grew = False
            for p, (pp, uid, cmd) in procs.items():
                if pp in mine and p not in mine:
                    mine.add(p)
                    grew = True
        return [(p, procs[p][2]) for p in sorted(mine) if p in procs]

    def workers(self):
        """The graders of the queue (not the inits of their jails, which
        share their command line, nor the Jobe API's grading processes,
        `assay-worker --serve`)."""
        out = []
        for pid, cmd in self.pids():
            try:
                with open("/proc/%d/comm" % pid) as f:
                    comm = f.read().strip()
            except OSError:
                continue
            if "assay-worker" in cmd and "--serve" not in cmd and comm != "assay-jail":
                out.append(pid)
        return out

    def by_name(self):
        """The processes of this run as (pid, comm, command line)."""
        out = []
        for pid, cmd in self.pids():
            try:
                with open("/proc/%d/comm" % pid) as f:
                    out.append((pid, f.read().strip(), cmd))
            except OSError:
                continue
        return out

    def record(self, sid):
        """The stored record of a submission, through the admin command."""
        p = run(os.path.join(BIN, "assay"), "--data", self.data, "submission", "show",
                str(sid))
        return json.loads(p.stdout)

    def stop(self):
        """Stops the stack as Ctrl-C does; returns what it left behind."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        time.sleep(0.2)
        return self.pids()

    def cleanup(self):
        if os.environ.get("KEEP"):
            diag("kept " + self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
