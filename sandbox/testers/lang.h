/*
 * lang.h - the languages a grader knows: how to compile and run a
 * submission, and with which limits.
 *
 * Limits of a run: the language's defaults, replaced field by field by the
 * spec's `limits` where they are non-zero, each capped at the ceiling below,
 * which no exercise can pass (SPEC_MAX_* in spec.h). The spec's limits apply as given to every
 * language of the exercise. When the spec sets cpu_ms but not wall_ms, the
 * wall limit follows: 2 x CPU + 1 s.
 *
 *              CPU    wall   memory   output   processes
 *   c, cpp,    1 s    3 s    256 MiB  64 KiB   1
 *   haskell
 *   python     2 s    5 s    384 MiB  64 KiB   1
 *   java       3 s    6 s    512 MiB  64 KiB   32
 *   ceiling    10 s   30 s   1 GiB    1 MiB    64
 *
 * A language's default processes (the JVM's own dozen threads for java)
 * and its min_memory_kib are floors: a spec may raise them, never lower
 * them, since below them the runtime itself cannot start.
 *
 * Compilation has fixed limits of its own (10 s CPU, 20 s wall, 512 MiB,
 * 16 processes for gcc's cc1/as/ld and 32 for javac's threads, 64 MiB files
 * and /tmp; GHC: 768 MiB, 32 processes, its heap capped at 512 MiB) that a
 * spec does not change: a compiler bomb (#include
 * "/dev/zero", a gigabyte array, a macro bomb) ends as a CompileError
 * saying which limit it met.
 *
 * Java: the code is Main.java and the program is class Main (Codex's
 * rule), graded by the stdio tester only (tester_stdio.c says what it can
 * reach), compiled with javac into the box (no annotation processing:
 * nothing of the box runs at compile time) and run with flags that keep the
 * JVM small and quick to start (serial GC, C1 only, no perf data file,
 * class data sharing); its heap (-Xmx) and thread stacks (-Xss) are derived
 * from the run's memory limit by lang_run_argv(), and running out of heap
 * ends the JVM with a line that tester_judge() reads as
 * MemoryLimitExceeded.
 *
 * Haskell: the code is Main.hs (Codex's name), compiled by GHC at -O0
 * into prog, run with C's limits (GHC's non-threaded RTS starts no thread:
 * its ticker is a timer signal).
 * GHC reads its package database under /var/lib/ghc, which the jail
 * shows read-only. The hspec tester (tester_hspec.c) uses this entry's
 * compile limits for GHC and its run limits for the test program.
 *
 * Memory is the whole box's where the host has a memory cgroup (the
 * kernel ends a program over it: MemoryLimitExceeded), else each
 * process's address space; processes count threads too (jail.h). Each
 * language runs under its own seccomp profile (run_profile), and so does
 * its compile step.
 */
#ifndef ASSAY_LANG_H
#define ASSAY_LANG_H

#include "sandbox/format/spec.h"
#include "sandbox/jail/jail.h"

struct lang {
	const char *name;	/* as in specs and submissions: "c", "python" */
	const char *title;	/* for people: "C (gcc)" */
	const char *source;	/* the file the code is written to in the box */
	char *const *compile;	/* argv of the compile step; NULL: none */
	int compile_writes;	/* the compile step writes into the box */
	char *const *run;	/* argv of a run, in the box */
	/* The last line of standard error that means the program ran out of
	 * memory (an interpreter's own message), or NULL. */
	const char *memory_error;
	/* The class or binary the compile step must have made ("Main.class"),
	 * checked before running; NULL: nothing to check. */
	const char *output;
	/* A note for the student when the compile step fails (how the language
	 * expects the code to be laid out), or NULL. */
	const char *compile_hint;
	int jvm;		/* runs get -Xmx and -Xss from their limits */
	unsigned min_memory_kib;	/* below this the runtime cannot start */
	struct jail_limits compile_limits;
	struct jail_limits run_limits;	/* defaults of a run */
	enum jail_profile compile_profile;	/* system calls of the compile step */
	enum jail_profile run_profile;		/* and of a run */
};

/* The language called NAME, or NULL when this grader has none. Static. */
const struct lang *lang_find(const char *name);

/*
 * The limits of a run of L for an exercise whose spec asks for SPEC (may be
 * NULL: the defaults), per the rules above.
 */
void lang_run_limits(const struct lang *l, const struct spec_limits *spec,
    struct jail_limits *out);

/*
 * The argv of a run of L under limits LIM, with the NARGS strings of ARGS
 * (may be NULL when NARGS is 0) appended as the program's arguments: L's
 * run argv, and for a JVM its heap and stack sizes. A NULL-terminated
 * array in one allocation (free() it), or NULL on ENOMEM.
 */
char **lang_run_argv(const struct lang *l, const struct jail_limits *lim,
    const char *const *args, size_t nargs);

#endif
