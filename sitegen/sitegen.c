/*
 * sitegen - build a course site: `sitegen [-q] [--full] [--watch] CONTENT OUT`.
 *
 * Reads the course in CONTENT (Markdown pages with YAML metadata, test files
 * beside them), writes the site and the exercise specs into a new build
 * directory under OUT and switches OUT/current to it (see site.h for the
 * layout). Problems are printed as `file:line:column: message` (warnings as
 * `file:line:column: warning: message`) on standard error; any error means
 * exit status 1 and OUT/current unchanged.
 *
 * Builds are incremental (site.h): pages whose sources did not change are
 * linked from the current build. --full rebuilds every page. --watch builds,
 * then watches CONTENT with inotify and builds again, a moment after the
 * last change (so that an editor's save, or a git checkout, is one build),
 * until interrupted.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sitegen/assets.h"
#include "sitegen/diag.h"
#include "sitegen/site.h"

/* After a change, wait until nothing changed for this long, then build. */
#define WATCH_QUIET_MS 150

static void
print_diag(void *arg, const struct diag *d)
{
	(void)arg;
	if (d->file != NULL && d->line > 0 && d->column > 0)
		fprintf(stderr, "%s:%u:%u: ", d->file, d->line, d->column);
	else if (d->file != NULL && d->line > 0)
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
	fputs("usage: sitegen [-q] [--full] [--watch] CONTENT OUT\n"
	    "  Builds the course in CONTENT into OUT/build-XXXXXX and points\n"
	    "  OUT/current at it, reusing the pages of the current build whose\n"
	    "  sources did not change.\n"
	    "  -q: print nothing on success. --full: build every page again.\n"
	    "  --watch: build again whenever CONTENT changes (Ctrl-C stops).\n", f);
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int
build(struct site_config *cfg, int quiet)
{
	struct site_stats stats;
	struct timespec t0;

	cfg->diags->errors = 0;
	cfg->diags->warnings = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (site_build(cfg, &stats) != 0) {
		fprintf(stderr, "sitegen: %u error%s, %s left as it was\n", cfg->diags->errors,
		    cfg->diags->errors == 1 ? "" : "s", cfg->out);
		return 1;
	}
	if (!quiet)
		printf("sitegen: %u pages (%u built, %u unchanged), %u exercises, %u files "
		    "in %.1f ms -> %s\n", stats.pages, stats.rendered, stats.reused,
		    stats.exercises, stats.files, ms_since(&t0), stats.build);
	fflush(stdout);
	return 0;
}

/* Watches DIR and every directory under it but hidden ones and SKIP. */
static void
watch_tree(int fd, const char *dir, const char *skip)
{
	struct dirent *de;
	char *real = realpath(dir, NULL);
	DIR *d;

	if (real == NULL || (skip != NULL && strcmp(real, skip) == 0)) {
		free(real);
		return;
	}
	free(real);
	if (inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_CREATE | IN_DELETE |
	    IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_ONLYDIR) == -1 ||
	    (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			watch_tree(fd, path, skip);
	}
	closedir(d);
}

/* Does the batch of events in BUF (N bytes) name a file that matters? */
static int
relevant(const char *buf, ssize_t n)
{
	for (const char *p = buf; p < buf + n;) {
		const struct inotify_event *ev = (const struct inotify_event *)p;
		size_t len = ev->len ? strlen(ev->name) : 0;

		p += sizeof(*ev) + ev->len;
		if (ev->mask & IN_Q_OVERFLOW)
			return 1;
		if (len == 0 || ev->name[0] == '.' || ev->name[len - 1] == '~' ||
		    (len > 4 && strcmp(ev->name + len - 4, ".swp") == 0))
			continue;	/* editors' temporary files */
		return 1;
	}
	return 0;
}

static int
watch(struct site_config *cfg, int quiet)
{
	char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
	char *skip = realpath(cfg->out, NULL);
	int fd = inotify_init1(IN_CLOEXEC);

	if (fd == -1) {
		perror("sitegen: inotify");
		free(skip);
		return 1;
	}
	watch_tree(fd, cfg->content, skip);
	build(cfg, quiet);
	if (skip == NULL)
		skip = realpath(cfg->out, NULL);
	fprintf(stderr, "sitegen: watching %s (Ctrl-C stops)\n", cfg->content);
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t n = read(fd, buf, sizeof(buf));
		int changed;

		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			perror("sitegen: inotify");
			break;
		}
		changed = relevant(buf, n);
		/* Wait for the changes to settle. */
		while (poll(&pfd, 1, WATCH_QUIET_MS) > 0) {
			if ((n = read(fd, buf, sizeof(buf))) <= 0)
				break;
			changed |= relevant(buf, n);
		}
		if (!changed)
			continue;
		watch_tree(fd, cfg->content, skip);	/* new directories */
		build(cfg, quiet);
	}
	close(fd);
	free(skip);
	return 1;
}

int
main(int argc, char **argv)
{
	struct diags diags = { print_diag, NULL, 0, 0 };
	struct site_config cfg = {
		.layout = assets_layout_html, .layout_len = assets_layout_html_len,
		.style = assets_style_css, .style_len = assets_style_css_len,
		.script = assets_assay_js, .script_len = assets_assay_js_len,
		.staff_script = assets_staff_js, .staff_script_len = assets_staff_js_len,
		.staff_style = assets_staff_css, .staff_style_len = assets_staff_css_len,
		.vendor = assets_vendor, .nvendor = assets_vendor_count,
		.diags = &diags,
	};
	char generator[128] = "";
	struct stat st;
	int quiet = 0, watching = 0, arg = 1;

	for (; arg < argc && argv[arg][0] == '-'; arg++) {
		if (strcmp(argv[arg], "-h") == 0 || strcmp(argv[arg], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[arg], "-q") == 0) {
			quiet = 1;
		} else if (strcmp(argv[arg], "--full") == 0) {
			cfg.full = 1;
		} else if (strcmp(argv[arg], "--watch") == 0) {
			watching = 1;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (argc - arg != 2) {
		usage(stderr);
		return 2;
	}
	/* Another build of this program may render pages differently. */
	if (stat("/proc/self/exe", &st) == 0)
		snprintf(generator, sizeof(generator), "sitegen %llx.%llx.%lx.%llx",
		    (unsigned long long)st.st_size, (unsigned long long)st.st_mtim.tv_sec,
		    (unsigned long)st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
	cfg.generator = generator;
	cfg.content = argv[arg];
	cfg.out = argv[arg + 1];
	return watching ? watch(&cfg, quiet) : build(&cfg, quiet);
}
