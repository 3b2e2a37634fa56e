/* lang.c - the language table; see lang.h. */
#include <string.h>

#include "lang.h"

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

#define COMPILE_LIMITS(procs) { \
	.cpu_ms = 10000, .wall_ms = 20000, .memory_kib = 512 * MIB, \
	.output_kib = 64, .fsize_kib = 64 * MIB, .files = 64, \
	.processes = (procs), .tmp_kib = 64 * MIB, \
}

static const struct lang langs[] = {
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
		.run_limits = {
			.cpu_ms = 1000, .wall_ms = 3000, .memory_kib = 256 * MIB,
			.output_kib = 64, .fsize_kib = 1024, .files = 64,
			.processes = 1, .tmp_kib = 1024,
		},
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
	out->cpu_ms = pick(l->run_limits.cpu_ms, spec->cpu_ms, LANG_MAX_CPU_MS);
	wall = l->run_limits.wall_ms;
	if (spec->cpu_ms > 0 && spec->wall_ms == 0)
		wall = 2 * out->cpu_ms + 1000;
	out->wall_ms = pick(wall, spec->wall_ms, LANG_MAX_WALL_MS);
	out->memory_kib = pick(l->run_limits.memory_kib, spec->memory_kib,
	    LANG_MAX_MEMORY_KIB);
	out->output_kib = pick(l->run_limits.output_kib, spec->output_kib,
	    LANG_MAX_OUTPUT_KIB);
	out->processes = pick(l->run_limits.processes, spec->processes,
	    LANG_MAX_PROCESSES);
}
