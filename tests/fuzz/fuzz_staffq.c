/*
 * fuzz_staffq.c - libFuzzer harness for the staff API's parameters
 * (staffq.h): the submissions list's, the audit log's, the gradebook's and
 * the printout's query strings, and a regrade's filter object (the input parsed as JSON).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/staffq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct staffq q;
	struct staffq_grades g;
	char err[256];
	json_t *j;

	if (staffq_submissions((const char *)data, size, &q, err, sizeof(err)) == 0)
		staffq_free(&q);
	if (staffq_audit((const char *)data, size, &q, err, sizeof(err)) == 0)
		staffq_free(&q);
	staffq_grades((const char *)data, size, 0, &g, err, sizeof(err));
	staffq_grades((const char *)data, size, 1, &g, err, sizeof(err));
	if ((j = json_loadb((const char *)data, size, 0, NULL)) != NULL) {
		if (staffq_filter_json(j, &q, err, sizeof(err)) == 0)
			staffq_free(&q);
		json_decref(j);
	}
	return 0;
}
