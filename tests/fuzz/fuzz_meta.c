/*
 * fuzz_meta.c - libFuzzer harness for the metadata parser (sitegen/meta.h)
 * and the attribute parser (sitegen/attr.h), both fed with page text an
 * author (or an attacker with push access to a course) controls.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour": on success the
 * body has the page's number of lines, is no longer than the page, and every
 * recorded position is inside the page.
 *
 * Build and run (from the repository root; meta.c needs only text.c):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *     -Isandbox -Isitegen tests/fuzz/fuzz_meta.c sitegen/meta.c \
 *     sitegen/text.c sitegen/attr.c sitegen/buf.c \
 *     $(pkg-config --cflags --libs yaml-0.1 jansson) -o /tmp/fuzz_meta
 *   mkdir -p /tmp/corpus-meta && /tmp/fuzz_meta -max_total_time=60 \
 *     -dict=tests/fuzz/meta.dict /tmp/corpus-meta content tests/sitegen/course
 * Linking all of the sitegen and sandbox sources but the programs
 * works as well.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "meta.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned
count_lines(const char *p, size_t n)
{
	unsigned lines = 1;

	for (size_t i = 0; i < n; i++)
		lines += p[i] == '\n';
	return lines;
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
