/*
 * assay-graderd - the FastCGI program of a grader host: grading over HTTP
 * for the service, behind the host's own nginx.
 *
 *   PUT  /grader/specs/HASH  body: a spec's JSON text, HASH its SHA-256
 *                            (speccache.h) -> 204; 400 when HASH is not
 *                            the body's
 *   HEAD /grader/specs/HASH  -> 204 when held, 404 when not
 *   POST /grader/grade       {spec: HASH, spec_text?: TEXT, submission:
 *                            {language, code?, answers?, login?}, what?}
 *                            -> 200 the result's fields (gradejob.h); 409
 *                            {error, missing: "spec"} when HASH is not held
 *                            and no spec_text came with it (send it again
 *                            with the text: it is kept for the next time)
 *   GET  /grader/health      -> 200 {status: "ok"}
 *   /jobe/index.php/restapi/...  Jobe's REST API (fcgi/jobe.h), for
 *                            Moodle's CodeRunner: no deployment key (Jobe's
 *                            own optional API keys: --jobe-keys FILE); its
 *                            files cached in DATA/jobe-files (at most
 *                            --jobe-files-max bytes, default 1 GiB), its
 *                            rate buckets in DATA/jobe-rates; a run waits
 *                            at most 10 s for a free grading process, else
 *                            Jobe's outcome 21 (overload)
 *
 * Every /grader/ request must carry the deployment's secret in the header
 * X-Assay-Grader-Key (--key-file; compared in constant time): without it,
 * 401 and nothing else. The service's nginx adds it on the way to the
 * grader hosts; nobody else has it.
 *
 * This program parses HTTP and runs nothing of a student's: it runs as the
 * service user and hands each job to the host's grading processes
 * (assay-worker --serve, root, one slot each) through the Unix socket
 * --grade-socket, one connection a job, and waits for the answer. A
 * grading process that dies mid-job is a 503 (nginx's proxy_next_upstream
 * then tries another host); no answer within --grade-timeout seconds is a
 * 504. It keeps nothing that matters: the specs are a cache.
 *
 * usage: assay-graderd [--data DIR] [--socket PATH] [--children N]
 *                      --key-file FILE [--grade-socket PATH] [--grade-timeout S]
 *                      [--jobe-keys FILE] [--jobe-files-max BYTES]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/config.h"
#include "fcgi/gradejob.h"
#include "fcgi/http.h"
#include "fcgi/jobe.h"
#include "fcgi/log.h"
#include "fcgi/prefork.h"
#include "fcgi/speccache.h"

#define KEY_MAX 256

enum { OPT_KEY_FILE = 1, OPT_GRADE_SOCKET, OPT_GRADE_TIMEOUT, OPT_JOBE_KEYS, OPT_JOBE_MAX };

/* How long a Jobe run waits for a free grading process (Jobe: 10 tries, 1 s apart). */
#define JOBE_WAIT_MS 10000

struct graderd {
	struct config cfg;
	const char *key_file;
	char key[KEY_MAX + 1];
	const char *grade_socket;	/* NULL: RUN/grade.sock */
	char grade_path[108];		/* a Unix socket's path: sun_path */
	unsigned long timeout_s;
	char specs[4096];		/* DATA/specs */
	const char *jobe_keys_file;	/* NULL: no API keys */
	unsigned long jobe_files_max;
	char jobe_files[4096], jobe_rates[4096];
	struct jobe_langs langs;
	struct jobe_keys *keys;
	struct jobe_config jobe;
};

static const char usage[] =
    "usage: assay-graderd [--data DIR] [--socket PATH] [--children N]\n"
    "                     --key-file FILE [--grade-socket PATH] [--grade-timeout S]\n"
    "                     [--jobe-keys FILE] [--jobe-files-max BYTES]\n";

static const struct option extra[] = {
	{ "key-file", required_argument, NULL, OPT_KEY_FILE },
	{ "grade-socket", required_argument, NULL, OPT_GRADE_SOCKET },
	{ "grade-timeout", required_argument, NULL, OPT_GRADE_TIMEOUT },
	{ "jobe-keys", required_argument, NULL, OPT_JOBE_KEYS },
	{ "jobe-files-max", required_argument, NULL, OPT_JOBE_MAX },
	{ NULL, 0, NULL, 0 }
};

static int
on_extra(int val, const char *arg, void *ctx)
{
	struct graderd *g = ctx;

	switch (val) {
	case OPT_KEY_FILE:
		g->key_file = arg;
		return 0;
	case OPT_GRADE_SOCKET:
		g->grade_socket = arg;
		return 0;
	case OPT_GRADE_TIMEOUT:
		if (config_number(arg, 86400, &g->timeout_s) || g->timeout_s == 0)
			return fprintf(stderr, "--grade-timeout takes seconds, 1 to 86400\n"), -1;
		return 0;
	case OPT_JOBE_KEYS:
		g->jobe_keys_file = arg;
		return 0;
	case OPT_JOBE_MAX:
		if (config_number(arg, (unsigned long)-1 / 2, &g->jobe_files_max) ||
		    g->jobe_files_max < (1UL << 20))
			return fprintf(stderr, "--jobe-files-max takes bytes, at least 1 MiB\n"), -1;
		return 0;
	}
	return -1;
}

/* Reads the secret from FILE: one line of 16 to KEY_MAX printable bytes. 0 or -1. */
static int
read_key(const char *file, char key[KEY_MAX + 1])
{
	FILE *f = fopen(file, "re");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "assay-graderd: %s: %s\n", file, strerror(errno));
		return -1;
	}
	n = fread(key, 1, KEY_MAX, f);
	fclose(f);
	key[n] = '\0';
	key[strcspn(key, "\r\n")] = '\0';
	n = strlen(key);
	for (size_t i = 0; i < n; i++)
		if (key[i] <= ' ' || key[i] > '~')
			n = 0;
	if (n < 16) {
		fprintf(stderr, "assay-graderd: %s: the key must be one line of 16 to %d"
		    " printable characters without spaces\n", file, KEY_MAX);
		return -1;
	}
	return 0;
}

/* Does R carry the key? Constant time in the key's length. */
static int
key_ok(const struct graderd *g, const struct http_req *r)
{
	const char *got = http_param(r, "HTTP_X_ASSAY_GRADER_KEY");
	size_t n = strlen(g->key), m;
	unsigned char diff = 0;

	if (got == NULL)
		return 0;
	m = strlen(got);
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(g->key[i] ^ (i < m ? got[i] : 0));
	return diff == 0 && m == n;
}

/*
 * Hands JOB to a grading process, waiting at most WAIT_MS for a free one;
 * its fields into *OUT. 0; 503 or 504 with ERR; 429 when none was free in
 * time (the host is overloaded).
 */
static int
hand_over(const struct graderd *g, const json_t *job, int wait_ms, json_t **out, char *err,
    size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), rc;

	*out = NULL;
	memcpy(sa.sun_path, g->grade_path, sizeof(sa.sun_path));
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		snprintf(err, len, "no grading process answers at %.108s: %s", g->grade_path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return 503;
	}
	if ((rc = gradejob_hello(fd, wait_ms)) != 0) {
		snprintf(err, len, "%s", rc > 0 ? "every grading process of this host is busy" :
		    "the grading process did not take the job");
		close(fd);
		return rc > 0 ? 429 : 503;
	}
	if (gradejob_send(fd, job) != 0) {
		snprintf(err, len, "cannot hand the job over: %s", strerror(errno));
		close(fd);
		return 503;
	}
	rc = gradejob_recv(fd, GRADEJOB_MAX, (int)(g->timeout_s * 1000), out, err, len);
	close(fd);
	if (rc == 0)
		return 0;
	return strstr(err, "in time") ? 504 : 503;
}

/* POST /grader/grade. */
static void
grade(struct graderd *g, struct http_req *r)
{
	char *body = NULL, *text = NULL, err[512];
	size_t len, tlen = 0;
	json_t *req = NULL, *spec = NULL, *job = NULL, *fields = NULL;
	const char *hash, *inline_text;
	json_error_t je;
	int rc = http_read_body(r, GRADEJOB_MAX, &body, &len);

	if (rc != 0) {
		http_error(r, rc > 0 ? rc : 500, "the job cannot be read");
		return;
	}
	req = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	free(body);
	hash = json_string_value(json_object_get(req, "spec"));
	inline_text = json_string_value(json_object_get(req, "spec_text"));
	if (!json_is_object(req) || hash == NULL || !speccache_hash_valid(hash) ||
	    !json_is_object(json_object_get(req, "submission"))) {
		http_error(r, 400, "send {spec: SHA-256 of the spec's text, spec_text?, submission}");
		goto out;
	}
	if (inline_text != NULL) {
		rc = speccache_put(g->specs, hash, inline_text,
		    json_string_length(json_object_get(req, "spec_text")));
		if (rc == 1) {
			http_error(r, 400, "spec_text is not the text of the spec %s", hash);
			goto out;
		}
		if (rc < 0)
			log_msg(r->rid, "%s: cannot keep spec %s: %s", g->specs, hash, strerror(errno));
	}
	rc = speccache_get(g->specs, hash, &text, &tlen);
	if (rc < 0 && inline_text == NULL) {
		log_msg(r->rid, "%s: spec %s: %s", g->specs, hash, strerror(errno));
		http_error(r, 500, "cannot read the spec (request %s)", r->rid);
		goto out;
	}
	if (rc == 1 && inline_text == NULL) {
		json_t *miss = json_pack("{s:s, s:s}", "error", "this grader does not hold the spec",
		    "missing", "spec");

		http_reply(r, 409, miss);
		json_decref(miss);
		goto out;
	}
	spec = text ? json_loadb(text, tlen, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je) :
	    json_loads(inline_text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	job = json_pack("{s:O?, s:O, s:O?}", "spec", spec, "submission",
	    json_object_get(req, "submission"), "what", json_object_get(req, "what"));
	if (job == NULL) {
		http_error(r, 500, "out of memory (request %s)", r->rid);
		goto out;
	}
	if ((rc = hand_over(g, job, (int)(g->timeout_s * 1000), &fields, err, sizeof(err))) != 0) {
		log_msg(r->rid, "%s", err);
		http_error(r, rc, "%s", err);
		goto out;
	}
	http_reply(r, 200, fields);
out:
	free(text);
	json_decref(fields);
	json_decref(job);
	json_decref(spec);
	json_decref(req);
}

/* PUT or HEAD /grader/specs/HASH. */
static void
specs(struct graderd *g, struct http_req *r, const char *hash)
{
	char *body = NULL, *text = NULL;
	size_t len;
	int rc;

	if (!speccache_hash_valid(hash)) {
		http_error(r, 404, "no such spec: a spec is named by its SHA-256, in hex");
		return;
	}
	if (strcmp(r->method, "HEAD") == 0) {
		rc = speccache_get(g->specs, hash, &text, &len);
		free(text);
		http_begin(r, rc == 0 ? 204 : rc == 1 ? 404 : 500, "application/json", NULL);
		return;
	}
	if ((rc = http_read_body(r, GRADEJOB_MAX, &body, &len)) != 0) {
		http_error(r, rc > 0 ? rc : 500, "the spec cannot be read");
		return;
	}
	rc = speccache_put(g->specs, hash, body, len);
	free(body);
	if (rc == 1)
		http_error(r, 400, "the body's SHA-256 is not %s", hash);
	else if (rc < 0)
		http_error(r, 500, "cannot keep the spec: %s", strerror(errno));
	else
		http_begin(r, 204, "application/json", NULL);
	if (rc == 0 && rand() % 64 == 0)
		speccache_trim(g->specs, SPECCACHE_MAX_BYTES);
}

/* Sends A, a Jobe answer. */
static void
jobe_send(struct http_req *r, const struct jobe_answer *a)
{
	http_begin(r, a->status, a->type ? a->type : JOBE_JSON, a->headers);
	if (a->body && strcmp(r->method, "HEAD") != 0)
		http_write(r, a->body, a->body_len);
}

/* Grades RUN (jobe.h) on this host's grading processes; its answer into A. */
static void
jobe_grade(struct graderd *g, struct http_req *r, struct jobe_run *run, struct jobe_answer *a)
{
	json_t *job = json_pack("{s:O, s:O, s:s}", "spec", run->spec, "submission",
	    run->submission, "what", "jobe run"), *fields = NULL;
	char err[512];
	int rc = job ? hand_over(g, job, JOBE_WAIT_MS, &fields, err, sizeof(err)) : 500;

	if (rc == 429) {
		jobe_overload(a);
	} else if (rc != 0) {
		json_t *f = json_pack("{s:s, s:s}", "label", "MiscError", "log", rc == 500 ?
		    "out of memory" : err);

		log_msg(r->rid, "jobe run: %s", rc == 500 ? "out of memory" : err);
		jobe_result_json(run, f, a);
		json_decref(f);
	} else {
		/* The fields as stored name the label "status"; jobe.h reads "label". */
		json_object_set(fields, "label", json_object_get(fields, "status"));
		jobe_result_json(run, fields, a);
	}
	json_decref(fields);
	json_decref(job);
}

/* Anything under /jobe/: Jobe's REST API. */
static void
jobe(struct graderd *g, struct http_req *r)
{
	struct jobe_answer a = { 0 };
	struct jobe_run run = { 0 };
	char *body = NULL;
	size_t len = 0;
	int rc = 0;

	if (r->content_length > (long)JOBE_BODY_MAX) {
		jobe_too_large(&a);
		jobe_send(r, &a);
		jobe_answer_clear(&a);
		return;
	}
	if (r->content_length > 0 && (rc = http_read_body(r, JOBE_BODY_MAX, &body, &len)) != 0) {
		http_error(r, rc > 0 ? rc : 500, "the request's body cannot be read");
		return;
	}
	struct jobe_req q = {
		.method = r->method, .path = r->path,
		.api_key = http_param(r, "HTTP_X_API_KEY"),
		.address = http_param(r, "REMOTE_ADDR") ? http_param(r, "REMOTE_ADDR") : "",
		.body = body, .body_len = len, .now = (double)time(NULL),
	};

	if (jobe_request(&g->jobe, &q, &a, &run) == JOBE_GRADE)
		jobe_grade(g, r, &run, &a);
	jobe_send(r, &a);
	jobe_answer_clear(&a);
	jobe_run_clear(&run);
	free(body);
}

static void
handle(struct http_req *r, void *ctx)
{
	struct graderd *g = ctx;
	const char *p = r->path;

	if (strncmp(p, "/jobe/", 6) == 0) {
		jobe(g, r);
		return;
	}
	if (strncmp(p, "/grader/", 8) != 0) {
		http_error(r, 404, "no such endpoint: %.200s", p);
		return;
	}
	if (!key_ok(g, r)) {
		http_error(r, 401, "this grader answers its deployment's service only");
		return;
	}
	p += 8;
	if (strcmp(p, "grade") == 0 && strcmp(r->method, "POST") == 0)
		grade(g, r);
	else if (strncmp(p, "specs/", 6) == 0 && (strcmp(r->method, "PUT") == 0 ||
	    strcmp(r->method, "HEAD") == 0))
		specs(g, r, p + 6);
	else if (strcmp(p, "health") == 0 && strcmp(r->method, "GET") == 0) {
		json_t *ok = json_pack("{s:s}", "status", "ok");

		http_reply(r, 200, ok);
		json_decref(ok);
	} else
		http_error(r, 404, "no such endpoint: %s %.200s", r->method, r->path);
}

static int
init(void *ctx)
{
	(void)ctx;
	return 0;
}

int
main(int argc, char **argv)
{
	static struct graderd g = { .timeout_s = 300, .jobe_files_max = 1UL << 30 };
	struct prefork pf = { 0 };
	char err[512];
	int i;

	log_init("assay-graderd");
	if ((i = config_parse(argc, argv, &g.cfg, usage, extra, on_extra, &g)) < 0)
		return 2;
	if (i != argc || g.key_file == NULL) {
		fputs(usage, stderr);
		return 2;
	}
	if (read_key(g.key_file, g.key) != 0)
		return 1;
	if ((size_t)(g.grade_socket ? snprintf(g.grade_path, sizeof(g.grade_path), "%s",
	    g.grade_socket) : snprintf(g.grade_path, sizeof(g.grade_path), "%.96s/grade.sock",
	    g.cfg.rundir)) >= sizeof(g.grade_path) || (g.grade_socket == NULL &&
	    strlen(g.cfg.rundir) > 96)) {
		fprintf(stderr, "assay-graderd: the grading socket's path is too long for a"
		    " Unix socket (at most %zu bytes)\n", sizeof(g.grade_path) - 1);
		return 1;
	}
	snprintf(g.specs, sizeof(g.specs), "%s/specs", g.cfg.data);
	snprintf(g.jobe_files, sizeof(g.jobe_files), "%s/jobe-files", g.cfg.data);
	snprintf(g.jobe_rates, sizeof(g.jobe_rates), "%s/jobe-rates", g.cfg.data);
	for (const char *d = g.specs; d; d = d == g.specs ? g.jobe_files :
	    d == g.jobe_files ? g.jobe_rates : NULL)
		if (mkdir(d, 0700) != 0 && errno != EEXIST) {
			fprintf(stderr, "assay-graderd: %s: %s\n", d, strerror(errno));
			return 1;
		}
	if (g.jobe_keys_file && jobe_keys_load(g.jobe_keys_file, &g.keys, err, sizeof(err))) {
		fprintf(stderr, "assay-graderd: %s\n", err);
		return 1;
	}
	jobe_langs_probe(&g.langs);
	g.jobe.langs = &g.langs;
	g.jobe.files_dir = g.jobe_files;
	g.jobe.files_max = g.jobe_files_max;
	g.jobe.keys = g.keys;
	g.jobe.rate_dir = g.jobe_rates;
	pf.socket_path = g.cfg.socket;
	pf.children = g.cfg.children;
	pf.init = init;
	pf.handle = handle;
	pf.ctx = &g;
	return prefork_run(&pf);
}
