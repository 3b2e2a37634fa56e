#!/usr/bin/python3
"""test_staff_pages.py - the staff pages' shells in a real browser (headless
Chromium) against the real stack, before the staff API exists on the branch:
logged out, a staff page offers a login form, and logging in through it
opens the page; an admin sees the header's Staff link and every shell's
controls, each with an accessible name and reachable by Tab; a student sees
"Staff only" on each of them and nothing else. The staff journey against the
API is tests/browser/test_staff.py.

TAP output; run by tests/run browser (make check).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser, By, Keys, Stack, ok, done, ROOT, finish  # noqa: E402

COURSE = os.path.join(ROOT, "tests", "integration", "course")
SHELLS = ["index", "submission", "job", "gradebook", "users", "audit", "exams", "similarity",
          "similarity-pair"]


def main():
    stack = Stack(COURSE)
    b = None
    try:
        b = Browser("test_staff_pages")
        b.get(stack, "/staff/index.html")
        login = b.find("#staff-login")
        ok(login is not None, "logged out, a staff page offers a login form")
        ok(not b.driver.find_element(By.ID, "staff-main").is_displayed(),
           "... and keeps its controls hidden")
        b.shot("logged-out")
        if login is not None:
            login.send_keys("root")
            pw = b.driver.find_element(By.ID, "staff-password")
            pw.send_keys("root-pw", Keys.ENTER)
        main_area = b.find("#staff-main")
        ok(main_area is not None, "logging in through it opens the page")
        ok(b.wait(lambda d: d.find_elements(By.ID, "assay-staff-link"), "the Staff link"),
           "an admin has the Staff link in the header")
        link = b.driver.find_elements(By.ID, "assay-staff-link")
        ok(link and link[0].get_attribute("href").endswith("/staff/index.html"),
           "... pointing at the staff pages")

        for name in SHELLS:
            b.get(stack, "/staff/%s.html?id=1" % name)
            ok(b.find("#staff-main") is not None, "%s: shown to an admin" % name)
            bad = b.unnamed()
            ok(not bad, "%s: every interactive element has an accessible name" % name,
               "\n".join("%s %r %s" % x for x in bad))
            ths = b.js("return Array.prototype.filter.call(document.querySelectorAll("
                       "'main th'), function (t) { return !t.getAttribute('scope'); }).length;")
            ok(ths == 0, "%s: every table header has a scope" % name)
            clickables = b.js("return document.querySelectorAll("
                              "'main [onclick], main div[tabindex], main span[tabindex]').length;")
            ok(clickables == 0, "%s: no click-only elements" % name)
        # Keyboard: the filter form's fields and buttons are reached by Tab.
        b.get(stack, "/staff/index.html?login=alice&valid=no")
        b.find("#staff-main")
        ok(b.driver.find_element(By.ID, "f-login").get_attribute("value") == "alice" and
           b.driver.find_element(By.ID, "f-valid").get_attribute("value") == "no",
           "the filters are read back from the query string")
        seen = set()
        b.driver.find_element(By.ID, "f-exercise").click()
        for _ in range(30):
            seen.add(b.active()[0])
            b.driver.switch_to.active_element.send_keys(Keys.TAB)
        ok({"f-exercise", "f-login", "f-label", "f-valid", "f-from", "f-to", "f-language",
            "f-sort", "f-order"} <= seen, "Tab goes through every filter", sorted(seen))
        b.driver.find_element(By.ID, "f-login").clear()
        b.driver.find_element(By.ID, "f-login").send_keys("bob", Keys.ENTER)
        ok(b.wait(lambda d: "login=bob" in d.current_url, "the new URL"),
           "Enter in a filter puts it in the URL (bookmarkable)", b.driver.current_url)
        b.shot("admin-submissions")

        b.js("return fetch('/api/logout', {method: 'POST', credentials: 'same-origin'});")
        c = stack.client()
        r = c.login("alice", "alice-pw")
        b.driver.add_cookie({"name": "assay_session", "value": c.cookie, "path": "/"})
        for name in SHELLS:
            b.get(stack, "/staff/%s.html?id=1" % name)
            said = b.wait(lambda d: "Staff only" in (b.text("#staff-status") or ""), "Staff only")
            ok(said and not b.driver.find_elements(By.ID, "staff-main"),
               "%s: a student sees Staff only and no data area" % name, b.text("main"))
        ok(r.status == 200 and not b.driver.find_elements(By.ID, "assay-staff-link"),
           "a student has no Staff link")
    finally:
        finish(b, stack)
    done()


main()
