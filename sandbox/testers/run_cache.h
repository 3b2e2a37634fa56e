/*
 * run_cache.h - what the run tester's compile step made, kept on the
 * host's disk and shared by its grading processes, so that the same code
 * compiled the same way is compiled once. CodeRunner sends each test of a
 * question as a run of its own, with the same source when the tests
 * differ only in their input (a program's tests), and Jobe compiles it
 * each time; so does a student who checks an answer again.
 *
 * An entry is the box as the compile step left it (the code, the spec's
 * files, what the compile made), kept only when the step succeeded
 * (status 0, nothing on standard error) and the box holds only regular
 * files and directories: at most RUN_CACHE_FILES of them, RUN_CACHE_BYTES
 * in all, RUN_CACHE_DEPTH deep. Its key is the whole of what the compile
 * depends on: the language, the code and the run tester's options but the
 * run's own (`run`, `input`): the compile command, the source's name, the
 * files, the limits (the compile's derive from them). The entry keeps the
 * key's text and a lookup compares it byte for byte, so the 64-bit hash
 * that names an entry only finds it: two keys with one hash are two misses,
 * never a wrong box. Only code that is the same byte for byte gets another
 * grading's compiled program, which is what compiling it would have made
 * (but for __DATE__ and __TIME__, which keep the first compile's).
 *
 * A box filled from the cache gets copies (root's, mode 0644 or 0755 as
 * the compile left them): a run may change its box, never the entry.
 *
 * Where: BOX_ROOT/runcache (mode 0700, root's), beside the boxes, which no
 * jail shows; an entry is one file (the box packed: run_cache.c), written
 * under a temporary name and linked to its own, so a lookup reads a whole
 * entry or none, every length and path checked as it is read. At most
 * RUN_CACHE_ENTRIES entries, the least recently used removed first (checked
 * as each is kept). The directory outlives a
 * grading but nothing depends on it: `assay serve` and `assay grader`
 * empty it when they start (a new compiler installed meanwhile), and a
 * lost entry is one more compile.
 */
#ifndef ASSAY_RUN_CACHE_H
#define ASSAY_RUN_CACHE_H

#include <stddef.h>

#include <jansson.h>

#define RUN_CACHE_ENTRIES 64
#define RUN_CACHE_FILES 256
#define RUN_CACHE_BYTES (8L << 20)	/* of an entry's file */
#define RUN_CACHE_DEPTH 4
#define RUN_CACHE_DIR "runcache"

/* A key: its canonical text, and the entry's name (the text's 64-bit
 * FNV-1a hash in hex). */
struct run_cache_key {
	char *text;
	size_t len;
	char name[17];
};

/*
 * The key of compiling CODE (LEN bytes) in LANGUAGE with the run tester's
 * OPTIONS (an object; `run` and `input` left out). 0, or -1 on ENOMEM.
 */
int run_cache_key_make(const char *language, const json_t *options, const char *code,
    size_t len, struct run_cache_key *k);

void run_cache_key_free(struct run_cache_key *k);

/*
 * Fills BOX (a directory, empty) with the entry of K under BOX_ROOT.
 * Returns 1 when it did, 0 when there is no such entry (BOX untouched), or
 * -1 when a copy failed after it began (an entry removed meanwhile, a full
 * disk): BOX then holds part of it, and the caller makes it again.
 */
int run_cache_get(const char *box_root, const struct run_cache_key *k, const char *box);

/*
 * Keeps BOX (a compile step's success) as the entry of K under BOX_ROOT,
 * then removes the least recently used entries past RUN_CACHE_ENTRIES (and
 * what a grading process that died while writing one left). Returns 1 when
 * kept, 0 when not (the box is not fit to keep, or another process kept
 * the same key first), or -1 on a failure of the host (errno set); nothing
 * of a failed attempt is left.
 */
int run_cache_put(const char *box_root, const struct run_cache_key *k, const char *box);

/* Removes BOX_ROOT/runcache and everything in it. 0, or -1 (errno set). */
int run_cache_clear(const char *box_root);

#endif
