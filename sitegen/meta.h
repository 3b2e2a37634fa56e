/*
 * meta.h - the YAML metadata blocks of a page, merged into one JSON object.
 *
 * The page format is Codex's, which is Pandoc's: a metadata block starts with
 * a line `---` that is at the start of the page or follows a blank line, and
 * is not itself followed by a blank line (a `---` followed by a blank line is
 * a horizontal rule). It ends at the next line `---` or `...`. Trailing
 * spaces are allowed on the delimiter lines. Lines inside fenced code blocks
 * and HTML comment blocks never start a block. As in Pandoc:
 *   - a block whose YAML is malformed is an error;
 *   - a block whose YAML is not a mapping (a paragraph between two rules),
 *     or a `---` that is never closed, is not metadata but Markdown;
 *   - several blocks merge left-biased: the first value of a key wins.
 * Within one block a key may appear only once.
 *
 * Scalars become JSON values: quoted and block scalars are strings; plain
 * scalars are null (empty, ~, null), booleans (yes/no/true/false in lower,
 * Capitalised or UPPER case), integers, reals (YAML 1.2 core syntax) or
 * strings. An explicit !!str tag forces a string. Aliases are refused (they
 * would let a small page expand into a huge object), and so is nesting deeper
 * than META_MAX_DEPTH.
 *
 * The positions of the top-level keys (the line of the key itself) and of
 * every value node are kept, so a later stage can report an error at the
 * field or list element it is about.
 */
#ifndef SITEGEN_META_H
#define SITEGEN_META_H

#include <stddef.h>

#include <jansson.h>

#define META_MAX_DEPTH 64

struct meta_pos {
	unsigned line;		/* 1-based line in the page */
	unsigned column;	/* 1-based column (in bytes) */
};

struct meta_key;
struct meta_node;

struct meta {
	json_t *fields;		/* the merged object (never NULL after meta_parse) */
	char *body;		/* the page with every metadata block blanked out:
				   its lines are the page's lines; NUL-terminated */
	size_t body_len;
	unsigned nblocks;	/* metadata blocks found */

	/* Private: positions, and the blocks that own every node. */
	json_t *blocks;
	struct meta_key *keys;
	size_t nkeys, keys_cap;
	struct meta_node *nodes;
	size_t nnodes, nodes_cap;
};

struct meta_error {
	struct meta_pos pos;
	char message[256];
};

/*
 * Splits TEXT (LEN bytes, UTF-8, no byte order mark) into metadata and body.
 * On success returns 0 and fills M (free with meta_free). On failure returns
 * -1, leaves M empty (meta_free is harmless) and describes the first problem
 * in ERR: malformed YAML, a duplicate key, a non-scalar key, an alias, too
 * deep nesting, or running out of memory.
 */
int meta_parse(const char *text, size_t len, struct meta *m, struct meta_error *err);

/* Frees what M owns and zeroes it. */
void meta_free(struct meta *m);

/*
 * Where top-level KEY of M was written (its first occurrence, the one whose
 * value is in fields). Returns 0 and fills POS, or -1 when M has no KEY.
 */
int meta_key_pos(const struct meta *m, const char *key, struct meta_pos *pos);

/* The line of KEY, or 1 when M has no KEY (errors about the whole page). */
unsigned meta_key_line(const struct meta *m, const char *key);

/*
 * Where the value NODE (any value reachable from fields, except the shared
 * true, false and null) was written. Returns 0 and fills POS, or -1.
 */
int meta_node_pos(const struct meta *m, const json_t *node, struct meta_pos *pos);

/*
 * Where byte OFFSET (0 to its length) of string value NODE was written, so
 * that a mistake inside a value can be shown at its place. Known only for a
 * string written on one line as it is: plain, or quoted without escapes.
 * Returns 0 and fills POS (the column counts characters, as meta_pos's
 * do), or -1 when the place is not known (meta_node_pos still gives the
 * value's start).
 */
int meta_value_pos(const struct meta *m, const json_t *node, size_t offset,
    struct meta_pos *pos);

#endif
