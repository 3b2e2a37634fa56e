/*
 * assay-worker - takes submissions from the queue and grades them.
 *
 * A worker owns one sandbox slot (a uid of its own for the programs it runs),
 * chosen as the first free one unless --slot says which: the slot's lock file
 * in DATA/run is held for the worker's life, so two workers never share a uid.
 * It loops: lease the oldest waiting submission (queue.h), read its
 * exercise's spec, grade it with the engine (sandbox/engine/engine.h), store the
 * result and remove the queue entry in one transaction. When the queue is
 * empty it sleeps until nudged (wake.h) or a second passes.
 *
 * Killed at any moment, it loses nothing: its lease dies with it and another
 * worker (or this one, restarted) grades the submission again.
 *
 * A result it cannot store (the store full, a disk error) is not graded on
 * into the void: it gives the lease back (queue_release(), the submission
 * waits again, the attempt not counted; when even that fails, it tries
 * again before anything else), logs why, and waits before it claims again, 1 s at first, twice as long each time it fails again, at
 * most 60 s; the first result stored resets the wait. Results are bounded
 * before they are stored: a report of at most REPORT_MAX bytes, a log of at
 * most LOG_MAX, the tests' list of at most TESTS_MAX bytes of JSON (beyond,
 * cut with a note saying so).
 *
 * Before grading anything it checks the jail's layers on this host
 * (jail_probe(), as `assay doctor` shows them) and refuses to start when
 * one is missing, saying which and why: every layer is required unless
 * --allow-missing names it. Only the cgroup layers may be allowed missing
 * (their limits then fall back to rlimits); the jail cannot run at all
 * without the others.
 *
 * With --serve it is a grader host's grading process instead (gradejob.h):
 * no store and no queue; it takes jobs (a spec and a submission) from the
 * listening Unix socket it is given on standard input, one connection a
 * job, and answers each with the result's fields. Several share one socket,
 * each in its own slot: a free one takes the next job.
 *
 * usage: assay-worker [--data DIR] [--site DIR] [--slot N] [--uid-base N]
 *                     [--box-root DIR] [--allow-missing LAYERS] [--once | --serve]
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/config.h"
#include "fcgi/gradejob.h"
#include "fcgi/httpc.h"
#include "fcgi/isotime.h"
#include "fcgi/launch.h"
#include "fcgi/log.h"
#include "fcgi/queue.h"
#include "fcgi/speccache.h"
#include "fcgi/store.h"
#include "fcgi/wake.h"
#include "sandbox/engine/engine.h"
#include "sandbox/format/spec.h"
#include "sandbox/jail/jail.h"

#define MAX_SLOTS 64
#define LEASE_TTL 3600		/* seconds; a crash on this host is noticed at once */
#define REPORT_MAX (64 * 1024)	/* bytes of a stored report, at most */
#define LOG_MAX (16 * 1024)	/* bytes of a stored grader's log */
#define TESTS_MAX (256 * 1024)	/* bytes of a stored list of tests, as JSON */
#define BACKOFF_MIN 1		/* seconds before claiming again after a failed store */
#define BACKOFF_MAX 60

enum { OPT_SLOT = 1, OPT_UID_BASE, OPT_BOX_ROOT, OPT_ONCE, OPT_ALLOW_MISSING, OPT_SERVE,
	OPT_REMOTE, OPT_KEY_FILE };

struct opts {
	long slot;		/* -1: the first free one */
	unsigned long uid_base;
	const char *box_root;
	int once;
	unsigned allow_missing;	/* JAIL_LAYER_* bits */
	int serve;		/* grade jobs from the socket on fd 0 (gradejob.h) */
	char remote_host[256];	/* --remote HOST:PORT: grade there (the service's
				   nginx, its upstream of grader hosts); "" local */
	unsigned remote_port;
	const char *key_file;	/* the deployment's grader key, with --remote */
	char key_header[320];	/* "X-Assay-Grader-Key: ...\r\n" */
};

static const char usage[] =
    "usage: assay-worker [--data DIR] [--site DIR] [--slot N] [--uid-base N]\n"
    "                    [--box-root DIR] [--allow-missing LAYERS] [--once | --serve]\n"
    "                    [--remote HOST:PORT --key-file FILE]\n"
    "LAYERS: comma-separated cgroup-memory, cgroup-pids, cgroup-cpu (or cgroup)\n";

static const struct option extra[] = {
	{ "slot", required_argument, NULL, OPT_SLOT },
	{ "uid-base", required_argument, NULL, OPT_UID_BASE },
	{ "box-root", required_argument, NULL, OPT_BOX_ROOT },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "serve", no_argument, NULL, OPT_SERVE },
	{ "remote", required_argument, NULL, OPT_REMOTE },
	{ "key-file", required_argument, NULL, OPT_KEY_FILE },
	{ "allow-missing", required_argument, NULL, OPT_ALLOW_MISSING },
	{ NULL, 0, NULL, 0 },
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static int
on_extra(int val, const char *arg, void *vctx)
{
	struct opts *o = vctx;
	unsigned long v;

	switch (val) {
	case OPT_SLOT:
		if (config_number(arg, MAX_SLOTS - 1, &v))
			return fprintf(stderr, "--slot takes a number from 0 to %d\n", MAX_SLOTS - 1), -1;
		o->slot = (long)v;
		return 0;
	case OPT_UID_BASE:
		if (config_number(arg, 0x7fffffffUL - MAX_SLOTS, &v) || v < 1000)
			return fprintf(stderr, "--uid-base takes a number of at least 1000\n"), -1;
		o->uid_base = v;
		return 0;
	case OPT_BOX_ROOT:
		o->box_root = arg;
		return 0;
	case OPT_ONCE:
		o->once = 1;
		return 0;
	case OPT_SERVE:
		o->serve = 1;
		return 0;
	case OPT_REMOTE: {
		const char *colon = strrchr(arg, ':');

		if (colon == NULL || colon == arg || (size_t)(colon - arg) >= sizeof(o->remote_host) ||
		    config_number(colon + 1, 65535, &v) || v == 0)
			return fprintf(stderr, "--remote takes HOST:PORT\n"), -1;
		snprintf(o->remote_host, sizeof(o->remote_host), "%.*s", (int)(colon - arg), arg);
		o->remote_port = (unsigned)v;
		return 0;
	}
	case OPT_KEY_FILE:
		o->key_file = arg;
		return 0;
	case OPT_ALLOW_MISSING: {
		char err[256];
		unsigned bits;

		if (jail_layer_parse(arg, &bits, err, sizeof(err)) == -1)
			return fprintf(stderr, "--allow-missing: %s\n", err), -1;
		if (bits & ~(unsigned)JAIL_LAYER_CGROUPS)
			return fprintf(stderr, "--allow-missing: only the cgroup layers may be"
			    " missing; the jail cannot run without the others\n"), -1;
		o->allow_missing |= bits;
		return 0;
	}
	}
	return -1;
}

/* Takes a free slot's lock (or slot WANT's). Returns the slot, or -1. */
static int
take_slot(const char *rundir, long want, int *lockfd)
{
	char path[PATH_MAX + 32];

	if (mkdir(rundir, 0755) && errno != EEXIST) {
		log_msg(NULL, "%s: %s", rundir, strerror(errno));
		return -1;
	}
	for (int s = want < 0 ? 0 : (int)want; s < MAX_SLOTS; s++) {
		int fd;

		snprintf(path, sizeof(path), "%s/slot-%d.lock", rundir, s);
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
			log_msg(NULL, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*lockfd = fd;
			return s;
		}
		close(fd);
		if (want >= 0) {
			log_msg(NULL, "slot %ld is taken by another worker", want);
			return -1;
		}
	}
	log_msg(NULL, "all %d slots are taken", MAX_SLOTS);
	return -1;
}

/*
 * Checks the jail's layers with a run in the slot's box, as the slot's uid.
 * Returns 0 when every layer not in ALLOWED works (logging the ones that
 * are allowed and missing), or -1 after logging each missing one and why.
 */
static int
check_layers(const char *box_root, unsigned slot, uid_t uid, unsigned allowed)
{
	struct jail_box *box = NULL;
	struct jail_probe p;
	char err[512];
	int rc = 0;

	if (jail_box_create(box_root, slot, &box, err, sizeof(err)) == -1) {
		log_msg(NULL, "cannot check the jail: %s", err);
		return -1;
	}
	jail_probe(box->path, uid, &p);
	(void)jail_box_free(box, NULL, 0);
	for (int i = 0; i < JAIL_NLAYERS; i++) {
		unsigned bit = 1u << i;

		if (p.active & bit)
			continue;
		if (allowed & bit) {
			log_msg(NULL, "layer %s is missing (allowed; rlimits instead): %s",
			    jail_layer_name(bit), p.detail[i]);
			continue;
		}
		log_msg(NULL, "layer %s is missing: %s", jail_layer_name(bit), p.detail[i]);
		rc = -1;
	}
	if (rc == -1) {
		log_msg(NULL, "refusing to grade without every layer of the jail (see"
		    " `assay doctor`; --allow-missing accepts the cgroup layers)");
		return -1;
	}
	{
		char names[256] = "";

		for (int i = 0; i < JAIL_NLAYERS; i++)
			if (p.active & (1u << i)) {
				strncat(names, " ", sizeof(names) - strlen(names) - 1);
				strncat(names, jail_layer_name(1u << i),
				    sizeof(names) - strlen(names) - 1);
			}
		log_msg(NULL, "jail layers:%s", names);
	}
	return 0;
}

/*
 * The spec of EXERCISE as JSON, from CFG's specs, into *OUT; or 0 with a
 * MiscError's reason in WHY.
 */
static int
load_spec(const struct config *cfg, const char *exercise, json_t **out, char *why, size_t len)
{
	char *path = exercise ? spec_path(cfg->specdir, exercise) : NULL;
	json_error_t je;

	*out = NULL;
	if (path == NULL || access(path, F_OK) != 0)
		snprintf(why, len, "exercise %.200s has no spec under %.200s",
		    exercise ? exercise : "(none)", cfg->specdir);
	else if ((*out = json_load_file(path, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je)) == NULL)
		snprintf(why, len, "%s:%d:%d: %s", path, je.line, je.column, je.text);
	free(path);
	return *out != NULL;
}

/* Grades REC with the engine; returns the fields to store. */
static json_t *
grade(const struct config *cfg, const struct engine_config *ec, uint64_t id, json_t *rec)
{
	const char *exercise = json_string_value(json_object_get(rec, "exercise"));
	json_t *spec = NULL, *fields;
	char what[64], why[600], when[ISOTIME_SIZE];

	snprintf(what, sizeof(what), "submission %llu", (unsigned long long)id);
	if (load_spec(cfg, exercise, &spec, why, sizeof(why))) {
		fields = gradejob_run(ec, spec, rec, what);
	} else {
		struct grade_result res = { .status = LABEL_MISC_ERROR, .log = why };

		log_msg(NULL, "%s (%s): MiscError: %s", what, exercise ? exercise : "?", why);
		fields = gradejob_fields(&res);
	}
	json_decref(spec);
	isotime_format(time(NULL), when);
	if (fields && json_object_set_new(fields, "graded", json_string(when))) {
		json_decref(fields);
		return NULL;
	}
	return fields;
}

/* The bytes of PATH, malloc'd (NUL-terminated), into *TEXT and *LEN. 0 or -1. */
static int
read_text(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "re");
	size_t cap = 65536, n = 0, got;
	char *b = NULL, *m;

	*text = NULL;
	if (f == NULL)
		return -1;
	while ((m = realloc(b, cap + 1)) != NULL) {
		b = m;
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (n < cap || cap >= GRADEJOB_MAX)
			break;
		cap *= 2;
	}
	if (m == NULL || ferror(f) || n >= GRADEJOB_MAX) {
		fclose(f);
		free(b);
		return -1;
	}
	fclose(f);
	b[n] = '\0';
	*text = b;
	*len = n;
	return 0;
}

/* How a grading handed to the grader hosts failed (grade_remote()). */
enum remote_fail {
	REMOTE_OK,
	REMOTE_UNREACHABLE,	/* no grader host took it (502, refused, the key
				   refused): not the submission's doing; it waits */
	REMOTE_FAILED,		/* a grader took it and failed (503, 504, late):
				   counted; after QUEUE_MAX_ATTEMPTS, MiscError */
};

/*
 * How long a grading of SPEC may take on a grader host, in ms: its tests'
 * wall limits twice over, a compile, and the way there and back; at most
 * ten minutes (the grader hosts' own nginx waits that long). Always over
 * 30 s: hence no timeout tier of the service's nginx below 40 s (launch.h).
 */
static int
remote_timeout(const json_t *spec)
{
	json_t *wall = json_object_get(json_object_get(spec, "limits"), "wall_ms");
	long long w = json_is_integer(wall) ? json_integer_value(wall) : 10000;
	size_t n = json_array_size(json_object_get(spec, "tests"));
	long long t = 30000 + (long long)(n + 1) * 2 * (w > 0 && w < 60000 ? w : 10000);

	return (int)(t > 600000 ? 600000 : t);
}

/*
 * The service's nginx's timeout tier for a grading that may take TIMEOUT
 * ms, in seconds: the smallest of LAUNCH_GRADE_TIERS (launch.h) at or
 * above it. nginx's proxy_read_timeout takes no variables, so each tier is
 * a location of its own, /grader/grade/tN; past N s nginx gives up on the
 * host that took the grading (stalled, or overloaded) and sends it on to
 * the next.
 */
static int
remote_tier(int timeout)
{
	static const int tiers[] = LAUNCH_GRADE_TIERS;
	size_t i = 0;

	while (i + 1 < sizeof(tiers) / sizeof(*tiers) && tiers[i] * 1000LL < timeout)
		i++;
	return tiers[i];
}

/*
 * One POST of JOB to the grader hosts through nginx's timeout tier TIER:
 * the answer's status, its body's JSON into *OUT. It waits longer than
 * nginx may take (a host given up on after TIER s, the next one's grading,
 * and a minute), so that nginx answers, a 504 when every host stalled,
 * rather than this worker leaving a grading running on a host.
 */
static int
remote_post(const struct opts *o, const json_t *job, int tier, json_t **out, char *err,
    size_t len)
{
	char *text = json_dumps(job, JSON_COMPACT), *buf = NULL, path[32];
	struct httpc_answer a;
	int rc;

	*out = NULL;
	if (text == NULL) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	snprintf(path, sizeof(path), "/grader/grade/t%d", tier);
	rc = httpc_post(o->remote_host, o->remote_port, path, o->key_header, text, strlen(text),
	    (2 * tier + 60) * 1000, &a, &buf, err, len);
	free(text);
	if (rc != 0)
		return -1;
	*out = json_loadb(a.body, a.body_len, 0, NULL);
	rc = a.status;
	if (rc != 200 && rc != 409)
		snprintf(err, len, "%d %.*s", rc, (int)(a.body_len > 200 ? 200 : a.body_len), a.body);
	free(buf);
	return rc;
}

/*
 * Grades REC on the grader hosts (--remote): the spec by its SHA-256, sent
 * whole only when the host that took the job lacks it (409). The fields to
 * store; or NULL with *FAIL saying why none came.
 */
static json_t *
grade_remote(const struct opts *o, const struct config *cfg, uint64_t id, json_t *rec,
    enum remote_fail *fail)
{
	const char *exercise = json_string_value(json_object_get(rec, "exercise"));
	char *path = exercise ? spec_path(cfg->specdir, exercise) : NULL, *text = NULL;
	char hash[SPECCACHE_HASH_LEN + 1], what[64], err[512];
	json_t *spec = NULL, *job = NULL, *fields = NULL;
	size_t len = 0;
	int st, tier;

	*fail = REMOTE_OK;
	snprintf(what, sizeof(what), "submission %llu", (unsigned long long)id);
	if (path == NULL || read_text(path, &text, &len) != 0 ||
	    (spec = json_loadb(text, len, JSON_ALLOW_NUL, NULL)) == NULL) {
		struct grade_result res = { .status = LABEL_MISC_ERROR, .log = err };
		char when[ISOTIME_SIZE];

		snprintf(err, sizeof(err), "exercise %.200s: its spec under %.200s cannot be read"
		    " (missing, not JSON, or over %u bytes)", exercise ? exercise : "(none)",
		    cfg->specdir, GRADEJOB_MAX);
		log_msg(NULL, "%s: MiscError: %s", what, err);
		free(path);
		free(text);
		if ((fields = gradejob_fields(&res)) != NULL) {
			isotime_format(time(NULL), when);
			json_object_set_new(fields, "graded", json_string(when));
		}
		return fields;
	}
	speccache_hash(text, len, hash);
	tier = remote_tier(remote_timeout(spec));
	job = json_pack("{s:s, s:s, s:{s:O?, s:O?, s:O?, s:O?}}", "spec", hash, "what", what,
	    "submission", "language", json_object_get(rec, "language"), "code",
	    json_object_get(rec, "code"), "answers", json_object_get(rec, "answers"), "login",
	    json_object_get(rec, "login"));
	st = job ? remote_post(o, job, tier, &fields, err, sizeof(err)) : -1;
	if (st == 409) {
		json_decref(fields);
		fields = NULL;
		json_object_set_new(job, "spec_text", json_stringn(text, len));
		st = remote_post(o, job, tier, &fields, err, sizeof(err));
	}
	if (st != 200 || !json_is_object(fields)) {
		*fail = st == -1 || st == 502 || st == 401 ? REMOTE_UNREACHABLE : REMOTE_FAILED;
		log_msg(NULL, "%s: the grader hosts did not grade it (nginx's %d s tier): %s", what,
		    tier, st == 200 ? "an answer that is not JSON" : err);
		json_decref(fields);
		fields = NULL;
	}
	json_decref(job);
	json_decref(spec);
	free(text);
	free(path);
	return fields;
}

/*
 * Cuts the string field NAME of FIELDS to at most MAX bytes (on a UTF-8
 * character's boundary), saying so at its end.
 */
static void
bound_text(json_t *fields, const char *name, size_t max)
{
	static const char note[] = "\n[... cut: the text was too long to keep]\n";
	json_t *v = json_object_get(fields, name);
	const char *t = json_string_value(v);
	size_t n;
	char *cut;

	if (t == NULL || json_string_length(v) <= max)
		return;
	n = max - sizeof(note);
	while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
		n--;
	if ((cut = malloc(n + sizeof(note))) == NULL)
		return;
	memcpy(cut, t, n);
	memcpy(cut + n, note, sizeof(note));
	json_object_set_new(fields, name, json_stringn(cut, n + sizeof(note) - 1));
	free(cut);
}

/* Bounds what a result stores (the header: REPORT_MAX, LOG_MAX, TESTS_MAX). */
static void
bound_result(json_t *fields)
{
	json_t *tests = json_object_get(fields, "tests");
	char *text;

	bound_text(fields, "report", REPORT_MAX);
	bound_text(fields, "log", LOG_MAX);
	if (!json_is_array(tests) || json_array_size(tests) == 0)
		return;
	text = json_dumps(tests, JSON_COMPACT);
	if (text == NULL || strlen(text) > TESTS_MAX) {
		/* Keep the verdict of each test; drop what they showed. */
		json_t *small = json_array(), *t;
		size_t i;

		json_array_foreach(tests, i, t)
			json_array_append_new(small, json_pack("{s:O?, s:O?, s:O?, s:O?, s:s}",
			    "name", json_object_get(t, "name"),
			    "public", json_object_get(t, "public"),
			    "passed", json_object_get(t, "passed"),
			    "status", json_object_get(t, "status"),
			    "message", "the details of this test were too long to keep"));
		json_object_set_new(fields, "tests", small);
	}
	free(text);
}

/*
 * Stores FIELDS, the result of submission ID graded under lease ME.
 * Returns 0, or -1 when the store could not take it (the caller gives the
 * lease back and waits before claiming again).
 */
static int
store_result(struct store *store, const struct queue_lease *me, uint64_t id, json_t *fields)
{
	int rc;

	/* How many times grading was started: 1 unless a grader died. */
	json_object_set_new(fields, "attempt", json_integer(me->attempt));
	bound_result(fields);
	rc = queue_finish(store, id, me, fields);
	if (rc == STORE_OK)
		return 0;
	if (rc == STORE_NOTFOUND) {
		log_msg(NULL, "submission %llu: lease lost; result dropped",
		    (unsigned long long)id);
		return 0;
	}
	log_msg(NULL, "submission %llu: cannot store the result: %s", (unsigned long long)id,
	    store_error(store));
	return -1;
}

/*
 * Gives back the lease ME of submission ID, whose result could not be
 * stored. 0 when it is given back (or no longer ours), -1 when the store
 * refuses even that: the caller tries again later, before it claims.
 */
static int
give_back(struct store *store, const struct queue_lease *me, uint64_t id)
{
	int rc = queue_release(store, id, me);

	if (rc == STORE_OK)
		log_msg(NULL, "submission %llu: given back to the queue, to be graded again",
		    (unsigned long long)id);
	else if (rc != STORE_NOTFOUND)
		log_msg(NULL, "submission %llu: cannot give it back either: %s",
		    (unsigned long long)id, store_error(store));
	return rc == STORE_OK || rc == STORE_NOTFOUND ? 0 : -1;
}

/* Sleeps SECONDS unless told to stop. */
static void
pause_for(unsigned seconds)
{
	for (unsigned i = 0; i < seconds * 10 && !stopping; i++)
		usleep(100000);
}

/*
 * Submission ID, leased as ME, was not graded on the grader hosts
 * (FAIL). Unreachable hosts are not the submission's doing: it goes back
 * to the queue and this worker waits. A host that took it and failed
 * counts (TRIED, TRIES): it is tried again, and after QUEUE_MAX_ATTEMPTS
 * failures in a row its result is a MiscError (*FIELDS), so that a
 * submission that kills graders cannot keep them busy for ever. Returns
 * 1 when there is nothing to store now, 0 when *FIELDS is to be stored.
 */
static int
remote_failed(struct store *store, const struct queue_lease *me, uint64_t id,
    enum remote_fail fail, uint64_t *tried, int *tries, json_t **fields)
{
	if (fail == REMOTE_FAILED) {
		*tries = *tried == id ? *tries + 1 : 1;
		*tried = id;
	}
	if (fail == REMOTE_FAILED && *tries >= QUEUE_MAX_ATTEMPTS) {
		struct grade_result res = { .status = LABEL_MISC_ERROR };
		char why[160], when[ISOTIME_SIZE];

		snprintf(why, sizeof(why), "the grader hosts failed to grade it %d times in a row"
		    " (see this worker's log)", *tries);
		res.log = why;
		*fields = gradejob_fields(&res);
		isotime_format(time(NULL), when);
		if (*fields)
			json_object_set_new(*fields, "graded", json_string(when));
		*tries = 0;
		return *fields == NULL;
	}
	give_back(store, me, id);
	pause_for(fail == REMOTE_UNREACHABLE ? 2 : 1);
	return 1;
}

/*
 * Grades what the queue holds until told to stop or, with ONCE, until it is
 * empty; waits on WAKEFD while there is nothing to take. Expired sessions
 * are purged once an hour on the way.
 */
static void
grade_queue(const struct opts *o, const struct config *cfg, const struct engine_config *ec,
    struct store *store, int wakefd)
{
	int once = o->once, tries = 0;
	uint64_t tried = 0;	/* the submission TRIES counts remote failures of */
	time_t last_purge = 0;
	unsigned backoff = 0;
	struct queue_lease held;	/* a lease to give back, when HOLDING */
	uint64_t held_id = 0;
	int holding = 0;

	while (!stopping) {
		struct queue_lease me;
		uint64_t id;
		json_t *rec = NULL, *fields;
		size_t waiting = 0;
		int rc;

		if (holding && give_back(store, &held, held_id) == 0)
			holding = 0;
		if (holding) {
			backoff = backoff == 0 ? BACKOFF_MIN : backoff * 2 > BACKOFF_MAX ?
			    BACKOFF_MAX : backoff * 2;
			pause_for(backoff);
			continue;
		}
		if (time(NULL) - last_purge > 3600) {
			store_session_purge(store, time(NULL), NULL);
			last_purge = time(NULL);
		}
		if (queue_lease_self(&me, LEASE_TTL) != 0) {
			log_msg(NULL, "cannot read /proc for the lease: %s", strerror(errno));
			break;
		}
		rc = queue_claim(store, &me, &id, &rec, &waiting);
		if (rc == STORE_ERROR) {
			log_msg(NULL, "queue: %s", store_error(store));
			sleep(1);
			continue;
		}
		if (rc == STORE_NOTFOUND) {
			if (once)
				break;
			wake_wait(wakefd, 1000);
			continue;
		}
		if (waiting > 0)
			wake_poke(cfg->rundir);	/* more work: wake another worker */
		if (o->remote_host[0]) {
			enum remote_fail fail;

			fields = grade_remote(o, cfg, id, rec, &fail);
			if (fail != REMOTE_OK && remote_failed(store, &me, id, fail, &tried, &tries,
			    &fields)) {
				json_decref(rec);
				continue;
			}
		} else {
			fields = grade(cfg, ec, id, rec);
		}
		json_decref(rec);
		if (fields == NULL) {
			log_msg(NULL, "submission %llu: out of memory", (unsigned long long)id);
			continue;
		}
		rc = store_result(store, &me, id, fields);
		json_decref(fields);
		if (rc == 0) {
			backoff = 0;
			continue;
		}
		/* Never grade on into the void: give it back, wait, then claim again. */
		held = me;
		held_id = id;
		holding = give_back(store, &held, held_id) != 0;
		backoff = backoff == 0 ? BACKOFF_MIN : backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
		    backoff * 2;
		log_msg(NULL, "waiting %u s before grading again", backoff);
		pause_for(backoff);
	}
	if (holding)
		give_back(store, &held, held_id);	/* else it is free when we exit */
}

/*
 * A grader host's grading process: takes one job a connection from the
 * listening Unix socket LFD (its FastCGI front's), grades it, answers the
 * result's fields, until told to stop. Stores nothing: killed, it loses
 * only the job at hand, which its front (or the service) gives elsewhere.
 */
static void
serve_jobs(const struct engine_config *ec, int lfd)
{
	while (!stopping) {
		int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		json_t *job = NULL, *fields;
		const char *what;
		char err[256], name[160];

		if (c < 0) {
			if (errno != EINTR) {
				log_msg(NULL, "accept: %s", strerror(errno));
				pause_for(1);
			}
			continue;
		}
		if (write(c, &(char){ GRADEJOB_HELLO }, 1) != 1) {
			close(c);	/* the front gave up waiting: not ours */
			continue;
		}
		if (gradejob_recv(c, GRADEJOB_MAX, 30000, &job, err, sizeof(err)) != 0) {
			log_msg(NULL, "a job that cannot be read: %s", err);
			close(c);
			continue;
		}
		what = json_string_value(json_object_get(job, "what"));
		snprintf(name, sizeof(name), "job %.120s", what ? what : "(unnamed)");
		fields = gradejob_run(ec, json_object_get(job, "spec"),
		    json_object_get(job, "submission"), name);
		if (fields == NULL || gradejob_send(c, fields) != 0)
			log_msg(NULL, "%s: cannot answer: %s", name,
			    fields ? strerror(errno) : "out of memory");
		json_decref(fields);
		json_decref(job);
		close(c);
	}
}

/*
 * A worker that grades on the grader hosts (--remote): no slot, no jail
 * here; the queue as a local worker has it.
 */
static int
remote_main(struct opts *o, const struct config *cfg)
{
	struct store *store = NULL;
	struct sigaction sa;
	char key[260] = "", err[512];
	FILE *f = o->key_file ? fopen(o->key_file, "re") : NULL;
	int wakefd;

	if (f == NULL || fgets(key, sizeof(key), f) == NULL || (key[strcspn(key, "\r\n")] = '\0',
	    strlen(key) < 16)) {
		log_msg(NULL, "--remote needs --key-file, the deployment's grader key: %s",
		    o->key_file ? (f ? "too short" : strerror(errno)) : "none given");
		if (f)
			fclose(f);
		return 1;
	}
	fclose(f);
	snprintf(o->key_header, sizeof(o->key_header), "X-Assay-Grader-Key: %s\r\n", key);
	explicit_bzero(key, sizeof(key));
	struct store_size sz = { cfg->map_size, cfg->store_reserve };

	if (store_open_sized(cfg->data, &sz, &store, err, sizeof(err)) != STORE_OK) {
		log_msg(NULL, "%s", err);
		return 1;
	}
	if ((wakefd = wake_listen(cfg->rundir)) < 0) {
		log_msg(NULL, "%s/wake: %s", cfg->rundir, strerror(errno));
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	log_msg(NULL, "grading on the grader hosts behind %s:%u", o->remote_host, o->remote_port);
	grade_queue(o, cfg, NULL, store, wakefd);
	log_msg(NULL, "stopped");
	store_close(store);
	close(wakefd);
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = { .slot = -1, .uid_base = 64000 };
	struct config cfg;
	struct engine_config ec = { 0 };
	struct store *store = NULL;
	struct sigaction sa;
	char err[512], boxes[PATH_MAX];
	int i, lockfd = -1, wakefd, slot;

	log_init("assay-worker");
	if ((i = config_parse(argc, argv, &cfg, usage, extra, on_extra, &o)) < 0)
		return 2;
	if (i != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (o.remote_host[0])
		return remote_main(&o, &cfg);
	if ((slot = take_slot(cfg.rundir, o.slot, &lockfd)) < 0)
		return 1;
	if (o.box_root == NULL) {
		snprintf(boxes, sizeof(boxes), "%s/boxes", cfg.data);
		o.box_root = boxes;
	}
	if (mkdir(o.box_root, 0755) && errno != EEXIST) {
		log_msg(NULL, "%s: %s", o.box_root, strerror(errno));
		return 1;
	}
	if (check_layers(o.box_root, (unsigned)slot, (uid_t)(o.uid_base + (unsigned long)slot),
	    o.allow_missing) == -1)
		return 1;
	ec.box_root = o.box_root;
	ec.slot = (unsigned)slot;
	ec.uid_base = (uid_t)o.uid_base;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* a front gone away: write() says EPIPE */
	if (o.serve) {
		log_msg(NULL, "slot %d (uid %lu) grading jobs from its front", slot,
		    o.uid_base + (unsigned long)slot);
		serve_jobs(&ec, 0);
		log_msg(NULL, "stopped");
		close(lockfd);
		return 0;
	}
	struct store_size sz = { cfg.map_size, cfg.store_reserve };

	if (store_open_sized(cfg.data, &sz, &store, err, sizeof(err)) != STORE_OK) {
		log_msg(NULL, "%s", err);
		return 1;
	}
	if ((wakefd = wake_listen(cfg.rundir)) < 0) {
		log_msg(NULL, "%s/wake: %s", cfg.rundir, strerror(errno));
		return 1;
	}
	log_msg(NULL, "slot %d (uid %lu) grading from %s", slot, o.uid_base + (unsigned long)slot,
	    cfg.specdir);
	grade_queue(&o, &cfg, &ec, store, wakefd);
	log_msg(NULL, "stopped");
	store_close(store);
	close(wakefd);
	close(lockfd);
	return 0;
}
