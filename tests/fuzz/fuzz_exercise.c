/*
 * fuzz_exercise.c - libFuzzer harness for an exercise page's fields
 * (sitegen/exercise.h, exercise_cases.h): the input is a page, whose
 * metadata is read (meta.h) and turned into a spec as sitegen does, in a
 * small course made once in a temporary directory (test files, doctest
 * files, argument files, an events file).
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour": a page that
 * builds gives a spec that spec_from_json reads back; a `valid` expression
 * parses with the events the spec carries (the service has no others);
 * every case is well-formed (text, a mark > 0, a known show), the
 * functions the tests call (given or the skeleton's; the input is tried
 * as a skeleton on its own too) are well-formed prototypes, and the page
 * shows exactly the example cases, in a table whose text is escaped; a
 * page with errors gives no spec.
 *
 * Built and run by tests/fuzz/run (FUZZ_SECONDS=60 runs each longer),
 * which names the sources each harness links. To run it again, from the
 * repository root:
 *   build/fuzz/fuzz_exercise -max_total_time=60 \
 *     build/fuzz/corpus-fuzz_exercise tests/fuzz/seeds/fuzz_exercise
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/format/spec.h"
#include "sandbox/format/valid.h"
#include "sandbox/util/buf.h"
#include "sitegen/events.h"
#include "sitegen/exercise.h"
#include "sitegen/exercise_cases.h"
#include "sitegen/page.h"
#include "sitegen/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[] = "/tmp/assay-fuzz-exercise-XXXXXX";
static char *rootreal;
static json_t *events;

static void
put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static void
cleanup(void)
{
	static const char *const files[] = { "ex/t/1.in", "ex/t/1.out", "ex/t/2.in",
	    "ex/t/2.out", "ex/t/1.args", "ex/t/2.args", "ex/page.tst", "ex/private.tst",
	    "ex/page.c", "ex/data.txt", "events.cfg", "ex/t", "ex", "", NULL };
	char path[512];

	for (const char *const *f = files; *f != NULL; f++) {
		snprintf(path, sizeof(path), "%s/%s", root, *f);
		if (unlink(path) != 0)
			rmdir(path);
	}
}

/* The course every page is built in, made once (and removed at exit). */
static int
setup(void)
{
	struct diags d = { NULL, NULL, 0, 0 };
	char path[512];

	if (rootreal != NULL)
		return 0;
	if (mkdtemp(root) == NULL)
		return -1;
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/ex", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/ex/t", root);
	mkdir(path, 0755);
	put("ex/t/1.in", "1\n");
	put("ex/t/1.out", "1\n");
	put("ex/t/2.in", "2\n");
	put("ex/t/2.out", "2\n");
	put("ex/t/1.args", "-a b\n");
	put("ex/t/2.args", "");
	put("ex/page.tst", ">>> f(1)\n1\n");
	put("ex/private.tst", ">>> f(2)\n2\n");
	put("ex/page.c", "#include \"qc.h\"\n");
	put("ex/data.txt", "data\n");
	put("events.cfg", "week1 = 15/02/2027\nweek2 = #week1 + 1 week\nexam = 09:00 20/06/2027\n");
	if (events_load(root, &d, &events) != 0 || (rootreal = realpath(root, NULL)) == NULL)
		return -1;
	return 0;
}

/* FUNCTIONS (may be NULL: one program) is 1 to 32 prototypes, each a name
 * and at most 6 parameters, all text. */
static void
check_functions(const json_t *functions)
{
	const json_t *f, *t;
	size_t i, k;

	if (functions == NULL)
		return;
	if (json_array_size(functions) < 1 || json_array_size(functions) > 32)
		abort();
	json_array_foreach(functions, i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));

		if (name == NULL || name[0] == '\0' ||
		    !json_is_string(json_object_get(f, "ret")) ||
		    json_array_size(json_object_get(f, "params")) > 6)
			abort();
		json_array_foreach(json_object_get(f, "params"), k, t)
			if (!json_is_string(t))
				abort();
	}
}

static void
check_cases(const struct spec *s)
{
	json_t *cases = json_object_get(json_object_get(s->options, "cases"), "cases"), *c;
	struct buf b = BUF_INIT;
	size_t i, examples = 0, rows = 0;

	if (!json_is_array(cases) || json_array_size(cases) == 0)
		abort();
	json_array_foreach(cases, i, c) {
		const char *show = json_string_value(json_object_get(c, "show"));

		if (!json_is_string(json_object_get(c, "test")) ||
		    !json_is_string(json_object_get(c, "expected")) || show == NULL ||
		    !(json_number_value(json_object_get(c, "mark")) > 0))
			abort();
		if (strcmp(show, "example") == 0)
			examples++;
		else if (strcmp(show, "shown") != 0 && strcmp(show, "hidden") != 0)
			abort();
	}
	if (exercise_cases_render_examples(&b, s) != (examples > 0))
		abort();
	check_functions(json_object_get(json_object_get(s->options, "cases"),
	    "functions"));
	/* Escaped text has no '<': the rows are the table's own. */
	for (const char *p = b.data; p != NULL && (p = memmem(p, b.len - (size_t)(p - b.data),
	    "<tr><td>", 8)) != NULL; p += 8)
		rows++;
	if (rows != examples)
		abort();
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = { NULL, NULL, 0, 0 };
	json_t *grading = json_object(), *attachments = json_object(), *deps = json_object(), *j;
	struct exercise_ctx ctx = { .diags = &d, .grading = grading, .attachments = attachments,
		.deps = deps };
	struct page p = { .path = "ex/page.md", .file = "ex/page.md", .id = "ex/page",
		.dir = "ex/" };
	struct meta_error err;
	struct spec *s = NULL, *back = NULL;
	char msg[256];

	/* The input as a skeleton too (code:, the cases' functions). */
	if (size < 4096 && !memchr(data, '\0', size)) {
		char *code = strndup((const char *)data, size), why[400] = "";
		for (int calls = 0; calls < 2 && code != NULL; calls++) {
			json_t *fns = exercise_cases_skeleton(code, calls ? code : NULL,
			    why, sizeof(why));

			if (fns == NULL && why[0] == '\0')
				abort();	/* no reason given */
			check_functions(fns);
			json_decref(fns);
		}
		free(code);
	}
	/* Globs reaching out of the course could walk the whole file system. */
	if (setup() != 0 || memmem(data, size, "..", 2) != NULL || memchr(data, '\0', size))
		goto out;
	ctx.root = root;
	ctx.rootreal = rootreal;
	ctx.events = events;
	if (meta_parse((const char *)data, size, &p.meta, &err) != 0)
		goto out;
	p.tester = json_string_value(json_object_get(p.meta.fields, "tester"));
	if (p.tester == NULL)
		goto out;
	s = exercise_spec(&p, "Title", &ctx);
	if ((s != NULL) != (d.errors == 0))
		abort();
	if (s == NULL)
		goto out;
	if ((j = spec_to_json(s)) == NULL)
		goto out;
	if (spec_from_json(j, &back, msg, sizeof(msg)) != 0)
		abort();
	json_decref(j);
	if (json_is_string(json_object_get(s->options, "valid"))) {
		struct valid_expr *e = NULL;
		struct valid_error ve;

		if (valid_parse(json_string_value(json_object_get(s->options, "valid")),
		    json_object_get(s->options, "events"), &e, &ve) != 0)
			abort();
		valid_free(e);
	}
	if (strcmp(s->tester, "cases") == 0)
		check_cases(s);
out:
	spec_free(s);
	spec_free(back);
	meta_free(&p.meta);
	json_decref(grading);
	json_decref(attachments);
	json_decref(deps);
	return 0;
}
