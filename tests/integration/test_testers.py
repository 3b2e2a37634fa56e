#!/usr/bin/python3
"""test_testers.py - every tester through the real stack (site, API, worker,
engine, jail), with right, partly right and wrong answers in each language:
labels, scores, and what the student can and cannot see.

TAP output; run by tests/run.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, done  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testers-course")

CPP_OK = "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }\n"
CPP_WRONG = CPP_OK.replace("a + b", "a - b")
CPP_BAD = "int main() { return undefined_name; }\n"
JAVA_OK = ("import java.util.Scanner;\npublic class Main {\n  public static void main(String[] a) {\n"
           "    Scanner s = new Scanner(System.in);\n    System.out.println(s.nextLong() + s.nextLong());\n  }\n}\n")
JAVA_WRONG = JAVA_OK.replace("s.nextLong() + s.nextLong()", "s.nextLong() * s.nextLong()")
ARGS_OK = r'''#include <stdio.h>
int main(int argc, char **argv)
{
	char line[100];
	FILE *f = fopen("data.txt", "r");
	if (argc < 2 || f == NULL || fgets(line, sizeof(line), f) == NULL)
		return 1;
	printf("%s\n%s", argv[1], line);
	return 0;
}
'''
WS_OK = "n = int(input())\nprint(' '.join(str(i) for i in range(1, n + 1)))\n"
WS_SPACES = "n = int(input())\nprint('  '.join(str(i) for i in range(1, n + 1)))\n"
IO_OK = "a, b = map(int, input().split())\nprint(a + b)\n"
IO_WRONG = "a, b = map(int, input().split())\nprint(a * b)\n"
SQUARE_OK = "def square(x):\n    return x * x\n"
SQUARE_PUBLIC_ONLY = "def square(x):\n    return {3: 9, -2: 4}.get(x, 0)\n"
SQUARE_WRONG = "def square(x):\n    return x + x\n"
SQUARE_SYNTAX = "def square(x)\n    return x * x\n"
SQUARE_RAISES = "def square(x):\n    raise ValueError('no')\n"
SQR_OK = "int sqr(int x)\n{\n\treturn x * x;\n}\n"
SQR_HIDDEN_WRONG = "int sqr(int x)\n{\n\treturn x == 12 ? 0 : x * x;\n}\n"
SQR_CRASH_ON_ZERO = "int sqr(int x)\n{\n\tif (x == 0) { int *p = 0; return *p; }\n\treturn x * x;\n}\n"
SHOUT_OK = "def shout(s):\n    return s.upper()\n"
SHOUT_NEAR = "def shout(s):\n    return '  ' + s.upper().replace(' ', '   ') + ' '\n"
SHOUT_WRONG = "def shout(s):\n    return s[::-1]\n"


def grade(c, exercise, language, code):
    r = c.submit(exercise, language, code)
    if r.status != 202:
        return {"status": "HTTP %d: %s" % (r.status, r.body)}
    return c.wait(r.json["id"], timeout=120)


def test_stdio(stack, c):
    s = grade(c, "s/cpp", "cpp", CPP_OK)
    ok(s.get("status") == "Accepted" and s.get("score") == 1, "C++ right: Accepted", s)
    s = grade(c, "s/cpp", "cpp", CPP_WRONG)
    ok(s.get("status") == "WrongAnswer" and s.get("score") == 0, "C++ wrong: WrongAnswer", s)
    s = grade(c, "s/cpp", "cpp", CPP_BAD)
    ok(s.get("status") == "CompileError" and "undefined_name" in s.get("report", ""),
       "C++ compile error with g++'s message", s)
    s = grade(c, "s/java", "java", JAVA_OK)
    ok(s.get("status") == "Accepted", "Java right: Accepted", s)
    s = grade(c, "s/java", "java", JAVA_WRONG)
    ok(s.get("status") == "WrongAnswer" and s.get("score") == 0, "Java wrong: WrongAnswer", s)
    s = grade(c, "s/args", "c", ARGS_OK)
    ok(s.get("status") == "Accepted", "arguments and extra files reach the program", s)
    s = grade(c, "s/ws", "python", WS_OK)
    ok(s.get("status") == "Accepted", "Python right: Accepted", s)
    s = grade(c, "s/ws", "python", WS_SPACES)
    ok(s.get("status") == "PresentationError" and s.get("score") == 0,
       "outputs that differ only in white space: PresentationError", s)
    s = grade(c, "s/io", "python", IO_OK)
    ok(s.get("status") == "Accepted" and s.get("score") == 1,
       "tests written as inputs/outputs in the metadata: right is Accepted", s)
    s = grade(c, "s/io", "python", IO_WRONG)
    tests = s.get("tests", [])
    ok(s.get("status") == "WrongAnswer" and s.get("score") == 0 and len(tests) == 2,
       "... wrong is WrongAnswer, one result per pair", s)
    ok(tests and tests[0].get("public") and tests[0].get("input") == "1 2\n" and
       tests[0].get("expected") == "3\n", "... public tests, shown as the files' are", tests)


def test_doctest(stack, c):
    s = grade(c, "d/square", "python", SQUARE_OK)
    ok(s.get("status") == "Accepted" and s.get("score") == 1, "doctest right: Accepted", s)
    s = grade(c, "d/square", "python", SQUARE_WRONG)
    rep = s.get("report", "")
    ok(s.get("status") == "WrongAnswer" and "Failed example:" in rep and "Expected:" in rep
       and "Got:" in rep, "doctest wrong: doctest's own report", s)
    s = grade(c, "d/square", "python", SQUARE_PUBLIC_ONLY)
    ok(s.get("status") == "WrongAnswer" and s.get("score") == 0, "doctest: a private example fails", s)
    ok("12345" not in str(s) and "152399025" not in str(s), "... without showing it", s)
    s = grade(c, "d/square", "python", SQUARE_SYNTAX)
    ok(s.get("status") == "CompileError" and "SyntaxError" in s.get("report", ""),
       "doctest: SyntaxError is a CompileError", s)
    s = grade(c, "d/square", "python", SQUARE_RAISES)
    ok(s.get("status") == "RuntimeError" and "ValueError" in s.get("report", ""),
       "doctest: an exception is a RuntimeError", s)


def test_cases(stack, c):
    s = grade(c, "k/sqr", "c", SQR_OK)
    ok(s.get("status") == "Accepted" and s.get("score") == 1, "cases in C right: Accepted", s)
    tests = s.get("tests", [])
    ok(len(tests) == 3 and all(t.get("passed") for t in tests), "one result per case", tests)
    s = grade(c, "k/sqr", "c", SQR_HIDDEN_WRONG)
    ok(s.get("status") == "WrongAnswer" and abs((s.get("score") or 0) - 0.5) < 1e-9,
       "a hidden case worth 2 of 4 marks fails: score 0.5", s)
    hidden = [t for t in s.get("tests", []) if not t.get("public")]
    ok(hidden and set(hidden[0]) == {"name", "public", "passed"} and "144" not in str(s),
       "a hidden case shows only that it failed", hidden)
    s = grade(c, "k/sqr", "c", SQR_CRASH_ON_ZERO)
    passed = [t.get("passed") for t in s.get("tests", [])]
    ok(passed == [True, False, True], "a crash in one case: the others are still reported", s)
    ok(abs((s.get("score") or 0) - 0.75) < 1e-9, "... and scored (3 of 4 marks)", s)
    s = grade(c, "k/shout", "python", SHOUT_OK)
    ok(s.get("status") == "Accepted", "cases in Python right: Accepted", s)
    s = grade(c, "k/shout", "python", SHOUT_NEAR)
    ok(s.get("status") == "Accepted", "the near grader ignores case and white space", s)
    s = grade(c, "k/shout", "python", SHOUT_WRONG)
    ok(s.get("status") == "WrongAnswer" and s.get("score") == 0, "cases in Python wrong", s)


def test_quiz(stack, c, root):
    variant = c.request("GET", "/api/shuffle?key=q/quiz%23unit-3&n=2&choose=1").json["order"][0]
    shown, other = ("v1", "a"), ("v2", "b")
    if variant == 1:
        shown, other = other, shown
    right = {"capital": ["b"], "primes": ["a", "c"], "answer": [" 4 2 "], shown[0]: [shown[1]]}
    r = c.request("POST", "/api/submissions", {"exercise": "q/quiz", "answers": right})
    s = c.wait(r.json["id"]) if r.status == 202 else {"status": r.status}
    ok(s.get("status") == "Accepted" and s.get("score") == 1, "quiz all right: Accepted, 1", s)
    ok(len(s.get("tests", [])) == 4, "one result per question shown (one variant of the group)", s)
    partial = {"capital": ["a"], "primes": ["a", "b"], "answer": ["42"], other[0]: [other[1]]}
    r = c.request("POST", "/api/submissions", {"exercise": "q/quiz", "answers": partial})
    s = c.wait(r.json["id"]) if r.status == 202 else {"status": r.status}
    # capital 0; primes (1 correct - 1 incorrect)/2 = 0; answer 1; group: the shown
    # variant unanswered = 0 -> 1/4
    ok(s.get("status") == "WrongAnswer" and abs((s.get("score") or 0) - 0.25) < 1e-9,
       "quiz partly right: Codex's formula, the hidden variant's answer ignored", s)
    last = c.request("GET", "/api/submissions/%d" % r.json["id"]).json
    ok(last.get("answers") == partial, "the last answers come back to pre-fill the form", last)
    r = c.request("POST", "/api/submissions", {"exercise": "q/quiz", "code": "x", "language": "c"})
    ok(r.status == 400, "code sent to a quiz: 400", r)
    r = c.request("POST", "/api/submissions", {"exercise": "s/cpp", "answers": right})
    ok(r.status == 400, "answers sent to a code exercise: 400", r)
    r = c.request("POST", "/api/submissions", {"exercise": "q/quiz", "answers": {"capital": "b"}})
    ok(r.status == 400, "an answer that is not a list: 400", r)
    page = c.request("GET", "/q/quiz.html").body
    ok("answer=" not in page and "Lisbon" in page, "the quiz page has its options, not answers")


def main():
    try:
        stack = Stack(COURSE)
    except Exception as e:  # noqa: BLE001
        ok(False, "the stack starts", e)
        done()
    try:
        c = stack.client()
        c.login("alice", "alice-pw")
        root = stack.client()
        root.login("root", "root-pw")
        test_stdio(stack, c)
        test_doctest(stack, c)
        test_cases(stack, c)
        test_quiz(stack, c, root)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "nothing left running", left)
    stack.cleanup()
    done()


if __name__ == "__main__":
    main()
