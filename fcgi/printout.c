/*
 * printout.c - the chosen submissions as one printable HTML document; see
 * printout.h.
 *
 * Each section is built in a growing buffer and written with one call, so
 * the memory is one student's section (their code included), whatever the
 * course's size.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/isotime.h"
#include "fcgi/printout.h"
#include "sandbox/util/clean.h"

struct buf {
	char *p;
	size_t len, cap;
	int failed;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + n)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
putf(struct buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		b->failed = 1;
		return;
	}
	put(b, tmp, (size_t)n);
}

/* Appends N bytes at S as HTML text: escaped, invalid bytes and controls as U+FFFD. */
static void
put_text(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t l = clean_utf8_len(u + i, n - i);

		if (l == 0) {
			puts_(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (l == 1) {
			switch (u[i]) {
			case '&': puts_(b, "&amp;"); break;
			case '<': puts_(b, "&lt;"); break;
			case '>': puts_(b, "&gt;"); break;
			case '"': puts_(b, "&quot;"); break;
			case '\'': puts_(b, "&#39;"); break;
			case '\t': case '\n': put(b, s + i, 1); break;
			case '\r': break;	/* CRLF lines read as LF ones */
			default:
				if (u[i] < 0x20 || u[i] == 0x7f)
					puts_(b, "\xef\xbf\xbd");
				else
					put(b, s + i, 1);
			}
		} else {
			put(b, s + i, l);
		}
		i += l;
	}
}

static void
put_str(struct buf *b, const char *s)
{
	put_text(b, s, strlen(s));
}

static const char style[] =
    "<style>\n"
    "body{font-family:sans-serif;margin:2em;color:#000;background:#fff}\n"
    "section.student{border-top:2px solid #444;padding-top:1em;margin-top:2em}\n"
    "h1,h2,h3{margin:.4em 0}\n"
    "dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.4em 0}\n"
    "dt{font-weight:bold}dd{margin:0}\n"
    "pre{border:1px solid #aaa;padding:.5em;white-space:pre-wrap;"
    "overflow-wrap:anywhere;font-size:9pt;background:#f7f7f7}\n"
    ".none{font-style:italic;color:#555}\n"
    "@media print{body{margin:0}section.student{border:0;margin:0;padding:0;"
    "break-after:page;page-break-after:always}"
    "section.student:last-child{break-after:auto;page-break-after:auto}"
    "pre{background:none;break-inside:auto}h2,h3{break-after:avoid}}\n"
    "</style>\n";

static int
flush(struct buf *b, gradebook_write_fn *write, void *ctx)
{
	int rc = b->failed || write(b->p, b->len, ctx) != 0 ? -1 : 0;

	b->len = 0;
	return rc;
}

/* One exercise of a student's section. */
static int
put_exercise(struct buf *b, const struct gradebook_exercise *e,
    const struct gradebook_cell *c, printout_code_fn *code, void *code_ctx)
{
	char when[ISOTIME_SIZE];
	const char *text = NULL;
	size_t len = 0;
	int rc;

	puts_(b, "<article class=\"exercise\">\n<h3>");
	put_str(b, e->title[0] ? e->title : e->id);
	puts_(b, " <small>(");
	put_str(b, e->id);
	puts_(b, ")</small></h3>\n");
	if (c == NULL) {
		puts_(b, "<p class=\"none\">no submission</p>\n</article>\n");
		return 0;
	}
	isotime_format(c->received, when);
	putf(b, "<dl><dt>submission</dt><dd>%llu</dd><dt>label</dt><dd>%s</dd>"
	    "<dt>score</dt><dd>%.2f</dd><dt>received</dt><dd>%s</dd>"
	    "<dt>valid</dt><dd>%s</dd></dl>\n", (unsigned long long)c->id,
	    label_name(c->label), c->score, when, c->valid ? "yes" : "no");
	if ((rc = code(c->id, &text, &len, code_ctx)) < 0)
		return -1;
	if (rc > 0 || text == NULL) {
		puts_(b, "<p class=\"none\">code not available</p>\n</article>\n");
		return 0;
	}
	puts_(b, "<pre><code>");
	put_text(b, text, len);
	puts_(b, "</code></pre>\n</article>\n");
	return 0;
}

int
printout_write(const struct gradebook *gb, const char *title, printout_code_fn *code,
    void *code_ctx, gradebook_write_fn *write, void *write_ctx)
{
	struct buf b = { 0 };
	size_t ns = gradebook_nstudents(gb), ne = gradebook_nexercises(gb);
	int rc = -1;

	if (title == NULL)
		title = "Submissions";
	puts_(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	put_str(&b, title);
	puts_(&b, "</title>\n");
	puts_(&b, style);
	puts_(&b, "</head>\n<body>\n");
	if (ns == 0)
		puts_(&b, "<p class=\"none\">no students</p>\n");
	if (flush(&b, write, write_ctx))
		goto out;
	for (size_t s = 0; s < ns; s++) {
		const struct gradebook_student *st = gradebook_student(gb, s);

		puts_(&b, "<section class=\"student\">\n<h1>");
		put_str(&b, title);
		puts_(&b, "</h1>\n<h2>");
		put_str(&b, st->name[0] ? st->name : st->login);
		puts_(&b, " <small>(");
		put_str(&b, st->login);
		putf(&b, ")</small></h2>\n<p>total: %.2f</p>\n", gradebook_total(gb, s));
		for (size_t e = 0; e < ne; e++)
			if (put_exercise(&b, gradebook_exercise(gb, e), gradebook_cell(gb, s, e),
			    code, code_ctx))
				goto out;
		puts_(&b, "</section>\n");
		if (flush(&b, write, write_ctx))
			goto out;
	}
	puts_(&b, "</body>\n</html>\n");
	rc = flush(&b, write, write_ctx);
out:
	free(b.p);
	return rc;
}
