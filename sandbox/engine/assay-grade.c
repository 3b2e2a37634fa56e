/*
 * assay-grade - grade one submission from the command line.
 *
 *   assay-grade [--slot N] [--uid-base N] [--box-root DIR] [--login LOGIN]
 *               SPEC.json LANGUAGE FILE
 *
 * Grades FILE ("-" for standard input) in LANGUAGE against the exercise spec
 * SPEC.json (as sitegen writes it) and prints the result as one JSON object:
 * {"status", "score", "report", "tests", "key"?, "log"?} (a quiz's answer key
 * apart, grade.h; an author sees it all). Exit status 0 when a result
 * was printed (whatever the verdict), 1 when none could be (an unreadable
 * spec or file), 2 on a usage error. Needs root, like the jail.
 *
 * For a quiz, FILE holds the answers as JSON ({question id: [labels]}) and
 * LANGUAGE is ignored; --login names the student whose variants count
 * (without it, every variant does).
 *
 * For tests and for authors trying an exercise. The slot must not be in use
 * by a running worker with the same box root and uid base.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/engine/engine.h"

#define DEFAULT_BOX_ROOT "/tmp/assay-grade"
#define DEFAULT_UID_BASE 64000
#define CODE_MAX (1024 * 1024)

static void
usage(void)
{
	fprintf(stderr, "usage: assay-grade [--slot N] [--uid-base N] "
	    "[--box-root DIR] [--login LOGIN] SPEC.json LANGUAGE FILE\n");
	exit(2);
}

static unsigned
number(const char *opt, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > UINT_MAX || s[0] == '-') {
		fprintf(stderr, "assay-grade: %s: not a number: %s\n", opt, s);
		exit(2);
	}
	return (unsigned)v;
}

/* Reads all of PATH ("-": stdin), at most CODE_MAX + 1 bytes. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;

	if (f == NULL)
		return NULL;
	if ((buf = malloc(CODE_MAX + 2)) == NULL)
		goto out;
	n = fread(buf, 1, CODE_MAX + 1, f);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
	*len = n;
out:
	if (f != stdin)
		fclose(f);
	return buf;
}

/* The options into CFG and *LOGIN; returns the index of the first operand
 * (exits with status 2 on a usage error). */
static int
read_options(int argc, char **argv, struct engine_config *cfg, const char **login)
{
	static const struct option opts[] = {
		{ "slot", required_argument, NULL, 's' },
		{ "uid-base", required_argument, NULL, 'u' },
		{ "box-root", required_argument, NULL, 'b' },
		{ "login", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			cfg->slot = number("--slot", optarg);
			break;
		case 'u':
			cfg->uid_base = number("--uid-base", optarg);
			break;
		case 'b':
			cfg->box_root = optarg;
			break;
		case 'l':
			*login = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3)
		usage();
	return optind;
}

/*
 * The submission into SUB: the text of PATH in language LANG by LOGIN (may
 * be NULL), and for a quiz (SPEC says) the answers it holds, parsed. *CODE
 * and *ANSWERS are the caller's to free. 0, or -1 once standard error says
 * why.
 */
static int
read_submission(const struct spec *spec, const char *lang, const char *path,
    const char *login, struct grade_submission *sub, char **code, json_t **answers)
{
	memset(sub, 0, sizeof(*sub));
	sub->language = lang;
	if ((*code = slurp(path, &sub->code_len)) == NULL) {
		fprintf(stderr, "assay-grade: %s: %s\n", path, strerror(errno));
		return -1;
	}
	sub->code = *code;
	sub->login = login;
	if (spec->tester != NULL && strcmp(spec->tester, "quiz") == 0) {
		json_error_t e;

		if ((*answers = json_loadb(*code, sub->code_len, 0, &e)) == NULL) {
			fprintf(stderr, "assay-grade: %s:%d: %s\n", path, e.line, e.text);
			return -1;
		}
		sub->answers = *answers;
	}
	return 0;
}

/* Prints RES as one JSON object, and clears it. 0, or -1 once standard
 * error says why. */
static int
print_result(struct grade_result *res)
{
	json_t *j;
	char *text = NULL;
	int rc = -1;

	j = json_pack("{s:s, s:f, s:s, s:O, s:O?, s:s?}", "status", label_name(res->status),
	    "score", res->score, "report", res->report, "tests", res->tests,
	    "key", res->key, "log", res->log);
	grade_result_clear(res);
	if (j == NULL || (text = json_dumps(j, JSON_INDENT(2))) == NULL) {
		fprintf(stderr, "assay-grade: cannot write the result\n");
		goto out;
	}
	printf("%s\n", text);
	if (fflush(stdout) == EOF) {
		perror("assay-grade: stdout");
		goto out;
	}
	rc = 0;
out:
	free(text);
	json_decref(j);
	return rc;
}

int
main(int argc, char **argv)
{
	struct engine_config cfg = {
		.box_root = DEFAULT_BOX_ROOT, .slot = 0, .uid_base = DEFAULT_UID_BASE,
	};
	struct grade_submission sub;
	struct spec *spec = NULL;
	struct grade_result res;
	json_t *answers = NULL;
	const char *login = NULL;
	char err[512] = "", *code = NULL;
	int op, rc = 1;

	op = read_options(argc, argv, &cfg, &login);
	switch (spec_load(argv[op], &spec, err, sizeof(err))) {
	case SPEC_OK:
		break;
	case SPEC_NOTFOUND:
		fprintf(stderr, "assay-grade: %s: no such file\n", argv[op]);
		goto out;
	default:
		fprintf(stderr, "assay-grade: %s\n", err);
		goto out;
	}
	if (read_submission(spec, argv[op + 1], argv[op + 2], login, &sub, &code,
	    &answers) == -1)
		goto out;
	if (engine_grade(&cfg, spec, &sub, &res) == -1) {
		fprintf(stderr, "assay-grade: out of memory\n");
		goto out;
	}
	if (print_result(&res) == 0)
		rc = 0;
out:
	json_decref(answers);
	free(code);
	spec_free(spec);
	return rc;
}
