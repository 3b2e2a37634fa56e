#!/usr/bin/python3
"""test_staff.py - a staff journey in a real browser: students submit; an
admin filters the submissions by exercise and label, opens one (code highlighted, report,
private tests, diff against the previous submission), regrades it with a
confirmation, follows the job's progress bar (role=progressbar,
aria-valuenow) to the end, then opens the gradebook and downloads its CSV,
whose cells are checked against the submissions' scores.

TAP output; run by tests/run browser (make check). Screenshots in
build/browser/test_staff/ (or $OUT).
"""
import csv
import io
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from browser import Browser, By, Stack, ok, done, ROOT, finish  # noqa: E402

COURSE = os.path.join(ROOT, "tests", "integration", "course")
WRONG = '#include <stdio.h>\nint main(void) { puts("nope"); return 0; }\n'
RIGHT = ('#include <stdio.h>\nint main(void) { char n[64]; '
         'if (scanf("%63s", n) == 1) printf("Hello, %s!\\n", n); return 0; }\n')


def main():
    stack = Stack(COURSE)
    b = None
    try:
        alice = stack.client()
        alice.login("alice", "alice-pw")
        first = alice.submit("c/hello", "c", WRONG).json["id"]
        alice.wait(first)
        second = alice.submit("c/hello", "c", RIGHT).json["id"]
        alice.wait(second)
        bob = stack.client()
        bob.login("bob", "bob-pw")
        bobs = bob.submit("c/hello", "c", WRONG).json["id"]
        bob.wait(bobs)

        b = Browser("test_staff")
        admin = stack.client()
        admin.login("root", "root-pw")
        b.get(stack, "/index.html")
        b.driver.add_cookie({"name": "assay_session", "value": admin.cookie, "path": "/"})

        # Filter: exercise and label, through the form; the URL keeps them.
        b.get(stack, "/staff/index.html")
        b.find("#staff-table table")
        b.driver.find_element(By.ID, "f-exercise").send_keys("c/hello")
        b.driver.find_element(By.CSS_SELECTOR, "#f-label option[value='']").click()
        for o in b.driver.find_elements(By.CSS_SELECTOR, "#f-label option"):
            if o.text == "WrongAnswer":
                o.click()
        b.driver.find_element(By.CSS_SELECTOR, "#staff-filter button[type=submit]").click()
        ok(b.wait(lambda d: "label=WrongAnswer" in d.current_url and
                  "exercise=c%2Fhello" in d.current_url, "the URL"),
           "the filters go into the URL", b.driver.current_url)
        rows = b.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#staff-table tbody tr"),
                      "the rows")
        ids = sorted(int(r.get_attribute("data-id")) for r in rows or [])
        ok(ids == sorted([first, bobs]), "the two wrong answers are listed", ids)
        ok("2 submissions" in (b.text("#staff-total") or ""), "with the total",
           b.text("#staff-total"))
        b.shot("filtered")

        # One submission: code, report, tests, diff against the previous one.
        b.get(stack, "/staff/submission.html?id=%d" % second)
        code = b.find("#staff-code code")
        ok(code is not None and "hljs" in code.get_attribute("class"),
           "the code is highlighted by highlight.js")
        ok("private 1" in (b.text("#staff-tests") or ""), "the private test is shown to staff")
        diff = b.text("#staff-diff") or ""
        ok('- #include' not in diff and '+ int main(void) { char n[64];' in diff and
           '- int main(void) { puts("nope")' in diff,
           "the diff against the previous submission", diff)
        bad = b.unnamed()
        ok(not bad, "every control on the submission page is named", bad)
        b.shot("submission")

        # Regrade it, confirming; follow the job to its end.
        b.driver.find_element(By.ID, "staff-regrade-one").click()
        b.wait(lambda d: d.switch_to.alert, "the confirmation").accept()
        ok(b.wait(lambda d: "/staff/job.html?id=" in d.current_url, "the job page"),
           "the regrade opens its job page", b.driver.current_url)
        bar = b.find("#staff-progress[role=progressbar]")
        ok(bar is not None, "a progress bar")
        ok(b.wait(lambda d: bar.get_attribute("aria-valuenow") == "1" and
                  bar.get_attribute("aria-valuemax") == "1", "the end"),
           "the progress bar reaches 1 of 1")
        ok(b.wait(lambda d: "finished" in (b.text("#staff-job-text") or ""), "finished"),
           "the job says finished", b.text("#staff-job-text"))
        ok(not b.driver.find_element(By.ID, "staff-cancel").is_enabled(),
           "Cancel is off once finished")
        b.shot("job")

        # The gradebook and its CSV.
        b.get(stack, "/staff/gradebook.html?policy=best")
        b.find("#staff-table table")
        href = b.driver.find_element(By.ID, "staff-csv").get_attribute("href")
        ok("format=csv" in href and "policy=best" in href, "the CSV link keeps the policy", href)
        req = urllib.request.Request(href, headers={"Cookie": "assay_session=" + admin.cookie})
        with urllib.request.urlopen(req) as res:
            ctype = res.headers.get("Content-Type", "")
            rows = list(csv.reader(io.StringIO(res.read().decode("utf-8"))))
        ok(ctype.startswith("text/csv"), "the CSV is text/csv", ctype)
        ok(rows and rows[0][0] == "login" and rows[0][-1] == "total" and "c/hello" in rows[0],
           "its header", rows[:1])
        cells = {r[0]: r[rows[0].index("c/hello")] for r in rows[1:]} if rows else {}
        ok(cells.get("alice") not in (None, "", "0") and cells.get("bob") in ("0", "0.0", "0%"),
           "alice's best is her accepted one, bob's is 0", cells)
        b.shot("gradebook")
    finally:
        finish(b, stack)
    done()


main()
