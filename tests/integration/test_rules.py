#!/usr/bin/python3
"""test_rules.py - the rules an exercise sets, enforced by the real service:
time windows (with a clock the test sets), attempt limits, locks, forbidden
patterns, hidden feedback and a quiz's answer key (show-answers), and what
the student can and cannot see.

TAP output; run by tests/run.
"""
import calendar
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, done  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules-course")
ECHO = "print(input())\n"
ECHO_C = '#include <stdio.h>\nint main(void){char b[64]; if (scanf("%63s", b) == 1) puts(b); return 0;}\n'


def utc(d, mo, y, h, m):
    return calendar.timegm((y, mo, d, h, m, 0))


class Clock:
    def __init__(self):
        fd, self.path = tempfile.mkstemp(prefix="assay-clock-")
        os.close(fd)

    def set(self, t):
        with open(self.path + ".tmp", "w") as f:
            f.write("%d\n" % t)
        os.rename(self.path + ".tmp", self.path)


def test_window(stack, clock, alice):
    clock.set(utc(15, 2, 2027, 7, 59))
    r = alice.submit("r/window", "python", ECHO)
    ok(r.status == 403 and "open at 08:00 15/02/2027" in r.json.get("error", ""),
       "locked window, one minute early: 403 saying when it opens", r)
    r = alice.submit("r/late", "python", ECHO)
    ok(r.status == 202, "unlocked window, early: accepted", r)
    s = alice.wait(r.json["id"]) if r.status == 202 else {}
    ok(s.get("valid") is False and "open at 08:00" in (s.get("validity") or ""),
       "... graded and marked invalid with the reason", s)
    ok(s.get("status") == "Accepted", "... still graded (Codex grades late work)", s)

    info = alice.request("GET", "/api/exercises/r/window")
    ok(info.status == 200 and info.json["open"] is False and
       info.json["opens"] == "2027-02-15T08:00:00Z" and info.json["closes"] == "2027-02-15T12:00:00Z",
       "the page can show the window", info)

    clock.set(utc(15, 2, 2027, 10, 0))
    r = alice.submit("r/window", "python", ECHO)
    ok(r.status == 202, "inside the window: accepted", r)
    s = alice.wait(r.json["id"]) if r.status == 202 else {}
    ok(s.get("valid") is True and s.get("validity") is None and s.get("status") == "Accepted",
       "... valid and Accepted", s)
    info = alice.request("GET", "/api/exercises/r/window")
    ok(info.json["open"] is True and info.json.get("why") is None, "open now", info)

    clock.set(utc(15, 2, 2027, 12, 0))
    r = alice.submit("r/window", "python", ECHO)
    ok(r.status == 403 and "deadline was 12:00 15/02/2027" in r.json.get("error", ""),
       "locked window, at the deadline: 403 saying so", r)
    r = alice.submit("r/late", "python", ECHO)
    s = alice.wait(r.json["id"]) if r.status == 202 else {}
    ok(s.get("valid") is False and s.get("validity") == "the deadline was 12:00 15/02/2027",
       "late work with lock: no is graded and marked late", s)


def test_attempts(stack, alice):
    info = alice.request("GET", "/api/exercises/r/attempts")
    ok(info.status == 200 and info.json["attempts"] == 2 and info.json["left"] == 2 and
       info.json["used"] == 0, "the page can show the attempts left", info)
    for i in range(2):
        r = alice.submit("r/attempts", "python", ECHO)
        ok(r.status == 202, "attempt %d of 2 accepted" % (i + 1), r)
    r = alice.submit("r/attempts", "python", ECHO)
    ok(r.status == 403 and "all 2 attempts" in r.json.get("error", ""), "third attempt: 403", r)
    info = alice.request("GET", "/api/exercises/r/attempts")
    ok(info.json["left"] == 0 and info.json["used"] == 2, "none left", info)
    bob = stack.client()
    bob.login("bob", "bob-pw")
    r = bob.submit("r/attempts", "python", ECHO)
    ok(r.status == 202, "attempts are counted per student", r)

    r1 = alice.submit("r/unlocked", "python", ECHO)
    r2 = alice.submit("r/unlocked", "python", ECHO)
    s1 = alice.wait(r1.json["id"]) if r1.status == 202 else {}
    s2 = alice.wait(r2.json["id"]) if r2.status == 202 else {}
    ok(s1.get("valid") is True, "first of one attempt: valid", s1)
    ok(r2.status == 202 and s2.get("valid") is False and "limit of 1" in (s2.get("validity") or ""),
       "over the limit with lock: no: graded, marked invalid", s2)


def test_forbid(stack, alice):
    bad = ECHO_C.replace("return 0;", "goto out; out: return 0;")
    r = alice.submit("r/forbid", "c", bad)
    ok(r.status == 400 and '"goto"' in r.json.get("error", "") and "line 2" in r.json.get("error", ""),
       "a forbidden pattern is refused, saying what and where", r)
    r = alice.submit("r/forbid", "c", ECHO_C.replace("return 0;", 'system ("ls"); return 0;'))
    ok(r.status == 400 and "system" in r.json.get("error", ""), "any of several patterns", r)
    r = alice.submit("r/forbid", "c", ECHO_C)
    s = alice.wait(r.json["id"]) if r.status == 202 else {}
    ok(s.get("status") == "Accepted", "a clean submission is graded", s)
    lst = alice.request("GET", "/api/submissions?exercise=r/forbid").json
    ok(len(lst["submissions"]) == 1, "refused submissions are not stored", lst)


def test_feedback(stack, alice):
    r = alice.submit("r/exam", "python", "print('nope')\n")
    s = alice.wait(r.json["id"]) if r.status == 202 else {}
    ok(s.get("status") == "WrongAnswer" and s.get("score") == 0, "exam: label and score shown", s)
    ok(s.get("report") == "" and s.get("tests") == [], "exam: no report, no tests for the student", s)
    root = stack.client()
    root.login("root", "root-pw")
    a = root.request("GET", "/api/submissions/%d" % r.json["id"]).json
    ok(a.get("report") and len(a.get("tests", [])) == 2, "an admin sees the report and tests", a)


# A quiz's answers with one question right of three: capital (b) right,
# primes (a and c) half right less one wrong, island ("zanzibar") wrong.
QUIZ_ANSWERS = {"capital": ["b"], "primes": ["a", "b"], "island": ["madagascar"]}


def leaks(value, path="$"):
    """Where VALUE (an API answer's JSON) shows something of the answer key:
    an "expected" or "key" field, the fill-in's accepted text, a report's
    words for the right answer."""
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("expected", "key"):
                found.append(path + "." + k)
            found += leaks(v, path + "." + k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += leaks(v, "%s[%d]" % (path, i))
    elif isinstance(value, str):
        if "zanzibar" in value.lower() or "the answer:" in value or "accepted:" in value:
            found.append(path)
    return found


def student_answers(client, exercise, sid):
    """Every API answer about EXERCISE and submission SID a student reaches."""
    return {
        "submission": client.request("GET", "/api/submissions/%d" % sid),
        "list": client.request("GET", "/api/submissions?exercise=" + exercise),
        "all": client.request("GET", "/api/submissions"),
        "progress": client.request("GET", "/api/progress"),
        "exercise": client.request("GET", "/api/exercises/" + exercise),
    }


def no_key(client, exercise, sid, what):
    answers = student_answers(client, exercise, sid)
    bad = {name: leaks(r.json) + (["raw body"] if "zanzibar" in r.body.lower() else [])
           for name, r in answers.items()}
    bad = {k: v for k, v in bad.items() if v}
    codes = {name: r.status for name, r in answers.items() if r.status != 200}
    return ok(not bad and not codes, what, {"leaks": bad, "statuses": codes,
                                            "submission": answers["submission"]})


def key_shown(s):
    tests = {t.get("name"): t for t in s.get("tests", [])}
    return ("zanzibar" in (s.get("report") or "") and "the answer: b" not in s.get("report", "")
            and tests.get("island", {}).get("expected") == ["zanzibar"] and
            tests.get("primes", {}).get("expected") == ["a", "c"] and
            tests.get("capital", {}).get("expected") == ["b"] and
            s.get("answers_shown") is True)


def quiz(client, exercise):
    r = client.request("POST", "/api/submissions", {"exercise": exercise, "answers": QUIZ_ANSWERS})
    ok(r.status == 202 and not leaks(r.json), "%s: submitted, the 202 has no key" % exercise, r)
    return (r.json["id"], client.wait(r.json["id"])) if r.status == 202 else (0, {})


def test_key_after_attempts(stack, alice, bob, root):
    sid1, s = quiz(alice, "r/quiz-attempts")
    passed = {t.get("name"): t.get("passed") for t in s.get("tests", [])}
    ok(s.get("status") == "WrongAnswer" and abs((s.get("score") or 0) - 1 / 3) < 1e-9 and
       passed == {"capital": True, "primes": False, "island": False} and
       "1 of 3 questions right" in s.get("report", "") and "\u2717 Island" in s.get("report", ""),
       "the result says which questions were right and wrong, and the score", s)
    no_key(alice, "r/quiz-attempts", sid1,
           "after-close, one attempt of two left: no key in any answer the student reaches")
    ok(s.get("answers_shown") is False and s.get("show_answers") == "after-close",
       "... and the result says the answers are kept until the quiz closes", s)
    record = stack.record(sid1)
    ok("zanzibar" in json.dumps(record.get("key")), "the stored record keeps the key", record)
    ok(key_shown(root.request("GET", "/api/submissions/%d" % sid1).json),
       "an admin sees the key at once")

    sid2, s = quiz(alice, "r/quiz-attempts")
    ok(key_shown(s), "both attempts used: the key is shown", s)
    again = alice.request("GET", "/api/submissions/%d" % sid1).json
    ok(key_shown(again) and stack.record(sid1).get("graded") == record.get("graded"),
       "... on the first submission too, without grading it again", again)
    bsid, s = quiz(bob, "r/quiz-attempts")
    no_key(bob, "r/quiz-attempts", bsid, "another student with an attempt left: no key")


def test_key_after_deadline(stack, clock, alice):
    clock.set(utc(15, 2, 2027, 10, 0))
    sid, s = quiz(alice, "r/quiz-window")
    ok(s.get("status") == "WrongAnswer", "a quiz inside its window is graded", s)
    no_key(alice, "r/quiz-window", sid, "after-close, before the deadline: no key anywhere")
    graded = stack.record(sid).get("graded")
    clock.set(utc(15, 2, 2027, 12, 0))
    s = alice.request("GET", "/api/submissions/%d" % sid).json
    ok(key_shown(s) and stack.record(sid).get("graded") == graded,
       "at the deadline the key is shown, without grading again", s)


def test_key_always_never(stack, alice, root):
    sid, s = quiz(alice, "r/quiz-always")
    ok(key_shown(s), "show-answers: always: the key is shown at once", s)
    sid, s = quiz(alice, "r/quiz-never")
    no_key(alice, "r/quiz-never", sid, "show-answers: never, the one attempt used: no key")
    ok(s.get("answers_shown") is False and s.get("show_answers") == "never",
       "... and the result says the answers are never shown", s)
    ok(key_shown(root.request("GET", "/api/submissions/%d" % sid).json),
       "show-answers: never: an admin sees the key")


def test_key_not_on_pages(stack, alice):
    page = alice.request("GET", "/r/quiz-attempts.html")
    scripts = re.findall(r'src="([^"]+)"', page.body)
    base = "/r/"
    bodies = [page.body] + [alice.request("GET", src if src.startswith("/") else
                                          os.path.normpath(base + src)).body for src in scripts]
    ok(page.status == 200 and scripts and not any("zanzibar" in b.lower() for b in bodies) and
       "answer=" not in page.body, "the quiz page and its scripts hold no answer", scripts)


def test_answer_keys(stack, clock, alice):
    clock.set(utc(15, 2, 2027, 10, 0))
    bob = stack.client()
    bob.login("bob", "bob-pw")
    root = stack.client()
    root.login("root", "root-pw")
    test_key_after_attempts(stack, alice, bob, root)
    test_key_after_deadline(stack, clock, alice)
    test_key_always_never(stack, alice, root)
    test_key_not_on_pages(stack, alice)


def main():
    clock = Clock()
    clock.set(utc(1, 1, 2027, 0, 0))
    try:
        stack = Stack(COURSE, env={"TZ": "UTC0", "ASSAY_CLOCK_FILE": clock.path})
    except Exception as e:  # noqa: BLE001
        ok(False, "the stack starts", e)
        done()
    try:
        alice = stack.client()
        alice.login("alice", "alice-pw")
        test_window(stack, clock, alice)
        test_attempts(stack, alice)
        test_forbid(stack, alice)
        test_feedback(stack, alice)
        test_answer_keys(stack, clock, alice)
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
