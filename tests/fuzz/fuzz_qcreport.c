/*
 * fuzz_qcreport.c - libFuzzer harness for the quickcheck runner's report
 * parser (sandbox/qc/qc_report.h), which the grader applies to what comes
 * out of the jail: the runner shares its box with the student's code.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour": a report that
 * parses has at most QC_REPORT_MAX_PROPS properties, every property a name
 * and a known result, no string longer than the input; written back with
 * qc_report_put() it parses to the same fields.
 *
 * Build and run (from the repository root):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     tests/fuzz/fuzz_qcreport.c sandbox/qc/qc_report.c sandbox/util/errmsg.c \
 *     -o /tmp/fuzz_qcreport
 *   /tmp/fuzz_qcreport -max_total_time=60 tests/fuzz/seeds/fuzz_qcreport
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/qc/qc_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
put(char **b, size_t *l, size_t *c, const char *key, const char *v)
{
	if (qc_report_put(b, l, c, key, v, v ? strlen(v) : 0) == -1)
		abort();
}

static void
putu(char **b, size_t *l, size_t *c, const char *key, unsigned v)
{
	char n[16];

	snprintf(n, sizeof(n), "%u", v);
	put(b, l, c, key, n);
}

/* Writes R back in the runner's format. */
static char *
write_back(const struct qc_report *r, size_t *len)
{
	char *b = NULL, n[32];
	size_t l = 0, c = 0;

	put(&b, &l, &c, "assay-qc", "1");
	snprintf(n, sizeof(n), "%llu", r->seed);
	put(&b, &l, &c, "seed", n);
	if (r->error)
		put(&b, &l, &c, "error", r->error);
	for (size_t i = 0; i < r->nprops; i++) {
		const struct qc_report_prop *p = &r->props[i];
		const char *texts[] = { p->call, p->expected, p->got, p->fault, p->output };
		const char *keys[] = { "call", "expected", "got", "fault", "output" };

		put(&b, &l, &c, "property", p->name);
		put(&b, &l, &c, "result", qc_result_name(p->result));
		putu(&b, &l, &c, "tests", p->tests);
		putu(&b, &l, &c, "signal", (unsigned)p->signal);
		putu(&b, &l, &c, "shrink-stopped", p->shrink_stopped);
		for (size_t k = 0; k < 5; k++)
			if (texts[k] != NULL)
				put(&b, &l, &c, keys[k], texts[k]);
		put(&b, &l, &c, "end", NULL);
	}
	put(&b, &l, &c, "done", NULL);
	*len = l;
	return b;
}

static int
same_str(const char *a, const char *b)
{
	return (a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qc_report r, again;
	char err[256], *text;
	size_t len;

	if (qc_report_parse((const char *)data, size, &r, err, sizeof(err)) == -1)
		return 0;
	if (r.nprops > QC_REPORT_MAX_PROPS)
		abort();
	for (size_t i = 0; i < r.nprops; i++) {
		const struct qc_report_prop *p = &r.props[i];

		if (p->name == NULL || (unsigned)p->result >= QC_RES__COUNT ||
		    strlen(p->name) > size || (p->input && strlen(p->input) > size))
			abort();
	}
	text = write_back(&r, &len);
	if (qc_report_parse(text, len, &again, err, sizeof(err)) == -1)
		abort();
	if (again.nprops != r.nprops || again.seed != r.seed || !again.done ||
	    !same_str(again.error, r.error))
		abort();
	for (size_t i = 0; i < r.nprops; i++)
		if (!same_str(again.props[i].name, r.props[i].name) ||
		    again.props[i].result != r.props[i].result ||
		    again.props[i].tests != r.props[i].tests ||
		    again.props[i].shrink_stopped != r.props[i].shrink_stopped ||
		    !same_str(again.props[i].got, r.props[i].got) ||
		    !same_str(again.props[i].output, r.props[i].output))
			abort();
	free(text);
	qc_report_free(&again);
	qc_report_free(&r);
	return 0;
}
