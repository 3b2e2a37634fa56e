/*
 * file.h - reading a file whole: a course's page, a spec's source, a
 * submission handed to bin/assay-grade, a CSV of users; or a small file of
 * the kernel's (a cgroup's counter, /proc/PID/stat) into a caller's buffer;
 * and writing a new file whole (a box's files, the run cache's entries).
 */
#ifndef ASSAY_FILE_H
#define ASSAY_FILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Reads the whole file at PATH (any bytes, NULs included) into a malloc'd
 * buffer, NUL-terminated, the NUL not counted in *LEN. Returns 0 with *OUT
 * (the caller frees it), or -1 with errno set and *OUT NULL.
 */
int file_read(const char *path, char **out, size_t *len);

/*
 * Reads at most LEN - 1 bytes of the file at PATH, with one read(2) (the
 * kernel's files give their whole text at once), into BUF, NUL-terminated.
 * Returns 0, or -1 with errno set.
 */
int file_read_small(const char *path, char *buf, size_t len);

/*
 * Writes LEN bytes of DATA to a new file NAME under the directory DIR (a
 * descriptor, or AT_FDCWD), never following a link nor replacing a file,
 * with mode MODE exactly (not masked by the umask). Returns 0, or -1 with
 * errno set; a file begun and not finished is left as it is.
 */
int file_write_new(int dir, const char *name, mode_t mode, const void *data, size_t len);

#endif
