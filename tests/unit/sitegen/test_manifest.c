/*
 * test_manifest.c - sitegen/manifest.h: what a build leaves for the next.
 * Records written and read back (escapes, a page's own records, static
 * files); a damaged or foreign manifest refused, or its bad records
 * ignored; and what the next build does with each (site.h): reuse pages,
 * or build every page again, never fail for it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/util/buf.h"
#include "sitegen/manifest.h"
#include "sitegen/site.h"
#include "tests/tap.h"
#include "tests/unit/sitegen_util.h"

/* Writes B's text to DIR/manifest.txt and loads it into M. */
static int
load_text(const char *dir, const char *text, struct manifest *m)
{
	char path[PATH_MAX];

	put(dir, "manifest.txt", text);
	snprintf(path, sizeof(path), "%s/manifest.txt", dir);
	return manifest_load(path, m);
}

/* The records of kind KIND of page P, fields joined with '|', records with ';'. */
static const char *
records(const struct manifest_page *p, const char *kind)
{
	static struct buf b = BUF_INIT;
	struct manifest_rec r = { 0 };

	buf_reset(&b);
	while (p != NULL && manifest_next(p, kind, &r)) {
		if (b.len > 0)
			buf_putc(&b, ';');
		for (size_t i = 0; i < r.nf; i++)
			buf_printf(&b, "%s%s", i ? "|" : "", r.f[i]);
	}
	manifest_rec_free(&r);
	buf_add(&b, "", 0);
	return b.data;
}

static void
test_round_trip(const char *dir)
{
	struct buf b = BUF_INIT, again = BUF_INIT;
	struct manifest m;
	const struct manifest_page *p, *q;
	const char *odd = "tab\there, line\nbreak, back\\slash";

	buf_puts(&b, "assay-manifest 1\n");
	manifest_put(&b, "generator", 1, (const char *const []){ "sitegen 1.2" });
	manifest_put(&b, "version", 1, (const char *const []){ "00ff" });
	manifest_put(&b, "course", 1, (const char *const []){ odd });
	manifest_put(&b, "lang", 1, (const char *const []){ "fr" });
	/* Pages in any order: the manifest sorts them. */
	manifest_put(&b, "page", 3, (const char *const []){ "z.md", "fp-z", "Zed" });
	manifest_put(&b, "dep", 2, (const char *const []){ "code/a.c", "fp-a" });
	manifest_put(&b, "link", 6, (const char *const []){ "a.md", "1", "3", "7", "a.md", odd });
	manifest_put(&b, "dep", 2, (const char *const []){ "code/b.c", NULL });
	manifest_put(&b, "output", 1, (const char *const []){ "public/z.html" });
	manifest_put(&b, "page", 3, (const char *const []){ "a.md", "fp-a", "" });
	manifest_put(&b, "warn", 3, (const char *const []){ "2", "1", "unknown field" });
	manifest_put(&b, "file", 2, (const char *const []){ "pic.png", "fp-p" });
	manifest_put(&b, "file", 2, (const char *const []){ "a\tb.pdf", "fp-t" });

	ok(strstr(b.data, "tab\\there, line\\nbreak, back\\\\slash") != NULL,
	    "manifest_put escapes tab, newline and backslash: one record, one line");
	is_int(load_text(dir, b.data, &m), 0, "a manifest written with manifest_put loads");
	is_str(m.generator, "sitegen 1.2", "generator");
	is_str(m.version, "00ff", "version");
	is_str(m.course, odd, "a header field is read back unescaped");
	is_str(m.lang, "fr", "lang");
	ok(m.npages == 2 && strcmp(m.pages[0].path, "a.md") == 0 &&
	    strcmp(m.pages[1].path, "z.md") == 0, "two pages, sorted by path");
	p = manifest_page(&m, "z.md");
	ok(p != NULL && strcmp(p->fp, "fp-z") == 0 && strcmp(p->title, "Zed") == 0,
	    "a page found by its path, with its fingerprint and title");
	ok(manifest_page(&m, "y.md") == NULL && manifest_page(&m, "pic.png") == NULL,
	    "no page by another path, nor a static file's");
	is_str(records(p, "dep"), "code/a.c|fp-a;code/b.c|",
	    "a page's records of one kind, in order (a NULL field written empty)");
	is_str(records(p, "link"), "a.md|1|3|7|a.md|tab\there, line\nbreak, back\\slash",
	    "a record's fields unescaped");
	is_str(records(p, "output"), "public/z.html", "its output");
	is_str(records(p, "warn"), "", "... and not the next page's records");
	is_str(records(p, "page"), "", "the page line is no record of the page");
	is_str(records(p, "de"), "", "a kind is matched whole (\"de\" is not \"dep\")");
	q = manifest_page(&m, "a.md");
	ok(q != NULL && strcmp(q->title, "") == 0, "an empty title");
	is_str(records(q, "warn"), "2|1|unknown field",
	    "the last page's records end at the first file line");
	ok(m.nfiles == 2 && manifest_file(&m, "pic.png") != NULL &&
	    strcmp(manifest_file(&m, "pic.png")->fp, "fp-p") == 0 &&
	    manifest_file(&m, "pic.png")->title == NULL, "a static file, with no title");
	ok(manifest_file(&m, "a\tb.pdf") != NULL, "a static file's escaped path");
	ok(manifest_file(&m, "z.md") == NULL, "a page is no static file");

	/* A reused page's lines are copied as they are. */
	buf_puts(&again, "assay-manifest 1\n");
	manifest_put(&again, "generator", 1, (const char *const []){ "sitegen 1.2" });
	manifest_put(&again, "version", 1, (const char *const []){ "00ff" });
	manifest_put_page(&again, p);
	buf_add(&again, "", 0);
	ok(strstr(b.data, again.data + strlen("assay-manifest 1\n") +
	    strlen("generator\tsitegen 1.2\nversion\t00ff\n")) != NULL,
	    "manifest_put_page copies the page line and its records");
	manifest_free(&m);
	is_int(load_text(dir, again.data, &m), 0, "... which load again");
	is_str(records(manifest_page(&m, "z.md"), "link"),
	    "a.md|1|3|7|a.md|tab\there, line\nbreak, back\\slash", "... unchanged");
	manifest_free(&m);
	ok(m.text == NULL && m.npages == 0 && m.generator == NULL,
	    "manifest_free leaves it empty");
	buf_free(&b);
	buf_free(&again);
}

static void
test_refused(const char *dir)
{
	static const struct {
		const char *text, *what;
	} bad[] = {
		{ "", "an empty file" },
		{ "assay-manifest 2\ngenerator\tg\nversion\tv\n", "another format's version" },
		{ "{\"pages\": []}\n", "a JSON manifest" },
		{ "assay-manifest 1\nversion\tv\n", "no generator" },
		{ "assay-manifest 1\ngenerator\tg\n", "no version" },
		{ "assay-manifest 1\ngenerator\tg\nversion\tv\npage\ta.md\tfp\n",
		    "a page line without its title" },
		{ "assay-manifest 1\ngenerator\tg\nversion\tv\nfile\tpic.png\n",
		    "a file line without its fingerprint" },
		{ "assay-manifest 1\ngenerator\tg\npage\ta.md\tfp\tA\nversion\tv\n",
		    "the version after a page line (a page's record, not the header)" },
	};
	struct manifest m;
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		is_int(load_text(dir, bad[i].text, &m), -1, "refused: %s", bad[i].what);
		ok(m.text == NULL && m.npages == 0 && m.nfiles == 0 && m.generator == NULL &&
		    m.version == NULL, "... and left empty");
		manifest_free(&m);
	}
	snprintf(path, sizeof(path), "%s/none.txt", dir);
	ok(manifest_load(path, &m) == -1 && m.text == NULL, "refused: no file");
	manifest_free(&m);

	is_int(load_text(dir, "assay-manifest 1\nfuture\tx\ncourse\ngenerator\tg1\n"
	    "generator\tg2\nversion\tv\npage\ta.md\tfp\tA\nfuture\ty\n", &m), 0,
	    "a record this version does not know is ignored");
	is_str(m.generator, "g1", "a header field given twice: the first counts");
	ok(m.course == NULL, "a header field without a value is absent");
	is_str(records(manifest_page(&m, "a.md"), "future"), "y",
	    "an unknown record of a page is kept with it (and copied on reuse)");
	manifest_free(&m);
}

/* Records site.c would read with too few or too many fields. */
static void
test_bad_records(const char *dir)
{
	struct manifest m;
	const struct manifest_page *p;
	struct manifest_rec r = { 0 };
	size_t n = 0, nf = 0;

	is_int(load_text(dir, "assay-manifest 1\ngenerator\tg\nversion\tv\n"
	    "page\ta.md\tfp\tA\n"
	    "warn\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
	    "warn\n"
	    "warn\t3\t4\tend \\\n"
	    "file\tx.png\tfp\n", &m), 0, "a manifest with odd records loads");
	p = manifest_page(&m, "a.md");
	while (p != NULL && manifest_next(p, "warn", &r)) {
		n++;
		if (n == 1)
			nf = r.nf;
		else
			is_str(r.f[2], "end \\", "a lone backslash at a line's end is kept");
	}
	manifest_rec_free(&r);
	is_int(n, 2, "a kind without fields is no record");
	ok(nf <= MANIFEST_MAX_FIELDS, "a record of 12 fields is cut to at most "
	    "MANIFEST_MAX_FIELDS (%zu), which site.c ignores", nf);
	manifest_free(&m);
}

/* What the next build does with the manifest it finds. */
static void
test_next_build(void)
{
	char *root = tmpdir(), *out = tmpdir(), path[PATH_MAX];
	struct diags d = new_diags();
	struct site_config c = config(root, out, &d);
	struct site_stats st;
	char *text;

	put(root, "index.md", "# Course\n\n[a](a.md)\n");
	put(root, "a.md", "# A\n");
	put(root, "b.md", "---\nnot-a-field: 1\n...\n# B\n");
	is_int(site_build(&c, &st), 0, "a first build: %s", diag_line());
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a second build");
	is_int(st.reused, 2, "... reuses the two unchanged pages (the root index is "
	    "always read)");
	ok(strstr(diag_str(), "b.md:2: warning: unknown field \"not-a-field\"") != NULL,
	    "... and reports a reused page's warning again: %s", diag_line());

	snprintf(path, sizeof(path), "%s/current/manifest.txt", out);
	text = slurp(path, NULL);
	ok(text != NULL && strncmp(text, "assay-manifest 1\ngenerator\ttest\n", 32) == 0,
	    "the build's manifest is beside public/, from this generator");
	free(text);

	put(out, "current/manifest.txt", "assay-manifest 1\ngenerator\ttest\n\x01\xff garbage\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a damaged manifest does not fail the next build: %s",
	    diag_line());
	ok(st.reused == 0 && st.rendered == 3, "... which builds every page (%u reused, %u "
	    "built)", st.reused, st.rendered);

	put(out, "current/manifest.txt", "assay-manifest 1\ngenerator\tanother program\n"
	    "version\t0\npage\ta.md\tX\tA\n");
	d = new_diags();
	is_int(site_build(&c, &st), 0, "another program's manifest");
	is_int(st.reused, 0, "... is ignored");

	d = new_diags();
	is_int(site_build(&c, &st), 0, "the manifest that build left");
	is_int(st.reused, 2, "... is used again");

	snprintf(path, sizeof(path), "%s/current/manifest.txt", out);
	text = slurp(path, NULL);
	if (text != NULL) {
		char *w = strstr(text, "warn\t");

		/* A reused page's record of 12 fields, instead of 3. */
		if (w != NULL) {
			struct buf b = BUF_INIT;

			buf_add(&b, text, (size_t)(w - text));
			buf_puts(&b, "warn\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12");
			buf_puts(&b, strchr(w, '\n'));
			put(out, "current/manifest.txt", b.data);
			buf_free(&b);
		}
		ok(w != NULL, "the manifest records the warning");
	}
	free(text);
	d = new_diags();
	is_int(site_build(&c, &st), 0, "a record with too many fields does not fail a build");
	ok(st.reused == 2 && strstr(diag_str(), "not-a-field") == NULL,
	    "... it is ignored: the page is reused, the record reports nothing: %s",
	    diag_line());
	tmpdir_remove(root);
	tmpdir_remove(out);
}

int
main(void)
{
	char *dir = tmpdir();

	test_round_trip(dir);
	test_refused(dir);
	test_bad_records(dir);
	tmpdir_remove(dir);
	test_next_build();
	buf_free(&diag_text);
	return tap_done();
}
