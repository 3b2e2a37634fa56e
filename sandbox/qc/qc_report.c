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

#include "sandbox/util/errmsg.h"
#include "sandbox/util/hex.h"
#include "sandbox/qc/qc_report.h"

/* Longest value kept; longer ones are cut. */
#define VALUE_MAX (64 * 1024)

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

int
qc_report_parse(const char *text, size_t len, struct qc_report *r, char *err,
    size_t errlen)
{
	struct qc_report_prop *p = NULL;	/* the open block */
	size_t lineno = 0, off = 0;
	int have_result = 0;

	memset(r, 0, sizeof(*r));
	if (text == NULL)
		len = 0;
	while (off < len) {
		const char *line = text + off, *nl = memchr(line, '\n', len - off);
		size_t n = nl ? (size_t)(nl - line) : len - off;
		const char *sp = memchr(line, ' ', n);
		char key[16], *v = NULL;
		size_t klen = sp ? (size_t)(sp - line) : n;
		unsigned long long x;
		int bad;

		off += n + (nl != NULL);
		lineno++;
		if (nl == NULL) {
			errmsg_set(err, errlen, "line %zu is cut off", lineno);
			goto fail;
		}
		if (klen == 0 || klen >= sizeof(key)) {
			errmsg_set(err, errlen, "line %zu: no key", lineno);
			goto fail;
		}
		memcpy(key, line, klen);
		key[klen] = '\0';
		if (sp != NULL && (v = unescape(sp + 1, n - klen - 1, &bad)) == NULL) {
			errmsg_set(err, errlen, bad ? "line %zu: a bad escape" : "out of memory",
			    lineno);
			goto fail;
		}
		if (r->done) {
			errmsg_set(err, errlen, "line %zu: after the end", lineno);
			goto fail_v;
		}
		if (lineno == 1) {
			if (strcmp(key, "assay-qc") != 0 || v == NULL ||
			    number(v, UINT_MAX, &x) == -1 || x != QC_REPORT_VERSION) {
				errmsg_set(err, errlen, "not a report of this version");
				goto fail_v;
			}
			free(v);
			continue;
		}
		if (strcmp(key, "done") == 0 && v == NULL) {
			if (p != NULL) {
				errmsg_set(err, errlen, "line %zu: a property without its end",
				    lineno);
				goto fail;
			}
			r->done = 1;
			continue;
		}
		if (strcmp(key, "end") == 0 && v == NULL) {
			if (p == NULL || !have_result) {
				errmsg_set(err, errlen, "line %zu: an end without a property and"
				    " its result", lineno);
				goto fail;
			}
			p = NULL;
			continue;
		}
		if (v == NULL) {
			errmsg_set(err, errlen, "line %zu: %s without a value", lineno, key);
			goto fail;
		}
		if (strcmp(key, "seed") == 0) {
			if (number(v, ULLONG_MAX, &x) == -1)
				goto bad_value;
			r->seed = x;
			free(v);
			continue;
		}
		if (strcmp(key, "error") == 0) {
			if (once(&r->error, v) == -1)
				goto twice;
			continue;
		}
		if (strcmp(key, "property") == 0) {
			struct qc_report_prop *np;

			if (p != NULL || r->nprops == QC_REPORT_MAX_PROPS) {
				errmsg_set(err, errlen, "line %zu: a property too many", lineno);
				goto fail_v;
			}
			if ((np = realloc(r->props, (r->nprops + 1) * sizeof(*np))) == NULL) {
				errmsg_set(err, errlen, "out of memory");
				goto fail_v;
			}
			r->props = np;
			p = &r->props[r->nprops++];
			memset(p, 0, sizeof(*p));
			p->name = v;
			have_result = 0;
			continue;
		}
		if (p == NULL) {
			errmsg_set(err, errlen, "line %zu: %s outside a property", lineno, key);
			goto fail_v;
		}
		if (strcmp(key, "end") == 0) {
			errmsg_set(err, errlen, "line %zu: end with a value", lineno);
			goto fail_v;
		} else if (strcmp(key, "result") == 0) {
			int found = 0;

			for (int i = 0; i < QC_RES__COUNT; i++)
				if (strcmp(v, result_names[i]) == 0) {
					p->result = (enum qc_result)i;
					found = 1;
				}
			if (!found || have_result)
				goto bad_value;
			have_result = 1;
			free(v);
		} else if (strcmp(key, "call") == 0) {
			if (once(&p->call, v) == -1)
				goto twice;
		} else if (strcmp(key, "input") == 0) {
			if (append(&p->input, v) == -1)
				goto nomem;
		} else if (strcmp(key, "message") == 0) {
			if (append(&p->message, v) == -1)
				goto nomem;
		} else if (strcmp(key, "note") == 0) {
			if (append(&p->note, v) == -1)
				goto nomem;
		} else if (strcmp(key, "expected") == 0) {
			if (once(&p->expected, v) == -1)
				goto twice;
		} else if (strcmp(key, "got") == 0) {
			if (once(&p->got, v) == -1)
				goto twice;
		} else if (strcmp(key, "fault") == 0) {
			if (once(&p->fault, v) == -1)
				goto twice;
		} else if (strcmp(key, "output") == 0) {
			if (once(&p->output, v) == -1)
				goto twice;
		} else {
			static const char *const nums[] = {
				"tests", "discarded", "shrinks", "calls", "time-ms",
				"timeout-ms", "signal", "code",
			};
			unsigned *dst[] = {
				&p->tests, &p->discarded, &p->shrinks, &p->calls, &p->time_ms,
				&p->timeout_ms, NULL, NULL,
			};
			size_t i;

			for (i = 0; i < sizeof(nums) / sizeof(*nums); i++)
				if (strcmp(key, nums[i]) == 0)
					break;
			if (i == sizeof(nums) / sizeof(*nums)) {
				errmsg_set(err, errlen, "line %zu: unknown key %s", lineno, key);
				goto fail_v;
			}
			if (number(v, dst[i] ? UINT_MAX : 255, &x) == -1)
				goto bad_value;
			if (dst[i] != NULL)
				*dst[i] = (unsigned)x;
			else if (strcmp(key, "signal") == 0)
				p->signal = (int)x;
			else
				p->code = (int)x;
			free(v);
		}
		continue;
bad_value:
		errmsg_set(err, errlen, "line %zu: a bad value for %s", lineno, key);
		goto fail_v;
twice:
		errmsg_set(err, errlen, "line %zu: %s twice", lineno, key);
		goto fail;
nomem:
		errmsg_set(err, errlen, "out of memory");
		goto fail;
fail_v:
		free(v);
		goto fail;
	}
	if (p != NULL) {
		errmsg_set(err, errlen, "the last property has no end");
		goto fail;
	}
	return 0;
fail:
	qc_report_free(r);
	return -1;
}
