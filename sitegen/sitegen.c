/*
 * sitegen - build a course site: `sitegen CONTENT OUT`.
 *
 * Reads the course in CONTENT (Markdown pages with YAML metadata, test files
 * beside them), writes the site and the exercise specs into a new build
 * directory under OUT and switches OUT/current to it (see site.h for the
 * layout). Problems are printed as `file:line: message` (warnings as
 * `file:line: warning: message`) on standard error; any error means exit
 * status 1 and OUT/current unchanged.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "assets.h"
#include "diag.h"
#include "site.h"

static void
print_diag(void *arg, const struct diag *d)
{
	(void)arg;
	if (d->file != NULL && d->line > 0)
		fprintf(stderr, "%s:%u: ", d->file, d->line);
	else if (d->file != NULL)
		fprintf(stderr, "%s: ", d->file);
	else
		fputs("sitegen: ", stderr);
	fprintf(stderr, "%s%s\n", d->level == DIAG_WARNING ? "warning: " : "", d->message);
}

static void
usage(FILE *f)
{
	fputs("usage: sitegen [-q] CONTENT OUT\n"
	    "  Builds the course in CONTENT into OUT/build-XXXXXX and points\n"
	    "  OUT/current at it. -q: print nothing on success.\n", f);
}

int
main(int argc, char **argv)
{
	struct diags diags = { print_diag, NULL, 0, 0 };
	struct site_config cfg = {
		.layout = assets_layout_html, .layout_len = assets_layout_html_len,
		.style = assets_style_css, .style_len = assets_style_css_len,
		.script = assets_assay_js, .script_len = assets_assay_js_len,
		.diags = &diags,
	};
	struct site_stats stats;
	struct timespec t0, t1;
	int quiet = 0, arg = 1;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "-q") == 0) {
		quiet = 1;
		arg++;
	}
	if (argc - arg != 2) {
		usage(stderr);
		return 2;
	}
	cfg.content = argv[arg];
	cfg.out = argv[arg + 1];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (site_build(&cfg, &stats) != 0) {
		fprintf(stderr, "sitegen: %u error%s, %s left as it was\n", diags.errors,
		    diags.errors == 1 ? "" : "s", cfg.out);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!quiet)
		printf("sitegen: %u pages, %u exercises, %u files in %.1f ms -> %s\n",
		    stats.pages, stats.exercises, stats.files,
		    (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		    stats.build);
	return 0;
}
