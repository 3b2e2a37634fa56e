#!/usr/bin/python3
"""test_staff.py - the staff API through the real stack: roles on every route
(a student gets 403 and no data), the submissions list and its filters, a
regrade of a filter as a job that finishes, cancel, the users routes for an
admin only, the gradebook (JSON and CSV, cell by cell against the
submissions) and the printout (each student's chosen code, escaped), and the
audit log (API and `assay audit`, exports included).

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import csv
import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, done, run, BIN  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")

HELLO_OK = r'''#include <stdio.h>
int main(void)
{
	char name[100];
	if (scanf("%99s", name) != 1)
		return 1;
	printf("Hello, %s!\n", name);
	return 0;
}
'''
HELLO_WRONG = (HELLO_OK.replace('"Hello, %s!\\n"', '"Hi, %s!\\n"') +
               "/* </pre><script>alert('x')</script> & \"q\" */\n")
LABELS = ["Evaluating", "MiscError", "CompileError", "RuntimeError", "TimeLimitExceeded",
          "MemoryLimitExceeded", "PresentationError", "WrongAnswer", "Accepted"]
NAME = '=Alice "A", L.'   # quotes and a comma for the CSV, a formula to guard

ROUTES = [("GET", "/api/staff/submissions"), ("GET", "/api/staff/submissions/1"),
          ("POST", "/api/staff/regrade"), ("GET", "/api/staff/jobs/1"),
          ("POST", "/api/staff/jobs/1/cancel"), ("GET", "/api/staff/gradebook"),
          ("GET", "/api/staff/printout"), ("GET", "/api/staff/audit"),
          ("GET", "/api/staff/users"), ("POST", "/api/staff/users"),
          ("POST", "/api/staff/users/import"), ("POST", "/api/staff/users/alice")]
USER_ROUTES = [r for r in ROUTES if r[1].startswith("/api/staff/users")]


def test_roles(stack, alice, staff, admin):
    anon = stack.client()
    for method, path in ROUTES:
        body = {"ids": [1]} if method == "POST" else None
        r = alice.request(method, path, body)
        ok(r.status == 403 and r.json == {"error": "Staff only."} if path not in
           [p for _, p in USER_ROUTES] else r.status == 403 and list(r.json) == ["error"],
           "a student gets 403 and nothing else on %s %s" % (method, path), r.body)
        r = anon.request(method, path, body)
        ok(r.status == 401, "no session: 401 on %s %s" % (method, path), r.status)
    for method, path in USER_ROUTES:
        r = staff.request(method, path, {"login": "x"} if method == "POST" else None)
        ok(r.status == 403 and "hash" not in r.body and "login" not in r.json,
           "staff get 403 on %s %s" % (method, path), r.body)
    r = staff.request("POST", "/api/staff/regrade", {"ids": [1]}, origin="http://evil.example")
    ok(r.status == 403, "a regrade from another origin is refused", r.status)
    for path in ("/api/staff/gradebook?format=csv", "/api/staff/printout"):
        r = alice.request("GET", path)
        ok(r.status == 403 and r.json == {"error": "Staff only."} and
           r.headers.get("content-type", "").startswith("application/json"),
           "a student gets a JSON 403 and no data from %s" % path, r.body)


def chosen(subs, login, ex, policy):
    """The submission POLICY chooses (all are valid here), or None."""
    mine = [x for x in subs if x["login"] == login and x["exercise"] == ex and
            x["status"] != "Evaluating"]
    if not mine:
        return None
    if policy == "best":
        return max(mine, key=lambda x: (x["score"] or 0, LABELS.index(x["status"]),
                                        x["received"], x["id"]))
    if policy == "printout":
        acc = [x for x in mine if x["status"] == "Accepted"]
        return max(acc or mine, key=lambda x: (x["received"], x["id"]))
    return max(mine, key=lambda x: (x["received"], x["id"]))


def fmt_score(x):
    return ("%.4f" % x).rstrip("0").rstrip(".")


def escape(text):
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                 ("'", "&#39;")):
        text = text.replace(a, b)
    return text


def test_gradebook_json(staff, subs, policy):
    r = staff.request("GET", "/api/staff/gradebook?policy=%s&format=json" % policy)
    j = r.json or {}
    ok(r.status == 200 and r.headers.get("content-type", "").startswith("application/json") and
       j.get("policy") == policy and j.get("invalid") == "ignore",
       "the gradebook as JSON, policy %s" % policy, r.body[:300])
    exs = [e["id"] for e in j.get("exercises", [])]
    ok(exs == ["c/hello", "py/double"], "its exercises, from the site's specs", exs)
    st = {x["login"]: x for x in j.get("students", [])}
    ok(list(st) == ["alice", "bob"], "a row per student; staff and admins left out", list(st))
    ok(st.get("alice", {}).get("name") == NAME, "with the student's name", st.get("alice"))
    weights = {e["id"]: e["weight"] for e in j.get("exercises", [])}
    for login, row in st.items():
        num = 0.0
        for ex in exs:
            want, cell = chosen(subs, login, ex, policy), row["cells"].get(ex)
            ok((cell is None) if want is None else
               (cell["id"] == want["id"] and cell["status"] == want["status"] and
                cell["score"] == want["score"] and cell["valid"] is True),
               "%s: %s's cell for %s is submission %s" % (policy, login, ex,
                                                         want and want["id"]), cell)
            num += weights[ex] * ((want["score"] or 0) if want else 0)
        total = round(num / sum(weights.values()) * 100, 2)
        ok(row["total"] == total, "%s: %s's total %s" % (policy, login, total), row["total"])


def test_gradebook_csv(staff, subs):
    r = staff.request("GET", "/api/staff/gradebook?format=csv&policy=last")
    ok(r.status == 200 and r.headers.get("content-type") == "text/csv; charset=utf-8" and
       r.headers.get("content-disposition") == 'attachment; filename="grades.csv"' and
       "content-length" not in r.headers,
       "the CSV: text/csv, an attachment grades.csv, streamed", r.headers)
    rows = list(csv.reader(io.StringIO(r.body, newline="")))
    ok(rows and rows[0] == ["login", "name", "c/hello", "py/double", "total"], "its header",
       rows[:1])
    ok([x[0] for x in rows[1:]] == ["alice", "bob"], "a row per student", rows)
    ok(rows[1][1] == "'" + NAME, "the name quoted and guarded against formulas", rows[1])
    for row in rows[1:]:
        for i, ex in enumerate(["c/hello", "py/double"]):
            want = chosen(subs, row[0], ex, "last")
            cell = "" if want is None else fmt_score(want["score"] or 0)
            ok(row[2 + i] == cell, "csv: %s's %s is %r" % (row[0], ex, cell), row)
    r = staff.request("GET", "/api/staff/gradebook?format=csv&exercise=c/")
    rows = list(csv.reader(io.StringIO(r.body, newline="")))
    ok(r.status == 200 and rows[0] == ["login", "name", "c/hello", "total"],
       "exercise=c/ keeps the folder's exercises", rows[:1])


def test_printout(staff, subs, codes):
    for policy in ("printout", "last"):
        r = staff.request("GET", "/api/staff/printout?policy=" + policy)
        ok(r.status == 200 and r.headers.get("content-type") == "text/html; charset=utf-8" and
           r.body.startswith("<!DOCTYPE html>"), "the printout (%s) is an HTML page" % policy,
           r.body[:200])
        sections = r.body.split('<section class="student">')[1:]
        by = {}
        for sec in sections:
            for login in ("alice", "bob"):
                if "<small>(%s)</small></h2>" % login in sec:
                    by[login] = sec
        ok(sorted(by) == ["alice", "bob"] and len(sections) == 2,
           "a section per student (%s)" % policy, len(sections))
        ok("<script>" not in r.body, "no code escapes into the page")
        for login, sec in by.items():
            want = chosen(subs, login, "c/hello", policy)
            other = [c for i, c in codes.items() if i != want["id"]]
            ok(escape(codes[want["id"]]) in sec and
               all(escape(c) not in sec for c in other if c != codes[want["id"]]),
               "%s: %s's chosen code, escaped" % (policy, login), sec[:2000])
    r = staff.request("GET", "/api/staff/printout?format=csv")
    ok(r.status == 400 and "format" in r.json["error"], "the printout has no format", r.body)


def test_grades(stack, staff, admin, ids):
    r = admin.request("POST", "/api/staff/users/alice", {"name": NAME})
    ok(r.status == 200, "alice gets a name", r.body)
    subs = staff.request("GET", "/api/staff/submissions?sort=id&order=asc").json["submissions"]
    ok(sorted(x["id"] for x in subs) == sorted(ids), "the submissions to check against", subs)
    for policy in ("best", "last", "printout"):
        test_gradebook_json(staff, subs, policy)
    test_gradebook_csv(staff, subs)
    codes = dict(zip(ids, (HELLO_OK, HELLO_WRONG, HELLO_WRONG, HELLO_OK)))
    test_printout(staff, subs, codes)
    for q, name in (("policy=worst", "policy"), ("invalid=some", "invalid"),
                    ("format=xml", "format"), ("colour=red", "colour"),
                    ("policy=best&policy=last", "policy")):
        r = staff.request("GET", "/api/staff/gradebook?" + q)
        ok(r.status == 400 and name in (r.json or {}).get("error", ""),
           "400 naming the parameter: %s" % q, r.body)
    r = staff.request("GET", "/api/staff/audit?action=export")
    details = [e["detail"] for e in r.json["entries"] if e["login"] == "tina"]
    ok(r.status == 200 and any(d.startswith("gradebook csv: 2 students") for d in details) and
       any(d.startswith("gradebook json") for d in details),
       "the audit log shows the exports, by whom", details)
    r = staff.request("GET", "/api/staff/audit?action=printout")
    ok(r.status == 200 and r.json["total"] == 2, "and each printout", r.body)


def test_list(stack, staff, ids):
    r = staff.request("GET", "/api/staff/submissions")
    j = r.json
    ok(r.status == 200 and j["total"] == len(ids) and j["per_page"] == 50 and j["page"] == 1,
       "the list counts every submission", r.body)
    got = [s["id"] for s in j["submissions"]]
    ok(got == sorted(ids, reverse=True), "newest first by default", got)
    keys = set(j["submissions"][0])
    ok(keys == {"id", "login", "exercise", "language", "received", "status", "valid", "score",
                "regraded", "changed"}, "a row has the contract's fields", keys)
    r = staff.request("GET", "/api/staff/submissions?login=bob")
    ok(r.status == 200 and r.json["total"] == 2 and
       all(s["login"] == "bob" for s in r.json["submissions"]), "login= filters", r.body)
    r = staff.request("GET", "/api/staff/submissions?exercise=c/")
    ok(r.json["total"] == len(ids), "a folder c/ matches every exercise under it", r.body)
    r = staff.request("GET", "/api/staff/submissions?exercise=c")
    ok(r.json["total"] == 0, "an exercise id is not a prefix", r.body)
    r = staff.request("GET", "/api/staff/submissions?label=Accepted&sort=login&order=asc")
    logins = [s["login"] for s in r.json["submissions"]]
    ok(r.status == 200 and r.json["total"] == 2 and logins == sorted(logins) and
       all(s["status"] == "Accepted" for s in r.json["submissions"]),
       "label= and sort=login order=asc", r.body)
    r = staff.request("GET", "/api/staff/submissions?valid=no")
    ok(r.json["total"] == 0, "valid=no: none invalid", r.body)
    r = staff.request("GET", "/api/staff/submissions?from=2000-01-01&to=2000-01-02")
    ok(r.json["total"] == 0, "from/to outside: none", r.body)
    for bad, name in (("sort=colour", "sort"), ("valid=maybe", "valid"), ("page=0", "page"),
                      ("from=yesterday", "from"), ("label=Great", "label"), ("zap=1", "zap")):
        r = staff.request("GET", "/api/staff/submissions?" + bad)
        ok(r.status == 400 and name in r.json.get("error", ""), "400 naming %s" % name, r.body)
    r = staff.request("GET", "/api/staff/submissions/%d" % ids[-1])
    j = r.json
    ok(r.status == 200 and "code" in j["submission"] and "tests" in j["submission"] and
       isinstance(j["history"], list) and j["previous"] is not None and
       j["previous"]["id"] == ids[1] and "code" in j["previous"] and
       [o["id"] for o in j["others"]] == [ids[1]],
       "a submission: the whole record, others newest first, the previous with its code",
       r.body[:300])


def test_regrade(stack, staff, ids):
    r = staff.request("POST", "/api/staff/regrade", {"filter": {"login": "alice"}})
    ok(r.status == 202 and r.json["total"] == 2, "a regrade of a filter: 202 {job, total}",
       r.body)
    job = r.json["job"]
    end = time.time() + 60
    while time.time() < end:
        j = staff.request("GET", "/api/staff/jobs/%d" % job).json
        if j.get("finished"):
            break
        time.sleep(0.1)
    ok(j.get("finished") and j["done"] == 2 and j["by"] == "tina" and not j["cancelled"],
       "the job finishes", j)
    r = staff.request("GET", "/api/staff/submissions?login=alice")
    rows = r.json["submissions"]
    ok(all(s["regraded"] for s in rows), "regraded rows say so", rows)
    ok(all(s["changed"] is None for s in rows) and j["changed"] == 0,
       "the same code keeps its label: nothing changed", rows)
    d = staff.request("GET", "/api/staff/submissions/%d" % rows[0]["id"]).json
    ok(len(d["history"]) == 1 and d["history"][0]["status"] == rows[0]["status"] and
       set(d["history"][0]) == {"status", "score", "valid", "graded", "report"},
       "the previous result is kept in the history", d["history"])


def test_cancel(stack, staff, admin):
    # With no grader free (workers busy with sleeping programs is slow); cancel at once
    # instead: whatever has not been graded yet gets its previous result back.
    r = staff.request("POST", "/api/staff/regrade", {"filter": {"exercise": "c/"}})
    job = r.json["job"]
    c = staff.request("POST", "/api/staff/jobs/%d/cancel" % job)
    ok(c.status == 200 and c.json["cancelled"] and c.json["job"] == job,
       "cancel: 200 and the job says cancelled", c.body)
    end = time.time() + 60
    while time.time() < end:
        j = staff.request("GET", "/api/staff/jobs/%d" % job).json
        if j["finished"]:
            break
        time.sleep(0.1)
    ok(j["finished"], "a cancelled job ends", j)
    r = staff.request("GET", "/api/staff/submissions?label=Evaluating")
    ok(r.json["total"] == 0, "nothing is left Evaluating after a cancel", r.body)


def test_users(stack, admin):
    r = admin.request("POST", "/api/staff/users", {"login": "carol", "role": "staff",
                                                  "name": "Carol C"})
    ok(r.status == 201 and r.json["login"] == "carol" and len(r.json.get("password", "")) >= 12,
       "an admin adds a user; a password is made and shown once", r.body)
    pw = r.json["password"]
    r = admin.request("POST", "/api/staff/users", {"login": "carol", "role": "staff"})
    ok(r.status == 409, "an existing login: 409", r.body)
    r = admin.request("POST", "/api/staff/users", {"login": "dan", "role": "king"})
    ok(r.status == 400 and "role" in r.json["error"], "a bad role: 400", r.body)
    carol = stack.client()
    ok(carol.login("carol", pw).status == 200, "the new user logs in")
    me = carol.request("GET", "/api/me").json
    ok(me == {"login": "carol", "role": "staff", "name": "Carol C"}, "/api/me has the name", me)
    r = admin.request("GET", "/api/staff/users?q=carol")
    ok(r.status == 200 and [u["login"] for u in r.json["users"]] == ["carol"] and
       set(r.json["users"][0]) == {"login", "name", "role", "disabled", "created",
                                   "extra_minutes", "extra_factor"}, "users?q= finds her", r.body)
    r = admin.request("POST", "/api/staff/users/carol", {"extra_factor": 1.5})
    ok(r.status == 200 and r.json["extra_factor"] == 1.5 and r.json["extra_minutes"] == 0,
       "an admin gives a factor of extra time", r.body)
    r = admin.request("POST", "/api/staff/users/carol", {"extra_factor": 11})
    ok(r.status == 400 and "factor from 1 to 10" in r.json["error"],
       "a factor above 10: 400, and says the range", r.body)
    r = admin.request("GET", "/api/staff/users?q=carol")
    ok(r.json["users"][0]["extra_factor"] == 1.5, "the list shows the factor", r.body)
    r = admin.request("POST", "/api/staff/users/carol", {"disabled": True})
    ok(r.status == 200 and r.json["disabled"] is True, "an admin disables a user", r.body)
    ok(carol.request("GET", "/api/me").status == 401, "a disabled user's session ended")
    ok(carol.login("carol", pw).status == 403, "a disabled user cannot log in")
    r = admin.request("POST", "/api/staff/users/carol", {"disabled": False,
                                                        "reset_password": True})
    ok(r.status == 200 and r.json.get("password") and r.json["password"] != pw,
       "a reset returns the new password once", r.body)
    ok(carol.login("carol", r.json["password"]).status == 200, "the new password works")
    r = admin.request("POST", "/api/staff/users/carol", {"role": "emperor"})
    ok(r.status == 400, "a bad change: 400", r.body)
    bad = "login,password,role,name\neve,pw1,student,Eve\nbad login!,pw,student,X\n"
    r = admin.request("POST", "/api/staff/users/import", bad, {"Content-Type": "text/csv"})
    ok(r.status == 400 and r.json["errors"][0]["line"] == 3, "an import with errors: 400, "
       "the line named", r.body)
    ok(stack.client().login("eve", "pw1").status == 401, "... and nothing was imported")
    good = "login,password,role,name\neve,pw1,student,Eve E\ncarol,pw2,staff,\n"
    r = admin.request("POST", "/api/staff/users/import", good, {"Content-Type": "text/csv"})
    ok(r.status == 200 and r.json == {"added": 1, "updated": 1}, "an import: added, updated",
       r.body)
    ok(stack.client().login("eve", "pw1").status == 200, "an imported user logs in")


def test_audit(stack, admin):
    r = admin.request("GET", "/api/staff/audit?action=regrade")
    ok(r.status == 200 and r.json["total"] == 2 and
       all(e["action"] == "regrade" and e["login"] == "tina" for e in r.json["entries"]),
       "the audit log has the regrades", r.body[:300])
    r = admin.request("GET", "/api/staff/audit?action=login-failed")
    ok(r.json["total"] >= 1 and r.json["entries"][0]["address"], "failed logins with an address",
       r.body[:300])
    acts = {e["action"] for e in admin.request("GET", "/api/staff/audit").json["entries"]}
    ok({"login", "cancel", "user-add", "user-change", "user-import"} <= acts,
       "logins and every staff action are there", acts)
    r = admin.request("GET", "/api/staff/audit?action=dance")
    ok(r.status == 400 and "action" in r.json["error"], "a bad action: 400", r.body)
    out = run(os.path.join(BIN, "assay"), "--data", stack.data, "audit", "--action",
              "cancel").stdout
    lines = [line.split("\t") for line in out.strip().splitlines()]
    ok(len(lines) == 1 and lines[0][1] == "tina" and lines[0][3] == "cancel",
       "assay audit --action cancel prints one tab-separated line", out)


def main():
    stack = Stack(COURSE)
    try:
        run(os.path.join(BIN, "assay"), "--data", stack.data, "user", "add", "tina", "--role",
            "staff", stdin="tina-pw\n")
        alice, bob, staff, admin = (stack.client() for _ in range(4))
        ok(alice.login("alice", "alice-pw").status == 200, "alice logs in")
        ok(bob.login("bob", "bob-pw").status == 200, "bob logs in")
        ok(staff.login("tina", "tina-pw").status == 200 and
           staff.request("GET", "/api/me").json["role"] == "staff", "a staff user logs in")
        ok(admin.login("root", "root-pw").status == 200, "root logs in")
        ok(stack.client().login("alice", "nope").status == 401, "a failed login")
        ids = []
        for c, code in ((alice, HELLO_OK), (bob, HELLO_WRONG), (alice, HELLO_WRONG),
                        (bob, HELLO_OK)):
            r = c.submit("c/hello", "c", code)
            ids.append(r.json["id"])
            c.wait(r.json["id"])
        test_roles(stack, alice, staff, admin)
        test_list(stack, staff, ids)
        test_grades(stack, staff, admin, ids)
        test_regrade(stack, staff, ids)
        test_cancel(stack, staff, admin)
        test_users(stack, admin)
        test_audit(stack, admin)
    finally:
        stack.stop()
        stack.cleanup()
    done()


if __name__ == "__main__":
    main()
