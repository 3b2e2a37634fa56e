#!/usr/bin/python3
"""test_exams.py - timed exams (fcgi/exam.h) through the real stack, on a
clock the test sets (ASSAY_CLOCK_FILE): a start recorded once, submissions
in time accepted with feedback off, before the start and after the end
refused (lock) or marked invalid (lock: no), a student's extra time, the
window's end, staff's view and extension (audited), and a student kept out
of the staff API.

TAP output; run by tests/run.
"""
import calendar
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Stack, ok, done  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exam-course")
ECHO = "print(input())\n"


def utc(d, mo, y, h, m, s=0):
    return calendar.timegm((y, mo, d, h, m, s))


class Clock:
    def __init__(self):
        fd, self.path = tempfile.mkstemp(prefix="assay-clock-")
        os.close(fd)

    def set(self, t):
        with open(self.path + ".tmp", "w") as f:
            f.write("%d\n" % t)
        os.rename(self.path + ".tmp", self.path)


T0 = utc(15, 2, 2027, 9, 0)


def test_start(stack, clock, alice):
    clock.set(T0)
    r = alice.request("GET", "/api/exams/mid")
    ok(r.status == 200 and r.json["started"] is False and r.json["duration_s"] == 3600,
       "before opening: not started, the duration", r)
    r = alice.submit("mid/q", "python", ECHO)
    ok(r.status == 403 and "start it first" in r.json.get("error", ""),
       "a submission before the start: 403 saying to open the exam", r)
    r = alice.request("POST", "/api/exams/mid/start")
    ok(r.status == 200 and r.json["start"] == "2027-02-15T09:00:00Z" and
       r.json["end"] == "2027-02-15T10:00:00Z" and r.json["remaining_s"] == 3600 and
       r.json["now"] == "2027-02-15T09:00:00Z", "the start: start, end, now from the server", r)
    clock.set(T0 + 600)
    r = alice.request("POST", "/api/exams/mid/start")
    ok(r.status == 200 and r.json["start"] == "2027-02-15T09:00:00Z" and
       r.json["remaining_s"] == 3000, "a second start never moves it", r)
    r = alice.request("GET", "/api/exams/mid")
    ok(r.status == 200 and r.json["started"] is True and r.json["remaining_s"] == 3000,
       "GET: the time left", r)
    r = alice.request("POST", "/api/exams/mid/start", origin=False)
    ok(r.status == 403, "a start without the site's Origin: 403", r)
    r = alice.request("GET", "/api/exams/nope")
    ok(r.status == 404, "no such exam: 404", r)


def test_in_time(stack, clock, alice, bob):
    r = alice.submit("mid/q", "python", ECHO)
    ok(r.status == 202, "during the exam: accepted", r)
    s = alice.wait(r.json["id"]) if r.status == 202 else {}
    ok(s.get("status") == "Accepted" and s.get("valid") is True, "... Accepted and valid", s)
    ok(not s.get("report") and not s.get("tests"), "... feedback off during the exam", s)
    alice.first = s.get("id")
    # bob starts later and has 30 minutes more
    subprocess.run([os.path.join(BIN, "assay"), "--data", stack.data, "user", "extra-time",
                    "bob", "30"], check=True, capture_output=True)
    r = bob.request("POST", "/api/exams/mid/start")
    ok(r.status == 200 and r.json["end"] == "2027-02-15T10:40:00Z" and
       r.json["extra"]["minutes"] == 30, "bob's end has his 30 minutes", r)


def test_after_end(stack, clock, alice, bob, root):
    clock.set(T0 + 3600)
    r = alice.submit("mid/q", "python", ECHO)
    ok(r.status == 403 and "after the exam's end" in r.json.get("error", ""),
       "at alice's end: refused (lock)", r)
    r = bob.submit("mid/q", "python", ECHO)
    ok(r.status == 202, "bob, with extra time, still submits", r)
    r = root.request("GET", "/api/staff/exams/mid")
    st = {s["login"]: s for s in r.json.get("students", [])} if r.status == 200 else {}
    ok(r.status == 200 and st.get("alice", {}).get("writing") is False and
       st.get("bob", {}).get("writing") is True and st["bob"]["remaining_s"] == 2400 and
       st["alice"]["start"] == "2027-02-15T09:00:00Z",
       "staff see who started when, who still writes, the time left", r)
    r = alice.request("GET", "/api/submissions/%s" % alice.first)
    ok(r.status == 200 and r.json.get("tests") and r.json.get("feedback") is not False,
       "her time over, the report hidden during the exam is shown", r)
    r = bob.request("GET", "/api/submissions/%s" % alice.first)
    ok(r.status == 404, "(to her alone)", r)
    r = alice.request("GET", "/api/staff/exams/mid")
    ok(r.status == 403, "a student cannot read the staff API", r)
    r = alice.request("POST", "/api/staff/exams/mid/extend", {"login": "alice", "minutes": 5})
    ok(r.status == 403, "nor give herself more time", r)
    r = root.request("POST", "/api/staff/exams/mid/extend", {"login": "alice", "minutes": 15})
    ok(r.status == 200 and r.json["end"] == "2027-02-15T10:15:00Z" and r.json["writing"],
       "staff give alice 15 minutes", r)
    r = alice.submit("mid/q", "python", ECHO)
    ok(r.status == 202, "... and she submits again", r)
    r = root.request("POST", "/api/staff/exams/mid/extend", {"login": "carol", "minutes": 5})
    ok(r.status == 404, "extending one who has not started: 404", r)
    r = root.request("GET", "/api/staff/exams")
    ex = {e["exam"]: e for e in r.json.get("exams", [])} if r.status == 200 else {}
    ok(r.status == 200 and sorted(ex) == ["loose", "mid"] and ex["mid"]["started"] == 2 and
       ex["mid"]["writing"] == 2 and ex["mid"]["title"] == "Midterm" and
       ex["loose"]["started"] == 0, "staff list the exams: who started, who still writes", r)
    r = alice.request("GET", "/api/staff/exams")
    ok(r.status == 403, "a student cannot list them", r)
    r = root.request("GET", "/api/staff/audit?action=exam-extend")
    ok(r.status == 200 and "mid: alice +15 min" in r.body, "the extension is audited", r)
    # the window closes at 12:00: bob's end would be later with more time
    root.request("POST", "/api/staff/exams/mid/extend", {"login": "bob", "minutes": 600})
    clock.set(utc(15, 2, 2027, 12, 0))
    r = bob.submit("mid/q", "python", ECHO)
    ok(r.status == 403, "the window's end ends every student's time", r)
    r = root.request("POST", "/api/exams/mid/start")
    ok(r.status == 403, "the exam cannot be started after its window", r)


def test_rules(alice):
    r = alice.request("GET", "/api/exercises/mid/q")
    ok(r.status == 200 and r.json.get("exam") == "mid" and r.json["feedback"] is False,
       "an exercise of an exam names it (its page shows the clock), feedback off", r)
    r = alice.request("GET", "/api/exercises/loose/q")
    ok(r.status == 200 and r.json.get("exam") == "loose" and r.json["feedback"] is True,
       "... feedback on where the exam says so", r)


def test_printout(root):
    r = root.request("GET", "/api/staff/printout?exercise=mid/&policy=last")
    ok(r.status == 200 and "mid/q" in r.body and "loose/q" not in r.body and
       "alice" in r.body and "bob" in r.body and "print(input())" in r.body,
       "the printout of an exam: its students' code, only its exercises", r.body[:300])


def test_factor(clock, bob, root):
    clock.set(T0)
    r = root.request("POST", "/api/staff/users/bob", {"extra_factor": 2, "extra_minutes": 0})
    ok(r.status == 200 and r.json["extra_factor"] == 2, "staff set bob's time factor to 2", r)
    r = bob.request("POST", "/api/exams/loose/start")
    ok(r.status == 200 and r.json["remaining_s"] == 3600 and r.json["extra"]["factor"] == 2,
       "a factor of 2 doubles his 30 minutes", r)


def test_unlocked(stack, clock, alice):
    clock.set(T0)
    r = alice.request("POST", "/api/exams/loose/start")
    ok(r.status == 200 and r.json["remaining_s"] == 1800, "the second exam starts", r)
    r = alice.submit("loose/q", "python", ECHO)
    s = alice.wait(r.json["id"]) if r.status == 202 else {}
    ok(s.get("valid") is True and s.get("report") is not None and s.get("tests"),
       "feedback: yes shows the report during the exam", s)
    clock.set(T0 + 1800)
    r = alice.submit("loose/q", "python", ECHO)
    ok(r.status == 202, "lock: no: after the end, stored", r)
    s = alice.wait(r.json["id"]) if r.status == 202 else {}
    ok(s.get("valid") is False and "after the exam's end" in (s.get("validity") or "") and
       s.get("status") == "Accepted", "... graded and marked invalid with the reason", s)


def main():
    clock = Clock()
    clock.set(T0)
    try:
        stack = Stack(COURSE, env={"TZ": "UTC0", "ASSAY_CLOCK_FILE": clock.path})
    except Exception as e:  # noqa: BLE001
        ok(False, "the stack starts", e)
        done()
    try:
        alice, bob, root = stack.client(), stack.client(), stack.client()
        alice.login("alice", "alice-pw")
        bob.login("bob", "bob-pw")
        root.login("root", "root-pw")
        test_start(stack, clock, alice)
        test_in_time(stack, clock, alice, bob)
        test_after_end(stack, clock, alice, bob, root)
        test_unlocked(stack, clock, alice)
        test_rules(alice)
        test_printout(root)
        test_factor(clock, bob, root)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "nothing left running", left)
    stack.cleanup()
    os.unlink(clock.path)
    done()


if __name__ == "__main__":
    main()
