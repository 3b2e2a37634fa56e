/*
 * fuzz_attr.c - libFuzzer harness for the attribute parser (sitegen/attr.h)
 * and header identifiers (sitegen/ident.h): Pandoc's {#id .class k=v} sets,
 * at the start of a text (links, code blocks) or at its end (headers), and
 * ids made from any header text.
 *
 * Checks: a parse never spans more than the input; a trailing set starts
 * with '{' and ends at the end; every name is made of name characters; the
 * HTML of a set has no raw '<' or '"' inside a value; an id is never empty,
 * is valid UTF-8 and has no space.
 *
 * Built and run by tests/fuzz/run (FUZZ_SECONDS=60 runs each longer),
 * which names the sources each harness links. To run it again, from the
 * repository root:
 *   build/fuzz/fuzz_attr -max_total_time=60 -dict=tests/fuzz/meta.dict \
 *     build/fuzz/corpus-fuzz_attr tests/fuzz/seeds/fuzz_attr
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitegen/attr.h"
#include "sitegen/ident.h"
#include "sitegen/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_name(const char *s)
{
	if (*s == '\0')
		abort();
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-_:.", *s) != NULL))
			abort();
}

static void
check(const struct attr *a)
{
	struct buf b = BUF_INIT;

	if (a->id != NULL)
		check_name(a->id);
	for (size_t i = 0; i < a->nclasses; i++)
		check_name(a->classes[i]);
	for (size_t i = 0; i < a->nkvs; i++)
		check_name(a->kvs[i].key);
	attr_html(&b, a);
	/* Every '"' in the HTML is a delimiter: two per attribute. */
	for (size_t i = 0, q = 0; i < b.len; i++) {
		if (b.data[i] == '<' || b.data[i] == '>')
			abort();
		q += b.data[i] == '"';
		if (i + 1 == b.len && q % 2 != 0)
			abort();
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct attr a;
	const char *brace;
	long n;
	char *copy, *id;

	n = attr_parse(text, size, &a);
	if (n > (long)size)
		abort();
	if (n > 0) {
		check(&a);
		attr_remove_class(&a, "include");
		attr_remove_key(&a, "src");
		check(&a);
		attr_free(&a);
	}
	if ((brace = attr_parse_trailing(text, text + size, &a)) != NULL) {
		if (*brace != '{' || brace < text || text[size - 1] != '}')
			abort();
		check(&a);
		attr_free(&a);
	}
	/* Ids are made from header text, which is UTF-8 without NUL. */
	if (text_utf8_invalid(text, size) == size && memchr(text, '\0', size) == NULL &&
	    (copy = malloc(size + 1)) != NULL) {
		memcpy(copy, text, size);
		copy[size] = '\0';
		if ((id = ident_from_text(copy)) != NULL) {
			size_t len = strlen(id);

			if (len == 0 || text_utf8_invalid(id, len) != len || strchr(id, ' ') != NULL)
				abort();
			free(id);
		}
		free(copy);
	}
	return 0;
}
