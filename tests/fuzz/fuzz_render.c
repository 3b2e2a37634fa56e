/*
 * fuzz_render.c - libFuzzer harness for the Markdown renderer
 * (sitegen/render.h): md4c's parse with sitegen's own HTML writer, whose
 * look-ahead for attribute sets edits the end of its buffer.
 *
 * The input is copied into a NUL-terminated buffer, as render_markdown
 * requires: md4c 0.4.8 (Debian 12) reads one byte past the end of some
 * inputs (a permissive autolink running into the end of the page).
 *
 * Checks: the page path is taken from the input's first line, so links are
 * resolved against varied directories; every link target is a clean path
 * (no "." or ".." segment, not absolute); fill offsets ascend and lie
 * between "<a ...>" and "</a>".
 *
 * Built and run by tests/fuzz/run (FUZZ_SECONDS=60 runs each longer),
 * which names the sources each harness links. To run it again, from the
 * repository root:
 *   build/fuzz/fuzz_render -max_total_time=60 -dict=tests/fuzz/meta.dict \
 *     build/fuzz/corpus-fuzz_render tests/fuzz/seeds/fuzz_render
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl = memchr(text, '\n', size);
	char page[64] = "a/b/page.md";
	struct render_result r;
	size_t last = 0;

	if (nl != NULL && (size_t)(nl - text) < 40 && nl > text) {
		memcpy(page, text, (size_t)(nl - text));
		page[nl - text] = '\0';
		if (memchr(page, '\0', (size_t)(nl - text)) != NULL)
			strcpy(page, "p.md");
	}
	/* render_markdown needs a NUL after the text (see render.h). */
	char *copy = malloc(size + 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (render_markdown(copy, size, page, &r) == 0) {
		for (size_t i = 0; i < r.nlinks; i++) {
			const struct render_link *l = &r.links[i];
			const char *t = l->target;

			if (t[0] == '/' || strcmp(t, "..") == 0 || strncmp(t, "../", 3) == 0 ||
			    strstr(t, "/../") != NULL || strstr(t, "/./") != NULL ||
			    strncmp(t, "./", 2) == 0 || strstr(t, "//") != NULL)
				abort();
			if (!l->fill)
				continue;
			if (l->offset < last || l->offset + 4 > r.html.len ||
			    memcmp(r.html.data + l->offset, "</a>", 4) != 0 ||
			    r.html.data[l->offset - 1] != '>')
				abort();
			last = l->offset;
		}
	}
	render_result_free(&r);
	free(copy);
	return 0;
}
