/*
 * site.c - walk the course, build it, publish it; see site.h.
 *
 * Theory of operation. The walk lists every page (*.md) and every other
 * file, sorted, skipping hidden entries and symbolic links, with each file's
 * fingerprint (size, modification time, inode). Pages are then built in one
 * pass: read, metadata, Markdown rendered, and for an exercise the spec
 * written and the form appended; the page's HTML is written at once unless
 * it has {.ex} links, whose text is the title of another page. Those few
 * pages wait for a second pass, when every title is known. The root
 * index.md is built first: its title is the course name in every page's
 * header. Static files come last, when the set of files exercises use for
 * grading is complete, so none of them can be published. Every output file
 * is created once (O_EXCL) in a fresh directory and written with one write;
 * nothing is ever rewritten, which is what keeps a large build fast.
 *
 * Incremental builds. Each build leaves a manifest (build-X/manifest.txt,
 * beside public/ and specs/, never served; manifest.h): for every page its sources'
 * fingerprints (the page, the files it includes; for an exercise the files
 * it grades with and the listings of their directories), its title, links,
 * outputs and warnings. The next build reads the manifest of the build that
 * is current: a page whose sources are unchanged, and whose {.ex} links
 * would be filled with the same titles, is not read at all; its outputs are
 * hard links to the previous build's (which is never written again, so the
 * two builds share the files safely) and its warnings are reported again.
 * Anything global (the program, the layout and assets, the course title and
 * language) that changed makes every page be built again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/format/spec.h"
#include "sandbox/util/buf.h"
#include "sitegen/events.h"
#include "sitegen/exam.h"
#include "sitegen/exercise.h"
#include "sitegen/html.h"
#include "sitegen/layout.h"
#include "sitegen/manifest.h"
#include "sitegen/page.h"
#include "sitegen/render.h"
#include "sitegen/site.h"
#include "sitegen/staff.h"
#include "sitegen/text.h"

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
	int reuse;		/* unchanged: its outputs are linked in pass 2 */
	const struct manifest_page *old;	/* in the previous manifest, or NULL */
	json_t *grading;	/* private files it grades with (exercise.h) */
	json_t *public;		/* public files it grades with */
	json_t *attachments;
	json_t *deps;		/* other files its spec depends on (events.cfg) */
	int exam;		/* an exam's index page: wrote specs/ID.exam.json */
	struct buf warnings;	/* its warnings, as manifest records */
};

struct site {
	const struct site_config *cfg;
	struct diags *d;
	unsigned errors0;	/* errors reported before this build */
	struct site_stats *stats;
	char *rootreal;
	char *build;		/* OUT/build-XXXXXX */
	char *prev;		/* the current build's directory, or NULL */
	int prevfd;		/* it, opened; -1 */
	int buildfd;		/* the new build's directory, opened */
	struct manifest old;	/* the current build's manifest ... */
	int have_old;		/* ... when it can be reused */
	struct buf files_out;	/* this build's manifest records of static files */
	struct strv pages, files;
	json_t *fps;		/* content file -> its fingerprint */
	json_t *dirfps;		/* content directory -> fingerprint of its files */
	struct spage *sp;
	struct spage *cur;	/* the page whose diagnostics are being recorded */
	json_t *index;		/* page path -> its index in sp */
	json_t *grading;	/* private files exercises grade with (exercise.h) */
	json_t *attachments;
	json_t *linked;		/* files pages link to: published (check_includes) */
	json_t *events;		/* the course's events (events.h), or NULL */
	int events_failed;	/* ... whose file has a mistake */
	struct layout layout;
	struct buf out;		/* a page being assembled, reused */
	const char *course;
	const char *lang;
	char version[17];
	char *lastdir;		/* the last output directory made */
	struct diags rec;	/* records the current page's warnings, then passes on */
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

/* --- Fingerprints ------------------------------------------------------- */

static uint64_t
fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	return h;
}

#define FNV0 0xcbf29ce484222325ULL

static void
fingerprint(const struct stat *st, char *out, size_t n)
{
	snprintf(out, n, "%llx.%llx.%lx.%llx", (unsigned long long)st->st_size,
	    (unsigned long long)st->st_mtim.tv_sec, (unsigned long)st->st_mtim.tv_nsec,
	    (unsigned long long)st->st_ino);
}

/* The fingerprint of content file REL now, or NULL when it is gone. */
static const char *
fp_of(struct site *s, const char *rel)
{
	json_t *v = json_object_get(s->fps, rel);

	return v ? json_string_value(v) : NULL;
}

/* --- The walk ----------------------------------------------------------- */

struct dent {
	char *name;
	unsigned char type;
	char fp[64];		/* a regular file's fingerprint */
};

static int
cmp_dent(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name, ((const struct dent *)b)->name);
}

/*
 * The entries of directory DIRPATH but hidden ones, sorted by name, with
 * their types (a symbolic link is one, never followed) and the fingerprints
 * of regular files, into *ENTS and *N (freed by the caller, also after a
 * failure). Returns 0, or -1 after reporting why.
 */
static int
list_dir(struct site *s, const char *dirpath, struct dent **ents, size_t *n)
{
	size_t cap = 0;
	struct dirent *de;
	DIR *dir;
	int rc = -1;

	if ((dir = opendir(dirpath)) == NULL) {
		diag_error(s->d, dirpath, 0, "%s", strerror(errno));
		return -1;
	}
	while ((errno = 0, de = readdir(dir)) != NULL) {
		unsigned char type = de->d_type;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;	/* ., .., .git, editor files */
		if (type == DT_UNKNOWN || type == DT_REG) {
			if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG :
			    S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
		}
		if (*n == cap) {
			struct dent *e = realloc(*ents, (cap = cap ? 2 * cap : 32) * sizeof(*e));

			if (e == NULL)
				goto nomem;
			*ents = e;
		}
		if (((*ents)[*n].name = strdup(de->d_name)) == NULL)
			goto nomem;
		(*ents)[*n].type = type;
		if (type == DT_REG)
			fingerprint(&st, (*ents)[*n].fp, sizeof((*ents)[*n].fp));
		(*n)++;
	}
	if (errno != 0) {
		diag_error(s->d, dirpath, 0, "%s", strerror(errno));
		goto out;
	}
	qsort(*ents, *n, sizeof(**ents), cmp_dent);
	rc = 0;
	goto out;
nomem:
	oom(s);
out:
	closedir(dir);
	return rc;
}

/*
 * Lists directory REL (relative to the content root; "" for the root) and
 * those below it: pages and other files with their fingerprints, and the
 * fingerprint of the listing globs see.
 */
static int
walk(struct site *s, const char *rel)
{
	char *dirpath = path_join(s->cfg->content, rel);
	struct dent *ents = NULL;
	size_t n = 0;
	uint64_t dirhash = FNV0;
	int rc = -1;

	if (dirpath == NULL) {
		oom(s);
		return -1;
	}
	if (list_dir(s, dirpath, &ents, &n))
		goto out;
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
			/* The listing that globs see: pages are not test files. */
			if (!has_suffix(ents[i].name, ".md")) {
				dirhash = fnv(dirhash, ents[i].name, strlen(ents[i].name) + 1);
				dirhash = fnv(dirhash, ents[i].fp, strlen(ents[i].fp) + 1);
			}
			if (json_object_set_new(s->fps, child, json_string(ents[i].fp)) ||
			    strv_add(has_suffix(child, ".md") ? &s->pages : &s->files, child))
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
	if (rc == 0) {
		char h[17];

		snprintf(h, sizeof(h), "%016llx", (unsigned long long)dirhash);
		if (json_object_set_new(s->dirfps, rel, json_string(h)))
			goto nomem;
	}
	goto out;
nomem:
	oom(s);
	rc = -1;
out:
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
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

/*
 * Makes output REL (relative to the build) a hard link to the previous
 * build's. Returns 0, or -1 (without reporting: the caller builds it anew).
 */
static int
link_output(struct site *s, const char *rel)
{
	char *to;
	int rc;

	if (s->prevfd == -1)
		return -1;
	if ((to = path_join(s->build, rel)) == NULL || make_parent(s, to)) {
		free(to);
		return -1;
	}
	free(to);
	rc = linkat(s->prevfd, rel, s->buildfd, rel, 0);
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

/* --- Diagnostics of a page, recorded for the next incremental build ----- */

static void
record_diag(void *arg, const struct diag *dg)
{
	struct site *s = arg;
	struct spage *sp = s->cur;

	if (dg->level == DIAG_ERROR)
		s->d->errors++;
	else
		s->d->warnings++;
	if (dg->level == DIAG_WARNING && sp != NULL && dg->file != NULL &&
	    sp->page.file != NULL && strcmp(dg->file, sp->page.file) == 0) {
		char line[16], col[16];
		const char *f[3] = { line, col, dg->message };

		snprintf(line, sizeof(line), "%u", dg->line);
		snprintf(col, sizeof(col), "%u", dg->column);
		manifest_put(&sp->warnings, "warn", 3, f);
	}
	if (s->d->fn != NULL)
		s->d->fn(s->d->arg, dg);
}

/* Reports the warnings a reused page had when it was built. */
static void
replay_warnings(struct site *s, struct spage *sp)
{
	struct manifest_rec r = { 0 };

	while (manifest_next(sp->old, "warn", &r))
		if (r.nf == 3)
			diag_report(s->d, DIAG_WARNING, sp->page.file, (unsigned)atoi(r.f[0]),
			    (unsigned)atoi(r.f[1]), "%s", r.f[2]);
	manifest_rec_free(&r);
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
			html_escape_str(out, s->sp[json_integer_value(idx)].title);
	}
	buf_add(out, r->html.data + at, r->html.len - at);
}

/* The page's own scripts and stylesheets, by what it uses. */
static void
page_head(struct site *s, struct buf *h, const char *root, unsigned features, int editor)
{
	const char *v = s->version;

	if (features & RENDER_MATH)
		buf_printf(h, "<link rel=\"stylesheet\" href=\"%sassets/vendor/katex/katex.min.css?v=%s\">\n"
		    "<script src=\"%sassets/vendor/katex/katex.min.js?v=%s\" defer></script>\n",
		    root, v, root, v);
	if (features & RENDER_CODE)
		buf_printf(h, "<link rel=\"stylesheet\" href=\"%sassets/vendor/highlight/github.min.css?v=%s\">\n"
		    "<link rel=\"stylesheet\" href=\"%sassets/vendor/highlight/github-dark.min.css?v=%s\" "
		    "media=\"(prefers-color-scheme: dark)\">\n"
		    "<script src=\"%sassets/vendor/highlight/highlight.min.js?v=%s\" defer></script>\n",
		    root, v, root, v, root, v);
	if (editor)
		buf_printf(h, "<script src=\"%sassets/vendor/codemirror/editor.min.js?v=%s\" defer></script>\n",
		    root, v);
}

static int
write_page(struct site *s, struct spage *sp)
{
	const char *path = sp->page.path;
	struct buf root = BUF_INIT, out = BUF_INIT, head = BUF_INIT;
	void *arg[2] = { s, sp };
	struct layout_page lp;
	int rc;

	for (const char *p = path; (p = strchr(p, '/')) != NULL; p++)
		buf_puts(&root, "../");
	buf_add(&root, "", 0);
	buf_puts(&out, "public/");
	buf_add(&out, path, strlen(path) - 3);
	buf_puts(&out, ".html");
	page_head(s, &head, root.data ? root.data : "", sp->r.features,
	    sp->page.tester != NULL && strcmp(sp->page.tester, "quiz") != 0);
	buf_add(&head, "", 0);
	lp.title = sp->title;
	lp.course = s->course ? s->course : sp->title;
	lp.lang = sp->page.lang ? sp->page.lang : s->lang ? s->lang : "en";
	lp.root = root.data ? root.data : "";
	lp.path = out.data ? out.data + 7 : NULL;	/* after "public/" */
	lp.version = s->version;
	lp.head = head.data;
	lp.body = put_body;
	lp.arg = arg;
	buf_reset(&s->out);
	layout_render(&s->layout, &lp, &s->out);
	if (root.oom || out.oom || head.oom || s->out.oom) {
		oom(s);
		rc = -1;
	} else {
		rc = write_output(s, out.data, s->out.data, s->out.len);
	}
	if (rc == 0) {
		s->stats->pages++;
		s->stats->rendered++;
	}
	buf_free(&root);
	buf_free(&out);
	buf_free(&head);
	return rc;
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

/* An exam's page (exam.h): its JSON beside the specs. Errors are reported. */
static void
write_exam(struct site *s, struct spage *sp)
{
	json_t *exam = NULL;
	char *text = NULL, *rel = NULL;

	if (exam_read(&sp->page, &s->rec, s->events, &exam) <= 0)
		return;
	if (exam_rel(json_string_value(json_object_get(exam, "id")), &rel) ||
	    (text = json_dumps(exam, JSON_SORT_KEYS)) == NULL)
		oom(s);
	else if (write_output(s, rel, text, strlen(text)) == 0) {
		/* The countdown's place (assay.js), before the page's text. */
		struct buf h = BUF_INIT;
		const char *id = json_string_value(json_object_get(exam, "id"));

		sp->exam = 1;
		buf_puts(&h, "<div id=\"assay-exam\" class=\"exam-clock\" data-exam=\"");
		html_escape_str(&h, id);
		buf_puts(&h, "\" role=\"timer\" aria-live=\"polite\" hidden></div>\n");
		buf_add(&h, sp->r.html.data ? sp->r.html.data : "", sp->r.html.len);
		buf_free(&sp->r.html);
		sp->r.html = h;
	}
	free(rel);
	free(text);
	json_decref(exam);
}

/* Merges the page's set of files into the site's. */
static int
merge_set(json_t *site, json_t *page)
{
	const char *k;
	json_t *v;

	json_object_foreach(page, k, v)
		if (json_object_set(site, k, v))
			return -1;
	return 0;
}

/* Pass 1 for page I: everything but the {.ex} links' titles. */
static void
build_page(struct site *s, size_t i)
{
	struct spage *sp = &s->sp[i];
	struct page *p = &sp->page;
	struct render_opts ro = { 0 };
	unsigned errors = s->d->errors;
	const char *slash;
	json_t *seed;
	char seedbuf[32];

	s->cur = sp;
	if (page_load(p, s->cfg->content, s->pages.v[i], &s->rec))
		return;
	sp->loaded = 1;
	ro.page = p->path;
	ro.page_id = p->id;
	ro.file = p->file;
	ro.diags = &s->rec;
	ro.root = s->cfg->content;
	ro.rootreal = s->rootreal;
	ro.quiz = p->tester != NULL && strcmp(p->tester, "quiz") == 0;
	ro.shuffle_questions = json_is_true(json_object_get(p->meta.fields, "shuffle-questions"));
	ro.shuffle_answers = json_is_true(json_object_get(p->meta.fields, "shuffle-answers"));
	seed = json_object_get(p->meta.fields, "shuffle-seed");
	if (seed == NULL)	/* Codex's later name for it (exercise_quiz.h) */
		seed = json_object_get(p->meta.fields, "random-seed");
	if (json_is_integer(seed)) {
		snprintf(seedbuf, sizeof(seedbuf), "%lld", (long long)json_integer_value(seed));
		ro.shuffle_seed = seedbuf;
	} else if (json_is_string(seed)) {
		ro.shuffle_seed = json_string_value(seed);
	}
	if (render_page(p->meta.body, p->meta.body_len, &ro, &sp->r)) {
		diag_error(&s->rec, p->file, 1, "cannot render the page (out of memory)");
		return;
	}
	if (s->d->errors != errors)
		return;
	slash = strrchr(p->id, '/');
	sp->title = strdup(p->title ? p->title : sp->r.heading ? sp->r.heading :
	    slash ? slash + 1 : p->id);
	if (sp->title == NULL) {
		oom(s);
		return;
	}
	for (size_t k = 0; k < sp->r.nlinks; k++)
		sp->deferred |= sp->r.links[k].fill;
	write_exam(s, sp);
	if (p->tester != NULL) {
		struct exercise_ctx ctx = {
			.root = s->cfg->content, .rootreal = s->rootreal,
			.diags = &s->rec, .grading = sp->grading, .public = sp->public,
			.attachments = sp->attachments,
			.events = s->events, .events_failed = s->events_failed,
			.deps = sp->deps,
			.includes = sp->r.includes, .nincludes = sp->r.nincludes,
		};
		struct spec *spec = exercise_spec(p, sp->title, &ctx);

		if (merge_set(s->grading, sp->grading) || merge_set(s->attachments, sp->attachments))
			oom(s);
		if (spec == NULL)
			return;
		write_spec(s, sp, spec);
		if (!ro.quiz)
			sp->r.features |= render_exercise(&sp->r.html, spec);
		spec_free(spec);
		if (sp->r.html.oom) {
			oom(s);
			return;
		}
	}
	if (!sp->deferred && s->d->errors == s->errors0) {
		write_page(s, sp);
		buf_free(&sp->r.html);	/* the links stay, for the manifest */
	}
}

/* --- Incremental builds ------------------------------------------------- */

/* Can page I be reused, sources-wise? Sets sp->old either way. */
static int
unchanged(struct site *s, size_t i)
{
	struct spage *sp = &s->sp[i];
	const char *fp = fp_of(s, s->pages.v[i]);
	struct manifest_rec r = { 0 };
	int same = 1;

	if (!s->have_old || fp == NULL ||
	    (sp->old = manifest_page(&s->old, s->pages.v[i])) == NULL)
		return 0;
	if (strcmp(sp->old->fp, fp) != 0)
		return 0;
	while (same && manifest_next(sp->old, "dep", &r)) {
		const char *now = r.nf == 2 ? fp_of(s, r.f[0]) : NULL;

		same = now != NULL && strcmp(now, r.f[1]) == 0;
	}
	manifest_rec_free(&r);
	while (same && manifest_next(sp->old, "dir", &r)) {
		json_t *now = r.nf == 2 ? json_object_get(s->dirfps, r.f[0]) : NULL;

		same = now != NULL && strcmp(json_string_value(now), r.f[1]) == 0;
	}
	manifest_rec_free(&r);
	return same;
}

/* Takes page I's title and sets from the previous manifest (pass 1). */
static int
take_old(struct site *s, size_t i)
{
	struct spage *sp = &s->sp[i];
	struct manifest_rec r = { 0 };
	int rc = 0;

	if ((sp->title = strdup(sp->old->title)) == NULL ||
	    (sp->page.path = strdup(s->pages.v[i])) == NULL ||
	    (sp->page.file = path_join(s->cfg->content, s->pages.v[i])) == NULL)
		return -1;
	while (rc == 0 && manifest_next(sp->old, "grading", &r))
		rc = json_object_set_new(sp->grading, r.f[0], json_true());
	manifest_rec_free(&r);
	while (rc == 0 && manifest_next(sp->old, "public", &r))
		rc = json_object_set_new(sp->public, r.f[0], json_true());
	manifest_rec_free(&r);
	while (rc == 0 && manifest_next(sp->old, "attach", &r))
		rc = r.nf != 3 ? -1 : json_object_set_new(sp->attachments, r.f[0],
		    json_pack("{s:s, s:i}", "file", r.f[1], "line", (json_int_t)atoi(r.f[2])));
	manifest_rec_free(&r);
	if (rc || merge_set(s->grading, sp->grading) || merge_set(s->attachments, sp->attachments))
		return -1;
	sp->reuse = 1;
	return 0;
}

/* Would page SP's {.ex} links be filled as before? */
static int
same_titles(struct site *s, struct spage *sp)
{
	struct manifest_rec r = { 0 };
	int same = 1;

	while (same && manifest_next(sp->old, "link", &r)) {
		json_t *idx;

		if (r.nf != 6 || strcmp(r.f[1], "1") != 0)
			continue;
		idx = json_object_get(s->index, r.f[0]);
		same = idx != NULL && s->sp[json_integer_value(idx)].title != NULL &&
		    strcmp(s->sp[json_integer_value(idx)].title, r.f[5]) == 0;
	}
	manifest_rec_free(&r);
	return same;
}

/* Pass 2 for a reused page: links its outputs. Returns 0, or -1: build it. */
static int
reuse_page(struct site *s, struct spage *sp)
{
	struct manifest_rec r = { 0 };
	unsigned pages = 0, specs = 0;
	int rc = 0;

	if (!same_titles(s, sp))
		return -1;
	while (rc == 0 && manifest_next(sp->old, "output", &r)) {
		rc = link_output(s, r.f[0]);
		if (strncmp(r.f[0], "specs/", 6) == 0)
			specs += strstr(r.f[0], ".exam.json") == NULL;	/* an exam's is no spec */
		else
			pages++;
	}
	manifest_rec_free(&r);
	if (rc)
		return -1;
	s->stats->pages += pages;
	s->stats->exercises += specs;
	s->stats->reused++;
	return 0;
}

static void
put_dep(struct site *s, struct buf *b, const char *kind, const char *path, json_t *dirs)
{
	const char *fp = fp_of(s, path);
	const char *f[2] = { path, fp ? fp : "?" };
	const char *slash = strrchr(path, '/');

	manifest_put(b, kind, 2, f);
	if (dirs != NULL) {
		char *dir = strndup(path, slash ? (size_t)(slash - path) : 0);

		if (dir != NULL)
			json_object_set_new(dirs, dir, json_true());
		free(dir);
	}
}

/* The record KIND PATH LINE COLUMN of a file a page shows or links to. */
static void
put_place(struct buf *b, const char *kind, const struct render_include *inc)
{
	char line[16], col[16];
	const char *f[3] = { inc->rel, line, col };

	snprintf(line, sizeof(line), "%u", inc->line);
	snprintf(col, sizeof(col), "%u", inc->column);
	manifest_put(b, kind, 3, f);
}

/* This build's manifest records for a page that was built. */
static void
page_record(struct site *s, struct spage *sp, struct buf *b)
{
	const struct page *p = &sp->page;
	json_t *dirs = p->tester != NULL ? json_object() : NULL, *v;
	const char *k;
	char *out = NULL;
	const char *f[6];

	f[0] = p->path;
	f[1] = fp_of(s, p->path) ? fp_of(s, p->path) : "?";
	f[2] = sp->title;
	manifest_put(b, "page", 3, f);
	for (size_t i = 0; i < sp->r.nincludes; i++) {
		put_dep(s, b, "dep", sp->r.includes[i].rel, NULL);
		put_place(b, "include", &sp->r.includes[i]);
	}
	for (size_t i = 0; i < sp->r.nfiles; i++)
		put_place(b, "linkfile", &sp->r.files[i]);
	/* An exercise depends on the files it grades with, on the listings of
	   their directories (a glob may match a new file) and on its own. */
	if (dirs != NULL) {
		char *own = strndup(p->dir, p->dir[0] ? strlen(p->dir) - 1 : 0);

		if (own != NULL)
			json_object_set_new(dirs, own, json_true());
		free(own);
		json_object_foreach(sp->grading, k, v) {
			put_dep(s, b, "dep", k, dirs);
			manifest_put(b, "grading", 1, &k);
		}
		json_object_foreach(sp->public, k, v) {
			put_dep(s, b, "dep", k, dirs);
			manifest_put(b, "public", 1, &k);
		}
		json_object_foreach(sp->deps, k, v)
			put_dep(s, b, "dep", k, NULL);
		json_object_foreach(sp->attachments, k, v) {
			char line[16];

			put_dep(s, b, "dep", k, dirs);
			snprintf(line, sizeof(line), "%d",
			    (int)json_integer_value(json_object_get(v, "line")));
			f[0] = k;
			f[1] = json_string_value(json_object_get(v, "file"));
			f[2] = line;
			manifest_put(b, "attach", 3, f);
		}
		json_object_foreach(dirs, k, v) {
			json_t *h = json_object_get(s->dirfps, k);

			f[0] = k;
			f[1] = h ? json_string_value(h) : "?";
			manifest_put(b, "dir", 2, f);
		}
		json_decref(dirs);
		if (asprintf(&out, "specs/%s.json", p->id) >= 0)
			manifest_put(b, "output", 1, (const char *const *)&out);
		free(out);
		out = NULL;
	}
	if (sp->exam) {		/* FOLDER/index: the exam FOLDER */
		if (asprintf(&out, "specs/%.*s.exam.json", (int)(strlen(p->id) - 6), p->id) >= 0)
			manifest_put(b, "output", 1, (const char *const *)&out);
		free(out);
		out = NULL;
	}
	for (size_t i = 0; i < sp->r.nlinks; i++) {
		const struct render_link *l = &sp->r.links[i];
		json_t *idx = json_object_get(s->index, l->target);
		const char *title = idx ? s->sp[json_integer_value(idx)].title : NULL;
		char line[16], col[16];

		snprintf(line, sizeof(line), "%u", l->line);
		snprintf(col, sizeof(col), "%u", l->column);
		f[0] = l->target;
		f[1] = l->fill ? "1" : "0";
		f[2] = line;
		f[3] = col;
		f[4] = l->href;
		f[5] = l->fill && title ? title : "";
		manifest_put(b, "link", 6, f);
	}
	buf_add(b, sp->warnings.data, sp->warnings.len);
	if (asprintf(&out, "public/%.*s.html", (int)(strlen(p->path) - 3), p->path) >= 0)
		manifest_put(b, "output", 1, (const char *const *)&out);
	free(out);
}

/* Checks the links of page SP (built or reused) against today's pages. */
static void
check_links(struct site *s, struct spage *sp)
{
	if (sp->reuse) {
		struct manifest_rec r = { 0 };

		while (manifest_next(sp->old, "link", &r))
			if (r.nf == 6 && json_object_get(s->index, r.f[0]) == NULL)
				diag_report(s->d, strcmp(r.f[1], "1") == 0 ? DIAG_ERROR :
				    DIAG_WARNING, sp->page.file, (unsigned)atoi(r.f[2]),
				    (unsigned)atoi(r.f[3]), "link to a page that does not exist: %s",
				    r.f[4]);
		manifest_rec_free(&r);
		return;
	}
	for (size_t k = 0; k < sp->r.nlinks; k++) {
		const struct render_link *l = &sp->r.links[k];

		if (json_object_get(s->index, l->target) == NULL)
			diag_report(s->d, l->fill ? DIAG_ERROR : DIAG_WARNING, sp->page.file,
			    l->line ? l->line : 1, l->column, "link to a page that does not exist: %s",
			    l->href);
	}
}

/* Reads the manifest of the current build, if it can be reused. */
static void
load_previous(struct site *s)
{
	const struct site_config *c = s->cfg;
	char *current = path_join(c->out, "current"), *path = NULL, target[PATH_MAX];
	ssize_t n;

	if (c->full || current == NULL)
		goto out;
	if ((n = readlink(current, target, sizeof(target) - 1)) <= 0)
		goto out;
	target[n] = '\0';
	if (strchr(target, '/') != NULL || strncmp(target, "build-", 6) != 0)
		goto out;
	if ((s->prev = path_join(c->out, target)) == NULL ||
	    (path = path_join(s->prev, "manifest.txt")) == NULL)
		goto out;
	if (manifest_load(path, &s->old) != 0)
		goto out;
	if (strcmp(s->old.generator, c->generator ? c->generator : "") != 0 ||
	    strcmp(s->old.version, s->version) != 0) {
		manifest_free(&s->old);
		goto out;
	}
	s->have_old = 1;
	s->prevfd = open(s->prev, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
out:
	free(current);
	free(path);
}

static int
differ(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0);
}

/* Does the course title or language differ from the previous build's? */
static int
course_changed(struct site *s)
{
	return differ(s->course, s->old.course) || differ(s->lang, s->old.lang);
}

/* --- Static files ---------------------------------------------------------- */

static void
publish_file(struct site *s, const char *rel)
{
	const struct manifest_page *old = s->have_old ? manifest_file(&s->old, rel) : NULL;
	const char *fp = fp_of(s, rel);
	char *out = NULL;

	if (old != NULL && fp != NULL && strcmp(old->fp, fp) == 0 &&
	    asprintf(&out, "public/%s", rel) >= 0 && link_output(s, out) == 0) {
		s->stats->files++;
	} else {
		copy_static(s, rel);
	}
	free(out);
	if (fp != NULL) {
		const char *f[2] = { rel, fp };

		manifest_put(&s->files_out, "file", 2, f);
	}
}

static void
publish_files(struct site *s)
{
	const char *rel;
	json_t *v;

	for (size_t i = 0; i < s->files.n; i++) {
		rel = s->files.v[i];
		if ((published_extension(rel) || json_object_get(s->linked, rel) != NULL) &&
		    json_object_get(s->grading, rel) == NULL &&
		    json_object_get(s->attachments, rel) == NULL)
			publish_file(s, rel);
	}
	json_object_foreach(s->attachments, rel, v) {
		if (json_object_get(s->grading, rel) != NULL)
			diag_error(s->d, json_string_value(json_object_get(v, "file")),
			    (unsigned)json_integer_value(json_object_get(v, "line")),
			    "attachments: %s is used for grading and cannot be published", rel);
		else
			publish_file(s, rel);
	}
}

/*
 * File REL, which PAGE shows (LINK: links to) at LINE:COL: an error when an
 * exercise grades with it privately; else a linked file is to be published.
 */
static void
shown_file(struct site *s, const char *page, const char *rel, unsigned line,
    unsigned col, int link)
{
	if (json_object_get(s->grading, rel) != NULL)
		diag_report(s->d, DIAG_ERROR, page, line, col, "%s is a private file of an "
		    "exercise (it grades with it; students must not see it): a page "
		    "cannot %s it", rel, link ? "link to" : "show");
	else if (link && json_object_set_new(s->linked, rel, json_true()))
		oom(s);
}

/*
 * No page may show (include, compare in a {.diffs} block) or link to a file
 * that an exercise grades with privately; public test files, targets and
 * the like are fine (exercise.h). Checked once every exercise is read, at
 * the place the page names the file. The other files pages link to are
 * published (Codex serves its whole course folder; Assay what is linked).
 */
static void
check_includes(struct site *s)
{
	for (size_t i = 0; i < s->pages.n; i++) {
		struct spage *sp = &s->sp[i];
		struct manifest_rec r = { 0 };

		if (sp->reuse) {
			for (int link = 0; link < 2; link++) {
				while (manifest_next(sp->old, link ? "linkfile" : "include", &r))
					shown_file(s, sp->page.file, r.f[0],
					    r.nf == 3 ? (unsigned)atoi(r.f[1]) : 0,
					    r.nf == 3 ? (unsigned)atoi(r.f[2]) : 0, link);
				manifest_rec_free(&r);
			}
			continue;
		}
		for (size_t k = 0; k < sp->r.nincludes; k++)
			shown_file(s, sp->page.file, sp->r.includes[k].rel,
			    sp->r.includes[k].line, sp->r.includes[k].column, 0);
		for (size_t k = 0; k < sp->r.nfiles; k++)
			shown_file(s, sp->page.file, sp->r.files[k].rel,
			    sp->r.files[k].line, sp->r.files[k].column, 1);
	}
}

/* The assets of every page: stylesheet, script, vendored files. */
static int
write_assets(struct site *s)
{
	const struct site_config *c = s->cfg;

	if (write_output(s, "public/assets/style.css", c->style, c->style_len) ||
	    write_output(s, "public/assets/assay.js", c->script, c->script_len))
		return -1;
	for (size_t i = 0; i < c->nvendor; i++) {
		char *rel;
		int rc;

		if (asprintf(&rel, "public/assets/vendor/%s", c->vendor[i].path) < 0) {
			oom(s);
			return -1;
		}
		rc = s->have_old && link_output(s, rel) == 0 ? 0 :
		    write_output(s, rel, c->vendor[i].data, c->vendor[i].len);
		free(rel);
		if (rc)
			return -1;
	}
	return 0;
}

/* --- Staff pages --------------------------------------------------------- */

static void
put_staff_body(struct buf *out, void *arg)
{
	buf_puts(out, ((const struct staff_page *)arg)->body);
}

/*
 * The staff pages' shells (staff.h) and their script and stylesheet, in the
 * site's layout; written at every build (they are few and small) and not
 * counted in the stats, which are the course's. A course page that would
 * take one of their paths is an error.
 */
static int
write_staff(struct site *s)
{
	const struct site_config *c = s->cfg;
	const struct staff_page *pg;
	size_t n;
	int rc = 0;

	if (c->staff_script == NULL)
		return 0;
	for (size_t i = 0; i < s->pages.n; i++) {
		const char *p = s->pages.v[i];
		char rel[PATH_MAX];

		snprintf(rel, sizeof(rel), "%.*s.html", (int)(strlen(p) - 3), p);
		if (staff_reserved(rel)) {
			char *file = path_join(c->content, p);

			diag_error(s->d, file ? file : p, 1, "%s is the path of a staff page: "
			    "rename the page", rel);
			free(file);
			rc = -1;
		}
	}
	if (rc)
		return -1;
	if (write_output(s, "public/assets/staff.js", c->staff_script, c->staff_script_len) ||
	    write_output(s, "public/assets/staff.css", c->staff_style, c->staff_style_len))
		return -1;
	pg = staff_pages(&n);
	for (size_t i = 0; i < n; i++) {
		struct buf head = BUF_INIT;
		struct layout_page lp = {
			.title = pg[i].title, .lang = s->lang ? s->lang : "en",
			.root = "../", .version = s->version,
			.body = put_staff_body, .arg = (void *)&pg[i]
		};
		char *rel;

		lp.course = s->course ? s->course : "Staff";
		buf_printf(&head, "<link rel=\"stylesheet\" href=\"../assets/staff.css?v=%s\">\n",
		    s->version);
		if (pg[i].highlight)
			page_head(s, &head, "../", RENDER_CODE, 0);
		buf_printf(&head, "<script src=\"../assets/staff.js?v=%s\" defer></script>\n",
		    s->version);
		buf_add(&head, "", 0);
		lp.head = head.data;
		buf_reset(&s->out);
		layout_render(&s->layout, &lp, &s->out);
		if (head.oom || s->out.oom || asprintf(&rel, "public/%s", pg[i].path) < 0) {
			buf_free(&head);
			oom(s);
			return -1;
		}
		rc = write_output(s, rel, s->out.data, s->out.len);
		free(rel);
		buf_free(&head);
		if (rc)
			return -1;
	}
	return 0;
}

/* --- Publishing --------------------------------------------------------- */

/*
 * Removes NAME (relative to directory DIRFD) and everything under it,
 * without following symbolic links. Directory entries' types come from
 * readdir, so no file is stat'ed: removing a large build costs one unlinkat
 * per file.
 */
static int
rm_at(int dirfd, const char *name)
{
	struct dirent *de;
	int fd, rc = 0;
	DIR *d;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	if ((fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_type == DT_DIR) {
			if (rm_at(fd, de->d_name))
				rc = -1;
		} else if (rm_at(fd, de->d_name)) {
			rc = -1;
		}
	}
	closedir(d);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == -1 && errno != ENOENT)
		rc = -1;
	return rc;
}

static int
rm_tree(const char *path)
{
	return rm_at(AT_FDCWD, path);
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
	uint64_t h = FNV0;

	h = fnv(h, c->layout, c->layout_len);
	h = fnv(h, c->style, c->style_len);
	h = fnv(h, c->script, c->script_len);
	if (c->staff_script != NULL) {
		h = fnv(h, c->staff_script, c->staff_script_len);
		h = fnv(h, c->staff_style, c->staff_style_len);
	}
	for (size_t i = 0; i < c->nvendor; i++) {
		h = fnv(h, c->vendor[i].path, strlen(c->vendor[i].path) + 1);
		h = fnv(h, c->vendor[i].data, c->vendor[i].len);
	}
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

static int
write_manifest(struct site *s)
{
	struct buf b = BUF_INIT;
	const char *g = s->cfg->generator ? s->cfg->generator : "";
	int rc;

	buf_puts(&b, "assay-manifest 1\n");
	manifest_put(&b, "generator", 1, &g);
	manifest_put(&b, "version", 1, (const char *const []){ s->version });
	if (s->course != NULL)
		manifest_put(&b, "course", 1, &s->course);
	if (s->lang != NULL)
		manifest_put(&b, "lang", 1, &s->lang);
	for (size_t i = 0; i < s->pages.n; i++) {
		struct spage *sp = &s->sp[i];

		if (sp->reuse)
			manifest_put_page(&b, sp->old);
		else if (sp->loaded)
			page_record(s, sp, &b);
	}
	buf_add(&b, s->files_out.data, s->files_out.len);
	if (b.oom) {
		oom(s);
		rc = -1;
	} else {
		rc = write_output(s, "manifest.txt", b.data ? b.data : "", b.len);
	}
	buf_free(&b);
	return rc;
}

/*
 * Everything a build needs before the walk: the sets it fills, the layout,
 * the assets' version, the new build's directory (opened) and the lock.
 * Returns 0, or -1 after reporting why.
 */
static int
start(struct site *s, int *lockfd)
{
	const struct site_config *cfg = s->cfg;
	char err[256];

	s->rec.fn = record_diag;
	s->rec.arg = s;
	s->index = json_object();
	s->grading = json_object();
	s->attachments = json_object();
	s->linked = json_object();
	s->fps = json_object();
	s->dirfps = json_object();
	if (s->index == NULL || s->grading == NULL || s->attachments == NULL || s->linked == NULL ||
	    s->fps == NULL || s->dirfps == NULL) {
		oom(s);
		return -1;
	}
	if (layout_parse(&s->layout, cfg->layout, cfg->layout_len, err, sizeof(err))) {
		diag_error(s->d, NULL, 0, "%s", err);
		return -1;
	}
	asset_version(s);
	if (prepare(s, lockfd))
		return -1;
	if ((s->buildfd = open(s->build, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		diag_error(s->d, s->build, 0, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* A struct spage for each page the walk found. Returns 0, or -1 (ENOMEM). */
static int
add_pages(struct site *s)
{
	if ((s->sp = calloc(s->pages.n + 1, sizeof(*s->sp))) == NULL) {
		oom(s);
		return -1;
	}
	for (size_t i = 0; i < s->pages.n; i++) {
		struct spage *sp = &s->sp[i];

		sp->grading = json_object();
		sp->public = json_object();
		sp->attachments = json_object();
		sp->deps = json_object();
		if (sp->grading == NULL || sp->public == NULL || sp->attachments == NULL ||
		    sp->deps == NULL ||
		    json_object_set_new(s->index, s->pages.v[i], json_integer((json_int_t)i))) {
			oom(s);
			return -1;
		}
	}
	return 0;
}

/*
 * Pass 1, the root index first: its title names the course. Every other
 * page is built, or taken from the previous build when unchanged; the
 * assets are written once the course's title and language are known.
 * Returns 0, or -1 when the build cannot go on (errors in pages are
 * counted in the diags, not here).
 */
static int
pass_one(struct site *s)
{
	size_t first = s->pages.n;

	for (size_t i = 0; i < s->pages.n; i++)
		if (strcmp(s->pages.v[i], "index.md") == 0)
			first = i;
	if (first < s->pages.n) {
		/* The root index is always read: the course title and language
		   are in every page. */
		build_page(s, first);
		s->course = s->sp[first].title;
		s->lang = s->sp[first].page.lang;
	}
	if (s->have_old && course_changed(s)) {
		manifest_free(&s->old);
		s->have_old = 0;
	}
	if (write_assets(s) || write_staff(s))
		return -1;
	for (size_t i = 0; i < s->pages.n; i++) {
		if (i == first)
			continue;
		if (unchanged(s, i)) {
			if (take_old(s, i)) {
				oom(s);
				return -1;
			}
		} else {
			build_page(s, i);
		}
	}
	s->cur = NULL;
	return 0;
}

/* Pass 2: the pages that link to others with {.ex}, and reused pages. */
static void
pass_two(struct site *s)
{
	for (size_t i = 0; i < s->pages.n && s->d->errors == s->errors0; i++) {
		struct spage *sp = &s->sp[i];

		if (sp->reuse) {
			if (reuse_page(s, sp) == 0) {
				replay_warnings(s, sp);
				continue;
			}
			/* A linked title changed: build it after all. */
			sp->reuse = 0;
			free(sp->title);
			sp->title = NULL;
			json_object_clear(sp->grading);
			json_object_clear(sp->public);
			json_object_clear(sp->attachments);
			json_object_clear(sp->deps);
			page_free(&sp->page);
			build_page(s, i);
			s->cur = NULL;
			if (sp->deferred && s->d->errors == s->errors0)
				write_page(s, sp);
		} else if (sp->deferred) {
			write_page(s, sp);
		}
	}
}

static void
site_free(struct site *s)
{
	if (s->prevfd != -1)
		close(s->prevfd);
	if (s->buildfd != -1)
		close(s->buildfd);
	for (size_t i = 0; s->sp != NULL && i < s->pages.n; i++) {
		page_free(&s->sp[i].page);
		render_result_free(&s->sp[i].r);
		free(s->sp[i].title);
		json_decref(s->sp[i].grading);
		json_decref(s->sp[i].public);
		json_decref(s->sp[i].attachments);
		json_decref(s->sp[i].deps);
		buf_free(&s->sp[i].warnings);
	}
	free(s->sp);
	free(s->rootreal);
	free(s->build);
	free(s->prev);
	free(s->lastdir);
	strv_free(&s->pages);
	strv_free(&s->files);
	manifest_free(&s->old);
	buf_free(&s->files_out);
	json_decref(s->fps);
	json_decref(s->dirfps);
	json_decref(s->index);
	json_decref(s->grading);
	json_decref(s->attachments);
	json_decref(s->linked);
	json_decref(s->events);
	layout_free(&s->layout);
	buf_free(&s->out);
}

int
site_build(const struct site_config *cfg, struct site_stats *stats)
{
	struct site s = { .cfg = cfg, .d = cfg->diags, .stats = stats,
		.errors0 = cfg->diags->errors, .prevfd = -1, .buildfd = -1 };
	char *previous = NULL;
	int lockfd = -1, rc = -1;

	memset(stats, 0, sizeof(*stats));
	if (start(&s, &lockfd))
		goto out;
	load_previous(&s);
	if (walk(&s, ""))
		goto out;
	/* The events file is read at every build: its mistakes are always
	   reported, and exercises that use it depend on it (a "dep"). */
	s.events_failed = events_load(cfg->content, s.d, &s.events) != 0;
	if (add_pages(&s) || pass_one(&s))
		goto out;
	pass_two(&s);
	for (size_t i = 0; i < s.pages.n; i++) {
		struct spage *sp = &s.sp[i];

		if (sp->reuse || sp->loaded)
			check_links(&s, sp);
	}
	if (cfg->diags->errors != s.errors0)
		goto out;
	check_includes(&s);
	publish_files(&s);
	if (cfg->diags->errors != s.errors0 || write_manifest(&s))
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
	site_free(&s);
	free(previous);
	return rc;
}
