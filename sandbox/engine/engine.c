/*
 * engine.c - grade one submission: check what the tester cannot, pick the
 * tester, and turn a failure of the platform into an honest MiscError; see
 * engine.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/engine/engine.h"
#include "sandbox/testers/lang.h"
#include "sandbox/testers/run_cache.h"
#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/clean.h"

/* Larger code is refused before anything runs (the service's own limit is
 * far lower; this one only keeps the engine sane when called directly). */
#define ENGINE_CODE_MAX (1024 * 1024)

/* uids below this are real users' and system accounts. */
#define ENGINE_UID_MIN 1000

static const struct {
	const char *name;
	tester_fn *fn;
	int answers;		/* grades a quiz's answers, not code */
} testers[] = {
	{ "stdio", tester_stdio, 0 },
	{ "quickcheck", tester_quickcheck, 0 },
	{ "doctest", tester_doctest, 0 },
	{ "mudoctest", tester_mudoctest, 0 },
	{ "cases", tester_cases, 0 },
	{ "hspec", tester_hspec, 0 },
	{ "quiz", tester_quiz, 1 },
	{ "accept", tester_accept, 0 },
	{ "sqlite-query", tester_sqlite, 0 },
	{ "run", tester_run, 0 },
};

/* The testers that take code in a language of the spec this grader need
 * not know as one of lang.c's (env.lang is then NULL): accept runs
 * nothing, sqlite-query runs its own program on the query. */
static const char *const ownlang_testers[] = { "accept", "sqlite-query" };

/* Fills OUT with a verdict given by the engine itself: LABEL, REPORT for the
 * student, LOG (may be NULL) for the operator. Returns 0, or -1 on ENOMEM
 * (OUT is then empty). */
static int
verdict(struct grade_result *out, enum label label, const char *log,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
verdict(struct grade_result *out, enum label label, const char *log,
    const char *fmt, ...)
{
	struct buf t;
	va_list ap;
	char buf[1024];

	buf_init(&t);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	buf_puts(&t, buf);
	grade_result_clear(out);
	out->status = label;
	out->score = 0;
	if ((out->report = buf_steal(&t)) == NULL ||
	    (out->tests = json_array()) == NULL ||
	    (log != NULL && (out->log = strdup(log)) == NULL)) {
		grade_result_clear(out);
		return -1;
	}
	return 0;
}

static int
misc_error(struct grade_result *out, const char *log)
{
	return verdict(out, LABEL_MISC_ERROR, log, "%s",
	    "Your submission could not be graded because of a problem of the"
	    " platform, not of your code. It has been logged for the"
	    " administrators.\n");
}

/* The allowed languages of SPEC, "c, python", into BUF. */
static const char *
languages(const struct spec *spec, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < spec->nlanguages && off < len; i++) {
		int n = snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
		    spec->languages[i] ? spec->languages[i] : "?");

		if (n < 0)
			break;
		off += (size_t)n;
	}
	return buf;
}

int
engine_grade(const struct engine_config *cfg, const struct spec *spec,
    const struct grade_submission *sub, struct grade_result *out)
{
	struct tester_env env;
	tester_fn *fn = NULL;
	char log[1024] = "", langs[256];
	unsigned long long uid;
	const char *lang;
	int answers = 0, ownlang = 0;

	memset(out, 0, sizeof(*out));
	if (cfg == NULL || spec == NULL || sub == NULL || cfg->box_root == NULL)
		return misc_error(out, "engine: called without a configuration, spec"
		    " or submission");
	if (spec->tester == NULL) {
		snprintf(log, sizeof(log), "engine: the spec of %s names no tester",
		    spec->id ? spec->id : "?");
		return misc_error(out, log);
	}
	for (size_t i = 0; i < sizeof(testers) / sizeof(*testers); i++)
		if (strcmp(testers[i].name, spec->tester) == 0) {
			fn = testers[i].fn;
			answers = testers[i].answers;
		}
	for (size_t i = 0; i < sizeof(ownlang_testers) / sizeof(*ownlang_testers); i++)
		ownlang |= strcmp(ownlang_testers[i], spec->tester) == 0;
	if (fn == NULL) {
		snprintf(log, sizeof(log), "engine: %s: no tester \"%s\" in this grader",
		    spec->id ? spec->id : "?", spec->tester);
		return misc_error(out, log);
	}
	memset(&env, 0, sizeof(env));
	env.box_root = cfg->box_root;
	env.slot = cfg->slot;
	env.spec = spec;
	env.sub = sub;
	if (answers) {
		/* Nothing runs: no language, no code, no uid. */
		if (sub->answers == NULL) {
			snprintf(log, sizeof(log), "engine: %s: a quiz submission without"
			    " its answers", spec->id ? spec->id : "?");
			return misc_error(out, log);
		}
		goto grade;
	}

	lang = sub->language != NULL ? sub->language : "";
	if (!spec_has_language(spec, lang)) {
		/* The name is the submitter's: made fit to show. */
		char *shown = clean_text(lang, strlen(lang), 100, 1, NULL);
		int rc;

		if (shown == NULL)
			return -1;
		rc = verdict(out, LABEL_COMPILE_ERROR, NULL, "This exercise does not"
		    " accept the language \"%s\" (it accepts %s).\n", shown,
		    languages(spec, langs, sizeof(langs)));
		free(shown);
		return rc;
	}
	if ((env.lang = lang_find(lang)) == NULL && !ownlang) {
		snprintf(log, sizeof(log), "engine: %s: no language \"%.100s\" in this"
		    " grader", spec->id ? spec->id : "?", lang);
		return misc_error(out, log);
	}
	if (sub->code == NULL && sub->code_len > 0)
		return misc_error(out, "engine: a submission without its code");
	if (sub->code_len > ENGINE_CODE_MAX)
		return verdict(out, LABEL_COMPILE_ERROR, NULL,
		    "Your program is too large: %zu bytes, at most %d.\n",
		    sub->code_len, ENGINE_CODE_MAX);

	uid = (unsigned long long)cfg->uid_base + cfg->slot;
	if (cfg->uid_base < ENGINE_UID_MIN || uid > 0xfffffffeULL) {
		snprintf(log, sizeof(log), "engine: uid base %u and slot %u give no"
		    " unprivileged uid", (unsigned)cfg->uid_base, cfg->slot);
		return misc_error(out, log);
	}
	env.uid = (uid_t)uid;
	env.gid = (gid_t)uid;

grade:
	if (fn(&env, out, log, sizeof(log)) == -1) {
		grade_result_clear(out);
		return misc_error(out, log[0] ? log : "engine: the tester failed");
	}
	/* The contract: never NULL after engine_grade(). */
	if ((out->report == NULL && (out->report = strdup("")) == NULL) ||
	    (out->tests == NULL && (out->tests = json_array()) == NULL)) {
		grade_result_clear(out);
		return -1;
	}
	return 0;
}

int
engine_forget(const char *box_root)
{
	return run_cache_clear(box_root);
}
