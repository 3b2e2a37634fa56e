/*
 * test_attr.c - sitegen/attr.h: Pandoc attribute sets {#id .class k=v},
 * as HTML, and the sets that are incomplete or no sets at all.
 */
#include <string.h>

#include "sandbox/util/buf.h"
#include "sitegen/attr.h"
#include "tests/tap.h"

static void
test_attr(void)
{
	struct attr a;
	struct buf b = BUF_INIT;
	const char *s = "{#id .a .b key=v k2=\"x } y\" k3='q'} rest";

	is_int(attr_parse(s, strlen(s), &a), (long)strlen(s) - 5, "a full attribute set");
	is_str(a.id, "id", "id");
	ok(a.nclasses == 2 && attr_has_class(&a, "a") && attr_has_class(&a, "b"), "classes");
	is_str(attr_get(&a, "k2"), "x } y", "a quoted value may hold a brace");
	is_str(attr_get(&a, "k3"), "q", "single quotes");
	attr_html(&b, &a);
	is_str(b.data, " id=\"id\" class=\"a b\" data-key=\"v\" data-k2=\"x } y\" data-k3=\"q\"",
	    "as HTML");
	attr_free(&a);
	buf_free(&b);

	is_int(attr_parse("{.ex}", 5, &a), 5, "{.ex}");
	attr_free(&a);
	is_int(attr_parse("{.ex", 4, &a), ATTR_INCOMPLETE, "an unclosed set is incomplete");
	is_int(attr_parse("{k=\"v", 5, &a), ATTR_INCOMPLETE, "an unclosed quote is incomplete");
	is_int(attr_parse("{not a set}", 11, &a), ATTR_INVALID, "words are not attributes");
	is_int(attr_parse("{#}", 3, &a), ATTR_INVALID, "an empty id is invalid");
	is_int(attr_parse("x{.a}", 5, &a), ATTR_INVALID, "must start with a brace");
	is_int(attr_parse("{}", 2, &a), 2, "{} is an empty set");
	attr_free(&a);
}

int
main(void)
{
	test_attr();
	return tap_done();
}
