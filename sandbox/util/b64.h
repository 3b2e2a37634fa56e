/*
 * b64.h - base64 (RFC 4648, with padding, no line breaks): how a spec
 * carries binary files in JSON text (the sqlite-query tester's databases:
 * sitegen encodes them, the tester decodes them).
 */
#ifndef ASSAY_B64_H
#define ASSAY_B64_H

#include <stddef.h>

/*
 * The base64 text of the N bytes of P, NUL-terminated, its length in
 * *OUTLEN (may be NULL). malloc'd (the caller frees it), or NULL on ENOMEM.
 */
char *b64_encode(const void *p, size_t n, size_t *outlen);

/*
 * The bytes of the base64 text S (N bytes), NUL-terminated, their number
 * in *OUTLEN. malloc'd (the caller frees it), or NULL when S is not base64
 * (a character outside the alphabet, a length that is not a multiple of 4,
 * misplaced padding) or on ENOMEM.
 */
char *b64_decode(const char *s, size_t n, size_t *outlen);

#endif
