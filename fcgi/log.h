/*
 * log.h - one line per event on standard error, for the operator.
 *
 * Lines look like
 *   2026-11-21T23:38:17Z assay-submissions[4242] r=1f2e3d4c: message
 * (the time in UTC, isotime.h). The program name is set once with
 * log_init(); the request id, when there is one, is passed by the caller
 * (without one the line has no " r=..." part). Standard error is expected to
 * go to a log file (assay serve redirects it) or to the journal.
 *
 * A message may carry what a client sent (a login, a path), so it is
 * escaped: a backslash becomes \\, newline, carriage return and tab \n \r
 * \t, every other control byte (ESC, DEL, the C1 controls) and every byte
 * that is not part of well-formed UTF-8 \xHH. A line is therefore always
 * one line, and a terminal showing the log obeys nothing in it.
 */
#ifndef ASSAY_LOG_H
#define ASSAY_LOG_H

#include <stddef.h>

/* Sets the program name shown in every line (not copied: keep it alive). */
void log_init(const char *progname);

/* Writes one line; RID is a request id or NULL. */
void log_msg(const char *rid, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Escapes the N bytes at IN as log_msg() does into OUT, MAX bytes with the
 * NUL (MAX > 0), cutting only between whole escapes. Returns the length
 * written, without the NUL.
 */
size_t log_escape(char *out, size_t max, const char *in, size_t n);

#endif
