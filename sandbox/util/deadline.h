/*
 * deadline.h - the monotonic clock in ms, and waiting on a descriptor until
 * a moment, not for a time: the worker's HTTP client to the grader hosts
 * (fcgi/httpc.c) and the frames between a grader front and its grading
 * processes (fcgi/gradejob.c) each take several reads and writes that must
 * all end by one deadline; the jail's supervisor times runs by it.
 *
 *   long long end = deadline_after(5000);
 *   while (...) { if (deadline_wait(fd, POLLIN, end) != 1) break; read(...); }
 */
#ifndef ASSAY_DEADLINE_H
#define ASSAY_DEADLINE_H

/* Now on the monotonic clock, in ms. */
long long deadline_now(void);

/* The deadline MS from now; -1 (none) when MS is negative. */
long long deadline_after(int ms);

/*
 * Waits until FD has one of EVENTS (or an error, or a hang-up) or DEADLINE
 * (deadline_now()'s clock; -1: none) has passed; a signal does not end the
 * wait. Returns 1 ready, 0 late (errno ETIMEDOUT), -1 on poll's error.
 */
int deadline_wait(int fd, short events, long long deadline);

#endif
