/*
 * tester_sqlite.c - the sqlite-query tester (Codex's): the student's SQL
 * query runs against each of the exercise's databases, and its result
 * table is compared with the author's answer's on the same database.
 *
 * Spec options (sitegen writes them from Codex's fields, exercise_sqlite.h):
 *   "answer":        the author's query (text)
 *   "databases":     [{"name": NAME, "public": BOOL, "data": BASE64}]  in
 *                    order, public ones first: each database's file, whole
 *                    (sitegen makes the file of an author's .sql script)
 *   "ignore-order":  true   rows compared as a multiset (default: in order)
 *   "compare-column-names": true   the columns' names must be the answer's
 *                    too (default: ignored; Assay's own field)
 * The submission's language is "sql"; this grader need not know it as a
 * language of lang.c (engine.c lets this tester name its own): its runs
 * are those of sql_lang below, under the C profile.
 *
 * Databases travel in the spec as base64, not as .sql scripts run at each
 * grading: a spec and a submission are all a grading needs, and a
 * database built once (by sitegen) costs nothing to set up, whatever its
 * size; sitegen caps the files at SQLITE_DATABASES_MAX bytes in all.
 *
 * Each database is a file of the box (db1.sqlite, ...), read-only, with
 * the jail's program assay-sqlrun (sqlrun/sqlrun.c), which opens it
 * read-only and immutable and accepts one read-only SELECT (or WITH)
 * only, checked in the jail (the query is hostile text, parsed only
 * there). Per database, the student's query runs first, its text on the
 * program's standard input; then, when it ran well, the answer runs in a
 * run of its own (standard input again, under the ceilings of CPU and
 * wall time), so that the answer is never in the box nor in the student's
 * process; its table is kept in the grader's memory for the next
 * submissions (sqlite_cache.h). Both write their tables in
 * sqlrun's encoding (a JSON value per line), read and compared here as
 * untrusted text (sqlite_table.h).
 *
 * Labels per database: the query does not compile (SQLite's message) or is
 * refused (not one read-only statement): CompileError, and no further
 * database is tried; an error while it runs: RuntimeError; the CPU or wall
 * limit (an endless recursive CTE): TimeLimitExceeded; more output than
 * the limit: RuntimeError, as for every tester; a table other than the
 * answer's: WrongAnswer. The verdict is the worst database's, the score
 * the fraction that passed. The answer failing is the author's mistake:
 * MiscError, with the reason in the log.
 *
 * What a student sees: for a public database, its name, the expected and
 * obtained numbers of rows and the first rows that differ (in order: the
 * rows from the first difference; ignoring order: rows missing and rows
 * not expected); for a private one ("private 1"...), only whether it
 * passed and how the run ended. What the student's query can reach: the
 * box, read-only, with the program and every database of the exercise
 * (each run opens one; ATTACH is refused), a /tmp of its own; never the
 * answer, which is only on the standard input of the answer's runs.
 *
 * tester_sqlite(), at the end, is the phases in order: prepare (options,
 * the box and its files), run (each database: the student's query, the
 * answer, the comparison), report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/sqlite_cache.h"
#include "sandbox/testers/sqlite_table.h"
#include "sandbox/testers/sqlrun/sqlrun.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/b64.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/embed.h"
#include "sandbox/util/errmsg.h"

#ifndef SQLRUN_PATH
#error "SQLRUN_PATH must name the built assay-sqlrun"
#endif

__asm__(
	".section .rodata\n"
	EMBED_FILE(sqlite_sqlrun, SQLRUN_PATH)
	".previous\n"
);
extern const char sqlite_sqlrun[];
extern const size_t sqlite_sqlrun_len;

#define MIB 1024

static char *const sql_run[] = { "./assay-sqlrun", NULL };

/* The runs of a query: a compiled program's profile, room in /tmp for
 * SQLite's sorts. */
static const struct lang sql_lang = {
	.name = "sql",
	.title = "SQL (SQLite)",
	.source = "query.sql",
	.run = sql_run,
	.run_profile = JAIL_PROFILE_C,
	.compile_profile = JAIL_PROFILE_C,
	.run_limits = {
		.cpu_ms = 2000, .wall_ms = 5000, .memory_kib = 256 * MIB,
		.output_kib = 256, .fsize_kib = 16 * MIB, .files = 64,
		.processes = 1, .tmp_kib = 16 * MIB,
	},
};

/* One database of the exercise, and what the query did on it. */
struct sql_db {
	const char *name;	/* the author's name of the file */
	int public;
	char *data;		/* the file, decoded */
	size_t len;
	uint64_t hash;		/* sqlite_cache_hash() of the file */
	char boxname[32];	/* "db1.sqlite" */
	enum label label;
	char msg[512];		/* one line on why it failed */
	char *detail;		/* a failed public database's rows, or NULL */
};

/* One grading: what the phases of the sqlite-query tester share. */
struct sqlite_grading {
	struct tester_env env;	/* the engine's, with lang = &sql_lang */
	const char *answer;
	int ignore_order, compare_names;
	struct sql_db *db;
	size_t n, passed;
	struct jail_limits lim;	/* of the student's runs */
	struct jail_box *box;
	char *compile_msg;	/* CompileError: what to tell, or NULL */
	enum label verdict;
	char *log;
	size_t loglen;
};

/*
 * Judges database D's table GOT against the answer's WANT: D's label and
 * message, and for a public one the detail. 0, or -1 on ENOMEM.
 */
static int
sqlite_compare(struct sqlite_grading *g, struct sql_db *d,
    const struct sqlite_table *want, const struct sqlite_table *got)
{
	struct buf b = BUF_INIT;
	int same = sqlite_table_compare(want, got, g->ignore_order,
	    g->compare_names, &b);

	if (same == -1 || b.oom) {
		buf_free(&b);
		return -1;
	}
	if (same) {
		buf_free(&b);
		d->label = LABEL_ACCEPTED;
		return 0;
	}
	d->label = LABEL_WRONG_ANSWER;
	if (!d->public) {
		snprintf(d->msg, sizeof(d->msg), "wrong result");
		buf_free(&b);
		return 0;
	}
	snprintf(d->msg, sizeof(d->msg), "wrong result: expected %zu row%s, obtained"
	    " %zu", want->n, want->n == 1 ? "" : "s", got->n);
	if ((d->detail = buf_steal(&b)) == NULL)
		return -1;
	return 0;
}

static void
sqlite_grading_clear(struct sqlite_grading *g)
{
	(void)jail_box_free(g->box, NULL, 0);
	for (size_t i = 0; g->db != NULL && i < g->n; i++) {
		free(g->db[i].data);
		free(g->db[i].detail);
	}
	free(g->db);
	free(g->compile_msg);
	memset(g, 0, sizeof(*g));
}

/* The spec's options into G. 0, or -1 with LOG (the spec is wrong: the
 * author's or sitegen's mistake). */
static int
read_options(struct sqlite_grading *g)
{
	const struct spec *spec = g->env.spec;
	const json_t *o = spec->options, *dbs = json_object_get(o, "databases"), *e;
	const char *id = spec->id ? spec->id : "?";
	size_t i;

	g->answer = json_string_value(json_object_get(o, "answer"));
	g->ignore_order = json_is_true(json_object_get(o, "ignore-order"));
	g->compare_names = json_is_true(json_object_get(o, "compare-column-names"));
	if (g->answer == NULL || json_array_size(dbs) == 0) {
		errmsg_set(g->log, g->loglen, "sqlite-query: %s: the spec needs an"
		    " answer and databases", id);
		return -1;
	}
	g->n = json_array_size(dbs);
	if ((g->db = calloc(g->n, sizeof(*g->db))) == NULL) {
		errmsg_set(g->log, g->loglen, "sqlite-query: out of memory");
		return -1;
	}
	json_array_foreach(dbs, i, e) {
		struct sql_db *d = &g->db[i];
		const json_t *data = json_object_get(e, "data");

		d->name = json_string_value(json_object_get(e, "name"));
		d->public = json_is_true(json_object_get(e, "public"));
		snprintf(d->boxname, sizeof(d->boxname), "db%zu.sqlite", i + 1);
		if (d->name == NULL || !json_is_string(data) ||
		    (d->data = b64_decode(json_string_value(data),
		    json_string_length(data), &d->len)) == NULL) {
			errmsg_set(g->log, g->loglen, "sqlite-query: %s: database %zu"
			    " has no name or no base64 data", id, i + 1);
			return -1;
		}
		d->hash = sqlite_cache_hash(d->data, d->len);
	}
	return 0;
}

/*
 * Prepare: the options read, the box made with assay-sqlrun and every
 * database in it.
 */
static int
sqlite_prepare(const struct tester_env *env, struct sqlite_grading *g,
    char *log, size_t loglen)
{
	struct tester_file prog = { "assay-sqlrun", sqlite_sqlrun,
	    sqlite_sqlrun_len, 0755 };

	memset(g, 0, sizeof(*g));
	g->env = *env;
	g->env.lang = &sql_lang;
	g->verdict = LABEL_ACCEPTED;
	g->log = log;
	g->loglen = loglen;
	if (read_options(g) == -1)
		return -1;
	lang_run_limits(&sql_lang, &env->spec->limits, &g->lim);
	if (tester_box_create(&g->env, &prog, 1, &g->box, log, loglen) == -1)
		return -1;
	for (size_t i = 0; i < g->n; i++)
		if (jail_box_put(g->box, g->db[i].boxname, g->db[i].data,
		    g->db[i].len, 0644, log, loglen) == -1)
			return -1;
	return TESTER_NEXT;
}

/* Runs QUERY (LEN bytes) on database D under limits LIM, into R. 0, or -1
 * with LOG. */
static int
sqlite_run_query(struct sqlite_grading *g, const struct sql_db *d,
    const char *query, size_t len, const struct jail_limits *lim,
    struct jail_result *r)
{
	char *argv[] = { sql_run[0], (char *)d->boxname, NULL };
	struct jail_config jc;
	char err[256];

	tester_jail_config(&g->env, g->box, &jc);
	jc.argv = argv;
	jc.limits = *lim;
	jc.profile = sql_lang.run_profile;
	jc.input = query;
	jc.input_len = len;
	memset(r, 0, sizeof(*r));
	if (jail_box_run(g->box, &jc, r, err, sizeof(err)) == -1) {
		errmsg_set(g->log, g->loglen, "sqlite-query: %s: %s", d->boxname, err);
		return -1;
	}
	return 0;
}

/*
 * The answer's table on D, into WANT: kept from an earlier grading
 * (sqlite_cache.h), or run now, under the ceilings (the author's query
 * may be slower than the students' limits; it runs once per grader).
 * 0, or -1 with LOG: the answer must run.
 */
static int
sqlite_answer(struct sqlite_grading *g, const struct sql_db *d,
    struct sqlite_table *want)
{
	const char *id = g->env.spec->id ? g->env.spec->id : "?";
	struct jail_limits lim = g->lim;
	struct jail_result r;
	size_t len;
	char *kept = sqlite_cache_get(id, g->answer, d->len, d->hash, &len);
	int rc = -1;

	if (kept != NULL) {
		rc = sqlite_table_parse(kept, len, want);
		free(kept);
		if (rc == 0)
			return 0;
	}
	lim.cpu_ms = SPEC_MAX_CPU_MS;
	lim.wall_ms = SPEC_MAX_WALL_MS;
	lim.output_kib = SPEC_MAX_OUTPUT_KIB;
	if (sqlite_run_query(g, d, g->answer, strlen(g->answer), &lim, &r) == -1)
		return -1;
	rc = -1;
	if (r.status != JAIL_EXITED || r.code != 0)
		errmsg_set(g->log, g->loglen, "sqlite-query: %s: the answer failed on"
		    " %s (status %d, code %d): %.300s", id, d->name,
		    (int)r.status, r.code, r.err ? r.err : "");
	else if (sqlite_table_parse(r.out, r.out_len, want) == -1)
		errmsg_set(g->log, g->loglen, "sqlite-query: %s: the answer's table on"
		    " %s cannot be read", id, d->name);
	else
		rc = 0;
	if (rc == 0)
		sqlite_cache_put(id, g->answer, d->len, d->hash, r.out, r.out_len);
	jail_result_clear(&r);
	return rc;
}

/*
 * What the student's run R on D said by its exit status: a CompileError
 * (kept in G for the report, TESTER_DONE), a RuntimeError with SQLite's
 * message, or the jail's label. D's label and message are set; returns
 * TESTER_NEXT, TESTER_DONE, or -1 on ENOMEM.
 */
static int
sqlite_judge_run(struct sqlite_grading *g, struct sql_db *d, const struct jail_result *r)
{
	int exited = r->status == JAIL_EXITED;
	char *said;

	d->label = tester_judge(&g->env, r, &g->lim, d->msg, sizeof(d->msg));
	if (!exited || (r->code != SQLRUN_COMPILE && r->code != SQLRUN_REFUSED &&
	    r->code != SQLRUN_STEP))
		return TESTER_NEXT;
	if ((said = tester_stderr(g->box, r->err ? r->err : "", r->err_len,
	    TESTER_MESSAGE_BYTES)) == NULL)
		return -1;
	if (r->code == SQLRUN_STEP) {
		/* SQLite's message names no data, but a private database's
		 * run says only how it ended. */
		d->label = LABEL_RUNTIME_ERROR;
		if (d->public)
			snprintf(d->msg, sizeof(d->msg), "error while running: %.*s",
			    (int)strcspn(said, "\n"), said);
		else
			snprintf(d->msg, sizeof(d->msg), "error while running");
		free(said);
		return TESTER_NEXT;
	}
	d->label = LABEL_COMPILE_ERROR;
	g->compile_msg = said;
	return TESTER_DONE;
}

/* Database D: the student's query, then the answer, then the comparison.
 * TESTER_NEXT, TESTER_DONE (a CompileError), or -1 with LOG. */
static int
sqlite_run_db(struct sqlite_grading *g, struct sql_db *d)
{
	const struct grade_submission *sub = g->env.sub;
	struct sqlite_table want = { 0 }, got = { 0 };
	struct jail_result r;
	int rc;

	if (sqlite_run_query(g, d, sub->code ? sub->code : "", sub->code_len,
	    &g->lim, &r) == -1)
		return -1;
	rc = sqlite_judge_run(g, d, &r);
	if (rc == TESTER_NEXT && d->label == LABEL_ACCEPTED &&
	    sqlite_table_parse(r.out, r.out_len, &got) == -1) {
		d->label = LABEL_RUNTIME_ERROR;
		snprintf(d->msg, sizeof(d->msg), "the query's result could not be read");
	}
	jail_result_clear(&r);
	if (rc == TESTER_NEXT && d->label == LABEL_ACCEPTED) {
		if (sqlite_answer(g, d, &want) == -1)
			rc = -1;
		else if (sqlite_compare(g, d, &want, &got) == -1)
			rc = -1;
	}
	sqlite_table_clear(&want);
	sqlite_table_clear(&got);
	if (rc == -1 && g->log[0] == '\0')
		errmsg_set(g->log, g->loglen, "sqlite-query: out of memory");
	if (rc != -1) {
		g->verdict = label_worse(g->verdict, d->label);
		g->passed += d->label == LABEL_ACCEPTED;
	}
	return rc;
}

/* Run: each database in order, until a CompileError (which the report
 * tells). TESTER_NEXT, or -1 with LOG. */
static int
sqlite_run(struct sqlite_grading *g)
{
	for (size_t i = 0; i < g->n; i++) {
		int rc = sqlite_run_db(g, &g->db[i]);

		if (rc == -1)
			return -1;
		if (rc == TESTER_DONE)
			break;
	}
	return TESTER_NEXT;
}

/* The name a student may see of database I: a private one's is not. */
static void
db_title(const struct sqlite_grading *g, size_t i, char *buf, size_t len)
{
	size_t k = 0;

	if (g->db[i].public) {
		snprintf(buf, len, "%s", g->db[i].name);
		return;
	}
	for (size_t j = 0; j <= i; j++)
		k += !g->db[j].public;
	snprintf(buf, len, "private %zu", k);
}

/* The result's entry of database I. NULL on ENOMEM. */
static json_t *
db_json(const struct sqlite_grading *g, size_t i)
{
	const struct sql_db *d = &g->db[i];
	json_t *o = json_object();
	char name[300];

	db_title(g, i, name, sizeof(name));
	if (o == NULL ||
	    tester_json_set(o, "name", json_string(name)) == -1 ||
	    tester_json_set(o, "public", json_boolean(d->public)) == -1 ||
	    tester_json_set(o, "passed", json_boolean(d->label == LABEL_ACCEPTED)) == -1 ||
	    tester_json_set(o, "status", json_string(label_name(d->label))) == -1 ||
	    (d->label != LABEL_ACCEPTED &&
	    tester_json_set(o, "message", json_string(d->msg)) == -1) ||
	    (d->detail != NULL &&
	    tester_json_set(o, "diff", tester_json_text(d->detail,
	    strlen(d->detail))) == -1)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * Report: a CompileError's message; or how many databases the query
 * passed on, each failed one (public: its rows), then the passed ones.
 * TESTER_DONE, or -1 with LOG.
 */
static int
sqlite_report(struct sqlite_grading *g, struct grade_result *out)
{
	struct buf rep = BUF_INIT;
	json_t *tests = json_array();
	char name[300];

	if (g->compile_msg != NULL) {
		json_decref(tests);
		if (tester_not_compiled(out, "Your query was not run:\n\n",
		    g->compile_msg) == -1)
			goto nomem;
		return TESTER_DONE;
	}
	if (g->passed == g->n)
		buf_printf(&rep, "The query gave the expected result on %s.\n\n",
		    g->n == 1 ? "the database" : "every database");
	else
		buf_printf(&rep, "The query gave the expected result on %zu of %zu"
		    " database%s.\n\n", g->passed, g->n, g->n == 1 ? "" : "s");
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < g->n; i++) {
			const struct sql_db *d = &g->db[i];

			if ((d->label == LABEL_ACCEPTED) != pass)
				continue;
			db_title(g, i, name, sizeof(name));
			buf_printf(&rep, "Database %s: %s.\n", name, pass ? "passed" : d->msg);
			if (d->detail != NULL)
				buf_puts(&rep, d->detail);
		}
	for (size_t i = 0; tests != NULL && i < g->n; i++) {
		json_t *o = db_json(g, i);

		if (o == NULL || json_array_append_new(tests, o) == -1) {
			json_decref(tests);
			goto nomem;
		}
	}
	if (tester_finish(out, g->verdict, (double)g->passed / (double)g->n,
	    buf_steal(&rep), tests) == -1)
		goto nomem;
	return TESTER_DONE;
nomem:
	buf_free(&rep);
	errmsg_set(g->log, g->loglen, "sqlite-query: out of memory");
	return -1;
}

int
tester_sqlite(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct sqlite_grading g;
	int rc;

	if ((rc = sqlite_prepare(env, &g, log, loglen)) == TESTER_NEXT &&
	    (rc = sqlite_run(&g)) == TESTER_NEXT)
		rc = sqlite_report(&g, out);
	sqlite_grading_clear(&g);
	return tester_return(rc, out);
}
