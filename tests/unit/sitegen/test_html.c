/*
 * test_html.c - sitegen/html.h: text and URLs escaped for HTML, checked
 * against md4c-html itself (render.c promises md4c-html's output on
 * standard Markdown, and writes it with these functions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <md4c-html.h>

#include "sandbox/util/buf.h"
#include "sitegen/html.h"
#include "tests/tap.h"

/* The text of B, NUL-terminated ("" when empty). */
static const char *
text_of(struct buf *b)
{
	buf_add(b, "", 0);
	return b->data ? b->data : "";
}

static void
md4c_out(const MD_CHAR *text, MD_SIZE size, void *arg)
{
	buf_add(arg, text, size);
}

/* md4c-html's output for MD, between the first BEFORE and the next AFTER. */
static char *
md4c_between(const char *md, const char *before, const char *after)
{
	struct buf b = BUF_INIT;
	const char *s, *e;
	char *r = NULL;

	md_html(md, (MD_SIZE)strlen(md), md4c_out, &b, 0, MD_HTML_FLAG_VERBATIM_ENTITIES);
	buf_add(&b, "", 0);
	if (b.data != NULL && (s = strstr(b.data, before)) != NULL &&
	    (e = strstr(s + strlen(before), after)) != NULL)
		r = strndup(s + strlen(before), (size_t)(e - s - strlen(before)));
	buf_free(&b);
	return r;
}

static void
test_escape(void)
{
	struct buf b = BUF_INIT;
	size_t differ = 0;

	html_escape_str(&b, "a < b && c > \"d\" 'e'");
	is_str(text_of(&b), "a &lt; b &amp;&amp; c &gt; &quot;d&quot; 'e'",
	    "& < > \" become entities; ' does not");
	buf_reset(&b);

	html_escape_str(&b, "plain text, caf\xc3\xa9 \xe2\x80\x94 100%");
	is_str(text_of(&b), "plain text, caf\xc3\xa9 \xe2\x80\x94 100%",
	    "other bytes, UTF-8 too, are copied");
	buf_reset(&b);

	html_escape(&b, "x<\0>y", 5);
	ok(b.len == 11 && memcmp(b.data, "x&lt;\0&gt;y", 11) == 0,
	    "html_escape takes a length: a NUL byte is copied, what follows escaped");
	buf_reset(&b);

	buf_puts(&b, "<kept>");
	html_escape_str(&b, "&");
	is_str(text_of(&b), "<kept>&amp;", "appends to what the buffer holds");
	buf_reset(&b);

	html_escape(&b, "<", 0);
	html_escape_str(&b, "");
	is_int(b.len, 0, "nothing to escape appends nothing");
	buf_reset(&b);

	html_escape_str(&b, "&amp;");
	is_str(text_of(&b), "&amp;amp;", "an entity is text like any other: escaped again");
	buf_reset(&b);

	/* md4c-html escapes a code span's text byte for byte. */
	for (int c = 0x20; c < 0x7f; c++) {
		char md[16], text[4] = { 'a', (char)c, 'b', '\0' };
		char *want;

		if (c == '`')
			continue;
		snprintf(md, sizeof(md), "`%s`\n", text);
		want = md4c_between(md, "<code>", "</code>");
		buf_reset(&b);
		html_escape_str(&b, text);
		if (want == NULL || strcmp(text_of(&b), want) != 0) {
			diag("byte 0x%02x: html_escape gives \"%s\", md4c-html \"%s\"", c,
			    text_of(&b), want ? want : "(none)");
			differ++;
		}
		free(want);
	}
	is_int(differ, 0, "every printable byte escaped as md4c-html escapes text");
	buf_free(&b);
}

static void
test_url(void)
{
	struct buf b = BUF_INIT;
	size_t differ = 0, checked = 0;

	html_url(&b, "https://example.org/a_b-c.d?x=1&y=2#top", 39);
	is_str(text_of(&b), "https://example.org/a_b-c.d?x=1&amp;y=2#top",
	    "a URL's own characters are kept, & becomes &amp;");
	buf_reset(&b);

	html_url(&b, "a b\"c'd<e>", 10);
	is_str(text_of(&b), "a%20b%22c%27d%3Ce%3E", "space, quotes and angle brackets are "
	    "percent-encoded");
	buf_reset(&b);

	html_url(&b, "caf\xc3\xa9", 5);
	is_str(text_of(&b), "caf%C3%A9", "UTF-8 bytes are percent-encoded, in capitals");
	buf_reset(&b);

	html_url(&b, "%41%zz", 6);
	is_str(text_of(&b), "%41%zz", "an existing escape is kept (and a stray %% too)");
	buf_reset(&b);

	html_url(&b, "a\0b", 3);
	is_str(text_of(&b), "a%00b", "a NUL byte is encoded");
	buf_reset(&b);

	buf_puts(&b, "href=");
	html_url(&b, "", 0);
	is_str(text_of(&b), "href=", "an empty URL appends nothing");
	buf_reset(&b);

	/*
	 * md4c-html's own escaping of a link destination, byte by byte. The
	 * one difference: '~' is kept, as later md4c-html versions keep it
	 * (their list of safe bytes starts with it); Debian 12's md4c-html
	 * (0.4.8) encodes it. The test names it rather than skipping it.
	 */
	for (int c = 0x21; c < 0x7f; c++) {
		char md[32], url[4] = { 'a', (char)c, 'b', '\0' };
		char *want;

		if (c == '<' || c == '>' || c == '\\')
			continue;	/* not a byte of a <destination> */
		snprintf(md, sizeof(md), "[x](<%s>)\n", url);
		want = md4c_between(md, "href=\"", "\"");
		buf_reset(&b);
		html_url(&b, url, 3);
		checked++;
		if (c == '~') {
			is_str(text_of(&b), "a~b", "'~' is kept (the installed md4c-html "
			    "writes \"%s\")", want ? want : "(none)");
		} else if (want == NULL || strcmp(text_of(&b), want) != 0) {
			diag("byte '%c': html_url gives \"%s\", md4c-html \"%s\"", c,
			    text_of(&b), want ? want : "(none)");
			differ++;
		}
		free(want);
	}
	ok(checked == 91 && differ == 0, "every other printable byte as md4c-html writes it in "
	    "an href (%zu checked, %zu differ)", checked, differ);
	buf_free(&b);
}

int
main(void)
{
	test_escape();
	test_url();
	return tap_done();
}
