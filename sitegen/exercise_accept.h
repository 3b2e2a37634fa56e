/*
 * exercise_accept.h - the languages of Codex's accept tester, which only
 * records submissions for grading by hand (sandbox/testers/tester_accept.c):
 * any language may be named (sh, latex...), since nothing runs. The page
 * has no other field of its own, and no tests: that is no error.
 */
#ifndef SITEGEN_EXERCISE_ACCEPT_H
#define SITEGEN_EXERCISE_ACCEPT_H

/*
 * NAME as a language's id for an accept exercise whose language is not one
 * exercise_language() knows: NAME itself when it is a plain name (1 to 32
 * of [A-Za-z0-9+#._-], not starting with '.'), else NULL.
 */
const char *exercise_accept_language(const char *name);

#endif
