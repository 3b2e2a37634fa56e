#!/usr/bin/python3
"""test_codex_hs.py - Codex's Haskell exercises through the real stack
(site, API, worker, engine, jail), from the pages of codex-course/hs/:
Haskell in stdio, hspec on Haskell code and on C code through the FFI (in a
process of its own: a forger that exits is a RuntimeError),
quickcheck with a Haskell property file; right and wrong submissions with
the labels Codex gives, and the times from POST to verdict.

TAP output; run by tests/run. Skipped without GHC.
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Stack, ok, done, diag  # noqa: E402

COURSE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "codex-course")

BIG_HS = "main :: IO ()\nmain = do\n  _ <- getLine\n  xs <- map read . words <$> getLine\n" \
         "  print (maximum xs :: Int)\n"
BIG_HS_WRONG = BIG_HS.replace("maximum", "minimum")
BIG_HS_BAD = "main = print (maximum 1 2 3)\n"
BIG_C = "#include <stdio.h>\nint main(void) { int n, x, m; scanf(\"%d\", &n);\n" \
        "  for (int i = 0; i < n; i++) { scanf(\"%d\", &x); if (i == 0 || x > m) m = x; }\n" \
        "  printf(\"%d\\n\", m); return 0; }\n"
STRONG_HS = ("import Data.Char\nstrongPasswd :: String -> Bool\n"
             "strongPasswd xs = length xs >= 6 && any isUpper xs && any isLower xs"
             " && any isDigit xs\n")
STRONG_HS_WRONG = STRONG_HS.replace(" && any isDigit xs", "")
STRONG_HS_TYPE = "strongPasswd :: String -> Int\nstrongPasswd = length\n"
STRONG_HS_UNSAFE = ("import System.IO.Unsafe\nstrongPasswd :: String -> Bool\n"
                    "strongPasswd _ = unsafePerformIO (return True)\n")
STRONG_C = r'''#include <ctype.h>
#include <string.h>
int strong_passwd(char str[])
{
	int u = 0, l = 0, d = 0;
	for (char *p = str; *p != '\0'; p++) {
		u |= isupper((unsigned char)*p) != 0;
		l |= islower((unsigned char)*p) != 0;
		d |= isdigit((unsigned char)*p) != 0;
	}
	return strlen(str) >= 6 && u && l && d;
}
'''
STRONG_C_WRONG = "#include <string.h>\nint strong_passwd(char str[]) { return strlen(str) >= 6; }\n"
# Reads its parent's memory for the marker (closed: the tests' program is not
# dumpable), writes a pass and exits inside the call.
STRONG_C_FORGER = r'''#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
int strong_passwd(char str[])
{
	char p[64];
	snprintf(p, sizeof(p), "/proc/%d/mem", (int)getppid());
	printf("\n1 example, 0 failures\n\nparent's mem %s\n", open(p, O_RDONLY) < 0 ? "closed" : "open");
	printf("\n00000000000000000000000000000000 passed\n");
	exit(0);
}
'''
COUNT_C = ("int count_digits(char str[])\n{\n\tint n = 0;\n"
           "\tfor (; *str; str++)\n\t\tn += *str >= '0' && *str <= '9';\n\treturn n;\n}\n")
COUNT_C_WRONG = COUNT_C.replace("*str <= '9'", "*str < '9'")
INSERT_HS = ("insert :: Int -> [Int] -> [Int]\ninsert x [] = [x]\n"
             "insert x (y:ys)\n  | x <= y = x : y : ys\n  | otherwise = y : insert x ys\n")
INSERT_HS_WRONG = "insert :: Int -> [Int] -> [Int]\ninsert x ys = ys ++ [x]\n"


def grade(c, exercise, language, code):
    r = c.submit(exercise, language, code)
    if r.status != 202:
        return {"status": "HTTP %d: %s" % (r.status, r.body)}
    return c.wait(r.json["id"], timeout=120)


def timed(c, exercise, language, code, n=3):
    """The median of N times from POST to verdict, in seconds, and the
    labels."""
    times, labels = [], set()
    for _ in range(n):
        t = time.time()
        s = grade(c, exercise, language, code)
        times.append(time.time() - t)
        labels.add(s.get("status"))
    return statistics.median(times), labels


def test_stdio(c):
    s = grade(c, "hs/biggest", "haskell", BIG_HS)
    ok(s.get("status") == "Accepted" and s.get("score") == 1, "Haskell stdio right: Accepted", s)
    s = grade(c, "hs/biggest", "haskell", BIG_HS_WRONG)
    ok(s.get("status") == "WrongAnswer", "Haskell stdio wrong: WrongAnswer", s)
    s = grade(c, "hs/biggest", "haskell", BIG_HS_BAD)
    ok(s.get("status") == "CompileError" and "Main.hs:1:" in s.get("report", ""),
       "Haskell stdio type error: CompileError with GHC's message", s)
    s = grade(c, "hs/biggest", "c", BIG_C)
    ok(s.get("status") == "Accepted", "the same exercise in C: Accepted", s)


def test_hspec(c):
    s = grade(c, "hs/hs_strong", "haskell", STRONG_HS)
    ok(s.get("status") == "Accepted" and s.get("score") == 1, "hspec Haskell right: Accepted", s)
    s = grade(c, "hs/hs_strong", "haskell", STRONG_HS_WRONG)
    rep = s.get("report", "")
    ok(s.get("status") == "WrongAnswer" and "Falsifiable" in rep and "but got: True" in rep,
       "hspec Haskell wrong: WrongAnswer with the counterexample", s)
    ok("reference" not in rep and "passwords ::" not in rep,
       "nothing of the spec's code is shown", rep)
    s = grade(c, "hs/hs_strong", "haskell", STRONG_HS_TYPE)
    ok(s.get("status") == "CompileError"
       and "strongPasswd must have type String -> Bool" in s.get("report", ""),
       "hspec Haskell, another type: CompileError naming the type", s)
    s = grade(c, "hs/hs_strong", "haskell", STRONG_HS_UNSAFE)
    ok(s.get("status") == "CompileError", "unsafePerformIO: CompileError (Safe Haskell)", s)
    s = grade(c, "hs/hs_strong_plain", "haskell", STRONG_HS)
    ok(s.get("status") == "Accepted", "hspec without a skeleton (compiled per submission)", s)
    s = grade(c, "hs/c_strong", "c", STRONG_C)
    ok(s.get("status") == "Accepted", "hspec C through the FFI right: Accepted", s)
    s = grade(c, "hs/c_strong", "c", STRONG_C_WRONG)
    ok(s.get("status") == "WrongAnswer" and "Falsifiable" in s.get("report", ""),
       "hspec C through the FFI wrong: WrongAnswer with the counterexample", s)
    s = grade(c, "hs/c_strong", "c", STRONG_C_FORGER)
    ok(s.get("status") == "RuntimeError" and "parent's mem closed" in s.get("report", ""),
       "hspec C in its own process: a forger that exits is a RuntimeError", s)


def test_quickcheck(c):
    s = grade(c, "hs/hs_sorted", "haskell", INSERT_HS)
    ok(s.get("status") == "Accepted", "quickcheck with Haskell properties, right: Accepted", s)
    s = grade(c, "hs/hs_sorted", "haskell", INSERT_HS_WRONG)
    ok(s.get("status") == "WrongAnswer" and "Falsified" in s.get("report", ""),
       "quickcheck with Haskell properties, wrong: WrongAnswer", s)


def test_codex_quickcheck(c):
    s = grade(c, "hs/c_count", "c", COUNT_C)
    ok(s.get("status") == "Accepted", "Codex.QuickCheck properties on C, right: Accepted", s)
    s = grade(c, "hs/c_count", "c", COUNT_C_WRONG)
    rep = s.get("report", "")
    ok(s.get("status") == "WrongAnswer" and "Expected" in rep and 'str = "' in rep,
       "... wrong: WrongAnswer with the named, shrunk counterexample", s)


def test_times(c):
    for ex, lang, code, what in (("hs/c_strong", "c", STRONG_C, "hspec C, the spec kept"),
                                 ("hs/hs_strong", "haskell", STRONG_HS,
                                  "hspec Haskell, the spec kept"),
                                 ("hs/hs_strong_plain", "haskell", STRONG_HS,
                                  "hspec Haskell, the spec compiled per submission"),
                                 ("hs/biggest", "haskell", BIG_HS, "Haskell stdio")):
        p50, labels = timed(c, ex, lang, code)
        diag("%s: POST to verdict p50 %.2f s (figures: make bench)" % (what, p50))
        ok(labels == {"Accepted"}, "%s: Accepted each time" % what, labels)


def main():
    if not os.access("/usr/bin/ghc", os.X_OK):
        print("1..0 # SKIP no GHC (apt-get install ghc libghc-hspec-dev libghc-quickcheck2-dev)")
        return
    try:
        stack = Stack(COURSE)
    except Exception as e:  # noqa: BLE001
        ok(False, "the stack starts", e)
        done()
    try:
        c = stack.client()
        c.login("alice", "alice-pw")
        test_stdio(c)
        test_hspec(c)
        test_quickcheck(c)
        test_codex_quickcheck(c)
        test_times(c)
    except Exception:  # noqa: BLE001
        import traceback
        ok(False, "the test ran to its end", traceback.format_exc())
    left = stack.stop()
    ok(left == [], "nothing left running", left)
    stack.cleanup()
    done()


if __name__ == "__main__":
    main()
