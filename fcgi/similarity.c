/*
 * similarity.c - winnowed k-gram fingerprints and the pairs they make; see
 * similarity.h.
 *
 * The run, in order:
 *   1. each submission's k-gram hashes, winnowed to its fingerprints;
 *   2. the index: every fingerprint of every submission as (hash,
 *      submission, position), sorted by hash; a hash's run is its postings;
 *      runs of skeleton hashes and common hashes are marked ignored;
 *   3. for each submission A, its matches with every later B through the
 *      postings, sorted by (B, diagonal, position), merged into fragments;
 *      each grows over the matching tokens winnowing left unselected at
 *      its ends (W - 1 at most); the covered tokens are the union of the
 *      fragments' spans;
 *   4. each pair flagged (its similarity at the threshold, or its longest
 *      fragment at least the fragment option's tokens), the pairs ranked,
 *      then union-find over the flagged ones.
 */
#include <stdlib.h>
#include <string.h>

#include "fcgi/similarity.h"

struct fp {
	uint64_t hash;
	uint32_t pos;		/* its k-gram's first token */
	uint32_t post;		/* its run in the index: [post, post_end) */
	uint32_t post_end;
	int ignored;
};

struct doc {
	char *name;
	struct simtok *t;
	size_t n;
	struct fp *fp;
	size_t nfp;
};

struct posting {
	uint64_t hash;
	uint32_t doc, fp;
};

struct match {
	uint32_t b;
	int64_t diag;
	uint32_t pa, pb;
};

struct similarity {
	struct similarity_opts o;
	struct doc *docs;
	size_t ndocs, capdocs;
	uint64_t *skel;		/* the skeleton's k-gram hashes, sorted after run */
	size_t nskel, capskel;
	struct similarity_pair *pairs;
	size_t npairs, cappairs;
	size_t **clusters, *clustern, nclusters;
};

void
similarity_defaults(struct similarity_opts *o)
{
	o->k = SIMILARITY_K;
	o->w = SIMILARITY_W;
	o->common = SIMILARITY_COMMON;
	o->threshold = SIMILARITY_THRESHOLD;
	o->fragment = SIMILARITY_FRAGMENT;
	o->min = 0;
}

struct similarity *
similarity_new(const struct similarity_opts *o)
{
	struct similarity *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	similarity_defaults(&s->o);
	if (o != NULL) {
		s->o = *o;
		s->o.k = o->k == 0 ? SIMILARITY_K : o->k > 64 ? 64 : o->k;
		s->o.w = o->w == 0 ? SIMILARITY_W : o->w > 1024 ? 1024 : o->w;
	}
	return s;
}

void
similarity_free(struct similarity *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->ndocs; i++) {
		free(s->docs[i].name);
		free(s->docs[i].t);
		free(s->docs[i].fp);
	}
	for (size_t i = 0; i < s->npairs; i++)
		free(s->pairs[i].fragments);
	for (size_t i = 0; i < s->nclusters; i++)
		free(s->clusters[i]);
	free(s->clusters);
	free(s->clustern);
	free(s->pairs);
	free(s->docs);
	free(s->skel);
	free(s);
}

/* Grows *P (of *CAP elements of SIZE) to hold N; 0 or -1. */
static int
grow(void *p, size_t *cap, size_t n, size_t size)
{
	void **pp = p, *q;
	size_t c = *cap ? *cap : 16;

	if (n <= *cap)
		return 0;
	while (c < n)
		c *= 2;
	if ((q = realloc(*pp, c * size)) == NULL)
		return -1;
	*pp = q;
	*cap = c;
	return 0;
}

/* The hash of the K kinds from T. */
static uint64_t
kgram_hash(const struct simtok *t, unsigned k)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (unsigned i = 0; i < k; i++) {
		h = (h ^ (t[i].kind & 0xff)) * 0x100000001b3ULL;
		h = (h ^ (t[i].kind >> 8)) * 0x100000001b3ULL;
	}
	return h;
}

int
similarity_skeleton(struct similarity *s, const struct simtok *t, size_t n)
{
	unsigned k = s->o.k;

	if (n < k)
		return 0;
	if (grow(&s->skel, &s->capskel, s->nskel + n - k + 1, sizeof(*s->skel)))
		return -1;
	for (size_t i = 0; i + k <= n; i++)
		s->skel[s->nskel++] = kgram_hash(t + i, k);
	return 0;
}

/* Winnows D's k-grams into D->fp: the rightmost smallest of every window. */
static int
winnow(struct doc *d, unsigned k, unsigned w)
{
	size_t nk = d->n >= k ? d->n - k + 1 : 0, last = SIZE_MAX;
	uint64_t *h;

	if (nk == 0)
		return 0;
	if ((h = malloc(nk * sizeof(*h))) == NULL ||
	    (d->fp = calloc(nk, sizeof(*d->fp))) == NULL) {
		free(h);
		return -1;
	}
	for (size_t i = 0; i < nk; i++)
		h[i] = kgram_hash(d->t + i, k);
	/* A stream shorter than a window is one window. */
	for (size_t start = 0; start == 0 || start + w <= nk; start++) {
		size_t end = start + w < nk ? start + w : nk, min = start;

		for (size_t i = start + 1; i < end; i++)
			if (h[i] <= h[min])
				min = i;
		if (min != last) {
			d->fp[d->nfp].hash = h[min];
			d->fp[d->nfp++].pos = (uint32_t)min;
			last = min;
		}
	}
	free(h);
	return 0;
}

int
similarity_add(struct similarity *s, const char *name, const struct simtok *t, size_t n)
{
	struct doc *d;

	if (n > UINT32_MAX / 2 || s->ndocs >= UINT32_MAX / 2 ||
	    grow(&s->docs, &s->capdocs, s->ndocs + 1, sizeof(*s->docs)))
		return -1;
	d = &s->docs[s->ndocs];
	memset(d, 0, sizeof(*d));
	if ((d->name = strdup(name ? name : "")) == NULL ||
	    (n > 0 && (d->t = malloc(n * sizeof(*t))) == NULL)) {
		free(d->name);
		return -1;
	}
	if (n > 0)
		memcpy(d->t, t, n * sizeof(*t));
	d->n = n;
	if (winnow(d, s->o.k, s->o.w)) {
		free(d->name);
		free(d->t);
		return -1;
	}
	s->ndocs++;
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return x->fp < y->fp ? -1 : x->fp > y->fp;
}

static int
in_skeleton(const struct similarity *s, uint64_t h)
{
	return s->nskel > 0 && bsearch(&h, s->skel, s->nskel, sizeof(h), cmp_u64) != NULL;
}

/*
 * The index: every fingerprint as a posting, sorted by hash; each
 * fingerprint learns its run, and whether it is ignored. *OUT is the
 * caller's to free.
 */
static int
build_index(struct similarity *s, struct posting **out)
{
	size_t total = 0, i = 0, j;
	struct posting *p;

	for (size_t d = 0; d < s->ndocs; d++)
		total += s->docs[d].nfp;
	if ((p = malloc((total ? total : 1) * sizeof(*p))) == NULL)
		return -1;
	for (size_t d = 0; d < s->ndocs; d++)
		for (size_t f = 0; f < s->docs[d].nfp; f++)
			p[i++] = (struct posting){ s->docs[d].fp[f].hash, (uint32_t)d, (uint32_t)f };
	qsort(p, total, sizeof(*p), cmp_posting);
	if (s->nskel > 0)
		qsort(s->skel, s->nskel, sizeof(*s->skel), cmp_u64);
	for (i = 0; i < total; i = j) {
		size_t ndocs = 1;
		int ignored;

		for (j = i + 1; j < total && p[j].hash == p[i].hash; j++)
			ndocs += p[j].doc != p[j - 1].doc;
		ignored = in_skeleton(s, p[i].hash) ||
		    (ndocs >= 3 && (double)ndocs > s->o.common * (double)s->ndocs);
		for (size_t m = i; m < j; m++) {
			struct fp *f = &s->docs[p[m].doc].fp[p[m].fp];

			f->post = (uint32_t)i;
			f->post_end = (uint32_t)j;
			f->ignored = ignored;
		}
	}
	*out = p;
	return 0;
}

static int
cmp_match(const void *a, const void *b)
{
	const struct match *x = a, *y = b;

	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	if (x->diag != y->diag)
		return x->diag < y->diag ? -1 : 1;
	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

/* Merged length of the spans [from[i], to[i]] (sorted here). */
struct span {
	uint32_t from, to;
};

static int
cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

static size_t
covered(struct span *sp, size_t n)
{
	size_t sum = 0;
	uint32_t from, to;

	if (n == 0)
		return 0;
	qsort(sp, n, sizeof(*sp), cmp_span);
	from = sp[0].from;
	to = sp[0].to;
	for (size_t i = 1; i < n; i++) {
		if (sp[i].from > to + 1) {
			sum += to - from + 1;
			from = sp[i].from;
		}
		if (sp[i].to > to)
			to = sp[i].to;
	}
	return sum + (to - from + 1);
}

/* A fragment in tokens, before it becomes lines. */
struct tfrag {
	uint32_t a0, a1, b0, b1;	/* inclusive */
};

static int
cmp_tfrag(const void *x, const void *y)
{
	const struct tfrag *a = x, *b = y;

	if (a->a0 != b->a0)
		return a->a0 < b->a0 ? -1 : 1;
	return a->b0 < b->b0 ? -1 : a->b0 > b->b0;
}

/* The fragments of matches M[0..N) (one B, sorted by diagonal then position) into F. */
static size_t
fragments(const struct match *m, size_t n, unsigned k, unsigned w, struct tfrag *f)
{
	size_t nf = 0;

	for (size_t i = 0; i < n; i++) {
		if (nf > 0 && m[i].diag == m[i - 1].diag && m[i].pa - m[i - 1].pa <= w) {
			f[nf - 1].a1 = m[i].pa + k - 1;
			f[nf - 1].b1 = m[i].pb + k - 1;
			continue;
		}
		f[nf++] = (struct tfrag){ m[i].pa, m[i].pa + k - 1, m[i].pb, m[i].pb + k - 1 };
	}
	return nf;
}

/*
 * Winnowing leaves up to W - 1 matching tokens unselected at each end of a
 * shared run: F grows over them where the kinds agree, and no further.
 */
static void
extend(struct tfrag *f, const struct doc *da, const struct doc *db, unsigned w)
{
	for (unsigned i = 1; i < w && f->a0 > 0 && f->b0 > 0 &&
	    da->t[f->a0 - 1].kind == db->t[f->b0 - 1].kind; i++) {
		f->a0--;
		f->b0--;
	}
	for (unsigned i = 1; i < w && f->a1 + 1 < da->n && f->b1 + 1 < db->n &&
	    da->t[f->a1 + 1].kind == db->t[f->b1 + 1].kind; i++) {
		f->a1++;
		f->b1++;
	}
}

static int
cmp_tfrag_len(const void *x, const void *y)
{
	const struct tfrag *a = x, *b = y;
	uint32_t la = a->a1 - a->a0, lb = b->a1 - b->a0;

	if (la != lb)
		return la > lb ? -1 : 1;
	return cmp_tfrag(x, y);
}

/*
 * Drops the fragments lying within a longer one on both sides (repeated
 * code matching itself off the diagonal): compared with the 64 longest
 * kept, so that pathological input stays linear. Returns the new count.
 */
static size_t
drop_inner(struct tfrag *f, size_t nf)
{
	size_t kept = 0;

	qsort(f, nf, sizeof(*f), cmp_tfrag_len);
	for (size_t i = 0; i < nf; i++) {
		int inner = 0;

		for (size_t j = 0; j < kept && j < 64 && !inner; j++)
			inner = f[i].a0 >= f[j].a0 && f[i].a1 <= f[j].a1 && f[i].b0 >= f[j].b0 &&
			    f[i].b1 <= f[j].b1;
		if (!inner)
			f[kept++] = f[i];
	}
	return kept;
}

/* Whether a pair of similarity SIM and fragments F[0..NF) is flagged, and why. */
static enum similarity_why
flag(const struct similarity *s, double sim, const struct tfrag *f, size_t nf)
{
	if (sim >= s->o.threshold)
		return SIMILARITY_BY_SIMILARITY;
	for (size_t i = 0; s->o.fragment > 0 && i < nf; i++)
		if (f[i].a1 - f[i].a0 + 1 >= s->o.fragment)
			return SIMILARITY_BY_FRAGMENT;
	return SIMILARITY_NOT_FLAGGED;
}

/*
 * The pair (A, B) from its matches M[0..N): its fragments, coverage and
 * similarity, whether it is flagged; kept when flagged or at least the
 * options' min. 0 or -1.
 */
static int
make_pair(struct similarity *s, size_t a, const struct match *m, size_t n)
{
	const struct doc *da = &s->docs[a], *db = &s->docs[m[0].b];
	struct tfrag *f = malloc(n * sizeof(*f));
	struct span *sp = malloc(n * sizeof(*sp));
	struct similarity_pair *p;
	size_t nf, cov = 0, side_cov[2] = { 0, 0 };
	enum similarity_why why;
	int rc = -1;

	if (f == NULL || sp == NULL)
		goto out;
	nf = fragments(m, n, s->o.k, s->o.w, f);
	for (size_t i = 0; i < nf; i++)
		extend(&f[i], da, db, s->o.w);
	nf = drop_inner(f, nf);
	for (int side = 0; side < 2; side++) {
		for (size_t i = 0; i < nf; i++)
			sp[i] = side ? (struct span){ f[i].b0, f[i].b1 } :
			    (struct span){ f[i].a0, f[i].a1 };
		side_cov[side] = covered(sp, nf);
		cov += side_cov[side];
	}
	rc = 0;
	why = flag(s, (double)cov / (double)(da->n + db->n), f, nf);
	if (why == SIMILARITY_NOT_FLAGGED && (double)cov / (double)(da->n + db->n) < s->o.min)
		goto out;
	rc = -1;
	if (grow(&s->pairs, &s->cappairs, s->npairs + 1, sizeof(*s->pairs)))
		goto out;
	p = &s->pairs[s->npairs];
	memset(p, 0, sizeof(*p));
	if ((p->fragments = malloc(nf * sizeof(*p->fragments))) == NULL)
		goto out;
	s->npairs++;
	p->a = a;
	p->b = m[0].b;
	p->similarity = (double)cov / (double)(da->n + db->n);
	p->covered_a = (uint32_t)side_cov[0];
	p->covered_b = (uint32_t)side_cov[1];
	p->why = why;
	qsort(f, nf, sizeof(*f), cmp_tfrag);
	for (size_t i = 0; i < nf; i++) {
		struct similarity_fragment *g = &p->fragments[p->nfragments++];

		*g = (struct similarity_fragment){ da->t[f[i].a0].line, da->t[f[i].a1].line,
		    db->t[f[i].b0].line, db->t[f[i].b1].line, f[i].a1 - f[i].a0 + 1 };
		if (g->tokens > p->longest) {
			p->longest = g->tokens;
			p->longest_lines = g->a_to - g->a_from + 1;
		}
	}
	rc = 0;
out:
	free(f);
	free(sp);
	return rc;
}

/* Submission A against every later one, through the index P. */
static int
compare_one(struct similarity *s, size_t a, const struct posting *p, struct match **buf,
    size_t *cap)
{
	const struct doc *d = &s->docs[a];
	size_t n = 0;

	for (size_t f = 0; f < d->nfp; f++) {
		if (d->fp[f].ignored)
			continue;
		for (uint32_t i = d->fp[f].post; i < d->fp[f].post_end; i++) {
			const struct fp *g;

			if (p[i].doc <= a)
				continue;
			g = &s->docs[p[i].doc].fp[p[i].fp];
			if (grow(buf, cap, n + 1, sizeof(**buf)))
				return -1;
			(*buf)[n++] = (struct match){ p[i].doc,
			    (int64_t)d->fp[f].pos - (int64_t)g->pos, d->fp[f].pos, g->pos };
		}
	}
	if (n > 0)
		qsort(*buf, n, sizeof(**buf), cmp_match);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && (*buf)[j].b == (*buf)[i].b; j++)
			;
		if (make_pair(s, a, *buf + i, j - i))
			return -1;
	}
	return 0;
}

static const struct similarity *rank_s;	/* qsort's context: run() sets it */

static int
cmp_pair(const void *x, const void *y)
{
	const struct similarity_pair *a = x, *b = y;
	int c;

	if (a->similarity != b->similarity)
		return a->similarity > b->similarity ? -1 : 1;
	if ((c = strcmp(rank_s->docs[a->a].name, rank_s->docs[b->a].name)) != 0)
		return c;
	return strcmp(rank_s->docs[a->b].name, rank_s->docs[b->b].name);
}

static size_t
find(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static int
cmp_member(const void *x, const void *y)
{
	return strcmp(rank_s->docs[*(const size_t *)x].name, rank_s->docs[*(const size_t *)y].name);
}

/* The connected components (of 2 or more) of the flagged pairs. */
static int
make_clusters(struct similarity *s)
{
	size_t *up = malloc((s->ndocs + 1) * sizeof(*up)), *size = calloc(s->ndocs + 1,
	    sizeof(*size)), cap = 0, capn = 0;
	int rc = -1;

	if (up == NULL || size == NULL)
		goto out;
	for (size_t i = 0; i < s->ndocs; i++)
		up[i] = i;
	for (size_t i = 0; i < s->npairs; i++)
		if (s->pairs[i].why != SIMILARITY_NOT_FLAGGED)
			up[find(up, s->pairs[i].a)] = find(up, s->pairs[i].b);
	for (size_t i = 0; i < s->ndocs; i++)
		size[find(up, i)]++;
	for (size_t r = 0; r < s->ndocs; r++) {
		size_t *c, n = 0;

		if (size[r] < 2)
			continue;
		if (grow(&s->clusters, &cap, s->nclusters + 1, sizeof(*s->clusters)) ||
		    grow(&s->clustern, &capn, s->nclusters + 1, sizeof(*s->clustern)) ||
		    (c = malloc(size[r] * sizeof(*c))) == NULL)
			goto out;
		for (size_t i = 0; i < s->ndocs; i++)
			if (find(up, i) == r)
				c[n++] = i;
		qsort(c, n, sizeof(*c), cmp_member);
		s->clusters[s->nclusters] = c;
		s->clustern[s->nclusters++] = n;
	}
	/* Largest first, then by their first member's name. */
	for (size_t i = 1; i < s->nclusters; i++)
		for (size_t j = i; j > 0 && (s->clustern[j] > s->clustern[j - 1] ||
		    (s->clustern[j] == s->clustern[j - 1] &&
		    cmp_member(s->clusters[j], s->clusters[j - 1]) < 0)); j--) {
			size_t *c = s->clusters[j], n = s->clustern[j];

			s->clusters[j] = s->clusters[j - 1];
			s->clustern[j] = s->clustern[j - 1];
			s->clusters[j - 1] = c;
			s->clustern[j - 1] = n;
		}
	rc = 0;
out:
	free(up);
	free(size);
	return rc;
}

int
similarity_run(struct similarity *s)
{
	struct posting *p = NULL;
	struct match *buf = NULL;
	size_t cap = 0;
	int rc = -1;

	if (build_index(s, &p))
		return -1;
	for (size_t a = 0; a < s->ndocs; a++)
		if (compare_one(s, a, p, &buf, &cap))
			goto out;
	rank_s = s;
	if (s->npairs > 0)
		qsort(s->pairs, s->npairs, sizeof(*s->pairs), cmp_pair);
	rc = make_clusters(s);
out:
	free(p);
	free(buf);
	return rc;
}

size_t
similarity_count(const struct similarity *s)
{
	return s->ndocs;
}

const char *
similarity_name(const struct similarity *s, size_t i)
{
	return i < s->ndocs ? s->docs[i].name : NULL;
}

size_t
similarity_tokens(const struct similarity *s, size_t i)
{
	return i < s->ndocs ? s->docs[i].n : 0;
}

size_t
similarity_npairs(const struct similarity *s)
{
	return s->npairs;
}

const struct similarity_pair *
similarity_pair(const struct similarity *s, size_t i)
{
	return i < s->npairs ? &s->pairs[i] : NULL;
}

size_t
similarity_nclusters(const struct similarity *s)
{
	return s->nclusters;
}

const size_t *
similarity_cluster(const struct similarity *s, size_t i, size_t *n)
{
	*n = i < s->nclusters ? s->clustern[i] : 0;
	return i < s->nclusters ? s->clusters[i] : NULL;
}

static json_t *
pair_json(const struct similarity *s, const struct similarity_pair *p)
{
	json_t *frags = json_array(), *j;

	for (size_t i = 0; frags != NULL && i < p->nfragments; i++) {
		const struct similarity_fragment *f = &p->fragments[i];

		if (json_array_append_new(frags, json_pack("{s:[i,i],s:[i,i],s:i}", "a",
		    (json_int_t)f->a_from, (json_int_t)f->a_to, "b", (json_int_t)f->b_from,
		    (json_int_t)f->b_to, "tokens", (json_int_t)f->tokens))) {
			json_decref(frags);
			return NULL;
		}
	}
	if (frags == NULL)
		return NULL;
	j = json_pack("{s:s,s:s,s:f,s:i,s:i,s:b,s:o,s:o}", "a", s->docs[p->a].name, "b",
	    s->docs[p->b].name, "similarity", (double)(long long)(p->similarity * 10000 + 0.5) /
	    10000, "longest", (json_int_t)p->longest_lines, "longest_tokens",
	    (json_int_t)p->longest, "flagged", p->why != SIMILARITY_NOT_FLAGGED, "why",
	    p->why == SIMILARITY_BY_SIMILARITY ? json_string("similarity") :
	    p->why == SIMILARITY_BY_FRAGMENT ? json_string("fragment") : json_null(),
	    "fragments", frags);
	return j;
}

json_t *
similarity_to_json(const struct similarity *s, const char *exercise)
{
	json_t *pairs = json_array(), *clusters = json_array(), *j;

	for (size_t i = 0; pairs != NULL && i < s->npairs; i++)
		if (json_array_append_new(pairs, pair_json(s, &s->pairs[i])))
			goto fail;
	for (size_t i = 0; clusters != NULL && i < s->nclusters; i++) {
		json_t *c = json_array();

		for (size_t m = 0; c != NULL && m < s->clustern[i]; m++)
			if (json_array_append_new(c, json_string(s->docs[s->clusters[i][m]].name)))
				break;
		if (json_array_append_new(clusters, c))
			goto fail;
	}
	if (pairs == NULL || clusters == NULL)
		goto fail;
	j = json_pack("{s:s,s:i,s:i,s:f,s:f,s:i,s:i,s:o,s:o}", "exercise",
	    exercise ? exercise : "", "k", (json_int_t)s->o.k, "w", (json_int_t)s->o.w, "common",
	    s->o.common, "threshold", s->o.threshold, "fragment", (json_int_t)s->o.fragment,
	    "submissions", (json_int_t)s->ndocs, "pairs", pairs, "clusters", clusters);
	return j;
fail:
	json_decref(pairs);
	json_decref(clusters);
	return NULL;
}
