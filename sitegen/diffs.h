/*
 * diffs.h - the line difference between two texts, for Codex's
 * ~~~ {.diffs from="a.py" to="b.py"} blocks (render.h draws it).
 *
 * The engine has its own difference for reports (sandbox/testers/diff.h),
 * but sitegen may not link the testers (tests/layers/rules), and a page
 * wants the whole of both files with every line marked, not the groups
 * that differ: so a small one here. The common first and last lines are
 * set aside, then the lines between are compared by their longest common
 * subsequence (dynamic programming, at most DIFFS_MAX_CELLS comparisons;
 * beyond that the middle is shown as all removed, then all added: still a
 * correct difference, only not the smallest). Lines are compared as
 * bytes; a last line without a newline is a line.
 */
#ifndef SITEGEN_DIFFS_H
#define SITEGEN_DIFFS_H

#include <stddef.h>

#define DIFFS_MAX_CELLS ((size_t)4 << 20)

enum diffs_op {
	DIFFS_SAME,		/* in both texts */
	DIFFS_DEL,		/* only in the first (from) */
	DIFFS_ADD		/* only in the second (to) */
};

struct diffs_line {
	enum diffs_op op;
	const char *text;	/* points into FROM or TO; no newline */
	size_t len;
};

/*
 * The lines of FROM (FLEN bytes) and TO (TLEN bytes) in order, each marked:
 * the removed lines of a change come before the added ones. Sets *OUT to a
 * malloc'd array (the caller frees it; its texts point into FROM and TO,
 * which must outlive it) and *N to its length. Returns 0, or -1 when
 * memory runs out.
 */
int diffs_lines(const char *from, size_t flen, const char *to, size_t tlen,
    struct diffs_line **out, size_t *n);

#endif
