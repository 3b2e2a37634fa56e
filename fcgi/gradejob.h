/*
 * gradejob.h - one grading as it crosses from one process to another: a
 * job (an exercise's spec, as the JSON sitegen wrote, and a submission) in,
 * the result's fields out.
 *
 * The local worker grades a job it read from the store (assay-worker.c);
 * a grader host's grading processes (assay-worker --serve) take jobs from
 * its FastCGI front (assay-graderd.c) over a Unix socket, one connection a
 * job: the grading process that takes the connection first writes one byte
 * (GRADEJOB_HELLO: it is free and the job is its own; a front that waits
 * too long for it knows the host is overloaded), then frames go as
 *
 *   4 bytes: the length N of the JSON text, big-endian (at most GRADEJOB_MAX)
 *   N bytes: the JSON text (a job one way, the result's fields the other)
 *
 * A job is {"spec": {...the spec's JSON...}, "submission": {"language",
 * "code"?, "answers"?, "login"?}}. The result's fields are what a stored
 * record takes: {"status", "score", "report", "tests", "key", "log"?}.
 */
#ifndef ASSAY_GRADEJOB_H
#define ASSAY_GRADEJOB_H

#include <stddef.h>

#include <jansson.h>

#include "sandbox/engine/engine.h"
#include "sandbox/format/grade.h"

/* The byte a grading process writes when it takes a job's connection. */
#define GRADEJOB_HELLO 'R'

/* The largest frame: a spec may carry databases of 8 MiB as base64. */
#define GRADEJOB_MAX (48u << 20)

/*
 * The fields to store of RES (which keeps what it owns): a new object, or
 * NULL when memory runs out. A MiscError without a report gets the line
 * students see ("The platform failed..."); "log" only when RES has one.
 */
json_t *gradejob_fields(const struct grade_result *res);

/*
 * Grades SUB (a submission's JSON) against SPEC (a spec's JSON) with the
 * engine as EC says. Always gives fields (a spec or submission that cannot
 * be read is a MiscError saying why in "log"); NULL only when memory runs
 * out. WHAT names the job in the log line of a MiscError ("submission 12").
 */
json_t *gradejob_run(const struct engine_config *ec, const json_t *spec, const json_t *sub,
    const char *what);

/*
 * Writes J as one frame to FD (blocking). 0, or -1 with errno (EMSGSIZE
 * when its text is over GRADEJOB_MAX).
 */
int gradejob_send(int fd, const json_t *j);

/*
 * Reads one frame from FD into *OUT (a new reference), waiting at most
 * TIMEOUT_MS in all (-1: for ever). 0; or -1 with a message in ERR: the
 * peer closed, the time ran out, the frame is over MAX bytes, or its text
 * is not a JSON object.
 */
int gradejob_recv(int fd, size_t max, int timeout_ms, json_t **out, char *err, size_t errlen);

/*
 * Waits at most TIMEOUT_MS for GRADEJOB_HELLO on FD. 0; 1 when it did not
 * come in time; -1 when FD closed or gave another byte.
 */
int gradejob_hello(int fd, int timeout_ms);

#endif
