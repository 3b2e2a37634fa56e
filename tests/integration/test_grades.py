#!/usr/bin/python3
"""test_grades.py - `assay grades` and `assay printout` on a real store:
submissions made through the API and graded by the real graders, then the
gradebook read back as CSV (with Python's csv module, cell by cell), as
JSON, with each policy and an exercise filter, weights read from the
site's specs, errors for bad options and a bad spec, and the printout
checked for each student's code.

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Stack, ok, diag, done  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "course")

HELLO_OK = r'''#include <stdio.h>
int main(void)
{
	char name[100];
	if (scanf("%99s", name) != 1)
		return 1;
	printf("Hello, %s!\n", name);	/* amy's </pre><script>alert(1)</script> */
	return 0;
}
'''
HELLO_WRONG = HELLO_OK.replace('"Hello, %s!\\n"', '"Hi, %s!\\n"')
COMPILE_ERROR = "int main(void) { return bobs_undeclared_thing; }\n"
PY_OK = "n = int(input())\nprint(2 * n)  # amy's double\n"
PY_WRONG = "n = int(input())\nprint(n + n + 1)  # carl's double\n"

USERS = (("amy", "amy-pw", False), ("bob", "bob-pw", False), ("carl", "carl-pw", False),
         ("dan", "dan-pw", False), ("root", "root-pw", True))


class Result:
    """A finished command, its output decoded as it is (CRLF kept)."""

    def __init__(self, p):
        self.returncode = p.returncode
        self.stdout = p.stdout.decode("utf-8")
        self.stderr = p.stderr.decode("utf-8", "replace")


def assay(*args):
    return Result(subprocess.run([os.path.join(BIN, "assay")] + list(args),
                                 capture_output=True))


def grades(stack, *args):
    return assay("--data", stack.data, "grades", "--site", stack.site, *args)


def submit_all(stack):
    """Submits and waits; returns {login: [(exercise, record)...]} in order."""
    plan = [
        ("amy", "c/hello", "c", HELLO_WRONG, "WrongAnswer"),
        ("amy", "c/hello", "c", HELLO_OK, "Accepted"),
        ("amy", "py/double", "python", PY_OK, "Accepted"),
        ("bob", "c/hello", "c", HELLO_OK.replace("amy", "bob"), "Accepted"),
        ("bob", "c/hello", "c", COMPILE_ERROR, "CompileError"),
        ("carl", "py/double", "python", PY_WRONG, "WrongAnswer"),
        ("root", "c/hello", "c", HELLO_OK, "Accepted"),
    ]
    clients, out = {}, {}
    for login, pw, _ in USERS:
        clients[login] = stack.client()
        r = clients[login].login(login, pw)
        ok(r.status == 200, "%s logs in" % login, r)
    for login, ex, lang, code, want in plan:
        c = clients[login]
        r = c.submit(ex, lang, code)
        if not ok(r.status == 202, "%s submits to %s" % (login, ex), r):
            continue
        rec = c.wait(r.json["id"])
        ok(rec.get("status") == want, "%s's %s: %s" % (login, ex, want), rec)
        out.setdefault(login, []).append((ex, rec, code))
    return out


def set_weight(stack, exercise, weight):
    path = os.path.join(stack.site, "current", "specs", exercise + ".json")
    with open(path) as f:
        spec = json.load(f)
    spec["weight"] = weight
    with open(path, "w") as f:
        json.dump(spec, f)


def parse_csv(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def expect(subs, login, ex, policy):
    """The record the policy chooses (invalid=ignore: all are valid here)."""
    recs = [r for e, r, _ in subs.get(login, []) if e == ex and r.get("valid", True)]
    if not recs:
        return None
    if policy == "last":
        return max(recs, key=lambda r: r["id"])
    if policy == "best":
        order = ["Evaluating", "MiscError", "CompileError", "RuntimeError", "TimeLimitExceeded",
                 "MemoryLimitExceeded", "PresentationError", "WrongAnswer", "Accepted"]
        return max(recs, key=lambda r: (r["score"], order.index(r["status"]), r["id"]))
    raise ValueError(policy)


def fmt_score(x):
    s = "%.4f" % x
    return s.rstrip("0").rstrip(".")


def test_csv(stack, subs, policy, weights):
    p = grades(stack, "--policy", policy, "--format", "csv")
    if not ok(p.returncode == 0, "grades --policy %s runs" % policy, p.stderr):
        return
    ok(p.stdout.endswith("\r\n") and p.stdout.count("\r\n") == 5 and
       p.stdout.count("\n") == 5, "five rows, each ending with CRLF", repr(p.stdout))
    rows = parse_csv(p.stdout)
    exs = sorted(weights)
    ok(rows[0] == ["login", "name"] + exs + ["total"], "the header row", rows[0])
    ok([r[0] for r in rows[1:]] == ["amy", "bob", "carl", "dan"],
       "a row per student, by login; the admin left out", rows)
    for row in rows[1:]:
        login = row[0]
        num = 0.0
        for i, ex in enumerate(exs):
            rec = expect(subs, login, ex, policy)
            want = "" if rec is None else fmt_score(rec["score"])
            ok(row[2 + i] == want, "%s %s %s: %r" % (policy, login, ex, want), row)
            num += weights[ex] * (rec["score"] if rec else 0)
        total = "%.2f" % (num / sum(weights.values()) * 100)
        ok(row[-1] == total, "%s %s's total %s" % (policy, login, total), row)


def test_json(stack, subs):
    p = grades(stack, "--format", "json", "--policy", "last", "--invalid", "count")
    try:
        j = json.loads(p.stdout)
    except ValueError:
        ok(False, "grades --format json gives JSON", p.stdout + p.stderr)
        return
    ok(j["policy"] == "last" and j["invalid"] == "count", "policy and invalid echoed", j)
    ok([e["id"] for e in j["exercises"]] == ["c/hello", "py/double"] and
       j["exercises"][1]["weight"] == 3 and j["exercises"][0]["weight"] == 1 and
       j["exercises"][0]["title"] == "Hello" and j["exercises"][0]["quiz"] is False,
       "exercises with titles and weights", j["exercises"])
    st = {s["login"]: s for s in j["students"]}
    ok(sorted(st) == ["amy", "bob", "carl", "dan"], "students", sorted(st))
    bob = st["bob"]["cells"]["c/hello"]
    want = expect(subs, "bob", "c/hello", "last")
    ok(bob is not None and bob["id"] == want["id"] and bob["status"] == "CompileError"
       and bob["valid"] is True and bob["score"] == 0,
       "bob's last c/hello: the CompileError", bob)
    ok(st["bob"]["cells"]["py/double"] is None and st["dan"]["cells"]["c/hello"] is None,
       "no submission: null", st["bob"])


def test_filter_and_options(stack, subs):
    p = assay("grades", "--exercise", "c/", "--data", stack.data, "--site=" + stack.site)
    rows = parse_csv(p.stdout)
    ok(p.returncode == 0 and rows and rows[0] == ["login", "name", "c/hello", "total"],
       "--exercise c/ keeps c/hello only; options anywhere, --opt=value", p.stdout + p.stderr)
    ok(len(rows) == 5 and rows[1][-1] == "100.00", "amy's total over c/ alone", rows)
    for args, msg in ((["--policy", "worst"], "bad --policy \"worst\""),
                      (["--invalid", "some"], "bad --invalid \"some\""),
                      (["--format", "xml"], "bad --format \"xml\""),
                      (["--policy"], "--policy needs a value"),
                      (["--colour", "red"], "unknown option --colour"),
                      (["extra"], "unexpected argument \"extra\"")):
        p = grades(stack, *args)
        ok(p.returncode == 2 and msg in p.stderr and p.stdout == "",
           "refused: %s" % " ".join(args), p.stderr)
    p = assay("--data", stack.data, "grades", "--site", stack.tmp + "/nowhere")
    ok(p.returncode == 1 and "nowhere/current/specs: No such file" in p.stderr,
       "a missing site is named", p.stderr)

    bad = os.path.join(stack.tmp, "badsite")
    shutil.copytree(stack.site, bad, symlinks=True)
    spec = os.path.join(bad, "current", "specs", "py", "double.json")
    if os.path.islink(os.path.join(bad, "current")):
        spec = os.path.join(bad, os.readlink(os.path.join(bad, "current")), "specs", "py",
                            "double.json")
    with open(spec) as f:
        j = json.load(f)
    j["weight"] = -2
    with open(spec, "w") as f:
        json.dump(j, f)
    p = assay("--data", stack.data, "grades", "--site", bad)
    ok(p.returncode == 1 and 'double.json: "weight" must be a non-negative number' in p.stderr,
       "a bad weight in a spec: file and message", p.stderr)


def test_printout(stack, subs):
    p = assay("--data", stack.data, "printout", "--site", stack.site)
    if not ok(p.returncode == 0 and p.stdout.startswith("<!DOCTYPE html>"),
              "printout writes an HTML document", p.stderr):
        return
    html = p.stdout
    sections = html.split('<section class="student">')[1:]
    ok(len(sections) == 4, "a section per student", len(sections))
    by = {}
    for s in sections:
        for login in ("amy", "bob", "carl", "dan"):
            if "<small>(%s)</small></h2>" % login in s:
                by[login] = s
    ok(sorted(by) == ["amy", "bob", "carl", "dan"], "each student named", sorted(by))
    ok("<small>(root)</small>" not in html, "the admin has no section")
    amy = by.get("amy", "")
    ok("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in amy and "<script>" not in html,
       "amy's Accepted c/hello, escaped", amy[:3000])
    ok("# amy&#39;s double" in amy, "amy's py/double code", amy[:3000])
    ok("Hi, %s" not in amy, "not her WrongAnswer (printout: the newest Accepted)")
    bob = by.get("bob", "")
    # Codex's rule: the newest Accepted, even with a newer CompileError.
    ok("amy&#39;s" not in bob and "bob&#39;s &lt;/pre&gt;" in bob and "bobs_undeclared" not in bob,
       "bob's printout: his Accepted, not the newer CompileError", bob[:3000])
    ok("no submission" in bob, "bob has no py/double", bob[:3000])
    carl = by.get("carl", "")
    ok("# carl&#39;s double" in carl and "WrongAnswer" in carl, "carl's WrongAnswer code", carl)
    dan = by.get("dan", "")
    ok(dan.count("no submission") == 2, "dan: no submission twice", dan)
    p = assay("--data", stack.data, "printout", "--site", stack.site, "--policy", "last",
              "--exercise", "c/hello")
    ok(p.returncode == 0 and "bobs_undeclared_thing" in p.stdout and "py/double" not in p.stdout,
       "printout --policy last --exercise c/hello: bob's CompileError, no py/double",
       p.stderr)
    p = assay("--data", stack.data, "printout", "--format", "csv")
    ok(p.returncode == 2 and "unknown option --format" in p.stderr,
       "printout has no --format", p.stderr)


def main():
    try:
        stack = Stack(COURSE, users=USERS)
    except Exception as e:  # noqa: BLE001 - report any start-up failure as a test
        ok(False, "the stack starts", e)
        done()
    try:
        subs = submit_all(stack)
        set_weight(stack, "py/double", 3)
        weights = {"c/hello": 1, "py/double": 3}
        test_csv(stack, subs, "best", weights)
        test_csv(stack, subs, "last", weights)
        test_json(stack, subs)
        test_filter_and_options(stack, subs)
        test_printout(stack, subs)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "Ctrl-C stops everything: no process left", left)
    stack.cleanup()
    done()


if __name__ == "__main__":
    main()
