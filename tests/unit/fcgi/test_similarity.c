/*
 * test_similarity.c - the tokenizer (renaming, reformatting and comments
 * change nothing; keywords, literals and Python's indentation; bytes past
 * the end never read) and the engine (identical code 100%, unrelated code
 * low, the skeleton and common fingerprints count for nothing, fragments'
 * lines, clusters, the JSON's shape; a long shared fragment flags a pair
 * the similarity alone does not, and the option turns that off).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fcgi/similarity.h"
#include "fcgi/simtok.h"
#include "tests/tap.h"

static const char prog_a[] =
    "#include <stdio.h>\n"
    "/* sums the numbers read */\n"
    "int main(void)\n"
    "{\n"
    "\tint n, total = 0, x;\n"
    "\tif (scanf(\"%d\", &n) != 1)\n"
    "\t\treturn 1;\n"
    "\tfor (int i = 0; i < n; i++) {\n"
    "\t\tif (scanf(\"%d\", &x) != 1)\n"
    "\t\t\treturn 1;\n"
    "\t\ttotal += x * 2;\n"
    "\t}\n"
    "\tprintf(\"%d\\n\", total);\n"
    "\treturn 0;\n"
    "}\n";

/* prog_a renamed, reformatted, commented differently. */
static const char prog_b[] =
    "#include <stdio.h>\n"
    "int main(void) { int count, acc = 0, value; // read\n"
    "  if (scanf(\"%i\", &count) != 1) return 7;\n"
    "  for (int k = 0; k < count; k++) { if (scanf(\"%i\", &value) != 1) return 1;\n"
    "      acc += value * 3; }\n"
    "  printf(\"%i\\n\", acc); return 0; }\n";

static const char prog_other[] =
    "struct node { struct node *next; char *key; };\n"
    "static struct node *find(struct node *l, const char *k) {\n"
    "\twhile (l != NULL && strcmp(l->key, k) != 0) l = l->next;\n"
    "\treturn l;\n"
    "}\n"
    "double mean(const double *v, unsigned long n) { double s = 0; unsigned long i;\n"
    "\tfor (i = 0; i < n; ++i) s += v[i]; return n ? s / n : 0.0; }\n";

/* Code of its own, unlike the others: what a partial copy adds around the copied part. */
static const char own_a[] =
    "static int cmp(const void *x, const void *y) {\n"
    "\tconst int *a = x, *b = y;\n"
    "\treturn *a < *b ? -1 : *a > *b;\n"
    "}\n"
    "void report(int *v, size_t n, FILE *out) {\n"
    "\tqsort(v, n, sizeof(*v), cmp);\n"
    "\tfprintf(out, \"min %d max %d median %d\\n\", v[0], v[n - 1], v[n / 2]);\n"
    "\tfor (size_t i = 0; i + 1 < n; i++)\n"
    "\t\tif (v[i] == v[i + 1])\n"
    "\t\t\tfputs(\"duplicates\\n\", out);\n"
    "}\n"
    "enum { RED, GREEN, BLUE };\n"
    "static const char *names[] = { \"red\", \"green\", \"blue\" };\n"
    "const char *colour(unsigned c) { return c < 3 ? names[c] : \"?\"; }\n";

static const char own_b[] =
    "#define MAX 64\n"
    "struct stack { int items[MAX]; int top; };\n"
    "static int push(struct stack *s, int v) {\n"
    "\tif (s->top == MAX) return -1;\n"
    "\ts->items[s->top++] = v; return 0;\n"
    "}\n"
    "static int pop(struct stack *s, int *v) {\n"
    "\tif (s->top == 0) return -1;\n"
    "\t*v = s->items[--s->top]; return 0;\n"
    "}\n"
    "long power(long b, unsigned e) { long r = 1; while (e) { if (e & 1) r *= b; b *= b;"
    " e >>= 1; } return r; }\n"
    "int is_prime(long n) { if (n < 2) return 0; for (long d = 2; d * d <= n; d++)"
    " if (n % d == 0) return 0; return 1; }\n";

static struct simtok *
scan(enum simtok_lang lang, const char *src, size_t *n)
{
	struct simtok *t = NULL;

	if (simtok_scan(lang, src, strlen(src), &t, n))
		printf("Bail out! out of memory\n");
	return t;
}

/* Do the kinds of A and B match? */
static int
same_kinds(enum simtok_lang lang, const char *a, const char *b)
{
	size_t na, nb;
	struct simtok *ta = scan(lang, a, &na), *tb = scan(lang, b, &nb);
	int same = na == nb;

	for (size_t i = 0; same && i < na; i++)
		same = ta[i].kind == tb[i].kind;
	free(ta);
	free(tb);
	return same;
}

static void
test_tokens(void)
{
	size_t n;
	struct simtok *t;
	enum simtok_lang lang;

	ok(same_kinds(SIMTOK_C, prog_a, prog_b), "C: renamed, reformatted, recommented: the same stream");
	ok(!same_kinds(SIMTOK_C, "for (;;) x++;", "while (1) x++;"), "C: for is not while");
	ok(!same_kinds(SIMTOK_C, "a < b", "a <= b"), "C: < is not <=");
	ok(same_kinds(SIMTOK_C, "x = 1.5e-3 + 'c' + \"s\\\"t\";", "y = 7 + '\\n' + \"\";"),
	    "C: literals by kind");
	ok(!same_kinds(SIMTOK_C, "x = 1;", "x = 'a';"), "C: a number is not a char");
	t = scan(SIMTOK_C, "a\n/* one\ntwo */ b // c\n\"s\nd", &n);
	is_int(n, 4, "C: comments dropped, an unclosed string ends at its line");
	if (n == 4) {
		is_int(t[1].line, 3, "C: lines counted through comments");
		is_int(t[3].line, 5, "C: the token after the unclosed string");
	}
	free(t);
	ok(same_kinds(SIMTOK_PYTHON, "def f(a, b):\n    # sum\n    return a + b\n",
	    "def  g(x,\n      y):\n\n\treturn x+y  # add\n"), "Python: renamed, reformatted, comments");
	t = scan(SIMTOK_PYTHON, "if a:\n    b\nc\n", &n);
	ok(n == 10 && t[3].kind == SIMTOK_NEWLINE && t[4].kind == SIMTOK_INDENT &&
	    t[7].kind == SIMTOK_DEDENT, "Python: INDENT and DEDENT");
	free(t);
	ok(!same_kinds(SIMTOK_PYTHON, "if a:\n  b\n  c\n", "if a:\n  b\nc\n"),
	    "Python: indentation is structure");
	ok(same_kinds(SIMTOK_PYTHON, "x = '''a\nb''' + rb\"\\\"\"\n", "y = 'c' + \"d\"\n"),
	    "Python: strings of every quote and prefix");
	t = scan(SIMTOK_C, "", &n);
	ok(n == 0 && t == NULL, "empty input: no tokens");
	/* Not NUL-terminated: the scanner stops at the length. */
	{
		char *buf = malloc(3);

		memcpy(buf, "/*\"", 3);
		simtok_scan(SIMTOK_C, buf, 3, &t, &n);
		ok(n == 0, "an unclosed comment at the end");
		free(t);
		memcpy(buf, "r'\\", 3);
		simtok_scan(SIMTOK_PYTHON, buf, 3, &t, &n);
		ok(n == 2, "an unclosed Python string at the end (STR, NEWLINE)");
		free(t);
		free(buf);
	}
	ok(simtok_lang_parse("c", &lang) == 0 && lang == SIMTOK_C &&
	    simtok_lang_parse("python", &lang) == 0 && lang == SIMTOK_PYTHON &&
	    simtok_lang_parse("haskell", &lang) == -1, "languages");
}

/* An engine with the sources SRC[0..N) named s0, s1...; SKEL may be NULL. */
static struct similarity *
engine(const char *const *src, size_t n, const char *skel, const struct similarity_opts *o)
{
	struct similarity *s = similarity_new(o);
	size_t nt;
	struct simtok *t;
	char name[16];

	if (skel != NULL) {
		t = scan(SIMTOK_C, skel, &nt);
		similarity_skeleton(s, t, nt);
		free(t);
	}
	for (size_t i = 0; i < n; i++) {
		t = scan(SIMTOK_C, src[i], &nt);
		snprintf(name, sizeof(name), "s%zu", i);
		similarity_add(s, name, t, nt);
		free(t);
	}
	if (similarity_run(s))
		printf("Bail out! similarity_run\n");
	return s;
}

static double
sim_of(const struct similarity *s, size_t a, size_t b)
{
	for (size_t i = 0; i < similarity_npairs(s); i++) {
		const struct similarity_pair *p = similarity_pair(s, i);

		if ((p->a == a && p->b == b) || (p->a == b && p->b == a))
			return p->similarity;
	}
	return 0;
}

static void
test_engine(void)
{
	const char *src[] = { prog_a, prog_b, prog_other };
	const char *four[] = { prog_a, prog_a, prog_a, prog_other };
	const char *half[] = { prog_other, prog_a };
	struct similarity *s = engine(src, 3, NULL, NULL);
	const struct similarity_pair *p;
	size_t n;
	const size_t *c;
	json_t *j;

	ok(sim_of(s, 0, 1) > 0.999, "renamed and reformatted: 100%% (%.3f)", sim_of(s, 0, 1));
	ok(sim_of(s, 0, 2) < 0.1, "unrelated: low (%.3f)", sim_of(s, 0, 2));
	p = similarity_pair(s, 0);
	ok(p != NULL && p->a == 0 && p->b == 1 && p->nfragments == 1, "ranked first, one fragment");
	for (size_t i = 0; p != NULL && i < p->nfragments; i++)
		diag("fragment %u-%u %u-%u %u", p->fragments[i].a_from, p->fragments[i].a_to, p->fragments[i].b_from, p->fragments[i].b_to, p->fragments[i].tokens);
	if (p != NULL && p->nfragments == 1) {
		is_int(p->fragments[0].a_from, 1, "fragment starts on line 1 of a");
		is_int(p->fragments[0].a_to, 15, "and ends on its line 15");
		is_int(p->fragments[0].b_from, 1, "from line 1 of b");
		is_int(p->fragments[0].b_to, 6, "to its line 6");
		is_int(p->longest_lines, 15, "the longest fragment in lines");
	}
	c = similarity_cluster(s, 0, &n);
	ok(similarity_nclusters(s) == 1 && n == 2 && c[0] == 0 && c[1] == 1, "one cluster: s0, s1");
	j = similarity_to_json(s, "c/sum");
	ok(j != NULL && json_array_size(json_object_get(j, "pairs")) >= 1 &&
	    json_is_array(json_object_get(json_array_get(json_object_get(json_array_get(
	    json_object_get(j, "pairs"), 0), "fragments"), 0), "a")) &&
	    json_integer_value(json_object_get(j, "k")) == SIMILARITY_K, "the JSON's shape");
	json_decref(j);
	similarity_free(s);

	s = engine(src, 2, prog_a, NULL);
	ok(sim_of(s, 0, 1) == 0, "the skeleton counts for nothing (%.3f)", sim_of(s, 0, 1));
	similarity_free(s);

	s = engine(four, 4, NULL, NULL);
	ok(sim_of(s, 0, 1) == 0, "in 3 of 4 submissions: common, ignored (%.3f)", sim_of(s, 0, 1));
	similarity_free(s);
	{
		struct similarity_opts o;

		similarity_defaults(&o);
		o.common = 1;
		s = engine(four, 4, NULL, &o);
		ok(sim_of(s, 0, 1) > 0.999, "common 1: nothing is common");
		similarity_free(s);
	}
	s = engine(half, 2, NULL, NULL);
	ok(similarity_npairs(s) == 0 || sim_of(s, 0, 1) < 0.1, "two different: nothing");
	similarity_free(s);
	s = engine(NULL, 0, NULL, NULL);
	ok(similarity_npairs(s) == 0 && similarity_nclusters(s) == 0, "no submissions");
	similarity_free(s);
}

static const struct similarity_pair *
pair_of(const struct similarity *s, size_t a, size_t b)
{
	for (size_t i = 0; i < similarity_npairs(s); i++) {
		const struct similarity_pair *p = similarity_pair(s, i);

		if ((p->a == a && p->b == b) || (p->a == b && p->b == a))
			return p;
	}
	return NULL;
}

/* The second criterion: a long shared fragment flags a pair of low similarity. */
static void
test_fragment(void)
{
	size_t la = strlen(prog_a) + strlen(own_a) + 1, lb = strlen(prog_b) + strlen(own_b) + 1;
	char *a = malloc(la), *b = malloc(lb);
	const char *src[] = { a, b, prog_other };
	const struct similarity_pair *p;
	struct similarity_opts o;
	struct similarity *s;
	json_t *j, *jp;
	size_t n;

	/* A partial copy: prog_a's main (renamed, reformatted) among code of each one's own. */
	snprintf(a, la, "%s%s", own_a, prog_a);
	snprintf(b, lb, "%s%s", prog_b, own_b);
	s = engine(src, 3, NULL, NULL);
	p = pair_of(s, 0, 1);
	ok(p != NULL && p->similarity < SIMILARITY_THRESHOLD && p->longest >= SIMILARITY_FRAGMENT &&
	    p->why == SIMILARITY_BY_FRAGMENT, "a partial copy: below the threshold (%.2f), flagged "
	    "by its fragment of %u tokens", p ? p->similarity : 0, p ? p->longest : 0);
	ok(p != NULL && p->covered_a == p->covered_b && p->covered_a >= p->longest,
	    "covered on both sides (%u, %u)", p ? p->covered_a : 0, p ? p->covered_b : 0);
	p = pair_of(s, 0, 2);
	ok(p == NULL || p->why == SIMILARITY_NOT_FLAGGED, "an unrelated pair: not flagged");
	ok(similarity_nclusters(s) == 1 && similarity_cluster(s, 0, &n) && n == 2,
	    "the flagged pair is a cluster");
	j = similarity_to_json(s, "c/sum");
	jp = json_array_get(json_object_get(j, "pairs"), 0);
	ok(json_integer_value(json_object_get(j, "fragment")) == SIMILARITY_FRAGMENT &&
	    json_is_true(json_object_get(jp, "flagged")) &&
	    strcmp(json_string_value(json_object_get(jp, "why")) ?
	    json_string_value(json_object_get(jp, "why")) : "", "fragment") == 0 &&
	    json_is_number(json_object_get(jp, "similarity")) &&
	    json_is_integer(json_object_get(jp, "longest_tokens")), "the JSON: flagged, why");
	jp = json_array_get(json_object_get(j, "pairs"), 1);
	ok(jp == NULL || (json_is_false(json_object_get(jp, "flagged")) &&
	    json_is_null(json_object_get(jp, "why"))), "an unflagged pair: false, null");
	json_decref(j);
	similarity_free(s);

	similarity_defaults(&o);
	o.fragment = 0;
	s = engine(src, 3, NULL, &o);
	p = pair_of(s, 0, 1);
	ok(p != NULL && p->why == SIMILARITY_NOT_FLAGGED && similarity_nclusters(s) == 0,
	    "fragment 0: the similarity alone, not flagged, no cluster");
	similarity_free(s);

	/* A flagged pair is kept below min; an unflagged one is not. */
	similarity_defaults(&o);
	o.min = 0.9;
	s = engine(src, 3, NULL, &o);
	ok(similarity_npairs(s) == 1 && pair_of(s, 0, 1) != NULL, "kept below min when flagged");
	similarity_free(s);
	o.fragment = 0;
	s = engine(src, 3, NULL, &o);
	ok(similarity_npairs(s) == 0, "and not kept when not");
	similarity_free(s);

	/* Identical code: flagged by its similarity first. */
	s = engine((const char *[]){ prog_a, prog_b }, 2, NULL, NULL);
	p = pair_of(s, 0, 1);
	ok(p != NULL && p->why == SIMILARITY_BY_SIMILARITY, "identical: why similarity");
	similarity_free(s);
	free(a);
	free(b);
}

int
main(void)
{
	test_tokens();
	test_engine();
	test_fragment();
	return tap_done();
}
