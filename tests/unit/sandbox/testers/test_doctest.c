/*
 * test_doctest.c - the doctest tester through engine_grade(): right, wrong
 * and partly right modules, doctest's flags, the labels, what the report
 * shows of public and private examples, and attempts to cheat the verdict
 * from the student's module (needs root: the jail).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID_BASE 64910

static const char square_public[] =
    ">>> square(3)\n9\n>>> square(-2)\n4\n";
static const char square_private[] =
    ">>> square(12345)\n152399025\n";

/* A doctest spec with PUBLIC and PRIVATE examples (either may be NULL). */
static struct spec *
doctest_spec(const char *public, const char *private)
{
	struct spec *s = new_spec("d/square", "Square", "doctest");
	json_t *o = json_object();

	spec_add_language(s, "python");
	spec_add_language(s, "c");
	if (public != NULL)
		json_object_set_new(o, "public", json_string(public));
	if (private != NULL)
		json_object_set_new(o, "private", json_string(private));
	json_object_set_new(s->options, "doctest", o);
	return s;
}

/* Does R show nothing of the private example (its input, its output)? */
static int
private_hidden(const struct grade_result *r)
{
	char *tests = json_dumps(r->tests, 0);
	int hidden = !has(r->report, "12345") && !has(r->report, "152399025") &&
	    !has(r->report, "private[");

	free(tests);
	return hidden;
}

static void
test_labels(struct spec *s)
{
	struct grade_result r;

	is_int(grade_timed(s, "python", "def square(x):\n    return x * x\n", &r,
	    "a doctest grading (4 runs)"), 0, "graded");
	is_str(label_name(r.status), "Accepted", "right: Accepted");
	ok(r.score == 1, "score 1");
	is_str(r.report, "All 3 examples passed (2 public, 1 private).\n", "the report");
	is_int(json_array_size(r.tests), 2, "one entry per group of examples");
	is_str(field(&r, 0, "name"), "public examples", "tests[0].name");
	ok(!json_is_true(json_object_get(json_array_get(r.tests, 1), "public")),
	    "the private group is not public");
	grade_result_clear(&r);

	grade(s, "python", "def square(x):\n    return x + x\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "wrong: WrongAnswer");
	ok(r.score == 0, "score 0");
	ok(has(r.report, "0 of 3 examples passed before this failure.\n\n"
	    "**********************************************************************\n"
	    "Line 1, in public examples\nFailed example:\n    square(3)\n"
	    "Expected:\n    9\nGot:\n    6\n"), "doctest's own report");
	ok(!has(r.report, "square(-2)"), "only the first failure");
	is_str(field(&r, 0, "input"), "square(3)\n", "tests[0].input: the example");
	is_str(field(&r, 0, "expected"), "9\n", "tests[0].expected");
	is_str(field(&r, 0, "got"), "6\n", "tests[0].got");
	is_str(field(&r, 1, "message"), "not run: an earlier example failed",
	    "the private group, not reached");
	ok(private_hidden(&r), "nothing private in the report");
	grade_result_clear(&r);

	grade(s, "python", "def square(x):\n    return {3: 9, -2: 4}.get(x, 0)\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "only the public examples: WrongAnswer");
	ok(r.score == 0, "score 0: 1 or 0");
	ok(has(r.report, "Every public example passed, but a private example printed or"
	    " raised something else than expected."), "the report says a private one failed");
	ok(private_hidden(&r), "and nothing of it");
	is_str(field(&r, 1, "got"), "0\n", "tests[1] keeps the data (for admins)");
	grade_result_clear(&r);

	grade(s, "python", "def square(x)\n    return x * x\n", &r);
	is_str(label_name(r.status), "CompileError", "a syntax error: CompileError");
	ok(has(r.report, "File \"main.py\", line 1") && has(r.report, "SyntaxError"),
	    "with Python's message");
	grade_result_clear(&r);

	grade(s, "python", "def square(x):\n    raise ValueError('no')\n", &r);
	is_str(label_name(r.status), "RuntimeError", "an exception: RuntimeError");
	ok(has(r.report, "Failed example:\n    square(3)\nException raised:\n"
	    "    Traceback (most recent call last):\n") &&
	    has(r.report, "      File \"main.py\", line 2, in square\n") &&
	    has(r.report, "    ValueError: no\n"), "doctest's form, the student's frames");
	ok(!has(r.report, "assay-run") && !has(r.report, "/tmp/box"),
	    "nothing of the driver");
	grade_result_clear(&r);

	grade(s, "python", "def square(x):\n    if x > 100:\n        raise KeyError(x)\n"
	    "    return x * x\n", &r);
	is_str(label_name(r.status), "RuntimeError", "a private example raises: RuntimeError");
	ok(has(r.report, "a private example raised an exception.") && private_hidden(&r),
	    "said, without its traceback (it holds the input)");
	grade_result_clear(&r);

	{
		/* Nested a thousand deep: Python's compiler gives up. */
		char deep[3100];

		memset(deep, '(', 1000);
		memset(deep + 1000, ')', 1000);
		strcpy(deep + 2000, "\n");
		grade(s, "python", deep, &r);
		is_str(label_name(r.status), "CompileError", "a module too deep to compile:"
		    " CompileError, not MiscError");
		grade_result_clear(&r);
	}

	grade(s, "python", "import os\n"
	    "raise RuntimeError('at import ' + os.getcwd())\n", &r);
	is_str(label_name(r.status), "RuntimeError", "importing raises: RuntimeError");
	ok(has(r.report, "Importing your module raised an exception:") &&
	    has(r.report, "RuntimeError: at import /tmp/box"), "with the traceback");
	grade_result_clear(&r);

	s->limits.cpu_ms = 300;
	grade(s, "python", "def square(x):\n    while x > 100:\n        pass\n"
	    "    return x * x\n", &r);
	is_str(label_name(r.status), "TimeLimitExceeded", "a private example hangs:"
	    " TimeLimitExceeded");
	ok(has(r.report, "2 of 3 examples passed before this failure") &&
	    has(r.report, "a private example did not finish: CPU time limit of 0.3 s"
	    " exceeded."), "said");
	grade_result_clear(&r);
	grade(s, "python", "def square(x):\n    while True:\n        pass\n", &r);
	is_str(label_name(r.status), "TimeLimitExceeded", "a public one: TimeLimitExceeded");
	ok(has(r.report, "Failed example:\n    square(3)\n") &&
	    has(r.report, "The example did not finish: CPU time limit"), "which one");
	grade_result_clear(&r);
	s->limits.cpu_ms = 0;

	s->limits.memory_kib = 64 * 1024;
	grade(s, "python", "def square(x):\n"
	    "    return len(bytearray(400 * 1024 * 1024))\n", &r);
	is_str(label_name(r.status), "MemoryLimitExceeded", "an example over the memory"
	    " limit: MemoryLimitExceeded");
	ok(has(r.report, "The example did not finish: memory limit of 64 MiB exceeded"),
	    "said");
	grade_result_clear(&r);
	s->limits.memory_kib = 0;

	grade(s, "python", "import os\ndef square(x):\n    os._exit(0)\n", &r);
	is_str(label_name(r.status), "RuntimeError", "the module exits: RuntimeError");
	ok(has(r.report, "did your code exit"), "explained");
	grade_result_clear(&r);

	grade(s, "python", "import socket\ndef square(x):\n    socket.socket()\n", &r);
	is_str(label_name(r.status), "RuntimeError", "a socket: RuntimeError");
	ok(has(r.report, "forbidden system call: socket"), "the jail's words");
	grade_result_clear(&r);
}

static void
test_flags(void)
{
	struct spec *s = doctest_spec(
	    ">>> list(range(30))\n[0, 1, 2, ..., 29]\n"
	    ">>> print('a   b\\n c')\na b c\n"
	    ">>> int('x')\nTraceback (most recent call last):\n    ...\n"
	    "ValueError: something else\n"
	    ">>> import collections; raise collections.abc.Error()  # doctest: +SKIP\n"
	    ">>> square(2)\n4\n", NULL);
	struct grade_result r;

	grade(s, "python", "def square(x):\n    return x * x\n", &r);
	is_str(label_name(r.status), "Accepted", "ELLIPSIS, NORMALIZE_WHITESPACE,"
	    " IGNORE_EXCEPTION_DETAIL and SKIP");
	is_str(r.report, "All 4 examples passed (4 public, 0 private; 1 skipped).\n",
	    "a skipped example is not run, and said so");
	grade_result_clear(&r);
	spec_free(s);

	s = doctest_spec(">>> print('x' * 5)  # doctest: -ELLIPSIS\nx...\n", NULL);
	grade(s, "python", "", &r);
	is_str(label_name(r.status), "WrongAnswer", "an example's own directive wins");
	grade_result_clear(&r);
	spec_free(s);

	s = doctest_spec(">>> square(2)\nTraceback (most recent call last):\n"
	    "ValueError: x\n", NULL);
	grade(s, "python", "def square(x):\n    return 4\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "an exception expected, none raised:"
	    " WrongAnswer");
	grade_result_clear(&r);
	grade(s, "python", "def square(x):\n    raise KeyError('x')\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "another exception: WrongAnswer");
	ok(has(r.report, "Expected:\n    Traceback (most recent call last):\n"
	    "    ValueError: x\nGot:\n    Traceback"), "doctest's Expected/Got");
	grade_result_clear(&r);
	spec_free(s);

	/* Examples share what they define, group by group. */
	s = doctest_spec(">>> y = square(5)\n>>> y + 1\n26\n", ">>> y\n25\n");
	grade(s, "python", "def square(x):\n    return x * x\n", &r);
	is_str(label_name(r.status), "RuntimeError", "the private group starts afresh"
	    " (NameError)");
	grade_result_clear(&r);
	spec_free(s);

	s = doctest_spec(NULL, square_private);
	grade(s, "python", "def square(x):\n    return x * x\n", &r);
	is_str(r.report, "All 1 example passed (0 public, 1 private).\n",
	    "private examples only");
	is_int(json_array_size(r.tests), 1, "one group");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_cheats(struct spec *s)
{
	struct grade_result r;

	grade(s, "python", "import doctest\n"
	    "doctest.OutputChecker.check_output = lambda *a: True\n"
	    "doctest.DocTestRunner.run = lambda *a, **k: doctest.TestResults(0, 3)\n"
	    "print('All 3 examples passed.')\n"
	    "def square(x):\n    return 0\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "patching doctest changes nothing");
	grade_result_clear(&r);

	grade(s, "python", "import os, json\n"
	    "for fd in range(3, 20):\n"
	    "    for i in range(10):\n"
	    "        try:\n"
	    "            os.write(fd, (json.dumps({'i': i, 'out': '9\\n', 'cut': False,"
	    " 'exc': None}) + '\\n').encode())\n"
	    "        except OSError:\n"
	    "            pass\n"
	    "    try:\n"
	    "        os.write(fd, b'{\"done\": true}\\n')\n"
	    "    except OSError:\n"
	    "        pass\n"
	    "os.write(1, b'{\"i\": 2, \"out\": \"152399025\\\\n\", \"exc\": null}\\n')\n"
	    "def square(x):\n    return 0\n", &r);
	is_str(label_name(r.status), "WrongAnswer",
	    "forged reports on every descriptor: WrongAnswer");
	ok(has(r.report, "Line 3, in public examples") || has(r.report, "Line 1, in public"),
	    "a claim of the right output of a public example is no more than printing it");
	grade_result_clear(&r);

	grade(s, "python", "import os, gc\n"
	    "os.lseek(0, 0, 0)\n"
	    "seen = os.read(0, 1 << 20).decode() + repr(gc.get_objects()[:2000])\n"
	    "def square(x):\n    print(seen)\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "reading its input and memory");
	ok(has(r.report, "square(3)") && private_hidden(&r),
	    "finds the public examples' sources, nothing of the private ones");
	ok(!has(r.report, "\\n9\\n") && !has(r.report, "'9\\n'"),
	    "nor any expected output");
	grade_result_clear(&r);

	/* Junk on every descriptor the student's process has, its pipes to
	 * the runner included: skipped, never the platform's failure. */
	grade(s, "python", "import os\n"
	    "for fd in range(3, 20):\n"
	    "    try:\n"
	    "        os.write(fd, b'[' * 200000 + b'\\n{\"r\": 1, \"v\": 9}\\n{\"i\": 0, \"out\": \"9\\\\n\",'"
	    " b' \"exc\": null}\\n{\"import\": 5}\\n\\xff\\xfe\\n')\n"
	    "    except OSError:\n"
	    "        pass\n"
	    "def square(x):\n    print('\\ud800')\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "malformed and hostile messages: the"
	    " student's own WrongAnswer, never MiscError");
	ok(r.log == NULL && has(r.report, "0 of 3 examples passed") &&
	    has(r.report, "Got:\n    ?\n"), "what the function printed, a lone surrogate"
	    " made valid");
	grade_result_clear(&r);

	/* The right result of every example (square's examples: 9, 4 and
	 * 152399025) and the runner's last line, written on every descriptor
	 * before any runs, then an exit or not. The report is the runner's
	 * alone: none of it is believed. */
	grade(s, "python", "import os, json\n"
	    "for fd in range(3, 20):\n"
	    "    for i, out in enumerate(['9', '4', '152399025']):\n"
	    "        try:\n"
	    "            os.write(fd, (json.dumps({'i': i, 'out': out + '\\n', 'cut':"
	    " False, 'exc': None}) + '\\n{\"done\": true}\\n').encode())\n"
	    "        except OSError:\n"
	    "            pass\n"
	    "os._exit(0)\n", &r);
	ok(r.status == LABEL_RUNTIME_ERROR && r.score == 0,
	    "every result forged, then an exit: RuntimeError, score 0");
	ok(has(r.report, "0 of 3 examples passed before this failure") &&
	    has(r.report, "Failed example:\n    square(3)\nThe example did not finish:"
	    " the program ended before the example did"),
	    "no claim believed: the first example did not finish");
	grade_result_clear(&r);
	grade(s, "python", "import os, json\n"
	    "for fd in range(3, 20):\n"
	    "    for i, out in enumerate(['9', '4', '152399025']):\n"
	    "        try:\n"
	    "            os.write(fd, (json.dumps({'i': i, 'out': out + '\\n', 'cut':"
	    " False, 'exc': None}) + '\\n{\"done\": true}\\n').encode())\n"
	    "        except OSError:\n"
	    "            pass\n"
	    "def square(x):\n    return 0\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && r.score == 0 &&
	    has(r.report, "0 of 3 examples passed before this failure") &&
	    has(r.report, "Expected:\n    9\nGot:\n    0\n"),
	    "every result forged, then the examples run: the function's own result");
	grade_result_clear(&r);

	grade(s, "python", "import sys\nsys.stdout.write('ok\\n')\nsys.exit(0)\n", &r);
	is_str(label_name(r.status), "RuntimeError", "exiting at import: RuntimeError");
	grade_result_clear(&r);

	grade(s, "python", "import os\nos.close(1)\n"
	    "def square(x):\n    return x * x\n", &r);
	is_str(label_name(r.status), "Accepted", "closing standard output changes nothing"
	    " (the student's process has none: the report is the runner's)");
	grade_result_clear(&r);
}

/* Grades MODULE against the public examples EXAMPLES: Accepted, or says why. */
static void
accepted(const char *examples, const char *module, const char *what)
{
	struct spec *s = doctest_spec(examples, NULL);
	struct grade_result r;

	grade(s, "python", module, &r);
	if (!ok(r.status == LABEL_ACCEPTED, "%s", what))
		diag("got %s: %s", label_name(r.status), r.report != NULL ? r.report : "");
	grade_result_clear(&r);
	spec_free(s);
}

/*
 * The student's module in a process of its own: the examples see its
 * objects across the boundary as in one process (data by value, the
 * module's shared containers live, arguments updated in place, its
 * exceptions, callbacks and generators in order), and its code reaches
 * nothing of the runner's.
 */
static void
test_boundary(void)
{
	static const char module[] =
	    "TASKS = []\n"
	    "class Overdrawn(ValueError):\n"
	    "    def __init__(self, amount):\n"
	    "        super().__init__('overdrawn by %d' % amount)\n"
	    "        self.amount = amount\n"
	    "class Point:\n"
	    "    def __init__(self, x, y):\n        self.x, self.y = x, y\n"
	    "    def __repr__(self):\n        return 'Point(%r, %r)' % (self.x, self.y)\n"
	    "def add_task(t):\n    TASKS.append(t)\n"
	    "def sort_in_place(xs):\n    xs.sort()\n"
	    "def fill(grid):\n    grid[0].append(1)\n    grid.append([2])\n"
	    "def withdraw(n):\n    if n > 10:\n        raise Overdrawn(n - 10)\n"
	    "    return 10 - n\n"
	    "def apply(f, x):\n    print('before')\n    r = f(x)\n    print('after')\n"
	    "    return r\n"
	    "def count(n):\n    for i in range(n):\n        print('step', i)\n"
	    "        yield i\n"
	    "def fresh():\n    return [1, 2]\n"
	    "def peek(f):\n    try:\n        return f.__globals__\n"
	    "    except AttributeError as e:\n        return str(e)\n";
	struct spec *s;
	struct grade_result r;

	accepted(">>> add_task('a'); TASKS\n['a']\n"
	    ">>> xs = [3, 1, 2]; sort_in_place(xs); xs\n[1, 2, 3]\n"
	    ">>> row = [0]; grid = [row, row]; fill(grid); grid, grid[0] is grid[1]\n"
	    "([[0, 1], [0, 1], [2]], True)\n"
	    ">>> withdraw(15)\nTraceback (most recent call last):\n"
	    "main.Overdrawn: overdrawn by 5\n"
	    ">>> try:\n...     withdraw(20)\n... except Overdrawn as e:\n"
	    "...     print(e.amount, isinstance(e, ValueError))\n10 True\n"
	    ">>> apply(lambda v: print('in', v) or v * 2, 4)\nbefore\nin 4\nafter\n8\n"
	    ">>> for i in count(2): print('got', i)\nstep 0\ngot 0\nstep 1\ngot 1\n"
	    ">>> p = Point(1, 2); p, type(p), p.x\n(Point(1, 2), <class 'main.Point'>, 1)\n"
	    ">>> type(fresh()) is list, sorted([3, 1, 2], key=lambda v: -v)\n"
	    "(True, [3, 2, 1])\n",
	    module, "the module's objects across the boundary as in one process:"
	    " live globals, arguments updated, exceptions, callbacks and generators in"
	    " order, classes named");
	accepted(">>> peek(lambda: 0)\n"
	    "\"your code cannot reach the attribute '__globals__' of the examples'"
	    " function objects\"\n"
	    ">>> import os\n>>> try:\n...     apply(os, 1)\n... except TypeError as e:\n"
	    "...     print(e)\nmodule object cannot be handed to your code\n", module,
	    "the examples' objects: called, never looked into; modules never handed");
	accepted(">>> square(3)\n[]\n>>> square(-2)\n[]\n",
	    "import os\n"
	    "def square(x):\n"
	    "    seen = []\n"
	    "    for what in ('mem', 'environ', 'fd/0', 'fd/1', 'maps'):\n"
	    "        try:\n"
	    "            open('/proc/%d/%s' % (os.getppid(), what), 'rb').close()\n"
	    "            seen.append(what)\n"
	    "        except OSError:\n"
	    "            pass\n"
	    "    return seen\n",
	    "the runner's /proc files (memory, descriptors, environment) are closed to"
	    " the student's process");
	accepted(">>> square(3)\nFalse\n>>> square(-2)\nFalse\n",
	    "import gc\n"
	    "def square(x):\n"
	    "    needle = 'square(' + str(-2) + ')'\n"
	    "    return needle in ''.join(repr(o) for o in gc.get_objects()\n"
	    "                                    if type(o) in (dict, list, tuple))\n",
	    "the student's process never holds an example's source");

	/* doctest's semantics: an example that compares a result trusts the
	 * result's own ==; one that shows the value shows what its repr()
	 * computes. */
	s = doctest_spec(">>> square(4) == 16\nTrue\n", ">>> square(2)\n4\n");
	grade(s, "python", "class Anything:\n"
	    "    def __eq__(self, other):\n        return True\n"
	    "    def __repr__(self):\n        return '16'\n"
	    "def square(x):\n    return Anything()\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && has(r.report, "1 of 2 examples passed"),
	    "an object equal to everything passes `f(x) == y`, not an example that"
	    " shows the value");
	grade_result_clear(&r);

	grade(s, "python", "import os, signal\n"
	    "def square(x):\n    os.kill(os.getpid(), signal.SIGSEGV)\n", &r);
	ok(r.status == LABEL_RUNTIME_ERROR && has(r.report, "SIGSEGV"),
	    "the student's process killed by a signal: the run ends the same way");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_misc(void)
{
	struct spec *s = doctest_spec(square_public, NULL);
	struct grade_result r;

	grade(s, "c", "", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "Python only"),
	    "a doctest exercise in C: MiscError, logged");
	grade_result_clear(&r);
	spec_free(s);

	s = doctest_spec(NULL, NULL);
	grade(s, "python", "", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "no examples"),
	    "no examples: MiscError");
	grade_result_clear(&r);
	json_object_set_new(json_object_get(s->options, "doctest"), "private",
	    json_integer(3));
	grade(s, "python", "", &r);
	ok(r.status == LABEL_MISC_ERROR && r.log != NULL && strcmp(r.log,
	    "doctest: d/square: options.doctest.private must be text") == 0,
	    "examples that are not text: MiscError, logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);
	json_object_del(s->options, "doctest");
	grade(s, "python", "", &r);
	ok(r.status == LABEL_MISC_ERROR && r.log != NULL &&
	    strcmp(r.log, "doctest: d/square: no options.doctest") == 0,
	    "no options: MiscError, logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);
	spec_free(s);

	s = doctest_spec("just prose, no example\n", NULL);
	grade(s, "python", "", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "no example"),
	    "texts without an example: MiscError");
	grade_result_clear(&r);
	spec_free(s);

	s = doctest_spec(">>>square(1)\n1\n", NULL);
	grade(s, "python", "", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "public examples"),
	    "a malformed example: MiscError, logged: %s", r.log ? r.log : "");
	ok(!has(r.report, "square"), "the student sees only that the platform failed");
	grade_result_clear(&r);
	spec_free(s);
}

/* The linter (mypy): a type error is a CompileError with its message. */
static void
test_linter(void)
{
	struct spec *s = doctest_spec(square_public, square_private);
	json_t *l = json_pack("{s:s, s:[s]}", "name", "mypy", "args",
	    "--check-untyped-defs");
	struct grade_result r;

	json_object_set_new(json_object_get(s->options, "doctest"), "linter", l);
	if (access("/usr/lib/python3/dist-packages/mypy/__init__.py", R_OK) != 0) {
		grade(s, "python", "def square(x):\n    return x * x\n", &r);
		ok(r.status == LABEL_MISC_ERROR && has(r.log, "Debian's package mypy"),
		    "no mypy on the grader: MiscError naming the package: %s",
		    r.log ? r.log : "");
		grade_result_clear(&r);
		spec_free(s);
		return;
	}
	grade_timed(s, "python", "def square(x: int) -> int:\n    return x * x\n", &r,
	    "a doctest grading with mypy");
	is_str(label_name(r.status), "Accepted", "a clean module: graded as before");
	grade_result_clear(&r);
	grade(s, "python", "def square(x: int) -> int:\n    return x * x\n\n"
	    "y: str = square(3)\n", &r);
	is_str(label_name(r.status), "CompileError", "a type error: CompileError");
	ok(has(r.report, "The linter (mypy) found problems in your module:\n\n"
	    "main.py:4: error: Incompatible types in assignment") &&
	    !has(r.report, "/box"), "mypy's message, paths relative: %s", r.report);
	grade_result_clear(&r);
	grade(s, "python", "def square(x):\n    return x *\n", &r);
	ok(r.status == LABEL_COMPILE_ERROR && has(r.report, "Your module did not compile"),
	    "a syntax error: Python's message first");
	grade_result_clear(&r);
	json_array_append_new(json_object_get(l, "args"), json_string("--no-such-flag"));
	grade(s, "python", "def square(x):\n    return x * x\n", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "mypy exited with status 2"),
	    "bad linter-args: MiscError, logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);
	json_object_set_new(l, "name", json_string("pylint"));
	grade(s, "python", "def square(x):\n    return x * x\n", &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "not a linter this grader knows"),
	    "an unknown linter: MiscError");
	grade_result_clear(&r);
	spec_free(s);
}

int
main(void)
{
	struct spec *s;

	if (skip_without_root())
		return 0;
	box_root_make(TEST_UID_BASE);
	s = doctest_spec(square_public, square_private);
	test_labels(s);
	test_flags();
	test_cheats(s);
	test_boundary();
	test_misc();
	test_linter();
	spec_free(s);
	ok(box_root_remove() == 0, "nothing is left in the box root");
	return tap_done();
}
