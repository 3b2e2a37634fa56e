#!/usr/bin/python3
"""test_codex_mu.py - Codex's mutation testing (tester: mudoctest) and the
doctest tester's linter (linter: true, mypy) through the real stack (site,
API, worker, engine, jail), on the pages of codex-course/mu/, modelled on
Codex's example course: the labels Codex gives, what the student sees of
the target and the mutants, and the time from POST to verdict.

TAP output; run by tests/run.
"""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, diag, done  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
COURSE = os.path.join(HERE, "codex-course")

SHIPPING_ALL = """>>> shipping(0)
invalid weight
>>> shipping(2)
letter
>>> shipping(2.5)
parcel
>>> shipping(10)
parcel
>>> shipping(11)
freight
"""
# No boundary at 2 nor at 10: mutants 2 and 3 survive.
SHIPPING_WEAK = """>>> shipping(-1)
invalid weight
>>> shipping(0)
invalid weight
>>> shipping(1)
letter
>>> shipping(5)
parcel
>>> shipping(50)
freight
"""
SHIPPING_WRONG = ">>> shipping(2)\nparcel\n"
LEAP_RIGHT = ">>> leap(2000)\nTrue\n"
LEAP_TWO = ">>> leap(2000)\nTrue\n>>> leap(1900)\nFalse\n"
MEAN_OK = "def mean(xs: list[float]) -> float:\n    return sum(xs) / len(xs)\n"
MEAN_TYPE = "def mean(xs: list[float]) -> float:\n    return str(sum(xs) / len(xs))\n"
MEAN_WRONG = "def mean(xs: list[float]) -> float:\n    return sum(xs) / (len(xs) + 1)\n"


def grade(c, exercise, language, code, what=None):
    start = time.time()
    r = c.submit(exercise, language, code)
    if r.status != 202:
        return {"status": "HTTP %d: %s" % (r.status, r.body)}
    s = c.wait(r.json["id"], timeout=120)
    if what:
        diag("%s: %d ms from POST to verdict" % (what, (time.time() - start) * 1000))
    return s


def test_mudoctest(c):
    s = grade(c, "mu/shipping", "python", SHIPPING_ALL, "mudoctest, 5 mutants, Accepted")
    ok(s.get("status") == "Accepted" and s.get("score") == 1,
       "examples that kill the 5 mutants: Accepted", s)
    tests = s.get("tests", [])
    ok(len(tests) == 6 and all(t.get("passed") for t in tests),
       "one entry for the target, one per mutant, each passed", tests)
    s = grade(c, "mu/shipping", "python", SHIPPING_WEAK, "mudoctest, 5 mutants, survivors")
    report = s.get("report", "")
    ok(s.get("status") == "WrongAnswer" and "2 of the 5 mutants" in report and
       "mutant 2 survived" in report and "mutant 3 survived" in report,
       "two mutants survive: WrongAnswer naming them", s)
    ok("weight < 10" not in report and "shipping_mut" not in report,
       "a mutant the page does not show: neither its code nor its file", report)
    s = grade(c, "mu/shipping", "python", SHIPPING_WRONG)
    report = s.get("report", "")
    ok(s.get("status") == "WrongAnswer" and "Expected:\n    parcel\nGot:\n    letter" in report,
       "an example that fails on the target: WrongAnswer, expected and got", s)
    s = grade(c, "mu/shipping", "python", "Some prose, no example.\n")
    ok(s.get("status") == "CompileError" and "no example" in s.get("report", ""),
       "no example: CompileError", s)
    s = grade(c, "mu/leap", "python", LEAP_RIGHT)
    ok(s.get("status") == "Accepted", "limit-tests 1, one example that tells them apart", s)
    s = grade(c, "mu/leap", "python", ">>> leap(2024)\nTrue\n")
    ok(s.get("status") == "WrongAnswer" and "mutant 1 (leap_mut.py) survived" in
       s.get("report", ""), "a mutant the page shows is named by its file", s)
    s = grade(c, "mu/leap", "python", LEAP_TWO)
    ok(s.get("status") == "CompileError" and "at most 1 example" in s.get("report", ""),
       "more examples than limit-tests: CompileError", s)
    s = grade(c, "mu/shipping", "python", ">>> import os; os._exit(0)\n")
    ok(s.get("status") not in ("Accepted", "MiscError"),
       "an example that ends its process: a student's label", s)


def test_linter(c):
    s = grade(c, "mu/mean", "python", MEAN_OK, "doctest with mypy, Accepted")
    ok(s.get("status") == "Accepted" and s.get("score") == 1, "a typed, right module:"
       " Accepted", s)
    s = grade(c, "mu/mean", "python", MEAN_TYPE, "doctest with mypy, CompileError")
    report = s.get("report", "")
    ok(s.get("status") == "CompileError" and "main.py:2: error: Incompatible return value"
       in report and "/box" not in report, "a type error: CompileError with mypy's message", s)
    s = grade(c, "mu/mean", "python", MEAN_WRONG)
    ok(s.get("status") == "WrongAnswer", "well typed but wrong: WrongAnswer", s)


def main():
    # The course of this folder alone (the index and mu/), so that other
    # folders' pages do not decide whether this test runs.
    course = tempfile.mkdtemp(prefix="assay-codex-mu-")
    os.chmod(course, 0o755)
    shutil.copy(os.path.join(COURSE, "index.md"), course)
    shutil.copytree(os.path.join(COURSE, "mu"), os.path.join(course, "mu"))
    try:
        stack = Stack(course)
    except Exception as e:  # noqa: BLE001
        ok(False, "the stack starts", e)
        shutil.rmtree(course)
        done()
    try:
        c = stack.client()
        c.login("alice", "alice-pw")
        page = c.request("GET", "/mu/shipping.html").body
        ok("freight" in page and "weight &lt;= 10" in page and "shipping_mut" not in page,
           "the page shows the target it includes, no mutant", page[:200])
        test_mudoctest(c)
        test_linter(c)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "nothing left running", left)
    stack.cleanup()
    shutil.rmtree(course)
    done()


if __name__ == "__main__":
    main()
