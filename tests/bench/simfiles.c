/*
 * simfiles.c - the similarity engine (fcgi/similarity.h) on files, without
 * a store: what tests/bench/bench_similarity.py times and what the
 * corpus's k and w were chosen with.
 *
 *   simfiles [-k K] [-w W] [-t THRESHOLD] [-f FRAGMENT] [-m MIN] [-s SKELETON]
 *            FILE...
 *
 * Each FILE is a submission named by its file name without the folder and
 * extension, read as Python when it ends in .py and as C otherwise. The
 * report is similarity_to_json() on standard output; the time the engine
 * took (tokenizing, fingerprints, comparison) on standard error. Each pair
 * also gets its covered tokens and its two sides' lengths (covered_a,
 * covered_b, tokens_a, tokens_b), what tests/similarity/criteria.py reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/similarity.h"
#include "fcgi/simtok.h"

static int
add_file(struct similarity *s, const char *path, int skeleton)
{
	enum simtok_lang lang = strlen(path) > 3 && strcmp(path + strlen(path) - 3, ".py") == 0 ?
	    SIMTOK_PYTHON : SIMTOK_C;
	char name[256], *text = NULL, *slash;
	struct simtok *t;
	size_t len, n;
	FILE *f = fopen(path, "rb");
	int rc;

	if (f == NULL)
		return -1;
	text = malloc(1 << 20);
	len = text ? fread(text, 1, 1 << 20, f) : 0;
	fclose(f);
	if (text == NULL || simtok_scan(lang, text, len, &t, &n)) {
		free(text);
		return -1;
	}
	slash = strrchr(path, '/');
	snprintf(name, sizeof(name), "%s", slash ? slash + 1 : path);
	if (strrchr(name, '.'))
		*strrchr(name, '.') = '\0';
	rc = skeleton ? similarity_skeleton(s, t, n) : similarity_add(s, name, t, n);
	free(t);
	free(text);
	return rc;
}

int
main(int argc, char **argv)
{
	struct similarity_opts o;
	struct similarity *s;
	const char *skel = NULL;
	struct timespec t0, t1;
	json_t *j;
	int c;

	similarity_defaults(&o);
	while ((c = getopt(argc, argv, "k:w:t:f:m:s:")) != -1) {
		if (c == 'k')
			o.k = (unsigned)atoi(optarg);
		else if (c == 'w')
			o.w = (unsigned)atoi(optarg);
		else if (c == 't')
			o.threshold = atof(optarg);
		else if (c == 'f')
			o.fragment = (unsigned)atoi(optarg);
		else if (c == 'm')
			o.min = atof(optarg);
		else if (c == 's')
			skel = optarg;
		else
			return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((s = similarity_new(&o)) == NULL || (skel && add_file(s, skel, 1)))
		return 1;
	for (int i = optind; i < argc; i++)
		if (add_file(s, argv[i], 0)) {
			fprintf(stderr, "simfiles: %s: cannot read\n", argv[i]);
			return 1;
		}
	if (similarity_run(s))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "engine: %d files in %.3f s\n", argc - optind,
	    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	j = similarity_to_json(s, "files");
	/* What sweep.py's other criteria need: each side's coverage and length. */
	for (size_t i = 0; j != NULL && i < similarity_npairs(s); i++) {
		const struct similarity_pair *p = similarity_pair(s, i);

		json_object_update_new(json_array_get(json_object_get(j, "pairs"), i),
		    json_pack("{s:i,s:i,s:i,s:i}", "covered_a", (json_int_t)p->covered_a,
		    "covered_b", (json_int_t)p->covered_b, "tokens_a",
		    (json_int_t)similarity_tokens(s, p->a), "tokens_b",
		    (json_int_t)similarity_tokens(s, p->b)));
	}
	json_dumpf(j, stdout, JSON_COMPACT | JSON_REAL_PRECISION(6));
	putchar('\n');
	json_decref(j);
	similarity_free(s);
	return 0;
}
