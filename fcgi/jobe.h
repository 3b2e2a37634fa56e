/*
 * jobe.h - Jobe's REST API, so that Moodle's CodeRunner and Jobe's
 * testsubmit.py can use an Assay grader host as their Jobe server.
 *
 * A pure module: no FastCGI, no engine. The caller hands jobe_request() a
 * request (method, path, the X-API-KEY header, the client's address, the
 * body) and gets either an answer to send (JOBE_ANSWER) or a run to grade
 * (JOBE_GRADE): an engine spec for the `run` tester and a submission; once
 * graded, jobe_result() turns the engine's result into the answer.
 *
 * A caller's life, in outline:
 *   at start    jobe_langs_probe(&langs); jobe_keys_load(PATH, &keys, ...)
 *   a request   if its body passes JOBE_BODY_MAX: jobe_too_large(&a);
 *               else if (jobe_request(&cfg, &q, &a, &run) == JOBE_GRADE) {
 *                   spec_from_json(run.spec, &spec, ...);
 *                   struct grade_submission s = { run.language, run.code, run.code_len };
 *                   engine_grade(..., spec, &s, &res); jobe_result(&run, &res, &a);
 *                   (or jobe_overload(&a) when no grader is free in time)
 *                   jobe_run_clear(&run);
 *               }
 *               send a.status, a.headers, and a.type with a.body when it has one;
 *               jobe_answer_clear(&a)
 *
 * Routes, under /jobe/index.php/restapi/ (or /jobe/restapi/; trailing
 * slashes are ignored):
 *   GET  languages   200 [[name, version]...]: c, cpp, java, python3 (those
 *                    present, lowercase, in that order)
 *   POST runs        200 {run_id: null, outcome, cmpinfo, stdout, stderr},
 *                    or 400 (the checks below, in this order), 404 "One or
 *                    more of the specified files is missing/unavailable"
 *                    (the only 404 of this route: CodeRunner then PUTs its
 *                    files and tries again), 413 "The run's files are too
 *                    large together" (over JOBE_RUN_FILES_MAX), 500
 *   PUT  files/ID    204; 400 "put: missing file_contents parameter",
 *                    400 "put: contents of file ID are not valid base-64",
 *                    413 "put: file ID is larger than 20 MiB" (decoded;
 *                    Jobe has no limit of its own),
 *                    500 "put: failed to write file ID to cache"
 *   HEAD files/ID    204 when the cache has it, else 404; no body
 *   OPTIONS anything 200, empty (CORS pre-flight)
 *   anything else    404 "Not found" (a file ID is [A-Za-z0-9]{1,128}; HEAD
 *                    gets no body)
 * A body longer than JOBE_BODY_MAX is the caller's to refuse, unread:
 * jobe_too_large() is its 413. A failure of memory or of the disk is 500
 * "Server exception (why)". Results are not kept: run_id is null, debug is
 * ignored.
 * Every answer carries the CORS headers (JOBE_CORS). Error bodies are JSON
 * strings (as PHP's json_encode writes them: "\/", \uXXXX), Content-Type
 * application/json; charset=UTF-8, but for the keys' 403 and 429, plain
 * text.
 *
 * POST runs' checks: 403 "Missing API key" / 403 "Unknown API key (KEY)"
 * / 429 "Max RUN rate for this server exceeded" (only when keys are
 * configured: jobe_keys.h); then 400 "Non-JSON post data received", "No
 * run_spec attribute found in post data", "run_spec is missing the required
 * attribute 'sourcecode'", "... 'language_id'", "Language 'ID' is not
 * known", "cputime exceeds maximum allowed on this Jobe server (120 secs)",
 * "The sourcefilename for the run_spec is illegal", "Invalid file
 * specifier: " and the entry as PHP's print_r() shows it.
 *
 * Parameters (run_spec.parameters, an object or [], unknown keys ignored),
 * as Jobe: cputime 5 s (at most 120, integer part), memorylimit 400 MB
 * (python3 1000; java always 0; 0 means the tester's ceiling), numprocs 30
 * (java at least 256), disklimit 20 MB, streamsize 2 MB; a value that is
 * not numeric is the default; compiling raises cputime to 2, memorylimit to
 * 500, numprocs to 5, disklimit to 20 (unless 0). A value given replaces
 * the default, args arrays included: compileargs, linkargs,
 * interpreterargs, runargs (java: main_class). Assay's deviations: a
 * cputime of 0 or below, and any negative value, is the default; limits are
 * capped (memory at the tester's 2 GiB, processes at 4096, output and
 * files at 1 GiB); an args value that is a string is one argument, another
 * non-array is the default.
 *
 * The spec (`run` tester; spec_from_json() reads it): {"format":
 * SPEC_FORMAT, "id": "jobe/run", "title": "", "tester": "run",
 * "languages": [c|cpp|python|java], "options": {source, files {NAME:
 * base64}, compile, run, input, cpu_ms, wall_ms (2 x cpu), memory_kib
 * (MB x 1000, as Jobe's runguard counts), processes (numprocs + 1, for the
 * shell), output_kib, fsize_kib}}: the run step's limits (the compile
 * step's, with the minima above, are in struct jobe_run: the tester's
 * contract has no place for them). The command lines are Jobe's, joined
 * with spaces for sh -c, e.g. C: compile "gcc -Wall -Werror -std=c99 -x c
 * -o prog.c.exe prog.c " and run "./prog.c.exe".
 *
 * The answer of a result: CompileError 11 (cmpinfo the compiler's
 * stderr, the report; for python3 its output first, then Jobe's literal
 * "\n"; an empty report becomes "jobe: the compiler failed (STATUS)"),
 * TimeLimitExceeded 13 (stderr ""), MemoryLimitExceeded 17 (stdout and
 * stderr as the run left them),
 * RuntimeError 19 for a forbidden system call, 12 for a signal (SIGSEGV:
 * stderr "", another: stderr plus "jobe: warning: command terminated with
 * signal N"), Accepted 12 with stderr or else 15 (whatever the exit
 * status), anything else 20 (MiscError: stderr a short message, never the
 * log). Text that is not UTF-8 is escaped as Jobe does (jobe_clean()).
 */
#ifndef ASSAY_JOBE_H
#define ASSAY_JOBE_H

#include <stddef.h>

#include <jansson.h>

#include "fcgi/jobe_keys.h"
#include "sandbox/format/grade.h"

/* The headers of every answer, "Name: value\r\n" lines (http_begin()'s HEADERS). */
#define JOBE_CORS "Access-Control-Allow-Origin: *\r\n" \
	"Access-Control-Allow-Headers: X-API-KEY, Origin, X-Requested-With, Content-Type, Accept, " \
	"Access-Control-Request-Method\r\n" \
	"Access-Control-Allow-Methods: GET, POST, OPTIONS, PUT, HEAD, DELETE\r\n"

#define JOBE_JSON "application/json; charset=UTF-8"
#define JOBE_TEXT "text/plain; charset=UTF-8"

#define JOBE_CPUTIME_MAX 120			/* seconds */
#define JOBE_PUT_MAX (20UL << 20)		/* a file's bytes */
#define JOBE_RUN_FILES_MAX (64UL << 20)		/* a run's files' bytes together */
/* The longest body worth reading: a file of JOBE_PUT_MAX in base64, and room. */
#define JOBE_BODY_MAX (JOBE_PUT_MAX / 3 * 4 + (1UL << 20))

enum jobe_lang { JOBE_C, JOBE_CPP, JOBE_JAVA, JOBE_PYTHON3, JOBE_LANGS };

/* The languages present and their versions; zeroed: none. */
struct jobe_langs {
	char version[JOBE_LANGS][32];	/* "" when absent */
};

/*
 * Fills L by running `gcc --version`, `java -version` and `/usr/bin/python3
 * --version` (output and errors), once, at a program's start (it forks).
 * A command that fails or says nothing leaves its languages absent; a
 * version it does not show is "Unknown".
 */
void jobe_langs_probe(struct jobe_langs *l);

/*
 * Sets language NAME (a Jobe name: "c", "cpp", "java", "python3") present
 * with VERSION, or absent when VERSION is NULL. 0, or -1 for another name.
 */
int jobe_langs_set(struct jobe_langs *l, const char *name, const char *version);

/* What the caller configures once; everything is borrowed. */
struct jobe_config {
	const struct jobe_langs *langs;
	const char *files_dir;		/* the file cache (jobe_files.h) */
	unsigned long long files_max;	/* its size in bytes before eviction; 0: no limit */
	const struct jobe_keys *keys;	/* NULL or empty: no key needed */
	const char *rate_dir;		/* the keys' buckets (jobe_keys.h); needed with keys */
};

/* One request; everything is borrowed for the call. */
struct jobe_req {
	const char *method;		/* "GET", "POST"... */
	const char *path;		/* decoded, without the query string */
	const char *api_key;		/* the X-API-KEY header, or NULL */
	const char *address;		/* the client's address (REMOTE_ADDR) */
	const char *body;		/* body_len bytes, may be NULL when 0 */
	size_t body_len;
	double now;			/* seconds, for the rate limit */
};

/* An answer. body is malloc'd (jobe_answer_clear() frees it); NULL: none. */
struct jobe_answer {
	int status;
	const char *type;		/* Content-Type, NULL with no body */
	const char *headers;		/* JOBE_CORS */
	char *body;
	size_t body_len;
};

/* A run to grade; jobe_run_clear() frees what it owns. */
struct jobe_limits {
	long cpu_ms, wall_ms, memory_kib, processes, output_kib, fsize_kib;
};

struct jobe_run {
	enum jobe_lang lang;
	json_t *spec;			/* the engine spec (above) */
	json_t *submission;		/* {"language", "code"} */
	const char *language;		/* Assay's name ("c", "cpp", "python", "java"), static */
	const char *code;		/* the source, code_len bytes, owned by submission */
	size_t code_len;
	const char *source;		/* its file's name, owned by spec */
	const char *compile;		/* the command lines, owned by spec */
	const char *run;
	struct jobe_limits compile_limits, run_limits;
};

enum { JOBE_ANSWER = 0, JOBE_GRADE = 1 };

/*
 * Answers Q under C. Returns JOBE_ANSWER with A filled (a 500 "Server
 * exception (...)" when memory or the cache fails), or JOBE_GRADE with RUN
 * filled and A empty: grade RUN's spec and submission, then call
 * jobe_result() (or jobe_overload() when no grader is free). Q's path must
 * be under /jobe/; any other path is a 404. A and RUN are overwritten:
 * clear what they held before.
 */
int jobe_request(const struct jobe_config *c, const struct jobe_req *q, struct jobe_answer *a,
    struct jobe_run *run);

/* The 200 answer to RUN from RES, the engine's result (above); A is overwritten. */
void jobe_result(const struct jobe_run *run, const struct grade_result *res, struct jobe_answer *a);

/*
 * jobe_result() from the result's JSON form {label, score, report, tests,
 * log}; a label that is not one is MiscError.
 */
void jobe_result_json(const struct jobe_run *run, const json_t *res, struct jobe_answer *a);

/* The answer when no grader is free in time: 200, outcome 21. */
void jobe_overload(struct jobe_answer *a);

/* The 413 answer to a body longer than JOBE_BODY_MAX (not read). */
void jobe_too_large(struct jobe_answer *a);

/*
 * S (N bytes) as Jobe returns program output: S itself when it is UTF-8;
 * else every byte below 0x20 (but \n, \r, \t) and above 0x7e as "\xhh"
 * (lowercase). malloc'd, NUL-terminated, its length in *OUTLEN; NULL on
 * ENOMEM.
 */
char *jobe_clean(const char *s, size_t n, size_t *outlen);

/* Frees what A owns and zeroes it. */
void jobe_answer_clear(struct jobe_answer *a);

/* Frees what RUN owns and zeroes it. */
void jobe_run_clear(struct jobe_run *run);

#endif
