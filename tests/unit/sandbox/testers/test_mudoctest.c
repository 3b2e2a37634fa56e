/*
 * test_mudoctest.c - the mutation tester through engine_grade(): examples
 * that kill every mutant, that let one survive, that fail on the target;
 * suites the exercise does not take (too many examples, none, unreadable);
 * examples that attack the tester (exit, forged reports, a killed process,
 * files left for the next run) (needs root: the jail).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID_BASE 64970

static const char target[] =
    "def reward(amount):\n"
    "    if amount < 0:\n        print(\"invalid amount\")\n"
    "    elif amount <= 10:\n        print(\"bronze\")\n"
    "    elif amount <= 20:\n        print(\"silver\")\n"
    "    else:\n        print(\"gold\")\n";
/* No check of negative amounts; 10 is silver; 20 is gold. */
static const char *const mutants[] = {
	"def reward(amount):\n"
	"    if amount <= 10:\n        print(\"bronze\")\n"
	"    elif amount <= 20:\n        print(\"silver\")\n"
	"    else:\n        print(\"gold\")\n",
	"def reward(amount):\n"
	"    if amount < 0:\n        print(\"invalid amount\")\n"
	"    elif amount < 10:\n        print(\"bronze\")\n"
	"    elif amount <= 20:\n        print(\"silver\")\n"
	"    else:\n        print(\"gold\")\n",
	"def reward(amount):\n"
	"    if amount < 0:\n        print(\"invalid amount\")\n"
	"    elif amount <= 10:\n        print(\"bronze\")\n"
	"    elif amount < 20:\n        print(\"silver\")\n"
	"    else:\n        print(\"gold\")\n",
};

static const char all_killed[] =
    ">>> reward(-1)\ninvalid amount\n>>> reward(10)\nbronze\n"
    ">>> reward(20)\nsilver\n>>> reward(21)\ngold\n";

/* A spec with the target, the mutants (the second one named, as a page
 * that shows it) and LIMIT (0: none). */
static struct spec *
mu_spec(long limit)
{
	struct spec *s = new_spec("mu/reward", "Rewards", "mudoctest");
	json_t *o = json_object(), *m = json_array();

	spec_add_language(s, "python");
	for (size_t i = 0; i < sizeof(mutants) / sizeof(*mutants); i++) {
		json_t *e = json_pack("{s:s}", "text", mutants[i]);

		if (i == 1)
			json_object_set_new(e, "name", json_string("reward_mut2.py"));
		json_array_append_new(m, e);
	}
	json_object_set_new(o, "target", json_string(target));
	json_object_set_new(o, "mutants", m);
	if (limit > 0)
		json_object_set_new(o, "limit-tests", json_integer(limit));
	json_object_set_new(s->options, "mudoctest", o);
	return s;
}

static void
test_labels(struct spec *s)
{
	struct grade_result r;

	is_int(grade_timed(s, "python", all_killed, &r, "a mudoctest grading (3 mutants)"),
	    0, "graded");
	is_str(label_name(r.status), "Accepted", "every mutant killed: Accepted");
	ok(r.score == 1, "score 1");
	ok(has(r.report, "All 4 examples passed on the target, and each of the 3"
	    " mutants failed"), "the report: %s", r.report);
	is_int(json_array_size(r.tests), 4, "one entry for the target, one per mutant");
	is_str(field(&r, 2, "name"), "mutant 2 (reward_mut2.py)", "a shown mutant's name");
	is_str(field(&r, 1, "name"), "mutant 1", "a private mutant's number");
	grade_result_clear(&r);

	grade(s, "python", ">>> reward(-1)\ninvalid amount\n>>> reward(20)\nsilver\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "a mutant survives: WrongAnswer");
	ok(r.score == 0, "score 0");
	ok(has(r.report, "1 of the 3 mutants passed them all too") &&
	    has(r.report, "  - mutant 2 (reward_mut2.py) survived\n"),
	    "the report names the survivor: %s", r.report);
	ok(!has(r.report, "amount < 10"), "without its code");
	ok(json_is_true(json_object_get(json_array_get(r.tests, 1), "passed")) &&
	    !json_is_true(json_object_get(json_array_get(r.tests, 2), "passed")),
	    "tests: mutant 1 killed, mutant 2 survived");
	grade_result_clear(&r);

	grade(s, "python", ">>> reward(5)\nbronze\n>>> reward(15)\ngold\n", &r);
	is_str(label_name(r.status), "WrongAnswer", "an example fails on the target");
	ok(has(r.report, "Failed example:\n    reward(15)\nExpected:\n    gold\n"
	    "Got:\n    silver\n"), "doctest's report of it: %s", r.report);
	is_str(field(&r, 0, "got"), "silver\n", "tests[0].got");
	is_str(field(&r, 1, "message"), "not judged: the examples failed on the target",
	    "the mutants are not run");
	grade_result_clear(&r);

	grade(s, "python", ">>> reward('x')\nbronze\n", &r);
	is_str(label_name(r.status), "RuntimeError", "an example raises on the target");
	ok(has(r.report, "TypeError"), "with the traceback: %s", r.report);
	grade_result_clear(&r);
}

static void
test_suites(void)
{
	struct spec *s = mu_spec(2);
	struct grade_result r;

	grade(s, "python", all_killed, &r);
	ok(r.status == LABEL_COMPILE_ERROR && has(r.report, "at most 2 examples;"
	    " yours have 4"), "over limit-tests: CompileError: %s", r.report);
	grade_result_clear(&r);
	grade(s, "python", "Just prose.\n", &r);
	ok(r.status == LABEL_COMPILE_ERROR && has(r.report, "no example"),
	    "no example: CompileError");
	grade_result_clear(&r);
	grade(s, "python", "", &r);
	ok(r.status == LABEL_COMPILE_ERROR, "an empty submission: CompileError");
	grade_result_clear(&r);
	grade(s, "python", ">>>reward(1)\nbronze\n", &r);
	ok(r.status == LABEL_COMPILE_ERROR && has(r.report, "doctest cannot read"),
	    "a malformed example: CompileError: %s", r.report);
	grade_result_clear(&r);
	spec_add_language(s, "c");
	grade(s, "c", all_killed, &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "Python"), "in C: MiscError: %s",
	    r.log ? r.log : "");
	grade_result_clear(&r);
	json_object_del(json_object_get(s->options, "mudoctest"), "mutants");
	grade(s, "python", all_killed, &r);
	ok(r.status == LABEL_MISC_ERROR && has(r.log, "needs a target, mutants"),
	    "no mutants: MiscError, logged: %s", r.log ? r.log : "");
	grade_result_clear(&r);
	spec_free(s);
}

static void
test_cheats(struct spec *s)
{
	struct grade_result r;

	grade(s, "python", ">>> import os; os._exit(0)\n", &r);
	ok(r.status != LABEL_ACCEPTED, "an example that exits: not Accepted (%s)",
	    label_name(r.status));
	grade_result_clear(&r);

	grade(s, "python", ">>> import os, json\n"
	    ">>> os.write(1, b'{\"i\": 0, \"out\": \"\", \"cut\": false, \"exc\": null}\\n"
	    "{\"i\": 1, \"out\": \"\", \"cut\": false, \"exc\": null}\\n"
	    "{\"done\": true}\\n'); os._exit(0)\n\n>>> reward(1)\nsilver\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER, "a forged report: the same on every run,"
	    " so the mutants survive (%s)", label_name(r.status));
	grade_result_clear(&r);

	grade(s, "python", ">>> import os, signal; os.kill(os.getpid(), signal.SIGKILL)\n",
	    &r);
	ok(r.status == LABEL_RUNTIME_ERROR && has(r.report, "SIGKILL"),
	    "a run killed: RuntimeError on the target: %s", r.report);
	grade_result_clear(&r);

	/* The target runs first: a file it leaves would tell the mutants' runs. */
	grade(s, "python", ">>> import os\n"
	    ">>> seen = any(os.path.exists(p) for p in ('flag', '/tmp/flag'))\n"
	    ">>> for p in ('flag', '/tmp/flag'):\n"
	    "...     try:\n...         open(p, 'w').close()\n"
	    "...     except OSError:\n...         pass\n>>> seen\nFalse\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && has(r.report, "3 of the 3 mutants"),
	    "nothing of the target's run is seen by the mutants' (%s): %s",
	    label_name(r.status), r.report);
	grade_result_clear(&r);

	grade(s, "python", ">>> import sys; sys.stdin.read()\n''\n>>> open('main.py').read()\n''\n",
	    &r);
	ok(r.status == LABEL_WRONG_ANSWER && has(r.report, "3 of the 3 mutants"),
	    "the box and the input are the same for every module (%s)",
	    label_name(r.status));
	grade_result_clear(&r);

	/* Telling a mutant by its code, not its behaviour: the module is in a
	 * process of its own, its functions proxies without attributes. */
	grade(s, "python", ">>> len(reward.__code__.co_code) > 0\nTrue\n", &r);
	ok(r.status == LABEL_RUNTIME_ERROR && has(r.report, "AttributeError"),
	    "a function's code cannot be read: %s", r.report);
	grade_result_clear(&r);
	grade(s, "python", ">>> import inspect, hashlib\n"
	    ">>> len(inspect.getsource(reward)) > 0\nTrue\n", &r);
	ok(r.status == LABEL_RUNTIME_ERROR, "nor its source (%s)", label_name(r.status));
	grade_result_clear(&r);
	grade(s, "python", ">>> import gc, types\n>>> any(isinstance(o, types.FunctionType)"
	    " and o.__code__.co_name == 'reward' for o in gc.get_objects())\nFalse\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && has(r.report, "3 of the 3 mutants"),
	    "the module's functions are not in the examples' process (%s)",
	    label_name(r.status));
	grade_result_clear(&r);
	grade(s, "python", ">>> import sys; sys.stdin.read()\n''\n", &r);
	ok(r.status == LABEL_WRONG_ANSWER && has(r.report, "3 of the 3 mutants"),
	    "nor on its standard input (%s)", label_name(r.status));
	grade_result_clear(&r);

	grade(s, "python", ">>> while True: pass\n", &r);
	ok(r.status == LABEL_TIME_LIMIT, "a loop on the target: TimeLimitExceeded (%s)",
	    label_name(r.status));
	grade_result_clear(&r);
}

int
main(void)
{
	struct spec *s;

	if (skip_without_root())
		return 0;
	box_root_make(TEST_UID_BASE);
	s = mu_spec(0);
	test_labels(s);
	test_suites();
	test_cheats(s);
	spec_free(s);
	ok(box_root_remove() == 0, "nothing is left in the box root");
	return tap_done();
}
