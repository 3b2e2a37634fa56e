#!/usr/bin/env python3
"""test_rush.py - the deadline rush, on the real stack (harness.py).

(a) Fairness and the per-user limits, with one grader: a flooding student
    sends 100 programs that sleep past the time limit; a well-behaved one
    submits once after the flood started and is graded after at most a
    few of the flood's (the order is asserted, not the time). The flooder
    gets 429s with Retry-After and the "limit" field; every accepted
    submission (202) ends with a verdict; an admin is never limited.
(b) A store with a small map fills: submissions get 507 before it is
    full, every one accepted is graded and its result stored (no
    MiscError), and /api/health says the store is full (503).
"""
import os
import random
import string
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, diag, done  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rush-course")
EX = "c/nap"
SLEEPER = "#include <unistd.h>\nint main(void) { pause(); return 0; }\n"
AWAKE = "#include <stdio.h>\nint main(void) { puts(\"awake\"); return 0; }\n"
USERS = (("flood", "flood-pw", False), ("bob", "bob-pw", False), ("root", "root-pw", True))
MAX_WAITING = 12
MAX_PER_MINUTE = 16


LETTERS = string.ascii_letters + string.digits + " "


def login(stack, name, pw):
    c = stack.client(keepalive=True)
    r = c.login(name, pw)
    if r.status != 200:
        raise RuntimeError("login %s: %r" % (name, r))
    return c


def wait_all(client, ids, timeout=180):
    """Polls until every submission of IDS is graded; returns {id: status}."""
    end = time.time() + timeout
    status = {}
    for sid in ids:
        rec = client.wait(sid, timeout=max(1, end - time.time()))
        status[sid] = rec.get("status")
    return status


def check_429(r, what):
    j = r.json or {}
    ra = r.headers.get("retry-after", "")
    return ok(r.status == 429 and ra.isdigit() and int(ra) > 0 and j.get("retry_after") == int(ra)
              and j.get("limit") in ("waiting", "per-minute") and "try again" in j.get("error", ""),
              "%s: 429, Retry-After %s, limit %s: %s" % (what, ra, j.get("limit"), j.get("error")), r)


def test_fair(stack):
    flood = login(stack, "flood", "flood-pw")
    bob = login(stack, "bob", "bob-pw")
    root = login(stack, "root", "root-pw")
    accepted, refused, bob_id = [], [], None
    for i in range(100):
        r = flood.submit(EX, "c", SLEEPER + "/* %d */\n" % i)
        if r.status == 202:
            accepted.append(r.json["id"])
        elif r.status == 429:
            refused.append(r)
        else:
            ok(False, "the flood gets only 202 or 429", r)
            break
        if i == 30:
            r = bob.submit(EX, "c", AWAKE)
            ok(r.status == 202, "the well-behaved student's submission is accepted", r)
            bob_id = r.json["id"]
    ok(MAX_WAITING <= len(accepted) < 100 and refused,
       "the flood: %d accepted, %d refused" % (len(accepted), len(refused)))
    if refused:
        check_429(refused[0], "the first refusal")
        ok(all(r.json.get("limit") == "waiting" for r in refused),
           "all of a fast flood's refusals name the limit \"waiting\"",
           [r.json for r in refused[:3]])
        ok(refused[0].json.get("retry_after") <= 60, "Retry-After for \"waiting\" is short",
           refused[0].json)
    # When bob's verdict arrives, most of the flood sent before it still waits.
    before = [i for i in accepted if bob_id is not None and i < bob_id]
    rec = bob.wait(bob_id, timeout=60)
    ok(rec.get("status") == "Accepted", "the well-behaved student is graded", rec)
    r = flood.request("GET", "/api/submissions?exercise=%s&limit=200" % EX)
    still = [s["id"] for s in r.json["submissions"]
             if s["id"] in before and s["status"] == "Evaluating"]
    ok(len(before) >= MAX_WAITING - 1 and len(still) >= len(before) - 4,
       "graded after at most a few of the flood: %d of the %d sent before it still wait"
       % (len(still), len(before)))
    ok(r.json.get("total") == len(accepted), "the history's total counts every accepted one",
       r.json.get("total"))
    r = flood.request("GET", "/api/submissions?exercise=%s&offset=2&limit=3" % EX)
    ids = [s["id"] for s in r.json.get("submissions", [])]
    ok(r.status == 200 and ids == sorted(accepted, reverse=True)[2:5],
       "a page of the history: offset 2, limit 3", r)
    # The per-minute limit: keep submitting as gradings free the queue.
    per_minute = None
    end = time.time() + 60
    while per_minute is None and time.time() < end:
        r = flood.submit(EX, "c", SLEEPER)
        if r.status == 202:
            accepted.append(r.json["id"])
        elif r.status == 429 and r.json.get("limit") == "per-minute":
            per_minute = r
        else:
            time.sleep(0.3)
    if ok(per_minute is not None, "the per-minute limit is reached"):
        check_429(per_minute, "per-minute refusal")
        ok(len(accepted) == MAX_PER_MINUTE, "after %d in a minute (%d)" %
           (MAX_PER_MINUTE, len(accepted)))
        ok(int(per_minute.headers["retry-after"]) <= 60, "Retry-After within the minute",
           per_minute.headers)
    # An admin is never limited.
    admin_ids = []
    for i in range(MAX_WAITING + 3):
        r = root.submit(EX, "c", AWAKE)
        if r.status != 202:
            break
        admin_ids.append(r.json["id"])
    ok(len(admin_ids) == MAX_WAITING + 3, "an admin is not limited (%d accepted)" %
       len(admin_ids), r)
    # Nothing lost: every 202 ends with a verdict.
    st = wait_all(flood, accepted)
    ok(all(s == "TimeLimitExceeded" for s in st.values()),
       "every accepted flood submission has its verdict (%d)" % len(st),
       {k: v for k, v in st.items() if v != "TimeLimitExceeded"})
    st = wait_all(root, admin_ids)
    ok(all(s == "Accepted" for s in st.values()), "the admin's too", st)
    r = bob.request("GET", "/api/progress")
    p = (r.json or {}).get("exercises", {}).get(EX, {})
    ok(p.get("best") == "Accepted" and p.get("submissions") == 1 and p.get("last") == bob_id,
       "progress from the summary: best, submissions, last", r)


def test_full(stack):
    alice = login(stack, "alice", "alice-pw")
    anon = stack.client()
    r = anon.request("GET", "/api/health")
    ok(r.status == 200 and r.json["store"]["full"] is False and r.json["store"]["map"] == 1 << 20,
       "health without a login: 200, not full, the map of --map-size", r)
    # 30,000 random letters: the store compresses records, and this must
    # fill it (about 22 KB a submission even compressed).
    rng = random.Random(7)
    code = AWAKE + "/*" + "".join(rng.choice(LETTERS) for _ in range(30000)) + "*/\n"
    # Submit until 507, let the graders finish, again: until nothing more is
    # accepted even with the queue empty (room for results is kept per
    # queued submission, so an empty queue may take a few more).
    accepted, last, statuses = [], None, {}
    for _ in range(10):
        batch = []
        for i in range(200):
            last = alice.submit(EX, "c", code)
            if last.status != 202:
                break
            batch.append(last.json["id"])
        ok(last.status == 507 and last.json.get("error", "").startswith("The store is full"),
           "%d accepted, then 507 \"The store is full...\"" % len(batch), last)
        statuses.update(wait_all(alice, batch))
        accepted += batch
        if not batch or last.status != 507:
            break
    ok(len(accepted) >= 3, "%d were accepted in all" % len(accepted))
    ok(all(s == "Accepted" for s in statuses.values()),
       "every accepted submission was graded and its result stored",
       {k: v for k, v in statuses.items() if v != "Accepted"})
    r = anon.request("GET", "/api/health")
    ok(r.status == 503 and r.json["store"]["full"] is True and
       r.json["store"]["submissions"] == len(accepted) and r.json["store"]["queued"] == 0,
       "health: 503, full, every submission graded", r)
    with open(os.path.join(stack.data, "log", "assay-worker.log")) as f:
        log = f.read()
    ok("grading from" in log and "cannot store the result" not in log,
       "no grader failed to store a result", log[-1500:])


def main():
    failed_start = False
    try:
        stack = Stack(COURSE, workers=1, users=USERS,
                      serve_args=["--max-waiting", str(MAX_WAITING),
                                  "--max-per-minute", str(MAX_PER_MINUTE)])
    except Exception as e:  # noqa: BLE001
        ok(False, "the stack starts", e)
        failed_start = True
    if not failed_start:
        try:
            test_fair(stack)
        except Exception:  # noqa: BLE001
            import traceback
            ok(False, "the fairness test ran to its end", traceback.format_exc())
        ok(stack.stop() == [], "stopped")
        stack.cleanup()
    try:
        stack = Stack(COURSE, workers=2, users=(("alice", "alice-pw", False),),
                      serve_args=["--map-size", "1M", "--store-reserve", "128K",
                                  "--max-waiting", "0", "--max-per-minute", "0"])
    except Exception as e:  # noqa: BLE001
        ok(False, "the small store's stack starts", e)
        done()
    try:
        test_full(stack)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the full-store test ran to its end", traceback.format_exc())
    ok(stack.stop() == [], "stopped")
    stack.cleanup()
    done()


if __name__ == "__main__":
    main()
