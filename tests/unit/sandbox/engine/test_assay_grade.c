/*
 * test_assay_grade.c - bin/assay-grade, the engine from the command line:
 * its options and usage errors (exit status 2), a spec or a file it cannot
 * read (1, with why on standard error), and a quiz graded from a file or
 * standard input, printed as one JSON object (0). A quiz runs nothing, so
 * no root is needed; the other testers go through assay-grade in
 * tests/qc/test_bugs.py. Skipped when bin/assay-grade is not built.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/format/spec.h"
#include "tests/tap.h"

#define PROGRAM "bin/assay-grade"

/* The scratch directory's path, and files in it. */
static char dir[] = "/tmp/assay-test-assay-grade-XXXXXX";

static char *
path_of(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static void
put(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) == EOF) {
		perror(name);
		exit(1);
	}
}

/* What a run of the program printed, and its exit status. */
struct run {
	char out[16384], err[4096];
	int status;
};

/* Reads all of FD into BUF (LEN bytes, NUL-terminated). */
static void
drain(int fd, char *buf, size_t len)
{
	size_t n = 0;
	ssize_t k;

	while (n + 1 < len && (k = read(fd, buf + n, len - 1 - n)) > 0)
		n += (size_t)k;
	buf[n] = '\0';
}

/* Runs PROGRAM with ARGV (NULL-terminated, without the program's name),
 * INPUT (may be NULL) on standard input, into R. */
static void
run(struct run *r, const char *input, const char *const *args)
{
	char *argv[16];
	char out[] = "/tmp/assay-test-assay-grade-out-XXXXXX";
	char err[] = "/tmp/assay-test-assay-grade-err-XXXXXX";
	int in[2], fo = mkstemp(out), fe = mkstemp(err), st;
	size_t n = 0;
	pid_t pid;

	argv[n++] = PROGRAM;
	while (*args != NULL && n < 15)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	if (fo == -1 || fe == -1 || pipe(in) == -1 || (pid = fork()) == -1) {
		perror("run");
		exit(1);
	}
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(fo, 1);
		dup2(fe, 2);
		close(in[1]);
		execv(PROGRAM, argv);
		_exit(127);
	}
	close(in[0]);
	if (input != NULL)
		(void)!write(in[1], input, strlen(input));
	close(in[1]);
	waitpid(pid, &st, 0);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	lseek(fo, 0, SEEK_SET);
	lseek(fe, 0, SEEK_SET);
	drain(fo, r->out, sizeof(r->out));
	drain(fe, r->err, sizeof(r->err));
	close(fo);
	close(fe);
	unlink(out);
	unlink(err);
}

/* A quiz of one question, "capital" (b is right), and a group of two
 * variants of which a logged-in student is shown one. */
static const char quiz[] =
    "{\"correct_weight\": 1.0, \"incorrect_weight\": null,"
    " \"units\": [{\"key\": \"q/quiz#unit-0\", \"questions\": [0]},"
    "  {\"key\": \"q/quiz#unit-1\", \"questions\": [1, 2]}],"
    " \"questions\": ["
    "  {\"id\": \"capital\", \"title\": \"Capital\", \"type\": \"single\","
    "   \"options\": [{\"label\": \"a\", \"text\": \"Porto\"},"
    "   {\"label\": \"b\", \"text\": \"Lisbon\"}], \"answers\": [\"b\"]},"
    "  {\"id\": \"v1\", \"title\": \"One\", \"type\": \"single\","
    "   \"options\": [{\"label\": \"a\", \"text\": \"yes\"}], \"answers\": [\"a\"]},"
    "  {\"id\": \"v2\", \"title\": \"Two\", \"type\": \"single\","
    "   \"options\": [{\"label\": \"a\", \"text\": \"yes\"}], \"answers\": [\"a\"]}]}";

static void
make_spec(void)
{
	struct spec *s = spec_new();
	char err[256];

	s->id = strdup("q/quiz");
	s->title = strdup("Quiz");
	s->tester = strdup("quiz");
	json_object_set_new(s->options, "quiz", json_loads(quiz, 0, NULL));
	if (spec_save(s, path_of("quiz.json"), err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	spec_free(s);
}

/* Is R's output a result with STATUS, SCORE, NTESTS tests entries and no
 * log? */
static int
result_is(const struct run *r, const char *status, double score, size_t ntests)
{
	json_t *j = json_loads(r->out, 0, NULL);
	int good = j != NULL &&
	    json_is_string(json_object_get(j, "status")) &&
	    strcmp(json_string_value(json_object_get(j, "status")), status) == 0 &&
	    json_number_value(json_object_get(j, "score")) == score &&
	    json_is_string(json_object_get(j, "report")) &&
	    json_array_size(json_object_get(j, "tests")) == ntests &&
	    json_is_null(json_object_get(j, "log"));

	if (!good)
		diag("output: %s\nerrors: %s", r->out, r->err);
	json_decref(j);
	return good;
}

static void
test_usage(void)
{
	struct run r;

	run(&r, NULL, (const char *[]){ NULL });
	ok(r.status == 2 && strncmp(r.err, "usage: assay-grade ", 19) == 0,
	    "no operands: usage, status 2");
	run(&r, NULL, (const char *[]){ "a", "b", NULL });
	ok(r.status == 2 && strncmp(r.err, "usage: ", 7) == 0, "two operands: usage");
	run(&r, NULL, (const char *[]){ "--slot", "x", "a", "b", "c", NULL });
	ok(r.status == 2 && strcmp(r.err, "assay-grade: --slot: not a number: x\n") == 0,
	    "a slot that is not a number");
	run(&r, NULL, (const char *[]){ "--uid-base=-1", "a", "b", "c", NULL });
	ok(r.status == 2 && strcmp(r.err, "assay-grade: --uid-base: not a number: -1\n")
	    == 0, "a negative uid base");
	run(&r, NULL, (const char *[]){ "--frobnicate", "a", "b", "c", NULL });
	ok(r.status == 2 && strstr(r.err, "usage: ") != NULL, "an unknown option");
}

static void
test_unreadable(void)
{
	struct run r;
	char want[512];

	run(&r, NULL, (const char *[]){ path_of("none.json"), "c", "x", NULL });
	snprintf(want, sizeof(want), "assay-grade: %s: no such file\n",
	    path_of("none.json"));
	ok(r.status == 1 && strcmp(r.err, want) == 0 && r.out[0] == '\0',
	    "no spec: status 1, said so");
	put("broken.json", "{");
	run(&r, NULL, (const char *[]){ path_of("broken.json"), "c", "x", NULL });
	ok(r.status == 1 && strncmp(r.err, "assay-grade: ", 13) == 0 &&
	    r.out[0] == '\0', "a spec that does not parse: status 1, said why");
	run(&r, NULL, (const char *[]){ path_of("quiz.json"), "quiz",
	    path_of("none.txt"), NULL });
	snprintf(want, sizeof(want), "assay-grade: %s: No such file or directory\n",
	    path_of("none.txt"));
	ok(r.status == 1 && strcmp(r.err, want) == 0, "no file: status 1, said why");
	put("bad.txt", "{\"capital\":\n [\"b\"");
	run(&r, NULL, (const char *[]){ path_of("quiz.json"), "quiz",
	    path_of("bad.txt"), NULL });
	snprintf(want, sizeof(want), "assay-grade: %s:2:", path_of("bad.txt"));
	ok(r.status == 1 && strncmp(r.err, want, strlen(want)) == 0,
	    "answers that are not JSON: FILE:LINE: why");
}

static void
test_graded(void)
{
	struct run r, r2;

	put("right.txt", "{\"capital\": [\"b\"], \"v1\": [\"a\"], \"v2\": [\"a\"]}");
	run(&r, NULL, (const char *[]){ path_of("quiz.json"), "quiz",
	    path_of("right.txt"), NULL });
	ok(r.status == 0 && result_is(&r, "Accepted", 1, 3),
	    "a quiz graded without a login: every variant counts");
	run(&r, "{\"capital\": [\"a\"]}", (const char *[]){ path_of("quiz.json"),
	    "quiz", "-", NULL });
	ok(r.status == 0 && result_is(&r, "WrongAnswer", 0, 3),
	    "the answers from standard input (\"-\")");
	ok(strstr(r.out, "\"key\": {") != NULL && strstr(r.out, "the answer: b") != NULL,
	    "the answer key is printed too, apart");
	run(&r, NULL, (const char *[]){ "--login", "alice", path_of("quiz.json"),
	    "quiz", path_of("right.txt"), NULL });
	run(&r2, NULL, (const char *[]){ "--login=alice", path_of("quiz.json"),
	    "quiz", path_of("right.txt"), NULL });
	ok(r.status == 0 && result_is(&r, "Accepted", 1, 2),
	    "with --login, one variant of the group counts");
	ok(strcmp(r.out, r2.out) == 0, "the same variant for the same login");
	ok(strncmp(r.out, "{\n  \"status\": \"Accepted\",\n  \"score\": 1", 38) == 0 &&
	    r.out[strlen(r.out) - 1] == '\n', "printed indented, the status first");
}

int
main(void)
{
	if (access(PROGRAM, X_OK) != 0) {
		printf("1..0 # SKIP %s is not built\n", PROGRAM);
		return 0;
	}
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	make_spec();
	test_usage();
	test_unreadable();
	test_graded();
	unlink(path_of("quiz.json"));
	unlink(path_of("broken.json"));
	unlink(path_of("bad.txt"));
	unlink(path_of("right.txt"));
	ok(rmdir(dir) == 0, "nothing else is left in %s", dir);
	return tap_done();
}
