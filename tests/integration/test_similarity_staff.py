#!/usr/bin/python3
"""test_similarity_staff.py - the similarity report's staff routes through the
real stack (fcgi/staff_similarity.h): the corpus's c/stats (9 students, 3
disguised copies; tests/similarity/corpus/truth.txt) is submitted through the
API and graded; then the report's ranking, a copied pair present and every
independent pair absent above the threshold, the same pairs as `assay
similarity`, roles (401 without a session, 403 for a student), 400, 404 and
405, a pair's side-by-side data (both codes as submitted, fragments within
their lines and the same as the report's, sides as the query names them),
marks (reviewed, then case with a note, then none; a pair is one whichever
way it is named), their audit entries, a foreign Origin refused, marks per
exercise, and marks that outlive a restart of the stack on the same data.

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import glob
import json
import os
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, ROOT, Stack, ok, diag, done, run  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "similarity-course")
CORPUS = os.path.join(ROOT, "tests", "similarity", "corpus", "c", "stats")
EX = "c/stats"
COPIES = {("u1", "u7"), ("u3", "u8"), ("u6", "u9")}


def files():
    """The first nine students of c/stats (u10 to u12 are the harder copies
    test_similarity.py measures)."""
    return {os.path.splitext(os.path.basename(p))[0]: open(p).read()
            for p in sorted(glob.glob(os.path.join(CORPUS, "u[1-9].c")))}


def key(a, b):
    return (min(a, b), max(a, b))


def q(path, **params):
    return path + "?" + urllib.parse.urlencode(params)


def submit_all(stack, code):
    clients, ids = {}, []
    for u, text in sorted(code.items()):
        c = clients[u] = stack.client()
        c.login(u, u + "-pw")
        r = c.submit(EX, "c", text)
        ok(r.status == 202, "%s submits %s" % (u, EX), r.body if r.status != 202 else None)
        if r.status == 202:
            ids.append((c, r.json["id"]))
    for c, sid in ids:
        c.wait(sid, timeout=120)
    return clients


def test_roles(stack, student):
    anon = stack.client()
    routes = [("GET", q("/api/staff/similarity", exercise=EX)),
              ("GET", q("/api/staff/similarity/pair", exercise=EX, a="u1", b="u7")),
              ("POST", "/api/staff/similarity/mark")]
    body = {"exercise": EX, "a": "u1", "b": "u7", "mark": "case"}
    for method, path in routes:
        r = anon.request(method, path, body if method == "POST" else None)
        ok(r.status == 401, "no session: 401 on %s %s" % (method, path), r.status)
        r = student.request(method, path, body if method == "POST" else None)
        ok(r.status == 403 and r.json == {"error": "Staff only."},
           "a student gets 403 and nothing else on %s %s" % (method, path), r.body)


def test_report(stack, staff):
    r = staff.request("GET", q("/api/staff/similarity", exercise=EX))
    ok(r.status == 200 and r.json.get("exercise") == EX and r.json.get("policy") == "best",
       "the report of c/stats", r.body[:300])
    rep = r.json
    pairs = rep.get("pairs", [])
    sims = [p["similarity"] for p in pairs]
    ok(sims == sorted(sims, reverse=True) and len(pairs) >= 3, "pairs ranked by similarity",
       sims)
    top = {key(p["a"], p["b"]) for p in pairs[:3]}
    ok(top == COPIES, "the three copies ranked first", top)
    ok(all(p["similarity"] < rep["threshold"] for p in pairs
           if key(p["a"], p["b"]) not in COPIES), "no independent pair at the threshold")
    p = pairs[0]
    ok(p["longest"] >= 1 and p["fragments"] and all(
        len(f["a"]) == 2 and len(f["b"]) == 2 for f in p["fragments"]) and p["mark"] is None,
       "a pair: longest fragment, fragments with lines, no mark yet", p)
    ok(sorted(sorted(c) for c in rep["clusters"]) == sorted(sorted(c) for c in COPIES),
       "clusters: the copies", rep["clusters"])
    r = staff.request("GET", q("/api/staff/similarity", exercise=EX, min="0.5",
                               threshold="0.9", policy="last"))
    ok(r.status == 200 and {key(p["a"], p["b"]) for p in r.json["pairs"]} == COPIES and
       r.json["threshold"] == 0.9 and r.json["policy"] == "last",
       "min=0.5: the copies and no independent pair; threshold and policy as asked",
       r.body[:300])
    above = sorted(list(key(p["a"], p["b"])) for p in r.json.get("pairs", [])
                   if p["similarity"] >= 0.9)
    ok(r.status == 200 and sorted(sorted(c) for c in r.json["clusters"]) == above,
       "threshold 0.9: the clusters are the pairs at 0.9 or above", r.json.get("clusters"))
    cli = subprocess.run([os.path.join(BIN, "assay"), "--data", stack.data, "similarity", EX,
                          "--site", stack.site, "--format", "json", "--min", "0.1"],
                         capture_output=True, text=True)
    mine = [(p["a"], p["b"], round(p["similarity"], 4)) for p in pairs]
    theirs = [(p["a"], p["b"], round(p["similarity"], 4))
              for p in json.loads(cli.stdout or "{}").get("pairs", [])]
    ok(cli.returncode == 0 and mine == theirs, "the same pairs as `assay similarity`",
       (mine[:4], theirs[:4]))
    return rep


def test_errors(staff):
    for path, status, what in (
            (q("/api/staff/similarity"), 400, "no exercise"),
            (q("/api/staff/similarity", exercise=EX, policy="worst"), 400, "a bad policy"),
            (q("/api/staff/similarity", exercise=EX, threshold="2"), 400, "a threshold of 2"),
            (q("/api/staff/similarity", exercise=EX, threshold="x"), 400, "a threshold x"),
            (q("/api/staff/similarity", exercise=EX, colour="red"), 400, "an unknown parameter"),
            ("/api/staff/similarity?exercise=%zz", 400, "a malformed query"),
            (q("/api/staff/similarity", exercise="c/nothing"), 404, "an unknown exercise"),
            (q("/api/staff/similarity", exercise="../../etc/passwd"), 404, "a path"),
            (q("/api/staff/similarity/pair", exercise=EX, a="u1"), 400, "a pair without b"),
            (q("/api/staff/similarity/pair", exercise=EX, a="u1", b="u1"), 400, "a pair of one"),
            (q("/api/staff/similarity/pair", exercise=EX, a="u1", b="x y"), 400, "a bad login"),
            (q("/api/staff/similarity/pair", exercise=EX, a="u1", b="nobody"), 404,
             "an unknown login"),
            (q("/api/staff/similarity/pair", exercise="c/nothing", a="u1", b="u7"), 404,
             "a pair of an unknown exercise"),
            ("/api/staff/similarity/other", 404, "an unknown route")):
        r = staff.request("GET", path)
        ok(r.status == status and isinstance(r.json, dict) and "error" in r.json,
           "%s: %d with {error}" % (what, status), (r.status, r.body[:200]))
    r = staff.request("GET", "/api/staff/similarity/mark")
    ok(r.status == 405, "GET of mark: 405", r.status)
    r = staff.request("POST", "/api/staff/similarity", {})
    ok(r.status == 405, "POST of the report: 405", r.status)
    for body, status, what in (
            ({"exercise": EX, "a": "u1", "b": "u7", "mark": "guilty"}, 400, "an unknown mark"),
            ({"exercise": EX, "a": "u1", "mark": "case"}, 400, "a mark without b"),
            ({"exercise": EX, "a": "u1", "b": "u1", "mark": "case"}, 400, "a pair of one"),
            ({"exercise": EX, "a": "u1", "b": "u7", "mark": "case", "note": 5}, 400,
             "a note not text"),
            ({"exercise": EX, "a": "u1", "b": "u7", "mark": "case", "note": "x" * 1001}, 400,
             "a note too long"),
            ({"exercise": "c/nothing", "a": "u1", "b": "u7", "mark": "case"}, 404,
             "an unknown exercise"),
            ("not json", 400, "a body not JSON")):
        r = staff.request("POST", "/api/staff/similarity/mark", body)
        ok(r.status == status and "error" in (r.json or {}),
           "mark, %s: %d" % (what, status), (r.status, r.body[:200]))


def test_pair(staff, rep, code):
    rp = next(p for p in rep["pairs"] if key(p["a"], p["b"]) == ("u1", "u7"))
    a, b = "u7", "u1"     # the other way round from the report's
    r = staff.request("GET", q("/api/staff/similarity/pair", exercise=EX, a=a, b=b))
    ok(r.status == 200, "the pair u7-u1", r.body[:300])
    d = r.json or {}
    ok(d.get("a", {}).get("login") == a and d.get("b", {}).get("login") == b and
       d["a"].get("code") == code[a] and d["b"].get("code") == code[b] and
       d["a"].get("language") == "c" and isinstance(d["a"].get("id"), int),
       "both chosen submissions' code, sides as the query names them")
    ok(d.get("similarity") == rp["similarity"] and d.get("longest") ==
       rp["longest"], "the same similarity and longest fragment as the report's",
       (d.get("similarity"), rp["similarity"]))
    swap = rp["a"] != a
    want = sorted((tuple(f["b"]), tuple(f["a"])) if swap else (tuple(f["a"]), tuple(f["b"]))
                  for f in rp["fragments"])
    got = sorted((tuple(f["a"]), tuple(f["b"])) for f in d.get("fragments", []))
    ok(got == want, "the same fragments as the report's, sides swapped", (got, want))
    na, nb = len(code[a].splitlines()), len(code[b].splitlines())
    ok(all(1 <= f["a"][0] <= f["a"][1] <= na and 1 <= f["b"][0] <= f["b"][1] <= nb
           for f in d.get("fragments", [])), "every fragment within its side's lines")
    ok(d.get("mark") is None, "no mark yet")


def mark(staff, a, b, m, note=None, ex=EX, **kw):
    body = {"exercise": ex, "a": a, "b": b, "mark": m}
    if note is not None:
        body["note"] = note
    return staff.request("POST", "/api/staff/similarity/mark", body, **kw)


def report_mark(staff, a, b, ex=EX):
    r = staff.request("GET", q("/api/staff/similarity", exercise=ex))
    for p in r.json.get("pairs", []):
        if key(p["a"], p["b"]) == key(a, b):
            return p["mark"]
    return "absent"


def test_marks(staff, admin):
    r = mark(staff, "u7", "u1", "reviewed")
    ok(r.status == 200 and r.json["a"] == "u1" and r.json["b"] == "u7" and
       r.json["mark"]["mark"] == "reviewed" and r.json["mark"]["by"] == "tina",
       "mark u7-u1 reviewed: stored as u1-u7, by tina", r.body)
    m = report_mark(staff, "u1", "u7")
    ok(isinstance(m, dict) and m["mark"] == "reviewed" and m["time"].endswith("Z"),
       "the report shows the mark", m)
    r = mark(admin, "u1", "u7", "case", note="same odd variance formula")
    ok(r.status == 200 and r.json["mark"]["mark"] == "case" and r.json["mark"]["by"] == "root",
       "then a case, with a note", r.body)
    r = staff.request("GET", q("/api/staff/similarity/pair", exercise=EX, a="u1", b="u7"))
    ok(r.status == 200 and r.json["mark"]["mark"] == "case" and
       r.json["mark"]["note"] == "same odd variance formula", "the pair view shows the case",
       r.body[-300:])
    ok(report_mark(staff, "u3", "u8") is None, "other pairs keep no mark")
    r = mark(staff, "u1", "u7", "case", origin="http://evil.example")
    ok(r.status == 403, "a mark from another origin is refused", r.status)
    r = mark(staff, "u1", "u7", "case", ex="py/anagrams")
    ok(r.status == 200, "the same logins marked in another exercise", r.body)
    r = mark(staff, "u1", "u7", "none", ex="py/anagrams")
    ok(r.status == 200 and r.json["mark"] is None, "... and cleared there", r.body)
    ok(report_mark(staff, "u1", "u7")["mark"] == "case", "c/stats's mark stays: per exercise")
    r = mark(staff, "u8", "u3", "reviewed", note="checked with the TA")
    ok(r.status == 200, "mark u8-u3 reviewed", r.body)
    r = mark(staff, "u3", "u8", "none")
    ok(r.status == 200 and r.json["mark"] is None, "mark u3-u8 none: cleared", r.body)
    ok(report_mark(staff, "u3", "u8") is None, "the report shows no mark")


def test_audit(stack, staff):
    seen = {}
    for action in ("similarity-reviewed", "similarity-case", "similarity-clear"):
        r = staff.request("GET", q("/api/staff/audit", action=action))
        ok(r.status == 200, "the audit log filtered by %s" % action, r.body[:200])
        seen[action] = [(e["login"], e["detail"]) for e in r.json.get("entries", [])]
    ok(("tina", "c/stats: u1 u7") in seen["similarity-reviewed"] and
       ("tina", "c/stats: u3 u8: checked with the TA") in seen["similarity-reviewed"],
       "the reviews are in the audit log, with the note", seen["similarity-reviewed"])
    ok(("root", "c/stats: u1 u7: same odd variance formula") in seen["similarity-case"] and
       ("tina", "py/anagrams: u1 u7") in seen["similarity-case"],
       "the cases too, by who marked them", seen["similarity-case"])
    ok(("tina", "c/stats: u3 u8") in seen["similarity-clear"] and
       ("tina", "py/anagrams: u1 u7") in seen["similarity-clear"], "and the clears",
       seen["similarity-clear"])
    out = run(os.path.join(BIN, "assay"), "--data", stack.data, "audit", "--action",
              "similarity-case").stdout
    ok("u1 u7" in out, "`assay audit --action similarity-case` shows them", out)


def main():
    code = files()
    users = [(u, u + "-pw", False) for u in sorted(code)] + [("root", "root-pw", True)]
    stack = Stack(COURSE, workers=2, users=users)
    again = None
    try:
        run(os.path.join(BIN, "assay"), "--data", stack.data, "user", "add", "tina", "--role",
            "staff", stdin="tina-pw\n")
        clients = submit_all(stack, code)
        staff, admin = stack.client(), stack.client()
        ok(staff.login("tina", "tina-pw").status == 200, "a staff user logs in")
        ok(admin.login("root", "root-pw").status == 200, "an admin logs in")
        test_roles(stack, clients["u2"])
        rep = test_report(stack, staff)
        test_errors(staff)
        test_pair(staff, rep, code)
        test_marks(staff, admin)
        test_audit(stack, staff)
        stack.stop()
        again = Stack(COURSE, workers=1, users=[], data=stack.data)
        staff = again.client()
        ok(staff.login("tina", "tina-pw").status == 200, "after a restart, tina logs in")
        m = report_mark(staff, "u1", "u7")
        ok(isinstance(m, dict) and m["mark"] == "case" and m["by"] == "root",
           "the case outlives the restart", m)
        ok(report_mark(staff, "u3", "u8") is None, "the cleared pair stays clear")
    finally:
        if again:
            again.stop()
            again.cleanup()
        if stack.proc.poll() is None:
            stack.stop()
        stack.cleanup()
    diag("done")
    done()


main()
