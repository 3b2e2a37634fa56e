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

#endif
