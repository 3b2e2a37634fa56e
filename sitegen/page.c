/* page.c - one page of the course; see page.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/util/file.h"
#include "sitegen/page.h"
#include "sitegen/text.h"

/*
 * Fields read by Codex (for its testers: stdio, doctest, hspec, quiz) and
 * Pandoc's usual document fields, so that a Codex course builds without
 * warnings, plus Assay's own (attachments, limits).
 */
static const char *const known_fields[] = {
	/* documents */
	"title", "subtitle", "author", "date", "lang", "description",
	"keywords", "abstract", "institute",
	/* every exercise */
	"tester", "feedback", "valid", "attempts", "lock", "code", "forbid",
	"attachments", "weight", "exam",
	/* limits of a run (Assay's own) */
	"cpu", "wall", "memory", "output", "processes",
	/* stdio */
	"language", "languages", "inputs", "outputs", "public-inputs", "public-outputs",
	"private-inputs", "private-outputs", "files", "extra-files", "arguments",
	"all-or-nothing",
	/* doctest */
	"public-tests", "private-tests", "tests", "linter", "linter-args",
	/* mudoctest (mutation testing) */
	"target", "mutants", "limit-tests",
	/* cases (CodeRunner's test cases) */
	"grader", "template", "cases", "functions",
	/* hspec / quickcheck (Codex's spellings and Assay's) */
	"properties", "qc-max-success", "qc-max-size", "qc-max-discard", "seed",
	"maxSuccess", "maxSize", "maxDiscardRatio", "randSeed", "max-success",
	"max-size", "max-discard-ratio", "timeout", "spec", "header",
	/* quiz */
	"shuffle-questions", "shuffle-answers", "shuffle-seed", "random-seed",
	"correct-weight", "incorrect-weight", "printout", "show-answers",
	/* sqlite-query (Codex's, and compare-column-names, Assay's own) */
	"answer", "public-databases", "private-databases", "databases",
	"ignore-order", "compare-column-names",
	NULL
};

int
page_field_known(const char *name)
{
	for (const char *const *f = known_fields; *f != NULL; f++)
		if (strcmp(*f, name) == 0)
			return 1;
	return 0;
}

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s;
	int slash = la > 0 && a[la - 1] != '/';

	if ((s = malloc(la + slash + lb + 1)) == NULL)
		return NULL;
	memcpy(s, a, la);
	if (slash)
		s[la] = '/';
	memcpy(s + la + slash, b, lb + 1);
	return s;
}

/* A string field: absent is fine, another type is an error. */
static int
string_field(struct page *p, struct diags *d, const char *key, const char **out)
{
	json_t *v = json_object_get(p->meta.fields, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		page_error(p, d, key, "field \"%s\" must be text (quote it)", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

int
page_load(struct page *p, const char *root, const char *path, struct diags *d)
{
	struct meta_error me;
	const char *slash, *key;
	char *text = NULL, *body;
	size_t len = 0, bad;
	json_t *v;
	int rc = -1;

	memset(p, 0, sizeof(*p));
	slash = strrchr(path, '/');
	p->path = strdup(path);
	p->file = join(root, path);
	p->id = strndup(path, strlen(path) - (strlen(path) >= 3 ? 3 : 0));
	p->dir = strndup(path, slash ? (size_t)(slash - path) + 1 : 0);
	if (p->path == NULL || p->file == NULL || p->id == NULL || p->dir == NULL) {
		diag_error(d, path, 0, "out of memory");
		return -1;
	}
	if (file_read(p->file, &text, &len) == -1) {
		diag_error(d, p->file, 1, "%s", strerror(errno));
		return -1;
	}
	body = text;
	if (text_has_bom(body, len)) {
		body += 3;
		len -= 3;
	}
	if ((bad = text_utf8_invalid(body, len)) != len) {
		diag_error(d, p->file, text_line_of(body, bad),
		    "not UTF-8 text (byte %zu)", bad + 1);
		goto out;
	}
	if (meta_parse(body, len, &p->meta, &me) == -1) {
		diag_report(d, DIAG_ERROR, p->file, me.pos.line, me.pos.column,
		    "%s", me.message);
		goto out;
	}
	json_object_foreach(p->meta.fields, key, v) {
		if (!page_field_known(key))
			diag_report(d, DIAG_WARNING, p->file,
			    meta_key_line(&p->meta, key), 0, "unknown field \"%s\"", key);
	}
	if (string_field(p, d, "title", &p->title) ||
	    string_field(p, d, "lang", &p->lang) ||
	    string_field(p, d, "tester", &p->tester))
		goto out;
	if (json_object_get(p->meta.fields, "tester") != NULL && p->tester == NULL) {
		page_error(p, d, "tester", "field \"tester\" must name a tester");
		goto out;
	}
	rc = 0;
out:
	free(text);
	return rc;
}

unsigned
page_node_line(const struct page *p, const json_t *node, const char *key)
{
	struct meta_pos pos;

	if (node != NULL && meta_node_pos(&p->meta, node, &pos) == 0)
		return pos.line;
	return meta_key_line(&p->meta, key);
}

void
page_free(struct page *p)
{
	free(p->path);
	free(p->file);
	free(p->id);
	free(p->dir);
	meta_free(&p->meta);
	memset(p, 0, sizeof(*p));
}
