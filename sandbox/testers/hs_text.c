/*
 * hs_text.c - the hspec tester's text work: pragmas refused, modules
 * made, interface dumps compared, the test program's output judged; see
 * hs_text.h.
 *
 * The interface dump (ghc -ddump-hi) lists each declaration as a line of
 * 32 hex digits (its fingerprint) followed by lines indented by two
 * spaces; instances are lines starting "instance ". At -O0 a declaration
 * says its type and nothing of its code (GHC omits unfoldings and arities
 * from interfaces unless optimising), which is why a test program
 * compiled against the skeleton's interface links with any module whose
 * declarations read the same.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sandbox/testers/hs_text.h"
#include "sandbox/util/buf.h"

/* ---- Pragmas ---------------------------------------------------------- */

/* Extensions that turn Safe Haskell off or let the compile step read
 * files or run code. */
static const char *const refused_ext[] = {
	"CPP", "TemplateHaskell", "TemplateHaskellQuotes", "QuasiQuotes",
	"Trustworthy", "Unsafe", NULL,
};

/* Is the extension word W (N bytes) one of refused_ext? */
static const char *
refused_extension(const char *w, size_t n)
{
	for (const char *const *e = refused_ext; *e != NULL; e++)
		if (strlen(*e) == n && memcmp(*e, w, n) == 0)
			return *e;
	return NULL;
}

/* The pragma at P (after "{-#"), up to END: 1 and WHY when refused. */
static int
refused_pragma(const char *p, const char *end, char *why, size_t whylen)
{
	const char *name, *close;
	size_t n;

	while (p < end && isspace((unsigned char)*p))
		p++;
	name = p;
	while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
		p++;
	n = (size_t)(p - name);
	if ((n >= 7 && strncasecmp(name, "OPTIONS", 7) == 0) ||
	    (n == 7 && strncasecmp(name, "INCLUDE", 7) == 0)) {
		snprintf(why, whylen, "the pragma %.*s", (int)n, name);
		return 1;
	}
	if (!(n == 8 && strncasecmp(name, "LANGUAGE", 8) == 0))
		return 0;
	close = p;
	while (close + 2 < end && memcmp(close, "#-}", 3) != 0)
		close++;
	while (p < close) {
		const char *w;
		const char *e;

		while (p < close && !isalnum((unsigned char)*p))
			p++;
		w = p;
		while (p < close && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		if ((e = refused_extension(w, (size_t)(p - w))) != NULL) {
			snprintf(why, whylen, "the extension %s", e);
			return 1;
		}
	}
	return 0;
}

int
hs_text_refused(const char *code, size_t len, char *why, size_t whylen)
{
	const char *end = code + len;

	for (const char *p = code; p + 3 <= end; p++)
		if (p[0] == '{' && p[1] == '-' && p[2] == '#' &&
		    refused_pragma(p + 3, end, why, whylen))
			return 1;
	return 0;
}

/* ---- Modules ---------------------------------------------------------- */

/* Does CODE have a line starting "module "? */
static int
has_header(const char *code, size_t len)
{
	for (size_t i = 0; i + 7 <= len; i++)
		if ((i == 0 || code[i - 1] == '\n') && memcmp(code + i, "module", 6) == 0 &&
		    isspace((unsigned char)code[i + 6]))
			return 1;
	return 0;
}

char *
hs_text_module(const char *code, size_t len)
{
	struct buf b = BUF_INIT;

	if (!has_header(code, len))
		buf_puts(&b, "module Submission where\n{-# LINE 1 \"Submission.hs\" #-}\n");
	buf_add(&b, code, len);
	if (len == 0 || code[len - 1] != '\n')
		buf_puts(&b, "\n");
	return buf_steal(&b);
}

/* Words that start a top-level line without naming a value. */
static int
keyword(const char *w, size_t n)
{
	static const char *const k[] = { "module", "import", "data", "newtype",
	    "type", "class", "instance", "where", "infix", "infixl", "infixr",
	    "deriving", "default", "foreign", "pattern", NULL };

	for (const char *const *p = k; *p != NULL; p++)
		if (strlen(*p) == n && memcmp(*p, w, n) == 0)
			return 1;
	return 0;
}

/* The name a top-level line L (up to E) starts with: a variable or "(op)";
 * its length in *N, NULL when none. */
static const char *
line_name(const char *l, const char *e, size_t *n)
{
	const char *p = l;

	if (p < e && *p == '(') {
		while (p < e && *p != ')' && *p != '\n')
			p++;
		if (p == e || *p != ')')
			return NULL;
		*n = (size_t)(p + 1 - l);
		return l;
	}
	if (p == e || !(islower((unsigned char)*p) || *p == '_'))
		return NULL;
	while (p < e && (isalnum((unsigned char)*p) || *p == '_' || *p == '\''))
		p++;
	*n = (size_t)(p - l);
	return keyword(l, *n) ? NULL : l;
}

/* Does the rest of a line, from P to E, start with "::" after blanks? */
static int
is_signature(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return e - p >= 2 && p[0] == ':' && p[1] == ':';
}

/* Is NAME (N bytes) defined by an equation of CODE: a top-level line
 * starting with it and not a signature? */
static int
has_equation(const char *code, size_t len, const char *name, size_t n)
{
	const char *end = code + len;

	for (const char *l = code; l < end; ) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		size_t m;

		if (e == NULL)
			e = end;
		if (line_name(l, e, &m) == l && m == n && memcmp(l, name, n) == 0 &&
		    !is_signature(l + m, e))
			return 1;
		l = e + 1;
	}
	return 0;
}

char *
hs_text_skeleton(const char *code, size_t len)
{
	struct buf b = BUF_INIT;
	const char *end = code + len;
	char *m = hs_text_module(code, len);

	if (m == NULL)
		return NULL;
	buf_puts(&b, m);
	free(m);
	for (const char *l = code; l < end; ) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		size_t n;

		if (e == NULL)
			e = end;
		if (line_name(l, e, &n) == l && is_signature(l + n, e) &&
		    !has_equation(code, len, l, n))
			buf_printf(&b, "%.*s = undefined\n", (int)n, l);
		l = e + 1;
	}
	return buf_steal(&b);
}

/* ---- Interface dumps -------------------------------------------------- */

/* One declaration or instance of a dump. */
struct hs_decl {
	char *key;		/* "strongPasswd", "type Shape", "instance ..." */
	char *text;		/* normalised: blanks collapsed, String spelt out */
	char *shown;		/* its signature or first line, as GHC wrote it
				   (blanks collapsed) */
};

struct hs_decls {
	struct hs_decl *v;
	size_t n, cap;
	int oom;
};

static void
decls_free(struct hs_decls *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].key);
		free(d->v[i].text);
		free(d->v[i].shown);
	}
	free(d->v);
}

/* S with blanks collapsed and GHC.Base.String written as the list it is. */
static char *
normalise(const char *s, size_t n)
{
	static const char syn[] = "GHC.Base.String";
	struct buf b = BUF_INIT;
	int space = 0;

	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_putc(&b, ' ');
		space = 0;
		if (n - i >= sizeof(syn) - 1 && memcmp(s + i, syn, sizeof(syn) - 1) == 0 &&
		    (i + sizeof(syn) - 1 == n ||
		    !isalnum((unsigned char)s[i + sizeof(syn) - 1]))) {
			buf_puts(&b, "[GHC.Types.Char]");
			i += sizeof(syn) - 2;
			continue;
		}
		buf_putc(&b, s[i]);
	}
	buf_puts(&b, "");
	return buf_steal(&b);
}

/* The signature of the block TEXT (N bytes; its first line ends at NL): the
 * lines up to the next at the block's own indent (two spaces: GHC's
 * IdInfo, "[]" or "DFunId"), blanks collapsed, String kept. */
static char *
normalise_sig(const char *text, size_t n, const char *nl)
{
	const char *end = text + n;
	struct buf b = BUF_INIT;

	while (nl != NULL && nl + 1 < end && nl[1] == ' ' && nl + 3 < end &&
	    nl[2] == ' ' && nl[3] == ' ')
		nl = memchr(nl + 1, '\n', (size_t)(end - nl - 1));
	n = nl ? (size_t)(nl - text) : n;
	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)text[i])) {
			if (b.len > 0 && b.data[b.len - 1] != ' ')
				buf_putc(&b, ' ');
			continue;
		}
		buf_putc(&b, text[i]);
	}
	if (b.len > 0 && b.data[b.len - 1] == ' ')
		b.len--;
	buf_puts(&b, "");
	return buf_steal(&b);
}

/* Is the line L (N bytes) a fingerprint: 32 hex digits alone? */
static int
fingerprint(const char *l, size_t n)
{
	if (n != 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)l[i]))
			return 0;
	return 1;
}

/* Adds the entry of KEY (KLEN bytes), whose block is TEXT (N bytes). */
static void
decls_add(struct hs_decls *d, const char *key, size_t klen, const char *text,
    size_t n)
{
	const char *nl = memchr(text, '\n', n);
	struct hs_decl *e;

	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 32;
		struct hs_decl *v = realloc(d->v, cap * sizeof(*v));

		if (v == NULL) {
			d->oom = 1;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	e = &d->v[d->n];
	e->key = strndup(key, klen);
	e->text = normalise(text, n);
	e->shown = normalise_sig(text, n, nl);
	if (e->key == NULL || e->text == NULL || e->shown == NULL) {
		free(e->key);
		free(e->text);
		free(e->shown);
		d->oom = 1;
		return;
	}
	d->n++;
}

/* The key of a block whose first line is L (N bytes, after its indent):
 * "type X" for a type's, the name for a value's. */
static size_t
block_key(const char *l, size_t n, const char **key)
{
	size_t i = 0;

	*key = l;
	if (n > 5 && memcmp(l, "type ", 5) == 0)
		i = 5;
	while (i < n && !isspace((unsigned char)l[i]))
		i++;
	return i;
}

/* The declarations and instances of the dump S (N bytes). */
static void
decls_parse(const char *s, size_t n, struct hs_decls *d)
{
	const char *end = s + n, *l = s, *start = NULL, *key = NULL;
	size_t klen = 0;

	memset(d, 0, sizeof(*d));
	while (l <= end && !d->oom) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		size_t len;

		if (e == NULL)
			e = end;
		len = (size_t)(e - l);
		if (start != NULL && !(len >= 2 && l[0] == ' ' && l[1] == ' ')) {
			decls_add(d, key, klen, start, (size_t)(l - start));
			start = NULL;
		}
		if (start == NULL && fingerprint(l, len) && e < end) {
			const char *f = e + 1;

			while (f < end && *f == ' ')
				f++;

			klen = block_key(f, (size_t)(end - f) < 200 ? (size_t)(end - f) :
			    200, &key);
			start = e + 1;
		} else if (start == NULL && len > 9 && memcmp(l, "instance ", 9) == 0) {
			key = l;
			klen = len;
			start = l;
		}
		if (e == end)
			break;
		l = e + 1;
	}
	if (start != NULL && !d->oom)
		decls_add(d, key, klen, start, (size_t)(end - start));
}

/* S without module qualifiers (GHC.Types.Bool: Bool), into B. */
static void
unqualified(struct buf *b, const char *t)
{
	for (const char *p = t; *p != '\0'; ) {
		const char *q = p;

		if (isupper((unsigned char)*p) && (p == t || !(isalnum((unsigned char)p[-1]) ||
		    p[-1] == '_' || p[-1] == '\'' || p[-1] == '.'))) {
			while (isupper((unsigned char)*q)) {
				const char *r = q;

				while (isalnum((unsigned char)*r) || *r == '_' || *r == '\'')
					r++;
				if (*r != '.' || r[1] == '\0' || isspace((unsigned char)r[1]))
					break;
				q = r + 1;
			}
		}
		if (q != p) {
			p = q;
			continue;
		}
		buf_putc(b, *p++);
	}
}

/* The entry of D under KEY whose text is TEXT, else the first under KEY,
 * or NULL. (GHC's dumps name each declaration once.) */
static const struct hs_decl *
decls_find(const struct hs_decls *d, const char *key, const char *text)
{
	const struct hs_decl *first = NULL;

	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].key, key) == 0) {
			if (strcmp(d->v[i].text, text) == 0)
				return &d->v[i];
			if (first == NULL)
				first = &d->v[i];
		}
	return first;
}

/* One line of the message about skeleton entry K, missing or different
 * (S: the student's entry, or NULL). */
static void
mismatch(struct buf *b, const struct hs_decl *k, const struct hs_decl *s)
{
	const char *shown = k->shown + strspn(k->shown, " ");

	if (strncmp(k->key, "instance ", 9) == 0) {
		const char *h = k->key + 9;

		if (strncmp(h, "[safe] ", 7) == 0)
			h += 7;
		buf_puts(b, "Your module must have the instance ");
		unqualified(b, h);
		buf_puts(b, " of the exercise.\n");
	} else if (strncmp(k->key, "type ", 5) == 0) {
		buf_printf(b, "The type %s must be declared as in the exercise.\n",
		    k->key + 5);
	} else if (s == NULL) {
		buf_puts(b, "Your module must define ");
		unqualified(b, shown);
		buf_puts(b, ".\n");
	} else {
		const char *t = strstr(k->shown, " :: "), *u = strstr(s->shown, " :: ");

		buf_printf(b, "%s must have type ", k->key);
		unqualified(b, t ? t + 4 : k->shown);
		buf_puts(b, " (yours has type ");
		unqualified(b, u ? u + 4 : s->shown);
		buf_puts(b, ").\n");
	}
}

char *
hs_text_compare(const char *skel, size_t skel_len, const char *stu,
    size_t stu_len, int *nomem)
{
	struct hs_decls k, s;
	struct buf b = BUF_INIT;
	char *msg = NULL;

	*nomem = 0;
	decls_parse(skel, skel_len, &k);
	decls_parse(stu, stu_len, &s);
	if (k.oom || s.oom) {
		*nomem = 1;
		goto out;
	}
	for (size_t i = 0; i < k.n; i++) {
		const struct hs_decl *e = decls_find(&s, k.v[i].key, k.v[i].text);

		/* $-names (dictionaries, type representations) follow the
		 * declarations and instances compared here. */
		if (k.v[i].key[0] == '$' || (e != NULL && strcmp(e->text, k.v[i].text) == 0))
			continue;
		mismatch(&b, &k.v[i], e);
	}
	if (b.len == 0 && !b.oom)
		goto out;
	if ((msg = buf_steal(&b)) == NULL)
		*nomem = 1;
out:
	buf_free(&b);
	decls_free(&k);
	decls_free(&s);
	return msg;
}

int
hs_text_packages(const char *dump, size_t len, char **out)
{
	static const char tag[] = "\npackage dependencies:";
	struct buf b = BUF_INIT;
	const char *end = dump + len, *p = dump;

	buf_puts(&b, *out);
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= sizeof(tag) - 1 &&
		    memcmp(p, tag, sizeof(tag) - 1) == 0)
			break;
		p++;
	}
	for (p = p ? p + sizeof(tag) - 1 : end; p < end; ) {
		const char *w;

		while (p < end && *p != '\n' && isspace((unsigned char)*p))
			p++;
		if (p == end || (*p == '\n' && (p + 1 == end || p[1] != ' ')))
			break;
		if (*p == '\n') {
			p++;
			continue;
		}
		w = p;
		while (p < end && !isspace((unsigned char)*p) && *p != '*')
			p++;
		/* A package name: letters, digits, '-', '.'; nothing to quote. */
		if (p > w)
			buf_printf(&b, " -package %.*s", (int)(p - w), w);
		while (p < end && *p == '*')
			p++;
	}
	buf_puts(&b, "");
	if (b.oom) {
		buf_free(&b);
		return -1;
	}
	free(*out);
	*out = buf_steal(&b);
	return *out == NULL ? -1 : 0;
}

/* ---- The test program's output ------------------------------------------ */

/* Is the line L (N bytes) one hspec writes for a terminal's user? */
static int
noise(const char *l, size_t n)
{
	const char *t = l;

	while (t < l + n && *t == ' ')
		t++;
	return (l + n - t >= 12 && memcmp(t, "To rerun use", 12) == 0) ||
	    (l + n - t >= 11 && memcmp(t, "Finished in", 11) == 0);
}

/* Does OUT (N bytes) have a line starting with PREFIX? */
static int
has_line(const char *out, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	for (size_t i = 0; i + k <= n; i++)
		if ((i == 0 || out[i - 1] == '\n') && memcmp(out + i, prefix, k) == 0)
			return 1;
	return 0;
}

enum hs_verdict
hs_text_judge(const char *out, size_t len, const char *marker, int qc,
    char **shown, int *nomem)
{
	enum hs_verdict v = HS_NO_MARKER;
	struct buf b = BUF_INIT;
	size_t end = len, start, mlen = strlen(marker);

	*nomem = 0;
	while (end > 0 && out[end - 1] == '\n')
		end--;
	start = end;
	while (start > 0 && out[start - 1] != '\n')
		start--;
	if (mlen > 0 && end - start == mlen + 7 && memcmp(out + start, marker, mlen) == 0) {
		if (memcmp(out + start + mlen, " passed", 7) == 0)
			v = HS_PASSED;
		else if (memcmp(out + start + mlen, " failed", 7) == 0)
			v = HS_FAILED;
	}
	if (v == HS_NO_MARKER)
		start = len;
	else if (start > 0)
		start--;	/* the runner's blank line before its own */
	if (v == HS_PASSED && qc && (has_line(out, start, "*** Failed") ||
	    has_line(out, start, "*** Gave up")))
		v = HS_FAILED;
	for (size_t i = 0; i < start; ) {
		const char *nl = memchr(out + i, '\n', start - i);
		size_t n = nl ? (size_t)(nl - (out + i)) + 1 : start - i;

		if (!noise(out + i, n))
			buf_add(&b, out + i, n);
		i += n;
	}
	buf_puts(&b, "");
	if ((*shown = buf_steal(&b)) == NULL) {
		*nomem = 1;
		return HS_NO_MARKER;
	}
	return v;
}
