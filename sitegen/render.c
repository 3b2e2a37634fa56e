/*
 * render.c - Markdown to HTML on md4c's callbacks; see render.h.
 *
 * A page is first cut into segments (scan.h): for most pages the whole body
 * is one, but a shuffle block's content and, on a quiz page, each question's
 * header, text, options and the rest are segments of their own, which md4c
 * parses one after the other into the same state (header ids stay unique,
 * links are collected in order). md4c's text pointers point into the
 * segment, so a problem is reported at its line and column.
 *
 * The renderer writes into one buffer. Some Codex constructs need to look
 * ahead, which a push parser does not allow, so they are done by editing the
 * end of the buffer: after a link or an image is closed it stays "pending";
 * if the next text starts with an attribute set ({.ex}), the attributes are
 * inserted into the tag already written and the text is dropped, otherwise
 * the text is written as usual. A header's attributes are its last text:
 * when the header ends, that text is rewritten without them and the id and
 * classes are inserted into the <hN> tag. Only the tail of the buffer is
 * ever edited (a header, a quiz question or option being written), and the
 * fill offsets of the links in it are moved with the edit (shift_links).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>

#include "sandbox/util/file.h"
#include "sitegen/attr.h"
#include "sitegen/diffs.h"
#include "sitegen/exercise_cases.h"
#include "sitegen/html.h"
#include "sitegen/ident.h"
#include "sitegen/quiz.h"
#include "sitegen/render.h"
#include "sitegen/scan.h"
#include "sitegen/text.h"

enum { PEND_NONE, PEND_LINK, PEND_IMG };

/* Text that may be an attribute set, longer than this is given up. */
#define ATTR_TEXT_MAX 4096

struct state {
	struct render_result *out;
	const struct render_opts *opts;
	struct buf *b;
	size_t dirlen;		/* length of the page's directory with its '/' */
	const char *page;
	const char *body;	/* the whole page */
	int img;		/* image nesting: inside an image only text is written */
	int heading_done;	/* the first header (the title) was seen */
	struct ident_set ids;

	/* The segment being parsed: a copy, and where it is in the page. */
	const char *seg;
	size_t seg_len;
	unsigned seg_line;
	unsigned seg_col;	/* column of its first byte */

	/* The header being written. */
	int in_h;
	unsigned h_level;
	size_t h_tag_end;	/* offset where attributes go: just before '>' */
	struct buf htext;	/* its plain text (title, id) */
	int run;		/* the last text written is plain text ... */
	size_t run_html;	/* ... whose HTML starts here */
	size_t run_text;	/* ... and plain text here */
	struct buf run_raw;	/* ... and which reads so */
	struct quiz_question *question;	/* a quiz question's header */

	/* HTML blocks and comments. */
	int in_html_block;
	int in_comment;
	size_t html_line;	/* where the block's current line starts */
	int html_comment;	/* that line had a comment */

	/* Code blocks. */
	int code_skip;		/* an include or diffs: the block's own text is not written */

	/* Shuffle blocks. */
	int shuffle;		/* inside one */
	int lists;		/* list nesting inside it */
	unsigned items;		/* items numbered so far */
	unsigned nshuffles;

	/* The link being written. */
	size_t cur_open_end;	/* offset of the '>' that ends <a ...> */
	size_t cur_content;	/* offset just after it */
	long cur_link;		/* its index in out->links, or -1 */

	/* The link or image just closed, waiting for an attribute set. */
	int pending;
	size_t open_end;
	size_t content;
	long link;
	struct buf attrs;	/* text read so far that may be the set */

	int failed;
};

/* A few named entities, for plain text (titles, URLs); others stay as written. */
static const struct {
	const char *name;
	unsigned cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xa0 }, { "copy", 0xa9 }, { "reg", 0xae },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "ldquo", 0x201c }, { "rdquo", 0x201d },
	{ "hellip", 0x2026 }, { "laquo", 0xab }, { "raquo", 0xbb },
	{ "times", 0xd7 }, { "minus", 0x2212 },
};

static void
put_utf8(struct buf *b, unsigned cp)
{
	char u[4];

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* Appends the character entity S ("&amp;", "&#38;", "&#x26;") as text. */
static void
put_entity(struct buf *b, const char *s, size_t n)
{
	if (n > 3 && s[1] == '#') {
		unsigned cp = 0;
		int hex = s[2] == 'x' || s[2] == 'X';

		for (size_t i = hex ? 3 : 2; i + 1 < n && cp <= 0x10ffff; i++) {
			char c = s[i];

			if (hex)
				cp = cp * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
			else
				cp = cp * 10 + (unsigned)(c - '0');
		}
		put_utf8(b, cp);
		return;
	}
	for (size_t i = 0; i < sizeof(entities) / sizeof(*entities); i++) {
		size_t len = strlen(entities[i].name);

		if (n == len + 2 && memcmp(s + 1, entities[i].name, len) == 0) {
			put_utf8(b, entities[i].cp);
			return;
		}
	}
	buf_add(b, s, n);
}

/* Appends an md4c attribute as plain text (entities decoded). */
static void
put_attribute(struct buf *b, const MD_ATTRIBUTE *a)
{
	if (a->text == NULL || a->size == 0)
		return;	/* md4c leaves substr_offsets unset then */
	for (int i = 0; a->substr_offsets[i] < a->size; i++) {
		MD_OFFSET off = a->substr_offsets[i];
		MD_SIZE n = a->substr_offsets[i + 1] - off;

		switch (a->substr_types[i]) {
		case MD_TEXT_NULLCHAR:
			put_utf8(b, 0);
			break;
		case MD_TEXT_ENTITY:
			put_entity(b, a->text + off, n);
			break;
		default:
			buf_add(b, a->text + off, n);
			break;
		}
	}
}

/* Does the URL have no scheme and no authority (a path on this site)? */
static int
url_is_local(const char *u, size_t n)
{
	size_t i = 0;

	if (n >= 2 && u[0] == '/' && u[1] == '/')
		return 0;
	if (n > 0 && ((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z'))) {
		for (i = 1; i < n; i++) {
			char c = u[i];

			if (c == ':')
				return 0;
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-'))
				break;
		}
	}
	return 1;
}

/*
 * The page PATH (N bytes, relative to DIR, or to the root when it starts
 * with '/') as a path relative to the content root with "." and ".."
 * resolved, or NULL when it leaves the root or on ENOMEM.
 */
static char *
resolve(const char *dir, size_t dirlen, const char *path, size_t n)
{
	struct buf joined = BUF_INIT, out = BUF_INIT;
	size_t *segs = NULL, nsegs = 0;
	char *res = NULL;

	if (n > 0 && path[0] == '/')
		dirlen = 0;
	buf_add(&joined, dir, dirlen);
	buf_add(&joined, path, n);
	if (joined.oom || (segs = malloc((joined.len + 1) * sizeof(*segs))) == NULL)
		goto out;
	for (size_t i = 0; i < joined.len;) {
		size_t j = i;

		while (j < joined.len && joined.data[j] != '/')
			j++;
		if (j - i == 2 && memcmp(joined.data + i, "..", 2) == 0) {
			if (nsegs == 0)
				goto out;	/* above the root */
			out.len = segs[--nsegs];
		} else if (j > i && !(j - i == 1 && joined.data[i] == '.')) {
			segs[nsegs++] = out.len;
			if (out.len > 0)
				buf_putc(&out, '/');
			buf_add(&out, joined.data + i, j - i);
		}
		i = j + 1;
	}
	if (out.len > 0)
		res = buf_steal(&out);
out:
	free(segs);
	buf_free(&joined);
	buf_free(&out);
	return res;
}

/* --- Places and problems ------------------------------------------------- */

/* The line and column of P, a pointer into the segment (or anywhere). */
static void
place(const struct state *st, const char *p, unsigned *line, unsigned *col)
{
	const char *s = st->seg, *ls;

	*line = st->seg_line;
	*col = 0;
	if (s == NULL || p == NULL || p < s || p > s + st->seg_len)
		return;
	ls = s;
	for (const char *q = s; q < p; q++) {
		if (*q == '\n') {
			(*line)++;
			ls = q + 1;
		}
	}
	*col = (unsigned)(p - ls) + 1 + (ls == s ? st->seg_col - 1 : 0);
}

static void __attribute__((format(printf, 4, 5)))
problem(struct state *st, enum diag_level level, const char *at, const char *fmt, ...)
{
	char msg[1024];
	unsigned line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	place(st, at, &line, &col);
	if (level == DIAG_ERROR)
		st->out->errors++;
	if (st->opts->diags != NULL)
		diag_report(st->opts->diags, level, st->opts->file, line, col, "%s", msg);
}

/* --- Links ------------------------------------------------------------------ */

static int
add_link(struct state *st, char *target, const char *href, size_t n, const char *at)
{
	struct render_result *r = st->out;
	struct render_link *l = realloc(r->links, (r->nlinks + 1) * sizeof(*l));

	if (l == NULL)
		return -1;
	r->links = l;
	l = &r->links[r->nlinks];
	memset(l, 0, sizeof(*l));
	l->target = target;
	place(st, at, &l->line, &l->column);
	if ((l->href = malloc(n + 1)) == NULL)
		return -1;
	memcpy(l->href, href, n);
	l->href[n] = '\0';
	r->nlinks++;
	return 0;
}

static int add_file(struct state *st, struct render_include **v, size_t *n,
    const char *rel, const char *at);

/*
 * Writes the href of a link: a link to a page (path ending in .md) points at
 * the page's HTML. Records the link when it goes to a page of the course,
 * or to another file of the course (out->files).
 */
static void
put_href(struct state *st, const MD_ATTRIBUTE *href)
{
	struct buf raw = BUF_INIT;
	size_t pathlen;

	st->cur_link = -1;
	put_attribute(&raw, href);
	if (raw.oom) {
		st->failed = 1;
		return;
	}
	pathlen = strcspn(raw.data ? raw.data : "", "?#");
	if (raw.len > 0 && url_is_local(raw.data, raw.len) && pathlen >= 3 &&
	    memcmp(raw.data + pathlen - 3, ".md", 3) == 0) {
		char *target = resolve(st->page, st->dirlen, raw.data, pathlen);

		html_url(st->b, raw.data, pathlen - 3);
		html_url(st->b, ".html", 5);
		html_url(st->b, raw.data + pathlen, raw.len - pathlen);
		if (target != NULL) {
			if (add_link(st, target, raw.data, raw.len, href->text)) {
				free(target);
				st->failed = 1;
			} else {
				st->cur_link = (long)st->out->nlinks - 1;
			}
		}
	} else {
		html_url(st->b, raw.data, raw.len);
		if (raw.len > 0 && url_is_local(raw.data, raw.len) && pathlen > 0 &&
		    st->opts->root != NULL) {
			char *target = resolve(st->page, st->dirlen, raw.data, pathlen);

			if (target != NULL && add_file(st, &st->out->files, &st->out->nfiles,
			    target, href->text))
				st->failed = 1;
			free(target);
		}
	}
	buf_free(&raw);
}

static void
put_html_attribute(struct state *st, const MD_ATTRIBUTE *a)
{
	struct buf raw = BUF_INIT;

	put_attribute(&raw, a);
	if (raw.oom)
		st->failed = 1;
	html_escape(st->b, raw.data, raw.len);
	buf_free(&raw);
}

/* --- Text ------------------------------------------------------------------- */

/* Collects the plain text of a header. */
static void
header_text(struct state *st, MD_TEXTTYPE type, const char *text, size_t size)
{
	switch (type) {
	case MD_TEXT_HTML:
		break;
	case MD_TEXT_ENTITY:
		put_entity(&st->htext, text, size);
		break;
	case MD_TEXT_NULLCHAR:
		put_utf8(&st->htext, 0);
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		buf_putc(&st->htext, ' ');
		break;
	default:
		buf_add(&st->htext, text, size);
		break;
	}
}

/*
 * Raw HTML, with comments dropped. In an HTML block (whose lines md4c hands
 * over one by one, the line end apart), a line that held nothing but
 * comments is dropped with its line end.
 */
static void
put_raw_html(struct state *st, const char *text, size_t size)
{
	const char *p = text, *e = text + size;
	struct buf *b = st->b;

	if (st->in_comment)
		st->html_comment = 1;
	while (p < e) {
		const char *c;

		if (st->in_comment) {
			if ((c = memmem(p, (size_t)(e - p), "-->", 3)) == NULL)
				break;
			st->in_comment = 0;
			p = c + 3;
			continue;
		}
		if ((c = memmem(p, (size_t)(e - p), "<!--", 4)) == NULL) {
			buf_add(b, p, (size_t)(e - p));
			break;
		}
		buf_add(b, p, (size_t)(c - p));
		st->in_comment = 1;
		st->html_comment = 1;
		p = c + 4;
	}
	if (!st->in_html_block || size == 0 || text[size - 1] != '\n')
		return;
	if (st->html_comment && b->data != NULL && st->html_line < b->len &&
	    scan_blank(b->data + st->html_line, b->data + b->len - 1))
		buf_truncate(b, st->html_line);
	st->html_line = b->len;
	st->html_comment = st->in_comment;
}

static void
put_text(struct state *st, MD_TEXTTYPE type, const char *text, size_t size)
{
	struct buf *b = st->b;

	if (st->in_comment && type != MD_TEXT_HTML)
		return;		/* a soft break inside an inline comment */
	if (st->in_h) {
		if (type == MD_TEXT_NORMAL && !st->img) {
			if (!st->run) {
				st->run = 1;
				st->run_html = b->len;
				st->run_text = st->htext.len;
				buf_reset(&st->run_raw);
			}
			buf_add(&st->run_raw, text, size);
		} else {
			st->run = 0;
		}
		header_text(st, type, text, size);
	}
	switch (type) {
	case MD_TEXT_NULLCHAR:
		put_utf8(b, 0);
		break;
	case MD_TEXT_BR:
		buf_puts(b, st->img ? " " : "<br>\n");
		break;
	case MD_TEXT_SOFTBR:
		buf_puts(b, st->img ? " " : "\n");
		break;
	case MD_TEXT_HTML:
		put_raw_html(st, text, size);
		break;
	case MD_TEXT_ENTITY:
		buf_add(b, text, size);
		break;
	default:
		html_escape(b, text, size);
		break;
	}
}

/* The buffer moved by DELTA bytes from offset FROM on: so do fill offsets. */
static void
shift_links(struct state *st, size_t from, long delta)
{
	for (size_t i = 0; i < st->out->nlinks; i++)
		if (st->out->links[i].fill && st->out->links[i].offset >= from)
			st->out->links[i].offset = (size_t)((long)st->out->links[i].offset + delta);
}

/* Inserts S at offset AT of the buffer (in its tail). */
static void
insert_at(struct state *st, size_t at, const struct buf *s)
{
	struct buf *b = st->b;

	if (s->oom || buf_grow(b, s->len)) {
		st->failed = 1;
		return;
	}
	if (s->len == 0)
		return;
	memmove(b->data + at + s->len, b->data + at, b->len - at + 1);
	memcpy(b->data + at, s->data, s->len);
	b->len += s->len;
	shift_links(st, at, (long)s->len);
}

/* Inserts the attributes A into the pending link or image tag. */
static void
apply_attrs(struct state *st, const struct attr *a)
{
	struct buf s = BUF_INIT;
	struct buf *b = st->b;
	int ex = st->pending == PEND_LINK && attr_has_class(a, "ex");
	struct render_link *l = st->link >= 0 ? &st->out->links[st->link] : NULL;

	attr_html(&s, a);
	if (ex && l != NULL) {
		size_t tlen = strlen(l->target);

		buf_puts(&s, " data-exercise=\"");
		html_escape(&s, l->target, tlen > 3 ? tlen - 3 : tlen);
		buf_putc(&s, '"');
		st->out->features |= RENDER_EXLINK;
	}
	insert_at(st, st->open_end, &s);
	if (!st->failed && ex && l != NULL && st->content + s.len == b->len - 4) {
		l->fill = 1;
		l->offset = st->content + s.len;
	}
	buf_free(&s);
}

/* Ends the pending state: text held back is written as ordinary text. */
static void
flush_pending(struct state *st)
{
	if (st->attrs.len > 0)
		put_text(st, MD_TEXT_NORMAL, st->attrs.data, st->attrs.len);
	buf_reset(&st->attrs);
	st->pending = PEND_NONE;
}

/* Text after a link or image: is it an attribute set? Returns 1 if consumed. */
static int
pending_text(struct state *st, const char *text, size_t size)
{
	struct attr a;
	long n;

	if (st->attrs.len == 0 && (size == 0 || text[0] != '{')) {
		st->pending = PEND_NONE;
		return 0;
	}
	buf_add(&st->attrs, text, size);
	if (st->attrs.oom) {
		st->failed = 1;
		return 1;
	}
	n = attr_parse(st->attrs.data, st->attrs.len, &a);
	if (n == ATTR_INCOMPLETE && st->attrs.len <= ATTR_TEXT_MAX)
		return 1;	/* the rest may come in the next text */
	if (n == ATTR_NOMEM) {
		st->failed = 1;
		return 1;
	}
	if (n > 0) {
		size_t rest = st->attrs.len - (size_t)n;

		apply_attrs(st, &a);
		attr_free(&a);
		st->pending = PEND_NONE;
		if (rest > 0)
			put_text(st, MD_TEXT_NORMAL, st->attrs.data + n, rest);
		buf_reset(&st->attrs);
		return 1;
	}
	flush_pending(st);
	return 1;
}

/* --- Headers ---------------------------------------------------------------- */

/*
 * The header ends: its trailing attribute set (if any) is taken off its text,
 * and its id, classes and attributes go into the <hN> tag.
 */
static void
end_header(struct state *st)
{
	struct attr a = { 0 };
	struct buf s = BUF_INIT;
	int has = 0;
	char *base = NULL, *id = NULL;

	if (st->run && st->run_raw.len > 0) {
		const char *raw = st->run_raw.data, *e = raw + st->run_raw.len;
		const char *brace;

		while (e > raw && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		brace = attr_parse_trailing(raw, e, &a);
		if (brace != NULL) {
			const char *t = brace;

			has = 1;
			while (t > raw && (t[-1] == ' ' || t[-1] == '\t'))
				t--;
			buf_truncate(st->b, st->run_html);
			html_escape(st->b, raw, (size_t)(t - raw));
			buf_truncate(&st->htext, st->run_text);
			buf_add(&st->htext, raw, (size_t)(t - raw));
		}
	}
	buf_add(&st->htext, "", 0);
	if (st->question != NULL) {
		/* A quiz question: its id and classes only, never its answer. */
		if (st->question->title == NULL)
			st->question->title = strdup(st->htext.data ? st->htext.data : "");
		for (size_t i = 0; i < a.nkvs; i++) {
			free(a.kvs[i].key);
			free(a.kvs[i].value);
		}
		a.nkvs = 0;
	} else if (has && (attr_remove_key(&a, "answer") | attr_remove_key(&a, "answers")) > 0) {
		problem(st, DIAG_WARNING, NULL, "answer= on a header that is not a quiz "
		    "question: it is not published");
	}
	if (a.id != NULL) {
		if (ident_use(&st->ids, a.id) == 1)
			problem(st, DIAG_WARNING, NULL, "the id \"%s\" is used twice on the page", a.id);
	} else {
		base = ident_from_text(st->htext.data ? st->htext.data : "");
		if (base == NULL || (id = ident_unique(&st->ids, base)) == NULL)
			st->failed = 1;
		a.id = id;
	}
	if (st->question != NULL && st->question->id == NULL && a.id != NULL)
		st->question->id = strdup(a.id);
	if (!st->heading_done) {
		st->heading_done = 1;
		if ((st->out->heading = strdup(st->htext.data ? st->htext.data : "")) == NULL)
			st->failed = 1;
	}
	attr_html(&s, &a);
	insert_at(st, st->h_tag_end, &s);
	buf_free(&s);
	attr_free(&a);
	free(base);
	st->in_h = 0;
	st->run = 0;
	st->question = NULL;
}

/* --- Includes ------------------------------------------------------------- */

/* Adds file REL, named at AT, to the list *V of *N files, once. 0, or -1. */
static int
add_file(struct state *st, struct render_include **v, size_t *n, const char *rel,
    const char *at)
{
	struct render_include *w;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].rel, rel) == 0)
			return 0;
	if ((w = realloc(*v, (*n + 1) * sizeof(*w))) == NULL)
		return -1;
	*v = w;
	w += *n;
	memset(w, 0, sizeof(*w));
	place(st, at, &w->line, &w->column);
	if ((w->rel = strdup(rel)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static int
add_include(struct state *st, const char *rel, const char *at)
{
	return add_file(st, &st->out->includes, &st->out->nincludes, rel, at);
}

/*
 * Where the value of KEY is written in the info string INFO (its first
 * character, past a quote), for messages; the info string's start when
 * KEY is not found.
 */
static const char *
attr_value_at(const MD_ATTRIBUTE *info, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; info->text != NULL && i + klen < info->size; i++) {
		const char *t = info->text + i;

		if (memcmp(t, key, klen) != 0 || t[klen] != '=' ||
		    (i > 0 && !strchr(" \t{", t[-1])))
			continue;
		t += klen + 1;
		if (t < info->text + info->size && (*t == '"' || *t == '\''))
			t++;
		return t < info->text + info->size ? t : info->text;
	}
	return info->text;
}

/*
 * The text of the file SRC that an include or a diffs block (WHAT) shows,
 * named at AT: read into *DATA (malloc'd, *LEN bytes) and recorded as an
 * include. Returns 0, or -1 after reporting why (or marking the failure).
 */
static int
read_shown(struct state *st, const char *what, const char *src, const char *at,
    char **data, size_t *len)
{
	const struct render_opts *o = st->opts;
	char *rel = NULL, *full = NULL, *real = NULL;
	size_t bad, rootlen;
	struct stat sb;
	int rc = -1;

	*data = NULL;
	*len = 0;
	if (o->root == NULL || o->rootreal == NULL) {
		problem(st, DIAG_ERROR, at, "%s %s: no course to include from", what, src);
		return -1;
	}
	rel = src[0] == '/' ? resolve("", 0, src + 1, strlen(src + 1)) :
	    resolve(st->page, st->dirlen, src, strlen(src));
	rootlen = strlen(o->rootreal);
	if (rel == NULL) {
		problem(st, DIAG_ERROR, at, "%s %s: outside the course directory", what, src);
		goto out;
	}
	if (asprintf(&full, "%s/%s", o->root, rel) < 0) {
		full = NULL;
		st->failed = 1;
		goto out;
	}
	if ((real = realpath(full, NULL)) == NULL || stat(real, &sb) == -1) {
		problem(st, DIAG_ERROR, at, "%s %s: %s", what, src, strerror(errno));
		goto out;
	}
	if (strncmp(real, o->rootreal, rootlen) != 0 || real[rootlen] != '/') {
		problem(st, DIAG_ERROR, at, "%s %s: outside the course directory", what, src);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		problem(st, DIAG_ERROR, at, "%s %s: not a regular file", what, src);
		goto out;
	}
	if (file_read(real, data, len) == -1) {
		problem(st, DIAG_ERROR, at, "%s %s: %s", what, src, strerror(errno));
		goto out;
	}
	if ((bad = text_utf8_invalid(*data, *len)) != *len) {
		problem(st, DIAG_ERROR, at, "%s %s: line %u is not UTF-8 text", what, src,
		    text_line_of(*data, bad));
		goto out;
	}
	if (add_include(st, real + rootlen + 1, at))
		st->failed = 1;
	rc = 0;
out:
	if (rc) {
		free(*data);
		*data = NULL;
		*len = 0;
	}
	free(rel);
	free(full);
	free(real);
	return rc;
}

/* Writes the escaped text of include SRC (AT: where it is named). */
static void
put_include(struct state *st, const char *src, const char *at)
{
	char *data;
	size_t len;

	if (src == NULL || *src == '\0') {
		problem(st, DIAG_ERROR, at, "an include names its file: "
		    "~~~ {.include src=\"file\"}");
		return;
	}
	if (read_shown(st, "include", src, at, &data, &len))
		return;
	html_escape(st->b, data, len);
	if (len > 0 && data[len - 1] != '\n')
		buf_putc(st->b, '\n');
	free(data);
}

/*
 * Writes the line difference of files FROM and TO (named at FAT and TAT;
 * AT: the block's info string): each line once, marked in words and by
 * its prefix as well as by colour.
 */
static void
put_diffs(struct state *st, const char *from, const char *to, const char *fat,
    const char *tat, const char *at)
{
	static const char *const open[] = {
		[DIFFS_SAME] = "<span class=\"diff-same\">  ",
		[DIFFS_DEL] = "<del class=\"diff-del\"><span class=\"visually-hidden\">"
		    "removed: </span>- ",
		[DIFFS_ADD] = "<ins class=\"diff-add\"><span class=\"visually-hidden\">"
		    "added: </span>+ ",
	};
	static const char *const close[] = {
		[DIFFS_SAME] = "\n</span>", [DIFFS_DEL] = "\n</del>", [DIFFS_ADD] = "\n</ins>",
	};
	char *a = NULL, *b = NULL;
	size_t alen, blen, n = 0;
	struct diffs_line *l = NULL;

	if (from == NULL || *from == '\0' || to == NULL || *to == '\0') {
		problem(st, DIAG_ERROR, at, "a diffs block names two files: "
		    "~~~ {.diffs from=\"a.py\" to=\"b.py\"}");
		return;
	}
	if (read_shown(st, "diffs", from, fat, &a, &alen) |
	    read_shown(st, "diffs", to, tat, &b, &blen))
		goto out;
	if (diffs_lines(a, alen, b, blen, &l, &n)) {
		st->failed = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		buf_puts(st->b, open[l[i].op]);
		html_escape(st->b, l[i].text, l[i].len);
		buf_puts(st->b, close[l[i].op]);
	}
out:
	free(l);
	free(a);
	free(b);
}

/* --- md4c's callbacks ------------------------------------------------------ */

static void
enter_item(struct state *st, const MD_BLOCK_LI_DETAIL *d)
{
	struct buf *b = st->b;

	buf_puts(b, "<li");
	if (st->shuffle && st->lists == 1)
		buf_printf(b, " data-shuffle-item=\"%u\"", st->items++);
	if (d->is_task) {
		buf_puts(b, " class=\"task-list-item\"><input type=\"checkbox\" "
		    "class=\"task-list-item-checkbox\" disabled");
		if (d->task_mark == 'x' || d->task_mark == 'X')
			buf_puts(b, " checked");
	}
	buf_putc(b, '>');
}

/* The <hN> tag, open for the attributes end_header() may insert. */
static void
enter_header(struct state *st, const MD_BLOCK_H_DETAIL *d)
{
	struct buf *b = st->b;

	buf_printf(b, "<h%u", d->level);
	st->h_tag_end = b->len;
	buf_putc(b, '>');
	st->in_h = 1;
	st->h_level = d->level;
	st->run = 0;
	buf_reset(&st->htext);
}

static char *
attr_dup(const struct attr *a, const char *key)
{
	return attr_get(a, key) ? strdup(attr_get(a, key)) : NULL;
}

/*
 * An include or diffs block (class "include" or "diffs"): its file or files
 * instead of its own lines, the other attributes on <code>. A diffs block's
 * <pre> has class "diffs" (assay.js leaves it to the spans, not
 * highlight.js).
 */
static void
enter_shown(struct state *st, const MD_BLOCK_CODE_DETAIL *d, struct attr *a)
{
	int diffs = !attr_has_class(a, "include");
	char *src = attr_dup(a, "src"), *from = attr_dup(a, "from"), *to = attr_dup(a, "to");

	attr_remove_class(a, "include");
	attr_remove_class(a, "diffs");
	attr_remove_key(a, diffs ? "from" : "src");
	if (diffs)
		attr_remove_key(a, "to");
	buf_puts(st->b, diffs ? "<pre class=\"diffs\"><code" : "<pre><code");
	attr_html(st->b, a);
	buf_putc(st->b, '>');
	if (diffs)
		put_diffs(st, from, to, attr_value_at(&d->info, "from"),
		    attr_value_at(&d->info, "to"), d->info.text);
	else
		put_include(st, src, attr_value_at(&d->info, "src"));
	if (!diffs && a->nclasses > 0)
		st->out->features |= RENDER_CODE;
	st->code_skip = 1;
	free(src);
	free(from);
	free(to);
}

/* <pre><code>: attributes from the info string, an include, or a language. */
static void
enter_code(struct state *st, const MD_BLOCK_CODE_DETAIL *d)
{
	struct buf *b = st->b;
	struct buf info = BUF_INIT;
	struct attr a;

	put_attribute(&info, &d->info);
	if (info.len > 0 && info.data[0] == '{' &&
	    attr_parse(info.data, info.len, &a) > 0) {
		if (attr_has_class(&a, "include") || attr_has_class(&a, "diffs")) {
			enter_shown(st, d, &a);
		} else {
			buf_puts(b, "<pre><code");
			attr_html(b, &a);
			buf_putc(b, '>');
			if (a.nclasses > 0)
				st->out->features |= RENDER_CODE;
		}
		attr_free(&a);
	} else {
		buf_puts(b, "<pre><code");
		if (d->lang.text != NULL) {
			buf_puts(b, " class=\"language-");
			put_html_attribute(st, &d->lang);
			buf_putc(b, '"');
			st->out->features |= RENDER_CODE;
		}
		buf_putc(b, '>');
	}
	buf_free(&info);
}

static void
enter_cell(struct buf *b, MD_BLOCKTYPE type, const MD_BLOCK_TD_DETAIL *d)
{
	static const char *const align[] = {
		[MD_ALIGN_DEFAULT] = ">", [MD_ALIGN_LEFT] = " align=\"left\">",
		[MD_ALIGN_CENTER] = " align=\"center\">",
		[MD_ALIGN_RIGHT] = " align=\"right\">",
	};

	buf_puts(b, type == MD_BLOCK_TH ? "<th" : "<td");
	buf_puts(b, align[d->align]);
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct state *st = arg;
	struct buf *b = st->b;

	flush_pending(st);
	switch (type) {
	case MD_BLOCK_DOC:
		break;
	case MD_BLOCK_HTML:
		st->in_html_block = 1;
		st->html_line = b->len;
		st->html_comment = 0;
		break;
	case MD_BLOCK_QUOTE:
		buf_puts(b, "<blockquote>\n");
		break;
	case MD_BLOCK_UL:
		st->lists += st->shuffle;
		buf_puts(b, "<ul>\n");
		break;
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;

		st->lists += st->shuffle;
		if (d->start == 1)
			buf_puts(b, "<ol>\n");
		else
			buf_printf(b, "<ol start=\"%u\">\n", d->start);
		break;
	}
	case MD_BLOCK_LI:
		enter_item(st, detail);
		break;
	case MD_BLOCK_HR:
		buf_puts(b, "<hr>\n");
		break;
	case MD_BLOCK_H:
		enter_header(st, detail);
		break;
	case MD_BLOCK_CODE:
		enter_code(st, detail);
		break;
	case MD_BLOCK_P:
		buf_puts(b, "<p>");
		break;
	case MD_BLOCK_TABLE:
		buf_puts(b, "<table>\n");
		break;
	case MD_BLOCK_THEAD:
		buf_puts(b, "<thead>\n");
		break;
	case MD_BLOCK_TBODY:
		buf_puts(b, "<tbody>\n");
		break;
	case MD_BLOCK_TR:
		buf_puts(b, "<tr>\n");
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		enter_cell(b, type, detail);
		break;
	}
	return st->failed ? -1 : 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct state *st = arg;
	struct buf *b = st->b;

	flush_pending(st);
	switch (type) {
	case MD_BLOCK_DOC:
	case MD_BLOCK_HR:
		break;
	case MD_BLOCK_HTML:
		st->in_html_block = 0;
		break;
	case MD_BLOCK_QUOTE:
		buf_puts(b, "</blockquote>\n");
		break;
	case MD_BLOCK_UL:
		st->lists -= st->shuffle;
		buf_puts(b, "</ul>\n");
		break;
	case MD_BLOCK_OL:
		st->lists -= st->shuffle;
		buf_puts(b, "</ol>\n");
		break;
	case MD_BLOCK_LI:
		buf_puts(b, "</li>\n");
		break;
	case MD_BLOCK_H:
		end_header(st);
		buf_printf(b, "</h%u>\n", ((const MD_BLOCK_H_DETAIL *)detail)->level);
		break;
	case MD_BLOCK_CODE:
		st->code_skip = 0;
		buf_puts(b, "</code></pre>\n");
		break;
	case MD_BLOCK_P:
		buf_puts(b, "</p>\n");
		break;
	case MD_BLOCK_TABLE:
		buf_puts(b, "</table>\n");
		break;
	case MD_BLOCK_THEAD:
		buf_puts(b, "</thead>\n");
		break;
	case MD_BLOCK_TBODY:
		buf_puts(b, "</tbody>\n");
		break;
	case MD_BLOCK_TR:
		buf_puts(b, "</tr>\n");
		break;
	case MD_BLOCK_TH:
		buf_puts(b, "</th>\n");
		break;
	case MD_BLOCK_TD:
		buf_puts(b, "</td>\n");
		break;
	}
	return st->failed ? -1 : 0;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct state *st = arg;
	struct buf *b = st->b;
	int inside_img = st->img > 0;

	flush_pending(st);
	st->run = 0;
	if (type == MD_SPAN_IMG)
		st->img++;
	if (inside_img)
		return 0;
	switch (type) {
	case MD_SPAN_EM:
		buf_puts(b, "<em>");
		break;
	case MD_SPAN_STRONG:
		buf_puts(b, "<strong>");
		break;
	case MD_SPAN_U:
		buf_puts(b, "<u>");
		break;
	case MD_SPAN_A: {
		const MD_SPAN_A_DETAIL *d = detail;

		buf_puts(b, "<a href=\"");
		put_href(st, &d->href);
		if (d->title.text != NULL) {
			buf_puts(b, "\" title=\"");
			put_html_attribute(st, &d->title);
		}
		buf_putc(b, '"');
		st->cur_open_end = b->len;
		buf_putc(b, '>');
		st->cur_content = b->len;
		break;
	}
	case MD_SPAN_IMG: {
		const MD_SPAN_IMG_DETAIL *d = detail;
		struct buf raw = BUF_INIT;

		buf_puts(b, "<img src=\"");
		put_attribute(&raw, &d->src);
		if (raw.oom)
			st->failed = 1;
		html_url(b, raw.data, raw.len);
		buf_free(&raw);
		buf_puts(b, "\" alt=\"");
		break;
	}
	case MD_SPAN_CODE:
		buf_puts(b, "<code>");
		break;
	case MD_SPAN_DEL:
		buf_puts(b, "<del>");
		break;
	case MD_SPAN_LATEXMATH:
		buf_puts(b, "<x-equation>");
		st->out->features |= RENDER_MATH;
		break;
	case MD_SPAN_LATEXMATH_DISPLAY:
		buf_puts(b, "<x-equation type=\"display\">");
		st->out->features |= RENDER_MATH;
		break;
	case MD_SPAN_WIKILINK:
		break;	/* not enabled */
	}
	return st->failed ? -1 : 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct state *st = arg;
	struct buf *b = st->b;

	flush_pending(st);
	st->run = 0;
	if (type == MD_SPAN_IMG)
		st->img--;
	if (st->img > 0)
		return 0;
	switch (type) {
	case MD_SPAN_EM:
		buf_puts(b, "</em>");
		break;
	case MD_SPAN_STRONG:
		buf_puts(b, "</strong>");
		break;
	case MD_SPAN_U:
		buf_puts(b, "</u>");
		break;
	case MD_SPAN_A:
		buf_puts(b, "</a>");
		st->pending = PEND_LINK;
		st->open_end = st->cur_open_end;
		st->content = st->cur_content;
		st->link = st->cur_link;
		break;
	case MD_SPAN_IMG: {
		const MD_SPAN_IMG_DETAIL *d = detail;

		if (d->title.text != NULL) {
			buf_puts(b, "\" title=\"");
			put_html_attribute(st, &d->title);
		}
		buf_putc(b, '"');
		st->pending = PEND_IMG;
		st->open_end = b->len;
		st->link = -1;
		buf_putc(b, '>');
		break;
	}
	case MD_SPAN_CODE:
		buf_puts(b, "</code>");
		break;
	case MD_SPAN_DEL:
		buf_puts(b, "</del>");
		break;
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY:
		buf_puts(b, "</x-equation>");
		break;
	case MD_SPAN_WIKILINK:
		break;
	}
	return st->failed ? -1 : 0;
}

static int
text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *arg)
{
	struct state *st = arg;

	if (st->code_skip)
		return 0;
	if (st->pending != PEND_NONE) {
		if (type == MD_TEXT_NORMAL && pending_text(st, text, size))
			return st->failed ? -1 : 0;
		flush_pending(st);
	}
	put_text(st, type, text, size);
	return st->failed ? -1 : 0;
}

/* --- Segments --------------------------------------------------------------- */

/*
 * Renders [P, P + N) of the page as Markdown of its own: its first byte is
 * at LINE, COL of the page. Continuation lines lose up to DEDENT leading
 * spaces (an option's text). Returns 0, or -1 (md4c failed, ENOMEM).
 */
static int
segment(struct state *st, const char *p, size_t n, unsigned line, unsigned col,
    size_t dedent)
{
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = RENDER_MD_FLAGS,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = text,
	};
	struct buf copy = BUF_INIT;
	int rc;

	if (dedent == 0) {
		buf_add(&copy, p, n);
	} else {
		for (const char *q = p, *e = p + n; q < e;) {
			const char *nl = memchr(q, '\n', (size_t)(e - q)), *le = nl ? nl + 1 : e;

			if (q != p)
				for (size_t i = 0; i < dedent && q < le && *q == ' '; i++)
					q++;
			buf_add(&copy, q, (size_t)(le - q));
			q = le;
		}
	}
	buf_add(&copy, "", 0);
	if (copy.oom) {
		buf_free(&copy);
		return -1;
	}
	st->seg = copy.data ? copy.data : "";
	st->seg_len = copy.len;
	st->seg_line = line;
	st->seg_col = col ? col : 1;
	st->in_comment = 0;
	rc = md_parse(st->seg, (MD_SIZE)copy.len, &parser, st);
	if (rc == 0)
		flush_pending(st);
	st->seg = NULL;
	buf_free(&copy);
	return rc != 0 || st->failed ? -1 : 0;
}

static int
segment_range(struct state *st, size_t start, size_t end, unsigned line, unsigned col)
{
	if (end <= start)
		return 0;
	return segment(st, st->body + start, end - start, line, col, 0);
}

/* Is [p, e) a shuffle block's opening tag? Fills A (id, class, choose...). */
static int
shuffle_open(const char *p, const char *e, struct attr *a)
{
	struct buf set = BUF_INIT;
	const char *q = p;
	int ok = 0;

	memset(a, 0, sizeof(*a));
	for (int i = 0; i < 3 && q < e && *q == ' '; i++)
		q++;
	while (e > q && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (e - q < 6 || strncasecmp(q, "<div", 4) != 0 || (q[4] != ' ' && q[4] != '\t') ||
	    e[-1] != '>')
		return 0;
	/* <div class="shuffle" choose=2> reads as the attribute set
	   {class="shuffle" choose=2}. */
	buf_putc(&set, '{');
	buf_add(&set, q + 5, (size_t)(e - 1 - (q + 5)));
	buf_putc(&set, '}');
	if (!set.oom && attr_parse(set.data, set.len, a) == (long)set.len) {
		const char *cls = attr_get(a, "class");

		for (const char *c = cls; c != NULL && *c != '\0';) {
			size_t n = strcspn(c, " \t");

			if (n == 7 && memcmp(c, "shuffle", 7) == 0)
				ok = 1;
			c += n;
			c += strspn(c, " \t");
		}
	}
	if (!ok)
		attr_free(a);
	buf_free(&set);
	return ok;
}

static int
is_div_close(const char *p, const char *e)
{
	const char *q = p;

	for (int i = 0; i < 3 && q < e && *q == ' '; i++)
		q++;
	return e - q >= 6 && strncasecmp(q, "</div>", 6) == 0 && scan_blank(q + 6, e);
}

static int
is_div_open(const char *p, const char *e)
{
	const char *q = p;

	for (int i = 0; i < 3 && q < e && *q == ' '; i++)
		q++;
	return e - q >= 5 && strncasecmp(q, "<div", 4) == 0 &&
	    (q[4] == ' ' || q[4] == '>' || q[4] == '\t' || q[4] == '\r');
}

static void
open_shuffle(struct state *st, struct attr *a, const char *at)
{
	const struct render_opts *o = st->opts;
	const char *choose = attr_get(a, "choose");
	char *end = NULL;
	long n = 0;
	struct buf *b = st->b;

	if (choose != NULL) {
		n = strtol(choose, &end, 10);
		if (end == choose || *end != '\0' || n < 1) {
			problem(st, DIAG_ERROR, at, "choose=%s: the number of items to show "
			    "is a whole number, 1 or more", choose);
			n = 0;
		}
	}
	buf_puts(b, "<div");
	if (a->id != NULL) {
		buf_puts(b, " id=\"");
		html_escape_str(b, a->id);
		buf_putc(b, '"');
	}
	buf_puts(b, " class=\"");
	html_escape_str(b, attr_get(a, "class"));
	buf_puts(b, "\" data-shuffle=\"");
	html_escape_str(b, o->page_id);
	buf_printf(b, "#%u", st->nshuffles++);
	if (o->shuffle_seed != NULL) {
		buf_putc(b, ':');
		html_escape_str(b, o->shuffle_seed);
	}
	buf_putc(b, '"');
	if (n > 0)
		buf_printf(b, " data-choose=\"%ld\"", n);
	buf_puts(b, ">\n");
	st->shuffle = 1;
	st->lists = 0;
	st->items = 0;
	st->out->features |= RENDER_SHUFFLE;
}

/* A page that is not a quiz: Markdown, and shuffle blocks. */
static int
render_document(struct state *st, size_t len)
{
	struct scan sc;
	struct scan_line l;
	size_t start = 0;
	unsigned start_line = 1, open_line = 0, open_col = 0;
	int depth = 0;

	scan_init(&sc, st->body, len, 1);
	while (scan_next(&sc, &l)) {
		struct attr a;

		if (!l.text)
			continue;
		if (!st->shuffle) {
			if (!shuffle_open(l.start, l.end, &a))
				continue;
			if (segment_range(st, start, (size_t)(l.start - st->body), start_line, 1)) {
				attr_free(&a);
				return -1;
			}
			st->seg = l.start;
			st->seg_len = (size_t)(l.end - l.start);
			st->seg_line = l.line;
			st->seg_col = 1;
			open_shuffle(st, &a, l.start);
			st->seg = NULL;
			attr_free(&a);
			open_line = l.line;
			open_col = 1;
			depth = 0;
		} else if (is_div_open(l.start, l.end)) {
			if (shuffle_open(l.start, l.end, &a)) {
				attr_free(&a);
				st->seg = l.start;
				st->seg_len = (size_t)(l.end - l.start);
				st->seg_line = l.line;
				problem(st, DIAG_ERROR, l.start, "a shuffle block inside a shuffle "
				    "block (opened on line %u)", open_line);
				st->seg = NULL;
			}
			depth++;
			continue;
		} else if (is_div_close(l.start, l.end)) {
			if (depth-- > 0)
				continue;
			if (segment_range(st, start, (size_t)(l.start - st->body), start_line, 1))
				return -1;
			buf_puts(st->b, "</div>\n");
			st->shuffle = 0;
			st->lists = 0;
		} else {
			continue;
		}
		start = (size_t)(l.next - st->body);
		start_line = l.line + 1;
	}
	if (segment_range(st, start, len, start_line, 1))
		return -1;
	if (st->shuffle) {
		st->out->errors++;
		if (st->opts->diags != NULL)
			diag_report(st->opts->diags, DIAG_ERROR, st->opts->file, open_line,
			    open_col, "this shuffle block has no </div> on a line of its own");
		buf_puts(st->b, "</div>\n");
		st->shuffle = 0;
	}
	return 0;
}

/* --- Quizzes ---------------------------------------------------------------- */

/* Renders one option's Markdown; a lone paragraph loses its <p>. */
static int
render_option(struct state *st, const struct quiz_question *qq, const struct quiz_option *o)
{
	struct buf *b = st->b;
	static const char *const input[] = { "radio", "checkbox", "text" };
	size_t at = b->len, body, n;
	const char *p;
	int inline_text;

	buf_puts(b, "<li class=\"assay-option\" data-option=\"");
	html_escape_str(b, o->label);
	buf_puts(b, "\"><label><input type=\"");
	buf_puts(b, input[qq->type]);
	buf_puts(b, "\" name=\"answer.");
	html_escape_str(b, qq->id ? qq->id : "");
	buf_puts(b, "\" value=\"");
	html_escape_str(b, o->label);
	buf_puts(b, "\"> <span class=\"assay-option-label\">");
	html_escape_str(b, o->label);
	buf_puts(b, ")</span> ");
	body = b->len;
	if (segment(st, st->body + o->text.start, o->text.end - o->text.start,
	    o->text.line, o->text.column, o->indent))
		return -1;
	p = b->data + body;
	n = b->len - body;
	inline_text = n >= 8 && memcmp(p, "<p>", 3) == 0 &&
	    memcmp(p + n - 5, "</p>\n", 5) == 0 &&
	    memmem(p + 3, n - 8, "<p>", 3) == NULL && memmem(p + 3, n - 8, "<pre", 4) == NULL &&
	    memmem(p + 3, n - 8, "<ul>", 4) == NULL && memmem(p + 3, n - 8, "<ol", 3) == NULL &&
	    memmem(p + 3, n - 8, "<table", 6) == NULL && memmem(p + 3, n - 8, "<h", 2) == NULL;
	if (inline_text) {
		memmove(b->data + body, p + 3, n - 8);
		buf_truncate(b, body + n - 8);
		shift_links(st, body + 3, -3);
		buf_puts(b, "</label></li>\n");
	} else {
		/* Blocks cannot be inside a label: the text follows it. */
		struct buf close = BUF_INIT;

		buf_puts(&close, "</label>\n<div class=\"assay-option-text\">\n");
		insert_at(st, body, &close);
		buf_free(&close);
		buf_puts(b, "</div></li>\n");
	}
	(void)at;
	return st->failed ? -1 : 0;
}

static void
put_key(struct buf *b, const struct render_opts *o, const char *what)
{
	html_escape_str(b, o->page_id);
	buf_putc(b, '#');
	html_escape_str(b, what);
	if (o->shuffle_seed != NULL) {
		buf_putc(b, ':');
		html_escape_str(b, o->shuffle_seed);
	}
}

static void render_areas(struct buf *b);

static int
render_quiz(struct state *st, size_t len)
{
	const struct render_opts *o = st->opts;
	struct quiz *q = calloc(1, sizeof(*q));
	struct buf *b = st->b;
	static const char *const types[] = { "single", "multiple", "fillin" };
	unsigned errors0 = o->diags ? o->diags->errors : 0;
	struct diags silent = { 0 };

	if (q == NULL)
		return -1;
	st->out->quiz = q;
	st->out->features |= RENDER_QUIZ;
	if (quiz_parse(st->body, len, o->file, o->diags ? o->diags : &silent, q)) {
		st->out->errors += o->diags ? o->diags->errors - errors0 : silent.errors;
		if (q->nquestions == 0)
			return 0;
	}
	if (segment_range(st, q->preamble.start, q->preamble.end, q->preamble.line,
	    q->preamble.column))
		return -1;
	/* Without JavaScript the form posts itself (fcgi/form.h's field names). */
	buf_puts(b, "<form id=\"assay-quiz\" class=\"assay-quiz\" method=\"post\" "
	    "action=\"/api/submissions\" data-exercise=\"");
	html_escape_str(b, o->page_id);
	buf_puts(b, "\"");
	if (o->shuffle_questions) {
		buf_puts(b, " data-order-key=\"");
		put_key(b, o, "questions");
		buf_putc(b, '"');
	}
	buf_puts(b, " autocomplete=\"off\">\n<input type=\"hidden\" name=\"exercise\" value=\"");
	html_escape_str(b, o->page_id);
	buf_puts(b, "\">\n<input type=\"hidden\" name=\"quiz\" value=\"1\">\n");
	for (size_t i = 0; i < q->nquestions; i++) {
		struct quiz_question *qq = &q->questions[i];
		struct buf open = BUF_INIT;
		size_t at;
		char what[300];

		if (i == 0 || q->questions[i - 1].unit != qq->unit) {
			snprintf(what, sizeof(what), "unit-%u", qq->unit);
			buf_printf(b, "<div class=\"assay-unit\" data-unit=\"%u\" data-unit-key=\"",
			    qq->unit);
			put_key(b, o, what);
			buf_puts(b, "\">\n");
		}
		at = b->len;
		st->question = qq;
		if (segment_range(st, qq->header.start, qq->header.end, qq->header.line, 1))
			return -1;
		st->question = NULL;
		buf_puts(&open, "<fieldset class=\"assay-question\" data-question=\"");
		html_escape_str(&open, qq->id ? qq->id : "");
		buf_printf(&open, "\" data-type=\"%s\"", types[qq->type]);
		if (qq->noptions > 0 && o->shuffle_answers) {
			snprintf(what, sizeof(what), "answers-%s", qq->id ? qq->id : "");
			buf_puts(&open, " data-answers-key=\"");
			put_key(&open, o, what);
			buf_putc(&open, '"');
		}
		buf_puts(&open, ">\n");
		insert_at(st, at, &open);
		buf_free(&open);
		if (segment_range(st, qq->text.start, qq->text.end, qq->text.line, qq->text.column))
			return -1;
		if (qq->type == QUIZ_FILLIN) {
			buf_puts(b, "<p class=\"assay-fillin\"><label>Answer: <input type=\"text\" "
			    "name=\"answer.");
			html_escape_str(b, qq->id ? qq->id : "");
			buf_puts(b, "\" spellcheck=\"false\"></label></p>\n");
		} else if (qq->noptions > 0) {
			buf_puts(b, "<ol class=\"assay-options\">\n");
			for (size_t k = 0; k < qq->noptions; k++)
				if (render_option(st, qq, &qq->options[k]))
					return -1;
			buf_puts(b, "</ol>\n");
			if (segment_range(st, qq->after.start, qq->after.end, qq->after.line,
			    qq->after.column))
				return -1;
		}
		buf_puts(b, "</fieldset>\n");
		if (i + 1 == q->nquestions || q->questions[i + 1].unit != qq->unit)
			buf_puts(b, "</div>\n");
	}
	buf_puts(b, "<p class=\"assay-row\"><button type=\"submit\" id=\"assay-submit\">"
	    "Submit</button>\n"
	    "<span id=\"assay-status\" class=\"assay-status\" role=\"status\"></span></p>\n"
	    "<noscript><p class=\"assay-note\">Log in at the top of the page, then submit: the verdict "
	    "opens on a page of its own.</p></noscript>\n"
	    "</form>\n");
	render_areas(b);
	return st->failed ? -1 : 0;
}

/* --- The page --------------------------------------------------------------- */

int
render_page(const char *md, size_t len, const struct render_opts *opts,
    struct render_result *out)
{
	const char *slash = strrchr(opts->page, '/');
	struct state st = {
		.out = out, .opts = opts, .b = &out->html, .page = opts->page, .body = md,
		.dirlen = slash ? (size_t)(slash - opts->page) + 1 : 0,
		.cur_link = -1, .link = -1,
	};
	struct render_opts o = *opts;
	char *id = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (o.page_id == NULL) {
		size_t n = strlen(o.page);

		id = strndup(o.page, n >= 3 && strcmp(o.page + n - 3, ".md") == 0 ? n - 3 : n);
		if (id == NULL)
			return -1;
		o.page_id = id;
	}
	st.opts = &o;
	rc = opts->quiz ? render_quiz(&st, len) : render_document(&st, len);
	free(id);
	buf_free(&st.htext);
	buf_free(&st.run_raw);
	buf_free(&st.attrs);
	ident_set_free(&st.ids);
	if (out->html.data == NULL)
		buf_add(&out->html, "", 0);
	return rc != 0 || st.failed || out->html.oom ? -1 : 0;
}

int
render_markdown(const char *md, size_t len, const char *page,
    struct render_result *out)
{
	struct render_opts o = { .page = page };

	return render_page(md, len, &o, out);
}

void
render_result_free(struct render_result *r)
{
	buf_free(&r->html);
	free(r->heading);
	for (size_t i = 0; i < r->nlinks; i++) {
		free(r->links[i].target);
		free(r->links[i].href);
	}
	free(r->links);
	for (size_t i = 0; i < r->nincludes; i++)
		free(r->includes[i].rel);
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i].rel);
	free(r->files);
	free(r->includes);
	if (r->quiz != NULL) {
		quiz_free(r->quiz);
		free(r->quiz);
	}
	memset(r, 0, sizeof(*r));
}

/* The result and history areas that assay.js fills. */
static void
render_areas(struct buf *b)
{
	buf_puts(b, "<section id=\"assay-result\" class=\"assay-result\" aria-live=\"polite\" hidden>\n"
	    "<h2>Result</h2>\n"
	    "<div id=\"assay-result-body\"></div>\n"
	    "</section>\n"
	    "<section id=\"assay-history\" class=\"assay-history\" hidden>\n"
	    "<h2>Your submissions</h2>\n"
	    "<div id=\"assay-history-body\"></div>\n"
	    "</section>\n");
}

const char *
render_language_name(const char *lang)
{
	static const char *const names[][2] = {
		{ "c", "C" }, { "cpp", "C++" }, { "python", "Python 3" },
		{ "java", "Java" }, { "haskell", "Haskell" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(names[i][0], lang) == 0)
			return names[i][1];
	return lang;
}

unsigned
render_exercise(struct buf *b, const struct spec *s)
{
	unsigned rows = 1, features = 0;

	for (const char *p = s->code; *p != '\0'; p++)
		rows += *p == '\n';
	rows = rows + 2 < 12 ? 12 : rows + 2 > 30 ? 30 : rows + 2;

	if (s->tester != NULL && strcmp(s->tester, "cases") == 0 &&
	    exercise_cases_render_examples(b, s))
		features |= RENDER_CODE;
	buf_puts(b, "<section class=\"assay-exercise\" aria-labelledby=\"assay-solution\">\n"
	    "<h2 id=\"assay-solution\">Your solution</h2>\n"
	    "<form id=\"assay-form\" class=\"assay-form\" method=\"post\" "
	    "action=\"/api/submissions\" data-exercise=\"");
	html_escape_str(b, s->id);
	buf_puts(b, "\" data-tester=\"");
	html_escape_str(b, s->tester ? s->tester : "");
	buf_puts(b, "\" autocomplete=\"off\">\n<input type=\"hidden\" name=\"exercise\" value=\"");
	html_escape_str(b, s->id);
	buf_puts(b, "\">\n"
	    "<p class=\"assay-row\"><label for=\"assay-language\">Language</label>\n"
	    "<select id=\"assay-language\" name=\"language\">\n");
	for (size_t i = 0; i < s->nlanguages; i++) {
		buf_puts(b, "<option value=\"");
		html_escape_str(b, s->languages[i]);
		buf_puts(b, i == 0 ? "\" selected>" : "\">");
		html_escape_str(b, render_language_name(s->languages[i]));
		buf_puts(b, "</option>\n");
	}
	/* The newline after <textarea> is eaten by HTML parsers, so a skeleton
	   that starts with a newline keeps it. */
	buf_printf(b, "</select></p>\n"
	    "<textarea id=\"assay-code\" name=\"code\" rows=\"%u\" spellcheck=\"false\" "
	    "autocapitalize=\"off\" autocorrect=\"off\" aria-label=\"Code\">\n", rows);
	html_escape_str(b, s->code);
	buf_puts(b, "</textarea>\n"
	    "<p class=\"assay-row\"><button type=\"submit\" id=\"assay-submit\">Submit</button>\n"
	    "<span id=\"assay-status\" class=\"assay-status\" role=\"status\"></span></p>\n"
	    "<noscript><p class=\"assay-note\">Log in at the top of the page, then submit: the verdict "
	    "opens on a page of its own.</p></noscript>\n"
	    "</form>\n"
	    "</section>\n");
	render_areas(b);
	return features;
}
