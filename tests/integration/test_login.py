#!/usr/bin/python3
"""test_login.py - logins at the deadline, through the real stack: the throttle
of failed logins (per login, per address), an exam room behind one address
that is never throttled, sessions ended by a password change, `assay user
sessions`, and behind a TLS proxy Secure cookies (--secure-cookies) and the
scheme from X-Forwarded-Proto only when trusted (--trust-forwarded-proto).

The API programs read the time from a clock file (ASSAY_CLOCK_FILE, config.h)
that the test moves by hand: every request of the test happens "at once"
until it says otherwise, so nothing depends on how fast the machine is.

That a throttled attempt does not check the password is shown by the log of
assay-session: every password check writes exactly one line 'password check
for "LOGIN" ...' (assay-session.c); the test counts them around the attempt.

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import hashlib
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Stack, ok, diag, done, run  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")
LOGIN_FREE = 5          # auth.h: AUTH_LOGIN_FREE
ADDR_BURST = 60         # auth.h: AUTH_ADDR_BURST
ROOM = ["s%03d" % i for i in range(100)]


class Clock:
    def __init__(self, path):
        self.path = path
        self.now = int(time.time())
        self.set(self.now)

    def set(self, t):
        self.now = t
        with open(self.path + ".tmp", "w") as f:
            f.write("%d\n" % t)
        os.replace(self.path + ".tmp", self.path)

    def advance(self, secs):
        self.set(self.now + secs)


def assay(stack, *args, stdin=None, check=True):
    return run(os.path.join(BIN, "assay"), "--data", stack.data, *args, stdin=stdin,
               check=check)


def session_log(stack):
    path = os.path.join(stack.data, "log", "assay-session.log")
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def checks(stack, login):
    """How many times the password of LOGIN was checked, by the log."""
    return session_log(stack).count('password check for "%s" from' % login)


def session_id(token):
    """The id `assay user sessions` shows: 12 hex digits of the token's SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def me(client):
    return client.request("GET", "/api/me").status


def test_exam_room(stack):
    """100 students behind one address log in at the same second, one in ten
    mistyping once: none is throttled."""
    def one(i):
        c = stack.client()
        statuses = []
        if i % 10 == 3:
            statuses.append(c.login(ROOM[i], "typo-" + ROOM[i]).status)
        statuses.append(c.login(ROOM[i], "pw-" + ROOM[i]).status)
        return c, statuses

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(len(ROOM))))
    clients = [c for c, _ in results]
    statuses = [s for _, ss in results for s in ss]
    ok(statuses.count(429) == 0, "an exam room of 100 behind one address: no 429",
       [s for s in statuses if s != 200 and s != 401])
    ok(statuses.count(401) == 10, "... the 10 typos were 401", statuses.count(401))
    ok(statuses.count(200) == 100 and all(c.cookie for c in clients),
       "... and all 100 logged in", statuses.count(200))
    return clients


def test_secure_cookie(stack):
    c = stack.client()
    r = c.login("s099", "pw-s099")
    sc = r.headers.get("set-cookie", "")
    ok(r.status == 200 and re.search(r"; Secure(;|$)", sc) is not None,
       "--secure-cookies: Set-Cookie is Secure over plain http", sc)
    r = c.request("POST", "/api/logout")
    ok("Secure" in r.headers.get("set-cookie", ""), "... and so is the cookie that clears it",
       r.headers.get("set-cookie"))


def proxied_login(stack, login, pw, proto):
    """A login as a TLS proxy forwards it: Origin https://..., X-Forwarded-Proto."""
    c = stack.client()
    h = {"Content-Type": "application/x-www-form-urlencoded"}
    if proto:
        h["X-Forwarded-Proto"] = proto
    return c.request("POST", "/api/login", "login=%s&password=%s" % (login, pw), h,
                     origin=stack.origin.replace("http://", "https://"))


def test_untrusted_proto(stack):
    r = proxied_login(stack, "s098", "pw-s098", "https")
    ok(r.status == 403, "X-Forwarded-Proto not trusted: an https Origin is foreign (403)", r)


def test_trusted_proto():
    """A stack of its own with --trust-forwarded-proto."""
    stack = Stack(COURSE, users=[("ann", "ann-pw", False)],
                  serve_args=["--trust-forwarded-proto"])
    try:
        r = proxied_login(stack, "ann", "ann-pw", "https")
        ok(r.status == 200 and "; Secure" in r.headers.get("set-cookie", ""),
           "--trust-forwarded-proto: X-Forwarded-Proto https, Origin https: 200, cookie Secure",
           (r, r.headers.get("set-cookie")))
        r = proxied_login(stack, "ann", "ann-pw", None)
        ok(r.status == 403, "... without the header, the https Origin is foreign (403)", r)
        r = stack.client().login("ann", "ann-pw")
        ok(r.status == 200 and "Secure" not in r.headers.get("set-cookie", "x"),
           "... a plain http login: 200, cookie not Secure", r.headers.get("set-cookie"))
    finally:
        left = stack.stop()
        ok(left == [], "that stack stops: no process left", left)
        stack.cleanup()


def test_throttle_login(stack, clock):
    c = stack.client()
    statuses = [c.login("victim", "wrong-%d" % i).status for i in range(LOGIN_FREE)]
    ok(statuses == [401] * LOGIN_FREE, "%d wrong passwords: 401 each" % LOGIN_FREE, statuses)
    before = checks(stack, "victim")
    ok(before == LOGIN_FREE, "... %d password checks in the log" % LOGIN_FREE, before)
    r = c.login("victim", "pw-victim")
    ok(r.status == 429, "the next attempt, with the RIGHT password: 429", r)
    ok(r.headers.get("retry-after") == "1", "... Retry-After: 1", r.headers)
    ok(r.json is not None and r.json.get("retry_after") == 1 and
       r.json.get("error", "").startswith("Too many failed logins for this login: "
                                          "try again in 1 second"),
       "... {error: 'Too many failed logins ...', retry_after: 1}", r.json)
    ok(c.cookie is None, "... no cookie")
    ok(checks(stack, "victim") == before,
       "... and its password was not checked (no new 'password check' log line)",
       checks(stack, "victim"))
    ok('throttled login for "victim"' in session_log(stack), "... the log says it throttled")
    other = stack.client()
    ok(other.login("s050", "pw-s050").status == 200, "another login is not held up")

    clock.advance(1)
    r = c.login("victim", "wrong-again")
    ok(r.status == 401, "a second later: checked again, wrong: 401", r)
    r = c.login("victim", "pw-victim")
    ok(r.status == 429 and r.headers.get("retry-after") == "2" and
       r.json.get("retry_after") == 2, "... and now the wait doubles: Retry-After: 2", r)
    clock.advance(2)
    n = checks(stack, "victim")
    r = c.login("victim", "pw-victim")
    ok(r.status == 200 and c.cookie, "after the wait the right password logs in", r)
    ok(checks(stack, "victim") == n + 1, "... one password check")
    r = c.login("victim", "wrong-once-more")
    ok(r.status == 401, "a success forgot the failures: the next wrong one is a 401", r)
    r = c.login("victim", "pw-victim")
    ok(r.status == 200, "... and the right one logs in", r)
    return 1 + LOGIN_FREE + 1


def test_password_change(stack, room):
    a, b = room[1], room[2]
    ok(me(a) == 200 and me(b) == 200, "s001 and s002 are logged in")
    p = assay(stack, "user", "passwd", "s001", stdin="new-pw-s001\n")
    ok("ended 1 session" in p.stdout, "assay user passwd s001 ends her session", p.stdout)
    ok(me(a) == 401, "... her cookie gets 401 now")
    ok(me(b) == 200, "... s002's still works")
    ok(stack.client().login("s001", "pw-s001").status == 401, "... the old password fails")
    ok(stack.client().login("s001", "new-pw-s001").status == 200, "... the new one works")
    p = assay(stack, "user", "passwd", "nobody", stdin="x\n", check=False)
    ok(p.returncode != 0 and "no such user" in p.stderr, "passwd of an unknown login: an error",
       p.stderr)

    c, d = room[3], room[4]
    csv = os.path.join(stack.tmp, "update.csv")
    with open(csv, "w") as f:
        f.write("login,password\ns003,new-pw-s003\n")
    p = assay(stack, "user", "import", csv, "--update")
    ok("ended 1 session" in p.stdout, "assay user import --update ends s003's session", p.stdout)
    ok(me(c) == 401, "... her cookie gets 401 now")
    ok(me(d) == 200, "... s004's still works")
    ok(stack.client().login("s003", "new-pw-s003").status == 200, "... the new password works")
    return 1


def test_sessions_cmd(stack, room):
    first = room[5]
    second, third = stack.client(), stack.client()
    second.login("s005", "pw-s005")
    third.login("s005", "pw-s005")
    p = assay(stack, "user", "sessions", "s005")
    lines = p.stdout.splitlines()
    iso = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    ok(len(lines) == 3 and all(re.fullmatch(r"[0-9a-f]{12}\t%s\t%s" % (iso, iso), l)
                               for l in lines),
       "assay user sessions lists s005's 3 sessions: id, created, expires", p.stdout)
    ids = {l.split("\t")[0] for l in lines}
    ok(ids == {session_id(x.cookie) for x in (first, second, third)},
       "... their ids are those of the three cookies")
    p = assay(stack, "user", "sessions", "s005", "--revoke", session_id(second.cookie))
    ok(p.stdout.startswith("ended 1 session"), "--revoke ID ends one", p.stdout)
    ok(me(second) == 401 and me(first) == 200 and me(third) == 200,
       "... that one's cookie gets 401, the others' 200")
    p = assay(stack, "user", "sessions", "s005", "--revoke", "0123456789ab", check=False)
    ok(p.returncode != 0 and "no session" in p.stderr, "--revoke of an unknown id: an error",
       p.stderr)
    p = assay(stack, "user", "sessions", "s005", "--revoke")
    ok(p.stdout.startswith("ended 2 sessions"), "--revoke alone ends all of them", p.stdout)
    ok(me(first) == 401 and me(third) == 401, "... both cookies get 401")
    ok(me(room[6]) == 200, "... another student's session lives")
    ok(assay(stack, "user", "sessions", "s005").stdout == "", "... none is listed")


def test_address_flood(stack, failures):
    """A spray of wrong logins from one address: after a burst, 429 for all of
    them, without a password check, before the address' bucket drains."""
    c = stack.client()
    statuses = []
    for i in range(ADDR_BURST + 5):
        r = c.login("guess%03d" % i, "x")
        statuses.append(r.status)
        if r.status == 429:
            break
    failures += statuses.count(401)
    ok(statuses[-1] == 429, "a spray of wrong logins from one address ends in a 429",
       statuses)
    ok(failures == ADDR_BURST, "... after %d failures of the address in all" % ADDR_BURST,
       failures)
    ok(r.json is not None and "from your address" in r.json.get("error", "") and
       int(r.headers.get("retry-after", "0")) > 0, "... 'from your address', with Retry-After",
       r)
    n = checks(stack, "s007")
    r = stack.client().login("s007", "pw-s007")
    ok(r.status == 429 and checks(stack, "s007") == n,
       "... even a right password from there waits, unchecked", r)


def main():
    tmp_clock = os.path.join(os.environ.get("TMPDIR", "/tmp"), "assay-login-clock-%d" % os.getpid())
    clock = Clock(tmp_clock)
    try:
        stack = Stack(COURSE, users=[("root", "root-pw", True)],
                      env={"ASSAY_CLOCK_FILE": tmp_clock},
                      serve_args=["--secure-cookies"])
    except Exception as e:  # noqa: BLE001 - report any start-up failure as a test
        ok(False, "the stack starts", e)
        os.unlink(tmp_clock)
        done()
    try:
        csv = os.path.join(stack.tmp, "room.csv")
        with open(csv, "w") as f:
            f.write("login,password\nvictim,pw-victim\n")
            for s in ROOM:
                f.write("%s,pw-%s\n" % (s, s))
        start = time.time()
        p = assay(stack, "user", "import", csv)
        diag("imported %d users in one go in %.1f s" % (len(ROOM) + 1, time.time() - start))
        ok(p.stdout.startswith("%d imported" % (len(ROOM) + 1)), "the room's users imported",
           p.stdout)
        room = test_exam_room(stack)
        test_secure_cookie(stack)
        test_untrusted_proto(stack)
        failures = 10
        failures += test_throttle_login(stack, clock)
        failures += test_password_change(stack, room)
        test_sessions_cmd(stack, room)
        test_address_flood(stack, failures)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "Ctrl-C stops everything: no process left", left)
    stack.cleanup()
    os.unlink(tmp_clock)
    try:
        test_trusted_proto()
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the proxy test ran to its end", traceback.format_exc())
    done()


if __name__ == "__main__":
    main()
