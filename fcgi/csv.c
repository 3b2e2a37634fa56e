/* csv.c - RFC 4180 records; see csv.h. */
#include <string.h>

#include "fcgi/csv.h"

void
csv_init(struct csv *c, const char *data, size_t len)
{
	c->p = data;
	c->end = data + len;
	c->line = 0;
	c->next_line = 1;
	c->nfields = 0;
	c->error = NULL;
	for (size_t i = 0; i < CSV_FIELDS_MAX; i++)
		c->field[i] = c->buf[i];
}

/* Appends CH to field OUT of length *N, or says why it cannot (-1). */
static int
field_add(struct csv *c, char *out, size_t *n, char ch)
{
	if (ch == '\0') {
		c->error = "NUL byte in a field";
		return -1;
	}
	if (*n == CSV_FIELD_MAX) {
		c->error = "field too long";
		return -1;
	}
	out[(*n)++] = ch;
	return 0;
}

int
csv_next(struct csv *c)
{
	const char *p = c->p;

	/* Skip blank lines. */
	while (p < c->end && (*p == '\n' || *p == '\r')) {
		if (*p == '\n')
			c->next_line++;
		p++;
	}
	c->line = c->next_line;
	c->nfields = 0;
	if (p >= c->end) {
		c->p = p;
		return 0;
	}
	for (;;) {
		size_t n = 0;
		char *out;

		if (c->nfields == CSV_FIELDS_MAX) {
			c->error = "too many fields";
			return -1;
		}
		out = c->buf[c->nfields];
		if (p < c->end && *p == '"') {
			p++;
			for (;;) {
				if (p >= c->end) {
					c->error = "unterminated quoted field";
					return -1;
				}
				if (*p == '"') {
					if (p + 1 < c->end && p[1] == '"') {
						p += 2;
						if (field_add(c, out, &n, '"'))
							return -1;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					c->next_line++;
				if (field_add(c, out, &n, *p++))
					return -1;
			}
			if (p < c->end && *p != ',' && *p != '\n' && *p != '\r') {
				c->error = "text after a closing quote";
				return -1;
			}
		} else {
			while (p < c->end && *p != ',' && *p != '\n' && *p != '\r') {
				if (*p == '"') {
					c->error = "quote inside an unquoted field";
					return -1;
				}
				if (field_add(c, out, &n, *p++))
					return -1;
			}
		}
		out[n] = '\0';
		c->nfields++;
		if (p < c->end && *p == ',') {
			p++;
			continue;
		}
		if (p < c->end && *p == '\r')
			p++;
		if (p < c->end && *p == '\n') {
			p++;
			c->next_line++;
		}
		c->p = p;
		return 1;
	}
}
