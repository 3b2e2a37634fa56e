/*
 * shuffle.h - the per-student choices of a course: which items of a
 * `<div class="shuffle" choose=N>` a student sees and in which order (and,
 * for quizzes, which variant of a question group and the order of questions
 * and answers).
 *
 * The choice depends only on a key naming what is shuffled and, unless the
 * key carries a fixed seed, on the student's login, so a student sees the
 * same choice on every visit and the grader can recompute it. As in Codex, a
 * fixed seed (the page's `shuffle-seed`) gives every student the same choice.
 *
 * The server makes the choice (GET /api/shuffle); the browser only displays
 * it. These functions must never change their results: a change would give
 * students other questions in the middle of a course. The algorithm is
 * FNV-1a (64 bits) of the inputs, splitmix64 as the generator, and a
 * Fisher-Yates shuffle.
 */
#ifndef ASSAY_SHUFFLE_H
#define ASSAY_SHUFFLE_H

#include <stdint.h>

#define SHUFFLE_MAX 1000	/* items in one shuffle, at most */

/*
 * The seed of what KEY names, for LOGIN. A KEY ending in ":DIGITS" carries a
 * fixed seed: then LOGIN does not matter (LOGIN may be NULL).
 */
uint64_t shuffle_seed(const char *login, const char *key);

/* Fills PERM with a permutation of 0..N-1 drawn from SEED. */
void shuffle_permute(uint64_t seed, unsigned n, unsigned *perm);

/*
 * The CHOOSE items (of N) that LOGIN sees of KEY, in display order, into
 * OUT (CHOOSE entries). CHOOSE 0 or above N means all N. Returns how many
 * were written, or 0 when N is 0 or above SHUFFLE_MAX.
 */
unsigned shuffle_choose(const char *login, const char *key, unsigned n, unsigned choose,
    unsigned *out);

#endif
