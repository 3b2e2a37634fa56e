/* gradejob.c - a grading between processes; see gradejob.h. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/util/deadline.h"
#include "fcgi/gradejob.h"
#include "fcgi/log.h"
#include "sandbox/format/spec.h"

json_t *
gradejob_fields(const struct grade_result *res)
{
	json_t *fields;

	/* "key" always, null when none: a key of an earlier grading must not stay. */
	fields = json_pack("{s:s, s:f, s:s, s:O, s:O?}",
	    "status", label_name(res->status), "score", res->score,
	    "report", res->report ? res->report :
	    (res->status == LABEL_MISC_ERROR ? "The platform failed to grade this submission; "
	    "staff can see why. It is not your fault." : ""),
	    "tests", res->tests ? res->tests : json_array(), "key", res->key);
	if (fields && res->log && json_object_set_new(fields, "log", json_string(res->log))) {
		json_decref(fields);
		return NULL;
	}
	return fields;
}

/* A MiscError's fields, saying WHY in the log. */
static json_t *
misc_error(const char *what, const char *why)
{
	struct grade_result res = { 0 };
	json_t *f;

	res.status = LABEL_MISC_ERROR;
	res.log = (char *)why;
	log_msg(NULL, "%s: MiscError: %s", what, why);
	f = gradejob_fields(&res);
	return f;
}

json_t *
gradejob_run(const struct engine_config *ec, const json_t *spec_json, const json_t *sub,
    const char *what)
{
	const char *language = json_string_value(json_object_get(sub, "language"));
	json_t *code = json_object_get(sub, "code"), *answers = json_object_get(sub, "answers");
	struct grade_result res = { 0 };
	struct spec *spec = NULL;
	json_t *fields;
	char err[512];

	if (language == NULL || (!json_is_string(code) && !json_is_object(answers)))
		return misc_error(what, "the submission lacks language, or code or answers");
	if (!json_is_object(spec_json) || spec_from_json(spec_json, &spec, err, sizeof(err))) {
		char why[600];

		snprintf(why, sizeof(why), "its spec cannot be read: %s",
		    json_is_object(spec_json) ? err : "not an object");
		return misc_error(what, why);
	}
	struct grade_submission s = {
		.language = language,
		.code = json_string_value(code),
		.code_len = json_is_string(code) ? json_string_length(code) : 0,
		.login = json_string_value(json_object_get(sub, "login")),
		.answers = json_is_object(answers) ? answers : NULL,
	};

	if (engine_grade(ec, spec, &s, &res) != 0) {
		spec_free(spec);
		grade_result_clear(&res);
		return misc_error(what, "the engine ran out of memory");
	}
	if (res.status == LABEL_MISC_ERROR)
		log_msg(NULL, "%s (%s): MiscError: %s", what, spec->id ? spec->id : "?",
		    res.log ? res.log : "no reason given");
	fields = gradejob_fields(&res);
	grade_result_clear(&res);
	spec_free(spec);
	return fields;
}

/* Writes all LEN bytes of BUF to FD. */
static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
gradejob_send(int fd, const json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	unsigned char head[4];
	size_t n;
	int rc;

	if (text == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if ((n = strlen(text)) > GRADEJOB_MAX) {
		free(text);
		errno = EMSGSIZE;
		return -1;
	}
	head[0] = (unsigned char)(n >> 24);
	head[1] = (unsigned char)(n >> 16);
	head[2] = (unsigned char)(n >> 8);
	head[3] = (unsigned char)n;
	rc = write_all(fd, (const char *)head, 4) || write_all(fd, text, n) ? -1 : 0;
	free(text);
	return rc;
}

/* Milliseconds on the monotonic clock. */
/* Reads LEN bytes into BUF by DEADLINE (deadline.h; -1: none). 0, 1 on end of file, -1. */
static int
read_all(int fd, char *buf, size_t len, long long deadline)
{
	while (len > 0) {
		ssize_t n;

		if (deadline_wait(fd, POLLIN, deadline) != 1)
			return -1;	/* late: errno ETIMEDOUT */
		n = read(fd, buf, len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
gradejob_recv(int fd, size_t max, int timeout_ms, json_t **out, char *err, size_t errlen)
{
	long long deadline = deadline_after(timeout_ms);
	unsigned char head[4];
	json_error_t je;
	size_t n;
	char *text;
	int rc;

	*out = NULL;
	if ((rc = read_all(fd, (char *)head, 4, deadline)) != 0) {
		snprintf(err, errlen, "%s", rc > 0 ? "the other side closed without an answer" :
		    errno == ETIMEDOUT ? "no answer in time" : strerror(errno));
		return -1;
	}
	n = (size_t)head[0] << 24 | (size_t)head[1] << 16 | (size_t)head[2] << 8 | head[3];
	if (n > max || n > GRADEJOB_MAX) {
		snprintf(err, errlen, "a frame of %zu bytes, over the %zu allowed", n,
		    max < GRADEJOB_MAX ? max : (size_t)GRADEJOB_MAX);
		return -1;
	}
	if ((text = malloc(n + 1)) == NULL) {
		snprintf(err, errlen, "out of memory for a frame of %zu bytes", n);
		return -1;
	}
	if ((rc = read_all(fd, text, n, deadline)) != 0) {
		free(text);
		snprintf(err, errlen, "%s", rc > 0 ? "the frame ends early" :
		    errno == ETIMEDOUT ? "no answer in time" : strerror(errno));
		return -1;
	}
	*out = json_loadb(text, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	free(text);
	if (*out == NULL || !json_is_object(*out)) {
		snprintf(err, errlen, "the frame is not a JSON object%s%s", *out ? "" : ": ",
		    *out ? "" : je.text);
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int
gradejob_hello(int fd, int timeout_ms)
{
	long long deadline = deadline_after(timeout_ms);
	char c;
	int rc = read_all(fd, &c, 1, deadline);

	if (rc != 0)
		return rc < 0 && errno == ETIMEDOUT ? 1 : -1;
	return c == GRADEJOB_HELLO ? 0 : -1;
}
