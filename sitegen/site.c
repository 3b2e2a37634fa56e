/*
 * site.c - walk the course, build it, publish it; see site.h.
 *
 * Theory of operation. The walk lists every page (*.md) and every other
 * file, sorted, skipping hidden entries and symbolic links. Pages are then
 * built in one pass: read, metadata, Markdown rendered, and for an exercise
 * the spec written and the form appended; the page's HTML is written at once
 * unless it has {.ex} links, whose text is the title of another page. Those
 * few pages wait for a second pass, when every title is known. The root
 * index.md is built first: its title is the course name in every page's
 * header. Static files come last, when the set of files exercises use for
 * grading is complete, so none of them can be published. Every output file
 * is created once (O_EXCL) in a fresh directory and written with one write;
 * nothing is ever rewritten, which is what keeps a large build fast.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exercise.h"
#include "layout.h"
#include "page.h"
#include "render.h"
#include "site.h"
#include "spec.h"
#include "text.h"

struct strv {
	char **v;
	size_t n, cap;
};

/* One page of the build. */
struct spage {
	struct page page;
	int loaded;		/* page_load succeeded */
	char *title;
	struct render_result r;
	int deferred;		/* has {.ex} links to fill: written in pass 2 */
};

struct site {
	const struct site_config *cfg;
	struct diags *d;
	unsigned errors0;	/* errors reported before this build */
	struct site_stats *stats;
	char *rootreal;
	char *build;		/* OUT/build-XXXXXX */
	struct strv pages, files;
	struct spage *sp;
	json_t *index;		/* page path -> its index in sp */
	json_t *grading;	/* files exercises grade with (exercise.h) */
	json_t *attachments;
	struct layout layout;
	struct buf out;		/* a page being assembled, reused */
	const char *course;
	const char *lang;
	char version[17];
	char *lastdir;		/* the last output directory made */
};

static const char *const published_ext[] = {
	"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "pdf", NULL
};

static int
strv_add(struct strv *s, char *str)
{
	if (str == NULL)
		return -1;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		char **v = realloc(s->v, cap * sizeof(*v));

		if (v == NULL) {
			free(str);
			return -1;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = str;
	return 0;
}

static void
strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static char *
path_join(const char *a, const char *b)
{
	char *p;

	if (asprintf(&p, "%s%s%s", a, (*a && a[strlen(a) - 1] != '/') ? "/" : "", b) < 0)
		return NULL;
	return p;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
published_extension(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot == NULL || (slash != NULL && dot < slash))
		return 0;
	for (const char *const *e = published_ext; *e != NULL; e++)
		if (strcasecmp(dot + 1, *e) == 0)
			return 1;
	return 0;
}

static void
oom(struct site *s)
{
	diag_error(s->d, NULL, 0, "out of memory");
}

/* --- The walk ----------------------------------------------------------- */

struct dent {
	char *name;
	unsigned char type;
};

static int
cmp_dent(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name, ((const struct dent *)b)->name);
}

/* Lists directory REL (relative to the content root; "" for the root). */
static int
walk(struct site *s, const char *rel)
{
	char *dirpath = path_join(s->cfg->content, rel);
	struct dent *ents = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *dir = NULL;
	int rc = -1;

	if (dirpath == NULL) {
		oom(s);
		return -1;
	}
	if ((dir = opendir(dirpath)) == NULL) {
		diag_error(s->d, dirpath, 0, "%s", strerror(errno));
		goto out;
	}
	while ((errno = 0, de = readdir(dir)) != NULL) {
		unsigned char type = de->d_type;

		if (de->d_name[0] == '.')
			continue;	/* ., .., .git, editor files */
		if (type == DT_UNKNOWN) {
			struct stat st;

			if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG :
			    S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
		}
		if (n == cap) {
			struct dent *e = realloc(ents, (cap = cap ? 2 * cap : 32) * sizeof(*e));

			if (e == NULL)
				goto nomem;
			ents = e;
		}
		if ((ents[n].name = strdup(de->d_name)) == NULL)
			goto nomem;
		ents[n++].type = type;
	}
	if (errno != 0) {
		diag_error(s->d, dirpath, 0, "%s", strerror(errno));
		goto out;
	}
	qsort(ents, n, sizeof(*ents), cmp_dent);
	rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *child = *rel ? path_join(rel, ents[i].name) : strdup(ents[i].name);

		if (child == NULL)
			goto nomem;
		switch (ents[i].type) {
		case DT_DIR:
			rc = walk(s, child);
			free(child);
			break;
		case DT_REG:
			rc = strv_add(has_suffix(child, ".md") ? &s->pages : &s->files, child);
			if (rc)
				goto nomem;
			break;
		case DT_LNK: {
			char *shown = path_join(s->cfg->content, child);

			diag_warning(s->d, shown ? shown : child, 0,
			    "symbolic link skipped (not published, not read)");
			free(shown);
			free(child);
			break;
		}
		default:
			free(child);
			break;
		}
	}
	goto out;
nomem:
	oom(s);
	rc = -1;
out:
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
	if (dir != NULL)
		closedir(dir);
	free(dirpath);
	return rc;
}

/* --- Output files -------------------------------------------------------- */

/* mkdir -p of absolute or relative directory PATH. */
static int
make_dirs(char *path)
{
	char *slash;
	int rc;

	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || (slash = strrchr(path, '/')) == NULL || slash == path)
		return -1;
	*slash = '\0';
	rc = make_dirs(path);
	*slash = '/';
	if (rc == 0 && mkdir(path, 0755) == -1 && errno != EEXIST)
		rc = -1;
	return rc;
}

/* Makes the directory of output file PATH, remembering the last one made. */
static int
make_parent(struct site *s, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;
	char *dir;

	if (len == 0 || (s->lastdir != NULL && strlen(s->lastdir) == len &&
	    memcmp(s->lastdir, path, len) == 0))
		return 0;
	if ((dir = strndup(path, len)) == NULL)
		return -1;
	if (make_dirs(dir)) {
		free(dir);
		return -1;
	}
	free(s->lastdir);
	s->lastdir = dir;
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Creates output file REL (relative to the build) holding DATA. */
static int
write_output(struct site *s, const char *rel, const char *data, size_t len)
{
	char *path = path_join(s->build, rel);
	int fd = -1, rc = -1;

	if (path == NULL) {
		oom(s);
		return -1;
	}
	if (make_parent(s, path) ||
	    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) == -1 ||
	    write_all(fd, data, len)) {
		diag_error(s->d, path, 0, "%s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd != -1 && close(fd) == -1 && rc == 0) {
		diag_error(s->d, path, 0, "%s", strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

/* Copies content file REL to public/REL. */
static int
copy_static(struct site *s, const char *rel)
{
	char *src = path_join(s->cfg->content, rel), *dst = NULL;
	int in = -1, out = -1, rc = -1;
	struct stat st;

	if (src == NULL || asprintf(&dst, "%s/public/%s", s->build, rel) < 0) {
		dst = NULL;
		oom(s);
		goto done;
	}
	if ((in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fstat(in, &st) == -1) {
		diag_error(s->d, src, 0, "%s", strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(s->d, src, 0, "not a regular file");
		goto done;
	}
	if (make_parent(s, dst) ||
	    (out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) == -1) {
		diag_error(s->d, dst, 0, "%s", strerror(errno));
		goto done;
	}
	for (off_t left = st.st_size; left > 0;) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);

		if (n == -1 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
		    errno == EOPNOTSUPP)) {
			char b[65536];

			while ((n = read(in, b, sizeof(b))) > 0)
				if (write_all(out, b, (size_t)n))
					break;
			if (n != 0) {
				diag_error(s->d, dst, 0, "%s", strerror(errno));
				goto done;
			}
			break;
		}
		if (n <= 0) {
			diag_error(s->d, dst, 0, "%s", n == 0 ? "file shrank while copied" :
			    strerror(errno));
			goto done;
		}
		left -= n;
	}
	s->stats->files++;
	rc = 0;
done:
	if (out != -1 && close(out) == -1 && rc == 0) {
		diag_error(s->d, dst, 0, "%s", strerror(errno));
		rc = -1;
	}
	if (in != -1)
		close(in);
	free(src);
	free(dst);
	return rc;
}

/* --- Pages ---------------------------------------------------------------- */

/* Writes the page body, with the {.ex} links filled with their titles. */
static void
put_body(struct buf *out, void *arg)
{
	const struct site *s = ((void **)arg)[0];
	const struct spage *sp = ((void **)arg)[1];
	const struct render_result *r = &sp->r;
	size_t at = 0;

	for (size_t i = 0; i < r->nlinks; i++) {
		const struct render_link *l = &r->links[i];
		json_t *idx;

		if (!l->fill)
			continue;
		buf_add(out, r->html.data + at, l->offset - at);
		at = l->offset;
		idx = json_object_get(s->index, l->target);
		if (idx != NULL && s->sp[json_integer_value(idx)].title != NULL)
			buf_html_str(out, s->sp[json_integer_value(idx)].title);
	}
	buf_add(out, r->html.data + at, r->html.len - at);
}

static int
write_page(struct site *s, struct spage *sp)
{
	const char *path = sp->page.path;
	struct buf root = BUF_INIT, out = BUF_INIT;
	void *arg[2] = { s, sp };
	struct layout_page lp;
	int rc;

	for (const char *p = path; (p = strchr(p, '/')) != NULL; p++)
		buf_puts(&root, "../");
	buf_puts(&out, "public/");
	buf_add(&out, path, strlen(path) - 3);
	buf_puts(&out, ".html");
	lp.title = sp->title;
	lp.course = s->course ? s->course : sp->title;
	lp.lang = sp->page.lang ? sp->page.lang : s->lang ? s->lang : "en";
	lp.root = root.data ? root.data : "";
	lp.version = s->version;
	lp.body = put_body;
	lp.arg = arg;
	buf_reset(&s->out);
	layout_render(&s->layout, &lp, &s->out);
	if (root.oom || out.oom || s->out.oom) {
		oom(s);
		rc = -1;
	} else {
		rc = write_output(s, out.data, s->out.data, s->out.len);
	}
	if (rc == 0)
		s->stats->pages++;
	buf_free(&root);
	buf_free(&out);
	return rc;
}

/* The line of the page where HREF is written (1 when not found). */
static unsigned
href_line(const struct page *p, const char *href)
{
	const char *at = strstr(p->meta.body, href);

	return at ? text_line_of(p->meta.body, (size_t)(at - p->meta.body)) : 1;
}

static void
write_spec(struct site *s, struct spage *sp, const struct spec *spec)
{
	char err[512], *dir = path_join(s->build, "specs"), *path = NULL;

	if (dir == NULL || (path = spec_path(dir, spec->id)) == NULL)
		oom(s);
	else if (spec_save(spec, path, err, sizeof(err)))
		diag_error(s->d, sp->page.file, 1, "cannot write the spec: %s", err);
	else
		s->stats->exercises++;
	free(dir);
	free(path);
}

/* Pass 1 for page I: everything but the {.ex} links' titles. */
static void
build_page(struct site *s, size_t i)
{
	struct spage *sp = &s->sp[i];
	struct page *p = &sp->page;
	const char *slash;

	if (page_load(p, s->cfg->content, s->pages.v[i], s->d))
		return;
	sp->loaded = 1;
	if (render_markdown(p->meta.body, p->meta.body_len, p->path, &sp->r)) {
		diag_error(s->d, p->file, 1, "cannot render the page (out of memory)");
		return;
	}
	slash = strrchr(p->id, '/');
	sp->title = strdup(p->title ? p->title : sp->r.heading ? sp->r.heading :
	    slash ? slash + 1 : p->id);
	if (sp->title == NULL) {
		oom(s);
		return;
	}
	for (size_t k = 0; k < sp->r.nlinks; k++) {
		const struct render_link *l = &sp->r.links[k];

		if (json_object_get(s->index, l->target) != NULL)
			sp->deferred |= l->fill;
		else
			diag_report(s->d, l->fill ? DIAG_ERROR : DIAG_WARNING, p->file,
			    href_line(p, l->href), 0, "link to a page that does not exist: %s",
			    l->href);
	}
	if (p->tester != NULL) {
		struct exercise_ctx ctx = {
			.root = s->cfg->content, .rootreal = s->rootreal,
			.diags = s->d, .grading = s->grading, .attachments = s->attachments,
		};
		struct spec *spec = exercise_spec(p, sp->title, &ctx);

		if (spec == NULL)
			return;
		write_spec(s, sp, spec);
		render_exercise(&sp->r.html, spec);
		spec_free(spec);
		if (sp->r.html.oom) {
			oom(s);
			return;
		}
	}
	if (!sp->deferred && s->d->errors == s->errors0) {
		write_page(s, sp);
		render_result_free(&sp->r);
	}
}

/* --- Static files ---------------------------------------------------------- */

static void
publish_files(struct site *s)
{
	const char *rel;
	json_t *v;

	for (size_t i = 0; i < s->files.n; i++) {
		rel = s->files.v[i];
		if (published_extension(rel) && json_object_get(s->grading, rel) == NULL &&
		    json_object_get(s->attachments, rel) == NULL)
			copy_static(s, rel);
	}
	json_object_foreach(s->attachments, rel, v) {
		if (json_object_get(s->grading, rel) != NULL)
			diag_error(s->d, json_string_value(json_object_get(v, "file")),
			    (unsigned)json_integer_value(json_object_get(v, "line")),
			    "attachments: %s is used for grading and cannot be published", rel);
		else
			copy_static(s, rel);
	}
}

/* --- Publishing --------------------------------------------------------- */

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == -1 && errno != ENOENT ? -1 : 0;
}

static int
rm_tree(const char *path)
{
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Points OUT/current at the new build. *PREVIOUS: what it pointed at. */
static int
switch_current(struct site *s, char **previous)
{
	const char *out = s->cfg->out, *name = strrchr(s->build, '/') + 1;
	char *current = path_join(out, "current"), *tmp = NULL, old[PATH_MAX];
	ssize_t n;
	int rc = -1;

	*previous = NULL;
	if (current == NULL || asprintf(&tmp, "%s/.current-%ld", out, (long)getpid()) < 0) {
		tmp = NULL;
		oom(s);
		goto out;
	}
	if ((n = readlink(current, old, sizeof(old) - 1)) > 0) {
		old[n] = '\0';
		*previous = strdup(old);
	}
	unlink(tmp);
	if (symlink(name, tmp) == -1) {
		diag_error(s->d, tmp, 0, "%s", strerror(errno));
		goto out;
	}
	if (rename(tmp, current) == -1) {
		diag_error(s->d, current, 0, "cannot replace: %s", strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(current);
	free(tmp);
	return rc;
}

/* Deletes every build but the new one and PREVIOUS, and stale links. */
static void
remove_old_builds(struct site *s, const char *previous)
{
	const char *name = strrchr(s->build, '/') + 1;
	struct dirent *de;
	DIR *dir = opendir(s->cfg->out);

	if (dir == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		char *path;

		if (strncmp(de->d_name, "build-", 6) != 0 || strcmp(de->d_name, name) == 0 ||
		    (previous != NULL && strcmp(de->d_name, previous) == 0))
			continue;
		if ((path = path_join(s->cfg->out, de->d_name)) == NULL)
			continue;
		if (rm_tree(path))
			diag_warning(s->d, path, 0, "cannot remove an old build: %s",
			    strerror(errno));
		free(path);
	}
	closedir(dir);
}

/* --- The build ------------------------------------------------------------ */

static void
asset_version(struct site *s)
{
	const struct site_config *c = s->cfg;
	const char *parts[3] = { c->layout, c->style, c->script };
	size_t lens[3] = { c->layout_len, c->style_len, c->script_len };
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < lens[k]; i++)
			h = (h ^ (unsigned char)parts[k][i]) * 0x100000001b3ULL;
	snprintf(s->version, sizeof(s->version), "%016llx", (unsigned long long)h);
}

/* Checks the directories and makes the new build's; takes the lock. */
static int
prepare(struct site *s, int *lockfd)
{
	const struct site_config *c = s->cfg;
	char *current = NULL, *lock = NULL, *tmpl = NULL, *out = NULL;
	struct stat st;
	int rc = -1;

	if (stat(c->content, &st) == -1) {
		diag_error(s->d, c->content, 0, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(s->d, c->content, 0, "not a directory");
		return -1;
	}
	if ((s->rootreal = realpath(c->content, NULL)) == NULL) {
		diag_error(s->d, c->content, 0, "%s", strerror(errno));
		return -1;
	}
	if ((out = strdup(c->out)) == NULL ||
	    (current = path_join(c->out, "current")) == NULL ||
	    (lock = path_join(c->out, ".lock")) == NULL ||
	    (tmpl = path_join(c->out, "build-XXXXXX")) == NULL) {
		oom(s);
		goto out;
	}
	if (make_dirs(out)) {
		diag_error(s->d, c->out, 0, "%s", strerror(errno));
		goto out;
	}
	if (lstat(current, &st) == 0 && !S_ISLNK(st.st_mode)) {
		diag_error(s->d, current, 0, "exists and is not a symbolic link: "
		    "move it away, sitegen manages it");
		goto out;
	}
	if ((*lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1 ||
	    flock(*lockfd, LOCK_EX) == -1) {
		diag_error(s->d, lock, 0, "%s", strerror(errno));
		goto out;
	}
	if (mkdtemp(tmpl) == NULL || chmod(tmpl, 0755) == -1) {
		diag_error(s->d, tmpl, 0, "%s", strerror(errno));
		goto out;
	}
	s->build = tmpl;
	tmpl = NULL;
	rc = 0;
out:
	free(out);
	free(current);
	free(lock);
	free(tmpl);
	return rc;
}

int
site_build(const struct site_config *cfg, struct site_stats *stats)
{
	struct site s = { .cfg = cfg, .d = cfg->diags, .stats = stats,
		.errors0 = cfg->diags->errors };
	unsigned errors0 = s.errors0;
	char err[256], *previous = NULL;
	int lockfd = -1, rc = -1;
	size_t first;

	memset(stats, 0, sizeof(*stats));
	s.index = json_object();
	s.grading = json_object();
	s.attachments = json_object();
	if (s.index == NULL || s.grading == NULL || s.attachments == NULL) {
		oom(&s);
		goto out;
	}
	if (layout_parse(&s.layout, cfg->layout, cfg->layout_len, err, sizeof(err))) {
		diag_error(s.d, NULL, 0, "%s", err);
		goto out;
	}
	asset_version(&s);
	if (prepare(&s, &lockfd) || walk(&s, ""))
		goto out;
	if ((s.sp = calloc(s.pages.n + 1, sizeof(*s.sp))) == NULL) {
		oom(&s);
		goto out;
	}
	for (size_t i = 0; i < s.pages.n; i++) {
		if (json_object_set_new(s.index, s.pages.v[i], json_integer((json_int_t)i))) {
			oom(&s);
			goto out;
		}
	}
	if (write_output(&s, "public/assets/style.css", cfg->style, cfg->style_len) ||
	    write_output(&s, "public/assets/assay.js", cfg->script, cfg->script_len))
		goto out;

	/* Pass 1, the root index first: its title names the course. */
	first = s.pages.n;
	for (size_t i = 0; i < s.pages.n; i++)
		if (strcmp(s.pages.v[i], "index.md") == 0)
			first = i;
	if (first < s.pages.n) {
		build_page(&s, first);
		s.course = s.sp[first].title;
		s.lang = s.sp[first].page.lang;
	}
	for (size_t i = 0; i < s.pages.n; i++)
		if (i != first)
			build_page(&s, i);
	/* Pass 2: the pages that link to others with {.ex}. */
	for (size_t i = 0; i < s.pages.n && cfg->diags->errors == errors0; i++)
		if (s.sp[i].deferred)
			write_page(&s, &s.sp[i]);
	if (cfg->diags->errors != errors0)
		goto out;
	publish_files(&s);
	if (cfg->diags->errors != errors0)
		goto out;
	if (switch_current(&s, &previous))
		goto out;
	snprintf(stats->build, sizeof(stats->build), "%s", s.build);
	remove_old_builds(&s, previous);
	rc = 0;
out:
	if (rc != 0 && s.build != NULL && rm_tree(s.build))
		diag_warning(s.d, s.build, 0, "cannot remove the failed build: %s",
		    strerror(errno));
	if (lockfd != -1)
		close(lockfd);
	for (size_t i = 0; s.sp != NULL && i < s.pages.n; i++) {
		page_free(&s.sp[i].page);
		render_result_free(&s.sp[i].r);
		free(s.sp[i].title);
	}
	free(s.sp);
	free(previous);
	free(s.rootreal);
	free(s.build);
	free(s.lastdir);
	strv_free(&s.pages);
	strv_free(&s.files);
	json_decref(s.index);
	json_decref(s.grading);
	json_decref(s.attachments);
	layout_free(&s.layout);
	buf_free(&s.out);
	return rc;
}
