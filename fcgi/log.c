/* log.c - operator log lines on standard error; see log.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/isotime.h"
#include "fcgi/log.h"

static const char *prog = "assay";

void
log_init(const char *progname)
{
	prog = progname;
}

/*
 * The length of the well-formed UTF-8 sequence at P (N bytes left) that
 * encodes a printable code point, or 0: overlong forms, surrogates, code
 * points past U+10FFFF and the C1 controls (U+0080..U+009F, which some
 * terminals obey as ESC [ and friends) are not.
 */
static size_t
utf8_printable(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned cp;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	len = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = p[0] & (0xff >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp < 0xa0)
		return 0;
	return len;
}

size_t
log_escape(char *out, size_t max, const char *in, size_t n)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0;

	if (max == 0)
		return 0;
	for (size_t i = 0; i < n;) {
		char esc[5];
		size_t len = 0, u;

		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			esc[0] = (char)p[i];
			len = 1;
		} else if (p[i] >= 0x80 && (u = utf8_printable(p + i, n - i)) > 0) {
			if (o + u >= max)
				break;
			memcpy(out + o, p + i, u);
			o += u;
			i += u;
			continue;
		} else {
			switch (p[i]) {
			case '\\': memcpy(esc, "\\\\", 2), len = 2; break;
			case '\n': memcpy(esc, "\\n", 2), len = 2; break;
			case '\r': memcpy(esc, "\\r", 2), len = 2; break;
			case '\t': memcpy(esc, "\\t", 2), len = 2; break;
			default:
				snprintf(esc, sizeof(esc), "\\x%02x", p[i]);
				len = 4;
			}
		}
		/* Whole escapes only: a cut line never ends in half of one. */
		if (o + len >= max)
			break;
		memcpy(out + o, esc, len);
		o += len;
		i++;
	}
	out[o] = '\0';
	return o;
}

void
log_msg(const char *rid, const char *fmt, ...)
{
	char line[2048], msg[2048], ts[ISOTIME_SIZE];
	va_list ap;
	int n, m;

	isotime_format(time(NULL), ts);
	n = snprintf(line, sizeof(line), "%s %s[%d]%s%s: ", ts, prog, (int)getpid(),
	    rid ? " r=" : "", rid ? rid : "");
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	m = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	else if ((size_t)m >= sizeof(msg))
		m = sizeof(msg) - 1;
	/* The message may carry what a client sent: no control byte reaches the log. */
	n += (int)log_escape(line + n, sizeof(line) - (size_t)n - 1, msg, (size_t)m);
	line[n++] = '\n';
	/* One write per line so that lines of concurrent processes never mix. */
	(void)!write(STDERR_FILENO, line, (size_t)n);
}
