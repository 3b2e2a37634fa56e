/*
 * qc_report.c - the runner's report: written by qc_runner.c, read by
 * tester_quickcheck.c; the format is in qc_report.h. The reader takes the
 * text as untrusted (the runner shares a box with the student's code) and
 * refuses anything it does not expect.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/qc/qc_report.h"
#include "sandbox/util/errmsg.h"
#include "sandbox/util/hex.h"

/* Longest value kept; longer ones are cut. */
#define VALUE_MAX (64 * 1024)
/* Longest key, and its NUL. */
#define KEY_MAX 16

static const char *const result_names[QC_RES__COUNT] = {
	"passed", "falsified", "crashed", "hung", "exited", "flaky", "error",
};

const char *
qc_result_name(enum qc_result r)
{
	return (unsigned)r < QC_RES__COUNT ? result_names[r] : "?";
}

/* ---- Writing ------------------------------------------------------------ */

static int
grow(char **buf, size_t *len, size_t *cap, size_t more)
{
	char *p;
	size_t ncap;

	if (*len + more + 1 <= *cap)
		return 0;
	ncap = *cap ? *cap : 4096;
	while (ncap < *len + more + 1)
		ncap *= 2;
	if ((p = realloc(*buf, ncap)) == NULL)
		return -1;
	*buf = p;
	*cap = ncap;
	return 0;
}

int
qc_report_put(char **buf, size_t *len, size_t *cap, const char *key,
    const char *value, size_t n)
{
	size_t klen = strlen(key);

	/* At worst 4 bytes per byte of the value. */
	if (n > SIZE_MAX / 8 || grow(buf, len, cap, klen + 2 + 4 * n) == -1)
		return -1;
	memcpy(*buf + *len, key, klen);
	*len += klen;
	if (value != NULL) {
		(*buf)[(*len)++] = ' ';
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)value[i];
			char *o = *buf + *len;

			switch (c) {
			case '\\': memcpy(o, "\\\\", 2); *len += 2; continue;
			case '\n': memcpy(o, "\\n", 2); *len += 2; continue;
			case '\t': memcpy(o, "\\t", 2); *len += 2; continue;
			case '\r': memcpy(o, "\\r", 2); *len += 2; continue;
			default: break;
			}
			if (c < 0x20 || c == 0x7f) {
				snprintf(o, 5, "\\x%02x", c);
				*len += 4;
			} else {
				*o = (char)c;
				*len += 1;
			}
		}
	}
	(*buf)[(*len)++] = '\n';
	(*buf)[*len] = '\0';
	return 0;
}

/* ---- Reading ---------------------------------------------------------------- */

/* The value S (N bytes) unescaped into a new string (NUL bytes become
 * '?'), at most VALUE_MAX bytes. NULL on a bad escape or ENOMEM. */
static char *
unescape(const char *s, size_t n, int *bad)
{
	char *d = malloc((n < VALUE_MAX ? n : VALUE_MAX) + 1);
	size_t o = 0;

	*bad = 0;
	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < n && o < VALUE_MAX; i++) {
		char c = s[i];

		if (c == '\\') {
			if (i + 1 >= n)
				goto bad;
			switch (s[++i]) {
			case '\\': c = '\\'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'x': {
				int h, l;

				if (i + 2 >= n || (h = hex_value((unsigned char)s[i + 1])) < 0 ||
				    (l = hex_value((unsigned char)s[i + 2])) < 0)
					goto bad;
				c = (char)(h * 16 + l);
				i += 2;
				break;
			}
			default:
				goto bad;
			}
		}
		d[o++] = c == '\0' ? '?' : c;
	}
	d[o] = '\0';
	return d;
bad:
	free(d);
	*bad = 1;
	return NULL;
}

static int
number(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0' && *out <= max ? 0 : -1;
}

/* Appends S to *DST, joined with '\n'; frees S. */
static int
append(char **dst, char *s)
{
	size_t a, b;
	char *p;

	if (*dst == NULL) {
		*dst = s;
		return 0;
	}
	a = strlen(*dst);
	b = strlen(s);
	if (a + b + 1 > VALUE_MAX) {
		free(s);
		return 0;
	}
	if ((p = realloc(*dst, a + b + 2)) == NULL) {
		free(s);
		return -1;
	}
	p[a] = '\n';
	memcpy(p + a + 1, s, b + 1);
	*dst = p;
	free(s);
	return 0;
}

static void
prop_free(struct qc_report_prop *p)
{
	free(p->name);
	free(p->call);
	free(p->input);
	free(p->expected);
	free(p->got);
	free(p->message);
	free(p->note);
	free(p->fault);
	free(p->output);
	memset(p, 0, sizeof(*p));
}

void
qc_report_free(struct qc_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nprops; i++)
		prop_free(&r->props[i]);
	free(r->props);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

/* Sets a field that may appear once. */
static int
once(char **field, char *v)
{
	if (*field != NULL) {
		free(v);
		return -1;
	}
	*field = v;
	return 0;
}

/* The parser's state from line to line. */
struct parser {
	struct qc_report *r;
	struct qc_report_prop *p;	/* the open block, or NULL */
	int have_result;		/* the open block has its result */
	size_t lineno;
	char *err;
	size_t errlen;
};

/*
 * The line of TEXT (LEN bytes) at *OFF, which moves past it: its key into
 * KEY, its value unescaped into *V (NULL: none; the caller's to free).
 * Returns 0, or -1 with the reason in ps->err.
 */
static int
next_line(struct parser *ps, const char *text, size_t len, size_t *off,
    char key[KEY_MAX], char **v)
{
	const char *line = text + *off, *nl = memchr(line, '\n', len - *off);
	size_t n = nl ? (size_t)(nl - line) : len - *off;
	const char *sp = memchr(line, ' ', n);
	size_t klen = sp ? (size_t)(sp - line) : n;
	int bad;

	*v = NULL;
	*off += n + (nl != NULL);
	ps->lineno++;
	if (nl == NULL) {
		errmsg_set(ps->err, ps->errlen, "line %zu is cut off", ps->lineno);
		return -1;
	}
	if (klen == 0 || klen >= KEY_MAX) {
		errmsg_set(ps->err, ps->errlen, "line %zu: no key", ps->lineno);
		return -1;
	}
	memcpy(key, line, klen);
	key[klen] = '\0';
	if (sp != NULL && (*v = unescape(sp + 1, n - klen - 1, &bad)) == NULL) {
		errmsg_set(ps->err, ps->errlen, bad ? "line %zu: a bad escape" :
		    "out of memory", ps->lineno);
		return -1;
	}
	return 0;
}

/* The errors of a line with key KEY; each returns -1. */
static int
bad_value(struct parser *ps, const char *key, char *v)
{
	errmsg_set(ps->err, ps->errlen, "line %zu: a bad value for %s", ps->lineno,
	    key);
	free(v);
	return -1;
}

static int
twice(struct parser *ps, const char *key)
{
	errmsg_set(ps->err, ps->errlen, "line %zu: %s twice", ps->lineno, key);
	return -1;
}

static int
no_memory(struct parser *ps)
{
	errmsg_set(ps->err, ps->errlen, "out of memory");
	return -1;
}

/* A line without a value: the end of a block or of the report. */
static int
parse_bare(struct parser *ps, const char *key)
{
	if (strcmp(key, "done") == 0) {
		if (ps->p != NULL) {
			errmsg_set(ps->err, ps->errlen, "line %zu: a property without its"
			    " end", ps->lineno);
			return -1;
		}
		ps->r->done = 1;
		return 0;
	}
	if (strcmp(key, "end") == 0) {
		if (ps->p == NULL || !ps->have_result) {
			errmsg_set(ps->err, ps->errlen, "line %zu: an end without a"
			    " property and its result", ps->lineno);
			return -1;
		}
		ps->p = NULL;
		return 0;
	}
	errmsg_set(ps->err, ps->errlen, "line %zu: %s without a value", ps->lineno,
	    key);
	return -1;
}

/* "property NAME": a new block, named V (taken). */
static int
open_property(struct parser *ps, char *v)
{
	struct qc_report *r = ps->r;
	struct qc_report_prop *np;

	if (ps->p != NULL || r->nprops == QC_REPORT_MAX_PROPS) {
		errmsg_set(ps->err, ps->errlen, "line %zu: a property too many",
		    ps->lineno);
		free(v);
		return -1;
	}
	if ((np = realloc(r->props, (r->nprops + 1) * sizeof(*np))) == NULL) {
		free(v);
		return no_memory(ps);
	}
	r->props = np;
	ps->p = &r->props[r->nprops++];
	memset(ps->p, 0, sizeof(*ps->p));
	ps->p->name = v;
	ps->have_result = 0;
	return 0;
}

/* A number of the open block: KEY with value V (taken). */
static int
parse_number(struct parser *ps, const char *key, char *v)
{
	static const char *const nums[] = {
		"tests", "discarded", "shrinks", "calls", "time-ms",
		"timeout-ms", "shrink-stopped", "signal", "code",
	};
	struct qc_report_prop *p = ps->p;
	unsigned *dst[] = {
		&p->tests, &p->discarded, &p->shrinks, &p->calls, &p->time_ms,
		&p->timeout_ms, &p->shrink_stopped, NULL, NULL,
	};
	unsigned long long x;
	size_t i;

	for (i = 0; i < sizeof(nums) / sizeof(*nums); i++)
		if (strcmp(key, nums[i]) == 0)
			break;
	if (i == sizeof(nums) / sizeof(*nums)) {
		errmsg_set(ps->err, ps->errlen, "line %zu: unknown key %s", ps->lineno,
		    key);
		free(v);
		return -1;
	}
	if (number(v, dst[i] ? UINT_MAX : 255, &x) == -1)
		return bad_value(ps, key, v);
	if (dst[i] != NULL)
		*dst[i] = (unsigned)x;
	else if (strcmp(key, "signal") == 0)
		p->signal = (int)x;
	else
		p->code = (int)x;
	free(v);
	return 0;
}

/* A field of the open block: KEY with value V (taken). */
static int
parse_field(struct parser *ps, const char *key, char *v)
{
	struct qc_report_prop *p = ps->p;
	char **once_fields[] = { &p->call, &p->expected, &p->got, &p->fault,
	    &p->output };
	static const char *const once_keys[] = { "call", "expected", "got",
	    "fault", "output" };
	char **lines_fields[] = { &p->input, &p->message, &p->note };
	static const char *const lines_keys[] = { "input", "message", "note" };

	if (strcmp(key, "end") == 0) {
		errmsg_set(ps->err, ps->errlen, "line %zu: end with a value",
		    ps->lineno);
		free(v);
		return -1;
	}
	if (strcmp(key, "result") == 0) {
		int found = 0;

		for (int i = 0; i < QC_RES__COUNT; i++)
			if (strcmp(v, result_names[i]) == 0) {
				p->result = (enum qc_result)i;
				found = 1;
			}
		if (!found || ps->have_result)
			return bad_value(ps, key, v);
		ps->have_result = 1;
		free(v);
		return 0;
	}
	for (size_t i = 0; i < sizeof(once_keys) / sizeof(*once_keys); i++)
		if (strcmp(key, once_keys[i]) == 0)
			return once(once_fields[i], v) == -1 ? twice(ps, key) : 0;
	for (size_t i = 0; i < sizeof(lines_keys) / sizeof(*lines_keys); i++)
		if (strcmp(key, lines_keys[i]) == 0)
			return append(lines_fields[i], v) == -1 ? no_memory(ps) : 0;
	return parse_number(ps, key, v);
}

/* The line with KEY and value V (NULL: none; taken). Returns 0, or -1
 * with the reason in ps->err. */
static int
parse_line(struct parser *ps, const char *key, char *v)
{
	unsigned long long x;

	if (ps->r->done) {
		errmsg_set(ps->err, ps->errlen, "line %zu: after the end", ps->lineno);
		free(v);
		return -1;
	}
	if (ps->lineno == 1) {
		if (strcmp(key, "assay-qc") != 0 || v == NULL ||
		    number(v, UINT_MAX, &x) == -1 || x != QC_REPORT_VERSION) {
			errmsg_set(ps->err, ps->errlen, "not a report of this version");
			free(v);
			return -1;
		}
		free(v);
		return 0;
	}
	if (v == NULL)
		return parse_bare(ps, key);
	if (strcmp(key, "seed") == 0) {
		if (number(v, ULLONG_MAX, &x) == -1)
			return bad_value(ps, key, v);
		ps->r->seed = x;
		free(v);
		return 0;
	}
	if (strcmp(key, "error") == 0)
		return once(&ps->r->error, v) == -1 ? twice(ps, key) : 0;
	if (strcmp(key, "property") == 0)
		return open_property(ps, v);
	if (ps->p == NULL) {
		errmsg_set(ps->err, ps->errlen, "line %zu: %s outside a property",
		    ps->lineno, key);
		free(v);
		return -1;
	}
	return parse_field(ps, key, v);
}

int
qc_report_parse(const char *text, size_t len, struct qc_report *r, char *err,
    size_t errlen)
{
	struct parser ps = { .r = r, .err = err, .errlen = errlen };
	size_t off = 0;

	memset(r, 0, sizeof(*r));
	if (text == NULL)
		len = 0;
	while (off < len) {
		char key[KEY_MAX], *v;

		if (next_line(&ps, text, len, &off, key, &v) == -1 ||
		    parse_line(&ps, key, v) == -1)
			goto fail;
	}
	if (ps.p != NULL) {
		errmsg_set(err, errlen, "the last property has no end");
		goto fail;
	}
	return 0;
fail:
	qc_report_free(r);
	return -1;
}
