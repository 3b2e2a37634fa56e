/*
 * log.h - one line per event on standard error, for the operator.
 *
 * Lines look like
 *   2026-11-21T23:38:17Z assay-submissions[4242] r=1f2e3d4c: message
 * (the time in UTC, isotime.h). The program name is set once with
 * log_init(); the request id, when there is one, is passed by the caller
 * (without one the line has no " r=..." part). Standard error is expected to
 * go to a log file (assay serve redirects it) or to the journal.
 */
#ifndef ASSAY_LOG_H
#define ASSAY_LOG_H

/* Sets the program name shown in every line (not copied: keep it alive). */
void log_init(const char *progname);

/* Writes one line; RID is a request id or NULL. */
void log_msg(const char *rid, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
