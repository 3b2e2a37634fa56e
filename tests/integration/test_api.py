#!/usr/bin/python3
"""test_api.py - the whole path through the real stack: course -> sitegen ->
nginx -> FastCGI -> LMDB -> worker -> sandbox -> report, driven over HTTP.

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, diag, done  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")

HELLO_OK = r'''#include <stdio.h>
int main(void)
{
	char name[100];
	if (scanf("%99s", name) != 1)
		return 1;
	printf("Hello, %s!\n", name);
	return 0;
}
'''
HELLO_WRONG = HELLO_OK.replace('"Hello, %s!\\n"', '"Hi, %s!\\n"')
HELLO_SLOW = HELLO_OK.replace("#include <stdio.h>", "#include <stdio.h>\n#include <unistd.h>") \
    .replace("char name[100];", "char name[100];\n\tusleep(1200000);")
COMPILE_ERROR = "int main(void) { return undeclared_thing; }\n"
SEGFAULT = "int main(void) { int *p = 0; *p = 1; return 0; }\n"  # provable: gcc would trap (SIGILL)
ENDLESS = "int main(void) { for (;;) ; }\n"
PY_OK = "n = int(input())\nprint(2 * n)\n"
PY_WRONG = "n = int(input())\nprint(n + n + 1)\n"


def test_static(stack):
    c = stack.client()
    r = c.request("GET", "/")
    ok(r.status == 200 and "<html" in r.body.lower(), "the index page is served", r)
    r = c.request("GET", "/c/hello.html")
    ok(r.status == 200 and "<textarea" in r.body, "the exercise page has an editor", r)
    ok("Zyxwvut" not in r.body, "the exercise page holds no private test")
    for path in ("/c/hello/private-1.in", "/c/hello/private-1.out", "/c/hello/public-1.out",
                 "/specs/c/hello.json", "/../specs/c/hello.json", "/c/hello.md"):
        r = c.request("GET", path)
        ok(r.status in (400, 404) and "Zyxwvut" not in r.body, "%s is not served" % path, r)


def test_login(stack):
    c = stack.client()
    r = c.request("GET", "/api/me")
    ok(r.status == 401 and "error" in r.json, "/api/me without a session: 401 {error}", r)
    r = c.login("alice", "wrong")
    ok(r.status == 401 and r.json.get("error"), "wrong password: 401 {error}", r)
    ok(c.cookie is None, "no cookie after a failed login")
    r = c.login("nobody", "x")
    ok(r.status == 401, "unknown login: 401", r)
    r = c.request("POST", "/api/login", "login=alice&password=alice-pw",
                  {"Content-Type": "application/x-www-form-urlencoded"}, origin=False)
    ok(r.status == 403, "login without Origin: 403", r)
    r = c.request("POST", "/api/login", "login=alice&password=alice-pw",
                  {"Content-Type": "application/x-www-form-urlencoded"},
                  origin="http://evil.example")
    ok(r.status == 403, "login from a foreign Origin: 403", r)
    r = c.login("alice", "alice-pw")
    ok(r.status == 200 and r.json == {"login": "alice", "role": "student"},
       "right password: 200 {login, role}", r)
    sc = r.headers.get("set-cookie", "")
    ok("HttpOnly" in sc and "SameSite=Strict" in sc and "Path=/" in sc,
       "the session cookie is HttpOnly and SameSite=Strict", sc)
    r = c.request("GET", "/api/me")
    ok(r.status == 200 and r.json["login"] == "alice", "/api/me with the session", r)
    return c


def submit_and_wait(c, exercise, language, code):
    r = c.submit(exercise, language, code)
    if not ok(r.status == 202 and r.json.get("status") == "Evaluating"
              and isinstance(r.json.get("id"), int),
              "submission to %s accepted: 202 {id, status}" % exercise, r):
        return None, {}
    return r.json["id"], c.wait(r.json["id"])


def test_grading(stack, alice):
    # Fire them all first: the graders work in parallel.
    cases = [
        ("c/hello", "c", HELLO_OK, "Accepted"),
        ("c/hello", "c", HELLO_WRONG, "WrongAnswer"),
        ("c/hello", "c", COMPILE_ERROR, "CompileError"),
        ("c/hello", "c", SEGFAULT, "RuntimeError"),
        ("c/hello", "c", ENDLESS, "TimeLimitExceeded"),
        ("py/double", "python", PY_OK, "Accepted"),
        ("py/double", "python", PY_WRONG, "WrongAnswer"),
        ("py/double", "c", 'int main(void){int n; scanf("%d",&n); printf("%d\\n",2*n);}',
         None),
    ]
    ids = []
    for ex, lang, code, want in cases:
        r = alice.submit(ex, lang, code)
        ok(r.status == 202, "submitted %s in %s" % (ex, lang), r)
        ids.append(r.json["id"] if r.status == 202 else None)
    results = {}
    for (ex, lang, code, want), sid in zip(cases, ids):
        if sid is None:
            continue
        s = alice.wait(sid)
        results[sid] = s
        if want is not None:
            ok(s.get("status") == want, "%s %s submission ends %s" % (ex, lang, want), s)

    acc = results.get(ids[0], {})
    ok(acc.get("score") == 1 and all(t["passed"] for t in acc.get("tests", [])),
       "Accepted: score 1, every test passed", acc)
    ok(set(acc) >= {"id", "login", "exercise", "language", "received", "status", "valid",
                    "validity", "score", "report", "tests"}, "a submission has every API field",
       sorted(acc))
    priv = [t for t in acc.get("tests", []) if not t["public"]]
    ok(priv and all(set(t) == {"name", "public", "passed"} for t in priv),
       "a student sees private tests only as passed or failed", priv)

    wa = results.get(ids[1], {})
    ok("Hello, World!" in wa.get("report", "") and "Hi, World!" in wa.get("report", ""),
       "WrongAnswer report shows expected and obtained output", wa.get("report"))
    ok("Zyxwvut" not in str(wa), "WrongAnswer reveals nothing of the private test", wa)
    ok(wa.get("score") == 0, "WrongAnswer on both tests scores 0", wa.get("score"))
    ce = results.get(ids[2], {})
    ok("undeclared_thing" in ce.get("report", ""), "CompileError report has the compiler's message",
       ce.get("report"))
    rt = results.get(ids[3], {})
    ok("SIGSEGV" in rt.get("report", ""),
       "RuntimeError report names the signal", rt.get("report"))
    ok(results.get(ids[7], {}).get("status") == "Accepted", "an exercise may accept several languages",
       results.get(ids[7]))
    return ids


def test_privacy(stack, alice, ids):
    bob = stack.client()
    bob.login("bob", "bob-pw")
    r = bob.request("GET", "/api/submissions/%d" % ids[0])
    ok(r.status == 404 and "error" in r.json, "another student's submission: 404", r)
    r = bob.request("GET", "/api/submissions?exercise=c/hello")
    ok(r.status == 200 and r.json["submissions"] == [], "bob's list holds none of alice's", r)
    r = bob.request("GET", "/api/submissions?exercise=c/hello&login=alice")
    ok(r.status == 403, "a student cannot list another's submissions", r)
    r = alice.request("GET", "/api/submissions?exercise=c/hello")
    subs = r.json.get("submissions", []) if r.json else []
    ok(r.status == 200 and len(subs) == 5, "alice lists her 5 c/hello submissions", r)
    ok([s["id"] for s in subs] == sorted((s["id"] for s in subs), reverse=True),
       "newest first", [s["id"] for s in subs])
    root = stack.client()
    root.login("root", "root-pw")
    r = root.request("GET", "/api/submissions/%d" % ids[1])
    priv = [t for t in (r.json or {}).get("tests", []) if not t.get("public")]
    ok(r.status == 200 and priv and "Zyxwvut" in str(priv),
       "an admin sees another's submission with private test details", r)
    r = root.request("GET", "/api/submissions?exercise=c/hello&login=alice")
    ok(r.status == 200 and len(r.json["submissions"]) == 5, "an admin may list alice's", r)


def test_progress_shuffle(stack, alice):
    r = alice.request("GET", "/api/progress")
    ex = (r.json or {}).get("exercises", {})
    ok(r.status == 200 and ex.get("c/hello", {}).get("best") == "Accepted"
       and ex["c/hello"].get("submissions") == 5 and ex["c/hello"].get("score") == 1,
       "progress: best label, number of submissions and best score per exercise", r)
    ok(ex.get("py/double", {}).get("best") == "Accepted", "progress covers every exercise", ex)
    anon = stack.client()
    r = anon.request("GET", "/api/progress")
    ok(r.status == 401, "progress without a session: 401", r)
    bob = stack.client()
    bob.login("bob", "bob-pw")
    r = bob.request("GET", "/api/progress")
    ok(r.status == 200 and r.json["exercises"] == {}, "bob has no progress yet", r)

    q = "/api/shuffle?key=c/index%230&n=6&choose=3"
    a1, a2, b1 = alice.request("GET", q), alice.request("GET", q), bob.request("GET", q)
    ok(a1.status == 200 and len(a1.json["order"]) == 3 and
       len(set(a1.json["order"])) == 3 and all(0 <= i < 6 for i in a1.json["order"]),
       "shuffle: 3 distinct items of 6", a1)
    ok(a1.json == a2.json, "the same student gets the same choice every time", (a1, a2))
    orders = set()
    for i in range(8):
        orders.add(tuple(alice.request("GET", "/api/shuffle?key=k%d&n=6" % i).json["order"]))
    ok(len(orders) > 1, "different shuffles get different orders", orders)
    fixed = "/api/shuffle?key=c/index%230:42&n=6"
    ok(alice.request("GET", fixed).json == bob.request("GET", fixed).json,
       "a fixed shuffle-seed gives everyone the same order")
    r = alice.request("GET", "/api/shuffle?key=x&n=0")
    ok(r.status == 400 and r.json.get("error"), "shuffle of 0 items: 400", r)
    r = alice.request("GET", "/api/shuffle?n=3")
    ok(r.status == 400, "shuffle without a key: 400", r)
    r = anon.request("GET", q)
    ok(r.status == 401, "shuffle without a session: 401", r)


def test_refusals(stack, alice):
    r = alice.submit("c/hello", "c", HELLO_OK, origin=False)
    ok(r.status == 403 and "Origin" in r.json.get("error", ""), "submission without Origin: 403", r)
    r = alice.submit("c/hello", "c", HELLO_OK, origin="http://127.0.0.1:1")
    ok(r.status == 403, "submission from a foreign Origin: 403", r)
    anon = stack.client()
    r = anon.submit("c/hello", "c", HELLO_OK)
    ok(r.status == 403 and r.json.get("error"), "submission without a session cookie: 403", r)
    r = alice.submit("c/hello", "c", "x" * (64 * 1024 + 1))
    ok(r.status == 413 and "limit" in r.json.get("error", ""), "65 KiB of code: 413", r)
    r = alice.request("POST", "/api/submissions", "x" * (2 * 1024 * 1024),
                      {"Content-Type": "application/json"})
    ok(r.status == 413 and r.json and "error" in r.json, "a 2 MiB body: 413 {error}", r)
    r = alice.request("POST", "/api/submissions", '{"exercise": "c/hello", ',
                      {"Content-Type": "application/json"})
    ok(r.status == 400 and "malformed JSON" in r.json.get("error", ""), "malformed JSON: 400", r)
    r = alice.request("POST", "/api/submissions", '[1, 2]', {"Content-Type": "application/json"})
    ok(r.status == 400, "a JSON array: 400", r)
    r = alice.submit("c/nothing", "c", HELLO_OK)
    ok(r.status == 404 and "c/nothing" in r.json.get("error", ""), "unknown exercise: 404", r)
    r = alice.submit("../../etc/passwd", "c", HELLO_OK)
    ok(r.status == 404, "a path as exercise: 404", r)
    r = alice.submit("c/hello", "java", HELLO_OK)
    ok(r.status == 400 and "java" in r.json.get("error", ""), "language not allowed: 400", r)
    r = alice.request("POST", "/api/submissions", {"exercise": "c/hello", "language": "c"})
    ok(r.status == 400 and "code" in r.json.get("error", ""), "missing code: 400", r)
    r = alice.request("GET", "/api/submissions/999999")
    ok(r.status == 404, "unknown submission: 404", r)
    r = alice.request("GET", "/api/submissions/abc")
    ok(r.status == 404, "a non-numeric id: 404", r)
    r = alice.request("DELETE", "/api/submissions/1")
    ok(r.status == 405 and r.json.get("error"), "an unsupported method: 405 {error}", r)
    r = alice.request("GET", "/api/whatever")
    ok(r.status == 404 and r.json.get("error"), "an unknown endpoint: 404 {error}", r)
    r = alice.request("GET", "/api/me")
    ok(r.status == 200, "after all that, the API still answers", r)


def test_worker_killed(stack, alice):
    """A worker killed with SIGKILL mid-grading: the submission is graded anyway."""
    r = alice.submit("c/hello", "c", HELLO_SLOW)
    if not ok(r.status == 202, "slow submission accepted", r):
        return
    sid = r.json["id"]
    victim = None
    end = time.time() + 20
    while victim is None and time.time() < end:
        # The grading one: its jail's init (which an idle worker keeps
        # too) has a child, the program or the compiler.
        for pid in stack.workers():
            try:
                with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                    inits = [int(c) for c in f.read().split()]
                for c in inits:
                    with open("/proc/%d/task/%d/children" % (c, c)) as f:
                        if f.read().strip():
                            victim = pid
                if victim is not None:
                    break
            except OSError:
                pass
        time.sleep(0.02)
    if not ok(victim is not None, "a worker is grading it"):
        return
    os.kill(victim, signal.SIGKILL)
    s = alice.wait(sid, timeout=60)
    ok(s.get("status") == "Accepted", "graded after its worker was killed", s)
    rec = stack.record(sid)
    ok(rec.get("attempt") == 2, "graded on the second attempt, once", rec.get("attempt"))
    time.sleep(0.5)
    ok(victim not in stack.workers(), "the killed worker is gone")
    ok(len(stack.workers()) == 2, "and replaced", stack.workers())


def test_concurrent(stack):
    """Several students at once: every submission graded exactly once."""
    clients = []
    for who in ("alice", "bob"):
        c = stack.client()
        c.login(who, who + "-pw")
        clients.append(c)
    got = []

    def go(c):
        for _ in range(5):
            r = c.submit("py/double", "python", PY_OK)
            if r.status == 202:
                got.append((c, r.json["id"]))

    ts = [threading.Thread(target=go, args=(c,)) for c in clients]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ok(len(got) == 10, "10 concurrent submissions accepted", len(got))
    statuses = [c.wait(sid)["status"] for c, sid in got]
    ok(statuses == ["Accepted"] * 10, "all 10 graded Accepted", statuses)
    attempts = [stack.record(sid).get("attempt") for _, sid in got]
    ok(attempts == [1] * 10, "each graded once", attempts)


def test_logout(stack, alice):
    token = alice.cookie
    r = alice.request("POST", "/api/logout", origin=False)
    ok(r.status == 403, "logout without Origin: 403", r)
    r = alice.request("POST", "/api/logout")
    ok(r.status == 200 and r.json == {}, "logout: 200 {}", r)
    ok(alice.cookie is None, "logout clears the cookie")
    alice.cookie = token
    r = alice.request("GET", "/api/me")
    ok(r.status == 401, "the old token no longer works", r)
    anon = alice.stack.client()
    r = anon.request("POST", "/api/logout")
    ok(r.status == 403, "logout without a session cookie: 403", r)


def main():
    try:
        stack = Stack(COURSE)
    except Exception as e:  # noqa: BLE001 - report any start-up failure as a test
        ok(False, "the stack starts", e)
        done()
    try:
        test_static(stack)
        alice = test_login(stack)
        ids = test_grading(stack, alice)
        test_privacy(stack, alice, ids)
        test_progress_shuffle(stack, alice)
        test_refusals(stack, alice)
        test_worker_killed(stack, alice)
        test_concurrent(stack)
        test_logout(stack, alice)
    except Exception as e:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "Ctrl-C stops everything: no process left", left)
    ok(not os.path.exists(os.path.join(stack.data, "run", "session.sock")),
       "sockets removed")
    log = stack.serve_log()
    ok("Assay is running at" in log, "serve printed its URL", log[-2000:])
    stack.cleanup()
    done()


if __name__ == "__main__":
    main()
