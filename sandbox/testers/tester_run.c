/*
 * tester_run.c - the run tester: one program compiled and run the way Jobe
 * (the sandbox behind Moodle's CodeRunner) does, its facts reported raw,
 * with no verdict on its output. fcgi/jobe.c turns a Jobe run_spec into
 * this tester's spec and the result back into Jobe's response.
 *
 * Spec options (each checked: an unknown key, a wrong type or a limit
 * past its ceiling is the platform's error, MiscError, the log naming it):
 *   "source":     "prog.c"         the file the code is written to in the box
 *                                  (no '/', not "." or "..", no control
 *                                  character, at most 255 bytes)
 *   "files":      {NAME: BASE64}   more files of the box (Jobe's file_list),
 *                                  NAME as the source's, never the source
 *                                  (absent or null: none)
 *   "compile":    "gcc ... prog.c" a shell command line; absent or null: none
 *   "run":        "./prog.c.exe"   a shell command line
 *   "input":      "..."            the run's standard input (absent or
 *                                  null: empty; the compile's always is)
 *   "cpu_ms":     5000             CPU time of the run (1 to 120000)
 *   "wall_ms":    10000            wall time of the run (1 to 240000;
 *                                  absent: 2 x cpu_ms, as Jobe)
 *   "memory_kib": 409600           the box's memory (0: 2 GiB, the ceiling)
 *   "processes":  31               tasks of the box (1 to 512)
 *   "output_kib": 2000             each of stdout and stderr kept up to this
 *                                  (1 to 8192); the rest discarded, counted
 *   "fsize_kib":  20000            largest file a run may write (1 to 65536)
 * Absent limits are Jobe's defaults (the values above). The spec's own
 * "limits" must be empty (this tester's are in options) and its tests are
 * not used.
 *
 * Each command runs as /bin/sh -c COMMAND in the box, its working
 * directory; or, when COMMAND is one simple command with nothing for sh
 * to expand (words, quoted or not, the first an ELF program of the jail
 * and not a builtin: "./prog.c.exe", "gcc -o x x.c", "python3 -c
 * \"print(1)\""), as its words directly: what sh would run, without sh in
 * between, so that a signal that ends the program is reported as the
 * program's (dash waits for the commands of -c and turns a signal into
 * the status 128 + N with a message on stderr, which is then what a run
 * through sh reports, as Jobe's does), and a run costs no shell. The box
 * is writable (programs may write files there, each at most fsize_kib;
 * Python's py_compile writes __pycache__), a tmpfs of its own of the
 * compile's file size limit, 4 x the run's (fsize_kib) and 16 MiB (more by
 * the spec's files), and 4096 files, whose pages
 * count toward the memory of the step that writes them; /tmp a tmpfs of
 * fsize_kib; the
 * environment is the jail's (PATH=/usr/bin:/bin, LANG=C.UTF-8, HOME and
 * TMPDIR /tmp). The submission's language picks the system calls: its
 * profile plus execve, which the shell needs (lang.c's c, cpp, haskell and
 * python profiles are the base list without execve, so they run under the
 * default profile, which is that list with execve; java's under jvm-exec,
 * the JVM's profile with execve). So a program may start other programs
 * of the jail's root (Jobe's pylint test does); never a socket, and an
 * ioctl other than a terminal's few questions ends the run as a forbidden
 * call (cp's FICLONE does: `cat a > b` copies).
 *
 * The compile step's limits are the language's (lang.c), each raised to
 * what Jobe's compile would get: the run's CPU time, memory, processes and
 * file size, at least 2 s, 500000 KiB, 6 tasks and 20000 KiB. The output
 * is never a reason to stop a step: the jail reads on and discards what
 * passes output_kib (jail_config.output_discard), as Jobe's runguard does;
 * a step ends by itself, or at its time or memory limit.
 *
 * Result: the label is CompileError when the compile step did not exit
 * with status 0 or wrote anything to standard error (warnings too:
 * Jobe's rule), its report the compiler's standard error (valid UTF-8: an
 * invalid byte or a NUL becomes U+FFFD; the exact bytes are in the entry);
 * else the run's: TimeLimitExceeded (CPU or wall), MemoryLimitExceeded
 * (the memory cgroup's kill; a host without one limits each process's
 * address space, where allocations fail instead), RuntimeError (killed by
 * a signal, or a forbidden system call), Accepted when it exited by itself
 * whatever its status; report "". Score 1 for Accepted, else 0. tests is
 * one entry, the compile's when it failed, else the run's:
 *   {"phase": "compile"|"run",
 *    "status": "exited"|"signaled"|"time"|"memory"|"syscall",
 *    "exit": N|null (exited), "signal": N|null (signaled; 31, SIGSYS, for
 *    syscall), "syscall": NAME|null, "stdout", "stderr": base64 of the raw
 *    bytes kept, "stdout_cut", "stderr_cut": bytes discarded,
 *    "cpu_ms", "wall_ms", "memory_kib"}
 *
 * A run ends when its first process (the shell, or the program run
 * directly) ends: the jail's init then kills every process left, so
 * children that hold the pipes neither keep it waiting nor outlive it.
 *
 * What the student's code can reach: the box (its code, the spec's files,
 * what the compile made), writable by it, and nothing of another grading;
 * the jail's root read-only (jail.h); no expected output exists. The box
 * is in memory, bounded in all: a run cannot fill the host's disk nor its
 * inodes (on a host where no tmpfs box can be made, a grader whose root is
 * not a mount point, it is a directory of the host's disk, each file
 * limited, not their number). Nothing is judged here from what the
 * program wrote: its bytes go back to the caller as they are.
 *
 * The same code compiled the same way (CodeRunner's tests of one answer,
 * which differ in their input) is compiled once: a compile that succeeded
 * leaves its box in the host's run cache, and a later grading with the
 * same key starts from a copy of it, without a compile step
 * (run_cache.h says what the key holds and why no other code can get it).
 *
 * tester_run(), at the end, is the phases in order: prepare (options, the
 * box, its files and the code, or the cache's copy), compile, run, finish.
 */
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/testers/run_cache.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/b64.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/errmsg.h"

/* The ceilings of the options, and what Jobe's compile step gets at least. */
#define RUN_MAX_CPU_MS 120000
#define RUN_MAX_WALL_MS 240000
#define RUN_MAX_MEMORY_KIB (2u * 1024 * 1024)
#define RUN_MAX_PROCESSES 512
#define RUN_MAX_OUTPUT_KIB (8u * 1024)
#define RUN_MAX_FSIZE_KIB (64u * 1024)
#define RUN_MAX_FILES 64
#define RUN_NAME_MAX 255
#define RUN_COMPILE_MIN_CPU_MS 2000
#define RUN_COMPILE_MIN_MEMORY_KIB 500000
#define RUN_COMPILE_MIN_PROCESSES 6
#define RUN_COMPILE_MIN_FSIZE_KIB 20000
#define RUN_OPEN_FILES 256
/* The box's tmpfs: the compile's largest file, four times the run's and
 * 16 MiB more, at most 4096 files (and the spec's files and the code). */
#define RUN_BOX_SLACK 4
#define RUN_BOX_MIN_KIB 16384
#define RUN_BOX_INODES 4096

/* The options, checked (strings borrowed from the spec). */
struct run_options {
	const char *source, *compile, *run;
	const char *input;
	size_t input_len;
	const json_t *files;	/* object, or NULL */
	unsigned cpu_ms, wall_ms, memory_kib, processes, output_kib, fsize_kib;
};

/* One grading: what the phases share. */
struct run_grading {
	const struct tester_env *env;
	struct run_options o;
	struct jail_box *box;
	struct run_cache_key key;	/* of the compile, when there is one */
	int cached;		/* the box is a kept compile's (run_cache.h) */
	char *log;
	size_t loglen;
};

/* An integer option: MIN to MAX, DFLT when absent. */
static const struct {
	const char *key;
	size_t off;
	unsigned min, max, dflt;
} run_limits[] = {
	{ "cpu_ms", offsetof(struct run_options, cpu_ms), 1, RUN_MAX_CPU_MS, 5000 },
	{ "wall_ms", offsetof(struct run_options, wall_ms), 1, RUN_MAX_WALL_MS, 0 },
	{ "memory_kib", offsetof(struct run_options, memory_kib), 0,
	    RUN_MAX_MEMORY_KIB, 409600 },
	{ "processes", offsetof(struct run_options, processes), 1,
	    RUN_MAX_PROCESSES, 31 },
	{ "output_kib", offsetof(struct run_options, output_kib), 1,
	    RUN_MAX_OUTPUT_KIB, 2000 },
	{ "fsize_kib", offsetof(struct run_options, fsize_kib), 1,
	    RUN_MAX_FSIZE_KIB, 20000 },
};

/* Is NAME fit to be a file of the box? */
static int
run_plain_name(const char *name, size_t len)
{
	if (len == 0 || len > RUN_NAME_MAX || strlen(name) != len ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;
	for (const char *p = name; *p != '\0'; p++)
		if (*p == '/' || (unsigned char)*p < ' ' || *p == 0x7f)
			return 0;
	return 1;
}

/* A string option KEY into *OUT (NULL when absent or, with NULLABLE,
 * null). 0, or -1 with LOG. */
static int
run_string(struct run_grading *g, const char *key, int required, int nullable,
    const char **out, size_t *len)
{
	const json_t *v = json_object_get(g->env->spec->options, key);

	*out = NULL;
	if (v == NULL || (nullable && json_is_null(v))) {
		if (!required)
			return 0;
		errmsg_set(g->log, g->loglen, "run: %s: options.%s is missing",
		    g->env->spec->id, key);
		return -1;
	}
	if (!json_is_string(v) || (len == NULL &&
	    strlen(json_string_value(v)) != json_string_length(v))) {
		errmsg_set(g->log, g->loglen, "run: %s: options.%s must be a text%s",
		    g->env->spec->id, key, len == NULL ? " without NUL bytes" : "");
		return -1;
	}
	*out = json_string_value(v);
	if (len != NULL)
		*len = json_string_length(v);
	return 0;
}

/* The integer options, each in its range. 0, or -1 with LOG. */
static int
run_read_limits(struct run_grading *g)
{
	const json_t *opts = g->env->spec->options;

	for (size_t i = 0; i < sizeof(run_limits) / sizeof(*run_limits); i++) {
		const json_t *v = json_object_get(opts, run_limits[i].key);
		unsigned *dst = (unsigned *)((char *)&g->o + run_limits[i].off);

		if (v == NULL) {
			*dst = run_limits[i].dflt;
			continue;
		}
		if (!json_is_integer(v) || json_integer_value(v) < run_limits[i].min ||
		    json_integer_value(v) > run_limits[i].max) {
			errmsg_set(g->log, g->loglen, "run: %s: options.%s must be an"
			    " integer from %u to %u", g->env->spec->id,
			    run_limits[i].key, run_limits[i].min, run_limits[i].max);
			return -1;
		}
		*dst = (unsigned)json_integer_value(v);
	}
	if (g->o.wall_ms == 0)
		g->o.wall_ms = 2 * g->o.cpu_ms;
	if (g->o.memory_kib == 0)
		g->o.memory_kib = RUN_MAX_MEMORY_KIB;
	return 0;
}

/* options.files: an object of at most RUN_MAX_FILES plain names (never
 * the source) with base64 texts. 0, or -1 with LOG. */
static int
run_read_files(struct run_grading *g)
{
	const json_t *v = json_object_get(g->env->spec->options, "files");
	const char *name;
	json_t *data;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_object(v) || json_object_size(v) > RUN_MAX_FILES) {
		errmsg_set(g->log, g->loglen, "run: %s: options.files must be an object"
		    " of at most %d {name: base64}", g->env->spec->id, RUN_MAX_FILES);
		return -1;
	}
	json_object_foreach((json_t *)v, name, data) {
		if (!run_plain_name(name, strlen(name)) ||
		    strcmp(name, g->o.source) == 0 || !json_is_string(data)) {
			errmsg_set(g->log, g->loglen, "run: %s: options.files: \"%.100s\""
			    " is not a plain file name (nor the source) with a base64"
			    " text", g->env->spec->id, name);
			return -1;
		}
	}
	g->o.files = v;
	return 0;
}

/* Reads and checks the options (run_options). 0, or -1 with LOG. */
static int
run_read_options(struct run_grading *g)
{
	static const char *const known[] = { "source", "files", "compile", "run",
	    "input", "cpu_ms", "wall_ms", "memory_kib", "processes", "output_kib",
	    "fsize_kib" };
	const struct spec *spec = g->env->spec;
	const struct spec_limits *l = &spec->limits;
	const char *key;
	json_t *v;

	json_object_foreach(spec->options, key, v) {
		size_t i = 0;

		while (i < sizeof(known) / sizeof(*known) && strcmp(known[i], key) != 0)
			i++;
		if (i == sizeof(known) / sizeof(*known)) {
			errmsg_set(g->log, g->loglen, "run: %s: unknown option \"%.100s\"",
			    spec->id, key);
			return -1;
		}
	}
	if (l->cpu_ms || l->wall_ms || l->memory_kib || l->output_kib || l->processes) {
		errmsg_set(g->log, g->loglen, "run: %s: the spec's limits must be"
		    " empty: this tester takes them in options", spec->id);
		return -1;
	}
	if (run_string(g, "source", 1, 0, &g->o.source, NULL) == -1 ||
	    run_string(g, "compile", 0, 1, &g->o.compile, NULL) == -1 ||
	    run_string(g, "run", 1, 0, &g->o.run, NULL) == -1 ||
	    run_string(g, "input", 0, 1, &g->o.input, &g->o.input_len) == -1)
		return -1;
	if (!run_plain_name(g->o.source, strlen(g->o.source))) {
		errmsg_set(g->log, g->loglen, "run: %s: options.source \"%.100s\" is not"
		    " a plain file name", spec->id, g->o.source);
		return -1;
	}
	return run_read_limits(g) == -1 || run_read_files(g) == -1 ? -1 : 0;
}

/* The spec's files, decoded, and the code into the box. 0, or -1 with LOG. */
static int
run_put_files(struct run_grading *g)
{
	const struct grade_submission *sub = g->env->sub;
	const char *name;
	json_t *data;

	json_object_foreach((json_t *)g->o.files, name, data) {
		size_t len;
		char *bytes = b64_decode(json_string_value(data),
		    json_string_length(data), &len);
		int rc;

		if (bytes == NULL) {
			errmsg_set(g->log, g->loglen, "run: %s: options.files: \"%.100s\""
			    " is not base64 (or out of memory)", g->env->spec->id, name);
			return -1;
		}
		rc = jail_box_put(g->box, name, bytes, len, 0644, g->log, g->loglen);
		free(bytes);
		if (rc == -1)
			return -1;
	}
	return jail_box_put(g->box, g->o.source, sub->code ? sub->code : "",
	    sub->code_len, 0644, g->log, g->loglen);
}

static unsigned
run_max(unsigned a, unsigned b)
{
	return a > b ? a : b;
}

/* The limits of the run, or with COMPILE of the compile step, into L. */
static void
run_step_limits(const struct run_grading *g, int compile, struct jail_limits *l)
{
	const struct run_options *o = &g->o;

	memset(l, 0, sizeof(*l));
	l->cpu_ms = o->cpu_ms;
	l->wall_ms = o->wall_ms;
	l->memory_kib = o->memory_kib;
	l->processes = o->processes;
	l->fsize_kib = o->fsize_kib;
	l->output_kib = o->output_kib;
	l->files = RUN_OPEN_FILES;
	l->tmp_kib = o->fsize_kib;
	if (!compile)
		return;
	*l = (struct jail_limits){
		.cpu_ms = run_max(g->env->lang->compile_limits.cpu_ms,
		    run_max(o->cpu_ms, RUN_COMPILE_MIN_CPU_MS)),
		.memory_kib = run_max(g->env->lang->compile_limits.memory_kib,
		    run_max(o->memory_kib, RUN_COMPILE_MIN_MEMORY_KIB)),
		.processes = run_max(g->env->lang->compile_limits.processes,
		    run_max(o->processes, RUN_COMPILE_MIN_PROCESSES)),
		.fsize_kib = run_max(g->env->lang->compile_limits.fsize_kib,
		    run_max(o->fsize_kib, RUN_COMPILE_MIN_FSIZE_KIB)),
		.output_kib = o->output_kib,
		.files = run_max(g->env->lang->compile_limits.files, RUN_OPEN_FILES),
		.tmp_kib = g->env->lang->compile_limits.tmp_kib,
	};
	l->wall_ms = run_max(g->env->lang->compile_limits.wall_ms,
	    run_max(o->wall_ms, 2 * l->cpu_ms));
}

/*
 * The box: a tmpfs of its own (jail_box_create_tmpfs()) that holds the
 * spec's files and the code, the largest file the compile may write and
 * RUN_BOX_SLACK times the run's, and RUN_BOX_INODES files;
 * on a host where it cannot be made (a grader whose root is not a mount
 * point: no mount namespace of its own), a directory on the host's disk
 * as the other testers' boxes. 0, or -1 with LOG.
 */
static int
run_box(struct run_grading *g)
{
	struct jail_limits cl;
	unsigned long kib;
	const char *name;
	json_t *data;

	run_step_limits(g, 1, &cl);
	kib = (unsigned long)cl.fsize_kib + (unsigned long)g->o.fsize_kib * RUN_BOX_SLACK +
	    RUN_BOX_MIN_KIB;
	json_object_foreach((json_t *)g->o.files, name, data)
		kib += json_string_length(data) / 1024 + 1;	/* base64: more */
	kib += g->env->sub->code_len / 1024 + 1;
	if (jail_box_create_tmpfs(g->env->box_root, g->env->slot, kib, RUN_BOX_INODES,
	    &g->box, g->log, g->loglen) == 0)
		return 0;
	return tester_box_create(g->env, NULL, 0, &g->box, g->log, g->loglen);
}

/* Prepare: the options, the box with the spec's files and the code. */
static int
run_prepare(const struct tester_env *env, struct run_grading *g, char *log,
    size_t loglen)
{
	memset(g, 0, sizeof(*g));
	g->env = env;
	g->log = log;
	g->loglen = loglen;
	if (run_read_options(g) == -1 || run_box(g) == -1)
		return -1;
	/* No key (out of memory): no cache, a compile. */
	if (g->o.compile != NULL)
		(void)run_cache_key_make(env->lang->name, env->spec->options, env->sub->code,
		    env->sub->code_len, &g->key);
	if (g->key.text != NULL &&
	    (g->cached = run_cache_get(env->box_root, &g->key, g->box->path)) == -1) {
		/* An entry that failed half copied: a new box, compiled. */
		g->cached = 0;
		(void)jail_box_free(g->box, NULL, 0);
		g->box = NULL;
		if (run_box(g) == -1)
			return -1;
	}
	return g->cached ? TESTER_NEXT : run_put_files(g) == -1 ? -1 : TESTER_NEXT;
}

/* PROFILE with execve, for the shell that starts the commands (the top of
 * the file says why each is what it is). */
static enum jail_profile
run_exec_profile(enum jail_profile p)
{
	switch (p) {
	case JAIL_PROFILE_C:
	case JAIL_PROFILE_PYTHON:
		return JAIL_PROFILE_DEFAULT;
	case JAIL_PROFILE_JVM:
		return JAIL_PROFILE_JVM_EXEC;
	default:
		return p;	/* default, compiler, qc, jvm-exec: execve already */
	}
}


/* Is C a character sh takes as itself outside quotes, in a word that is
 * not the first (where '=' would make an assignment)? */
static int
run_plain_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("-_./,:+@%=^", c) != NULL;
}

/*
 * Adds to W (S bytes of words, NUL-separated) the next word of *P, as sh
 * reads it when there is nothing to expand: plain characters, '...',
 * "..." (a backslash escaping \ " and $ there). Returns 1 with a word, 0
 * at the end, -1 when sh would do more than split words (an operator, an
 * expansion, a glob, a comment, an unquoted backslash...).
 */
static int
run_word(const char **p, char *w, size_t *n)
{
	const char *s = *p;
	int any = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s != '\0' && *s != ' ' && *s != '\t'; any = 1) {
		if (*s == '\'') {
			const char *e = strchr(s + 1, '\'');

			if (e == NULL)
				return -1;
			memcpy(w + *n, s + 1, (size_t)(e - s - 1));
			*n += (size_t)(e - s - 1);
			s = e + 1;
		} else if (*s == '"') {
			for (s++; *s != '"'; s++) {
				if (*s == '\0' || *s == '$' || *s == '`')
					return -1;
				if (*s == '\\' && strchr("\\\"$`", s[1]) != NULL &&
				    s[1] != '\0')
					s++;
				else if (*s == '\\')
					return -1;
				w[(*n)++] = *s;
			}
			s++;
		} else if (run_plain_char(*s))
			w[(*n)++] = *s++;
		else
			return -1;
	}
	*p = s;
	if (!any)
		return 0;
	w[(*n)++] = '\0';
	return 1;
}

/*
 * Can the jail execve PROG (a path in the jail: absolute under /usr or
 * /bin, which it shows as the host has them, or relative to the box BOX)
 * as sh would, without sh's own fallbacks (sh reads a file that is no
 * program as a script, and says "not found" for a script whose
 * interpreter is missing, where the jail's execve would fail): a regular,
 * executable ELF file? Scripts go through sh.
 */
static int
run_executable(const char *box, const char *prog)
{
	char path[4096], head[4];
	struct stat st;
	int fd, ok;

	if (prog[0] == '/' && strncmp(prog, "/usr/", 5) != 0 &&
	    strncmp(prog, "/bin/", 5) != 0)
		return 0;
	if (prog[0] == '/')
		snprintf(path, sizeof(path), "%s", prog);
	else
		snprintf(path, sizeof(path), "%s/%s", box, prog);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) &&
	    read(fd, head, 4) == 4 && memcmp(head, "\177ELF", 4) == 0;
	close(fd);
	return ok;
}

/*
 * The argv of COMMAND when it is one simple command with nothing to
 * expand, whose program is a file of the jail (a name without '/' that
 * sh would find on the jail's PATH and is none of its builtins; a path,
 * relative to the box BOX, that run_executable() accepts): sh would only
 * split its words and run it, so it is run directly, and a signal that
 * ends it is its own (dash waits for a command it started and turns its
 * signal into a status of 128 + N, with a message). One allocation
 * (free() it); NULL when sh must read COMMAND, or on ENOMEM (sh then too).
 */
static char **
run_words(const char *box, const char *command)
{
	static const char *const builtins[] = { "alias", "bg", "break", "cd",
	    "command", "continue", "echo", "eval", "exec", "exit", "export",
	    "false", "fc", "fg", "getopts", "hash", "jobs", "kill", "local",
	    "printf", "pwd", "read", "readonly", "return", "set", "shift",
	    "test", "times", "trap", "true", "type", "ulimit", "umask",
	    "unalias", "unset", "wait", "[", NULL };
	size_t len = strlen(command), n = 0, nw = 0, off = 0;
	char *w = malloc(len + 1 + sizeof("/usr/bin/")), **argv = NULL, *p;
	const char *s = command;
	int rc;

	if (w == NULL)
		return NULL;
	while ((rc = run_word(&s, w + sizeof("/usr/bin/") - 1, &n)) == 1)
		nw++;
	if (rc == -1 || nw == 0 || strchr(w + sizeof("/usr/bin/") - 1, '=') != NULL)
		goto shell;
	p = w + sizeof("/usr/bin/") - 1;
	if (strchr(p, '/') == NULL) {
		for (size_t i = 0; builtins[i] != NULL; i++)
			if (strcmp(builtins[i], p) == 0)
				goto shell;
		memcpy(w, "/usr/bin/", sizeof("/usr/bin/") - 1);
		p = w;
	}
	if (!run_executable(box, p))
		goto shell;
	if ((argv = malloc((nw + 1) * sizeof(*argv) + n + sizeof("/usr/bin/"))) == NULL)
		goto shell;
	memcpy((char *)(argv + nw + 1), p, n + (size_t)(w + sizeof("/usr/bin/") - 1 - p));
	for (size_t i = 0; i < nw; i++) {
		argv[i] = (char *)(argv + nw + 1) + off;
		off += strlen(argv[i]) + 1;
	}
	argv[nw] = NULL;
shell:
	free(w);
	return argv;
}

/* Runs COMMAND (the compile step with COMPILE) in the box, into R. 0, or
 * -1 with LOG. */
static int
run_step(struct run_grading *g, int compile, const char *command,
    struct jail_result *r)
{
	const struct lang *lang = g->env->lang;
	char *sh[] = { "/bin/sh", "-c", (char *)command, NULL };
	char **words = run_words(g->box->path, command);
	struct jail_config jc;
	char err[512];
	int rc = 0;

	tester_jail_config(g->env, g->box, &jc);
	jc.writable = 1;
	jc.argv = words != NULL ? words : sh;
	jc.output_discard = 1;
	run_step_limits(g, compile, &jc.limits);
	jc.profile = run_exec_profile(compile ? lang->compile_profile :
	    lang->run_profile);
	if (!compile) {
		jc.input = g->o.input;
		jc.input_len = g->o.input_len;
	}
	memset(r, 0, sizeof(*r));
	if (jail_box_run(g->box, &jc, r, err, sizeof(err)) == -1) {
		errmsg_set(g->log, g->loglen, "run: %s: the %s step: %s",
		    g->env->spec->id, compile ? "compile" : "run", err);
		rc = -1;
	}
	free(words);
	return rc;
}

/* What R's status is called in the entry, and its label; NULL for a status
 * this tester never asks for (the output limit). */
static const char *
run_status(const struct jail_result *r, enum label *label)
{
	switch (r->status) {
	case JAIL_EXITED:
		*label = LABEL_ACCEPTED;
		return "exited";
	case JAIL_SIGNALED:
		*label = LABEL_RUNTIME_ERROR;
		return r->syscall[0] != '\0' ? "syscall" : "signaled";
	case JAIL_CPU_LIMIT:
	case JAIL_WALL_LIMIT:
		*label = LABEL_TIME_LIMIT;
		return "time";
	case JAIL_MEMORY_LIMIT:
		*label = LABEL_MEMORY_LIMIT;
		return "memory";
	case JAIL_OUTPUT_LIMIT:
		break;
	}
	return NULL;
}

/* N bytes of S as a JSON string of their base64. NULL on ENOMEM. */
static json_t *
run_b64(const char *s, size_t n)
{
	char *t = b64_encode(s ? s : "", n, NULL);
	json_t *j = t != NULL ? json_string(t) : NULL;

	free(t);
	return j;
}

/* The entry of step PHASE that ran as R with STATUS. NULL on ENOMEM. */
static json_t *
run_entry(const char *phase, const char *status, const struct jail_result *r)
{
	int exited = r->status == JAIL_EXITED;
	int signaled = r->status == JAIL_SIGNALED;
	json_t *o = json_object();

	if (o == NULL ||
	    tester_json_set(o, "phase", json_string(phase)) == -1 ||
	    tester_json_set(o, "status", json_string(status)) == -1 ||
	    tester_json_set(o, "exit", exited ? json_integer(r->code) :
	    json_null()) == -1 ||
	    tester_json_set(o, "signal", signaled ? json_integer(r->syscall[0] ?
	    SIGSYS : r->signal) : json_null()) == -1 ||
	    tester_json_set(o, "syscall", r->syscall[0] ? json_string(r->syscall) :
	    json_null()) == -1 ||
	    tester_json_set(o, "stdout", run_b64(r->out, r->out_len)) == -1 ||
	    tester_json_set(o, "stderr", run_b64(r->err, r->err_len)) == -1 ||
	    tester_json_set(o, "stdout_cut", json_integer((json_int_t)r->out_cut)) == -1 ||
	    tester_json_set(o, "stderr_cut", json_integer((json_int_t)r->err_cut)) == -1 ||
	    tester_json_set(o, "cpu_ms", json_integer(r->cpu_ms)) == -1 ||
	    tester_json_set(o, "wall_ms", json_integer(r->wall_ms)) == -1 ||
	    tester_json_set(o, "memory_kib", json_integer((json_int_t)r->memory_kib)) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * The result of step PHASE, which ran as R, with LABEL: its one entry,
 * REPORT (copied; NULL: ""). TESTER_DONE, or -1 with LOG.
 */
static int
run_result(struct run_grading *g, const char *phase, const struct jail_result *r,
    enum label label, const char *report, struct grade_result *out)
{
	enum label ignored;
	const char *status = run_status(r, &ignored);
	json_t *tests = json_array(), *e = NULL;
	char *rep = strdup(report != NULL ? report : "");

	if (status == NULL) {
		errmsg_set(g->log, g->loglen, "run: %s: the %s step ended at an output"
		    " limit it was not given", g->env->spec->id, phase);
		goto err;
	}
	if (tests == NULL || rep == NULL || (e = run_entry(phase, status, r)) == NULL ||
	    json_array_append_new(tests, e) == -1) {
		errmsg_set(g->log, g->loglen, "run: out of memory");
		goto err;
	}
	if (tester_finish(out, label, label == LABEL_ACCEPTED ? 1 : 0, rep,
	    tests) == -1) {
		errmsg_set(g->log, g->loglen, "run: out of memory");
		return -1;
	}
	return TESTER_DONE;
err:
	free(rep);
	json_decref(tests);
	return -1;
}

/*
 * Compile: the compile command, when there is one. A step that did not
 * exit with status 0, or wrote to standard error, is the CompileError
 * result (TESTER_DONE); else TESTER_NEXT; or -1 with LOG.
 */
static int
run_compile(struct run_grading *g, struct grade_result *out)
{
	struct jail_result r;
	char *cmpinfo;
	int rc;

	if (g->o.compile == NULL || g->cached)
		return TESTER_NEXT;
	if (run_step(g, 1, g->o.compile, &r) == -1) {
		jail_result_clear(&r);
		return -1;
	}
	if (r.status == JAIL_EXITED && r.code == 0 && r.err_len == 0 &&
	    r.err_cut == 0) {
		jail_result_clear(&r);
		/* Kept for the next grading of the same code (or not: a cache
		 * that fails costs a compile, never a grading). */
		(void)run_cache_put(g->env->box_root, &g->key, g->box->path);
		return TESTER_NEXT;
	}
	if ((cmpinfo = clean_text(r.err, r.err_len, 0, 0, NULL)) == NULL) {
		jail_result_clear(&r);
		errmsg_set(g->log, g->loglen, "run: out of memory");
		return -1;
	}
	rc = run_result(g, "compile", &r, LABEL_COMPILE_ERROR, cmpinfo, out);
	free(cmpinfo);
	jail_result_clear(&r);
	return rc;
}

/* Run: the run command, its label from how it ended. TESTER_DONE, or -1
 * with LOG. */
static int
run_run(struct run_grading *g, struct grade_result *out)
{
	struct jail_result r;
	enum label label = LABEL_MISC_ERROR;
	int rc;

	if (run_step(g, 0, g->o.run, &r) == -1) {
		jail_result_clear(&r);
		return -1;
	}
	(void)run_status(&r, &label);
	rc = run_result(g, "run", &r, label, NULL, out);
	jail_result_clear(&r);
	return rc;
}

int
tester_run(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct run_grading g;
	int rc;

	if ((rc = run_prepare(env, &g, log, loglen)) == TESTER_NEXT &&
	    (rc = run_compile(&g, out)) == TESTER_NEXT)
		rc = run_run(&g, out);
	(void)jail_box_free(g.box, NULL, 0);
	run_cache_key_free(&g.key);
	return tester_return(rc, out);
}
