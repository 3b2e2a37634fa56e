/*
 * site.h - build a whole course into a fresh directory and publish it.
 *
 * Output layout, under the output directory OUT:
 *   OUT/current            symbolic link to the build being served
 *   OUT/build-XXXXXX/      one build (mkdtemp's unique suffix)
 *     public/              the static site nginx serves:
 *       a/b.html             one page per a/b.md (index.md -> index.html)
 *       assets/style.css     the one stylesheet
 *       assets/assay.js      the one script
 *       assets/staff.{js,css} the staff pages' script and stylesheet
 *       staff/index.html ... the staff pages' shells (staff.h)
 *       assets/vendor/...    KaTeX, highlight.js, the editor (vendored)
 *       a/img.png ...        published static files (see below)
 *     specs/               never served: one spec per exercise, specs/ID.json
 *     manifest.txt         never served: what the next build may reuse (manifest.h)
 *   OUT/.lock              flock'ed while a build runs, so that two builds
 *                          never remove each other's directories
 *
 * A build is written entirely into a new build-XXXXXX, then published by
 * pointing a temporary symbolic link at it and rename(2)-ing that over
 * OUT/current: readers see the old site or the new one, never a mix. A build
 * with any error is deleted and OUT/current is left as it was. After a
 * switch the build that was current until then is kept (a request in flight
 * may still be reading it; the next build deletes it) and every other
 * build-* is deleted, including those of crashed runs.
 *
 * What is published besides pages: files with an extension on an allow list
 * of images and documents (png jpg jpeg gif svg webp ico pdf), and the
 * attachments exercises name explicitly. Never a file an exercise uses for
 * grading (tests, files), whatever its extension; never hidden files (.git);
 * never what a symbolic link points to (links are skipped with a warning).
 * So test data (.in .out .txt), solutions and sources (.c .py) stay out of
 * public/ unless an author lists them as attachments.
 *
 * The course's events file (CONTENT/events.cfg, events.h) is read at every
 * build: a mistake in it fails the build, and exercises get the events
 * their `valid` uses from it. It is not published.
 */
#ifndef SITEGEN_SITE_H
#define SITEGEN_SITE_H

#include <stddef.h>

#include "sitegen/assets.h"
#include "sitegen/diag.h"

struct site_config {
	const char *content;	/* the course directory */
	const char *out;	/* the output directory (created if missing) */
	const char *layout;	/* the page template (layout.h), layout_len bytes */
	size_t layout_len;
	const char *style;	/* written as public/assets/style.css */
	size_t style_len;
	const char *script;	/* written as public/assets/assay.js */
	size_t script_len;
	const char *staff_script;	/* public/assets/staff.js; NULL: no staff
					   pages (staff.h) are written */
	size_t staff_script_len;
	const char *staff_style;	/* public/assets/staff.css */
	size_t staff_style_len;
	struct diags *diags;	/* where errors and warnings go */
	const struct assets_file *vendor;	/* written under public/assets/vendor/ */
	size_t nvendor;
	const char *generator;	/* identifies the program: an incremental build
				   reuses nothing built by another one */
	int full;		/* build every page, reuse nothing */
};

struct site_stats {
	unsigned pages;		/* HTML pages written (or linked) */
	unsigned rendered;	/* ... of which built from their sources */
	unsigned reused;	/* pages whose outputs were linked from the last build */
	unsigned exercises;	/* specs written */
	unsigned files;		/* static files and attachments copied */
	char build[4096];	/* the published build directory */
};

/*
 * Incremental: a page whose sources (the page, the files it includes, the
 * files an exercise grades with and their directories' listings, the
 * events file when its `valid` uses an event) did not
 * change since the current build, and whose {.ex} links keep their titles,
 * is not read again: its outputs are hard links to the current build's.
 * Changes to the program (generator), the layout or the assets, or the
 * course's title and language rebuild everything.
 *
 * Builds CFG->content into a new build directory under CFG->out and
 * publishes it. Returns 0 when the new build is current. Returns -1 when
 * anything went wrong, every problem having been reported to CFG->diags;
 * OUT/current is then unchanged.
 */
int site_build(const struct site_config *cfg, struct site_stats *stats);

#endif
