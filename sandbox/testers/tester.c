/* tester.c - what the testers share: compiling, judging a run, writing the
 * result; see tester.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"
#include "sandbox/util/errmsg.h"

int
tester_return(int rc, struct grade_result *out)
{
	if (rc != -1)
		return 0;
	grade_result_clear(out);
	return -1;
}

char *
tester_ms(unsigned ms, char *buf, size_t len)
{
	if (ms % 1000 == 0)
		snprintf(buf, len, "%u s", ms / 1000);
	else
		snprintf(buf, len, "%g s", ms / 1000.0);
	return buf;
}

char *
tester_kib(unsigned long kib, char *buf, size_t len)
{
	if (kib >= 1024 * 1024 && kib % (1024 * 1024) == 0)
		snprintf(buf, len, "%lu GiB", kib / (1024 * 1024));
	else if (kib >= 1024 && kib % 1024 == 0)
		snprintf(buf, len, "%lu MiB", kib / 1024);
	else if (kib >= 1024)
		snprintf(buf, len, "%.1f MiB", kib / 1024.0);
	else
		snprintf(buf, len, "%lu KiB", kib);
	return buf;
}

/*
 * The compiler's names in S made readable: paths in BOX (on the host or in
 * the jail) become relative, gcc's temporary objects (/tmp/ccXXXXXX.o)
 * become TMPNAME, and the linker is just "ld". Returns a new string or NULL
 * on ENOMEM.
 */
static char *
replace_into(char *s, const char *from, const char *to)
{
	char *r;

	if (s == NULL)
		return NULL;
	r = clean_replace(s, from, to);
	free(s);
	return r;
}

static char *
readable(const char *box, const char *s, const char *tmpname)
{
	char *boxslash = NULL, *r = NULL;
	struct buf t;
	const char *p;

	buf_init(&t);
	if (asprintf(&boxslash, "%s/", box) == -1)
		return NULL;
	r = replace_into(strdup(s), boxslash, "");
	r = replace_into(r, JAIL_BOX_PATH "/", "");
	r = replace_into(r, "/usr/bin/ld: ", "ld: ");
	if (r == NULL) {
		t.oom = 1;
		goto out;
	}
	for (p = r; *p != '\0'; ) {
		size_t i;

		if (strncmp(p, "/tmp/cc", 7) == 0) {
			for (i = 7; i < 13 && isalnum((unsigned char)p[i]); i++)
				;
			if (i == 13 && p[13] == '.' && p[14] == 'o') {
				buf_puts(&t, tmpname);
				p += 15;
				continue;
			}
		}
		buf_add(&t, p, 1);
		p++;
	}
out:
	free(boxslash);
	free(r);
	return buf_steal(&t);
}

char *
tester_compiler_message(const char *box, const struct jail_result *r,
    const char *tmpname, const char *note)
{
	struct buf raw, t;
	char *clean = NULL, *msg = NULL;

	buf_init(&raw);
	buf_init(&t);
	buf_add(&raw, r->err, r->err_len);
	buf_add(&raw, r->out, r->out_len);
	if (raw.oom)
		goto out;
	if ((clean = clean_text_noted(raw.data ? raw.data : "", raw.len,
	    TESTER_MESSAGE_BYTES, TESTER_MESSAGE_LINES)) == NULL ||
	    (msg = readable(box, clean, tmpname)) == NULL)
		goto out;
	buf_puts(&t, msg);
	if (t.len > 0 && t.data[t.len - 1] != '\n')
		buf_puts(&t, "\n");
	if (note != NULL && note[0] != '\0')
		buf_printf(&t, "%s\n", note);
out:
	buf_free(&raw);
	free(clean);
	free(msg);
	return buf_steal(&t);
}

void
tester_compiler_note(const struct jail_result *r, const struct jail_limits *l,
    char *buf, size_t len)
{
	char a[32];

	buf[0] = '\0';
	switch (r->status) {
	case JAIL_EXITED:
		if (r->code != 0 && r->err_len + r->out_len == 0)
			snprintf(buf, len,
			    "The compiler failed with status %d.", r->code);
		break;
	case JAIL_SIGNALED:
		if (r->syscall[0] != '\0')
			snprintf(buf, len, "The compiler was stopped: forbidden"
			    " system call: %s.", r->syscall);
		else if (r->signal == SIGXFSZ)
			snprintf(buf, len, "The compiler's output passed the"
			    " file size limit of %s.", tester_kib(l->fsize_kib,
			    a, sizeof(a)));
		else
			snprintf(buf, len, "The compiler was killed by signal %s.",
			    jail_signal_name(r->signal) ? jail_signal_name(r->signal) : "?");
		break;
	case JAIL_CPU_LIMIT:
	case JAIL_WALL_LIMIT:
		snprintf(buf, len, "Compilation took too long (more than %s"
		    " of %s time).", tester_ms(r->status == JAIL_CPU_LIMIT ?
		    l->cpu_ms : l->wall_ms, a, sizeof(a)),
		    r->status == JAIL_CPU_LIMIT ? "CPU" : "wall-clock");
		break;
	case JAIL_OUTPUT_LIMIT:
		snprintf(buf, len, "[The compiler's messages were cut off.]");
		break;
	case JAIL_MEMORY_LIMIT:
		snprintf(buf, len, "The compiler ran out of memory (%s).",
		    tester_kib(l->memory_kib, a, sizeof(a)));
		break;
	}
}

int
tester_box_create(const struct tester_env *env, const struct tester_file *files,
    size_t n, struct jail_box **box, char *log, size_t loglen)
{
	*box = NULL;
	if (jail_box_create(env->box_root, env->slot, box, log, loglen) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (jail_box_put(*box, files[i].name, files[i].data, files[i].len,
		    files[i].mode, log, loglen) == -1)
			return -1;
	return 0;
}

int
tester_compile(const struct tester_env *env, struct jail_box *box,
    char **msg, char *log, size_t loglen)
{
	const struct lang *l = env->lang;

	*msg = NULL;
	if (jail_box_put(box, l->source, env->sub->code, env->sub->code_len,
	    0644, log, loglen) == -1)
		return -1;
	if (l->compile == NULL)
		return TESTER_COMPILED;
	return tester_compile_run(env, box, l->compile, msg, log, loglen);
}

int
tester_compile_run(const struct tester_env *env, struct jail_box *box,
    char *const *argv, char **msg, char *log, size_t loglen)
{
	return tester_compile_input(env, box, argv, NULL, 0, msg, log, loglen);
}

int
tester_compile_input(const struct tester_env *env, struct jail_box *box,
    char *const *argv, const char *input, size_t len, char **msg, char *log,
    size_t loglen)
{
	const struct lang *l = env->lang;
	struct jail_config jc;
	struct jail_result r;
	char note[256] = "";
	int rc = -1;

	*msg = NULL;
	memset(&r, 0, sizeof(r));
	tester_jail_config(env, box, &jc);
	jc.writable = l->compile_writes;
	jc.argv = argv;
	jc.limits = l->compile_limits;
	jc.profile = l->compile_profile;
	jc.input = input;
	jc.input_len = len;
	if (jail_box_run(box, &jc, &r, note, sizeof(note)) == -1) {
		errmsg_set(log, loglen, "compiling: %s", note);
		goto out;
	}

	rc = r.status == JAIL_EXITED && r.code == 0 ? TESTER_COMPILED :
	    TESTER_NOT_COMPILED;
	tester_compiler_note(&r, &jc.limits, note, sizeof(note));
	if (rc == TESTER_COMPILED && r.err_len + r.out_len == 0)
		goto out;
	if ((*msg = tester_compiler_message(box->path, &r, "main.o", note)) == NULL) {
		errmsg_set(log, loglen, "tester: out of memory");
		rc = -1;
	}
out:
	jail_result_clear(&r);
	return rc;
}

/* Does the last non-empty line of ERR start with WORD? */
static int
last_line_starts(const char *err, size_t len, const char *word)
{
	size_t end = len, start;

	while (end > 0 && (err[end - 1] == '\n' || err[end - 1] == '\r'))
		end--;
	start = end;
	while (start > 0 && err[start - 1] != '\n')
		start--;
	return end - start >= strlen(word) &&
	    strncmp(err + start, word, strlen(word)) == 0;
}

enum label
tester_judge(const struct tester_env *env, const struct jail_result *r,
    const struct jail_limits *l, char *msg, size_t len)
{
	char a[32], b[32], suspect[160] = "";
	const char *name;

	if (r->memory_suspect)
		snprintf(suspect, sizeof(suspect), "; it had used %s of its %s memory"
		    " limit, so an allocation may have failed",
		    tester_kib(r->memory_kib, a, sizeof(a)),
		    tester_kib(l->memory_kib, b, sizeof(b)));
	switch (r->status) {
	case JAIL_EXITED:
		if (r->code == 0) {
			snprintf(msg, len, "%s", "");
			return LABEL_ACCEPTED;
		}
		if (env->lang->memory_error != NULL &&
		    last_line_starts(r->err, r->err_len, env->lang->memory_error)) {
			snprintf(msg, len, "memory limit of %s exceeded",
			    tester_kib(l->memory_kib, a, sizeof(a)));
			return LABEL_MEMORY_LIMIT;
		}
		snprintf(msg, len, "exited with status %d%s", r->code, suspect);
		return LABEL_RUNTIME_ERROR;
	case JAIL_SIGNALED:
		if (r->syscall[0] != '\0') {
			snprintf(msg, len, "forbidden system call: %s", r->syscall);
			return LABEL_RUNTIME_ERROR;
		}
		if (r->signal == SIGXFSZ) {
			snprintf(msg, len, "file size limit of %s exceeded",
			    tester_kib(l->fsize_kib, a, sizeof(a)));
			return LABEL_RUNTIME_ERROR;
		}
		name = jail_signal_name(r->signal);
		if (name == NULL)
			snprintf(msg, len, "killed by signal %d%s", r->signal, suspect);
		else if (jail_signal_meaning(r->signal)[0] == '\0')
			snprintf(msg, len, "killed by signal %s%s", name, suspect);
		else
			snprintf(msg, len, "killed by signal %s (%s)%s", name,
			    jail_signal_meaning(r->signal), suspect);
		return LABEL_RUNTIME_ERROR;
	case JAIL_CPU_LIMIT:
		snprintf(msg, len, "CPU time limit of %s exceeded",
		    tester_ms(l->cpu_ms, a, sizeof(a)));
		return LABEL_TIME_LIMIT;
	case JAIL_WALL_LIMIT:
		snprintf(msg, len, "wall time limit of %s exceeded, with %s of CPU"
		    " time used", tester_ms(l->wall_ms, a, sizeof(a)),
		    tester_ms(r->cpu_ms, b, sizeof(b)));
		return LABEL_TIME_LIMIT;
	case JAIL_OUTPUT_LIMIT:
		snprintf(msg, len, "output limit of %s exceeded",
		    tester_kib(l->output_kib, a, sizeof(a)));
		return LABEL_RUNTIME_ERROR;
	case JAIL_MEMORY_LIMIT:
		snprintf(msg, len, "memory limit of %s exceeded",
		    tester_kib(l->memory_kib, a, sizeof(a)));
		return LABEL_MEMORY_LIMIT;
	}
	snprintf(msg, len, "ended in an unknown way");
	return LABEL_RUNTIME_ERROR;
}

char *
tester_stderr(struct jail_box *box, const char *err, size_t len,
    size_t max_bytes)
{
	size_t skip = 0;
	char *clean, *msg;
	struct buf t;

	buf_init(&t);
	if (len > max_bytes) {
		/* Keep the end, from the start of a line if one is near. */
		size_t cut = len - max_bytes;

		for (skip = cut; skip < len && skip < cut + 200; skip++)
			if (err[skip - 1] == '\n')
				break;
		if (skip == len || err[skip - 1] != '\n')
			skip = cut;
		buf_printf(&t, "[... %zu bytes not shown]\n", skip);
	}
	if ((clean = clean_text(err + skip, len - skip, 0, 0, NULL)) == NULL) {
		buf_free(&t);
		return NULL;
	}
	msg = readable(box->path, clean, "main.o");
	free(clean);
	if (msg == NULL) {
		buf_free(&t);
		return NULL;
	}
	buf_puts(&t, msg);
	free(msg);
	return buf_steal(&t);
}

void
tester_jail_config(const struct tester_env *env, struct jail_box *box,
    struct jail_config *jc)
{
	memset(jc, 0, sizeof(*jc));
	jc->box = box->path;
	jc->uid = env->uid;
	jc->gid = env->gid;
}

void
tester_outcome_take(struct tester_outcome *oc, struct jail_result *r)
{
	oc->out = r->out;
	oc->out_len = r->out_len;
	oc->err = r->err;
	oc->err_len = r->err_len;
	oc->ran = 1;
	r->out = r->err = NULL;
	jail_result_clear(r);
}

void
tester_outcome_clear(struct tester_outcome *oc)
{
	free(oc->out);
	free(oc->err);
	memset(oc, 0, sizeof(*oc));
}

void
tester_report_stderr(struct buf *rep, struct jail_box *box,
    const char *err, size_t len, size_t max_bytes)
{
	char *e;

	if (len == 0)
		return;
	if ((e = tester_stderr(box, err, len, max_bytes)) == NULL) {
		rep->oom = 1;
		return;
	}
	buf_puts(rep, "  error output:\n");
	/* Already trimmed, keeping its end. */
	clean_block(rep, e, strlen(e), 0, 0, "    ");
	free(e);
}

void
tester_report_warnings(struct buf *rep, const char *warnings)
{
	if (warnings == NULL)
		return;
	buf_puts(rep, "\nThe compiler's warnings:\n\n");
	buf_puts(rep, warnings);
}

const char *
tester_undefined_symbol(const char *msg, size_t *len)
{
	/* bfd quotes `name', gold 'name'. */
	static const char ref[] = "undefined reference to ";
	const char *p = strstr(msg, ref);
	size_t n;

	if (p == NULL || (p[strlen(ref)] != '`' && p[strlen(ref)] != '\''))
		return NULL;
	p += strlen(ref) + 1;
	if (p[n = strcspn(p, "'\n")] != '\'')
		return NULL;
	*len = n;
	return p;
}

int
tester_execute_only(const char *box, const char *name, const char *who,
    char *log, size_t loglen)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", box, name);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fchmod(fd, 0111) == -1) {
		errmsg_set(log, loglen, "%s: %s: %s", who, path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

void
tester_report_undefined(struct buf *rep, const char *name, size_t len)
{
	buf_printf(rep, "The tests call %.*s, which your code does not define (is"
	    " its name spelled as in the statement?).\n\n", (int)len, name);
}

int
tester_json_set(json_t *o, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, key, v);
}

json_t *
tester_json_text(const char *s, size_t n)
{
	char *c = clean_text_noted(s ? s : "", n, TESTER_KEEP_BYTES, 0);
	json_t *j;

	if (c == NULL)
		return NULL;
	j = json_string(c);
	free(c);
	return j;
}

int
tester_finish(struct grade_result *out, enum label label, double score, char *report,
    json_t *tests)
{
	if (tests == NULL)
		tests = json_array();
	if (report == NULL || tests == NULL) {
		free(report);
		json_decref(tests);
		return -1;
	}
	out->status = label;
	out->score = score;
	out->report = report;
	out->tests = tests;
	return 0;
}

int
tester_not_compiled(struct grade_result *out, const char *head, const char *msg)
{
	struct buf t;

	buf_init(&t);
	buf_puts(&t, head);
	buf_puts(&t, msg);
	return tester_finish(out, LABEL_COMPILE_ERROR, 0, buf_steal(&t), NULL);
}
