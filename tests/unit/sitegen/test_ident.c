/*
 * test_ident.c - sitegen/ident.h: header ids as Pandoc makes them (quiz
 * question ids depend on it), and made unique within a page.
 */
#include <stdlib.h>

#include "sitegen/ident.h"
#include "tests/tap.h"

static void
test_ident(void)
{
	static const char *const cases[][2] = {
		{ "Question 1", "question-1" },
		{ "1. Intro", "intro" },
		{ "Don't stop -- believing...", "dont-stop-believing" },
		{ "C++ & C# 100%", "c-c-100" },
		{ "a.b_c-d", "a.b_c-d" },
		{ "   ", "section" },
		{ "123", "section" },
		{ "Héllo WÖRLD", "héllo-wörld" },
		{ "x\xc2\xa0y", "x-y" },	/* a no-break space separates words */
	};
	struct ident_set set = { 0 };
	char *id;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		id = ident_from_text(cases[i][0]);
		is_str(id, cases[i][1], "ident of \"%s\"", cases[i][0]);
		free(id);
	}
	id = ident_unique(&set, "a");
	is_str(id, "a", "first a");
	free(id);
	is_int(ident_use(&set, "a-2"), 0, "an explicit id a-2");
	id = ident_unique(&set, "a");
	is_str(id, "a-1", "second a");
	free(id);
	id = ident_unique(&set, "a");
	is_str(id, "a-3", "third a skips the explicit a-2");
	free(id);
	is_int(ident_use(&set, "a"), 1, "a is used");
	ident_set_free(&set);
}

int
main(void)
{
	test_ident();
	return tap_done();
}
