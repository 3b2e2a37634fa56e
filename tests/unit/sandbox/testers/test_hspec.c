/*
 * test_hspec.c - Haskell through engine_grade(), with real compilations and
 * runs in the jail (needs root, and GHC with hspec and QuickCheck; skipped
 * without them): Haskell programs in the stdio tester; the hspec tester on
 * Haskell modules (right, wrong with QuickCheck's counterexample, types
 * that differ from the skeleton's, Safe Haskell's refusals, an exception
 * that tries to end the tests as a pass, a loop) and on C functions through
 * the FFI (right, wrong, a crash, a missing function), linked with the
 * program and in a process of its own (options.functions: forgers of the
 * marker line that search memory, /proc and the program's file, a crash,
 * a loop: never Accepted); the test program
 * compiled once for many gradings; quickcheck with a Haskell property file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "sandbox/testers/tester_hspec.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID_BASE 64970

static const char hs_spec[] =
    "module Main where\n"
    "import Test.Hspec\n"
    "import Test.QuickCheck\n"
    "import Data.Char\n"
    "import Submission (strongPasswd)\n"
    "\n"
    "main :: IO ()\n"
    "main = hspec $ describe \"strongPasswd\" $ do\n"
    "  it \"short ones are weak\" $ strongPasswd \"aB1\" `shouldBe` False\n"
    "  it \"random ones\" $ property $ forAll (listOf (choose ('0', 'z'))) $ \\xs ->\n"
    "    strongPasswd xs `shouldBe` reference xs\n"
    "\n"
    "reference :: String -> Bool\n"
    "reference xs = length xs >= 6 && any isUpper xs && any isLower xs && any isDigit xs\n";

static const char hs_skeleton[] =
    "strongPasswd :: String -> Bool\n   -- complete this definition\n";

#define HS_OK \
    "import Data.Char\n" \
    "strongPasswd :: String -> Bool\n" \
    "strongPasswd xs = length xs >= 6 && any isUpper xs && any isLower xs && any isDigit xs\n"

static const char c_spec[] =
    "module Main where\n"
    "import Test.Hspec\n"
    "import Test.QuickCheck\n"
    "import System.IO.Unsafe\n"
    "import Foreign.C.Types\n"
    "import Foreign.C.String\n"
    "\n"
    "foreign import ccall \"twice\" c_twice :: CInt -> IO CInt\n"
    "\n"
    "twice :: Int -> Int\n"
    "twice n = fromIntegral (unsafePerformIO (c_twice (fromIntegral n)))\n"
    "\n"
    "main :: IO ()\n"
    "main = hspec $ it \"doubles\" $ property $ \\n -> abs n < 1000 ==> twice n == 2 * n\n";

/* A spec of TESTER for LANG with the program TEXT under KEY; CODE the
 * skeleton (may be NULL). */
static struct spec *
hs_spec_new(const char *tester, const char *lang, const char *key, const char *file,
    const char *text, const char *code)
{
	struct spec *s = new_spec("hs/t", "T", tester);

	spec_add_language(s, lang);
	if (code != NULL) {
		free(s->code);
		s->code = strdup(code);
	}
	json_object_set_new(s->options, key, json_pack("{s:s, s:s}", "file", file,
	    "text", text));
	return s;
}

/* Grades CODE; checks the label; R holds the result. */
static int
expect(const struct spec *s, const char *lang, const char *code, enum label want,
    struct grade_result *r, const char *what)
{
	int good = grade_timed(s, lang, code, r, what) == 0 && r->status == want;

	ok(good, "%s: %s", what, label_name(want));
	if (!good)
		diag("got %s: %s %s", label_name(r->status), r->report ? r->report : "",
		    r->log ? r->log : "");
	return good;
}

static void
test_stdio(void)
{
	struct spec *s = new_spec("hs/sum", "Sum", "stdio");
	struct grade_result r;

	spec_add_language(s, "haskell");
	spec_add_test(s, "one", 1, "1 2\n", 4, "3\n", 2);
	spec_add_test(s, "two", 0, "20 22\n", 6, "42\n", 3);
	expect(s, "haskell", "main :: IO ()\nmain = do\n  [a, b] <- map read . words"
	    " <$> getLine\n  print (a + b :: Integer)\n", LABEL_ACCEPTED, &r,
	    "a Haskell program");
	grade_result_clear(&r);
	if (expect(s, "haskell", "main = interact (const \"3\\n\")\n",
	    LABEL_WRONG_ANSWER, &r, "a wrong Haskell program"))
		ok(has(r.report, "1 of 2 tests passed"), "one test of two passed");
	grade_result_clear(&r);
	if (expect(s, "haskell", "main = putStrLn (1 + \"x\")\n", LABEL_COMPILE_ERROR,
	    &r, "a Haskell type error"))
		ok(has(r.report, "Main.hs:1:") && has(r.report, "No instance"),
		    "GHC's message, for Main.hs");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_haskell(void)
{
	struct spec *s = hs_spec_new("hspec", "haskell", "spec", "strong_spec.hs",
	    hs_spec, hs_skeleton);
	struct grade_result r;
	unsigned long before = tester_hspec_builds();

	if (expect(s, "haskell", HS_OK, LABEL_ACCEPTED, &r, "a right module"))
		ok(r.score == 1 && has(r.report, "2 examples, 0 failures") &&
		    !has(r.report, "Finished in"), "hspec's summary, without its timing");
	grade_result_clear(&r);
	ok(tester_hspec_builds() == before + 1, "the test program was compiled");
	if (expect(s, "haskell", "import Data.Char\nstrongPasswd :: String -> Bool\n"
	    "strongPasswd = \\xs -> length xs >= 6 && any isUpper xs\n",
	    LABEL_WRONG_ANSWER, &r, "a wrong module"))
		ok(has(r.report, "Falsifiable") && has(r.report, "expected: False") &&
		    has(r.report, "but got: True") && !has(r.report, "To rerun use"),
		    "QuickCheck's counterexample is shown");
	grade_result_clear(&r);
	ok(tester_hspec_builds() == before + 1, "and not again for the next submission");
	expect(s, "haskell", "import Data.Char\nstrongPasswd :: [Char] -> Bool\n"
	    "strongPasswd = and . sequence [(>= 6) . length, any isUpper, any isLower,"
	    " any isDigit]\nhelper :: Int\nhelper = 3\n", LABEL_ACCEPTED, &r,
	    "point-free, [Char] for String, a helper");
	grade_result_clear(&r);
	if (expect(s, "haskell", "strongPasswd xs = length xs > 5\n", LABEL_COMPILE_ERROR,
	    &r, "a more general type (Foldable t => t a -> Bool)"))
		ok(has(r.report, "strongPasswd must have type String -> Bool"),
		    "the type it must have: %s", r.report);
	grade_result_clear(&r);
	if (expect(s, "haskell", "strongPasswd :: String -> Int\nstrongPasswd = length\n",
	    LABEL_COMPILE_ERROR, &r, "another type"))
		ok(has(r.report, "(yours has type String -> Int)"), "and the student's");
	grade_result_clear(&r);
	if (expect(s, "haskell", "strong :: String -> Bool\nstrong _ = True\n",
	    LABEL_COMPILE_ERROR, &r, "the function misnamed"))
		ok(has(r.report, "must define strongPasswd :: String -> Bool"),
		    "the name it must define");
	grade_result_clear(&r);
	expect(s, "haskell", "strongPasswd :: String -> Bool\nstrongPasswd = True\n",
	    LABEL_COMPILE_ERROR, &r, "a type error");
	grade_result_clear(&r);
	spec_free(s);
}

/* What hostile modules try: each is refused, or fails as it deserves. */
static void
test_hostile(void)
{
	struct spec *s = hs_spec_new("hspec", "haskell", "spec", "strong_spec.hs",
	    hs_spec, hs_skeleton);
	struct grade_result r;

	if (expect(s, "haskell", "import System.IO.Unsafe\nstrongPasswd :: String -> Bool\n"
	    "strongPasswd _ = unsafePerformIO (return True)\n", LABEL_COMPILE_ERROR, &r,
	    "unsafePerformIO"))
		ok(has(r.report, "Can't be safely imported"), "Safe Haskell refuses it");
	grade_result_clear(&r);
	if (expect(s, "haskell", "{-# LANGUAGE Trustworthy #-}\nimport System.IO.Unsafe\n"
	    "strongPasswd :: String -> Bool\nstrongPasswd _ = True\n", LABEL_COMPILE_ERROR,
	    &r, "a Trustworthy pragma"))
		ok(has(r.report, "the extension Trustworthy"), "the pragma is named");
	grade_result_clear(&r);
	if (expect(s, "haskell", "{-# options_ghc -F -pgmF /bin/sh #-}\n"
	    "strongPasswd :: String -> Bool\nstrongPasswd _ = True\n", LABEL_COMPILE_ERROR,
	    &r, "an OPTIONS_GHC pragma (any case)"))
		ok(has(r.report, "the pragma options_ghc"), "the pragma is named");
	grade_result_clear(&r);
	expect(s, "haskell", "{-#LANGUAGE CPP#-}\n#include \"/etc/passwd\"\n"
	    "strongPasswd :: String -> Bool\nstrongPasswd _ = True\n", LABEL_COMPILE_ERROR,
	    &r, "CPP");
	grade_result_clear(&r);
	expect(s, "haskell", "{-# LANGUAGE ForeignFunctionInterface #-}\n"
	    "foreign import ccall \"exit\" c_exit :: Int -> Bool\n"
	    "strongPasswd :: String -> Bool\nstrongPasswd _ = c_exit 0\n",
	    LABEL_COMPILE_ERROR, &r, "a pure FFI import");
	grade_result_clear(&r);
	/* ExitSuccess thrown from pure code, lazily inside the value hspec
	 * shows, after a fake summary: caught, never a pass. */
	if (expect(s, "haskell", "import Control.Exception\nimport System.Exit\n"
	    "strongPasswd :: String -> Bool\n"
	    "strongPasswd xs = if length xs < 6 then throw ExitSuccess else error"
	    " (\"\\n\\n2 examples, 0 failures\\n\" ++ throw ExitSuccess)\n",
	    LABEL_WRONG_ANSWER, &r, "exit from pure code, a fake summary"))
		ok(r.score == 0, "scores 0");
	grade_result_clear(&r);
	expect(s, "haskell", "strongPasswd :: String -> Bool\n"
	    "strongPasswd xs = length (filter even [1 :: Integer ..]) < 0\n",
	    LABEL_TIME_LIMIT, &r, "an endless loop");
	grade_result_clear(&r);
	spec_free(s);
}

/* C through the FFI: ISO, in a process of its own (options.functions, as
 * sitegen derives them from the header), else linked with the program. */
static void
test_c(int iso)
{
	struct spec *s = hs_spec_new("hspec", "c", "spec", "twice_spec.hs", c_spec,
	    "int twice(int n)\n{\n}\n");
	struct grade_result r;
	unsigned long before = tester_hspec_builds();

	json_object_set_new(s->options, "header", json_string("int twice(int n);\n"));
	if (iso)
		json_object_set_new(s->options, "functions", json_pack("[{s:s, s:s,"
		    " s:[s]}]", "ret", "int", "name", "twice", "params", "int"));
	diag("C %s", iso ? "in a process of its own" : "linked with the program");
	expect(s, "c", "int twice(int n) { return n + n; }\n", LABEL_ACCEPTED, &r,
	    "C through the FFI");
	grade_result_clear(&r);
	if (expect(s, "c", "int twice(int n) { return n * n; }\n", LABEL_WRONG_ANSWER,
	    &r, "wrong C"))
		ok(has(r.report, "Falsified (after") && has(r.report, "1 example, 1 failure"),
		    "QuickCheck's counterexample: %s", r.report);
	grade_result_clear(&r);
	ok(tester_hspec_builds() == before + !iso, "the C exercise's program compiled once");
	expect(s, "c", "int twice(int n) { return *(volatile int *)0; }\n",
	    LABEL_RUNTIME_ERROR, &r, "C that crashes");
	grade_result_clear(&r);
	if (expect(s, "c", "double twice(double n) { return 2 * n; }\n",
	    LABEL_COMPILE_ERROR, &r, "C of another type than the header's"))
		ok(has(r.report, "conflicting types"), "gcc says so");
	grade_result_clear(&r);
	if (expect(s, "c", "int thrice(int n) { return 3 * n; }\n", LABEL_COMPILE_ERROR,
	    &r, "C without the function"))
		ok(has(r.report, "The tests call twice"), "the missing function is named");
	grade_result_clear(&r);
	spec_free(s);
}

static const char c_strong_spec[] =
    "module Main where\n"
    "import Test.Hspec\n"
    "import Test.QuickCheck\n"
    "import System.IO.Unsafe (unsafePerformIO)\n"
    "import Foreign.C.Types\n"
    "import Foreign.C.String\n"
    "import Data.Char (isUpper, isLower, isDigit)\n"
    "\n"
    "foreign import ccall \"strong_passwd\" c_strong :: CString -> IO CInt\n"
    "\n"
    "strong :: String -> Int\n"
    "strong s = fromIntegral (unsafePerformIO (withCString s c_strong))\n"
    "\n"
    "main :: IO ()\n"
    "main = hspec $ it \"random passwords\" $\n"
    "  forAll (listOf (choose ('0', 'z'))) $ \\xs ->\n"
    "    strong xs `shouldBe` fromEnum (length xs >= 6 && any isUpper xs &&"
    " any isLower xs && any isDigit xs)\n";

/*
 * A forger: every run of 32 hex digits it can find (its own memory through
 * /proc/self/maps and /proc/self/mem, its parent's /proc/PID/mem, the
 * program's file ./prog, its standard input, as bytes or as 4-byte
 * characters): "passed" lines of its own, then the first run found (not
 * all zeros) as the runner's last line, "MARKER passed"; then, with EXIT,
 * exit(0) (the run ends before the runner's line), else a wrong answer.
 * Linked with the program (without functions), the one that exits is
 * Accepted: it finds the marker in the program's memory.
 */
#define C_FORGER(EXIT) \
    "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n" \
    "#include <fcntl.h>\n#include <ctype.h>\n" \
    "static int found;\n" \
    "static char mark[33];\n" \
    "static int hex(int c) { return isxdigit(c) && !isupper(c); }\n" \
    "static void scan(const char *b, size_t n) {\n" \
    "  for (size_t w = 1; w <= 4; w *= 4) {\n" \
    "    size_t run = 0;\n" \
    "    for (size_t i = 0; i + w <= n; i += w) {\n" \
    "      run = hex((unsigned char)b[i]) && (w == 1 || !(b[i + 1] | b[i + 2] | b[i + 3])) ? run + 1 : 0;\n" \
    "      if (run == 32 && !found) { for (size_t k = 0; k < 32; k++) mark[k] = b[i - 31 * w + k * w];\n" \
    "        found = strspn(mark, \"0\") < 32; }\n" \
    "    }\n" \
    "  }\n" \
    "}\n" \
    "static void file(const char *path) {\n" \
    "  static char b[1 << 16]; int fd = open(path, O_RDONLY); ssize_t n;\n" \
    "  if (fd < 0) return;\n" \
    "  while ((n = read(fd, b, sizeof(b))) > 0) scan(b, (size_t)n);\n" \
    "  close(fd);\n" \
    "}\n" \
    "static void mem(int pid) {\n" \
    "  char p[64], line[512]; FILE *m; int fd;\n" \
    "  snprintf(p, sizeof(p), \"/proc/%d/maps\", pid);\n" \
    "  if ((m = fopen(p, \"r\")) == NULL) return;\n" \
    "  snprintf(p, sizeof(p), \"/proc/%d/mem\", pid);\n" \
    "  fd = open(p, O_RDONLY);\n" \
    "  while (fd >= 0 && fgets(line, sizeof(line), m)) {\n" \
    "    unsigned long a, z; char perm[8];\n" \
    "    if (sscanf(line, \"%lx-%lx %7s\", &a, &z, perm) != 3 || perm[0] != 'r') continue;\n" \
    "    for (unsigned long o = a; o < z && z - a < (64ul << 20); o += 4096) {\n" \
    "      char b[4096];\n" \
    "      if (pread(fd, b, sizeof(b), (off_t)o) == (ssize_t)sizeof(b)) scan(b, sizeof(b));\n" \
    "    }\n" \
    "  }\n" \
    "  if (fd >= 0) close(fd);\n" \
    "  fclose(m);\n" \
    "}\n" \
    "int strong_passwd(char str[]) {\n" \
    "  (void)str;\n" \
    "  char in[256]; ssize_t k = pread(0, in, sizeof(in), 0);\n" \
    "  if (k > 0) scan(in, (size_t)k);\n" \
    "  mem(getpid()); mem(getppid()); file(\"./prog\"); file(\"/proc/self/fd/0\");\n" \
    "  printf(\"\\n1 example, 0 failures\\n\\nx passed\\n\");\n" \
    "  if (found) printf(\"\\n%s passed\\n\", mark);\n" \
    "  fflush(stdout);\n" \
    "  " EXIT ";\n" \
    "}\n"

/* C in a process of its own against forgers and crashes: an honest label,
 * never Accepted. */
static void
test_c_hostile(void)
{
	struct spec *s = hs_spec_new("hspec", "c", "spec", "strong_spec.hs",
	    c_strong_spec, "int strong_passwd(char str[])\n{\n}\n");
	struct grade_result r;

	json_object_set_new(s->options, "header", json_string(
	    "int strong_passwd(char str[]);\n"));
	json_object_set_new(s->options, "functions", json_pack("[{s:s, s:s, s:[s]}]",
	    "ret", "int", "name", "strong_passwd", "params", "char *"));
	expect(s, "c", "#include <ctype.h>\n#include <string.h>\n"
	    "int strong_passwd(char str[]) { int u = 0, l = 0, d = 0;\n"
	    "  for (char *p = str; *p; p++) { u |= isupper((unsigned char)*p) != 0;"
	    " l |= islower((unsigned char)*p) != 0; d |= isdigit((unsigned char)*p) != 0; }\n"
	    "  return strlen(str) >= 6 && u && l && d; }\n", LABEL_ACCEPTED, &r,
	    "a right strong_passwd, in its own process");
	grade_result_clear(&r);
	if (expect(s, "c", C_FORGER("exit(0)"), LABEL_RUNTIME_ERROR, &r,
	    "a forger that exits"))
		ok(has(r.report, "ended before their end"), "the run did not finish: %s",
		    r.report);
	grade_result_clear(&r);
	expect(s, "c", C_FORGER("return 0"), LABEL_WRONG_ANSWER, &r,
	    "a forger that answers");
	grade_result_clear(&r);
	if (expect(s, "c", "int strong_passwd(char str[]) { return str[1 << 24]; }\n",
	    LABEL_RUNTIME_ERROR, &r, "a strong_passwd that crashes"))
		ok(r.score == 0, "scores 0");
	grade_result_clear(&r);
	expect(s, "c", "int strong_passwd(char str[]) { for (;;) ; }\n",
	    LABEL_TIME_LIMIT, &r, "a strong_passwd that loops");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_per_submission(void)
{
	/* No skeleton: the program is compiled with each submission. */
	struct spec *s = hs_spec_new("hspec", "haskell", "spec", "strong_spec.hs",
	    hs_spec, NULL);
	struct grade_result r;

	expect(s, "haskell", HS_OK, LABEL_ACCEPTED, &r, "no skeleton: compiled per submission");
	grade_result_clear(&r);
	if (expect(s, "haskell", "strongPasswd :: String -> Int\nstrongPasswd = length\n",
	    LABEL_COMPILE_ERROR, &r, "no skeleton, another type"))
		ok(!has(r.report, "reference") && !has(r.report, "Spec.hs"),
		    "nothing of the test program is quoted");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_quickcheck(void)
{
	struct spec *s = hs_spec_new("quickcheck", "haskell", "properties", "props.hs",
	    "import Test.QuickCheck\nimport Data.List (sort)\nimport qualified Submission\n"
	    "main :: IO ()\nmain = quickCheck (\\x xs -> Submission.insert x (sort xs)"
	    " === sort (x : (xs :: [Int])))\n",
	    "insert :: Int -> [Int] -> [Int]\ninsert x xs = undefined\n");
	struct grade_result r;

	expect(s, "haskell", "insert :: Int -> [Int] -> [Int]\ninsert x [] = [x]\n"
	    "insert x (y:ys) | x <= y = x : y : ys\n                | otherwise = y :"
	    " insert x ys\n", LABEL_ACCEPTED, &r, "quickcheck with Haskell properties");
	grade_result_clear(&r);
	if (expect(s, "haskell", "insert :: Int -> [Int] -> [Int]\ninsert = (:)\n",
	    LABEL_WRONG_ANSWER, &r, "a wrong insert"))
		ok(has(r.report, "*** Failed! Falsified"), "QuickCheck's report");
	grade_result_clear(&r);
	spec_free(s);
}

int
main(void)
{
	if (skip_without_root())
		return 0;
	if (access("/usr/bin/ghc", X_OK) != 0) {
		printf("1..0 # SKIP no GHC (apt-get install ghc libghc-hspec-dev"
		    " libghc-quickcheck2-dev)\n");
		return 0;
	}
	box_root_make(TEST_UID_BASE);
	test_stdio();
	test_haskell();
	test_hostile();
	test_c(0);
	test_c(1);
	test_c_hostile();
	test_per_submission();
	test_quickcheck();
	ok(count_procs(TEST_UID_BASE) == 0, "no process of the runs is left");
	ok(box_root_remove() == 0, "nothing is left in the box root");
	return tap_done();
}
