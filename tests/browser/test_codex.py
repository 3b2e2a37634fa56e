#!/usr/bin/python3
"""test_codex.py - pages written as Codex writes them, in a real browser
(headless Chromium) against the real stack (tests/integration/codex-course):
a mutation exercise shows its target and mutant by `{.include}` and their
difference by `{.diffs}` (removed and added lines told apart by more than
colour: a sign and a hidden word each); a student submits doctest examples
from the keyboard and reads the verdict; every control has a name.

TAP output; run by tests/run browser (make check). Screenshots in
build/browser/test_codex (KEEP=1 keeps them).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser, By, Keys, Stack, ok, done, ROOT, finish, check_names  # noqa: E402

COURSE = os.path.join(ROOT, "tests", "integration", "codex-course")


def main():
    if not os.access("/usr/bin/ghc", os.X_OK):
        print("1..0 # SKIP the course needs GHC (apt-get install ghc libghc-hspec-dev "
              "libghc-quickcheck2-dev)")
        return
    stack = Stack(COURSE)
    b = None
    try:
        b = Browser("test_codex")
        c = stack.client()
        c.login("alice", "alice-pw")
        b.get(stack, "/index.html")
        b.driver.add_cookie({"name": "assay_session", "value": c.cookie, "path": "/"})
        b.get(stack, "/mu/leap.html")
        ok(b.find("pre.diffs") is not None, "the diffs block is on the page")
        dels = b.driver.find_elements(By.CSS_SELECTOR, "pre.diffs del.diff-del")
        adds = b.driver.find_elements(By.CSS_SELECTOR, "pre.diffs ins.diff-add")
        ok(dels and adds, "... with removed and added lines", (len(dels), len(adds)))
        signs = b.js("return Array.prototype.map.call(document.querySelectorAll("
                     "'pre.diffs del, pre.diffs ins'), function (e) {"
                     " var c = e.cloneNode(true);"
                     " c.querySelectorAll('.visually-hidden').forEach(function (h) {"
                     " h.remove(); });"
                     " return e.tagName + c.textContent.charAt(0); });")
        ok(signs and all(x in ("DEL-", "INS+") for x in signs),
           "... each marked by its sign, not by colour alone", signs)
        colours = {b.js("return getComputedStyle(arguments[0]).backgroundColor;", e)
                   for e in dels[:1] + adds[:1]}
        ok(len(colours) == 2, "... and coloured apart", colours)
        hidden = b.js("return Array.prototype.map.call(document.querySelectorAll("
                      "'pre.diffs del, pre.diffs ins'), function (e) {"
                      " return e.textContent; }).join('|');")
        ok("removed" in hidden and "added" in hidden,
           "... with words for a screen reader", hidden[:200])
        code = b.driver.find_elements(By.CSS_SELECTOR, "main pre code")
        ok(any("def leap" in e.text for e in code), "the included target is shown")
        b.shot("mutation-page")
        check_names(b, "the mutation page")

        editor = b.find(".cm-content")
        ok(editor is not None, "the page has the editor")
        if editor is not None:
            submit = b.find("#assay-submit")
            b.wait(lambda d: submit.is_enabled(), "the Submit button")
            editor.click()
            editor.send_keys(Keys.CONTROL, "a")
            editor.send_keys(Keys.DELETE)
            for line in (">>> leap(2000)", "True"):
                editor.send_keys(Keys.HOME, line, Keys.ENTER)
            editor.send_keys(Keys.CONTROL, Keys.ENTER)
            label = b.wait(lambda d: (lambda t: t if t and "Evaluating" not in t and
                                      "Accepted" in t else None)(b.text("#assay-result")),
                           "the result")
            ok(label is not None, "examples sent from the keyboard (Ctrl+Enter): Accepted",
               b.text("#assay-result"))
            ok("Your example passed on the target, and the mutant failed it."
               in (b.text("#assay-result") or ""), "... said in plain words",
               b.text("#assay-result"))
            b.js("document.getElementById('assay-result').scrollIntoView();")
            b.shot("mutation-accepted")
    finally:
        finish(b, stack)
    done()


if __name__ == "__main__":
    main()
