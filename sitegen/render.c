/*
 * render.c - Markdown to HTML on md4c's callbacks; see render.h.
 *
 * The renderer writes into one buffer. Two Codex constructs need to look
 * ahead, which a push parser does not allow, so they are done by editing the
 * end of the buffer: after a link or an image is closed it stays "pending";
 * if the next text starts with an attribute set ({.ex}), the attributes are
 * inserted into the tag already written and the text is dropped, otherwise
 * the text is written as usual. Only the tail of the buffer is ever edited,
 * so earlier fill offsets stay valid.
 */
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "render.h"

enum { PEND_NONE, PEND_LINK, PEND_IMG };

/* Text that may be an attribute set, longer than this is given up. */
#define ATTR_TEXT_MAX 4096

struct state {
	struct render_result *out;
	struct buf *b;
	size_t dirlen;		/* length of the page's directory with its '/' */
	const char *page;
	int img;		/* image nesting: inside an image only text is written */
	int heading;		/* inside the first header */
	int heading_done;
	struct buf title;

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

static int
add_link(struct state *st, char *target, const char *href, size_t n)
{
	struct render_result *r = st->out;
	struct render_link *l = realloc(r->links, (r->nlinks + 1) * sizeof(*l));

	if (l == NULL)
		return -1;
	r->links = l;
	l = &r->links[r->nlinks];
	memset(l, 0, sizeof(*l));
	l->target = target;
	if ((l->href = malloc(n + 1)) == NULL)
		return -1;
	memcpy(l->href, href, n);
	l->href[n] = '\0';
	r->nlinks++;
	return 0;
}

/*
 * Writes the href of a link: a link to a page (path ending in .md) points at
 * the page's HTML. Records the link when it goes to a page of the course.
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

		buf_url(st->b, raw.data, pathlen - 3);
		buf_url(st->b, ".html", 5);
		buf_url(st->b, raw.data + pathlen, raw.len - pathlen);
		if (target != NULL) {
			if (add_link(st, target, raw.data, raw.len)) {
				free(target);
				st->failed = 1;
			} else {
				st->cur_link = (long)st->out->nlinks - 1;
			}
		}
	} else {
		buf_url(st->b, raw.data, raw.len);
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
	buf_html(st->b, raw.data, raw.len);
	buf_free(&raw);
}

/* Collects the plain text of the first header. */
static void
title_text(struct state *st, MD_TEXTTYPE type, const char *text, size_t size)
{
	switch (type) {
	case MD_TEXT_HTML:
		break;
	case MD_TEXT_ENTITY:
		put_entity(&st->title, text, size);
		break;
	case MD_TEXT_NULLCHAR:
		put_utf8(&st->title, 0);
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		buf_putc(&st->title, ' ');
		break;
	default:
		buf_add(&st->title, text, size);
		break;
	}
}

static void
put_text(struct state *st, MD_TEXTTYPE type, const char *text, size_t size)
{
	struct buf *b = st->b;

	if (st->heading)
		title_text(st, type, text, size);
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
	case MD_TEXT_ENTITY:
		buf_add(b, text, size);
		break;
	default:
		buf_html(b, text, size);
		break;
	}
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
		buf_html(&s, l->target, tlen > 3 ? tlen - 3 : tlen);
		buf_putc(&s, '"');
	}
	if (s.oom || buf_grow(b, s.len)) {
		st->failed = 1;
		buf_free(&s);
		return;
	}
	if (s.len == 0) {
		buf_free(&s);
		return;	/* {} */
	}
	memmove(b->data + st->open_end + s.len, b->data + st->open_end,
	    b->len - st->open_end + 1);
	memcpy(b->data + st->open_end, s.data, s.len);
	b->len += s.len;
	if (ex && l != NULL && st->content + s.len == b->len - 4) {
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
		if (rest > 0)
			put_text(st, MD_TEXT_NORMAL, st->attrs.data + n, rest);
		buf_reset(&st->attrs);
		st->pending = PEND_NONE;
		return 1;
	}
	flush_pending(st);
	return 1;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct state *st = arg;
	struct buf *b = st->b;

	flush_pending(st);
	switch (type) {
	case MD_BLOCK_DOC:
	case MD_BLOCK_HTML:
		break;
	case MD_BLOCK_QUOTE:
		buf_puts(b, "<blockquote>\n");
		break;
	case MD_BLOCK_UL:
		buf_puts(b, "<ul>\n");
		break;
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;

		if (d->start == 1)
			buf_puts(b, "<ol>\n");
		else
			buf_printf(b, "<ol start=\"%u\">\n", d->start);
		break;
	}
	case MD_BLOCK_LI: {
		const MD_BLOCK_LI_DETAIL *d = detail;

		if (d->is_task) {
			buf_puts(b, "<li class=\"task-list-item\"><input type=\"checkbox\" "
			    "class=\"task-list-item-checkbox\" disabled");
			if (d->task_mark == 'x' || d->task_mark == 'X')
				buf_puts(b, " checked");
			buf_putc(b, '>');
		} else {
			buf_puts(b, "<li>");
		}
		break;
	}
	case MD_BLOCK_HR:
		buf_puts(b, "<hr>\n");
		break;
	case MD_BLOCK_H: {
		const MD_BLOCK_H_DETAIL *d = detail;

		buf_printf(b, "<h%u>", d->level);
		if (!st->heading_done)
			st->heading = 1;
		break;
	}
	case MD_BLOCK_CODE: {
		const MD_BLOCK_CODE_DETAIL *d = detail;
		struct buf info = BUF_INIT;
		struct attr a;

		buf_puts(b, "<pre><code");
		put_attribute(&info, &d->info);
		if (info.len > 0 && info.data[0] == '{' &&
		    attr_parse(info.data, info.len, &a) > 0) {
			attr_html(b, &a);
			attr_free(&a);
		} else if (d->lang.text != NULL) {
			buf_puts(b, " class=\"language-");
			put_html_attribute(st, &d->lang);
			buf_putc(b, '"');
		}
		buf_putc(b, '>');
		buf_free(&info);
		break;
	}
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
	case MD_BLOCK_TD: {
		const MD_BLOCK_TD_DETAIL *d = detail;
		static const char *const align[] = {
			[MD_ALIGN_DEFAULT] = ">", [MD_ALIGN_LEFT] = " align=\"left\">",
			[MD_ALIGN_CENTER] = " align=\"center\">",
			[MD_ALIGN_RIGHT] = " align=\"right\">",
		};

		buf_puts(b, type == MD_BLOCK_TH ? "<th" : "<td");
		buf_puts(b, align[d->align]);
		break;
	}
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
	case MD_BLOCK_HTML:
	case MD_BLOCK_HR:
		break;
	case MD_BLOCK_QUOTE:
		buf_puts(b, "</blockquote>\n");
		break;
	case MD_BLOCK_UL:
		buf_puts(b, "</ul>\n");
		break;
	case MD_BLOCK_OL:
		buf_puts(b, "</ol>\n");
		break;
	case MD_BLOCK_LI:
		buf_puts(b, "</li>\n");
		break;
	case MD_BLOCK_H:
		buf_printf(b, "</h%u>\n", ((const MD_BLOCK_H_DETAIL *)detail)->level);
		if (st->heading) {
			st->heading = 0;
			st->heading_done = 1;
		}
		break;
	case MD_BLOCK_CODE:
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
		buf_url(b, raw.data, raw.len);
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
		break;
	case MD_SPAN_LATEXMATH_DISPLAY:
		buf_puts(b, "<x-equation type=\"display\">");
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

	if (st->pending != PEND_NONE) {
		if (type == MD_TEXT_NORMAL && pending_text(st, text, size))
			return st->failed ? -1 : 0;
		flush_pending(st);
	}
	put_text(st, type, text, size);
	return st->failed ? -1 : 0;
}

int
render_markdown(const char *md, size_t len, const char *page,
    struct render_result *out)
{
	const char *slash = strrchr(page, '/');
	struct state st = {
		.out = out, .b = &out->html, .page = page,
		.dirlen = slash ? (size_t)(slash - page) + 1 : 0,
		.cur_link = -1, .link = -1,
	};
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = RENDER_MD_FLAGS,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = text,
	};
	int rc;

	memset(out, 0, sizeof(*out));
	rc = md_parse(md, (MD_SIZE)len, &parser, &st);
	if (rc == 0)
		flush_pending(&st);
	if (rc == 0 && !st.failed && !out->html.oom && !st.title.oom &&
	    st.heading_done) {
		if ((out->heading = buf_steal(&st.title)) == NULL)
			st.failed = 1;
	}
	buf_free(&st.title);
	buf_free(&st.attrs);
	if (out->html.data == NULL)
		buf_add(&out->html, "", 0);
	return rc != 0 || st.failed || out->html.oom ? -1 : 0;
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
	memset(r, 0, sizeof(*r));
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

void
render_exercise(struct buf *b, const struct spec *s)
{
	unsigned rows = 1;

	for (const char *p = s->code; *p != '\0'; p++)
		rows += *p == '\n';
	rows = rows + 2 < 12 ? 12 : rows + 2 > 30 ? 30 : rows + 2;

	buf_puts(b, "<section class=\"assay-exercise\" aria-labelledby=\"assay-solution\">\n"
	    "<h2 id=\"assay-solution\">Your solution</h2>\n"
	    "<form id=\"assay-form\" class=\"assay-form\" data-exercise=\"");
	buf_html_str(b, s->id);
	buf_puts(b, "\" autocomplete=\"off\">\n"
	    "<p class=\"assay-row\"><label for=\"assay-language\">Language</label>\n"
	    "<select id=\"assay-language\" name=\"language\">\n");
	for (size_t i = 0; i < s->nlanguages; i++) {
		buf_puts(b, "<option value=\"");
		buf_html_str(b, s->languages[i]);
		buf_puts(b, i == 0 ? "\" selected>" : "\">");
		buf_html_str(b, render_language_name(s->languages[i]));
		buf_puts(b, "</option>\n");
	}
	/* The newline after <textarea> is eaten by HTML parsers, so a skeleton
	   that starts with a newline keeps it. */
	buf_printf(b, "</select></p>\n"
	    "<textarea id=\"assay-code\" name=\"code\" rows=\"%u\" spellcheck=\"false\" "
	    "autocapitalize=\"off\" autocorrect=\"off\" aria-label=\"Code\">\n", rows);
	buf_html_str(b, s->code);
	buf_puts(b, "</textarea>\n"
	    "<p class=\"assay-row\"><button type=\"submit\" id=\"assay-submit\" disabled>Submit</button>\n"
	    "<span id=\"assay-status\" class=\"assay-status\" role=\"status\"></span></p>\n"
	    "<noscript><p class=\"assay-note\">Submitting needs JavaScript.</p></noscript>\n"
	    "</form>\n"
	    "</section>\n"
	    "<section id=\"assay-result\" class=\"assay-result\" aria-live=\"polite\" hidden>\n"
	    "<h2>Result</h2>\n"
	    "<div id=\"assay-result-body\"></div>\n"
	    "</section>\n"
	    "<section id=\"assay-history\" class=\"assay-history\" hidden>\n"
	    "<h2>Your submissions</h2>\n"
	    "<div id=\"assay-history-body\"></div>\n"
	    "</section>\n");
}
