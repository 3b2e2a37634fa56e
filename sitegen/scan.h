/*
 * scan.h - the lines of a Markdown body, told apart from code and comments.
 *
 * Some Codex constructs are lines of their own that md4c would not see the
 * way Pandoc does (a <div class="shuffle"> block holding Markdown, quiz
 * questions and their "(a)" options). They are found before the Markdown is
 * parsed, line by line, with just enough Markdown knowledge that such a line
 * inside a fenced code block (```, ~~~) or an HTML comment block (<!-- ...
 * -->) is not taken for one. Indented code is code only after a blank line
 * or at the start, as in CommonMark; callers look at lines indented by at
 * most three spaces anyway.
 */
#ifndef SITEGEN_SCAN_H
#define SITEGEN_SCAN_H

#include <stddef.h>

struct scan {
	const char *p, *end;
	unsigned line;		/* the number of the next line */
	size_t fence_len;	/* inside a fenced code block: its fence */
	char fence_ch;
	int in_comment;		/* inside an HTML comment block */
};

struct scan_line {
	const char *start;	/* the line, without its '\n' (a '\r' stays) */
	const char *end;
	const char *next;	/* the start of the next line */
	unsigned line;		/* 1-based */
	int text;		/* 1: neither code nor comment (the fence and
				   comment lines themselves are not text) */
};

/* Starts scanning P (N bytes) whose first line is line LINE0. */
void scan_init(struct scan *s, const char *p, size_t n, unsigned line0);

/* The next line into L. Returns 1, or 0 at the end. */
int scan_next(struct scan *s, struct scan_line *l);

/* Is [p, e) empty but for spaces, tabs and a carriage return? */
int scan_blank(const char *p, const char *e);

/* The number of leading spaces of [p, e) (a tab counts to the next 4). */
size_t scan_indent(const char *p, const char *e);

#endif
