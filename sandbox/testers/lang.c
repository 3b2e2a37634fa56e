/* lang.c - the language table; see lang.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/lang.h"

#define MIB 1024

/*
 * The compiler is a program like any other: gcc's temporary files go to the
 * run's private /tmp; colours off, since nobody reads this on a terminal.
 * Paths are relative to the box, so messages say "main.c:3:5". At -O2 gcc
 * turns a provable NULL dereference or division by zero into a trap
 * (SIGILL, "illegal instruction"), which tells a student nothing: the
 * -fno-isolate-erroneous-paths-* flags keep the real SIGSEGV or SIGFPE.
 */
static char *const c_compile[] = {
	"/usr/bin/gcc", "-std=gnu11", "-O2", "-pipe", "-Wall",
	"-fno-isolate-erroneous-paths-dereference", "-fno-isolate-erroneous-paths-attribute",
	"-fdiagnostics-color=never", "-o", "prog", "main.c", "-lm", NULL
};
static char *const c_run[] = { "./prog", NULL };

/*
 * Python is checked before it runs, so that a syntax error is a
 * CompileError with Python's own message. compile() writes nothing;
 * -I ignores the environment and the user's site directory, -S skips site
 * for a faster start. Always /usr/bin/python3: a python3 found on PATH may
 * be a slow version-manager shim.
 */
static char *const py_compile[] = {
	"/usr/bin/python3", "-I", "-S", "-c",
	"import sys, traceback\n"
	"try:\n"
	"    compile(open('main.py', 'rb').read(), 'main.py', 'exec')\n"
	"except (SyntaxError, ValueError) as e:\n"
	"    sys.stderr.write(''.join(traceback.format_exception_only(type(e), e)))\n"
	"    sys.exit(1)\n",
	NULL
};
static char *const py_run[] = { "/usr/bin/python3", "-I", "main.py", NULL };

/* C++ as C, with g++'s C++17 and GNU extensions. */
static char *const cpp_compile[] = {
	"/usr/bin/g++", "-std=gnu++17", "-O2", "-pipe", "-Wall",
	"-fno-isolate-erroneous-paths-dereference", "-fno-isolate-erroneous-paths-attribute",
	"-fdiagnostics-color=never", "-o", "prog", "main.cpp", "-lm", NULL
};

/*
 * The JVM's flags, for javac (each behind -J) and for java. A JVM sized for
 * a server starts slowly and reserves much memory; a student's program
 * wants the opposite:
 *   -XX:+UseSerialGC             one collector thread's worth of work, no
 *                                parallel GC threads
 *   -XX:TieredStopAtLevel=1      C1 only: quick to compile, one compiler
 *                                thread; C2's peak speed never pays off in
 *                                a run of a second
 *   -XX:-UsePerfData             no hsperfdata file in /tmp (and its mmap)
 *   -Xshare:auto                 class data sharing: the JDK's archive of
 *                                preparsed classes, when present
 *   -XX:-UseContainerSupport     no probing of /proc and /sys for cgroup
 *                                limits that the jail hides anyway: the
 *                                sizes are given below
 *   -XX:ReservedCodeCacheSize,
 *   -XX:CompressedClassSpaceSize small reservations, so that an address
 *                                space limit (a host without the memory
 *                                cgroup) still leaves room for the heap
 *   -XX:+DisplayVMOutputToStderr,
 *   -Xlog:all=warning:stderr     the VM's messages and its log's warnings
 *                                (a thread it could not start...) never mix
 *                                with the program's output (both default to
 *                                standard output)
 */
#define JVM_FLAGS(p) \
	p "-XX:+UseSerialGC", p "-XX:TieredStopAtLevel=1", p "-XX:-UsePerfData", \
	p "-Xshare:auto", p "-XX:-UseContainerSupport", \
	p "-XX:ReservedCodeCacheSize=32m", p "-XX:CompressedClassSpaceSize=64m", \
	p "-XX:+DisplayVMOutputToStderr", p "-Xlog:disable", \
	p "-Xlog:all=warning:stderr"

/*
 * javac: UTF-8 sources, classes into the box (-d .), no annotation
 * processing (nothing of the box is run at compile time), at most 50
 * errors. Other classes that Main uses are compiled too when their files
 * are in the box (the spec's files).
 */
static char *const java_compile[] = {
	"/usr/bin/javac", JVM_FLAGS("-J"), "-J-Xmx256m", "-J-Xss8m",
	"-encoding", "UTF-8", "-proc:none", "-Xmaxerrs", "50", "-d", ".",
	"Main.java", NULL
};

/*
 * java, before -Xmx and -Xss (lang_run_argv() adds them) and the class:
 * running out of heap ends the JVM at once with one line
 * (ExitOnOutOfMemoryError), which memory_error recognises; a stack trace
 * keeps 40 frames, so that a StackOverflowError still shows its name.
 */
static char *const java_run[] = {
	"/usr/bin/java", JVM_FLAGS(""), "-XX:+ExitOnOutOfMemoryError",
	"-XX:MaxJavaStackTraceDepth=40", "-Dfile.encoding=UTF-8", "-cp", ".",
	NULL
};
#define JAVA_CLASS "Main"

/*
 * Haskell (GHC): the program is Main.hs (Codex's name), compiled at -O0
 * (a student's program gains little from -O and compiles in half the
 * time) into prog, its .hi and .o files in the box. GHC itself runs with
 * a 256 MiB heap (+RTS -M) and one capability, so that a large program is
 * a CompileError saying so rather than an out-of-memory kill of the
 * compiler; its children are gcc and ld.gold. No Template Haskell or CPP
 * can read anything the box does not hold: the box holds only the code.
 * A run uses the RTS defaults, with its heap capped by -M (RTSOPTS below)
 * below the memory limit, so that running out of heap ends the program
 * with "Heap exhausted", which memory_error recognises.
 */
static char *const hs_compile[] = {
	"/usr/bin/ghc", "+RTS", "-M512m", "-RTS", "-O0", "-v0",
	"-fdiagnostics-color=never", "-rtsopts=none",
	"-o", "prog", "Main.hs", NULL
};

#define C_RUN_LIMITS { \
	.cpu_ms = 1000, .wall_ms = 3000, .memory_kib = 256 * MIB, \
	.output_kib = 64, .fsize_kib = 1024, .files = 64, \
	.processes = 1, .tmp_kib = 1024, \
}

#define COMPILE_LIMITS(procs) { \
	.cpu_ms = 10000, .wall_ms = 20000, .memory_kib = 512 * MIB, \
	.output_kib = 64, .fsize_kib = 64 * MIB, .files = 64, \
	.processes = (procs), .tmp_kib = 64 * MIB, \
}

/* GHC: a larger heap than gcc's cc1, its RTS's threads and gcc's children. */
#define HS_COMPILE_LIMITS { \
	.cpu_ms = 10000, .wall_ms = 20000, .memory_kib = 768 * MIB, \
	.output_kib = 64, .fsize_kib = 64 * MIB, .files = 64, \
	.processes = 32, .tmp_kib = 64 * MIB, \
}


static const struct lang langs[] = {
	{
		.name = "haskell",
		.title = "Haskell (GHC)",
		.source = "Main.hs",
		.compile = hs_compile,
		.compile_writes = 1,
		.run = c_run,
		.memory_error = "prog: Heap exhausted;",
		.output = "prog",
		.compile_hint = "In Haskell, the program is the module Main with"
		    " \"main :: IO ()\".",
		.compile_limits = HS_COMPILE_LIMITS,
		.compile_profile = JAIL_PROFILE_COMPILER,
		.run_profile = JAIL_PROFILE_C,
		.run_limits = C_RUN_LIMITS,	/* the non-threaded RTS: one
						   thread, its ticker a timer signal */
	},
	{
		.name = "c",
		.title = "C (gcc)",
		.source = "main.c",
		.compile = c_compile,
		.compile_writes = 1,
		.run = c_run,
		.compile_limits = COMPILE_LIMITS(16),
		.compile_profile = JAIL_PROFILE_COMPILER,
		.run_profile = JAIL_PROFILE_C,
		.run_limits = C_RUN_LIMITS,
	},
	{
		.name = "cpp",
		.title = "C++ (g++)",
		.source = "main.cpp",
		.compile = cpp_compile,
		.compile_writes = 1,
		.run = c_run,
		.compile_limits = COMPILE_LIMITS(16),
		.compile_profile = JAIL_PROFILE_COMPILER,
		.run_profile = JAIL_PROFILE_C,
		.run_limits = C_RUN_LIMITS,
	},
	{
		.name = "python",
		.title = "Python 3",
		.source = "main.py",
		.compile = py_compile,
		.compile_writes = 0,
		.run = py_run,
		.memory_error = "MemoryError",
		.compile_limits = COMPILE_LIMITS(1),
		.compile_profile = JAIL_PROFILE_PYTHON,
		.run_profile = JAIL_PROFILE_PYTHON,
		.run_limits = {
			.cpu_ms = 2000, .wall_ms = 5000, .memory_kib = 384 * MIB,
			.output_kib = 64, .fsize_kib = 1024, .files = 64,
			.processes = 1, .tmp_kib = 1024,
		},
	},
	{
		.name = "java",
		.title = "Java (OpenJDK)",
		.source = "Main.java",
		.compile = java_compile,
		.compile_writes = 1,
		.run = java_run,
		.memory_error = "Terminating due to java.lang.OutOfMemoryError: Java heap space",
		.output = "Main.class",
		.compile_hint = "In Java, the program is the class Main, in the default"
		    " package: \"public class Main { public static void main(String[]"
		    " args) { ... } }\".",
		.jvm = 1,
		.min_memory_kib = 128 * MIB,
		.compile_limits = COMPILE_LIMITS(32),
		.compile_profile = JAIL_PROFILE_JVM,
		.run_profile = JAIL_PROFILE_JVM,
		.run_limits = {
			.cpu_ms = 3000, .wall_ms = 6000, .memory_kib = 512 * MIB,
			.output_kib = 64, .fsize_kib = 1024, .files = 128,
			.processes = 32, .tmp_kib = 1024,
		},
	},
};

const struct lang *
lang_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(langs) / sizeof(*langs); i++)
		if (strcmp(langs[i].name, name) == 0)
			return &langs[i];
	return NULL;
}

static unsigned
pick(unsigned dflt, unsigned asked, unsigned ceiling)
{
	unsigned v = asked > 0 ? asked : dflt;

	return v < ceiling ? v : ceiling;
}

void
lang_run_limits(const struct lang *l, const struct spec_limits *spec,
    struct jail_limits *out)
{
	struct spec_limits none = { 0 };
	unsigned wall;

	if (spec == NULL)
		spec = &none;
	*out = l->run_limits;
	out->cpu_ms = pick(l->run_limits.cpu_ms, spec->cpu_ms, SPEC_MAX_CPU_MS);
	wall = l->run_limits.wall_ms;
	if (spec->cpu_ms > 0 && spec->wall_ms == 0)
		wall = 2 * out->cpu_ms + 1000;
	out->wall_ms = pick(wall, spec->wall_ms, SPEC_MAX_WALL_MS);
	out->memory_kib = pick(l->run_limits.memory_kib, spec->memory_kib,
	    SPEC_MAX_MEMORY_KIB);
	out->output_kib = pick(l->run_limits.output_kib, spec->output_kib,
	    SPEC_MAX_OUTPUT_KIB);
	out->processes = pick(l->run_limits.processes, spec->processes,
	    SPEC_MAX_PROCESSES);
	/* Floors: the runtime's own needs. */
	if (out->processes < l->run_limits.processes)
		out->processes = l->run_limits.processes;
	if (out->memory_kib < l->min_memory_kib)
		out->memory_kib = l->min_memory_kib;
}

char **
lang_run_argv(const struct lang *l, const struct jail_limits *lim,
    const char *const *args, size_t nargs)
{
	char jvm[3][40];
	const char *extra[3];
	size_t nrun = 0, nextra = 0, size, n;
	char **argv, *p;

	if (l->jvm) {
		/* Heap: what the JVM's own ~60 MiB (code, metadata, the
		 * class archive, thread stacks) leaves, at least half. Stacks:
		 * an eighth of the memory, 1 to 64 MiB, for deep recursion. */
		unsigned long mem = lim->memory_kib ? lim->memory_kib : 512 * MIB;
		unsigned long heap = mem > 256 * MIB ? mem - 128 * MIB : mem / 2;
		unsigned long stack = lim->stack_kib ? lim->stack_kib : mem / 8;

		if (stack > 64 * MIB)
			stack = 64 * MIB;
		if (stack < MIB)
			stack = MIB;
		snprintf(jvm[0], sizeof(jvm[0]), "-Xmx%luk", heap);
		snprintf(jvm[1], sizeof(jvm[1]), "-Xss%luk", stack);
		snprintf(jvm[2], sizeof(jvm[2]), "%s", JAVA_CLASS);
		for (int i = 0; i < 3; i++)
			extra[nextra++] = jvm[i];
	}
	while (l->run[nrun] != NULL)
		nrun++;
	n = nrun + nextra + nargs;
	size = (n + 1) * sizeof(char *);
	for (size_t i = 0; i < nrun; i++)
		size += strlen(l->run[i]) + 1;
	for (size_t i = 0; i < nextra; i++)
		size += strlen(extra[i]) + 1;
	for (size_t i = 0; i < nargs; i++)
		size += strlen(args[i]) + 1;
	if ((argv = malloc(size)) == NULL)
		return NULL;
	p = (char *)(argv + n + 1);
	for (size_t i = 0; i < n; i++) {
		const char *s = i < nrun ? l->run[i] : i < nrun + nextra ?
		    extra[i - nrun] : args[i - nrun - nextra];
		size_t len = strlen(s) + 1;

		memcpy(p, s, len);
		argv[i] = p;
		p += len;
	}
	argv[n] = NULL;
	return argv;
}
