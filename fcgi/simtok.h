/*
 * simtok.h - students' source code as a normalised token stream, for the
 * similarity engine (similarity.h).
 *
 * The input is untrusted bytes (any bytes, not NUL-terminated, read only
 * within SRC[0..LEN)); the scanner is fuzzed (tests/fuzz/fuzz_simtok.c).
 *
 * Each token is a small kind code and the line (from 1) where it begins:
 *   - identifiers, whatever their name, are one kind (SIMTOK_ID): renaming
 *     changes nothing;
 *   - literals are one kind each: SIMTOK_NUM, SIMTOK_STR, SIMTOK_CHR (C's
 *     'x'; Python's strings of any quote are SIMTOK_STR);
 *   - the language's keywords and operators keep a kind of their own
 *     (SIMTOK_KEYWORD + i, SIMTOK_OP + i): `while` is not `for`, `<` is not
 *     `<=`;
 *   - comments and whitespace are dropped: reformatting changes nothing.
 *     C's preprocessor lines are tokens like any others (an #include is
 *     in every submission and so counts for nothing in similarity.h).
 *   - Python's structure, which is whitespace, becomes SIMTOK_NEWLINE at the
 *     end of a logical line and SIMTOK_INDENT/SIMTOK_DEDENT where the
 *     indentation grows and shrinks (tabs to the next multiple of 8; at
 *     most SIMTOK_MAXDEPTH levels are told apart).
 * A byte that starts nothing known is SIMTOK_OTHER (one per byte).
 *
 * C and C++ share one scanner (C++'s keywords are keywords in C files too:
 * a C program naming a variable `class` loses nothing that matters).
 */
#ifndef ASSAY_SIMTOK_H
#define ASSAY_SIMTOK_H

#include <stddef.h>
#include <stdint.h>

enum simtok_lang {
	SIMTOK_C,		/* C and C++ */
	SIMTOK_PYTHON
};

enum {
	SIMTOK_ID = 1,
	SIMTOK_NUM,
	SIMTOK_STR,
	SIMTOK_CHR,
	SIMTOK_NEWLINE,
	SIMTOK_INDENT,
	SIMTOK_DEDENT,
	SIMTOK_OTHER,
	SIMTOK_KEYWORD = 16,	/* + the keyword's index: < SIMTOK_OP */
	SIMTOK_OP = 256		/* + the operator's index */
};

#define SIMTOK_MAXDEPTH 64

struct simtok {
	uint16_t kind;
	uint32_t line;
};

/*
 * The language of a submission's "language" field: "c", "cpp", "c++",
 * "cc" -> SIMTOK_C; "python", "python3", "py" -> SIMTOK_PYTHON. 0, or -1
 * for any other.
 */
int simtok_lang_parse(const char *name, enum simtok_lang *out);

/*
 * Scans SRC[0..LEN) of LANG into a new array *OUT of *N tokens (the
 * caller's to free(); NULL when *N is 0). 0, or -1 when memory runs out
 * (*OUT NULL, *N 0).
 */
int simtok_scan(enum simtok_lang lang, const char *src, size_t len, struct simtok **out,
    size_t *n);

#endif
