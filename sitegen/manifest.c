/* manifest.c - what a build leaves for the next one; see manifest.h. */
#include <stdlib.h>
#include <string.h>

#include "sandbox/util/file.h"
#include "sitegen/manifest.h"
#include "sitegen/text.h"

#define MAGIC "assay-manifest 1\n"

static void
unescape(struct buf *b, const char *p, const char *e)
{
	for (; p < e; p++) {
		if (*p == '\\' && p + 1 < e) {
			p++;
			buf_putc(b, *p == 't' ? '\t' : *p == 'n' ? '\n' : *p);
		} else {
			buf_putc(b, *p);
		}
	}
}

/*
 * Splits line [p, e) into fields in R (unescaped, NUL-separated in R->tmp).
 * Fields past MANIFEST_MAX_FIELDS are dropped: no record sitegen writes has
 * as many, and readers check the count they expect.
 */
static void
split(struct manifest_rec *r, const char *p, const char *e)
{
	size_t offs[MANIFEST_MAX_FIELDS];

	buf_reset(&r->tmp);
	r->nf = 0;
	while (r->nf < MANIFEST_MAX_FIELDS) {
		const char *t = memchr(p, '\t', (size_t)(e - p));

		offs[r->nf++] = r->tmp.len;
		unescape(&r->tmp, p, t ? t : e);
		buf_putc(&r->tmp, '\0');
		if (t == NULL)
			break;
		p = t + 1;
	}
	for (size_t i = 0; i < r->nf; i++)
		r->f[i] = r->tmp.oom ? "" : r->tmp.data + offs[i];
}

static char *
field_dup(const char *p, const char *e)
{
	struct buf b = BUF_INIT;

	unescape(&b, p, e);
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

static int
cmp_page(const void *a, const void *b)
{
	return strcmp(((const struct manifest_page *)a)->path,
	    ((const struct manifest_page *)b)->path);
}

static int
add(struct manifest_page **v, size_t *n, const char *line, const char *e, int titled)
{
	const char *f1 = memchr(line, '\t', (size_t)(e - line)), *f2, *f3 = NULL;
	struct manifest_page *p;

	if (f1 == NULL || (f2 = memchr(f1 + 1, '\t', (size_t)(e - f1 - 1))) == NULL)
		return -1;
	if (titled) {
		if ((f3 = memchr(f2 + 1, '\t', (size_t)(e - f2 - 1))) == NULL)
			return -1;
	} else {
		f3 = e;
	}
	if ((p = realloc(*v, (*n + 1) * sizeof(*p))) == NULL)
		return -1;
	*v = p;
	p = &p[*n];
	memset(p, 0, sizeof(*p));
	p->path = field_dup(f1 + 1, f2);
	p->fp = field_dup(f2 + 1, f3);
	p->title = titled ? field_dup(f3 + 1, e) : NULL;
	p->start = line;
	p->end = e;
	(*n)++;
	return p->path == NULL || p->fp == NULL || (titled && p->title == NULL) ? -1 : 0;
}

int
manifest_load(const char *path, struct manifest *m)
{
	const char *p, *end;
	struct manifest_page *cur = NULL;

	memset(m, 0, sizeof(*m));
	if (file_read(path, &m->text, &m->len) == -1)
		return -1;
	if (m->len < strlen(MAGIC) || memcmp(m->text, MAGIC, strlen(MAGIC)) != 0)
		goto bad;
	end = m->text + m->len;
	for (p = m->text + strlen(MAGIC); p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(e - p));
		size_t klen = tab ? (size_t)(tab - p) : (size_t)(e - p);
		char **hdr = NULL;

		if (klen == 4 && memcmp(p, "page", 4) == 0) {
			if (add(&m->pages, &m->npages, p, e, 1))
				goto bad;
			cur = &m->pages[m->npages - 1];
		} else if (klen == 4 && memcmp(p, "file", 4) == 0) {
			if (add(&m->files, &m->nfiles, p, e, 0))
				goto bad;
			cur = NULL;
		} else if (cur != NULL) {
			cur->end = e;
		} else if (klen == 9 && memcmp(p, "generator", 9) == 0) {
			hdr = &m->generator;
		} else if (klen == 7 && memcmp(p, "version", 7) == 0) {
			hdr = &m->version;
		} else if (klen == 6 && memcmp(p, "course", 6) == 0) {
			hdr = &m->course;
		} else if (klen == 4 && memcmp(p, "lang", 4) == 0) {
			hdr = &m->lang;
		}
		if (hdr != NULL && tab != NULL && *hdr == NULL &&
		    (*hdr = field_dup(tab + 1, e)) == NULL)
			goto bad;
		p = nl ? nl + 1 : end;
	}
	/* The page pointers above were into arrays that realloc may have moved:
	   only their contents are kept, so sorting now is safe. */
	qsort(m->pages, m->npages, sizeof(*m->pages), cmp_page);
	qsort(m->files, m->nfiles, sizeof(*m->files), cmp_page);
	if (m->generator == NULL || m->version == NULL)
		goto bad;
	return 0;
bad:
	manifest_free(m);
	return -1;
}

static void
free_pages(struct manifest_page *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].fp);
		free(v[i].title);
	}
	free(v);
}

void
manifest_free(struct manifest *m)
{
	free(m->text);
	free(m->generator);
	free(m->version);
	free(m->course);
	free(m->lang);
	free_pages(m->pages, m->npages);
	free_pages(m->files, m->nfiles);
	memset(m, 0, sizeof(*m));
}

static const struct manifest_page *
find(const struct manifest_page *v, size_t n, const char *path)
{
	struct manifest_page key = { .path = (char *)path };

	if (n == 0)
		return NULL;
	return bsearch(&key, v, n, sizeof(*v), cmp_page);
}

const struct manifest_page *
manifest_page(const struct manifest *m, const char *path)
{
	return find(m->pages, m->npages, path);
}

const struct manifest_page *
manifest_file(const struct manifest *m, const char *path)
{
	return find(m->files, m->nfiles, path);
}

int
manifest_next(const struct manifest_page *p, const char *kind, struct manifest_rec *r)
{
	size_t klen = strlen(kind);
	const char *at = r->at ? r->at : p->start;

	while (at < p->end) {
		const char *nl = memchr(at, '\n', (size_t)(p->end - at));
		const char *e = nl ? nl : p->end;

		r->at = nl ? nl + 1 : p->end;
		if (at != p->start && (size_t)(e - at) > klen && memcmp(at, kind, klen) == 0 &&
		    at[klen] == '\t') {
			split(r, at + klen + 1, e);
			return 1;
		}
		at = r->at;
	}
	r->at = p->end;
	return 0;
}

void
manifest_rec_free(struct manifest_rec *r)
{
	buf_free(&r->tmp);
	memset(r, 0, sizeof(*r));
}

static void
put_escaped(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\t')
			buf_puts(b, "\\t");
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s == '\\')
			buf_puts(b, "\\\\");
		else
			buf_putc(b, *s);
	}
}

void
manifest_put(struct buf *b, const char *kind, size_t n, const char *const *f)
{
	buf_puts(b, kind);
	for (size_t i = 0; i < n; i++) {
		buf_putc(b, '\t');
		put_escaped(b, f[i] ? f[i] : "");
	}
	buf_putc(b, '\n');
}

void
manifest_put_page(struct buf *b, const struct manifest_page *p)
{
	buf_add(b, p->start, (size_t)(p->end - p->start));
	buf_putc(b, '\n');
}
