/*
 * engine_util.h - what the engine's unit tests share (test_jail.c,
 * test_stdio.c, test_cases.c, test_doctest.c, test_quickcheck.c,
 * test_engine.c, test_quiz.c): specs made in the test, gradings in a box
 * root of the program's own, and what a result or the host holds after.
 *
 *   if (skip_without_root()) return 0;   the jail needs root
 *   box_root_make(64950);                the box root, and the uid of slot 0
 *   s = new_spec("c/sum", "Sum", "stdio");
 *   grade(s, "c", code, &r);             engine_grade() in the box root
 *   grade_timed(s, "c", code, &r, what)  the same, saying how long it took
 *   has(r.report, "text"), field(&r, 0, "message")
 *   count_procs(uid)                     processes of UID left on the host
 *   box_root_remove()                    0 when nothing else was left in it
 *
 * Each program has uids of its own (box_root_make's UID_BASE), so that
 * suites running at the same time never see each other's processes.
 * Header-only (static inline: a program uses what it needs, as with tap.h)
 * so that each test program stays one file plus this header.
 */
#ifndef ASSAY_ENGINE_UTIL_H
#define ASSAY_ENGINE_UTIL_H

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/engine/engine.h"
#include "tests/tap.h"

/* The gradings' box root (box_root_make()) and the uid of its slot 0. */
static char box_root[PATH_MAX];
static unsigned box_uid_base;

/* Not root: prints the plan of a skipped program and returns 1 (main()
 * then returns 0). */
static inline int
skip_without_root(void)
{
	if (geteuid() == 0)
		return 0;
	printf("1..0 # SKIP the jail needs root\n");
	return 1;
}

/*
 * Makes BOX_ROOT, a new directory /tmp/assay-PROGRAM-XXXXXX, for gradings
 * whose slot 0 runs as UID_BASE. Exits on failure.
 */
static inline void
box_root_make(unsigned uid_base)
{
	snprintf(box_root, sizeof(box_root), "/tmp/assay-%s-XXXXXX",
	    program_invocation_short_name);
	if (mkdtemp(box_root) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	box_uid_base = uid_base;
}

/*
 * Removes BOX_ROOT with the slots' lock files (box-N.lock) and the empty
 * mount points of tmpfs boxes (box-N), which jail_box_free() keeps for the
 * next grader of the slot. Returns 0, or -1 when anything else was left in
 * it (then it stays).
 */
static inline int
box_root_remove(void)
{
	DIR *d = opendir(box_root);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char path[PATH_MAX + 256];

		if (strncmp(e->d_name, "box-", 4) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", box_root, e->d_name);
		if (n >= 9 && strcmp(e->d_name + n - 5, ".lock") == 0)
			unlink(path);
		else
			rmdir(path);	/* a tmpfs box's mount point, empty */
	}
	if (d != NULL)
		closedir(d);
	return rmdir(box_root);
}

/* A new spec (spec_free() it) with ID, TITLE and TESTER (may be NULL), no
 * language and no test yet. */
static inline struct spec *
new_spec(const char *id, const char *title, const char *tester)
{
	struct spec *s = spec_new();

	s->id = strdup(id);
	s->title = strdup(title);
	s->tester = tester ? strdup(tester) : NULL;
	return s;
}

/* Grades CODE in language LANG against SPEC, in slot 0 of BOX_ROOT, into
 * R (grade_result_clear() it); engine_grade()'s return. */
static inline int
grade(const struct spec *spec, const char *lang, const char *code, struct grade_result *r)
{
	struct engine_config cfg = {
		.box_root = box_root, .slot = 0, .uid_base = box_uid_base,
	};
	struct grade_submission sub = {
		.language = lang, .code = code, .code_len = strlen(code),
	};

	return engine_grade(&cfg, spec, &sub, r);
}

/* grade(), then a diag() line saying how long it took: "WHAT: N ms". */
static inline int
grade_timed(const struct spec *spec, const char *lang, const char *code,
    struct grade_result *r, const char *what)
{
	struct timespec a, b;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = grade(spec, lang, code, r);
	clock_gettime(CLOCK_MONOTONIC, &b);
	diag("%s: %.0f ms", what, (b.tv_sec - a.tv_sec) * 1e3 +
	    (b.tv_nsec - a.tv_nsec) / 1e6);
	return rc;
}

/* Does HAY (may be NULL) hold NEEDLE? */
static inline int
has(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

/* The text KEY of test I of R, or "". */
static inline const char *
field(const struct grade_result *r, size_t i, const char *key)
{
	const char *s = json_string_value(json_object_get(json_array_get(r->tests, i), key));

	return s ? s : "";
}

/* How many processes of UID are alive on the host, or -1. */
static inline int
count_procs(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char path[300], line[256];
		FILE *f;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL) {
			unsigned u;

			if (sscanf(line, "Uid: %u", &u) == 1) {
				n += u == uid;
				break;
			}
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

#endif
