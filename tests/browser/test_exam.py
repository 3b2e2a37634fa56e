#!/usr/bin/python3
"""test_exam.py - a timed exam in a real browser (headless Chromium) against
the real stack, on a clock the test sets (ASSAY_CLOCK_FILE): the exam's page
starts the student's time and counts down from the server's remaining time,
warns at 10 and at 1 minute, says when time is up; the exercise's editor
keeps a draft in the browser and puts it back after a reload.

TAP output; run by tests/run browser. Screenshots: build/browser/test_exam/.
"""
import calendar
import os
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


def main():
    fd, clock = tempfile.mkstemp(prefix="assay-clock-")
    os.close(fd)
    set_clock(clock, T0)
    stack = Stack(COURSE, env={"TZ": "UTC0", "ASSAY_CLOCK_FILE": clock})
    b = None
    try:
        b = Browser("test_exam")
        b.get(stack, "/mid/index.html")
        said = b.wait(lambda d: "log in" in (b.text("#assay-exam") or ""), "the exam's note")
        ok(said, "logged out, the exam's page says the time starts at log in",
           b.text("#assay-exam"))
        b.find(".account input[name=login]").send_keys("alice")
        pw = b.find(".account input[name=password]")
        pw.send_keys("alice-pw", Keys.ENTER)
        t = b.wait(lambda d: (lambda t: t if t and "Time left: 1:00:0" in t else None)(
            b.text("#assay-exam")), "the countdown")
        ok(t, "logged in, the countdown starts at the exam's hour", b.text("#assay-exam"))
        check_names(b, "the exam's page")
        b.shot("countdown")
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

        set_clock(clock, T0 + 60)
        b.get(stack, "/loose/q.html")
        editor = b.find(".cm-content")
        editor.click()
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(Keys.DELETE)
        editor.send_keys("print('my draft')")
        time.sleep(2.5)     # the draft is kept every 2 s
        b.get(stack, "/loose/q.html")
        got = b.wait(lambda d: "my draft" in (b.text(".cm-content") or ""), "the draft")
        ok(got, "after a reload, the editor holds the draft", b.text(".cm-content"))
        b.shot("draft")
        b.find(".account button").send_keys(Keys.ENTER)     # Log out, from the keyboard
        out = b.find(".account input[name=login]")
        ok(out is not None and "my draft" not in (b.text(".cm-content") or ""),
           "logged out, the draft is not shown", b.text(".cm-content"))
        if out is not None:
            out.send_keys("bob")
            b.find(".account input[name=password]").send_keys("bob-pw", Keys.ENTER)
            b.wait(lambda d: "bob" in (b.text(".account") or ""), "bob logged in")
        time.sleep(0.5)
        ok("my draft" not in (b.text(".cm-content") or ""),
           "another student on the same browser does not see it", b.text(".cm-content"))
        left = b.js("var n = 0; for (var i = 0; i < localStorage.length; i++)"
                    " if (localStorage.key(i).indexOf('assay-draft:alice:') === 0) n++;"
                    " return n;")
        ok(left == 0, "... nor is it kept for anyone: a draft belongs to its student", left)
        errors = [e for e in b.console_errors() if "/api/" not in e]
        ok(not errors, "no script errors", "\n".join(errors))
    finally:
        finish(b, stack)
        os.unlink(clock)
    done()


main()
