/* ident.c - Pandoc's header identifiers; see ident.h. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "sandbox/util/buf.h"
#include "sitegen/ident.h"

/* C.UTF-8 is built into glibc 2.35 and later: it needs no locale files. */
static locale_t
utf8_locale(void)
{
	static locale_t loc;
	static int tried;

	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

/* Decodes one code point of valid UTF-8 at *P, advancing it. */
static uint32_t
next_cp(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint32_t c = *p++;
	int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

	if (more > 0)
		c &= 0x3f >> more;
	while (more-- > 0 && (*p & 0xc0) == 0x80)
		c = (c << 6) | (*p++ & 0x3f);
	*pp = p;
	return c;
}

static void
put_cp(struct buf *b, uint32_t c)
{
	char u[4];

	if (c < 0x80) {
		u[0] = (char)c;
		buf_add(b, u, 1);
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, u, 4);
	}
}

/* Haskell's isSpace: ASCII white space and Unicode's space separators. */
static int
is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x202f || c == 0x205f || c == 0x3000;
}

static int
is_alpha(uint32_t c, locale_t l)
{
	if (c < 0x80 || l == (locale_t)0)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	return iswalpha_l((wint_t)c, l);
}

static int
is_alnum(uint32_t c, locale_t l)
{
	if (c < 0x80 || l == (locale_t)0)
		return is_alpha(c, l) || (c >= '0' && c <= '9');
	return iswalnum_l((wint_t)c, l);
}

char *
ident_from_text(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	locale_t l = utf8_locale();
	struct buf out = BUF_INIT;
	int pending_dash = 0, started = 0;

	while (*p != '\0') {
		uint32_t c;

		/* Smart punctuation: dashes and ellipses are not kept. */
		if (p[0] == '-' && p[1] == '-') {
			p += p[2] == '-' ? 3 : 2;
			continue;
		}
		if (p[0] == '.' && p[1] == '.' && p[2] == '.') {
			p += 3;
			continue;
		}
		c = next_cp(&p);
		if (is_space(c)) {
			pending_dash = started;
			continue;
		}
		if (!(is_alnum(c, l) || c == '_' || c == '-' || c == '.'))
			continue;
		if (!started) {
			/* Nothing before the first letter. */
			if (!is_alpha(c, l))
				continue;
			started = 1;
		}
		if (pending_dash)
			buf_putc(&out, '-');
		pending_dash = 0;
		if (c < 0x80)
			c = (c >= 'A' && c <= 'Z') ? c + 32 : c;
		else if (l != (locale_t)0)
			c = (uint32_t)towlower_l((wint_t)c, l);
		put_cp(&out, c);
	}
	if (out.len == 0 && !out.oom)
		buf_puts(&out, "section");
	return buf_steal(&out);
}

int
ident_use(struct ident_set *s, const char *id)
{
	if (s->used == NULL && (s->used = json_object()) == NULL)
		return -1;
	if (json_object_get(s->used, id) != NULL)
		return 1;
	return json_object_set_new(s->used, id, json_true()) ? -1 : 0;
}

char *
ident_unique(struct ident_set *s, const char *base)
{
	char *id;
	int rc;

	if ((id = strdup(base)) == NULL)
		return NULL;
	for (unsigned n = 1; (rc = ident_use(s, id)) == 1; n++) {
		free(id);
		if (asprintf(&id, "%s-%u", base, n) < 0)
			return NULL;
	}
	if (rc < 0) {
		free(id);
		return NULL;
	}
	return id;
}

void
ident_set_free(struct ident_set *s)
{
	json_decref(s->used);
	s->used = NULL;
}
