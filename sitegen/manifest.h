/*
 * manifest.h - what a build leaves for the next one (incremental builds).
 *
 * A build writes manifest.txt beside public/ and specs/ (never served). It
 * is text, one record a line, fields separated by tabs; a field's tab,
 * newline and backslash are written \t, \n and \\:
 *   assay-manifest 1
 *   generator GEN | version V | course TITLE | lang LANG    (header)
 *   page PATH FP TITLE      a page, its fingerprint and title; the records
 *                           up to the next page or file line are its own:
 *     dep PATH FP           a file it was built from (include, test file)
 *     dir DIR FP            a directory listing an exercise's globs read
 *     link TARGET FILL LINE COLUMN HREF TITLE
 *                           a link to a page (FILL 1: an {.ex} link filled
 *                           with TITLE)
 *     grading PATH | public PATH    a file its exercise grades with privately,
 *                           publicly (exercise.h)
 *     attach PATH FILE LINE
 *     include PATH LINE COLUMN   a file it shows (include, diffs), where
 *     linkfile PATH LINE COLUMN  a file (not a page) it links to, where
 *     warn LINE COLUMN MESSAGE
 *     output PATH           relative to the build ("public/a.html")
 *   file PATH FP            a static file published
 * It is read without building any structure per record: the next build
 * finds a page by its path, compares a few fields, and copies the lines of
 * a page it reuses as they are. That keeps a one-page rebuild of a large
 * course well under the time a full JSON parse and dump would take.
 */
#ifndef SITEGEN_MANIFEST_H
#define SITEGEN_MANIFEST_H

#include <stddef.h>

#include "sandbox/util/buf.h"

#define MANIFEST_MAX_FIELDS 8

struct manifest_page {
	char *path;
	char *fp;
	char *title;
	const char *start, *end;	/* its lines, the page line included */
};

struct manifest {
	char *text;
	size_t len;
	char *generator, *version, *course, *lang;	/* NULL when absent */
	struct manifest_page *pages;	/* sorted by path */
	size_t npages;
	struct manifest_page *files;	/* static files (no title), sorted */
	size_t nfiles;
};

/* One record of a page, its fields unescaped (valid until the next call). */
struct manifest_rec {
	const char *at;		/* where the next search starts */
	size_t nf;
	const char *f[MANIFEST_MAX_FIELDS];
	struct buf tmp;
};

/*
 * Reads the manifest at PATH into M. Returns 0, or -1 when there is none or
 * it is not one (M is then empty; manifest_free is harmless).
 */
int manifest_load(const char *path, struct manifest *m);

void manifest_free(struct manifest *m);

/* The page or static file PATH, or NULL. */
const struct manifest_page *manifest_page(const struct manifest *m, const char *path);
const struct manifest_page *manifest_file(const struct manifest *m, const char *path);

/*
 * The next record of kind KIND ("dep", "link"...) of page P into R (zero R
 * before the first call; manifest_rec_free it after the last). Returns 1,
 * or 0 when there are no more.
 */
int manifest_next(const struct manifest_page *p, const char *kind, struct manifest_rec *r);

void manifest_rec_free(struct manifest_rec *r);

/* Appends the record KIND F[0] ... F[N-1] to B, escaped. */
void manifest_put(struct buf *b, const char *kind, size_t n, const char *const *f);

/* Appends page P's lines as they were. */
void manifest_put_page(struct buf *b, const struct manifest_page *p);

#endif
