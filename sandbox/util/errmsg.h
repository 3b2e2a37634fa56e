/*
 * errmsg.h - the one-line error message of a failing function of the engine.
 *
 * The engine's functions that can fail take a caller's buffer ERR of ERRLEN
 * bytes and, on failure, write one line there saying what and why ("jail:
 * open_tree /srv/box-0: No such file or directory"); the caller logs it or
 * shows it. errmsg_set() is that write, truncating to fit.
 */
#ifndef ASSAY_ERRMSG_H
#define ASSAY_ERRMSG_H

#include <stddef.h>

/* Formats FMT into ERR (ERRLEN bytes, NUL-terminated). ERR may be NULL or
 * ERRLEN 0: the message is then dropped. */
void errmsg_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
