/*
 * staffq.h - the staff API's parameters, parsed and checked at the edge:
 * the query strings of the submissions list, the gradebook and the audit
 * log, and the "filter" object of a regrade (untrusted text: fuzzed by
 * tests/fuzz/fuzz_staffq.c).
 *
 * Submissions: exercise=ID|FOLDER/ login=L label=LABEL valid=yes|no
 * from=TIME to=TIME language=LANG sort=received|id|login|exercise|status|
 * score|language order=desc|asc page=N (1-based). Times are ISO 8601 UTC to
 * the second ("2026-11-21T23:38:17Z") or a date ("2026-11-21": from its
 * start; as "to", to its end). Audit: login=L action=A from=T to=T page=N.
 * Gradebook: policy=best|last|last-valid|printout invalid=count|ignore
 * exercise=ID|FOLDER/ format=json|csv (the printout: no format); an empty
 * value is the default.
 *
 * A bad parameter is refused with a message naming it in ERR (for a 400).
 * The strings the filters point to belong to the struct: staffq_free().
 */
#ifndef ASSAY_STAFFQ_H
#define ASSAY_STAFFQ_H

#include <stddef.h>

#include <jansson.h>

#include "fcgi/gradebook.h"
#include "fcgi/store.h"

#define STAFFQ_PAGE_MAX 1000000

struct staffq {
	struct store_filter f;
	struct store_audit_filter audit;
	enum store_sort sort;
	int desc;
	size_t page;		/* 1-based */
	char *strs[8];		/* what the filters point to */
	size_t nstrs;
};

/* Parses the submissions list's QUERY (LEN bytes) into Q. 0, or -1 with ERR. */
int staffq_submissions(const char *query, size_t len, struct staffq *q, char *err,
    size_t errlen);

/* Parses the filter object of a regrade (same keys, string values). 0 or -1. */
int staffq_filter_json(const json_t *obj, struct staffq *q, char *err, size_t errlen);

/* Parses the audit log's QUERY. 0 or -1. */
int staffq_audit(const char *query, size_t len, struct staffq *q, char *err, size_t errlen);

/* The gradebook's and the printout's parameters, with their defaults. */
struct staffq_grades {
	enum gradebook_policy policy;	/* default best (printout: printout) */
	enum gradebook_invalid invalid;	/* default ignore */
	int csv;			/* format=csv (default json) */
	char exercise[256];		/* "" when none */
};

/*
 * Parses the gradebook's QUERY, or the printout's when PRINTOUT (no format;
 * the policy's default is printout). 0, or -1 with ERR.
 */
int staffq_grades(const char *query, size_t len, int printout, struct staffq_grades *g,
    char *err, size_t errlen);

/* Is ACTION one of the audit log's actions (store.h)? */
int staffq_action_valid(const char *action);

/* An ISO 8601 UTC time or date; END: a date means its last second. 0 or -1. */
int staffq_time(const char *text, int end, time_t *out);

void staffq_free(struct staffq *q);

#endif
