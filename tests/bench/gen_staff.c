/*
 * gen_staff.c - the store of bench_staff.py, written through the real write
 * path, and its baseline.
 *
 *   gen_staff fill DATA STUDENTS EXERCISES SUBMISSIONS
 *        users s0000... (students, named, sharing one password hash), then
 *        SUBMISSIONS submissions spread over them and over the exercises
 *        w1/e01... and w2/e26... (two folders), received over 30 days; each
 *        stored by store_submit() (record, index, queue entry, summary: one
 *        transaction) and graded by queue_claim() + queue_finish() (one
 *        transaction each), as a grader would. About one in twenty is
 *        invalid (late). Deterministic (a fixed seed).
 *   gen_staff code DATA EXERCISE FILE...
 *        users s0000... as many as FILEs; student I submits FILE I (C) for
 *        EXERCISE, graded Accepted, through the same path: the store of
 *        bench_similarity.py.
 *   gen_staff scan DATA
 *        reads every submission record through store_submission_get():
 *        the baseline. Prints "records N ms T".
 *
 * There is no batched write in store.h: a submission costs three commits.
 * The bench puts DATA on a tmpfs, where a commit's fsync costs nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/auth.h"
#include "fcgi/isotime.h"
#include "fcgi/queue.h"
#include "fcgi/store.h"

#define T0 1793000000	/* 2026-10-26: the course's first day */

static const char *const labels[] = { "Accepted", "WrongAnswer", "CompileError",
	"RuntimeError", "TimeLimitExceeded", "Accepted", "PresentationError", "Accepted" };

static double
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1e3 + (t.tv_nsec - t0->tv_nsec) / 1e6;
}

static int
add_users(struct store *s, int students)
{
	struct store_user *u = calloc((size_t)students, sizeof(*u));
	const char **names = calloc((size_t)students, sizeof(*names));
	char (*nb)[32] = calloc((size_t)students, sizeof(*nb)), hash[AUTH_HASH_MAX];
	int rc = -1;

	if (u == NULL || names == NULL || nb == NULL || auth_hash_password("student-pw", hash))
		goto out;
	for (int i = 0; i < students; i++) {
		snprintf(u[i].login, sizeof(u[i].login), "s%04d", i);
		snprintf(u[i].role, sizeof(u[i].role), "student");
		snprintf(u[i].hash, sizeof(u[i].hash), "%s", hash);
		snprintf(nb[i], sizeof(nb[i]), "Student %d, \"S\"", i);
		names[i] = nb[i];
	}
	rc = store_user_put(s, u, names, (size_t)students, NULL, NULL) == STORE_OK ? 0 : -1;
out:
	free(u);
	free(names);
	free(nb);
	return rc;
}

/* Stores CODE of LANG by LOGIN for EX, received WHEN, valid or not, and grades it LABEL
 * with SCORE, as a grader would. 0 or -1. */
static int
submit_graded(struct store *s, struct queue_lease *me, const char *login, const char *ex,
    const char *lang, const char *code, const char *when, int valid, const char *label,
    double score)
{
	json_t *rec, *fields, *got = NULL;
	uint64_t id, cid;
	int rc;

	rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s?, s:n, s:s, s:[]}", "login",
	    login, "exercise", ex, "language", lang, "code", code, "received", when, "status",
	    "Evaluating", "valid", valid, "validity", valid ? NULL : "late", "score",
	    "report", "", "tests");
	if (rec == NULL || store_submit(s, rec, NULL, NULL, &id) != STORE_OK)
		goto fail;
	json_decref(rec);
	if (queue_claim(s, me, &cid, &got, NULL) != STORE_OK || cid != id)
		return -1;
	json_decref(got);
	fields = json_pack("{s:s, s:f, s:s, s:s}", "status", label, "score", score, "report", "",
	    "graded", when);
	rc = fields ? queue_finish(s, id, me, fields) : STORE_ERROR;
	json_decref(fields);
	return rc == STORE_OK ? 0 : -1;
fail:
	json_decref(rec);
	return -1;
}

/* Submits and grades submission number I. 0 or -1. */
static int
one(struct store *s, struct queue_lease *me, long i, int students, int exercises, long total)
{
	char login[16], ex[16], when[32], code[160];
	int e = (int)((i * 7919) % exercises), lab = (int)((i * 31 + i / 7) % 8);
	time_t t = T0 + (time_t)(i * (30 * 86400.0 / (double)total));

	snprintf(login, sizeof(login), "s%04d", (int)(i % students));
	snprintf(ex, sizeof(ex), "w%d/e%02d", e < exercises / 2 ? 1 : 2, e + 1);
	snprintf(code, sizeof(code), "#include <stdio.h>\nint main(void) { /* %ld <&> */ "
	    "puts(\"Hello\"); return 0; }\n", i);
	isotime_format(t, when);
	return submit_graded(s, me, login, ex, "c", code, when, i % 20 != 0, labels[lab],
	    lab == 0 || lab == 5 || lab == 7 ? 1.0 : (double)(i % 5) / 4);
}

/* Reads PATH whole into a new string. NULL when it cannot. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long len;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (text = malloc((size_t)len + 1)) != NULL) {
		if (fread(text, 1, (size_t)len, f) != (size_t)len) {
			free(text);
			text = NULL;
		} else {
			text[len] = '\0';
		}
	}
	fclose(f);
	return text;
}

/* Student I (s0000...) submits FILES[I] in C for EX, graded Accepted. */
static int
code_fill(struct store *s, const char *ex, char **files, int n)
{
	struct queue_lease me;
	struct timespec t0;
	char login[16], when[32];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (add_users(s, n) || queue_lease_self(&me, 3600)) {
		fprintf(stderr, "gen_staff: users: %s\n", store_error(s));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char *code = slurp(files[i]);
		int rc;

		if (code == NULL) {
			fprintf(stderr, "gen_staff: %s: cannot read\n", files[i]);
			return 1;
		}
		snprintf(login, sizeof(login), "s%04d", i);
		isotime_format(T0 + i * 60, when);
		rc = submit_graded(s, &me, login, ex, "c", code, when, 1, "Accepted", 1.0);
		free(code);
		if (rc) {
			fprintf(stderr, "gen_staff: %s: %s\n", files[i], store_error(s));
			return 1;
		}
	}
	printf("submissions %d ms %.0f\n", n, ms_since(&t0));
	return 0;
}

static int
fill(struct store *s, int students, int exercises, long total)
{
	struct queue_lease me;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (add_users(s, students) || queue_lease_self(&me, 3600)) {
		fprintf(stderr, "gen_staff: users: %s\n", store_error(s));
		return 1;
	}
	for (long i = 0; i < total; i++)
		if (one(s, &me, i, students, exercises, total)) {
			fprintf(stderr, "gen_staff: submission %ld: %s\n", i, store_error(s));
			return 1;
		}
	printf("submissions %ld ms %.0f\n", total, ms_since(&t0));
	return 0;
}

static int
scan(struct store *s)
{
	struct store_use u;
	struct timespec t0;
	size_t n = 0;
	json_t *rec;

	if (store_use(s, &u) != STORE_OK)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint64_t id = 1; n < u.submissions && id < u.submissions * 2 + 16; id++)
		if (store_submission_get(s, id, &rec) == STORE_OK) {
			n++;
			json_decref(rec);
		}
	printf("records %zu ms %.1f\n", n, ms_since(&t0));
	return n == u.submissions ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct store *s;
	char err[512];
	int rc;

	if (argc < 3 || (strcmp(argv[1], "fill") == 0 && argc != 6) ||
	    (strcmp(argv[1], "code") == 0 && argc < 5) ||
	    (strcmp(argv[1], "scan") == 0 && argc != 3)) {
		fputs("usage: gen_staff fill DATA STUDENTS EXERCISES SUBMISSIONS | "
		    "code DATA EXERCISE FILE... | scan DATA\n", stderr);
		return 2;
	}
	if (store_open(argv[2], &s, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "gen_staff: %s\n", err);
		return 1;
	}
	if (strcmp(argv[1], "fill") == 0)
		rc = fill(s, atoi(argv[3]), atoi(argv[4]), atol(argv[5]));
	else if (strcmp(argv[1], "code") == 0)
		rc = code_fill(s, argv[3], argv + 4, argc - 4);
	else
		rc = scan(s);
	store_close(s);
	return rc;
}
