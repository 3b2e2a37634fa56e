#!/usr/bin/python3
"""test_similarity_staff.py - the similarity report in a real browser: seven
students submit c/stats (tests/similarity/corpus; u7 is a disguised copy of
u1, u8 of u3); a staff user logs in through the staff page's form, opens
Similarity from the nav, fills the form from the keyboard, sees a copied
pair ranked first with the API's percentage, opens its side-by-side view, where every
shared fragment is highlighted on both sides with the same colour class and
the same number, follows a line's link to its counterpart on the other side,
marks the pair as a case from the keyboard (with a note), and sees the mark
in the report and the audit page; then marks another pair reviewed from the
report with the keyboard. A student sees "Staff only" on both pages. Every control has an accessible name; no console
error.

TAP output; run by tests/run browser (make check). Screenshots in
build/browser/test_similarity_staff/ (or $OUT).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser, By, Keys, Stack, ok, done, ROOT, finish, check_names  # noqa: E402
from harness import BIN, run  # noqa: E402

COURSE = os.path.join(ROOT, "tests", "integration", "similarity-course")
CORPUS = os.path.join(ROOT, "tests", "similarity", "corpus", "c", "stats")
USERS = ["u1", "u2", "u3", "u4", "u5", "u7", "u8"]
COPIES = ({"u1", "u7"}, {"u3", "u8"})


def submit(stack):
    ids = []
    for u in USERS:
        c = stack.client()
        c.login(u, u + "-pw")
        with open(os.path.join(CORPUS, u + ".c")) as f:
            r = c.submit("c/stats", "c", f.read())
        ids.append((c, r.json["id"]))
    for c, sid in ids:
        c.wait(sid, timeout=120)


def log_in(b, stack):
    b.get(stack, "/staff/index.html")
    login = b.find("#staff-login")
    ok(login is not None, "logged out, the staff page offers its login form")
    login.send_keys("tina")
    b.driver.find_element(By.ID, "staff-password").send_keys("tina-pw", Keys.ENTER)
    ok(b.find("#staff-main") is not None, "tina logs in as staff")


def report(b, stack, api):
    link = b.find(".staff-nav a[href='similarity.html']")
    ok(link is not None, "the nav has Similarity")
    link.send_keys(Keys.ENTER)
    field = b.find("#s-exercise")
    ok(field is not None and "similarity.html" in b.driver.current_url,
       "Similarity opens from the nav", b.driver.current_url)
    field.send_keys("c/stats", Keys.TAB)
    ok(b.active()[0] == "s-policy", "Tab goes to the policy", b.active())
    b.driver.switch_to.active_element.send_keys(Keys.TAB)
    ok(b.active()[0] == "s-threshold", "then to the threshold", b.active())
    thr = b.driver.switch_to.active_element
    thr.send_keys(Keys.CONTROL, "a")
    thr.send_keys("0.6", Keys.ENTER)
    ok(b.wait(lambda d: "exercise=c%2Fstats" in d.current_url and "threshold=0.6" in
              d.current_url, "the query"), "the form's fields go into the URL",
       b.driver.current_url)
    rows = b.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#staff-table tbody tr"), "rows")
    first = rows[0] if rows else None
    pair = {first.get_attribute("data-a"), first.get_attribute("data-b")} if first else set()
    top = api["pairs"][0]
    ok(pair == {top["a"], top["b"]} and pair in COPIES, "a copied pair is ranked first (%s)"
       % "-".join(sorted(pair)), pair)
    second = {r.get_attribute("data-a") for r in rows[1:2]} | {
        r.get_attribute("data-b") for r in rows[1:2]}
    ok(second in COPIES and second != pair, "the other copied pair second", second)
    want = "%s%%" % (round(top["similarity"] * 1000) / 10)
    cells = [c.text for c in first.find_elements(By.CSS_SELECTOR, "td")] if first else []
    ok(want.replace(".0%", "%") in [c.replace(".0%", "%") for c in cells],
       "with its percentage as the API gives it (%s)" % want, cells)
    ok("not marked" in cells, "not marked yet", cells)
    ok(", ".join(sorted(pair)) in (b.text("#sim-clusters") or ""),
       "its cluster is listed", b.text("#sim-clusters"))
    check_names(b, "the report")
    b.shot("report")
    return first, pair


def side_by_side(b, first):
    compare = first.find_element(By.LINK_TEXT, "Compare")
    compare.send_keys(Keys.ENTER)
    ok(b.find("#sim-side-a .sim-frag") is not None and
       "similarity-pair.html" in b.driver.current_url, "Compare opens the pair side by side",
       b.driver.current_url)
    frags = b.js("""
        var out = {};
        ['a', 'b'].forEach(function (s) {
          document.querySelectorAll('#sim-side-' + s + ' .sim-frag').forEach(function (e) {
            var n = e.getAttribute('data-fragment'), c = e.className.match(/sim-c\\d+/)[0];
            out[n] = out[n] || {a: {}, b: {}};
            out[n][s][c] = true;
            if (e.querySelector('.sim-marker').textContent !== n) out.bad = true;
          });
        });
        return out;""")
    bad = frags.pop("bad", False) if frags else True
    ok(frags and all(v["a"] and v["b"] and sorted(v["a"]) == sorted(v["b"]) and len(v["a"]) == 1
                     for v in frags.values()),
       "each fragment is highlighted on both sides in one matching colour class", frags)
    ok(not bad, "and carries its number on every line (not colour alone)")
    n = b.js("return document.querySelectorAll('#sim-fragments li').length;")
    ok(n == len(frags), "the list of fragments names each one (%d)" % n)
    link = b.driver.find_elements(By.CSS_SELECTOR, "#sim-side-a a.sim-ln")
    ok(link, "a highlighted line of the first side is a link")
    if link:
        src = link[len(link) // 2]
        line = src.find_element(By.XPATH, "..")
        target = src.get_attribute("href").split("#", 1)[1]
        ok(target.startswith("b-L"), "it links to a line of the other side", target)
        src.send_keys(Keys.ENTER)
        ok(b.wait(lambda d: d.execute_script("return location.hash;") == "#" + target,
                  "the hash"), "following it lands on the counterpart line", target)
        there = b.js("var t = document.querySelector(':target');"
                     "return t ? [t.id, t.getAttribute('data-fragment')] : null;")
        ok(there == [target, line.get_attribute("data-fragment")],
           "the target line is of the same fragment", (there, line.get_attribute("data-fragment")))
        seen = b.js("var r = document.getElementById(arguments[0]).getBoundingClientRect();"
                    "return r.top >= 0 && r.bottom <= window.innerHeight;", target)
        ok(seen, "and is scrolled into view")
    check_names(b, "the pair side by side")
    b.shot("side-by-side")


def mark_case(b):
    note = b.driver.find_element(By.ID, "sim-note")
    note.send_keys("same variance formula and comments")
    note.send_keys(Keys.TAB)
    ok(b.active()[0] == "sim-mark-reviewed", "Tab from the note reaches Mark reviewed")
    b.driver.switch_to.active_element.send_keys(Keys.TAB)
    ok(b.active()[0] == "sim-mark-case", "then Mark as a case")
    b.driver.switch_to.active_element.send_keys(Keys.ENTER)
    ok(b.wait(lambda d: "a case (tina" in (b.text("#sim-summary") or ""), "the mark"),
       "Enter marks the pair as a case", b.text("#sim-summary"))
    ok("marked a case" in (b.text("#staff-status") or ""), "the status says so",
       b.text("#staff-status"))
    b.shot("marked-case")


def after(b, stack, pair):
    b.driver.find_element(By.ID, "sim-back").send_keys(Keys.ENTER)
    rows = b.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#staff-table tbody tr"), "rows")
    cells = [c.text for c in rows[0].find_elements(By.CSS_SELECTOR, "td")] if rows else []
    ok(any(c.startswith("a case (tina") and "same variance formula" in c for c in cells),
       "the report shows the case", cells)
    if rows and len(rows) > 1:
        a, bb = rows[1].get_attribute("data-a"), rows[1].get_attribute("data-b")
        btn = rows[1].find_element(By.CSS_SELECTOR, "button[name='mark-reviewed']")
        ok(btn.get_attribute("aria-label") == "Mark reviewed: %s and %s" % (a, bb),
           "a row's button names its pair", btn.get_attribute("aria-label"))
        btn.send_keys(Keys.ENTER)
        ok(b.wait(lambda d: rows[1].find_element(By.CSS_SELECTOR, ".sim-mark").text
                  .startswith("reviewed (tina"), "reviewed"),
           "Enter on Mark reviewed marks the second pair in place")
        ok(b.active()[0] == "" and b.js("return document.activeElement.name;") ==
           "mark-reviewed", "the focus stays on the button")
    b.shot("report-marked")
    b.driver.find_element(By.CSS_SELECTOR, ".staff-nav a[href='audit.html']").send_keys(Keys.ENTER)
    b.find("#staff-table table")
    text = b.text("#staff-table") or ""
    ok("similarity-case" in text and "c/stats: %s: same variance formula" % " ".join(sorted(pair))
       in text,
       "the audit page shows the case", text[:400])
    ok("similarity-reviewed" in text, "and the review", text[:400])
    b.shot("audit")


def student(b, stack):
    c = stack.client()
    c.login("u2", "u2-pw")
    b.driver.delete_all_cookies()
    b.driver.add_cookie({"name": "assay_session", "value": c.cookie, "path": "/"})
    for page in ("similarity.html?exercise=c%2Fstats",
                 "similarity-pair.html?exercise=c%2Fstats&a=u1&b=u7"):
        b.get(stack, "/staff/" + page)
        ok(b.wait(lambda d: "Staff only" in (b.text("#staff-status") or ""), "Staff only"),
           "a student opening %s sees Staff only" % page.split("?")[0])
        ok(not b.driver.find_elements(By.CSS_SELECTOR, ".sim-line, #staff-table tr"),
           "... and no code or pair", page)


def main():
    stack = Stack(COURSE, users=[(u, u + "-pw", False) for u in USERS] +
                  [("root", "root-pw", True)])
    b = None
    try:
        run(os.path.join(BIN, "assay"), "--data", stack.data, "user", "add", "tina", "--role",
            "staff", stdin="tina-pw\n")
        submit(stack)
        staff = stack.client()
        staff.login("tina", "tina-pw")
        api = staff.request("GET", "/api/staff/similarity?exercise=c/stats").json
        b = Browser("test_similarity_staff")
        log_in(b, stack)
        first, pair = report(b, stack, api)
        if first is not None:
            side_by_side(b, first)
            mark_case(b)
            after(b, stack, pair)
            student(b, stack)
        # The logged-out page's GET /api/me answered 401: that one is expected.
        errors = [e for e in b.console_errors() if not ("/api/me" in e and "401" in e)]
        ok(not errors, "no console error", errors)
    finally:
        finish(b, stack)
    done()


main()
