/*
 * test_diffs.c - sitegen/diffs.h: the line difference a {.diffs} block
 * shows, written back as "  ", "- " and "+ " lines.
 */
#include <stdlib.h>
#include <string.h>

#include "sandbox/util/buf.h"
#include "sitegen/diffs.h"
#include "tests/tap.h"

/* The difference of A and B as text, or "(failed)". malloc'd. */
static char *
show(const char *a, const char *b)
{
	static const char *const mark[] = { "  ", "- ", "+ " };
	struct diffs_line *l;
	struct buf out = BUF_INIT;
	size_t n;

	if (diffs_lines(a, strlen(a), b, strlen(b), &l, &n))
		return strdup("(failed)");
	for (size_t i = 0; i < n; i++) {
		buf_puts(&out, mark[l[i].op]);
		buf_add(&out, l[i].text, l[i].len);
		buf_putc(&out, '\n');
	}
	buf_add(&out, "", 0);
	free(l);
	return out.data ? out.data : strdup("");
}

static void
check(const char *a, const char *b, const char *want, const char *what)
{
	char *got = show(a, b);

	is_str(got, want, "%s", what);
	free(got);
}

int
main(void)
{
	check("a\nb\nc\n", "a\nb\nc\n", "  a\n  b\n  c\n", "equal texts: every line the same");
	check("", "", "", "two empty texts");
	check("", "x\n", "+ x\n", "from nothing: all added");
	check("x\ny\n", "", "- x\n- y\n", "to nothing: all removed");
	check("a\nb\nc\n", "a\nx\nc\n", "  a\n- b\n+ x\n  c\n",
	    "a changed line: removed before added, context kept");
	check("if n<=1:\n    return False\nd = 3\nwhile d*d <= n:\n    d += 2\n",
	    "if n<=1:\n    return False\nd = 3\nwhile d*d < n:\n    d += 2\n",
	    "  if n<=1:\n      return False\n  d = 3\n- while d*d <= n:\n+ while d*d < n:\n"
	    "      d += 2\n", "a mutant's one line");
	check("a\nb\nc\nd\n", "b\nc\nd\ne\n", "- a\n  b\n  c\n  d\n+ e\n",
	    "the longest common part is kept");
	check("one\ntwo", "one\ntwo\n", "  one\n  two\n",
	    "a last line without its newline is the same line");
	check("x\nx\ny\n", "y\nx\nx\n", "+ y\n  x\n  x\n- y\n", "a moved line: the longer common part kept");
	return tap_done();
}
