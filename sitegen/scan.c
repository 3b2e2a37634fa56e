/* scan.c - lines of a Markdown body; see scan.h. */
#include <string.h>

#include "sitegen/scan.h"

void
scan_init(struct scan *s, const char *p, size_t n, unsigned line0)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	s->end = p + n;
	s->line = line0;
}

int
scan_blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

size_t
scan_indent(const char *p, const char *e)
{
	size_t n = 0;

	for (; p < e && (*p == ' ' || *p == '\t'); p++)
		n = *p == '\t' ? (n + 4) & ~(size_t)3 : n + 1;
	return n;
}

static const char *
skip3(const char *p, const char *e)
{
	for (int i = 0; i < 3 && p < e && *p == ' '; i++)
		p++;
	return p;
}

int
scan_next(struct scan *s, struct scan_line *l)
{
	const char *p = s->p, *nl, *q, *r;

	if (p >= s->end)
		return 0;
	nl = memchr(p, '\n', (size_t)(s->end - p));
	l->start = p;
	l->end = nl ? nl : s->end;
	l->next = nl ? nl + 1 : s->end;
	l->line = s->line++;
	l->text = 0;
	s->p = l->next;
	q = skip3(p, l->end);
	if (s->fence_len > 0) {
		for (r = q; r < l->end && *r == s->fence_ch; r++)
			;
		if ((size_t)(r - q) >= s->fence_len && scan_blank(r, l->end))
			s->fence_len = 0;
		return 1;
	}
	if (s->in_comment) {
		if (memmem(p, (size_t)(l->end - p), "-->", 3) != NULL)
			s->in_comment = 0;
		return 1;
	}
	if (q < l->end && (*q == '`' || *q == '~')) {
		for (r = q; r < l->end && *r == *q; r++)
			;
		if (r - q >= 3 && !(*q == '`' && memchr(r, '`', (size_t)(l->end - r)))) {
			s->fence_len = (size_t)(r - q);
			s->fence_ch = *q;
			return 1;
		}
	}
	if (l->end - q >= 4 && memcmp(q, "<!--", 4) == 0) {
		s->in_comment = memmem(q + 4, (size_t)(l->end - q - 4), "-->", 3) == NULL;
		return 1;
	}
	l->text = 1;
	return 1;
}
