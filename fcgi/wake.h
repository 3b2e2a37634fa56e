/*
 * wake.h - telling idle graders that there is work, without polling hard.
 *
 * A FIFO, RUNDIR/wake, carries one byte per nudge. The submission program
 * writes one after committing a submission; a grader blocks reading it (with
 * a timeout, so a lost nudge only delays grading by that long) and, when it
 * takes an entry while others still wait, nudges the next grader. The FIFO
 * is a hint: the queue in the store is the truth.
 */
#ifndef ASSAY_WAKE_H
#define ASSAY_WAKE_H

/*
 * Creates RUNDIR and the FIFO if needed and opens it for reading (also
 * holding a write end, so that the FIFO never reports end of file).
 * Returns the descriptor to poll(), or -1 with errno set.
 */
int wake_listen(const char *rundir);

/* Nudges one grader. Silent when none is listening. */
void wake_poke(const char *rundir);

/* Waits until nudged or MS milliseconds pass; drains pending nudges. */
void wake_wait(int fd, int ms);

#endif
