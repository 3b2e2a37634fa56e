/*
 * fuzz_meta.c - libFuzzer harness for the metadata parser (sitegen/meta.h)
 * and the attribute parser (sitegen/attr.h), both fed with page text an
 * author (or an attacker with push access to a course) controls.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour": on success the
 * body has the page's number of lines, is no longer than the page, and every
 * recorded position is inside the page; where meta_value_pos says a string
 * was written as it is, the page has the string's bytes at that place.
 *
 * Built and run by tests/fuzz/run (FUZZ_SECONDS=60 runs each longer),
 * which names the sources each harness links. To run it again, from the
 * repository root:
 *   build/fuzz/fuzz_meta -max_total_time=60 -dict=tests/fuzz/meta.dict \
 *     build/fuzz/corpus-fuzz_meta tests/fuzz/seeds/fuzz_meta
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/attr.h"
#include "sitegen/meta.h"
#include "sitegen/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned
count_lines(const char *p, size_t n)
{
	unsigned lines = 1;

	for (size_t i = 0; i < n; i++)
		lines += p[i] == '\n';
	return lines;
}

/* Does TEXT have string value V's bytes at line LINE, character COLUMN? */
static int
verbatim_at(const char *text, size_t size, const json_t *v, unsigned line, unsigned column)
{
	size_t off = 0, len = json_string_length(v);

	for (unsigned l = 1; l < line; l++) {
		const char *nl = memchr(text + off, '\n', size - off);

		if (nl == NULL)
			return 0;
		off = (size_t)(nl - text) + 1;
	}
	for (unsigned c = 1; c < column && off < size; c++) {
		off++;		/* past one character and its continuation bytes */
		while (off < size && ((unsigned char)text[off] & 0xc0) == 0x80)
			off++;
	}
	return off + len <= size && memcmp(text + off, json_string_value(v), len) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct meta m;
	struct meta_error e;
	struct attr a;
	unsigned lines = count_lines(text, size);

	if (meta_parse(text, size, &m, &e) == 0) {
		const char *key;
		json_t *v;

		if (m.body_len > size || count_lines(m.body, m.body_len) != lines ||
		    m.body[m.body_len] != '\0')
			abort();
		json_object_foreach(m.fields, key, v) {
			struct meta_pos pos;

			if (meta_key_pos(&m, key, &pos) != 0 || pos.line < 1 || pos.line > lines)
				abort();
			if (meta_node_pos(&m, v, &pos) == 0 && (pos.line < 1 || pos.line > lines))
				abort();
			if (json_is_string(v) && meta_value_pos(&m, v, 0, &pos) == 0 &&
			    !text_has_bom(text, size) &&
			    !verbatim_at(text, size, v, pos.line, pos.column))
				abort();
		}
		meta_free(&m);
	} else {
		if (e.message[0] == '\0' || e.pos.line < 1 || e.pos.line > lines + 1)
			abort();
	}
	if (attr_parse(text, size, &a) > 0) {
		struct buf b = BUF_INIT;

		attr_html(&b, &a);
		buf_free(&b);
		attr_free(&a);
	}
	return 0;
}
