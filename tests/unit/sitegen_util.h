/*
 * sitegen_util.h - what the site generator's unit tests share (the
 * programs of tests/unit/sitegen/): a course written into a temporary
 * directory, built, and its diagnostics read back.
 *
 *   d = new_diags()              a struct diags that collects, as bin/sitegen
 *                                prints them (file:line:column: message),
 *                                into a buffer emptied at each call
 *   diag_str(), diag_line()      the collected text; the same on one line
 *   dir = tmpdir()               a new directory under /tmp
 *   tmpdir_remove(dir)           removes it and all it holds, frees DIR
 *   put(dir, "a/b.md", text)     writes a course file, making directories
 *   slurp(path, &len)            a file's text (free() it), or NULL
 *   config(content, out, &d)     a site_config with the embedded assets
 *   spec_of(root, path, grading) a page's spec, as sitegen builds it
 *   spec_with(..., events, deps) the same with the course's events, and
 *                                its other dependencies recorded
 *
 * Header-only (static inline: a program uses what it needs, as with tap.h)
 * so that each test program stays one file plus this header. main() frees
 * diag_text (buf_free) before it returns.
 */
#ifndef ASSAY_SITEGEN_UTIL_H
#define ASSAY_SITEGEN_UTIL_H

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/file.h"
#include "sitegen/assets.h"
#include "sitegen/diag.h"
#include "sitegen/exercise.h"
#include "sitegen/page.h"
#include "sitegen/site.h"
#include "sitegen/text.h"
#include "tests/tap.h"

/* The diagnostics collected since the last new_diags(). */
static struct buf diag_text = BUF_INIT;

/* As bin/sitegen prints them: file:line[:column]: [warning: ]message */
static inline void
collect(void *arg, const struct diag *d)
{
	(void)arg;
	if (d->file != NULL && d->line > 0 && d->column > 0)
		buf_printf(&diag_text, "%s:%u:%u: ", d->file, d->line, d->column);
	else if (d->file != NULL && d->line > 0)
		buf_printf(&diag_text, "%s:%u: ", d->file, d->line);
	else if (d->file != NULL)
		buf_printf(&diag_text, "%s: ", d->file);
	buf_printf(&diag_text, "%s%s\n", d->level == DIAG_WARNING ? "warning: " : "",
	    d->message);
}

static inline struct diags
new_diags(void)
{
	struct diags d = { collect, NULL, 0, 0 };

	buf_reset(&diag_text);
	return d;
}

static inline const char *
diag_str(void)
{
	return diag_text.data ? diag_text.data : "";
}

/* The diagnostics on one line, for a test's description (static buffer). */
static inline const char *
diag_line(void)
{
	static char line[2048];
	size_t n = 0;

	for (const char *p = diag_str(); *p != '\0' && n + 4 < sizeof(line); p++) {
		if (*p == '\n' && p[1] != '\0') {
			memcpy(line + n, " | ", 3);
			n += 3;
		} else if (*p != '\n') {
			line[n++] = *p;
		}
	}
	line[n] = '\0';
	return line;
}

static inline int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* A new directory /tmp/assay-PROGRAM-XXXXXX (tmpdir_remove() it); exits on
 * failure. */
static inline char *
tmpdir(void)
{
	char *d = NULL;

	if (asprintf(&d, "/tmp/assay-%s-XXXXXX", program_invocation_short_name) == -1 ||
	    mkdtemp(d) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	return d;
}

/* Removes DIR (from tmpdir()) and everything under it, never following
 * links, and frees DIR. */
static inline void
tmpdir_remove(char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/*
 * Writes TEXT to DIR/REL, making directories. A new file each time, renamed
 * into place as editors and git write them: its new inode changes the
 * fingerprint incremental builds compare even when the size and the (coarse)
 * modification time are the same.
 */
static inline void
put(const char *dir, const char *rel, const char *text)
{
	char path[2 * PATH_MAX], tmp[2 * PATH_MAX + 8];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		diag("cannot write %s: %s", path, strerror(errno));
		return;
	}
	fputs(text, f);
	fclose(f);
	rename(tmp, path);
}

/* The text of PATH (malloc'd) and its length in *LEN (LEN may be NULL), or
 * NULL when it cannot be read. */
static inline char *
slurp(const char *path, size_t *len)
{
	char *data = NULL;
	size_t n = 0;

	if (file_read(path, &data, &n) == -1)
		return NULL;
	if (len != NULL)
		*len = n;
	return data;
}

/* The configuration of a build of CONTENT into OUT, with the assets
 * bin/sitegen embeds and diagnostics to D. */
static inline struct site_config
config(const char *content, const char *out, struct diags *d)
{
	struct site_config c = {
		.content = content, .out = out,
		.layout = assets_layout_html, .layout_len = assets_layout_html_len,
		.style = assets_style_css, .style_len = assets_style_css_len,
		.script = assets_assay_js, .script_len = assets_assay_js_len,
		.staff_script = assets_staff_js, .staff_script_len = assets_staff_js_len,
		.staff_style = assets_staff_css, .staff_style_len = assets_staff_css_len,
		.vendor = assets_vendor, .nvendor = assets_vendor_count,
		.generator = "test", .diags = d,
	};

	return c;
}

/* The public files the exercise of the last spec_with() grades with. */
static json_t *public_files;

/*
 * The spec of page PATH under ROOT, as exercise_spec() builds it with the
 * course's EVENTS (may be NULL); NULL when the page does not load, names no
 * tester or has mistakes (in diag_str()). The private files it grades with
 * are added to GRADING, the public ones to PUBLIC_FILES (emptied first),
 * its other dependencies to DEPS (may be NULL).
 */
static inline struct spec *
spec_with(const char *root, const char *path, json_t *grading, json_t *events,
    json_t *deps)
{
	struct diags d = new_diags();
	json_t *attachments = json_object();
	char *real = realpath(root, NULL);
	struct exercise_ctx ctx = {
		.root = root, .rootreal = real, .diags = &d, .grading = grading,
		.attachments = attachments, .events = events, .deps = deps,
	};
	struct spec *s = NULL;
	struct page p;

	if (public_files == NULL)
		public_files = json_object();
	json_object_clear(public_files);
	ctx.public = public_files;

	if (page_load(&p, root, path, &d) == 0 && p.tester != NULL)
		s = exercise_spec(&p, "Title", &ctx);
	page_free(&p);
	json_decref(attachments);
	free(real);
	return s;
}

/* spec_with() for a course without events, its dependencies unrecorded. */
static inline struct spec *
spec_of(const char *root, const char *path, json_t *grading)
{
	return spec_with(root, path, grading, NULL, NULL);
}

#endif
