#!/usr/bin/python3
"""test_student.py - a student's journeys in a real browser (headless
Chromium) against the real stack: log in with the keyboard alone, open an
exercise, type a solution into the CodeMirror editor, submit, see the label,
the report and the history; open a staff page and see no data; every
interactive element has an accessible name.

TAP output; run by tests/run browser (make check). Screenshots: build/browser/
test_student/ (or $OUT), kept with KEEP=1 or when a point fails.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import (Browser, By, Keys, Stack, ok, diag, done, ROOT,  # noqa: E402
                     finish, check_names)

COURSE = os.path.join(ROOT, "tests", "integration", "course")
PRIVATE_INPUT = open(os.path.join(COURSE, "c", "hello", "private-1.in")).read().strip()
SOLUTION = ('#include <stdio.h>\nint main(void) { char n[64]; '
            'if (scanf("%63s", n) == 1) printf("Hello, %s!\\n", n); return 0; }\n')


def keyboard_login(b, login, password):
    """Tabs from the top of the page to the login field, types, Enter."""
    b.js("document.activeElement && document.activeElement.blur();")
    body = b.driver.find_element(By.TAG_NAME, "body")
    body.send_keys("")      # focus the document
    for _ in range(40):
        b.driver.switch_to.active_element.send_keys(Keys.TAB)
        if b.active()[2] == "login":
            break
    if not ok(b.active()[2] == "login", "Tab reaches the login field", b.active()):
        return False
    b.driver.switch_to.active_element.send_keys(login)
    b.driver.switch_to.active_element.send_keys(Keys.TAB)
    ok(b.active()[2] == "password", "the next Tab is the password field", b.active())
    b.driver.switch_to.active_element.send_keys(password)
    b.driver.switch_to.active_element.send_keys(Keys.ENTER)
    return True


def main():
    stack = Stack(COURSE)
    b = None
    try:
        b = Browser("test_student")
        b.get(stack, "/index.html")
        ok(b.find(".account input[name=login]") is not None, "the front page offers a login")
        check_names(b, "front page, logged out")

        keyboard_login(b, "alice", "alice-pw")
        who = b.wait(lambda d: "alice" in (b.text("#assay-account") or ""), "logged in")
        ok(who, "logged in with the keyboard alone", b.text("#assay-account"))
        b.shot("logged-in")
        ok(not b.driver.find_elements(By.ID, "assay-staff-link"),
           "no Staff link for a student")

        b.get(stack, "/c/hello.html")
        editor = b.find(".cm-content")
        ok(editor is not None, "the exercise's code box is a CodeMirror editor")
        check_names(b, "exercise page, logged in")
        submit = b.find("#assay-submit")
        b.wait(lambda d: submit.is_enabled(), "the Submit button")
        editor.click()
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(Keys.DELETE)
        for line in SOLUTION.splitlines():
            # The editor indents after Enter and closes brackets and
            # quotes as they are typed: each line starts at the margin.
            editor.send_keys(Keys.HOME, line, Keys.ENTER)
        typed = b.js("return document.querySelector('.cm-content').innerText;")
        ok("printf(\"Hello, %s!\\n\", n)" in typed, "the solution is in the editor", typed)
        b.shot("typed")
        submit.click()
        label = b.wait(lambda d: (lambda t: t if t and "Evaluating" not in t and
                                  "Accepted" in t else None)(b.text("#assay-result")),
                       "the result")
        ok(label is not None, "the label comes back: Accepted", b.text("#assay-result"))
        report = b.text("#assay-result") or ""
        ok("public 1: passed" in report and "private 1: passed" in report,
           "the report lists each test with its verdict", report)
        ok(PRIVATE_INPUT not in report, "... and no private test's data", report)
        rows = b.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#assay-history tbody tr"),
                      "the history")
        ok(rows and len(rows) == 1, "the history shows the submission", b.text("#assay-history"))
        ok(rows and "Accepted" in rows[0].text, "... with its label")
        b.shot("result")

        b.get(stack, "/staff/index.html")
        said = b.wait(lambda d: "Staff only" in (b.text("#staff-status") or ""), "Staff only")
        ok(said, "a student opening a staff page is told: Staff only", b.text("main"))
        ok(not b.driver.find_elements(By.ID, "staff-main"),
           "... and the page's data area is gone")
        ok(not b.driver.find_elements(By.CSS_SELECTOR, "main table"), "... no table on it")
        b.shot("staff-only")
        errors = [e for e in b.console_errors() if "/api/" not in e]
        ok(not errors, "no script errors", "\n".join(errors))
    finally:
        finish(b, stack)
    done()


main()
