/*
 * form.h - parsers for the untrusted text of an HTTP request: query strings,
 * application/x-www-form-urlencoded bodies and Cookie headers.
 *
 * These functions see attacker-controlled bytes and are fuzzed
 * (tests/fuzz/fuzz_form.c). They never allocate more than the input's size,
 * never read past the given length, and treat malformed escapes as errors
 * rather than guessing.
 */
#ifndef ASSAY_FORM_H
#define ASSAY_FORM_H

#include <stddef.h>

#include <jansson.h>

/*
 * Decodes percent escapes of IN (INLEN bytes) into OUT, which must hold
 * INLEN + 1 bytes; with PLUS, '+' becomes a space (form encoding). The result
 * is NUL-terminated. Returns the decoded length, or -1 when an escape is
 * malformed ("%4", "%zz") or decodes to a NUL byte.
 */
long form_decode(const char *in, size_t inlen, char *out, int plus);

/*
 * Finds field KEY in the form- or query-encoded DATA (LEN bytes): the first
 * "key=value" pair whose decoded key is KEY. On success returns 0 and a
 * malloc'd, decoded, NUL-terminated value in *VALUE (caller frees). Returns 1
 * when there is no such field, -1 when the pair is malformed or on ENOMEM.
 */
int form_get(const char *data, size_t len, const char *key, char **value);

/*
 * Finds cookie NAME in the Cookie header HEADER ("a=1; b=2"). On success
 * returns 0 and copies the value (quotes removed, not decoded) into OUT
 * (OUTLEN bytes, NUL-terminated). Returns 1 when absent, -1 when the value
 * does not fit.
 */
int form_cookie(const char *header, const char *name, char *out, size_t outlen);

/*
 * The next "key=value" pair of the form- or query-encoded DATA (LEN bytes)
 * from *POS on (start at 0); *POS moves past it. Empty pairs are skipped; a
 * key without "=" has the value "". Returns 0 with malloc'd, decoded,
 * NUL-terminated *KEY and *VALUE (caller frees both), 1 when there are no
 * more pairs, -1 when a pair is malformed or on ENOMEM (both NULL then).
 */
int form_next(const char *data, size_t len, size_t *pos, char **key, char **value);

/* A submission's form holds at most this many pairs (form_submission()). */
#define FORM_PAIRS_MAX 4096

/*
 * A submission sent as an HTML form (application/x-www-form-urlencoded),
 * as the JSON body POST /api/submissions takes, so that both are checked
 * by the same code afterwards:
 *   exercise=ID&language=L&code=TEXT      -> {exercise, language, code}
 *   exercise=ID&quiz=1&answer.Q=A&...     -> {exercise, answers: {Q: [A...]}}
 * A form is a quiz's when it has a field "quiz" or any "answer.Q" field.
 * An "answer.Q" field may repeat (a multiple-choice question's boxes): its
 * values are collected in the order sent, then sorted (a set of labels, as
 * the page's script sends it); empty values are dropped (an empty fill-in
 * box, which the script leaves out too), so an unanswered question is [] if
 * it is named at all. CR LF in the code becomes LF (browsers send a text
 * area's lines with CR LF). exercise, language, code and quiz may appear
 * once each; another field is refused. Every value must be UTF-8.
 *
 * Returns 0 with a new object in *OUT (caller decrefs), or -1 with a
 * sentence for the student in ERR (ERRLEN bytes) and *OUT NULL (a
 * malformed pair, an unknown or repeated field, text not UTF-8, more than
 * FORM_PAIRS_MAX pairs, or ENOMEM).
 */
int form_submission(const char *data, size_t len, json_t **out, char *err, size_t errlen);

/*
 * Is PATH a place on this site that a redirect may send a browser to: a
 * path ("/c/hello.html"), never a URL to another site? It must start with
 * one "/" (not "//" nor "/\", which browsers take for another host), and
 * hold no control byte, no backslash and no "%" (so nothing decodes into
 * one of those later), at most 1024 bytes. 1 or 0. Bytes outside ASCII
 * are allowed: page_redirect() percent-encodes them.
 */
int form_target_ok(const char *path);

#endif
