/*
 * exercise_sqlite.c - the sqlite-query tester's fields into the spec; see
 * exercise_sqlite.h.
 */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "sandbox/util/b64.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/file.h"
#include "sitegen/exercise_sqlite.h"

#define node_error(p, c, node, key, ...) \
	page_node_error((p), (c)->diags, (node), (key), __VA_ARGS__)

/* One build's reading of a page's databases. */
struct sqlite_build {
	const struct page *p;
	const struct exercise_ctx *c;
	struct spec *s;
	const char *answer;	/* fence dropped (malloc'd), or NULL */
	json_t *dbs;		/* options.databases being made */
	size_t total;		/* bytes of databases so far */
};

const char *
exercise_sqlite_language(const char *name)
{
	return strcasecmp(name, "sql") == 0 ? "sql" : NULL;
}

/*
 * TEXT without the ~~~ (or ```) fence Codex's pages put around a query in
 * YAML, as exercise.c does for `code:`. malloc'd, or NULL on ENOMEM.
 */
static char *
unfence(const char *text)
{
	const char *open = text + strspn(text, " \t\n"), *body, *end;
	size_t n = strspn(open, "~"), m;

	if (n < 3)
		n = strspn(open, "`");
	if (n < 3 || (body = strchr(open, '\n')) == NULL)
		return strdup(text);
	end = text + strlen(text);
	while (end > body && strchr(" \t\n\r", end[-1]) != NULL)
		end--;
	for (m = 0; end - m > body && end[-1 - (ptrdiff_t)m] == open[0]; m++)
		;
	if (m < n || end[-1 - (ptrdiff_t)m] != '\n')
		return strdup(text);
	return strndup(body + 1, (size_t)(end - m - body - 1));
}

static int
cmp_paths(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The database of file REAL (for messages REL): an SQLite file's bytes, or
 * what the script REAL (.sql) makes. *DATA is sqlite3_malloc'd. Returns 0,
 * or -1 after reporting at NODE of KEY.
 */
static int
read_database(struct sqlite_build *b, const char *key, const json_t *node,
    const char *real, const char *rel, unsigned char **data, size_t *len)
{
	size_t n = strlen(rel), flen;
	sqlite3 *db = NULL;
	sqlite3_int64 size = 0;
	char *text = NULL;
	int rc = -1;

	*data = NULL;
	if (file_read(real, &text, &flen) == -1) {
		node_error(b->p, b->c, node, key, "%s: %s: %s", key, rel, strerror(errno));
		return -1;
	}
	if (n < 4 || strcmp(rel + n - 4, ".sql") != 0) {
		if (flen < 16 || memcmp(text, "SQLite format 3", 16) != 0) {
			node_error(b->p, b->c, node, key, "%s: %s is not an SQLite database"
			    " (nor a .sql script)", key, rel);
		} else if ((*data = sqlite3_malloc64(flen)) == NULL) {
			node_error(b->p, b->c, node, key, "out of memory");
		} else {
			memcpy(*data, text, flen);
			*len = flen;
			rc = 0;
		}
		free(text);
		return rc;
	}
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0) < 0 ||
	    sqlite3_exec(db, text, NULL, NULL, NULL) != SQLITE_OK)
		node_error(b->p, b->c, node, key, "%s: %s: %s", key, rel,
		    db ? sqlite3_errmsg(db) : "out of memory");
	else if ((*data = sqlite3_serialize(db, "main", &size, 0)) == NULL)
		node_error(b->p, b->c, node, key, "%s: %s: makes no database", key, rel);
	else
		*len = (size_t)size, rc = 0;
	sqlite3_close(db);
	free(text);
	return rc;
}

/*
 * Does the answer compile on DATA (LEN bytes), as one statement that only
 * reads? 0, or -1 after reporting at `answer`.
 */
static int
check_answer(struct sqlite_build *b, const char *rel, unsigned char *data, size_t len)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc = -1;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_deserialize(db, "main", data, (sqlite3_int64)len,
	    (sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
		page_error(b->p, b->c->diags, "answer", "answer: %s: %s", rel,
		    db ? sqlite3_errmsg(db) : "out of memory");
	else if (sqlite3_prepare_v2(db, b->answer, -1, &st, &tail) != SQLITE_OK)
		page_error(b->p, b->c->diags, "answer", "answer: on %s: %s", rel,
		    sqlite3_errmsg(db));
	else if (st == NULL || !sqlite3_stmt_readonly(st) ||
	    tail[strspn(tail, " \t\r\n;")] != '\0')
		page_error(b->p, b->c->diags, "answer", "answer: must be one SELECT"
		    " statement (students' queries must be too)");
	else
		rc = 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

/* Adds database REL (REAL: the path to read) to the spec. 0, or -1 after
 * reporting. */
static int
add_database(struct sqlite_build *b, const char *key, const json_t *node,
    const char *real, const char *rel, int public)
{
	const char *base = strrchr(rel, '/');
	unsigned char *data;
	size_t len;
	char *text = NULL;
	json_t *set = public ? b->c->deps : b->c->grading;
	int rc = -1;

	if (read_database(b, key, node, real, rel, &data, &len) == -1)
		return -1;
	if ((b->total += len) > EXERCISE_SQLITE_MAX) {
		node_error(b->p, b->c, node, key, "%s: the databases are larger than"
		    " %ld MiB in all", key, EXERCISE_SQLITE_MAX >> 20);
	} else if (b->answer == NULL || check_answer(b, rel, data, len) == 0) {
		if ((text = b64_encode(data, len, NULL)) == NULL ||
		    json_array_append_new(b->dbs, json_pack("{s:s, s:b, s:s}", "name",
		    base ? base + 1 : rel, "public", public, "data", text)) == -1 ||
		    (set != NULL && json_object_set_new(set, rel, json_true()) == -1))
			node_error(b->p, b->c, node, key, "out of memory");
		else
			rc = 0;
		free(text);
	}
	sqlite3_free(data);
	return rc;
}

/*
 * The databases of one glob PAT (NODE of KEY), relative to the page's
 * directory, in natural order, each inside the course. 0, or -1 after
 * reporting.
 */
static int
add_glob(struct sqlite_build *b, const char *key, const json_t *node,
    const char *pat, int public)
{
	const struct exercise_ctx *c = b->c;
	size_t rootlen = strlen(c->rootreal), found = 0;
	struct buf full = BUF_INIT;
	glob_t g = { 0 };
	int rc = -1;

	if (pat[0] == '\0' || pat[0] == '/') {
		node_error(b->p, c, node, key, "%s: \"%s\" must be a path relative to"
		    " the page", key, pat);
		return -1;
	}
	buf_printf(&full, "%s/%s%s", c->root, b->p->dir, pat);
	if (full.oom || glob(full.data, GLOB_ERR | GLOB_MARK, NULL, &g) == GLOB_NOSPACE) {
		node_error(b->p, c, node, key, "out of memory");
		goto out;
	}
	qsort(g.gl_pathv, g.gl_pathc, sizeof(*g.gl_pathv), cmp_paths);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *m = g.gl_pathv[i];
		char *real;

		if (m[0] == '\0' || m[strlen(m) - 1] == '/')
			continue;	/* a directory */
		if ((real = realpath(m, NULL)) == NULL ||
		    strncmp(real, c->rootreal, rootlen) != 0 || real[rootlen] != '/') {
			node_error(b->p, c, node, key, "%s: %s is %s", key, m, real ?
			    "outside the course directory" : strerror(errno));
			free(real);
			goto out;
		}
		found++;
		if (add_database(b, key, node, real, real + rootlen + 1, public) == -1) {
			free(real);
			goto out;
		}
		free(real);
	}
	if (found == 0)
		node_error(b->p, c, node, key, "%s: no file matches \"%s\"", key, pat);
	else
		rc = 0;
out:
	buf_free(&full);
	globfree(&g);
	return rc;
}

/* The databases of field KEY (a glob, a list of globs, or absent). */
static void
add_field(struct sqlite_build *b, const char *key, int public)
{
	json_t *v = json_object_get(b->p->meta.fields, key), *e;
	size_t i;

	if (v == NULL || json_is_null(v))
		return;
	if (json_is_string(v)) {
		add_glob(b, key, v, json_string_value(v), public);
		return;
	}
	if (!json_is_array(v)) {
		page_error(b->p, b->c->diags, key, "field \"%s\" must be a database"
		    " file (or pattern), or a list of them", key);
		return;
	}
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			node_error(b->p, b->c, e, key, "%s: each entry must be a file"
			    " name or pattern", key);
		else
			add_glob(b, key, e, json_string_value(e), public);
	}
}

/* A yes/no field into the options. */
static void
set_flag(struct sqlite_build *b, const char *key)
{
	json_t *v = json_object_get(b->p->meta.fields, key);

	if (v == NULL)
		return;
	if (!json_is_boolean(v))
		page_error(b->p, b->c->diags, key, "field \"%s\" must be yes or no", key);
	else if (json_object_set(b->s->options, key, v) == -1)
		page_error(b->p, b->c->diags, key, "out of memory");
}

/* The answer, its fence dropped, into the options and B. */
static void
set_answer(struct sqlite_build *b)
{
	json_t *v = json_object_get(b->p->meta.fields, "answer");
	char *a;

	if (v == NULL || !json_is_string(v)) {
		page_error(b->p, b->c->diags, v ? "answer" : "tester", "%s", v ?
		    "field \"answer\" must be the query (use \"answer: |\" and indent"
		    " it below)" : "a sqlite-query exercise needs its \"answer\": the"
		    " query whose result is expected");
		return;
	}
	if ((a = unfence(json_string_value(v))) == NULL ||
	    json_object_set_new(b->s->options, "answer", json_string(a)) == -1) {
		page_error(b->p, b->c->diags, "answer", "out of memory");
		free(a);
		return;
	}
	if (a[strspn(a, " \t\r\n")] == '\0') {
		page_error(b->p, b->c->diags, "answer", "field \"answer\" is empty");
		free(a);
		return;
	}
	b->answer = a;
}

void
exercise_sqlite_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *c)
{
	struct sqlite_build b = { p, c, s, NULL, json_array(), 0 };
	const char *pub = "public-databases";
	unsigned errors = c->diags->errors;

	if (b.dbs == NULL || json_object_set(s->options, "databases", b.dbs) == -1) {
		page_error(p, c->diags, "tester", "out of memory");
		json_decref(b.dbs);
		return;
	}
	set_answer(&b);
	if (json_object_get(p->meta.fields, "databases") != NULL) {
		if (json_object_get(p->meta.fields, pub) != NULL)
			page_error(p, c->diags, "databases", "use either \"databases\" or"
			    " \"public-databases\", not both");
		pub = "databases";
	}
	add_field(&b, pub, 1);
	add_field(&b, "private-databases", 0);
	if (c->diags->errors == errors && json_array_size(b.dbs) == 0)
		page_error(p, c->diags, "tester", "no databases: give public-databases"
		    " (and private-databases), SQLite files or .sql scripts");
	set_flag(&b, "ignore-order");
	set_flag(&b, "compare-column-names");
	json_decref(b.dbs);
	free((char *)b.answer);
}
