/* attr.c - Pandoc attribute sets; see attr.h. */
#include <stdlib.h>
#include <string.h>

#include "sitegen/attr.h"
#include "sitegen/html.h"

static int
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
add_class(struct attr *a, char *cls)
{
	char **c = realloc(a->classes, (a->nclasses + 1) * sizeof(*c));

	if (c == NULL)
		return -1;
	a->classes = c;
	a->classes[a->nclasses++] = cls;
	return 0;
}

static int
add_kv(struct attr *a, char *key, char *value)
{
	struct attr_kv *kv = realloc(a->kvs, (a->nkvs + 1) * sizeof(*kv));

	if (kv == NULL)
		return -1;
	a->kvs = kv;
	a->kvs[a->nkvs].key = key;
	a->kvs[a->nkvs].value = value;
	a->nkvs++;
	return 0;
}

long
attr_parse(const char *p, size_t n, struct attr *a)
{
	size_t i = 1;
	long rc = ATTR_INVALID;

	memset(a, 0, sizeof(*a));
	if (n == 0 || p[0] != '{')
		return ATTR_INVALID;
	for (;;) {
		size_t start;
		char kind;

		while (i < n && is_space(p[i]))
			i++;
		if (i == n) {
			rc = ATTR_INCOMPLETE;
			goto err;
		}
		if (p[i] == '}')
			break;
		kind = p[i];
		if (kind == '#' || kind == '.')
			i++;
		start = i;
		while (i < n && is_name_char(p[i]))
			i++;
		if (i == n) {
			rc = ATTR_INCOMPLETE;
			goto err;
		}
		if (i == start)
			goto err;
		if (kind == '#' || kind == '.') {
			char *name = strndup(p + start, i - start);

			if (name == NULL)
				goto nomem;
			if (kind == '#') {
				free(a->id);
				a->id = name;
			} else if (add_class(a, name)) {
				free(name);
				goto nomem;
			}
		} else {
			struct buf v = BUF_INIT;
			char *key;

			if (p[i] != '=')
				goto err;
			if ((key = strndup(p + start, i - start)) == NULL)
				goto nomem;
			i++;
			if (i < n && (p[i] == '"' || p[i] == '\'')) {
				char q = p[i++];

				while (i < n && p[i] != q) {
					if (p[i] == '\\' && i + 1 < n)
						i++;
					buf_putc(&v, p[i++]);
				}
				if (i == n) {
					free(key);
					buf_free(&v);
					rc = ATTR_INCOMPLETE;
					goto err;
				}
				i++;	/* the closing quote */
			} else {
				while (i < n && !is_space(p[i]) && p[i] != '}' &&
				    p[i] != '"' && p[i] != '\'')
					buf_putc(&v, p[i++]);
			}
			if (v.oom) {
				free(key);
				buf_free(&v);
				goto nomem;
			}
			{
				char *val = buf_steal(&v);

				if (val == NULL || add_kv(a, key, val)) {
					free(key);
					free(val);
					goto nomem;
				}
			}
		}
		if (i < n && !is_space(p[i]) && p[i] != '}')
			goto err;
	}
	return (long)i + 1;
nomem:
	rc = ATTR_NOMEM;
err:
	attr_free(a);
	return rc;
}

const char *
attr_parse_trailing(const char *p, const char *e, struct attr *a)
{
	if (e == p || e[-1] != '}')
		return NULL;
	for (const char *b = p; (b = memchr(b, '{', (size_t)(e - b))) != NULL; b++) {
		long n = attr_parse(b, (size_t)(e - b), a);

		if (n == e - b)
			return b;
		if (n > 0)
			attr_free(a);
	}
	return NULL;
}

void
attr_free(struct attr *a)
{
	free(a->id);
	for (size_t i = 0; i < a->nclasses; i++)
		free(a->classes[i]);
	free(a->classes);
	for (size_t i = 0; i < a->nkvs; i++) {
		free(a->kvs[i].key);
		free(a->kvs[i].value);
	}
	free(a->kvs);
	memset(a, 0, sizeof(*a));
}

int
attr_has_class(const struct attr *a, const char *cls)
{
	for (size_t i = 0; i < a->nclasses; i++)
		if (strcmp(a->classes[i], cls) == 0)
			return 1;
	return 0;
}

const char *
attr_get(const struct attr *a, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; i < a->nkvs; i++)
		if (strcmp(a->kvs[i].key, key) == 0)
			v = a->kvs[i].value;
	return v;
}

void
attr_remove_class(struct attr *a, const char *cls)
{
	size_t k = 0;

	for (size_t i = 0; i < a->nclasses; i++) {
		if (strcmp(a->classes[i], cls) == 0)
			free(a->classes[i]);
		else
			a->classes[k++] = a->classes[i];
	}
	a->nclasses = k;
}

size_t
attr_remove_key(struct attr *a, const char *key)
{
	size_t k = 0, n = a->nkvs;

	for (size_t i = 0; i < a->nkvs; i++) {
		if (strcmp(a->kvs[i].key, key) == 0) {
			free(a->kvs[i].key);
			free(a->kvs[i].value);
		} else {
			a->kvs[k++] = a->kvs[i];
		}
	}
	a->nkvs = k;
	return n - k;
}

static int
is_html_attribute(const char *key)
{
	static const char *const names[] = { "width", "height", "title", "lang",
	    "dir", "style", NULL };

	for (const char *const *n = names; *n != NULL; n++)
		if (strcmp(*n, key) == 0)
			return 1;
	return 0;
}

void
attr_html(struct buf *b, const struct attr *a)
{
	if (a->id != NULL) {
		buf_puts(b, " id=\"");
		html_escape_str(b, a->id);
		buf_putc(b, '"');
	}
	if (a->nclasses > 0) {
		buf_puts(b, " class=\"");
		for (size_t i = 0; i < a->nclasses; i++) {
			if (i > 0)
				buf_putc(b, ' ');
			html_escape_str(b, a->classes[i]);
		}
		buf_putc(b, '"');
	}
	for (size_t i = 0; i < a->nkvs; i++) {
		buf_puts(b, is_html_attribute(a->kvs[i].key) ? " " : " data-");
		html_escape_str(b, a->kvs[i].key);
		buf_puts(b, "=\"");
		html_escape_str(b, a->kvs[i].value);
		buf_putc(b, '"');
	}
}
