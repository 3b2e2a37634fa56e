/*
 * cases_text.h - the text work of the cases tester (tester_cases.c), apart
 * from the jail so that it can be tested and fuzzed alone: building the
 * program from a template, cutting the output of a run of all tests at its
 * markers, and the graders.
 *
 * The program. A template holds the student's answer and the tests' code
 * at two placeholders, CodeRunner's names: {{ STUDENT_ANSWER }} and
 * {{ TEST.testcode }} (spaces inside the braces optional). The second one
 * is replaced by every test's code, each guarded so that one run can
 * execute all tests or only test K (the environment variable
 * ASSAY_CASE=K), each test that runs followed by the run's marker on a
 * line of its own. The marker is not in the program:
 *
 *   C, C++   a run is given it in the environment (CASES_TEXT_MARK_ENV),
 *            drawn for that run, and the program copies it and overwrites
 *            it there before the first test, so that a function called by
 *            a test cannot getenv() it. Each test in a block of its own,
 *            after `#line 1 "test-K.c"`; the answer after
 *            `#line 1 "main.c"` (the tester writes the answer there too,
 *            so that gcc quotes its lines), and the template's own lines
 *            as "template.c"; stdio.h and stdlib.h come first (getenv,
 *            fputs, fflush)
 *   Python   the program is the trusted runner's (cases_run.py), without
 *            the answer: at the answer's placeholder, a call of
 *            CASES_TEXT_PY_ANSWER(globals()), which binds the answer's
 *            names to proxies of the student's module, run in a process
 *            of its own; each test as exec(compile(CODE, "<test K>",
 *            "exec"), globals()) at the placeholder's indentation, so that
 *            its code keeps its own lines and a traceback names the test,
 *            then a call of CASES_TEXT_PY_END(), which writes the marker
 *            the runner alone holds
 *
 * Default templates, when the spec has none:
 *   C, C++   the usual headers (stdio, stdlib, string, math, ctype,
 *            stdbool, limits), the answer, then int main(void) { tests }
 *   Python   the answer, then the tests
 */
#ifndef ASSAY_CASES_TEXT_H
#define ASSAY_CASES_TEXT_H

#include <regex.h>
#include <stddef.h>

enum cases_text_lang { CASES_TEXT_C, CASES_TEXT_PYTHON };

/* A test, for cases_text_program(). */
struct cases_text_test {
	const char *code;	/* NUL-terminated */
	size_t number;		/* K of test-K.c, <test K> and ASSAY_CASE=K:
				   its number among all the tests (from 1) */
};

/* The runner's functions a Python program calls (cases_run.py). */
#define CASES_TEXT_PY_ANSWER "__assay_answer__"
#define CASES_TEXT_PY_END "__assay_end__"

/* The environment variable that gives a C or C++ run its marker. */
#define CASES_TEXT_MARK_ENV "ASSAY_MARK"

/* A marker: "#<assay-" 32 hex digits ">#", and its NUL. */
#define CASES_TEXT_MARKER_SIZE 43

/*
 * The program of ANSWER (ALEN bytes) and the N TESTS in TEMPLATE (NULL:
 * the default of LANG), each test that runs followed by a line holding
 * the run's marker (CASES_TEXT_MARK_ENV). Returns the program (malloc'd,
 * NUL-terminated), or NULL with a message in ERR: a template without one of
 * the placeholders, or ENOMEM.
 */
char *cases_text_program(enum cases_text_lang lang, const char *tmpl,
    const char *answer, size_t alen, const struct cases_text_test *tests,
    size_t n, char *err, size_t errlen);

/*
 * The isolated C program (tester_cases.c, an exercise with "functions"):
 * as cases_text_program() for C, with DECLS (NUL-terminated: setjmp.h,
 * qc.h and a QC_FUNCTION line per student's function) at the answer's
 * placeholder, and at the start of the tests, after the marker is
 * overwritten, the harness of sandbox/qc/child/qc_case.c: one trial for
 * the run, calling ./student.so in ./qc-callee (whose files may grow to
 * FSIZE_KIB), and qc__case_begin() before each test.
 */
char *cases_text_program_qc(const char *tmpl, const char *decls,
    unsigned fsize_kib, const struct cases_text_test *tests, size_t n,
    char *err, size_t errlen);

/*
 * The length, into *LEN, of the Python template TMPL's code before the
 * answer's placeholder (NULL: the default template's, none): the start of
 * the student's module, so that the answer sees the names it defines (its
 * imports, its helpers). Only a placeholder that starts its line has it;
 * one indented (in a function) has none. Returns 0, or -1 when the tests'
 * placeholder comes before the answer's or there is no answer's.
 */
int cases_text_before(const char *tmpl, size_t *len);

/*
 * The marker made of the 16 bytes RND, into MARKER (CASES_TEXT_MARKER_SIZE
 * bytes).
 */
void cases_text_marker(const unsigned char rnd[16],
    char marker[CASES_TEXT_MARKER_SIZE]);

/*
 * Cuts OUT (LEN bytes), the output of a run of N tests (all of them, or
 * the one a run was given), at the lines "\n" MARKER "\n" that follow
 * each test: the output of test i is OUT[starts[i], starts[i] + lens[i]).
 * Returns 0 when there are exactly N markers and nothing after the last,
 * else -1 (the run is not to be believed: a test printed the marker, or
 * the program stopped before a test's end or printed after the tests).
 */
int cases_text_split(const char *out, size_t len, const char *marker, size_t n,
    size_t *starts, size_t *lens);

enum cases_text_grader {
	CASES_TEXT_EXACT,	/* equal, once white space at the end of each
				   line and blank lines at the end are set
				   aside */
	CASES_TEXT_NEAR,	/* equal, once case is folded (ASCII, Latin-1,
				   Latin Extended-A, Greek, Cyrillic) and every
				   run of white space is one space, none at
				   either end */
	CASES_TEXT_REGEX	/* the expected text is a POSIX extended
				   regular expression that matches the whole
				   output, once its trailing white space is set
				   aside; byte by byte, whatever the locale ('.'
				   is one byte of UTF-8) */
};

/* Parses "exact", "near", "regex". 0, or -1. */
int cases_text_grader_parse(const char *s, enum cases_text_grader *out);

/*
 * Does GOT (GLEN bytes, any) pass against EXPECTED (NUL-terminated) under
 * GRADER? RE is EXPECTED compiled with REG_EXTENDED for CASES_TEXT_REGEX
 * (NULL otherwise). Returns 1 or 0, or -1 on ENOMEM.
 */
int cases_text_match(enum cases_text_grader grader, const char *expected,
    const char *got, size_t glen, const regex_t *re);

#endif
