/*
 * meta.c - YAML metadata blocks; see meta.h.
 *
 * The page is scanned line by line, with just enough Markdown knowledge to
 * skip fenced code and HTML comment blocks (so a `---` there never starts a
 * block). Each candidate block is handed to libyaml's event parser and
 * converted to jansson values directly, recording the position of every
 * node on the way. The body keeps the page's line structure: a block's
 * lines become empty lines, so an offset in the body and in the page have
 * the same line number.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "sitegen/meta.h"
#include "sitegen/text.h"

struct meta_key {
	char *name;
	struct meta_pos pos;
};

struct meta_node {
	const json_t *node;
	struct meta_pos pos;
	unsigned vcol;		/* a string written on one line as it is (no
				   escapes, no folding): the column of its first
				   character; 0 otherwise */
};

/*
 * A place in the block's content. libyaml's marks count characters, and
 * count lines its own way (a lone CR, NEL, U+2028 and U+2029 end a line for
 * YAML, not for Markdown), so positions are computed from the mark's
 * character index; the cursor makes that linear, marks mostly ascending.
 */
struct cursor {
	size_t index;		/* characters before off */
	size_t off;		/* byte offset in the content */
	unsigned line;		/* '\n's before off */
	size_t line_index;	/* character index where that line starts */
};

/* The state of converting one block. */
struct conv {
	yaml_parser_t parser;
	struct meta *m;
	const char *text;	/* the block's content */
	size_t len;
	unsigned line0;		/* page line of the content's first line */
	struct meta_error *err;
	struct cursor cur;
};

static void __attribute__((format(printf, 3, 4)))
seterr(struct meta_error *err, struct meta_pos pos, const char *fmt, ...)
{
	va_list ap;

	err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

static struct meta_pos
mark_pos(struct conv *c, yaml_mark_t mark)
{
	const unsigned char *t = (const unsigned char *)c->text;
	struct cursor *k = &c->cur;
	struct meta_pos pos;

	if (mark.index < k->index)
		memset(k, 0, sizeof(*k));
	while (k->index < mark.index && k->off < c->len) {
		unsigned char ch = t[k->off];
		size_t w = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;

		k->off += w < c->len - k->off ? w : c->len - k->off;
		k->index++;
		if (ch == '\n') {
			k->line++;
			k->line_index = k->index;
		}
	}
	pos.line = c->line0 + k->line;
	pos.column = (unsigned)(mark.index - k->line_index) + 1;
	return pos;
}

static void
oom(struct conv *c)
{
	struct meta_pos pos = { c->line0, 1 };

	seterr(c->err, pos, "out of memory");
}

static void
yaml_fail(struct conv *c)
{
	const yaml_parser_t *p = &c->parser;
	struct meta_pos pos;

	if (p->error == YAML_MEMORY_ERROR) {
		oom(c);
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		size_t off = p->problem_offset < c->len ? p->problem_offset : c->len;

		pos.line = c->line0 + text_line_of(c->text, off) - 1;
		pos.column = 1;
	} else {
		pos = mark_pos(c, p->problem_mark);
	}
	seterr(c->err, pos, "invalid YAML: %s%s%s%s",
	    p->problem ? p->problem : "syntax error",
	    p->context ? " (" : "", p->context ? p->context : "",
	    p->context ? ")" : "");
}

static int
next_event(struct conv *c, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&c->parser, ev)) {
		yaml_fail(c);
		return -1;
	}
	return 0;
}

static int
record_node(struct conv *c, const json_t *v, struct meta_pos pos, unsigned vcol)
{
	struct meta *m = c->m;

	if (json_is_boolean(v) || json_is_null(v))
		return 0;	/* shared singletons: positions would be ambiguous */
	if (m->nnodes == m->nodes_cap) {
		size_t cap = m->nodes_cap ? 2 * m->nodes_cap : 32;
		struct meta_node *n = realloc(m->nodes, cap * sizeof(*n));

		if (n == NULL)
			return -1;
		m->nodes = n;
		m->nodes_cap = cap;
	}
	m->nodes[m->nnodes].node = v;
	m->nodes[m->nnodes].pos = pos;
	m->nodes[m->nnodes].vcol = vcol;
	m->nnodes++;
	return 0;
}

static int
record_key(struct meta *m, const char *name, struct meta_pos pos)
{
	if (m->nkeys == m->keys_cap) {
		size_t cap = m->keys_cap ? 2 * m->keys_cap : 16;
		struct meta_key *k = realloc(m->keys, cap * sizeof(*k));

		if (k == NULL)
			return -1;
		m->keys = k;
		m->keys_cap = cap;
	}
	if ((m->keys[m->nkeys].name = strdup(name)) == NULL)
		return -1;
	m->keys[m->nkeys].pos = pos;
	m->nkeys++;
	return 0;
}

static int
is_word(const char *s, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strlen(*words) == n && memcmp(s, *words, n) == 0)
			return 1;
	return 0;
}

/* [-+]?[0-9]+ */
static int
is_int(const char *s, size_t n)
{
	size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;

	if (i == n)
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? (YAML 1.2 core) */
static int
is_float(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t ed = 0;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, ed++;
		if (ed == 0)
			return 0;
	}
	return i == n;
}

/* The JSON value of a plain (unquoted, untagged) scalar. S is NUL-terminated. */
static json_t *
plain_scalar(const char *s, size_t n)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const yes[] = { "yes", "Yes", "YES", "true", "True", "TRUE", NULL };
	static const char *const no[] = { "no", "No", "NO", "false", "False", "FALSE", NULL };

	if (n == 0 || is_word(s, n, nulls))
		return json_null();
	if (is_word(s, n, yes))
		return json_true();
	if (is_word(s, n, no))
		return json_false();
	if (is_int(s, n)) {
		long long v;

		errno = 0;
		v = strtoll(s, NULL, 10);
		if (errno == 0)
			return json_integer(v);
	}
	if (is_float(s, n)) {
		double d = strtod(s, NULL);

		if (isfinite(d))
			return json_real(d);
	}
	return json_stringn(s, n);
}

static json_t *
convert_scalar(struct conv *c, const yaml_event_t *ev, struct meta_pos pos)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	json_t *v;

	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (tag == NULL || strcmp(tag, YAML_STR_TAG) != 0))
		v = plain_scalar(s, n);
	else
		v = json_stringn(s, n);
	if (v == NULL) {
		if (text_utf8_invalid(s, n) != n)
			seterr(c->err, pos, "metadata text is not valid UTF-8");
		else
			oom(c);
	}
	return v;
}

static json_t *convert_node(struct conv *c, yaml_event_t *ev, int depth, int top);

static json_t *
convert_sequence(struct conv *c, int depth)
{
	json_t *a = json_array();

	if (a == NULL) {
		oom(c);
		return NULL;
	}
	for (;;) {
		yaml_event_t ev;
		json_t *e;

		if (next_event(c, &ev))
			goto err;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return a;
		}
		if ((e = convert_node(c, &ev, depth, 0)) == NULL)
			goto err;
		if (json_array_append_new(a, e)) {
			oom(c);
			goto err;
		}
	}
err:
	json_decref(a);
	return NULL;
}

/*
 * A mapping. TOP: this is a block's top-level mapping, whose keys are merged
 * into the page's fields (left-biased) as they are read.
 */
static json_t *
convert_mapping(struct conv *c, int depth, int top)
{
	json_t *o = json_object();
	char *key = NULL;

	if (o == NULL) {
		oom(c);
		return NULL;
	}
	for (;;) {
		yaml_event_t ev;
		struct meta_pos kpos;
		json_t *v;

		if (next_event(c, &ev))
			goto err;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return o;
		}
		kpos = mark_pos(c, ev.start_mark);
		if (ev.type != YAML_SCALAR_EVENT) {
			yaml_event_delete(&ev);
			seterr(c->err, kpos, "a metadata key must be a plain name");
			goto err;
		}
		if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length) != NULL ||
		    text_utf8_invalid((const char *)ev.data.scalar.value,
		    ev.data.scalar.length) != ev.data.scalar.length) {
			yaml_event_delete(&ev);
			seterr(c->err, kpos, "a metadata key must be a plain name");
			goto err;
		}
		key = strdup((const char *)ev.data.scalar.value);
		yaml_event_delete(&ev);
		if (key == NULL) {
			oom(c);
			goto err;
		}
		if (json_object_get(o, key) != NULL) {
			seterr(c->err, kpos, "duplicate key \"%s\"", key);
			goto err;
		}
		if (next_event(c, &ev))
			goto err;
		if ((v = convert_node(c, &ev, depth, 0)) == NULL)
			goto err;
		if (json_object_set_new(o, key, v)) {
			oom(c);
			goto err;
		}
		if (top && json_object_get(c->m->fields, key) == NULL) {
			if (json_object_set(c->m->fields, key, v) ||
			    record_key(c->m, key, kpos)) {
				oom(c);
				goto err;
			}
		}
		free(key);
		key = NULL;
	}
err:
	free(key);
	json_decref(o);
	return NULL;
}

/*
 * The column where the text of string scalar EV starts (at POS), when its
 * source is that text on one line, verbatim: plain, or quoted without
 * escapes. Then a place in the value is a place in the page. 0 otherwise.
 */
static unsigned
verbatim_column(struct conv *c, const yaml_event_t *ev, struct meta_pos pos)
{
	const char *s = (const char *)ev->data.scalar.value, *raw;
	size_t n = ev->data.scalar.length, start, end, q;
	yaml_scalar_style_t style = ev->data.scalar.style;

	if (style != YAML_PLAIN_SCALAR_STYLE && style != YAML_SINGLE_QUOTED_SCALAR_STYLE &&
	    style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		return 0;
	start = c->cur.off;	/* mark_pos(start_mark) left the cursor there */
	(void)mark_pos(c, ev->end_mark);
	end = c->cur.off;
	if (end < start || end > c->len)
		return 0;
	raw = c->text + start;
	q = style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1;
	if (end - start != n + 2 * q || memchr(raw, '\n', end - start) != NULL ||
	    memcmp(raw + q, s, n) != 0)
		return 0;
	return pos.column + (unsigned)q;
}

/* Converts the node that starts with EV (which this consumes). */
static json_t *
convert_node(struct conv *c, yaml_event_t *ev, int depth, int top)
{
	struct meta_pos pos = mark_pos(c, ev->start_mark);
	yaml_event_type_t type = ev->type;
	json_t *v = NULL;
	unsigned vcol = 0;

	if (type == YAML_SCALAR_EVENT) {
		v = convert_scalar(c, ev, pos);
		if (json_is_string(v))
			vcol = verbatim_column(c, ev, pos);
	}
	yaml_event_delete(ev);
	switch (type) {
	case YAML_SCALAR_EVENT:
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (depth >= META_MAX_DEPTH) {
			seterr(c->err, pos, "metadata nested deeper than %d levels",
			    META_MAX_DEPTH);
			return NULL;
		}
		if (type == YAML_SEQUENCE_START_EVENT)
			v = convert_sequence(c, depth + 1);
		else
			v = convert_mapping(c, depth + 1, top);
		break;
	case YAML_ALIAS_EVENT:
		seterr(c->err, pos, "YAML aliases (*name) are not supported in metadata");
		return NULL;
	default:
		seterr(c->err, pos, "invalid YAML: unexpected event");
		return NULL;
	}
	if (v != NULL && record_node(c, v, pos, vcol)) {
		json_decref(v);
		oom(c);
		return NULL;
	}
	return v;
}

/* Expects the next event to be of TYPE. */
static int
expect(struct conv *c, yaml_event_type_t type, const char *what)
{
	yaml_event_t ev;
	int ok;

	if (next_event(c, &ev))
		return -1;
	ok = ev.type == type;
	if (!ok)
		seterr(c->err, mark_pos(c, ev.start_mark), "%s", what);
	yaml_event_delete(&ev);
	return ok ? 0 : -1;
}

/*
 * Parses one candidate block (TEXT, LEN bytes, whose first line is page line
 * LINE0). Returns 1 when it is metadata (merged into M), 0 when it is not a
 * mapping (so it is Markdown), -1 on error.
 */
static int
parse_block(struct meta *m, const char *text, size_t len, unsigned line0,
    struct meta_error *err)
{
	struct conv c = { .m = m, .text = text, .len = len, .line0 = line0, .err = err };
	size_t nodes0 = m->nnodes;
	yaml_event_t ev;
	json_t *v = NULL;
	int rc = -1, is_map;

	if (!yaml_parser_initialize(&c.parser)) {
		oom(&c);
		return -1;
	}
	yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&c.parser, YAML_UTF8_ENCODING);
	if (expect(&c, YAML_STREAM_START_EVENT, "invalid YAML") || next_event(&c, &ev))
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {	/* only comments: empty */
		yaml_event_delete(&ev);
		rc = 1;
		goto out;
	}
	yaml_event_delete(&ev);	/* YAML_DOCUMENT_START_EVENT */
	if (next_event(&c, &ev))
		goto out;
	is_map = ev.type == YAML_MAPPING_START_EVENT;
	if ((v = convert_node(&c, &ev, 0, is_map)) == NULL)
		goto out;
	if (expect(&c, YAML_DOCUMENT_END_EVENT, "invalid YAML") || next_event(&c, &ev))
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT) {
		seterr(err, mark_pos(&c, ev.start_mark),
		    "a metadata block holds a single YAML document");
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	if (is_map || json_is_null(v)) {
		/* The blocks own every node whose position is recorded. */
		if (json_array_append(m->blocks, v)) {
			oom(&c);
			goto out;
		}
		rc = 1;
	} else {
		m->nnodes = nodes0;
		rc = 0;
	}
out:
	json_decref(v);
	yaml_parser_delete(&c.parser);
	return rc;
}

/* Is [p, e) empty but for spaces, tabs and a carriage return? */
static int
is_blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

/* Is [p, e) the delimiter line of three C ("---" or "...")? */
static int
is_delim(const char *p, const char *e, char c)
{
	return e - p >= 3 && p[0] == c && p[1] == c && p[2] == c && is_blank(p + 3, e);
}

/* Up to three spaces of indentation, as CommonMark allows before a fence. */
static const char *
skip_indent(const char *p, const char *e)
{
	for (int i = 0; i < 3 && p < e && *p == ' '; i++)
		p++;
	return p;
}

/* A fence opener: returns its length (>= 3) and character, or 0. */
static size_t
fence_open(const char *p, const char *e, char *ch)
{
	const char *q = skip_indent(p, e), *r = q;

	if (q == e || (*q != '`' && *q != '~'))
		return 0;
	while (r < e && *r == *q)
		r++;
	if (r - q < 3)
		return 0;
	if (*q == '`' && memchr(r, '`', (size_t)(e - r)) != NULL)
		return 0;	/* not a fence but an inline code span */
	*ch = *q;
	return (size_t)(r - q);
}

static int
fence_close(const char *p, const char *e, char ch, size_t len)
{
	const char *q = skip_indent(p, e), *r = q;

	while (r < e && *r == ch)
		r++;
	return (size_t)(r - q) >= len && is_blank(r, e);
}

/* Does the line start an HTML comment block that it does not also close? */
static int
comment_open(const char *p, const char *e)
{
	const char *q = skip_indent(p, e);

	return e - q >= 4 && memcmp(q, "<!--", 4) == 0 &&
	    memmem(q + 4, (size_t)(e - q - 4), "-->", 3) == NULL;
}

int
meta_parse(const char *text, size_t len, struct meta *m, struct meta_error *err)
{
	const char *p = text, *end = text + len, *copied = text;
	unsigned line = 1;
	int prev_blank = 1, in_comment = 0, no_closer = 0;
	size_t fence_len = 0, blen = 0;
	char fence_ch = 0;

	memset(m, 0, sizeof(*m));
	err->pos.line = 1;
	err->pos.column = 1;
	err->message[0] = '\0';
	m->fields = json_object();
	m->blocks = json_array();
	m->body = malloc(len + 1);
	if (m->fields == NULL || m->blocks == NULL || m->body == NULL) {
		snprintf(err->message, sizeof(err->message), "out of memory");
		goto err;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *next = nl ? nl + 1 : end;
		int blank = is_blank(p, le);

		if (fence_len > 0) {
			if (fence_close(p, le, fence_ch, fence_len))
				fence_len = 0;
		} else if (in_comment) {
			if (memmem(p, (size_t)(le - p), "-->", 3) != NULL)
				in_comment = 0;
		} else if (prev_blank && !no_closer && nl != NULL && is_delim(p, le, '-')) {
			/* A candidate block: `---` not followed by a blank line. */
			const char *q = next, *qe = NULL;
			unsigned nlines = 1;

			if (next < end) {
				const char *nnl = memchr(next, '\n', (size_t)(end - next));

				if (is_blank(next, nnl ? nnl : end))
					goto markdown;
			} else {
				goto markdown;
			}
			while (q < end) {
				const char *qnl = memchr(q, '\n', (size_t)(end - q));

				qe = qnl ? qnl : end;
				nlines++;
				if (is_delim(q, qe, '-') || is_delim(q, qe, '.'))
					break;
				q = qnl ? qnl + 1 : end;
				qe = NULL;
			}
			if (qe == NULL) {
				/* Never closed: a rule, and so is every later `---`. */
				no_closer = 1;
				goto markdown;
			}
			switch (parse_block(m, next, (size_t)(q - next), line + 1, err)) {
			case -1:
				goto err;
			case 0:
				goto markdown;
			default:
				break;
			}
			m->nblocks++;
			memcpy(m->body + blen, copied, (size_t)(p - copied));
			blen += (size_t)(p - copied);
			for (unsigned i = 0; i < nlines - (qe == end ? 1 : 0); i++)
				m->body[blen++] = '\n';
			line += nlines;
			p = copied = qe < end ? qe + 1 : end;
			prev_blank = 1;
			continue;
		} else if ((fence_len = fence_open(p, le, &fence_ch)) == 0) {
			in_comment = comment_open(p, le);
		}
markdown:
		prev_blank = blank;
		line++;
		p = next;
	}
	memcpy(m->body + blen, copied, (size_t)(end - copied));
	blen += (size_t)(end - copied);
	m->body[blen] = '\0';
	m->body_len = blen;
	return 0;
err:
	meta_free(m);
	return -1;
}

void
meta_free(struct meta *m)
{
	json_decref(m->fields);
	json_decref(m->blocks);
	free(m->body);
	for (size_t i = 0; i < m->nkeys; i++)
		free(m->keys[i].name);
	free(m->keys);
	free(m->nodes);
	memset(m, 0, sizeof(*m));
}

int
meta_key_pos(const struct meta *m, const char *key, struct meta_pos *pos)
{
	for (size_t i = 0; i < m->nkeys; i++) {
		if (strcmp(m->keys[i].name, key) == 0) {
			*pos = m->keys[i].pos;
			return 0;
		}
	}
	return -1;
}

unsigned
meta_key_line(const struct meta *m, const char *key)
{
	struct meta_pos pos;

	return meta_key_pos(m, key, &pos) == 0 ? pos.line : 1;
}

int
meta_value_pos(const struct meta *m, const json_t *node, size_t offset,
    struct meta_pos *pos)
{
	const char *s = json_string_value(node);
	unsigned chars = 0;

	if (s == NULL || offset > json_string_length(node))
		return -1;
	for (size_t i = 0; i < m->nnodes; i++) {
		if (m->nodes[i].node != node)
			continue;
		if (m->nodes[i].vcol == 0)
			return -1;
		for (size_t k = 0; k < offset; k++)
			chars += ((unsigned char)s[k] & 0xc0) != 0x80;
		pos->line = m->nodes[i].pos.line;
		pos->column = m->nodes[i].vcol + chars;
		return 0;
	}
	return -1;
}

int
meta_node_pos(const struct meta *m, const json_t *node, struct meta_pos *pos)
{
	for (size_t i = 0; i < m->nnodes; i++) {
		if (m->nodes[i].node == node) {
			*pos = m->nodes[i].pos;
			return 0;
		}
	}
	return -1;
}
