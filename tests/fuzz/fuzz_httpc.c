/*
 * fuzz_httpc.c - libFuzzer harness for the answers the worker reads from
 * the grader hosts' upstream (fcgi/httpc.c: httpc_parse()): the status,
 * the headers, a Content-Length that must fit; the body must lie inside
 * what came.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/httpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1), err[128];
	struct httpc_answer a;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (httpc_parse(buf, size, &a, err, sizeof(err)) == 0) {
		if (a.status < 100 || a.status > 599 || a.body < buf ||
		    a.body + a.body_len > buf + size)
			abort();
		volatile char sink = 0;

		for (size_t i = 0; i < a.body_len; i++)
			sink ^= a.body[i];
		(void)sink;
	}
	free(buf);
	return 0;
}
