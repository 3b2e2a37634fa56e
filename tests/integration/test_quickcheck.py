#!/usr/bin/python3
"""test_quickcheck.py - the quickcheck tester through the real stack: the
example course's property exercises (content/c/strong, sort, insert) built
by sitegen, submitted over HTTP, graded by the workers in the jail.

A right answer is Accepted; wrong ones are WrongAnswer with the exact
shrunk counterexample in the report and in the tests; a crash and a hang
are reported as such; a compile error is the student's; a broken property
file is MiscError, logged for admins only; no property file is served.

TAP output; run by tests/run (make check). KEEP=1 keeps the temporary directory.
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Stack, ok, done  # noqa: E402

CONTENT = os.path.join(ROOT, "content", "c")
BUGS = os.path.join(ROOT, "tests", "qc", "bugs")

STRONG_OK = r'''#include <ctype.h>
#include <string.h>

int strong(const char *pw)
{
	int upper = 0, lower = 0, digit = 0;
	size_t n = strlen(pw);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)pw[i];

		upper |= isupper(c) != 0;
		lower |= islower(c) != 0;
		digit |= isdigit(c) != 0;
	}
	return n >= 6 && upper && lower && digit;
}
'''

STRONG_HANG = r'''#include <ctype.h>

int strong(const char *pw)
{
	int upper = 0, lower = 0, digit = 0, n = 0;

	while (*pw != '\0') {
		if (isdigit((unsigned char)*pw)) {
			digit = 1;
			continue;
		}
		upper |= isupper((unsigned char)*pw) != 0;
		lower |= islower((unsigned char)*pw) != 0;
		pw++;
		n++;
	}
	return n >= 6 && upper && lower && digit;
}
'''

SORT_OK = r'''void sort_ints(int *a, int n)
{
	for (int i = 1; i < n; i++) {
		int key = a[i], j = i - 1;

		while (j >= 0 && a[j] > key) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = key;
	}
}
'''

INSERT_OK = r'''int insert_sorted(int *a, int n, int x)
{
	int i = n;

	while (i > 0 && a[i - 1] > x) {
		a[i] = a[i - 1];
		i--;
	}
	a[i] = x;
	return n + 1;
}
'''


def bug(name):
    with open(os.path.join(BUGS, name + ".c")) as f:
        return f.read()


def make_course():
    """The three exercises as the example course has them, and a broken one."""
    d = tempfile.mkdtemp(prefix="assay-qc-course-")
    os.makedirs(os.path.join(d, "c"))
    for name in ("strong", "sort", "insert"):
        for ext in (".md", ".c"):
            shutil.copy(os.path.join(CONTENT, name + ext), os.path.join(d, "c", name + ext))
    with open(os.path.join(d, "index.md"), "w") as f:
        f.write("# Properties\n\n- [](c/strong.md){.ex}\n- [](c/sort.md){.ex}\n"
                "- [](c/insert.md){.ex}\n- [](c/broken.md){.ex}\n")
    with open(os.path.join(d, "c", "broken.md"), "w") as f:
        f.write("# Broken\n\n---\ntester: quickcheck\nlanguage: c\nproperties: tests.c\n"
                "...\n\nWrite `int twice(int x)`.\n")
    with open(os.path.join(d, "c", "tests.c"), "w") as f:
        f.write('#include "qc.h"\nint twice(int x);\n'
                'QC_PROPERTY(doubles, "twice(x)")\n{\n\tint x = qc_int(qc)\n'
                '\tQC_EXPECT_INT(2 * x, twice(x));\n}\n')
    return d


def submit(c, exercise, code):
    r = c.submit(exercise, "c", code)
    if not ok(r.status == 202, "%s: submitted" % exercise, r):
        return {}
    res = c.wait(r.json["id"])
    res["id"] = r.json["id"]
    return res


def lines_in(report, lines):
    return all("\t" + l + "\n" in report for l in lines)


def test_static(stack):
    c = stack.client()
    for path in ("/c/strong.c", "/c/sort.c", "/c/tests.c", "/specs/c/strong.json"):
        r = c.request("GET", path)
        ok(r.status in (400, 403, 404) and "QC_PROPERTY" not in r.body,
           "%s is not served" % path, r)
    r = c.request("GET", "/c/strong.html")
    ok(r.status == 200 and "<textarea" in r.body and "int strong(const char *pw)" in r.body
       and "reference" not in r.body, "the exercise page has the skeleton, not the tests", r)


def test_grading(stack, alice):
    r = submit(alice, "c/strong", STRONG_OK)
    ok(r.get("status") == "Accepted" and r.get("score") == 1 and
       "+++ OK, passed 100 tests." in r.get("report", ""),
       "strong: the right answer is Accepted", r)
    ok(len(r.get("tests", [])) == 2 and all(t["passed"] and t["public"] for t in r["tests"]),
       "one test per property, public, passed", r.get("tests"))

    cases = [
        ("c/strong", "strong_punct", "Falsified", ['char *pw = "aaaaA!";'],
         "Expected:\n\t0\nGot:\n\t1\n"),
        ("c/strong", "strong_length", "Falsified", ['char *pw = "aaaaA0";'],
         "Expected:\n\t1\nGot:\n\t0\n"),
        ("c/strong", "strong_modifies", "Falsified", ['char *pw = "A";'],
         "The function modified pw, which must not change"),
        ("c/sort", "sort_last_missing", "Falsified", ["int a[2] = {0, -1};", "int n = 2;"],
         "Expected:\n\t{-1, 0}\nGot:\n\t{0, -1}\n"),
        ("c/insert", "insert_smallest", "Falsified",
         ["int a[2] = {0};", "int n = 1;", "int x = -1;"],
         "Expected:\n\t{-1, 0}\nGot:\n\t{0, -1}\n"),
        ("c/insert", "insert_before_start", "Falsified",
         ["int a[1] = {};", "int n = 0;", "int x = 0;"],
         "The function wrote before the start of a"),
        ("c/sort", "sort_past_end", "Crashed with SIGSEGV (invalid memory access)",
         ["int a[1] = {0};", "int n = 1;"], "The function read or wrote a[1], past the end of a"),
    ]
    for exercise, name, head, lines, more in cases:
        r = submit(alice, exercise, bug(name))
        rep = r.get("report", "")
        ok(r.get("status") == "WrongAnswer" and r.get("score") == 0 and
           ("*** Failed! %s (after " % head) in rep and lines_in(rep, lines) and more in rep,
           "%s: WrongAnswer, shrunk to %s" % (name, " ".join(lines)), rep or r)
        failed = [t for t in r.get("tests", []) if not t["passed"]]
        ok(failed and failed[0]["status"] == "WrongAnswer" and
           failed[0].get("input") == "\n".join(lines) and failed[0]["public"],
           "%s: the failed property's test holds the counterexample" % name, r.get("tests"))

    r = submit(alice, "c/strong", STRONG_HANG)
    ok(r.get("status") == "WrongAnswer" and
       "*** Failed! Did not return within 200 ms" in r.get("report", "") and
       lines_in(r["report"], ['char *pw = "0";']),
       "an endless loop: WrongAnswer, a hang on the smallest input", r.get("report", r))

    r = submit(alice, "c/sort", SORT_OK)
    ok(r.get("status") == "Accepted", "sort: the right answer is Accepted", r.get("report", r))
    r = submit(alice, "c/insert", INSERT_OK)
    ok(r.get("status") == "Accepted", "insert: the right answer is Accepted", r.get("report", r))

    r = submit(alice, "c/sort", "void sort_ints(int *a, int n) { for (;;) }\n")
    ok(r.get("status") == "CompileError" and "main.c:1:" in r.get("report", ""),
       "a compile error is the student's, with the compiler's message", r.get("report", r))
    r = submit(alice, "c/sort", "void sort(int *a, int n) { (void)a; (void)n; }\n")
    ok(r.get("status") == "CompileError" and
       "has no function void sort_ints(int *, int), which the tests call." in r.get("report", ""),
       "a misnamed function: CompileError saying which", r.get("report", r))


def test_broken(stack, alice):
    r = submit(alice, "c/broken", "int twice(int x) { return 2 * x; }\n")
    ok(r.get("status") == "MiscError" and "platform" in r.get("report", "") and
       "tests.c" not in r.get("report", ""),
       "a broken property file: MiscError, the student is not blamed", r)
    rec = stack.record(r["id"]) if r.get("id") else {}
    ok("tests.c" in (rec.get("log") or "") and "does not compile" in rec.get("log", ""),
       "the reason is logged for the admins", rec.get("log"))


def main():
    course = make_course()
    try:
        stack = Stack(course)
    except Exception as e:  # noqa: BLE001 - report any start-up failure as a test
        ok(False, "the stack starts", e)
        shutil.rmtree(course, ignore_errors=True)
        done()
    try:
        alice = stack.client()
        alice.login("alice", "alice-pw")
        test_static(stack)
        test_grading(stack, alice)
        test_broken(stack, alice)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "Ctrl-C stops everything: no process left", left)
    stack.cleanup()
    shutil.rmtree(course, ignore_errors=True)
    done()


if __name__ == "__main__":
    main()
