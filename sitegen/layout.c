/* layout.c - the page template; see layout.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/html.h"
#include "sitegen/layout.h"

static const struct {
	const char *name;
	enum layout_var var;
} vars[] = {
	{ "title", LAYOUT_TITLE }, { "doctitle", LAYOUT_DOCTITLE },
	{ "course", LAYOUT_COURSE },
	{ "lang", LAYOUT_LANG }, { "root", LAYOUT_ROOT }, { "path", LAYOUT_PATH },
	{ "version", LAYOUT_VERSION }, { "head", LAYOUT_HEAD },
	{ "body", LAYOUT_BODY },
};

static int
add_part(struct layout *l, enum layout_var var, const char *text, size_t len)
{
	struct layout_part *p = realloc(l->parts, (l->nparts + 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	l->parts = p;
	p[l->nparts].var = var;
	p[l->nparts].text = text;
	p[l->nparts].len = len;
	l->nparts++;
	return 0;
}

int
layout_parse(struct layout *l, const char *tpl, size_t len, char *err,
    size_t errlen)
{
	const char *p = tpl, *end = tpl + len;
	int has_body = 0;

	memset(l, 0, sizeof(*l));
	while (p < end) {
		const char *open = memmem(p, (size_t)(end - p), "{{", 2), *close;
		size_t i;

		if (open == NULL) {
			if (add_part(l, LAYOUT_TEXT, p, (size_t)(end - p)))
				goto nomem;
			break;
		}
		if (open > p && add_part(l, LAYOUT_TEXT, p, (size_t)(open - p)))
			goto nomem;
		close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
		if (close == NULL) {
			snprintf(err, errlen, "layout: unclosed {{ at byte %zu",
			    (size_t)(open - tpl));
			goto fail;
		}
		for (i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
			if (strlen(vars[i].name) == (size_t)(close - open - 2) &&
			    memcmp(vars[i].name, open + 2, (size_t)(close - open - 2)) == 0)
				break;
		}
		if (i == sizeof(vars) / sizeof(*vars)) {
			snprintf(err, errlen, "layout: unknown placeholder {{%.*s}}",
			    (int)(close - open - 2), open + 2);
			goto fail;
		}
		if (add_part(l, vars[i].var, NULL, 0))
			goto nomem;
		has_body |= vars[i].var == LAYOUT_BODY;
		p = close + 2;
	}
	if (!has_body) {
		snprintf(err, errlen, "layout: no {{body}}");
		goto fail;
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
fail:
	layout_free(l);
	return -1;
}

void
layout_free(struct layout *l)
{
	free(l->parts);
	memset(l, 0, sizeof(*l));
}

void
layout_render(const struct layout *l, const struct layout_page *p, struct buf *out)
{
	for (size_t i = 0; i < l->nparts; i++) {
		const struct layout_part *part = &l->parts[i];

		switch (part->var) {
		case LAYOUT_TEXT:
			buf_add(out, part->text, part->len);
			break;
		case LAYOUT_TITLE:
			html_escape_str(out, p->title);
			break;
		case LAYOUT_DOCTITLE:
			html_escape_str(out, p->title);
			if (strcmp(p->title, p->course) != 0) {
				buf_puts(out, " \xc2\xb7 ");	/* a middle dot */
				html_escape_str(out, p->course);
			}
			break;
		case LAYOUT_COURSE:
			html_escape_str(out, p->course);
			break;
		case LAYOUT_LANG:
			html_escape_str(out, p->lang);
			break;
		case LAYOUT_ROOT:
			html_escape_str(out, p->root);
			break;
		case LAYOUT_PATH:
			html_escape_str(out, p->path ? p->path : "");
			break;
		case LAYOUT_VERSION:
			html_escape_str(out, p->version);
			break;
		case LAYOUT_HEAD:
			if (p->head != NULL)
				buf_puts(out, p->head);
			break;
		case LAYOUT_BODY:
			p->body(out, p->arg);
			break;
		}
	}
}
