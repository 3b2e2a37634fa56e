/*
 * fuzz_simtok.c - libFuzzer harness for the similarity tokenizer
 * (simtok.h), both languages, on an exact-size copy of the input (so that
 * ASan sees any read past its end), and for the engine (similarity.h) on
 * what it made: the input's halves as two submissions and the whole as
 * the skeleton of a third comparison, with a small K and W.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/similarity.h"
#include "fcgi/simtok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
engine(const struct simtok *a, size_t na, const struct simtok *b, size_t nb, int skel)
{
	struct similarity_opts o;
	struct similarity *s;
	json_t *j;

	similarity_defaults(&o);
	o.k = 3;
	o.w = 2;
	o.fragment = 4;	/* the second criterion, on short input */
	if ((s = similarity_new(&o)) == NULL)
		return;
	if (skel)
		similarity_skeleton(s, b, nb);
	similarity_add(s, "a", a, na);
	similarity_add(s, "b", b, nb);
	similarity_add(s, "c", a, na);
	if (similarity_run(s) == 0 && (j = similarity_to_json(s, "x")) != NULL)
		json_decref(j);
	similarity_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct simtok *a = NULL, *b = NULL;
	size_t na, nb, half = size / 2;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	for (int lang = 0; lang < 2; lang++) {
		enum simtok_lang l = lang ? SIMTOK_PYTHON : SIMTOK_C;

		if (simtok_scan(l, buf, half, &a, &na) == 0 &&
		    simtok_scan(l, buf + half, size - half, &b, &nb) == 0) {
			for (size_t i = 0; i < na; i++)
				if (a[i].kind == 0 || a[i].line == 0 || a[i].line > size + 1)
					abort();
			engine(a, na, b, nb, lang);
		}
		free(a);
		free(b);
		a = b = NULL;
	}
	free(buf);
	return 0;
}
