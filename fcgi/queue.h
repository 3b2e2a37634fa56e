/*
 * queue.h - the grading queue, kept in the store beside the submissions.
 *
 * store_submit() queues every new submission in the same transaction that
 * stores it. A grader takes one with queue_claim(), which leases it: the
 * queue entry records who took it (boot id, pid and start time of the
 * grader's process) and until when. queue_finish() writes the result into
 * the submission and removes the entry, in one transaction, only if the
 * lease is still the caller's; so a submission is graded exactly once.
 *
 * A lease is void, and the entry can be taken again, when its deadline has
 * passed, or when it was taken on this machine by a process that no longer
 * runs (a grader killed with SIGKILL, a reboot: the boot id changed). Nothing
 * accepted is lost. A submission whose grading was started QUEUE_MAX_ATTEMPTS
 * times without finishing is finished as MiscError instead of being tried
 * forever (it is probably what kills the grader).
 */
#ifndef ASSAY_QUEUE_H
#define ASSAY_QUEUE_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

#include "fcgi/store.h"

#define QUEUE_MAX_ATTEMPTS 3

struct queue_lease {
	char boot_id[40];	/* /proc/sys/kernel/random/boot_id */
	int32_t pid;
	uint64_t start;		/* the process's start time, in clock ticks */
	int64_t deadline;	/* unix time after which the lease is void */
	uint32_t attempt;	/* 1 for the first grading of the entry */
};

/*
 * Fills L for the calling process, with a deadline TTL seconds from now.
 * Returns 0, or -1 when /proc cannot be read.
 */
int queue_lease_self(struct queue_lease *l, unsigned ttl);

/*
 * Is L still held at NOW: deadline not passed, and if it was taken on this
 * machine, its process still running?
 */
int queue_lease_alive(const struct queue_lease *l, time_t now);

/*
 * Takes the next submission that is waiting or whose lease is void, and
 * leases it to ME (ME->attempt is set). The order is fair: each student's
 * oldest waiting submission in turn (round-robin over students, a round
 * at a time), then regrades (queue_requeue()), oldest first. Returns
 * STORE_OK with its id and a new reference to its record (with its code),
 * or STORE_NOTFOUND when there is nothing to take. *WAITING (may be NULL)
 * gets about how many entries wait after this one (entries being graded
 * past the first waiting one are counted too), so the caller can wake
 * another grader.
 */
int queue_claim(struct store *s, struct queue_lease *me, uint64_t *id,
    json_t **record, size_t *waiting);

/*
 * Stores the result FIELDS (an object merged into the record: status, score,
 * report, tests, ...) of submission ID and removes it from the queue, if ME
 * still holds its lease. STORE_NOTFOUND when it does not (another grader took
 * it over; the result is dropped).
 */
int queue_finish(struct store *s, uint64_t id, const struct queue_lease *me,
    json_t *fields);

/*
 * Puts submission ID back in the queue (for re-evaluation), waiting, after
 * every student's live work; its result no longer counts in its owner's
 * summary until it is graded again. The result it had is appended to the
 * record's "history" ({status, score, valid, graded, report}); when the new
 * one comes (queue_finish()), "changed": {from, to} is set if the label
 * differs, removed if not. STORE_NOTFOUND when there is no such submission;
 * one that waits already is left as it is (STORE_OK).
 */
int queue_requeue(struct store *s, uint64_t id);

/*
 * A regrade job: queue_requeue() of the N submissions IDS, in one
 * transaction, as job *JOB (a new number) started by BY at NOW; each record
 * carries "regrading": JOB until its new result comes. Submissions that
 * wait already, or do not exist, are left out: *TOTAL counts those put
 * back. store_job_get() (store.h) tells the progress.
 */
int queue_regrade(struct store *s, const uint64_t *ids, size_t n, const char *by, time_t now,
    uint64_t *job, size_t *total);

/*
 * Cancels JOB: every submission still waiting in it is taken out of the
 * queue and gets its previous result back (the last of its history, which
 * is removed); one a grader holds now is left to finish. *RESTORED (may be
 * NULL) counts those taken back. STORE_NOTFOUND when there is no such job.
 */
int queue_cancel(struct store *s, uint64_t job, size_t *restored);

/*
 * Gives back ME's lease of ID (a grader that cannot store its result): the
 * entry waits again in its place and this grading does not count as an
 * attempt. STORE_NOTFOUND when ME does not hold it.
 */
int queue_release(struct store *s, uint64_t id, const struct queue_lease *me);

/* How many entries wait and how many are leased. */
int queue_count(struct store *s, size_t *waiting, size_t *leased);

#endif
