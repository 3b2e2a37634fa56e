/*
 * test_printout.c - the printable document: each student's chosen
 * submissions with their code, "no submission" where there is none, all
 * text escaped (code holding </pre> or <script>, names with markup, bytes
 * that are not UTF-8), a page break per student, one write per section,
 * and the code callback's answers (not available, an error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/printout.h"
#include "tests/tap.h"

struct sink {
	char *p;
	size_t len;
	int calls;
};

static int
sink_write(const char *buf, size_t len, void *ctx)
{
	struct sink *k = ctx;

	k->calls++;
	k->p = realloc(k->p, k->len + len + 1);
	memcpy(k->p + k->len, buf, len);
	k->len += len;
	k->p[k->len] = '\0';
	return 0;
}

/* The code of each submission, by id; 9 is not available, 99 an error. */
struct codes {
	int asked;
	char buf[256];
};

static int
code_of(uint64_t id, const char **code, size_t *len, void *ctx)
{
	struct codes *c = ctx;

	c->asked++;
	switch (id) {
	case 1:
		snprintf(c->buf, sizeof(c->buf), "int main(void) { puts(\"</pre><script>alert(1)</script>\"); }\n");
		break;
	case 2:
		/* A NUL, an invalid byte, a control, CRLF, a tab and é. */
		memcpy(c->buf, "a\0b\xff" "c\x01\r\n\tx < y && \xc3\xa9", 20);
		*code = c->buf;
		*len = 20;
		return 0;
	case 3:
		snprintf(c->buf, sizeof(c->buf), "print('three')");
		break;
	case 9:
		return 1;
	default:
		return -1;
	}
	*code = c->buf;
	*len = strlen(c->buf);
	return 0;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static struct gradebook *
book(void)
{
	struct gradebook *gb = gradebook_new(GRADEBOOK_PRINTOUT, GRADEBOOK_IGNORE, NULL);
	struct gradebook_sub s[] = {
		{ 1, "amy", "c/a", 1700000000, LABEL_ACCEPTED, 1, 1 },
		{ 2, "amy", "c/b", 1700000060, LABEL_WRONG_ANSWER, 1, 0.5 },
		{ 3, "bob", "c/a", 1700000120, LABEL_COMPILE_ERROR, 1, 0 },
		{ 9, "cat", "c/a", 1700000180, LABEL_ACCEPTED, 1, 1 },
	};

	gradebook_exercise_add(gb, "c/a", "First <b>one</b>", 1, 0);
	gradebook_exercise_add(gb, "c/b", "", 1, 0);
	gradebook_student_add(gb, "amy", "Amy <img src=x onerror=alert(1)>", NULL);
	gradebook_student_add(gb, "bob", "Bob \"the\" O'Brien & co", NULL);
	gradebook_student_add(gb, "cat", NULL, NULL);
	gradebook_student_add(gb, "ta", "Assistant", "staff");
	for (size_t i = 0; i < sizeof(s) / sizeof(*s); i++)
		gradebook_feed(gb, &s[i]);
	return gb;
}

int
main(void)
{
	struct gradebook *gb = book();
	struct codes codes = { 0 };
	struct sink k = { 0 };
	const char *p;
	int rc;

	rc = printout_write(gb, "Exam <1>", code_of, &codes, sink_write, &k);
	ok(rc == 0 && k.p != NULL, "the printout is written");
	if (k.p == NULL)
		return tap_done();
	ok(strncmp(k.p, "<!DOCTYPE html>", 15) == 0 && strstr(k.p, "<meta charset=\"utf-8\">"),
	    "an HTML document in UTF-8");
	ok(strstr(k.p, "<title>Exam &lt;1&gt;</title>") != NULL, "the title, escaped");
	is_int(count(k.p, "<section class=\"student\">"), 3, "a section per student (not staff)");
	ok(strstr(k.p, "Assistant") == NULL, "staff are left out");
	ok(strstr(k.p, "page-break-after:always") && strstr(k.p, "@media print"),
	    "print CSS breaks the page after each student");
	is_int(k.calls, 5, "one write for the head, each student, the end");
	is_int(codes.asked, 4, "the code asked for each chosen submission");

	/* Code that tries to end the <pre> and run a script stays text. */
	ok(strstr(k.p, "<script>") == NULL && strstr(k.p, "</pre><script") == NULL,
	    "no <script> from the code");
	ok(strstr(k.p, "puts(&quot;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;);") != NULL,
	    "code with </pre> and <script> escaped");
	is_int(count(k.p, "<pre>"), 3, "a <pre> for each code there is");
	is_int(count(k.p, "</pre>"), 3, "and its end, never one from the code");
	ok(strstr(k.p, "Amy &lt;img src=x onerror=alert(1)&gt;") != NULL, "a name with markup escaped");
	ok(strstr(k.p, "Bob &quot;the&quot; O&#39;Brien &amp; co") != NULL, "quotes and ampersands");
	ok(strstr(k.p, "First &lt;b&gt;one&lt;/b&gt; <small>(c/a)</small>") != NULL, "a title escaped, with the id");
	ok(strstr(k.p, "<h3>c/b <small>(c/b)</small>") != NULL, "no title: the id");
	ok(strstr(k.p, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd\n\tx &lt; y &amp;&amp; \xc3\xa9") != NULL,
	    "NUL, a bad byte and controls as U+FFFD, CR dropped, tab, newline and UTF-8 kept");

	/* The parts of a chosen submission, and what is missing. */
	ok(strstr(k.p, "<dt>label</dt><dd>Accepted</dd><dt>score</dt><dd>1.00</dd>"
	    "<dt>received</dt><dd>2023-11-14T22:13:20Z</dd>") != NULL, "label, score and time");
	p = strstr(k.p, "Bob &quot;");
	ok(p != NULL && strstr(p, "no submission") != NULL && strstr(p, "CompileError") != NULL,
	    "bob: a CompileError and no submission for c/b");
	p = strstr(k.p, "<h2>cat <small>(cat)</small>");
	ok(p != NULL && strstr(p, "code not available") != NULL, "no name: the login; code not available");
	free(k.p);
	memset(&k, 0, sizeof(k));

	/* A callback error stops the printout. */
	{
		struct gradebook *g2 = gradebook_new(GRADEBOOK_LAST, GRADEBOOK_IGNORE, NULL);
		struct gradebook_sub s = { 99, "x", "e", 1, LABEL_ACCEPTED, 1, 1 };

		gradebook_exercise_add(g2, "e", "E", 1, 0);
		gradebook_student_add(g2, "x", NULL, NULL);
		gradebook_feed(g2, &s);
		ok(printout_write(g2, NULL, code_of, &codes, sink_write, &k) == -1,
		    "the code callback's error stops it");
		gradebook_free(g2);
		free(k.p);
		memset(&k, 0, sizeof(k));
	}

	/* No student at all: still a document, which says so. */
	{
		struct gradebook *g3 = gradebook_new(GRADEBOOK_LAST, GRADEBOOK_IGNORE, NULL);

		ok(printout_write(g3, NULL, code_of, &codes, sink_write, &k) == 0 &&
		    strstr(k.p, "no students") && strstr(k.p, "</html>"), "an empty course");
		gradebook_free(g3);
		free(k.p);
	}
	gradebook_free(gb);
	return tap_done();
}
