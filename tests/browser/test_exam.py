#!/usr/bin/python3
"""test_exam.py - a timed exam in a real browser (headless Chromium) against
the real stack, on a clock the test sets (ASSAY_CLOCK_FILE): the exam's page
starts the student's time and counts down from the server's remaining time,
as do the exam's exercise pages; it warns at 10 and at 1 minute and says when
time is up; the editor keeps a draft in the browser and puts it back after a
reload; a submission after the student's end is refused while one with extra
time is taken; staff see the exam's students and give one more time from the
keyboard, and she submits again.

TAP output; run by tests/run browser. Screenshots: build/browser/test_exam/.
"""
import calendar
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import (Browser, By, Keys, Stack, ok, done, ROOT,  # noqa: E402
                     finish, check_names)

COURSE = os.path.join(ROOT, "tests", "integration", "exam-course")
T0 = calendar.timegm((2027, 2, 15, 9, 0, 0))


def set_clock(path, t):
    with open(path + ".tmp", "w") as f:
        f.write("%d\n" % t)
    os.rename(path + ".tmp", path)


def clock_text(b, stack, want):
    b.get(stack, "/mid/index.html")
    return b.wait(lambda d: (lambda t: t if t and want in t else None)(b.text("#assay-exam")),
                  want)


def login(b, who, pw):
    b.find(".account input[name=login]").send_keys(who)
    b.find(".account input[name=password]").send_keys(pw, Keys.ENTER)
    b.wait(lambda d: who in (b.text(".account") or ""), who + " logged in")


def logout(b):
    b.find(".account button").send_keys(Keys.ENTER)     # Log out, from the keyboard
    b.find(".account input[name=login]")


def clock_on(b, want):
    """The clock's text once it matches the regular expression WANT."""
    return b.wait(lambda d: (lambda t: t if t and re.search(want, t) else None)(
        b.text("#assay-exam")), want)


def type_code(b, code):
    editor = b.find(".cm-content")
    editor.click()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(code)
    return editor


def submit(b, want):
    """Submits from the keyboard; the status and result once they match WANT."""
    def seen(d):
        t = (b.text("#assay-status") or "") + " " + (b.text("#assay-result") or "")
        return t if re.search(want, t, re.S) and "Sending" not in t and "Evaluating" not in t \
            else None
    b.wait(lambda d: b.find("#assay-submit").is_enabled(), "the Submit button")
    b.find(".cm-content").send_keys(Keys.CONTROL, Keys.ENTER)
    return b.wait(seen, want)


def student_part(b, stack, clock):
    """alice's exam, from its page and its exercise's; bob started at T0."""
    b.get(stack, "/mid/index.html")
    said = b.wait(lambda d: "log in" in (b.text("#assay-exam") or ""), "the exam's note")
    ok(said, "logged out, the exam's page says the time starts at log in",
       b.text("#assay-exam"))
    login(b, "alice", "alice-pw")
    ok(clock_on(b, "Time left: 1:00:0"), "logged in, the countdown starts at the exam's hour",
       b.text("#assay-exam"))
    check_names(b, "the exam's page")
    b.shot("countdown")

    set_clock(clock, T0 + 60)
    b.get(stack, "/mid/q.html")
    ok(clock_on(b, r"Time left: 5[89]:"), "the exam's exercise page counts down too",
       b.text("#assay-exam"))
    type_code(b, "print(input())")
    time.sleep(2.5)     # the draft is kept every 2 s
    b.get(stack, "/mid/q.html")
    got = b.wait(lambda d: "print(input())" in (b.text(".cm-content") or ""), "the draft")
    ok(got, "reloaded mid-exam, the editor holds the draft", b.text(".cm-content"))
    b.shot("draft")
    t = submit(b, "Submission 1 .*Accepted|Accepted.*Submission 1")
    ok(t, "she submits it from the keyboard: Accepted", t)
    check_names(b, "the exam's exercise page")

    set_clock(clock, T0 + 3000)
    ok(clock_text(b, stack, "less than 10 minutes left"),
       "ten minutes before the end: a warning in words", b.text("#assay-exam"))
    set_clock(clock, T0 + 3550)
    ok(clock_text(b, stack, "less than 1 minute left"), "the last minute's warning",
       b.text("#assay-exam"))
    b.shot("last-minute")
    set_clock(clock, T0 + 3600)
    ok(clock_text(b, stack, "Time is up"), "at the end: time is up, plainly",
       b.text("#assay-exam"))
    b.get(stack, "/mid/q.html")
    ok(clock_on(b, "Time is up"), "... on the exercise's page too", b.text("#assay-exam"))
    t = submit(b, "closed")
    ok(t and "after the exam's end" in t,
       "after her end, her submission is refused, saying why", t)
    b.shot("refused")


def bob_part(b, stack, clock):
    """bob has 30 minutes more: in time where alice's time is up."""
    logout(b)
    login(b, "bob", "bob-pw")
    ok(clock_on(b, r"Time left: (30:00|29:5)"), "bob, with 30 minutes more, still has 30",
       b.text("#assay-exam"))
    type_code(b, "print(input())")
    t = submit(b, "Accepted")
    ok(t, "... and his submission is taken", t)


def staff_part(b, stack):
    logout(b)
    login(b, "root", "root-pw")
    b.get(stack, "/staff/exams.html")
    link = b.wait(lambda d: (lambda e: e[0] if e else None)(
        d.find_elements(By.LINK_TEXT, "mid")), "the exam's link")
    ok(link is not None, "staff see the exams listed", b.text("#staff-exam-list"))
    listed = b.text("#staff-exam-list") or ""
    ok(re.search(r"\b1 h\b", listed) and not re.search(r"\b0 (min|s)\b", listed),
       "the exam's hour written as 1 h, without its zero parts", listed)
    check_names(b, "the staff's exams page")
    link.send_keys(Keys.ENTER)
    row = b.wait(lambda d: (lambda t: t if t and "finished" in t else None)(
        b.text("#staff-table")), "the students")
    ok(row and "alice" in row and "bob" in row and "+30 min" in row and "root" not in row,
       "they see who started, who finished, who has extra time (students only)", row)
    b.shot("staff-exam")
    check_names(b, "the staff's exam page")
    minutes = b.find("input[aria-label='Minutes more for alice']")
    minutes.send_keys(Keys.CONTROL, "a")
    minutes.send_keys("15", Keys.ENTER)
    said = b.wait(lambda d: (lambda t: t if t and "15 more minutes" in t else None)(
        b.text("#staff-status")), "the extension")
    ok(said, "staff give alice 15 minutes from the keyboard", b.text("#staff-status"))
    row = b.wait(lambda d: (lambda t: t if t and "finished" not in t else None)(
        b.text("#staff-table")), "alice writing again")
    ok(row, "... and she is writing again", b.text("#staff-table"))
    b.shot("staff-more-time")
    printout = b.find("#staff-exam-printout").get_attribute("href")
    ok(printout.endswith("/api/staff/printout?exercise=mid%2F"), "the exam's printout link",
       printout)


def draft_part(b, stack):
    logout(b)
    login(b, "alice", "alice-pw")
    b.get(stack, "/mid/q.html")
    ok(clock_on(b, r"Time left: 1[45]:"), "alice has time again", b.text("#assay-exam"))
    type_code(b, "print('my draft')")
    time.sleep(2.5)
    t = submit(b, "Wrong answer")
    ok(t, "and submits again (her draft, graded: not an echo)", t)
    logout(b)
    ok("my draft" not in (b.text(".cm-content") or ""), "logged out, the draft is not shown",
       b.text(".cm-content"))
    login(b, "bob", "bob-pw")
    time.sleep(0.5)
    ok("my draft" not in (b.text(".cm-content") or ""),
       "another student on the same browser does not see it", b.text(".cm-content"))
    left = b.js("var n = 0; for (var i = 0; i < localStorage.length; i++)"
                " if (localStorage.key(i).indexOf('assay-draft:alice:') === 0) n++;"
                " return n;")
    ok(left == 0, "... nor is it kept for anyone: a draft belongs to its student", left)


def main():
    fd, clock = tempfile.mkstemp(prefix="assay-clock-")
    os.close(fd)
    set_clock(clock, T0)
    stack = Stack(COURSE, env={"TZ": "UTC0", "ASSAY_CLOCK_FILE": clock})
    b = None
    try:
        subprocess.run([os.path.join(ROOT, "bin", "assay"), "--data", stack.data, "user",
                        "extra-time", "bob", "30"], check=True, capture_output=True)
        b = Browser("test_exam")
        # bob opens the exam's exercise first: that page starts his time
        b.get(stack, "/mid/q.html")
        login(b, "bob", "bob-pw")
        ok(clock_on(b, "Time left: 1:30:0"), "opening an exam's exercise starts the time",
           b.text("#assay-exam"))
        logout(b)
        student_part(b, stack, clock)
        bob_part(b, stack, clock)
        staff_part(b, stack)
        draft_part(b, stack)
        errors = [e for e in b.console_errors() if "/api/" not in e]
        ok(not errors, "no script errors", "\n".join(errors))
    finally:
        finish(b, stack)
        os.unlink(clock)
    done()


main()
