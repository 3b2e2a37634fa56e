/* cases_text.c - templates, markers and graders of the cases tester; see
 * cases_text.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/cases_text.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

static const char c_template[] =
    "#include <stdio.h>\n"
    "#include <stdlib.h>\n"
    "#include <string.h>\n"
    "#include <math.h>\n"
    "#include <ctype.h>\n"
    "#include <stdbool.h>\n"
    "#include <limits.h>\n"
    "\n"
    "{{ STUDENT_ANSWER }}\n"
    "\n"
    "int main(void)\n"
    "{\n"
    "\t{{ TEST.testcode }}\n"
    "\treturn 0;\n"
    "}\n";

static const char py_template[] =
    "{{ STUDENT_ANSWER }}\n"
    "\n"
    "{{ TEST.testcode }}\n";

/* A placeholder {{ NAME }} at P? Its length, or 0. */
static size_t
placeholder(const char *p, const char *name)
{
	const char *q = p;
	size_t n = strlen(name);

	if (strncmp(q, "{{", 2) != 0)
		return 0;
	q += 2;
	while (*q == ' ' || *q == '\t')
		q++;
	if (strncmp(q, name, n) != 0)
		return 0;
	q += n;
	while (*q == ' ' || *q == '\t')
		q++;
	if (strncmp(q, "}}", 2) != 0)
		return 0;
	return (size_t)(q + 2 - p);
}

/* S as a Python string literal (ASCII, escaped). */
static void
py_literal(struct buf *t, const char *s)
{
	buf_puts(t, "'");
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\\' || *p == '\'')
			buf_printf(t, "\\%c", *p);
		else if (*p == '\n')
			buf_puts(t, "\\n");
		else if (*p < ' ' || *p >= 0x7f)
			/* Bytes as Latin-1 code points would change UTF-8 text:
			 * write the bytes and decode them. */
			buf_printf(t, "\\x%02x", *p);
		else
			buf_add(t, (const char *)p, 1);
	}
	buf_puts(t, "'");
}

/* Does S hold a byte outside ASCII? */
static int
has_non_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Adds LINE to T, preceded by IND (the placeholder's indentation). */
static void
py_line(struct buf *t, const char *ind, int first, const char *line)
{
	if (!first)
		buf_puts(t, ind);
	buf_puts(t, line);
}

/*
 * The C program's start of the tests: which test to run, and the run's
 * marker, copied and overwritten in the environment (with '-', so that
 * the environment keeps its shape).
 */
static const char c_tests_head[] =
    "\n{ const char *assay_case_env_ = getenv(\"ASSAY_CASE\");"
    " int assay_case_ = assay_case_env_ ? atoi(assay_case_env_) : 0;\n"
    "char assay_mark_[64] = \"\", *assay_m_ = getenv(\"" CASES_TEXT_MARK_ENV "\");\n"
    "for (size_t assay_i_ = 0; assay_m_ != NULL && assay_m_[assay_i_] != '\\0'; assay_i_++) {"
    " if (assay_i_ < sizeof(assay_mark_) - 1) assay_mark_[assay_i_] = assay_m_[assay_i_];"
    " assay_m_[assay_i_] = '-'; }\n";

/*
 * The isolated C program's harness (child/qc_case.c), after the marker is
 * overwritten, so that the student's process, started at the first call,
 * never has it: one trial for the run, whose failures come back here.
 */
static const char c_qc_head[] =
    "if (setjmp(*(jmp_buf *)qc__case_setup(\"./qc-callee\", \"./student.so\", %uu)) != 0)"
    " qc__case_failed();\n";

static void
expand_tests(struct buf *t, enum cases_text_lang lang,
    const struct cases_text_test *tests, size_t n, const char *ind,
    unsigned line, const unsigned *qc_fsize)
{
	if (lang == CASES_TEXT_C) {
		buf_puts(t, c_tests_head);
		if (qc_fsize != NULL)
			buf_printf(t, c_qc_head, *qc_fsize);
		for (size_t i = 0; i < n; i++) {
			buf_printf(t, "if (assay_case_ == 0 || assay_case_ == %zu) {\n%s{\n"
			    "#line 1 \"test-%zu.c\"\n", tests[i].number,
			    qc_fsize != NULL ? "qc__case_begin();\n" : "", tests[i].number);
			buf_puts(t, tests[i].code);
			buf_puts(t, "\n}\nfflush(stdout); fputs(\"\\n\", stdout);"
			    " fputs(assay_mark_, stdout); fputs(\"\\n\", stdout);"
			    " fflush(stdout); }\n");
		}
		buf_printf(t, "}\n#line %u \"template.c\"\n", line);
		return;
	}
	py_line(t, ind, 1, "import os as __assay_os__, builtins as __assay_b__\n");
	py_line(t, ind, 0, "__assay_case__ = __assay_os__.environ.get('ASSAY_CASE', '0')\n");
	for (size_t i = 0; i < n; i++) {
		py_line(t, ind, 0, "");
		buf_printf(t, "if __assay_case__ in ('0', '%zu'):\n", tests[i].number);
		py_line(t, ind, 0, "    __assay_b__.exec(__assay_b__.compile(");
		py_literal(t, tests[i].code);
		if (has_non_ascii(tests[i].code))
			buf_puts(t, ".encode('latin-1').decode('utf-8', 'replace')");
		buf_printf(t, ", '<test %zu>', 'exec'), __assay_b__.globals())\n",
		    tests[i].number);
		py_line(t, ind, 0, "    " CASES_TEXT_PY_END "()\n");
	}
	/* The rest of the placeholder's line follows. */
	py_line(t, ind, 0, "");
}

int
cases_text_before(const char *tmpl, size_t *len)
{
	const char *line_start;

	*len = 0;
	if (tmpl == NULL)
		return 0;
	line_start = tmpl;
	for (const char *p = tmpl; *p != '\0'; p++) {
		if (placeholder(p, "TEST.testcode") > 0)
			return -1;
		if (placeholder(p, "STUDENT_ANSWER") > 0) {
			if (p == line_start)
				*len = (size_t)(p - tmpl);
			return 0;
		}
		if (*p == '\n')
			line_start = p + 1;
	}
	return -1;
}

/* cases_text_program(), and cases_text_program_qc() when QC_FSIZE is set. */
static char *
program(enum cases_text_lang lang, const char *tmpl, const char *answer,
    size_t alen, const struct cases_text_test *tests, size_t n,
    const unsigned *qc_fsize, char *err, size_t errlen)
{
	struct buf t;
	unsigned line = 1;
	int seen_answer = 0, seen_tests = 0;
	const char *line_start;

	if (tmpl == NULL)
		tmpl = lang == CASES_TEXT_C ? c_template : py_template;
	for (const char *p = tmpl; *p != '\0'; p++) {
		seen_answer |= placeholder(p, "STUDENT_ANSWER") > 0;
		seen_tests |= placeholder(p, "TEST.testcode") > 0;
	}
	if (!seen_answer || !seen_tests) {
		snprintf(err, errlen, "the template has no {{ %s }}", seen_answer ?
		    "TEST.testcode" : "STUDENT_ANSWER");
		return NULL;
	}
	buf_init(&t);
	if (lang == CASES_TEXT_C)
		buf_puts(&t, "#include <stdio.h>\n#include <stdlib.h>\n"
		    "#line 1 \"template.c\"\n");
	line_start = tmpl;
	for (const char *p = tmpl; *p != '\0'; ) {
		size_t k;

		if ((k = placeholder(p, "STUDENT_ANSWER")) > 0) {
			if (lang == CASES_TEXT_C)
				buf_puts(&t, "\n#line 1 \"main.c\"\n");
			if (lang == CASES_TEXT_C)
				buf_add(&t, answer, alen);
			else
				buf_puts(&t, CASES_TEXT_PY_ANSWER "(globals())");
			if (lang == CASES_TEXT_C)
				buf_printf(&t, "\n#line %u \"template.c\"\n", line);
			p += k;
			continue;
		}
		if ((k = placeholder(p, "TEST.testcode")) > 0) {
			char ind[64];
			size_t m = 0;

			/* The indentation before it, when only that precedes it
			 * on its line (Python needs it on every line). */
			for (const char *q = line_start; q < p && m < sizeof(ind) - 1; q++) {
				if (*q != ' ' && *q != '\t') {
					m = 0;
					break;
				}
				ind[m++] = *q;
			}
			ind[m] = '\0';
			expand_tests(&t, lang, tests, n, ind, line, qc_fsize);
			p += k;
			continue;
		}
		if (*p == '\n') {
			line++;
			line_start = p + 1;
		}
		buf_add(&t, p, 1);
		p++;
	}
	buf_puts(&t, "");
	if (t.oom)
		snprintf(err, errlen, "out of memory");
	return buf_steal(&t);
}

char *
cases_text_program(enum cases_text_lang lang, const char *tmpl,
    const char *answer, size_t alen, const struct cases_text_test *tests,
    size_t n, char *err, size_t errlen)
{
	return program(lang, tmpl, answer, alen, tests, n, NULL, err, errlen);
}

char *
cases_text_program_qc(const char *tmpl, const char *decls,
    unsigned fsize_kib, const struct cases_text_test *tests, size_t n,
    char *err, size_t errlen)
{
	return program(CASES_TEXT_C, tmpl, decls, strlen(decls), tests, n,
	    &fsize_kib, err, errlen);
}

void
cases_text_marker(const unsigned char rnd[16], char marker[CASES_TEXT_MARKER_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	char *p = marker;

	memcpy(p, "#<assay-", 8);
	p += 8;
	for (size_t i = 0; i < 16; i++) {
		*p++ = hex[rnd[i] >> 4];
		*p++ = hex[rnd[i] & 0xf];
	}
	memcpy(p, ">#", 3);
}

int
cases_text_split(const char *out, size_t len, const char *marker, size_t n,
    size_t *starts, size_t *lens)
{
	size_t mlen = strlen(marker), pos = 0;

	for (size_t i = 0; i < n; i++) {
		const char *p = out + pos, *end = out + len, *hit = NULL;

		for (; p + mlen + 2 <= end; p++) {
			p = memchr(p, '\n', (size_t)(end - p));
			if (p == NULL || p + mlen + 2 > end)
				break;
			if (memcmp(p + 1, marker, mlen) == 0 && p[mlen + 1] == '\n') {
				hit = p;
				break;
			}
		}
		if (hit == NULL)
			return -1;
		starts[i] = pos;
		lens[i] = (size_t)(hit - (out + pos));
		pos = (size_t)(hit - out) + mlen + 2;
	}
	return pos == len ? 0 : -1;
}

int
cases_text_grader_parse(const char *s, enum cases_text_grader *out)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "exact") == 0)
		*out = CASES_TEXT_EXACT;
	else if (strcmp(s, "near") == 0)
		*out = CASES_TEXT_NEAR;
	else if (strcmp(s, "regex") == 0)
		*out = CASES_TEXT_REGEX;
	else
		return -1;
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* S (N bytes) without white space at the end of its lines nor newlines at
 * its end, into T. */
static void
exact_form(struct buf *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; ) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n, e = end;

		while (e > i && is_space(s[e - 1]))
			e--;
		buf_add(t, s + i, e - i);
		if (nl != NULL)
			buf_puts(t, "\n");
		i = end + 1;
	}
	buf_puts(t, "");
	while (!t->oom && t->len > 0 && t->data[t->len - 1] == '\n')
		t->data[--t->len] = '\0';
}

/*
 * The lower case of the two-byte UTF-8 character C0 C1 (U+0080 to U+07FF)
 * into OUT: Latin-1's and Latin Extended-A's letters, Greek's and
 * Cyrillic's capitals. Other characters are kept. (No locale: a grader's
 * verdict must not depend on its environment.)
 */
static void
fold2(unsigned char c0, unsigned char c1, unsigned char out[2])
{
	unsigned cp = ((c0 & 0x1fu) << 6) | (c1 & 0x3fu);

	if ((cp >= 0xc0 && cp <= 0xde && cp != 0xd7) || (cp >= 0x391 && cp <= 0x3ab &&
	    cp != 0x3a2) || (cp >= 0x410 && cp <= 0x42f))
		cp += 0x20;
	else if (cp >= 0x400 && cp <= 0x40f)
		cp += 0x50;
	else if (cp >= 0x100 && cp <= 0x17f && cp != 0x130 && cp != 0x138 &&
	    cp != 0x149 && cp != 0x17f &&
	    ((cp < 0x139 || (cp > 0x148 && cp < 0x179)) ? cp % 2 == 0 : cp % 2 == 1))
		cp += 1;
	out[0] = (unsigned char)(0xc0 | (cp >> 6));
	out[1] = (unsigned char)(0x80 | (cp & 0x3f));
}

/* S (N bytes) in lower case with every run of white space one space, none
 * at either end, into T. */
static void
near_form(struct buf *t, const char *s, size_t n)
{
	int space = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], two[2];

		if (is_space((char)c)) {
			space = 1;
			continue;
		}
		if (space && t->len > 0)
			buf_puts(t, " ");
		space = 0;
		if (c >= 0xc2 && c <= 0xdf && i + 1 < n &&
		    ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
			fold2(c, (unsigned char)s[i + 1], two);
			buf_add(t, (const char *)two, 2);
			i++;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		buf_add(t, (const char *)&c, 1);
	}
	buf_puts(t, "");
}

int
cases_text_match(enum cases_text_grader grader, const char *expected,
    const char *got, size_t glen, const regex_t *re)
{
	struct buf a, b;
	int rc = -1;

	buf_init(&a);
	buf_init(&b);
	switch (grader) {
	case CASES_TEXT_EXACT:
		exact_form(&a, expected, strlen(expected));
		exact_form(&b, got, glen);
		break;
	case CASES_TEXT_NEAR:
		near_form(&a, expected, strlen(expected));
		near_form(&b, got, glen);
		break;
	case CASES_TEXT_REGEX: {
		regmatch_t m;
		size_t n;
		char *c;

		if (re == NULL)
			return 0;
		if ((c = clean_text(got, glen, 0, 0, NULL)) == NULL)
			return -1;
		n = strlen(c);
		while (n > 0 && is_space(c[n - 1]))
			n--;
		c[n] = '\0';
		/* POSIX matches leftmost-longest: the whole text matches
		 * exactly when the match found spans it. */
		rc = regexec(re, c, 1, &m, 0) == 0 && m.rm_so == 0 &&
		    (size_t)m.rm_eo == n;
		free(c);
		return rc;
	}
	}
	if (!a.oom && !b.oom)
		rc = a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
	buf_free(&a);
	buf_free(&b);
	return rc;
}
