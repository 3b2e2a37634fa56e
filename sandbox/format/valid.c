/* valid.c - Codex's `valid` expressions; see valid.h. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/valid.h"

#define MAX_DEPTH 64		/* parentheses and nested events */
#define NAME_MAX_LEN 64

enum kind { V_ALWAYS, V_AFTER, V_BEFORE, V_AND, V_OR };

struct valid_expr {
	enum kind kind;
	time_t t;			/* V_AFTER, V_BEFORE */
	struct valid_expr *l, *r;	/* V_AND, V_OR */
};

struct parser {
	const char *s;
	size_t pos;
	const json_t *events;
	struct valid_error *err;
	int depth;
	const char *stack[MAX_DEPTH];	/* events being resolved, for cycles */
	int nstack;
};

static int __attribute__((format(printf, 2, 3)))
fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err->message[0] == '\0') {
		p->err->column = p->pos + 1;
		va_start(ap, fmt);
		vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void
skip(struct parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
	    p->s[p->pos] == '\r')
		p->pos++;
}

/* Matches keyword W as a whole word; consumes it and what follows. */
static int
word(struct parser *p, const char *w)
{
	size_t n = strlen(w);

	skip(p);
	if (strncmp(p->s + p->pos, w, n) != 0 || isalnum((unsigned char)p->s[p->pos + n]) ||
	    p->s[p->pos + n] == '_')
		return 0;
	p->pos += n;
	return 1;
}

/* Reads exactly N digits. */
static int
digits(struct parser *p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = p->s[p->pos + (size_t)i];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	p->pos += (size_t)n;
	*out = v;
	return 0;
}

/* 1 or 2 digits. */
static int
small(struct parser *p, int *out)
{
	if (!isdigit((unsigned char)p->s[p->pos]))
		return -1;
	return digits(p, isdigit((unsigned char)p->s[p->pos + 1]) ? 2 : 1, out);
}

static int
clock_of(struct parser *p, int *h, int *m)
{
	size_t start = p->pos;

	if (small(p, h) || p->s[p->pos] != ':' || (p->pos++, digits(p, 2, m))) {
		p->pos = start;
		return fail(p, "expected a time of day as HH:MM");
	}
	if (*h > 23 || *m > 59) {
		p->pos = start;
		return fail(p, "%02d:%02d is not a time of day", *h, *m);
	}
	return 0;
}

static int
date_of(struct parser *p, int *d, int *mo, int *y)
{
	size_t start = p->pos;

	if (small(p, d) || p->s[p->pos] != '/' || (p->pos++, small(p, mo)) ||
	    p->s[p->pos] != '/' || (p->pos++, digits(p, 4, y))) {
		p->pos = start;
		return fail(p, "expected a date as DD/MM/YYYY");
	}
	if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *y < 1970) {
		p->pos = start;
		return fail(p, "%02d/%02d/%04d is not a date", *d, *mo, *y);
	}
	return 0;
}

static int
local_time(struct parser *p, int d, int mo, int y, int h, int m, size_t at, time_t *out)
{
	struct tm tm = { 0 };

	tm.tm_mday = d;
	tm.tm_mon = mo - 1;
	tm.tm_year = y - 1900;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	/* mktime normalises 31/02 into March: such a date does not exist. */
	if (*out == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1) {
		p->pos = at;
		return fail(p, "%02d/%02d/%04d is not a date", d, mo, y);
	}
	return 0;
}

static int parse_time(struct parser *p, time_t *out);

/* An event's time: its definition, parsed in turn. */
static int
event(struct parser *p, const char *name, size_t at, time_t *out)
{
	const json_t *def = p->events ? json_object_get(p->events, name) : NULL;
	struct parser sub;
	int rc;

	if (!json_is_string(def)) {
		p->pos = at;
		return fail(p, "no event \"%s\" in the events file", name);
	}
	for (int i = 0; i < p->nstack; i++)
		if (strcmp(p->stack[i], name) == 0) {
			p->pos = at;
			return fail(p, "event \"%s\" is defined in terms of itself", name);
		}
	if (p->nstack >= MAX_DEPTH) {
		p->pos = at;
		return fail(p, "events nested too deeply");
	}
	sub = *p;
	sub.s = json_string_value(def);
	sub.pos = 0;
	sub.stack[sub.nstack++] = name;
	{
		struct valid_error e2 = { 0 };

		sub.err = &e2;
		rc = parse_time(&sub, out);
		if (rc == 0) {
			skip(&sub);
			if (sub.s[sub.pos] != '\0')
				rc = fail(&sub, "unexpected \"%.20s\"", sub.s + sub.pos);
		}
		if (rc) {
			p->pos = at;
			return fail(p, "event \"%s\": %s", name, e2.message);
		}
	}
	return 0;
}

static int
unit_seconds(struct parser *p, long *secs)
{
	static const struct { const char *w; long s; } units[] = {
		{ "weeks", 604800 }, { "week", 604800 }, { "w", 604800 },
		{ "days", 86400 }, { "day", 86400 }, { "d", 86400 },
		{ "hours", 3600 }, { "hour", 3600 }, { "h", 3600 },
		{ "minutes", 60 }, { "minute", 60 }, { "min", 60 }, { "m", 60 },
		{ "seconds", 1 }, { "second", 1 }, { "s", 1 },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
		if (word(p, units[i].w)) {
			*secs = units[i].s;
			return 0;
		}
	return fail(p, "expected a unit: weeks, days, hours, minutes or seconds");
}

static int
parse_time(struct parser *p, time_t *out)
{
	size_t at;
	char c;

	skip(p);
	at = p->pos;
	c = p->s[p->pos];
	if (c == '#' || c == '"') {
		char name[NAME_MAX_LEN + 1];
		size_t n = 0;

		p->pos++;
		if (!isalpha((unsigned char)p->s[p->pos]))
			return fail(p, "expected an event name");
		while (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '_') {
			if (n == NAME_MAX_LEN)
				return fail(p, "event name too long");
			name[n++] = p->s[p->pos++];
		}
		name[n] = '\0';
		if (c == '"') {
			if (p->s[p->pos] != '"')
				return fail(p, "expected '\"' after the event name");
			p->pos++;
		}
		if (event(p, name, at, out))
			return -1;
	} else if (isdigit((unsigned char)c)) {
		int d, mo, y, h = 0, m = 0;
		size_t look = p->pos;

		while (isdigit((unsigned char)p->s[look]))
			look++;
		if (p->s[look] == ':') {
			/* HH:MM DD/MM/YYYY */
			if (clock_of(p, &h, &m))
				return -1;
			skip(p);
			if (date_of(p, &d, &mo, &y))
				return -1;
		} else {
			/* DD/MM/YYYY [HH:MM] */
			if (date_of(p, &d, &mo, &y))
				return -1;
			size_t save = p->pos;
			skip(p);
			look = p->pos;
			while (isdigit((unsigned char)p->s[look]))
				look++;
			if (look > p->pos && p->s[look] == ':') {
				if (clock_of(p, &h, &m))
					return -1;
			} else {
				p->pos = save;
			}
		}
		if (local_time(p, d, mo, y, h, m, at, out))
			return -1;
	} else {
		return fail(p, "expected a time (HH:MM DD/MM/YYYY, DD/MM/YYYY [HH:MM] or #event)");
	}
	for (;;) {
		long n = 0, secs = 0;
		int sign;

		skip(p);
		if (p->s[p->pos] != '+' && p->s[p->pos] != '-')
			return 0;
		sign = p->s[p->pos] == '+' ? 1 : -1;
		p->pos++;
		skip(p);
		if (!isdigit((unsigned char)p->s[p->pos]))
			return fail(p, "expected a number after '%c'", sign > 0 ? '+' : '-');
		while (isdigit((unsigned char)p->s[p->pos])) {
			n = n * 10 + (p->s[p->pos++] - '0');
			if (n > 100000)
				return fail(p, "offset too large");
		}
		if (unit_seconds(p, &secs))
			return -1;
		*out += (time_t)(sign * n * secs);
	}
}

static struct valid_expr *
node(enum kind k, time_t t, struct valid_expr *l, struct valid_expr *r)
{
	struct valid_expr *e = calloc(1, sizeof(*e));

	if (e == NULL) {
		valid_free(l);
		valid_free(r);
		return NULL;
	}
	e->kind = k;
	e->t = t;
	e->l = l;
	e->r = r;
	return e;
}

static struct valid_expr *parse_expr(struct parser *p);

static struct valid_expr *
parse_term(struct parser *p)
{
	time_t t, t2;

	skip(p);
	if (p->s[p->pos] == '(') {
		struct valid_expr *e;

		if (++p->depth > MAX_DEPTH) {
			fail(p, "parentheses nested too deeply");
			return NULL;
		}
		p->pos++;
		if ((e = parse_expr(p)) == NULL)
			return NULL;
		skip(p);
		if (p->s[p->pos] != ')') {
			fail(p, "expected ')'");
			valid_free(e);
			return NULL;
		}
		p->pos++;
		p->depth--;
		return e;
	}
	if (word(p, "always"))
		return node(V_ALWAYS, 0, NULL, NULL);
	if (word(p, "after") || word(p, "from"))
		return parse_time(p, &t) ? NULL : node(V_AFTER, t, NULL, NULL);
	if (word(p, "before") || word(p, "until"))
		return parse_time(p, &t) ? NULL : node(V_BEFORE, t, NULL, NULL);
	if (word(p, "between")) {
		if (parse_time(p, &t))
			return NULL;
		if (!word(p, "and")) {
			fail(p, "expected \"and\" in \"between ... and ...\"");
			return NULL;
		}
		if (parse_time(p, &t2))
			return NULL;
		return node(V_AND, 0, node(V_AFTER, t, NULL, NULL), node(V_BEFORE, t2, NULL, NULL));
	}
	fail(p, "expected after, from, before, until, between, always or '('");
	return NULL;
}

static struct valid_expr *
parse_expr(struct parser *p)
{
	struct valid_expr *e = parse_term(p);

	while (e != NULL) {
		enum kind k;
		struct valid_expr *r;

		if (word(p, "and"))
			k = V_AND;
		else if (word(p, "or"))
			k = V_OR;
		else
			break;
		if ((r = parse_term(p)) == NULL) {
			valid_free(e);
			return NULL;
		}
		e = node(k, 0, e, r);
	}
	return e;
}

int
valid_parse(const char *text, const json_t *events, struct valid_expr **out,
    struct valid_error *err)
{
	struct parser p = { .s = text, .events = events, .err = err };
	struct valid_expr *e;

	memset(err, 0, sizeof(*err));
	*out = NULL;
	tzset();
	e = parse_expr(&p);
	if (e == NULL) {
		if (err->message[0] == '\0')
			fail(&p, "out of memory");
		return -1;
	}
	skip(&p);
	if (p.s[p.pos] != '\0') {
		fail(&p, "unexpected \"%.20s\": expected \"and\", \"or\" or the end", p.s + p.pos);
		valid_free(e);
		return -1;
	}
	*out = e;
	return 0;
}

void
valid_free(struct valid_expr *e)
{
	if (e == NULL)
		return;
	valid_free(e->l);
	valid_free(e->r);
	free(e);
}

static void
show(time_t t, char buf[32])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 32, "%H:%M %d/%m/%Y", &tm);
}

int
valid_eval(const struct valid_expr *e, time_t now, char *why, size_t whylen)
{
	char when[32];

	switch (e->kind) {
	case V_ALWAYS:
		return 1;
	case V_AFTER:
		if (now >= e->t)
			return 1;
		show(e->t, when);
		snprintf(why, whylen, "submissions open at %s", when);
		return 0;
	case V_BEFORE:
		if (now < e->t)
			return 1;
		show(e->t, when);
		snprintf(why, whylen, "the deadline was %s", when);
		return 0;
	case V_AND:
		return valid_eval(e->l, now, why, whylen) && valid_eval(e->r, now, why, whylen);
	case V_OR:
		if (valid_eval(e->l, now, why, whylen) || valid_eval(e->r, now, why, whylen))
			return 1;
		snprintf(why, whylen, "outside every submission period");
		return 0;
	}
	return 0;
}

void
valid_window(const struct valid_expr *e, time_t *opens, time_t *closes)
{
	time_t lo1, hi1, lo2, hi2;

	*opens = *closes = (time_t)-1;
	switch (e->kind) {
	case V_ALWAYS:
		return;
	case V_AFTER:
		*opens = e->t;
		return;
	case V_BEFORE:
		*closes = e->t;
		return;
	case V_AND:
		/* Both must hold: the later opening, the earlier closing. */
		valid_window(e->l, &lo1, &hi1);
		valid_window(e->r, &lo2, &hi2);
		*opens = lo1 == (time_t)-1 ? lo2 : lo2 == (time_t)-1 ? lo1 : lo1 > lo2 ? lo1 : lo2;
		*closes = hi1 == (time_t)-1 ? hi2 : hi2 == (time_t)-1 ? hi1 : hi1 < hi2 ? hi1 : hi2;
		return;
	case V_OR:
		/* Either may hold: open from the earlier, until the later. */
		valid_window(e->l, &lo1, &hi1);
		valid_window(e->r, &lo2, &hi2);
		*opens = lo1 == (time_t)-1 || lo2 == (time_t)-1 ? (time_t)-1 : lo1 < lo2 ? lo1 : lo2;
		*closes = hi1 == (time_t)-1 || hi2 == (time_t)-1 ? (time_t)-1 : hi1 > hi2 ? hi1 : hi2;
		return;
	}
}

/*
 * Does E hold at NOW, or at one of the times of its subtree T later than
 * NOW? Whether E holds changes only at the times it names, and holds from
 * each such time until the next, so these instants are the only ones to try.
 */
static int
holds_from(const struct valid_expr *e, const struct valid_expr *t, time_t now)
{
	char why[8];

	if (t == e && valid_eval(e, now, why, sizeof(why)))
		return 1;
	switch (t->kind) {
	case V_AFTER:
	case V_BEFORE:
		return t->t > now && valid_eval(e, t->t, why, sizeof(why));
	case V_AND:
	case V_OR:
		return holds_from(e, t->l, now) || holds_from(e, t->r, now);
	default:
		return 0;
	}
}

int
valid_closed(const struct valid_expr *e, time_t now)
{
	return !holds_from(e, e, now);
}

int
valid_events_parse(const char *text, size_t len, json_t **out, size_t *line,
    struct valid_error *err)
{
	json_t *ev = json_object(), *lines = json_object();
	const char *p = text, *end = text + len;
	size_t ln = 0;
	const char *key;
	json_t *v;

	memset(err, 0, sizeof(*err));
	*out = NULL;
	*line = 0;
	if (ev == NULL || lines == NULL) {
		json_decref(ev);
		json_decref(lines);
		return -1;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q, *eq;
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), k;
		char name[NAME_MAX_LEN + 1];

		ln++;
		q = p;
		while (q < p + n && (*q == ' ' || *q == '\t'))
			q++;
		if (q == p + n || *q == '#' || (*q == '\r' && q + 1 == p + n)) {
			p += n + 1;
			continue;
		}
		eq = memchr(q, '=', (size_t)(p + n - q));
		for (k = 0; q + k < (eq ? eq : p + n) &&
		    (isalnum((unsigned char)q[k]) || q[k] == '_'); k++)
			;
		if (eq == NULL || k == 0 || k > NAME_MAX_LEN || !isalpha((unsigned char)q[0])) {
			err->column = (size_t)(q - p) + 1;
			snprintf(err->message, sizeof(err->message),
			    "expected \"name = time\" (a name of letters, digits and '_')");
			goto fail;
		}
		for (const char *r = q + k; r < eq; r++)
			if (*r != ' ' && *r != '\t') {
				err->column = (size_t)(r - p) + 1;
				snprintf(err->message, sizeof(err->message), "expected '=' after the name");
				goto fail;
			}
		memcpy(name, q, k);
		name[k] = '\0';
		if (json_object_get(ev, name) != NULL) {
			err->column = (size_t)(q - p) + 1;
			snprintf(err->message, sizeof(err->message), "event \"%s\" defined twice", name);
			goto fail;
		}
		{
			const char *vs = eq + 1, *ve = p + n;

			while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
				ve--;
			while (vs < ve && (*vs == ' ' || *vs == '\t'))
				vs++;
			if (memchr(vs, '\0', (size_t)(ve - vs)) != NULL) {
				snprintf(err->message, sizeof(err->message), "NUL byte in the line");
				goto fail;
			}
			json_object_set_new(lines, name, json_integer((json_int_t)ln));
			if (json_object_set_new(ev, name, json_stringn(vs, (size_t)(ve - vs)))) {
				snprintf(err->message, sizeof(err->message), "not UTF-8 text");
				goto fail;
			}
		}
		p += n + 1;
	}
	/* Every event must evaluate; find the line of the one that does not. */
	json_object_foreach(ev, key, v) {
		char ref[NAME_MAX_LEN + 2];
		struct valid_expr *e;

		snprintf(ref, sizeof(ref), "after #%s", key);
		if (valid_parse(ref, ev, &e, err) != 0) {
			/* The message names the event; the column is not in this line. */
			ln = (size_t)json_integer_value(json_object_get(lines, key));
			err->column = 1;
			goto fail;
		}
		valid_free(e);
	}
	json_decref(lines);
	*out = ev;
	return 0;
fail:
	*line = ln;
	json_decref(ev);
	json_decref(lines);
	return -1;
}
