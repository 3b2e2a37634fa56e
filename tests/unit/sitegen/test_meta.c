/*
 * test_meta.c - sitegen/meta.h: Pandoc/Codex metadata blocks in a page,
 * their YAML values, the mistakes reported with their lines, and the
 * places of keys and values (inside a value written as it is).
 */
#include <string.h>

#include "sitegen/meta.h"
#include "tests/tap.h"

static int
parse(const char *text, struct meta *m, struct meta_error *e)
{
	return meta_parse(text, strlen(text), m, e);
}

static void
test_meta_blocks(void)
{
	struct meta m;
	struct meta_error e;
	struct meta_pos pos;

	is_int(parse("# Just Markdown\n\ntext\n", &m, &e), 0, "a page without metadata");
	is_int(json_object_size(m.fields), 0, "... has no fields");
	is_str(m.body, "# Just Markdown\n\ntext\n", "... and its body is the page");
	meta_free(&m);

	is_int(parse("---\ntester: stdio\nlanguage: c\n...\n# Title\n", &m, &e), 0,
	    "a block at the top, closed by ...");
	is_str(json_string_value(json_object_get(m.fields, "tester")), "stdio", "tester read");
	is_str(m.body, "\n\n\n\n# Title\n", "the block's lines are blanked, lines kept");
	is_int(m.nblocks, 1, "one block");
	is_int(meta_key_line(&m, "language"), 3, "line of a key");
	ok(meta_key_pos(&m, "language", &pos) == 0 && pos.column == 1, "column of a key");
	is_int(meta_key_line(&m, "nope"), 1, "an absent key is on line 1");
	meta_free(&m);

	is_int(parse("# T\n\n---\na: 1\n---\ntext\n\n---\na: 2\nb: two\n...\n", &m, &e), 0,
	    "two blocks, closed by --- and by ...");
	is_int(json_integer_value(json_object_get(m.fields, "a")), 1, "left-biased: the first a wins");
	is_str(json_string_value(json_object_get(m.fields, "b")), "two", "keys of later blocks merge");
	is_int(meta_key_line(&m, "a"), 4, "the line of a is its first occurrence");
	is_int(meta_key_line(&m, "b"), 10, "the line of b, in the second block");
	is_int(m.nblocks, 2, "two blocks");
	is_str(m.body, "# T\n\n\n\n\ntext\n\n\n\n\n\n", "both blanked");
	meta_free(&m);

	is_int(parse("text\n\n---\n\nmore\n", &m, &e), 0, "--- followed by a blank line");
	ok(json_object_size(m.fields) == 0 && m.nblocks == 0, "... is a rule, not metadata");
	meta_free(&m);

	is_int(parse("Setext heading\n---\na: 1\n---\n", &m, &e), 0,
	    "--- right after a paragraph line");
	ok(json_object_size(m.fields) == 0, "... is a heading underline, not metadata");
	meta_free(&m);

	is_int(parse("one\n\n---\nA paragraph between rules.\n\nMore.\n---\n", &m, &e), 0,
	    "a block that is not a mapping");
	ok(json_object_size(m.fields) == 0 && m.nblocks == 0, "... is Markdown (as in Pandoc)");
	is_str(m.body, "one\n\n---\nA paragraph between rules.\n\nMore.\n---\n", "... kept in the body");
	meta_free(&m);

	is_int(parse("---\na: 1\n\nno end\n", &m, &e), 0, "an unclosed block");
	ok(json_object_size(m.fields) == 0, "... is Markdown");
	meta_free(&m);

	is_int(parse("```\n---\na: 1\n---\n```\n\n~~~~\n\n---\nb: 1\n---\n~~~~\n", &m, &e), 0,
	    "blocks inside fenced code");
	ok(json_object_size(m.fields) == 0, "... are code, not metadata");
	meta_free(&m);

	is_int(parse("<!--\n---\na: 1\n---\n-->\n\n---\nb: 2\n---\n", &m, &e), 0,
	    "a block inside an HTML comment");
	ok(json_object_get(m.fields, "a") == NULL && json_object_get(m.fields, "b") != NULL,
	    "... is ignored, the next one is read");
	meta_free(&m);

	is_int(parse("---\r\na: 1\r\nb: x\r\n...\r\n# T\r\n", &m, &e), 0, "CRLF line ends");
	is_str(json_string_value(json_object_get(m.fields, "b")), "x", "... values read");
	meta_free(&m);

	is_int(parse("---\n# only a comment\n---\ntext\n", &m, &e), 0, "a block of comments");
	ok(m.nblocks == 1 && json_object_size(m.fields) == 0, "... is an empty block");
	meta_free(&m);

	is_int(parse("---\n---\ntext\n", &m, &e), 0, "--- then ---");
	ok(m.nblocks == 1 && json_object_size(m.fields) == 0, "... is an empty block, as in Pandoc");
	is_str(m.body, "\n\ntext\n", "... blanked");
	meta_free(&m);
}

static void
test_meta_values(void)
{
	struct meta m;
	struct meta_error e;
	json_t *f, *list;
	struct meta_pos pos;
	const char *page =
	    "---\n"
	    "t1: yes\nt2: True\nt3: TRUE\nt4: true\n"
	    "f1: no\nf2: No\nf3: false\nf4: FALSE\n"
	    "s1: \"yes\"\ns2: 'no'\ns3: !!str true\ns4: on\n"
	    "i: 42\nneg: -7\nr: 0.5\nexp: 1e3\nbig: 123456789012345678901234567890\n"
	    "n1:\nn2: ~\nn3: null\n"
	    "text: hello world\n"
	    "code: |\n  int main(void)\n  {\n  }\n"
	    "list:\n  - a\n  - b\n"
	    "flow: [x, 'y', 3]\n"
	    "map: {k: v}\n"
	    "...\n";

	is_int(parse(page, &m, &e), 0, "scalars of every kind: %s", e.message);
	f = m.fields;
	ok(json_is_true(json_object_get(f, "t1")) && json_is_true(json_object_get(f, "t2")) &&
	    json_is_true(json_object_get(f, "t3")) && json_is_true(json_object_get(f, "t4")),
	    "yes, True, TRUE, true are true");
	ok(json_is_false(json_object_get(f, "f1")) && json_is_false(json_object_get(f, "f2")) &&
	    json_is_false(json_object_get(f, "f3")) && json_is_false(json_object_get(f, "f4")),
	    "no, No, false, FALSE are false");
	is_str(json_string_value(json_object_get(f, "s1")), "yes", "a quoted yes is text");
	is_str(json_string_value(json_object_get(f, "s2")), "no", "a single-quoted no is text");
	is_str(json_string_value(json_object_get(f, "s3")), "true", "!!str true is text");
	is_str(json_string_value(json_object_get(f, "s4")), "on", "on is text (YAML 1.2)");
	is_int(json_integer_value(json_object_get(f, "i")), 42, "an integer");
	is_int(json_integer_value(json_object_get(f, "neg")), -7, "a negative integer");
	ok(json_is_real(json_object_get(f, "r")) && json_real_value(json_object_get(f, "r")) == 0.5,
	    "a real");
	ok(json_is_real(json_object_get(f, "exp")), "1e3 is a real");
	ok(json_is_real(json_object_get(f, "big")), "an integer too big for 64 bits is a real");
	ok(json_is_null(json_object_get(f, "n1")) && json_is_null(json_object_get(f, "n2")) &&
	    json_is_null(json_object_get(f, "n3")), "empty, ~ and null are null");
	is_str(json_string_value(json_object_get(f, "text")), "hello world", "plain text");
	is_str(json_string_value(json_object_get(f, "code")), "int main(void)\n{\n}\n",
	    "a literal block keeps its lines");
	list = json_object_get(f, "list");
	ok(json_is_array(list) && json_array_size(list) == 2, "a block list");
	ok(meta_node_pos(&m, json_array_get(list, 1), &pos) == 0 && pos.line == 29 &&
	    pos.column == 5, "the position of a list element (%u:%u)", pos.line, pos.column);
	list = json_object_get(f, "flow");
	ok(json_is_array(list) && json_is_string(json_array_get(list, 1)) &&
	    json_is_integer(json_array_get(list, 2)), "a flow list");
	is_str(json_string_value(json_object_get(json_object_get(f, "map"), "k")), "v",
	    "a nested mapping");
	meta_free(&m);
}

static void
test_meta_errors(void)
{
	struct meta m;
	struct meta_error e;
	char deep[1024] = "---\nx: ";

	is_int(parse("# T\n\n---\nok: 1\nbad: [1, 2\nnext: 3\n---\n", &m, &e), -1,
	    "malformed YAML is an error");
	ok(e.pos.line >= 5 && e.pos.line <= 7 && strstr(e.message, "YAML") != NULL,
	    "... at its line (%u): %s", e.pos.line, e.message);

	is_int(parse("---\na: 1\nb: 2\na: 3\n---\n", &m, &e), -1, "a duplicate key is an error");
	ok(e.pos.line == 4 && strstr(e.message, "duplicate key \"a\""), "... at line 4: %u %s",
	    e.pos.line, e.message);

	is_int(parse("---\na: &x [1]\nb: *x\n---\n", &m, &e), -1, "an alias is an error");
	ok(e.pos.line == 3 && strstr(e.message, "alias"), "... at line 3: %u %s", e.pos.line,
	    e.message);

	is_int(parse("---\n[a]: 1\n---\n", &m, &e), -1, "a key that is a list is an error");
	is_int(e.pos.line, 2, "... at line 2");

	is_int(parse("---\na:\n\tb: 1\n---\n", &m, &e), -1, "a tab in indentation is an error");
	is_int(e.pos.line, 3, "... at line 3");

	for (int i = 0; i < 100; i++)
		strcat(deep, "[");
	strcat(deep, "\n---\n");
	is_int(parse(deep, &m, &e), -1, "nesting deeper than META_MAX_DEPTH is an error");
	ok(strstr(e.message, "deeper") != NULL || strstr(e.message, "YAML") != NULL,
	    "... %s", e.message);

	is_int(parse("---\na: 1\n--- b\n---\n", &m, &e), -1,
	    "--- followed by text does not close a block");
	ok(e.pos.line == 3 && strstr(e.message, "single YAML document") != NULL,
	    "... it starts a second YAML document, which is an error: %u %s", e.pos.line,
	    e.message);
}

static void
test_value_pos(void)
{
	static const char page[] =
	    "---\n"
	    "a: after 8:00\n"
	    "b: 'x y'\n"
	    "c: \"p q\"\n"
	    "d: \"e\\\"f\"\n"
	    "e: |\n  block\n"
	    "f: [one, 'two']\n"
	    "g: \xc3\xa9t\xc3\xa9 x\n"
	    "...\n";
	struct meta m;
	struct meta_error err;
	struct meta_pos pos = { 0, 0 };
	json_t *f;

	if (meta_parse(page, strlen(page), &m, &err) != 0) {
		ok(0, "the page parses: %s", err.message);
		return;
	}
	f = m.fields;
	ok(meta_value_pos(&m, json_object_get(f, "a"), 6, &pos) == 0 && pos.line == 2 &&
	    pos.column == 10, "plain: byte 6 of \"after 8:00\" is line 2 column 10 (%u:%u)",
	    pos.line, pos.column);
	ok(meta_value_pos(&m, json_object_get(f, "b"), 2, &pos) == 0 && pos.line == 3 &&
	    pos.column == 7, "single-quoted: past the quote (%u:%u)", pos.line, pos.column);
	ok(meta_value_pos(&m, json_object_get(f, "c"), 0, &pos) == 0 && pos.column == 5,
	    "double-quoted (%u)", pos.column);
	ok(meta_value_pos(&m, json_object_get(f, "d"), 2, &pos) == -1,
	    "an escape: the place is not known");
	ok(meta_value_pos(&m, json_object_get(f, "e"), 0, &pos) == -1,
	    "a block scalar: not known");
	ok(meta_value_pos(&m, json_array_get(json_object_get(f, "f"), 1), 1, &pos) == 0 &&
	    pos.line == 8 && pos.column == 12, "a list element (%u:%u)", pos.line, pos.column);
	ok(meta_value_pos(&m, json_object_get(f, "g"), 5, &pos) == 0 && pos.column == 7,
	    "columns count characters, not bytes (%u)", pos.column);
	ok(meta_value_pos(&m, json_object_get(f, "a"), 99, &pos) == -1, "past the end");
	meta_free(&m);
}

int
main(void)
{
	test_meta_blocks();
	test_meta_values();
	test_meta_errors();
	test_value_pos();
	return tap_done();
}
