/*
 * jobe.c - Jobe's REST API over the engine's `run` tester; see jobe.h.
 *
 * Bottom up: answers (JSON strings, plain text, nothing), the languages
 * and their versions, the run's parameters and command lines as Jobe
 * builds them, the checks of POST runs in Jobe's order, the file cache's
 * routes, the router, and last the answer made of a result.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "fcgi/jobe.h"
#include "fcgi/jobe_files.h"
#include "fcgi/jobe_keys.h"
#include "sandbox/format/label.h"
#include "sandbox/format/spec.h"
#include "sandbox/util/b64.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

#define MISSING_FILES "One or more of the specified files is missing/unavailable"
#define PYTHON "/usr/bin/python3"

/* Caps of Assay's own on what a run may ask (jobe.h). */
#define MEMORY_KIB_MAX (2L << 20)
#define PROCESSES_MAX 4096
#define STREAM_KIB_MAX (1L << 20)
#define FILENAME_MAX_LEN 200

/* ---- answers ---- */

void
jobe_answer_clear(struct jobe_answer *a)
{
	free(a->body);
	memset(a, 0, sizeof(*a));
}

static void
answer_empty(struct jobe_answer *a, int status)
{
	jobe_answer_clear(a);
	a->status = status;
	a->headers = JOBE_CORS;
}

/* Without memory for the answer: a 500 with no body. */
static void
answer_body(struct jobe_answer *a, int status, const char *type, char *body)
{
	answer_empty(a, body ? status : 500);
	if (body != NULL) {
		a->type = type;
		a->body = body;
		a->body_len = strlen(body);
	}
}

/* STATUS with MSG as a JSON string, escaped as PHP's json_encode() does ("\/", "\u00e9"). */
static void
answer_msg(struct jobe_answer *a, int status, const char *msg)
{
	json_t *s = json_string(msg);
	char *text = s ? json_dumps(s, JSON_ENCODE_ANY | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH) : NULL;

	json_decref(s);
	for (char *p = text; p != NULL && *p != '\0'; p++)
		if (p[0] == '\\' && p[1] == 'u') {
			for (int i = 2; i < 6; i++)
				p[i] = (char)tolower((unsigned char)p[i]);
			p += 5;
		} else if (p[0] == '\\')
			p++;	/* an escaped character: never the start of another escape */
	answer_body(a, status, JOBE_JSON, text);
}

static void
answer_text(struct jobe_answer *a, int status, const char *msg)
{
	answer_body(a, status, JOBE_TEXT, strdup(msg));
}

static void
answer_json(struct jobe_answer *a, int status, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

	json_decref(j);
	answer_body(a, status, JOBE_JSON, text);
}

static void
answer_exception(struct jobe_answer *a, const char *what)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "Server exception (%s)", what);
	answer_msg(a, 500, msg);
}

void
jobe_too_large(struct jobe_answer *a)
{
	answer_msg(a, 413, "Request body too large");
}

/* ---- languages ---- */

static const struct lang {
	const char *jobe, *assay;
} langs[JOBE_LANGS] = {
	[JOBE_C] = { "c", "c" },
	[JOBE_CPP] = { "cpp", "cpp" },
	[JOBE_JAVA] = { "java", "java" },
	[JOBE_PYTHON3] = { "python3", "python" },
};

int
jobe_langs_set(struct jobe_langs *l, const char *name, const char *version)
{
	for (int i = 0; i < JOBE_LANGS; i++)
		if (strcmp(name, langs[i].jobe) == 0) {
			snprintf(l->version[i], sizeof(l->version[i]), "%s", version ? version : "");
			if (version != NULL && version[0] == '\0')
				snprintf(l->version[i], sizeof(l->version[i]), "Unknown");
			return 0;
		}
	return -1;
}

/* Runs CMD (output and errors) into OUT; 0 when it exited 0 and said something. */
static int
probe_run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	size_t n;
	int st;

	out[0] = '\0';
	if (p == NULL)
		return -1;
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	while (fgetc(p) != EOF)
		;
	st = pclose(p);
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && n > 0 ? 0 : -1;
}

/* The version after MARK in OUT (digits, dots, underscores), "Unknown" when none. */
static void
probe_version(const char *out, const char *mark, char *v, size_t size)
{
	const char *p = strstr(out, mark);
	size_t n = 0;

	if (p != NULL) {
		p += strlen(mark);
		if (strcmp(mark, "gcc (") == 0) {
			/* gcc (Debian 12.2.0-14) 12.2.0: after the line's last ") " */
			const char *end = strchr(p, '\n'), *q = p, *last = NULL;

			while ((q = strstr(q, ") ")) != NULL && (end == NULL || q < end))
				last = q++;
			p = last ? last + 2 : NULL;
		} else if (*p == '"')
			p++;
	}
	while (p != NULL && n + 1 < size && (isdigit((unsigned char)p[n]) || p[n] == '.' || p[n] == '_'))
		n++;
	if (p == NULL || (n == 0 && strcmp(mark, "gcc (") != 0))
		snprintf(v, size, "Unknown");
	else
		snprintf(v, size, "%.*s", (int)n, p);
}

void
jobe_langs_probe(struct jobe_langs *l)
{
	char out[4096], v[32];

	memset(l, 0, sizeof(*l));
	if (probe_run("gcc --version 2>&1", out, sizeof(out)) == 0) {
		probe_version(out, "gcc (", v, sizeof(v));
		jobe_langs_set(l, "c", v);
		if (probe_run("g++ --version 2>&1", out, sizeof(out)) == 0)
			jobe_langs_set(l, "cpp", v);
	}
	if (probe_run("java -version 2>&1", out, sizeof(out)) == 0 &&
	    probe_run("javac -version 2>&1", v, sizeof(v)) == 0) {
		probe_version(out, "version ", v, sizeof(v));
		jobe_langs_set(l, "java", v);
	}
	if (probe_run(PYTHON " --version 2>&1", out, sizeof(out)) == 0) {
		probe_version(out, "Python ", v, sizeof(v));
		jobe_langs_set(l, "python3", v);
	}
}

static void
languages_get(const struct jobe_config *c, struct jobe_answer *a)
{
	json_t *list = json_array();

	for (int i = 0; list != NULL && i < JOBE_LANGS; i++)
		if (c->langs != NULL && c->langs->version[i][0] != '\0' &&
		    json_array_append_new(list, json_pack("[ss]", langs[i].jobe, c->langs->version[i]))) {
			json_decref(list);
			list = NULL;
		}
	answer_json(a, 200, list);
}

/*
 * The language of ID as Jobe 2 finds it: its first letter upper-cased
 * (ucwords), the rest as it is, against C, Cpp, Java, Python3; only the
 * languages present. -1 when none.
 */
static int
lang_find(const struct jobe_config *c, const char *id, size_t len)
{
	for (int i = 0; i < JOBE_LANGS; i++) {
		const char *name = langs[i].jobe;

		if (len != strlen(name) || toupper((unsigned char)id[0]) != toupper((unsigned char)name[0]) ||
		    memcmp(id + 1, name + 1, len - 1) != 0)
			continue;
		return c->langs != NULL && c->langs->version[i][0] != '\0' ? i : -1;
	}
	return -1;
}

/* ---- parameters ---- */

/* The run's parameters as Jobe's getParam() sees them (jobe.h). */
struct params {
	double disklimit, streamsize, cputime, memorylimit, numprocs;
	const json_t *compileargs, *linkargs, *interpreterargs, *runargs;
	const char *main_class;
};

/*
 * Is V numeric as PHP's is_numeric() says: a number, or a string of one
 * (white space around it allowed, no hex, no inf)? 1 with its value in *D.
 */
static int
php_numeric(const json_t *v, double *d)
{
	const char *s, *p;
	char *end;

	if (json_is_number(v)) {
		*d = json_number_value(v);
		return 1;
	}
	if (!json_is_string(v))
		return 0;
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return 0;
	for (p = s; *p; p++)
		if (!strchr("0123456789+-.eE \t\n\r\v\f", *p))
			return 0;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return 0;
	*d = strtod(s, &end);
	if (end == s || (!isdigit((unsigned char)end[-1]) && end[-1] != '.'))
		return 0;
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' && isfinite(*d);
}

/* PHP's intval() of V, as Jobe checks cputime against its maximum. */
static double
php_intval(const json_t *v)
{
	double d;

	if (json_is_true(v))
		return 1;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);

		while (isspace((unsigned char)*s))
			s++;
		d = strtod(s, NULL);
		return isfinite(d) ? trunc(d) : 0;
	}
	return json_is_number(v) ? trunc(json_number_value(v)) : 0;
}

/* Numeric parameter KEY of P into *OUT, else DEF (not numeric, or negative). */
static void
param_num(const json_t *p, const char *key, double def, double *out)
{
	double d;

	*out = def;
	if (php_numeric(json_object_get(p, key), &d) && d >= 0)
		*out = d;
}

/* An args parameter: an array, a string (one argument), else the default (NULL). */
static const json_t *
param_args(const json_t *p, const char *key)
{
	const json_t *v = json_object_get(p, key);

	return json_is_array(v) || json_is_string(v) ? v : NULL;
}

static void
params_read(const json_t *p, enum jobe_lang lang, struct params *out)
{
	const json_t *mc = json_object_get(p, "main_class");

	param_num(p, "disklimit", 20, &out->disklimit);
	param_num(p, "streamsize", 2, &out->streamsize);
	param_num(p, "cputime", 5, &out->cputime);
	if (out->cputime <= 0)
		out->cputime = 5;
	param_num(p, "memorylimit", lang == JOBE_PYTHON3 ? 1000 : 400, &out->memorylimit);
	param_num(p, "numprocs", lang == JOBE_JAVA ? 256 : 30, &out->numprocs);
	if (lang == JOBE_JAVA) {
		out->memorylimit = 0;	/* the JVM manages its memory */
		if (out->numprocs < 256)
			out->numprocs = 256;
	}
	out->compileargs = param_args(p, "compileargs");
	out->linkargs = param_args(p, "linkargs");
	out->interpreterargs = param_args(p, "interpreterargs");
	out->runargs = param_args(p, "runargs");
	out->main_class = json_is_string(mc) ? json_string_value(mc) : NULL;
}

/* V clamped to [0, MAX] and rounded. */
static long
clamp(double v, long max)
{
	return v <= 0 ? 0 : v >= (double)max ? max : (long)llround(v);
}

/* At least MIN when compiling, unless 0 (no limit). */
static double
compile_min(double v, double min, int compile)
{
	return compile && v != 0 && v < min ? min : v;
}

static void
limits_make(const struct params *p, int compile, struct jobe_limits *l)
{
	double cpu = compile_min(p->cputime, 2, compile);

	l->cpu_ms = clamp(cpu * 1000, 2L * JOBE_CPUTIME_MAX * 1000);
	l->wall_ms = 2 * l->cpu_ms;
	l->memory_kib = clamp(compile_min(p->memorylimit, 500, compile) * 1000, MEMORY_KIB_MAX);
	l->processes = clamp(compile_min(p->numprocs, 5, compile) + 1, PROCESSES_MAX);
	l->output_kib = clamp(p->streamsize * 1000, STREAM_KIB_MAX);
	l->fsize_kib = clamp(compile_min(p->disklimit, 20, compile) * 1000, STREAM_KIB_MAX);
}

/* ---- command lines ---- */

/* An argument as PHP's implode() writes it. */
static void
arg_add(struct buf *b, const json_t *v)
{
	if (json_is_string(v))
		buf_add(b, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		buf_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		buf_printf(b, "%.14G", json_real_value(v));
	else if (json_is_true(v))
		buf_putc(b, '1');
	else if (json_is_array(v) || json_is_object(v))
		buf_puts(b, "Array");
}

/* ARGS (or, when NULL, the N strings of DEF) joined with spaces. */
static void
args_add(struct buf *b, const json_t *args, const char *const *def, size_t n)
{
	size_t i;
	const json_t *v;

	if (args == NULL) {
		for (i = 0; i < n; i++)
			buf_printf(b, "%s%s", i ? " " : "", def[i]);
	} else if (json_is_string(args))
		arg_add(b, args);
	else
		json_array_foreach(args, i, v) {
			if (i)
				buf_putc(b, ' ');
			arg_add(b, v);
		}
}

/* Does ARGS (or the default's N) add any word to a command? */
static int
args_count(const json_t *args, size_t n)
{
	return args == NULL ? (int)n : json_is_string(args) ? 1 : (int)json_array_size(args);
}

/* EXE, then interpreterargs, TARGET (when not ""), runargs, joined with spaces. */
static void
run_command(struct buf *b, const char *exe, const struct params *p, const char *const *idef,
    size_t in, const char *target)
{
	buf_puts(b, exe);
	if (args_count(p->interpreterargs, in) > 0) {
		buf_putc(b, ' ');
		args_add(b, p->interpreterargs, idef, in);
	}
	if (target[0] != '\0')
		buf_printf(b, " %s", target);
	if (args_count(p->runargs, 0) > 0) {
		buf_putc(b, ' ');
		args_add(b, p->runargs, NULL, 0);
	}
}

/*
 * The command lines of LANG for source SRC into COMPILE and RUN (buffers),
 * as Jobe's tasks write them.
 */
static void
commands_make(enum jobe_lang lang, const char *src, const struct params *p, struct buf *compile,
    struct buf *run)
{
	static const char *const c_args[] = { "-Wall", "-Werror", "-std=c99", "-x c" };
	static const char *const java_args[] = { "-Xrs", "-Xss8m", "-Xmx200m" };
	static const char *const py_args[] = { "-BE" };
	char exe[FILENAME_MAX_LEN + 8], cls[FILENAME_MAX_LEN + 1];

	switch (lang) {
	case JOBE_C:
	case JOBE_CPP:
		buf_puts(compile, lang == JOBE_C ? "gcc " : "g++ ");
		args_add(compile, p->compileargs, c_args, lang == JOBE_C ? 4 : 2);
		buf_printf(compile, " -o %s.exe %s ", src, src);
		args_add(compile, p->linkargs, NULL, 0);
		snprintf(exe, sizeof(exe), "./%s.exe", src);
		run_command(run, exe, p, NULL, 0, "");
		break;
	case JOBE_PYTHON3:
		buf_printf(compile, PYTHON " -m py_compile %s", src);
		run_command(run, PYTHON, p, py_args, 1, src);
		break;
	case JOBE_JAVA:
		buf_puts(compile, "/usr/bin/javac  ");
		args_add(compile, p->compileargs, NULL, 0);
		buf_printf(compile, " %s", src);
		/* The main class: main_class, else the file's name up to its first dot. */
		snprintf(cls, sizeof(cls), "%.*s", (int)strcspn(src, "."), src);
		run_command(run, "/usr/bin/java", p, java_args, 3, p->main_class ? p->main_class : cls);
		break;
	default:
		break;
	}
}

/* Is C a word character of PCRE's \w (no locale, no UTF-8)? */
static int
word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Skips "WORD" then at least one space at S; the end, or NULL when absent. */
static const char *
word_spaces(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(end - s) <= n || memcmp(s, w, n) != 0 || !space(s[n]))
		return NULL;
	for (s += n; s < end && space(*s); s++)
		;
	return s;
}

/*
 * After a class's '{' at S: the end of its first "public static void
 * main(String" (either order of public and static, spaces as \s), NULL when
 * there is none: the lazy ".*?(public\s+static|static\s+public)\s+void\s+
 * main\s*\(\s*String" of Jobe's pattern.
 */
static const char *
java_main(const char *s, const char *end)
{
	for (; s < end; s++) {
		const char *p = word_spaces(s, end, "public"), *q;

		p = p ? word_spaces(p, end, "static") : NULL;
		if (p == NULL) {
			p = word_spaces(s, end, "static");
			p = p ? word_spaces(p, end, "public") : NULL;
		}
		if (p == NULL || (p = word_spaces(p, end, "void")) == NULL)
			continue;
		if ((size_t)(end - p) < 4 || memcmp(p, "main", 4) != 0)
			continue;
		for (p += 4; p < end && space(*p); p++)
			;
		if (p == end || *p != '(')
			continue;
		for (p++; p < end && space(*p); p++)
			;
		q = p + 6;
		if ((size_t)(end - p) >= 6 && memcmp(p, "String", 6) == 0)
			return q;
	}
	return NULL;
}

/*
 * The main class of Java source CODE as Jobe finds it: the one match of
 * (^|\W)public\s+class\s+(\w+)[^{]*\{.*?MAIN (java_main()) in CODE, into
 * OUT. 0 when there is no match or more than one.
 */
static int
java_class(const char *code, size_t len, char *out, size_t size)
{
	const char *end = code + len, *pos = code;
	int count = 0;

	for (const char *q = code; q < end; q++) {
		const char *p, *brace, *m;
		size_t n = 0;

		if (!((q == code || q[-1] == '\n') || (q > pos && !word(q[-1]))))
			continue;
		p = word_spaces(q, end, "public");
		p = p ? word_spaces(p, end, "class") : NULL;
		while (p != NULL && p + n < end && word(p[n]))
			n++;
		if (p == NULL || n == 0)
			continue;
		brace = memchr(p + n, '{', (size_t)(end - p - n));
		m = brace ? java_main(brace + 1, end) : NULL;
		if (m == NULL)
			break;	/* no later class has a main after its brace either */
		if (count++ == 0)
			snprintf(out, size, "%.*s", (int)n, p);
		pos = m;
		q = m - 1;
	}
	return count == 1;
}

/* ---- POST runs: the checks ---- */

/*
 * Is NAME (LEN bytes) a safe source file name, as Jobe's check: none of
 * <>:"/\|?* #[]@!$&'()+,;= {}^~` nor a control byte, 0x7f, 0xa0, 0xad, and
 * not beginning with '.' or '-'? (And, Assay's, at most 200 bytes.)
 */
static int
sourcefilename_ok(const char *name, size_t len)
{
	if (len > FILENAME_MAX_LEN || (len > 0 && (name[0] == '.' || name[0] == '-')))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c == 0x7f || c == 0xa0 || c == 0xad || strchr("<>:\"/\\|?*#[]@!$&'()+,;={}^~`", c))
			return 0;
	}
	return 1;
}

/* V as PHP's print_r() shows it, at INDENT (PHP's layout), into B. */
static void
print_r(struct buf *b, const json_t *v, int indent, int depth)
{
	const char *key;
	const json_t *e;
	size_t i;

	if (json_is_array(v) || json_is_object(v)) {
		buf_puts(b, json_is_array(v) ? "Array\n" : "stdClass Object\n");
		buf_printf(b, "%*s(\n", indent, "");
		if (json_is_array(v))
			json_array_foreach(v, i, e) {
				buf_printf(b, "%*s[%zu] => ", indent + 4, "", i);
				if (depth < 16)
					print_r(b, e, indent + 8, depth + 1);
				buf_putc(b, '\n');
			}
		else
			json_object_foreach((json_t *)v, key, e) {
				buf_printf(b, "%*s[%s] => ", indent + 4, "", key);
				if (depth < 16)
					print_r(b, e, indent + 8, depth + 1);
				buf_putc(b, '\n');
			}
		buf_printf(b, "%*s)\n", indent, "");
	} else
		arg_add(b, v);
}

/* Is S a string of LEN bytes, MIN or more, all letters and digits but the bytes of EXTRA? */
static int
alnum_ok(const json_t *s, size_t min, const char *extra)
{
	const char *p = json_string_value(s);
	size_t len = json_string_length(s), alnum = 0;

	if (p == NULL || len < min)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (isalnum((unsigned char)p[i]) && !(p[i] & 0x80))
			alnum++;
		else if (p[i] == '\0' || strchr(extra, p[i]) == NULL)
			return 0;
	}
	return alnum > 0;
}

/* Jobe's check of a file_list entry: [id of 8+ letters or digits, name of [A-Za-z0-9._-]] (and a 3rd). */
static int
filespec_ok(const json_t *f)
{
	size_t n = json_array_size(f);

	return json_is_array(f) && (n == 2 || n == 3) && alnum_ok(json_array_get(f, 0), 8, "") &&
	    alnum_ok(json_array_get(f, 1), 1, "-_.") && json_string_length(json_array_get(f, 1)) <= FILENAME_MAX_LEN;
}

/* The first bad entry of file_list LIST (or LIST itself when not an array), NULL when none. */
static const json_t *
file_list_bad(const json_t *list)
{
	size_t i;
	const json_t *f;

	if (list == NULL || json_is_null(list))
		return NULL;
	if (!json_is_array(list))
		return list;
	json_array_foreach(list, i, f)
		if (!filespec_ok(f))
			return f;
	return NULL;
}

static void
answer_bad_file(struct jobe_answer *a, const json_t *f)
{
	struct buf b = BUF_INIT;
	char *msg;

	buf_puts(&b, "Invalid file specifier: ");
	print_r(&b, f, 0, 0);
	msg = buf_steal(&b);
	if (msg == NULL)
		answer_exception(a, "out of memory");
	else
		answer_msg(a, 400, msg);
	free(msg);
}

/* The keys' check (jobe_keys.h): 0, or -1 with A filled. */
static int
keys_check(const struct jobe_config *c, const struct jobe_req *q, struct jobe_answer *a)
{
	char msg[JOBE_KEY_MAX + 32];
	long rate;
	int rc;

	if (jobe_keys_count(c->keys) == 0)
		return 0;
	if (q->api_key == NULL) {
		answer_text(a, 403, "Missing API key");
		return -1;
	}
	if (!jobe_keys_find(c->keys, q->api_key, &rate)) {
		snprintf(msg, sizeof(msg), "Unknown API key (%.*s)", JOBE_KEY_MAX, q->api_key);
		answer_text(a, 403, msg);
		return -1;
	}
	if (rate == 0)
		return 0;
	rc = c->rate_dir ? jobe_keys_take(c->rate_dir, q->address, q->api_key, rate, q->now) : -1;
	if (rc < 0)
		answer_exception(a, "the rate limit's state cannot be kept");
	else if (rc == 0)
		answer_text(a, 429, "Max RUN rate for this server exceeded");
	return rc == 1 ? 0 : -1;
}

/* A run_spec that passed the checks: borrowed from the request's JSON. */
struct spec_in {
	enum jobe_lang lang;
	const json_t *code;		/* a string */
	const char *filename;		/* "" or "prog.java": the default */
	const json_t *file_list;	/* NULL or a checked array */
	const json_t *params;		/* NULL or an object */
	const json_t *input;
};

/* The run_spec's required string KEY, or NULL after answering 400. */
static const json_t *
required(const json_t *rs, const char *key, struct jobe_answer *a)
{
	const json_t *v = json_object_get(rs, key);
	char msg[96];

	if (json_is_string(v))
		return v;
	snprintf(msg, sizeof(msg), "run_spec is missing the required attribute '%s'", key);
	answer_msg(a, 400, msg);
	return NULL;
}

/* Checks the run_spec RS in Jobe's order (jobe.h): 0 with IN filled, or -1 with A filled. */
static int
spec_check(const struct jobe_config *c, const json_t *rs, struct jobe_answer *a, struct spec_in *in)
{
	const json_t *id, *name, *bad, *p = json_object_get(rs, "parameters");
	char msg[256];
	int lang;

	if ((in->code = required(rs, "sourcecode", a)) == NULL || (id = required(rs, "language_id", a)) == NULL)
		return -1;
	if ((lang = lang_find(c, json_string_value(id), json_string_length(id))) < 0) {
		struct buf b = BUF_INIT;
		char *text;

		buf_printf(&b, "Language '%s' is not known", json_string_value(id));
		if ((text = buf_steal(&b)) == NULL)
			answer_exception(a, "out of memory");
		else
			answer_msg(a, 400, text);
		free(text);
		return -1;
	}
	in->lang = (enum jobe_lang)lang;
	in->params = json_is_object(p) ? p : NULL;
	if (php_intval(json_object_get(in->params, "cputime")) > JOBE_CPUTIME_MAX) {
		snprintf(msg, sizeof(msg), "cputime exceeds maximum allowed on this Jobe server (%d secs)",
		    JOBE_CPUTIME_MAX);
		answer_msg(a, 400, msg);
		return -1;
	}
	name = json_object_get(rs, "sourcefilename");
	in->filename = json_is_string(name) ? json_string_value(name) : "";
	if ((name != NULL && !json_is_null(name) && !json_is_string(name)) ||
	    (json_is_string(name) && !sourcefilename_ok(json_string_value(name), json_string_length(name)))) {
		answer_msg(a, 400, "The sourcefilename for the run_spec is illegal");
		return -1;
	}
	in->file_list = json_object_get(rs, "file_list");
	if ((bad = file_list_bad(in->file_list)) != NULL) {
		answer_bad_file(a, bad);
		return -1;
	}
	in->input = json_object_get(rs, "input");
	return 0;
}

/* The run's files into FILES {name: base64}: 0, or -1 with A filled (404, 413, 500). */
static int
files_load(const struct jobe_config *c, const json_t *list, json_t *files, struct jobe_answer *a)
{
	unsigned long long total = 0;
	size_t i, size, len, b64len;
	const json_t *f;
	char *data, *b64;
	int rc;

	json_array_foreach(list, i, f) {
		rc = c->files_dir ? jobe_files_size(c->files_dir, json_string_value(json_array_get(f, 0)), &size) : 1;
		if (rc != 0) {
			rc > 0 ? answer_msg(a, 404, MISSING_FILES) : answer_exception(a, "the file cache cannot be read");
			return -1;
		}
		total += size;
	}
	if (total > JOBE_RUN_FILES_MAX) {
		answer_msg(a, 413, "The run's files are too large together");
		return -1;
	}
	json_array_foreach(list, i, f) {
		rc = jobe_files_get(c->files_dir, json_string_value(json_array_get(f, 0)), &data, &len);
		if (rc != 0) {
			rc > 0 ? answer_msg(a, 404, MISSING_FILES) : answer_exception(a, "the file cache cannot be read");
			return -1;
		}
		b64 = b64_encode(data, len, &b64len);
		free(data);
		if (b64 == NULL || json_object_set_new(files, json_string_value(json_array_get(f, 1)),
		    json_stringn_nocheck(b64, b64len))) {
			free(b64);
			answer_exception(a, "out of memory");
			return -1;
		}
		free(b64);
	}
	return 0;
}

/* The run's source file's name: the one given, else the language's default. */
static void
source_name(const struct spec_in *in, char *out, size_t size)
{
	static const char *const def[JOBE_LANGS] = { "prog.c", "prog.cpp", "prog.java", "prog.py" };
	char cls[FILENAME_MAX_LEN + 1];

	if (in->filename[0] != '\0' && strcmp(in->filename, "prog.java") != 0)
		snprintf(out, size, "%s", in->filename);
	else if (in->lang == JOBE_JAVA &&
	    java_class(json_string_value(in->code), json_string_length(in->code), cls, sizeof(cls) - 5))
		snprintf(out, size, "%.*s.java", (int)(size - 6), cls);
	else
		snprintf(out, size, "%s", def[in->lang]);
}

/* The spec's options (jobe.h) and the submission of IN into RUN: 0, or -1 (ENOMEM). */
static int
spec_make(const struct spec_in *in, json_t *files, struct jobe_run *run)
{
	struct buf compile = BUF_INIT, cmd = BUF_INIT;
	struct params p;
	char src[FILENAME_MAX_LEN + 1];
	const char *input = json_string_value(in->input);
	size_t input_len = json_string_length(in->input);
	const struct jobe_limits *l = &run->run_limits;

	source_name(in, src, sizeof(src));
	params_read(in->params, in->lang, &p);
	limits_make(&p, 1, &run->compile_limits);
	limits_make(&p, 0, &run->run_limits);
	commands_make(in->lang, src, &p, &compile, &cmd);
	if (input == NULL || (input_len == 1 && input[0] == '0'))
		input_len = 0;	/* PHP-falsy: no input at all */
	run->lang = in->lang;
	run->language = langs[in->lang].assay;
	run->spec = json_pack("{s:i, s:s, s:s, s:s, s:[s], s:{s:s, s:O, s:s?, s:s?, s:s%, s:I, s:I, s:I, s:I, s:I, s:I}}",
	    "format", SPEC_FORMAT, "id", "jobe/run", "title", "", "tester", "run", "languages", run->language,
	    "options", "source", src, "files", files, "compile", compile.oom ? NULL : compile.data,
	    "run", cmd.oom ? NULL : cmd.data, "input", input_len ? input : "", input_len,
	    "cpu_ms", (json_int_t)l->cpu_ms, "wall_ms", (json_int_t)l->wall_ms,
	    "memory_kib", (json_int_t)l->memory_kib, "processes", (json_int_t)l->processes,
	    "output_kib", (json_int_t)l->output_kib, "fsize_kib", (json_int_t)l->fsize_kib);
	run->submission = json_pack("{s:s, s:s%}", "language", run->language, "code",
	    json_string_value(in->code), json_string_length(in->code));
	buf_free(&compile);
	buf_free(&cmd);
	if (run->spec == NULL || run->submission == NULL) {
		jobe_run_clear(run);
		return -1;
	}
	{
		json_t *o = json_object_get(run->spec, "options"), *code = json_object_get(run->submission, "code");

		run->source = json_string_value(json_object_get(o, "source"));
		run->compile = json_string_value(json_object_get(o, "compile"));
		run->run = json_string_value(json_object_get(o, "run"));
		run->code = json_string_value(code);
		run->code_len = json_string_length(code);
	}
	return 0;
}

void
jobe_run_clear(struct jobe_run *run)
{
	json_decref(run->spec);
	json_decref(run->submission);
	memset(run, 0, sizeof(*run));
}

static int
runs_post(const struct jobe_config *c, const struct jobe_req *q, struct jobe_answer *a, struct jobe_run *run)
{
	json_t *root, *files = NULL;
	const json_t *rs;
	struct spec_in in;
	int rc = JOBE_ANSWER;

	if (keys_check(c, q, a))
		return JOBE_ANSWER;
	root = q->body_len ? json_loadb(q->body, q->body_len, JSON_ALLOW_NUL, NULL) : NULL;
	rs = json_object_get(root, "run_spec");
	if (!json_is_object(root))
		answer_msg(a, 400, "Non-JSON post data received");
	else if (!json_is_object(rs))
		answer_msg(a, 400, "No run_spec attribute found in post data");
	else if (spec_check(c, rs, a, &in) == 0) {
		files = json_object();
		if (files == NULL)
			answer_exception(a, "out of memory");
		else if (json_is_array(in.file_list) && files_load(c, in.file_list, files, a))
			;	/* answered */
		else if (spec_make(&in, files, run))
			answer_exception(a, "out of memory");
		else
			rc = JOBE_GRADE;
	}
	json_decref(files);
	json_decref(root);
	return rc;
}

/* ---- files ---- */

static void
files_put(const struct jobe_config *c, const struct jobe_req *q, const char *id, struct jobe_answer *a)
{
	json_t *root = q->body_len ? json_loadb(q->body, q->body_len, JSON_ALLOW_NUL, NULL) : NULL;
	const json_t *b64 = json_object_get(root, "file_contents");
	char msg[JOBE_FILES_ID_MAX + 64], *data = NULL;
	size_t len = 0;
	int rc = json_is_string(b64) ? jobe_files_b64(json_string_value(b64), json_string_length(b64), &data, &len) : 1;

	if (b64 == NULL || json_is_null(b64))
		answer_msg(a, 400, "put: missing file_contents parameter");
	else if (rc < 0)
		answer_exception(a, "out of memory");
	else if (rc > 0) {
		snprintf(msg, sizeof(msg), "put: contents of file %s are not valid base-64", id);
		answer_msg(a, 400, msg);
	} else if (len > JOBE_PUT_MAX) {
		snprintf(msg, sizeof(msg), "put: file %s is larger than 20 MiB", id);
		answer_msg(a, 413, msg);
	} else if (c->files_dir == NULL || jobe_files_put(c->files_dir, id, data, len)) {
		snprintf(msg, sizeof(msg), "put: failed to write file %s to cache", id);
		answer_msg(a, 500, msg);
	} else {
		if (c->files_max > 0)
			(void)jobe_files_evict(c->files_dir, c->files_max, id);
		answer_empty(a, 204);
	}
	free(data);
	json_decref(root);
}

/* ---- routes ---- */

/*
 * The route of PATH after the API's prefix, trailing slashes dropped, into
 * OUT ("languages", "runs", "files/ID"...); -1 when PATH is not the API's.
 */
static int
route_of(const char *path, char *out, size_t size)
{
	static const char *const prefixes[] = { "/jobe/index.php/restapi", "/jobe/restapi" };
	size_t n, len;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		n = strlen(prefixes[i]);
		if (strncmp(path, prefixes[i], n) != 0 || (path[n] != '/' && path[n] != '\0'))
			continue;
		path += n;
		while (*path == '/')
			path++;
		len = strlen(path);
		while (len > 0 && path[len - 1] == '/')
			len--;
		if (len >= size)
			return -1;
		memcpy(out, path, len);
		out[len] = '\0';
		return 0;
	}
	return -1;
}

int
jobe_request(const struct jobe_config *c, const struct jobe_req *q, struct jobe_answer *a,
    struct jobe_run *run)
{
	char route[JOBE_FILES_ID_MAX + 16];
	const char *m = q->method ? q->method : "";
	const char *id = route + 6;

	memset(a, 0, sizeof(*a));
	memset(run, 0, sizeof(*run));
	if (strcmp(m, "OPTIONS") == 0) {
		answer_empty(a, 200);
		return JOBE_ANSWER;
	}
	if (q->path == NULL || route_of(q->path, route, sizeof(route)))
		route[0] = '\0';
	if (strcmp(m, "GET") == 0 && strcmp(route, "languages") == 0)
		languages_get(c, a);
	else if (strcmp(m, "POST") == 0 && strcmp(route, "runs") == 0)
		return runs_post(c, q, a, run);
	else if (strncmp(route, "files/", 6) == 0 && jobe_files_id_ok(id) && strcmp(m, "PUT") == 0)
		files_put(c, q, id, a);
	else if (strncmp(route, "files/", 6) == 0 && jobe_files_id_ok(id) && strcmp(m, "HEAD") == 0)
		answer_empty(a, c->files_dir && jobe_files_exists(c->files_dir, id) ? 204 : 404);
	else if (strcmp(m, "HEAD") == 0)
		answer_empty(a, 404);
	else
		answer_msg(a, 404, "Not found");
	return JOBE_ANSWER;
}

/* ---- results ---- */

char *
jobe_clean(const char *s, size_t n, size_t *outlen)
{
	struct buf b = BUF_INIT;
	size_t i, k;
	char *out;

	for (i = 0; i < n; i += k)
		if ((k = clean_utf8_len((const unsigned char *)s + i, n - i)) == 0)
			break;
	if (i >= n) {
		buf_add(&b, s, n);
		buf_add(&b, "", 0);
	} else
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c > 0x7e)
				buf_printf(&b, "\\x%02x", c);
			else
				buf_putc(&b, c);
		}
	*outlen = b.len;
	if (b.data == NULL && !b.oom)
		buf_puts(&b, "");
	out = buf_steal(&b);
	return out;
}

/* The base64 field KEY of test T decoded into B (nothing when absent or malformed). */
static void
test_bytes(const json_t *t, const char *key, struct buf *b)
{
	const json_t *v = json_object_get(t, key);
	size_t len;
	char *p = json_is_string(v) ? b64_decode(json_string_value(v), json_string_length(v), &len) : NULL;

	if (p != NULL)
		buf_add(b, p, len);
	free(p);
}

/* Sets FIELD of O to the text of B, cleaned (jobe_clean()); -1 on ENOMEM. */
static int
set_clean(json_t *o, const char *field, const struct buf *b)
{
	size_t len;
	char *s = b->oom ? NULL : jobe_clean(b->data ? b->data : "", b->len, &len);
	int rc = s ? json_object_set_new(o, field, json_stringn_nocheck(s, len)) : -1;

	free(s);
	return rc;
}

/* The answer {run_id, outcome, cmpinfo, stdout, stderr}. */
static void
answer_result(struct jobe_answer *a, int outcome, const struct buf *cmpinfo, const struct buf *out,
    const struct buf *err)
{
	json_t *o = json_pack("{s:n, s:i}", "run_id", "outcome", outcome);

	if (o != NULL && (set_clean(o, "cmpinfo", cmpinfo) || set_clean(o, "stdout", out) ||
	    set_clean(o, "stderr", err))) {
		json_decref(o);
		o = NULL;
	}
	answer_json(a, 200, o);
}

/* Outcome 11: the compiler's errors (python3: its output too, with Jobe's literal "\n"). */
static void
compile_error(const struct jobe_run *run, const char *report, const json_t *t, struct buf *cmpinfo)
{
	const char *status = json_string_value(json_object_get(t, "status"));

	if (run->lang == JOBE_PYTHON3) {
		test_bytes(t, "stdout", cmpinfo);
		if (cmpinfo->len > 0)
			buf_puts(cmpinfo, "\\n");
	}
	buf_puts(cmpinfo, report ? report : "");
	if (report == NULL || report[0] == '\0')
		buf_printf(cmpinfo, "jobe: the compiler failed (%s)\n", status ? status : "no reason given");
}

/* Java's filter of stderr: a tab at the start of a line becomes 8 spaces. */
static void
java_filter(struct buf *err)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < err->len; i++)
		if (err->data[i] == '\n' && i + 1 < err->len && err->data[i + 1] == '\t') {
			buf_puts(&b, "\n        ");
			i++;
		} else
			buf_putc(&b, err->data[i]);
	buf_free(err);
	*err = b;
}

/* The outcome of a program that ran (LABEL not CompileError), its stdout and stderr from T. */
static int
run_outcome(const struct jobe_run *run, enum label label, const json_t *t, struct buf *out, struct buf *err)
{
	const char *status = json_string_value(json_object_get(t, "status"));
	int sig = (int)json_integer_value(json_object_get(t, "signal"));

	test_bytes(t, "stdout", out);
	test_bytes(t, "stderr", err);
	if (run->lang == JOBE_JAVA)
		java_filter(err);
	switch (label) {
	case LABEL_TIME_LIMIT:
		buf_reset(err);
		return 13;
	case LABEL_MEMORY_LIMIT:
		return 17;
	case LABEL_RUNTIME_ERROR:
		if (status != NULL && strcmp(status, "syscall") == 0)
			return 19;
		if (sig == 11) {
			buf_reset(err);
			return 12;
		}
		if (err->len > 0 && err->data[err->len - 1] != '\n')
			buf_putc(err, '\n');
		if (sig > 0)
			buf_printf(err, "jobe: warning: command terminated with signal %d\n", sig);
		else if (status == NULL || strcmp(status, "exited") != 0 || err->len == 0)
			buf_puts(err, "jobe: warning: runtime error\n");
		return 12;
	case LABEL_ACCEPTED:
	case LABEL_WRONG_ANSWER:
	case LABEL_PRESENTATION_ERROR:
		return err->len > 0 ? 12 : 15;
	default:
		buf_reset(out);
		buf_reset(err);
		buf_puts(err, "jobe: internal error: the run could not be completed\n");
		return 20;
	}
}

static void
result_answer(const struct jobe_run *run, enum label label, const char *report, const json_t *tests,
    struct jobe_answer *a)
{
	struct buf cmpinfo = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	size_t n = json_array_size(tests);
	const json_t *t = n ? json_array_get(tests, n - 1) : NULL;
	int outcome = 11;

	if (label == LABEL_COMPILE_ERROR)
		compile_error(run, report, t, &cmpinfo);
	else
		outcome = run_outcome(run, label, t, &out, &err);
	answer_result(a, outcome, &cmpinfo, &out, &err);
	buf_free(&cmpinfo);
	buf_free(&out);
	buf_free(&err);
}

void
jobe_result(const struct jobe_run *run, const struct grade_result *res, struct jobe_answer *a)
{
	memset(a, 0, sizeof(*a));
	result_answer(run, res->status, res->report, res->tests, a);
}

void
jobe_result_json(const struct jobe_run *run, const json_t *res, struct jobe_answer *a)
{
	enum label label = LABEL_MISC_ERROR;
	const char *name = json_string_value(json_object_get(res, "label"));

	memset(a, 0, sizeof(*a));
	if (name == NULL || label_parse(name, &label))
		label = LABEL_MISC_ERROR;
	result_answer(run, label, json_string_value(json_object_get(res, "report")),
	    json_object_get(res, "tests"), a);
}

void
jobe_overload(struct jobe_answer *a)
{
	struct buf none = BUF_INIT;

	memset(a, 0, sizeof(*a));
	answer_result(a, 21, &none, &none, &none);
}
