#!/usr/bin/python3
"""test_nojs.py - a student with JavaScript switched off, in a real browser
(headless Chromium, scripts disabled) against the real stack: the exercise
page offers a login form; logging in comes back to the page; the code typed
into the plain text box is sent by POST (never in the address bar); the
verdict page refreshes itself until the label is there, shows the report and
links back; every interactive element has an accessible name.

TAP output; run by tests/run browser (make check). Screenshots: build/browser/
test_nojs/ (or $OUT), kept with KEEP=1 or when a point fails.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser, By, Keys, Stack, ok, done, ROOT, check_names, finish  # noqa: E402

COURSE = os.path.join(ROOT, "tests", "integration", "course")
SOLUTION = ('#include <stdio.h>\nint main(void) { char n[64]; '
            'if (scanf("%63s", n) == 1) printf("Hello, %s!\\n", n); return 0; }\n')


def main():
    stack = Stack(COURSE)
    b = None
    try:
        b = Browser("test_nojs", javascript=False)
        b.get(stack, "/c/hello.html")
        ok(not b.driver.find_elements(By.CSS_SELECTOR, ".cm-content"),
           "no script ran: the code box is the plain text area")
        login = b.find("#assay-account input[name=login]")
        ok(login is not None, "the exercise page offers a login form without JavaScript")
        check_names(b, "exercise page, logged out, no JavaScript")
        b.shot("logged-out")
        login.send_keys("alice")
        pw = b.driver.find_element(By.CSS_SELECTOR, "#assay-account input[name=password]")
        pw.send_keys("alice-pw", Keys.ENTER)
        back = b.wait(lambda d: d.current_url.endswith("/c/hello.html") and
                      d.get_cookie("assay_session") is not None, "back on the page")
        ok(back, "the login comes back to the exercise page with a session",
           b.driver.current_url)

        code = b.find("form textarea[name=code]")
        ok(code is not None, "a plain text box for the code")
        code.clear()
        code.send_keys(SOLUTION)
        b.shot("typed")
        code.find_element(By.XPATH, "ancestor::form").submit()
        def graded(d):
            # The page reloads itself while it waits: a read may meet the
            # page going away, which is not an answer yet.
            try:
                return ("/api/submissions/" in d.current_url and
                        "Accepted" in d.find_element(By.TAG_NAME, "body").text)
            except Exception:
                return False
        verdict = b.wait(graded, "the verdict page with its label")
        url = b.driver.current_url
        ok(verdict, "the verdict page shows Accepted once graded (it refreshes itself)",
           b.driver.find_element(By.TAG_NAME, "body").text[:400])
        ok("printf" not in url and "code=" not in url,
           "the code went by POST, not in the address bar", url)
        body = b.driver.find_element(By.TAG_NAME, "body").text
        ok("public 1: passed" in body, "the report is shown", body[:400])
        b.shot("verdict")
        check_names(b, "verdict page")
        links = [a.get_attribute("href") or "" for a in
                 b.driver.find_elements(By.CSS_SELECTOR, "a")]
        ok(any(h.endswith("/c/hello.html") for h in links),
           "the verdict page links back to the exercise", links)
    finally:
        finish(b, stack)
    done()


if __name__ == "__main__":
    main()
