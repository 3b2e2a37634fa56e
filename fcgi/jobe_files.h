/*
 * jobe_files.h - the file cache of the Jobe API (jobe.h): files that
 * clients PUT as base64 under an ID and that runs name in their file_list.
 *
 * A file is stored in the directory the caller names as DIR/ID, written to
 * a temporary file then renamed, so a reader never sees half of one. A
 * file's modification time is its last use (written or read for a run):
 * jobe_files_evict() removes the least recently used first. Nothing else is
 * kept: the cache may lose any file at any time, which clients expect (a
 * run naming a missing file gets a 404 and the client PUTs it again).
 *
 * The functions never print; they return -1 with errno set on a system
 * error.
 */
#ifndef ASSAY_JOBE_FILES_H
#define ASSAY_JOBE_FILES_H

#include <stddef.h>

/* The longest file ID accepted (the route's [A-Za-z0-9]+). */
#define JOBE_FILES_ID_MAX 128

/* Is ID a file ID: 1 to JOBE_FILES_ID_MAX letters or digits (ASCII)? 1 or 0. */
int jobe_files_id_ok(const char *id);

/*
 * Decodes the base64 text S (N bytes) as PHP's base64_decode() in strict
 * mode does: white space (space, tab, CR, LF) is skipped anywhere, padding
 * is optional but, when present, must complete the last group ("QQ==",
 * "QUE="), nothing but white space may follow it, and a last group of a
 * single character is an error. "" decodes to an empty file.
 * Returns 0 with the bytes in *OUT (malloc'd, NUL-terminated, the caller
 * frees it) and their number in *OUTLEN; 1 when S is not base64 (*OUT
 * NULL); -1 on ENOMEM.
 */
int jobe_files_b64(const char *s, size_t n, char **out, size_t *outlen);

/*
 * Stores the LEN bytes of DATA as file ID in DIR (created if missing,
 * mode 0700), replacing any file of that ID. Returns 0, or -1 (errno).
 */
int jobe_files_put(const char *dir, const char *id, const void *data, size_t len);

/* Is file ID in DIR's cache? 1 or 0. */
int jobe_files_exists(const char *dir, const char *id);

/*
 * The size of file ID in DIR in *SIZE: 0, 1 when there is no such file,
 * -1 on another error (errno).
 */
int jobe_files_size(const char *dir, const char *id, size_t *size);

/*
 * Reads file ID of DIR and marks it used now. Returns 0 with its bytes in
 * *DATA (malloc'd, NUL-terminated, the caller frees it) and their number in
 * *LEN; 1 when there is no such file; -1 on another error (errno).
 */
int jobe_files_get(const char *dir, const char *id, char **data, size_t *len);

/*
 * Removes the least recently used files of DIR until its files hold at
 * most MAX bytes (0: nothing is removed), never the file KEEP (may be NULL:
 * the one just stored, even when it alone is larger). Leftover temporary
 * files older than an hour go too. Returns the number of files removed, or
 * -1 when DIR cannot be read (errno).
 */
long jobe_files_evict(const char *dir, unsigned long long max, const char *keep);

#endif
