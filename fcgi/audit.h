/*
 * audit.h - the audit log: who did what, from where, when.
 *
 * One entry per login, failed login and staff action, in the store's
 * "audit" database (store.h), time-ordered; shown by GET /api/staff/audit
 * and `assay audit`. The actions: login, login-failed, regrade, cancel,
 * export, printout, user-add, user-change, user-import, extra-time (`assay
 * user extra-time`), exam-extend (a timed exam's more time, by staff),
 * similarity-reviewed, similarity-case, similarity-clear (a similarity
 * pair's mark, by staff) (staffq_action_valid()). Writing an entry is a transaction of its own:
 * its failure is the caller's to log, and never undoes the action.
 */
#ifndef ASSAY_AUDIT_H
#define ASSAY_AUDIT_H

#include <time.h>

#include "fcgi/store.h"

/*
 * Writes an entry at NOW: LOGIN (who), ADDRESS (from where; may be NULL),
 * ACTION, and a detail formatted from FMT (at most 1 KiB). A store result.
 */
int audit_log(struct store *s, time_t now, const char *login, const char *address,
    const char *action, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
