/* sqlite_table.c - sqlite-query's tables read and compared; see sqlite_table.h. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sandbox/testers/sqlite_table.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

void
sqlite_table_clear(struct sqlite_table *t)
{
	free(t->text);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

int
sqlite_table_parse(const char *out, size_t len, struct sqlite_table *t)
{
	size_t cap = 0, lines = 0;
	char *p, *end, *nl;
	json_t *last = NULL;
	long long want;

	memset(t, 0, sizeof(*t));
	if (len == 0 || out[len - 1] != '\n' || memchr(out, '\0', len) != NULL ||
	    (t->text = malloc(len + 1)) == NULL)
		return -1;
	memcpy(t->text, out, len);
	t->text[len] = '\0';
	for (p = t->text, end = t->text + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		*nl = '\0';
		if (lines++ == 0) {
			t->columns = p;
			continue;
		}
		if (t->n == cap) {
			char **r = realloc(t->rows, (cap = cap ? 2 * cap : 64) * sizeof(*r));

			if (r == NULL)
				goto bad;
			t->rows = r;
		}
		t->rows[t->n++] = p;
	}
	if (t->n == 0 || strncmp(t->columns, "{\"columns\":[", 12) != 0)
		goto bad;
	last = json_loads(t->rows[--t->n], 0, NULL);
	want = json_is_integer(json_object_get(last, "end")) ?
	    json_integer_value(json_object_get(last, "end")) : -1;
	json_decref(last);
	if (want < 0 || (size_t)want != t->n)
		goto bad;
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i][0] != '[')
			goto bad;
	return 0;
bad:
	sqlite_table_clear(t);
	return -1;
}

/* Appends the row or the columns of LINE (a JSON array, or an object with
 * "columns") as the student reads it: a | NULL | X'00ff'. */
static void
put_row(struct buf *b, const char *line)
{
	json_t *j = json_loads(line, 0, NULL), *a = j, *v;
	struct buf t = BUF_INIT;
	size_t i;
	char *shown;

	if (json_is_object(j))
		a = json_object_get(j, "columns");
	json_array_foreach(a, i, v) {
		if (i > 0)
			buf_puts(&t, " | ");
		if (json_is_null(v))
			buf_puts(&t, "NULL");
		else if (json_is_string(v))
			buf_add(&t, json_string_value(v), json_string_length(v));
		else if (json_is_string(json_object_get(v, "x")))
			buf_printf(&t, "X'%s'", json_string_value(json_object_get(v, "x")));
		else
			buf_puts(&t, "?");
	}
	json_decref(j);
	shown = clean_text(t.data ? t.data : "", t.len, 300, 1, NULL);
	buf_puts(b, shown ? shown : "");
	if (shown == NULL)
		b->oom = 1;
	free(shown);
	buf_free(&t);
}

static int
cmp_rows(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first rows of two tables, in order, from the first that differs. */
static void
diff_ordered(struct buf *b, const struct sqlite_table *want, const struct sqlite_table *got)
{
	size_t i = 0, shown = 0;

	while (i < want->n && i < got->n && strcmp(want->rows[i], got->rows[i]) == 0)
		i++;
	buf_printf(b, "  The rows differ from row %zu:\n", i + 1);
	for (; shown < SQLITE_TABLE_SHOW && (i < want->n || i < got->n); i++, shown++) {
		buf_printf(b, "    row %zu expected: ", i + 1);
		if (i < want->n)
			put_row(b, want->rows[i]);
		else
			buf_puts(b, "(no row)");
		buf_printf(b, "\n    row %zu obtained: ", i + 1);
		if (i < got->n)
			put_row(b, got->rows[i]);
		else
			buf_puts(b, "(no row)");
		buf_putc(b, '\n');
	}
}

/* Rows of sorted A not in sorted B (as multisets), at most SQLITE_TABLE_SHOW. */
static void
diff_missing(struct buf *b, char **a, size_t na, char **bb, size_t nb,
    const char *head)
{
	size_t i = 0, k = 0, shown = 0, more = 0;

	while (i < na) {
		int c = k < nb ? strcmp(a[i], bb[k]) : -1;

		if (c == 0) {
			i++, k++;
		} else if (c > 0) {
			k++;
		} else {
			if (shown == 0)
				buf_printf(b, "  %s:\n", head);
			if (shown++ < SQLITE_TABLE_SHOW) {
				buf_puts(b, "    ");
				put_row(b, a[i]);
				buf_putc(b, '\n');
			} else {
				more++;
			}
			i++;
		}
	}
	if (more > 0)
		buf_printf(b, "    (and %zu more)\n", more);
}

/* The same table as a multiset? With DETAIL, what differs. -1 on ENOMEM. */
static int
same_unordered(struct buf *detail, const struct sqlite_table *want,
    const struct sqlite_table *got)
{
	char **a = malloc((want->n + 1) * sizeof(*a));
	char **g = malloc((got->n + 1) * sizeof(*g));
	int same = want->n == got->n;

	if (a == NULL || g == NULL) {
		free(a);
		free(g);
		return -1;
	}
	memcpy(a, want->rows, want->n * sizeof(*a));
	memcpy(g, got->rows, got->n * sizeof(*g));
	qsort(a, want->n, sizeof(*a), cmp_rows);
	qsort(g, got->n, sizeof(*g), cmp_rows);
	for (size_t i = 0; same && i < want->n; i++)
		same = strcmp(a[i], g[i]) == 0;
	if (!same) {
		diff_missing(detail, a, want->n, g, got->n, "Rows expected but not obtained");
		diff_missing(detail, g, got->n, a, want->n, "Rows obtained but not expected");
	}
	free(a);
	free(g);
	return same;
}

int
sqlite_table_compare(const struct sqlite_table *want, const struct sqlite_table *got,
    int ignore_order, int compare_names, struct buf *b)
{
	int same;

	if (compare_names && strcmp(want->columns, got->columns) != 0) {
		buf_puts(b, "  The columns are named differently:\n    expected: ");
		put_row(b, want->columns);
		buf_puts(b, "\n    obtained: ");
		put_row(b, got->columns);
		buf_putc(b, '\n');
		return 0;
	}
	if (ignore_order)
		return same_unordered(b, want, got);
	same = want->n == got->n;
	for (size_t i = 0; same && i < want->n; i++)
		same = strcmp(want->rows[i], got->rows[i]) == 0;
	if (!same)
		diff_ordered(b, want, got);
	return same;
}
