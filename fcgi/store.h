/*
 * store.h - everything the service keeps, in one LMDB environment.
 *
 * The environment lives in DATA/db/ (data.mdb, lock.mdb) and holds these
 * named databases:
 *   users     login -> JSON {"role", "hash", "created", "name"?,
 *             "disabled"?, "extra_minutes"?, "extra_factor"?}
 *   sessions  SHA-256 of the token (32 bytes) -> JSON {"login", "expires"}
 *   subs      id (8 bytes, big-endian) -> submission record: "\0AS", a
 *             flags byte (1: code follows; 2: compressed), the length of
 *             the JSON (4 bytes, big-endian), then the record's JSON
 *             without "code" and the code's bytes as they are; compressed
 *             (when that is smaller, from 256 bytes on), the length of both
 *             (4 bytes) and their zlib stream instead. A record written by
 *             an earlier version is its whole JSON ('{...'): every form is
 *             read, the compressed or plain one is written.
 *   bylogin   login NUL exercise NUL id (8 bytes, big-endian) -> empty:
 *             a user's submissions, oldest first
 *   summary   login NUL exercise -> JSON {"best", "score", "submissions",
 *             "last"}: the best label (Evaluating until one is graded), the
 *             best score, how many, the newest id; kept in the transactions
 *             that submit, finish and regrade
 *   queue     id (8 bytes, big-endian) -> lease (queue.h); empty when waiting
 *   sched     the grading order of the queue's entries (store_private.h):
 *             class, round, id -> the owner's login (live work) or empty
 *   waiting   login NUL id -> sched key: a user's live submissions not yet
 *             graded
 *   rate      login NUL time (8 bytes) id (8 bytes) -> empty: a user's
 *             submissions of the last minute (older ones pruned on submit)
 *   subidx    id (8 bytes) -> the submission's index entry, what a staff
 *             list shows and filters on without reading the record: label,
 *             from-label, flags (valid, scored, regraded, changed), the
 *             regrade job (8 bytes), received (8), score (a double's 8
 *             bytes), then login NUL exercise NUL language NUL; written by
 *             store_put_sub(), so in every transaction that writes a record
 *   byex      exercise NUL id (8 bytes) -> empty: submissions by exercise
 *             (a folder "c/" is a range of these keys)
 *   jobs      job (8 bytes) -> JSON {"created", "by", "total",
 *             "cancelled"}; job and "i" -> the job's ids (8 bytes each)
 *   audit     time (8 bytes, seconds) and a sequence number (8 bytes) ->
 *             JSON {"time", "login", "address", "action", "detail"}
 *   examstart exam NUL login -> start (8 bytes, seconds), more time given
 *             during the exam (8 bytes, seconds): written once by
 *             store_exam_start() (store_exam.c opens it by name)
 *   simmark   exercise NUL a NUL b (a < b) -> JSON {"mark", "by", "time",
 *             "note"}: staff's marks on similarity pairs (store_simmark.c
 *             opens it by name)
 *   meta      "next-id" -> 8 bytes, big-endian; "round" -> the grading
 *             round reached (8 bytes); "next-job", "next-audit" likewise;
 *             "schema" -> "3" once the indexes of an earlier version's
 *             store were built (on open: "2" lacks subidx and byex)
 *
 * The map (the most the file may grow to) and a reserve are sizes of the
 * store (struct store_size): a submission is refused (STORE_FULL) when
 * less than the reserve, plus 16 KiB for each queued submission's result,
 * is left in the map or on the disk, so the graders can still store the
 * results of what was accepted.
 *
 * Every change is one LMDB write transaction, made durable (fsync) before
 * the call returns: a submission, its index entry and its queue entry are
 * committed together or not at all.
 *
 * LMDB environments must not cross fork(): open the store in the process
 * that uses it (after forking). A store is used by one thread at a time.
 *
 * Returns: 0 (STORE_OK), STORE_NOTFOUND, STORE_EXISTS, or STORE_ERROR, after
 * which store_error() says what went wrong (for the log, not for clients).
 */
#ifndef ASSAY_STORE_H
#define ASSAY_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "fcgi/auth.h"

#define STORE_OK 0
#define STORE_NOTFOUND 1
#define STORE_EXISTS 2
#define STORE_REFUSED 3	/* a store_submit() check said no */
#define STORE_FULL 4	/* the map or the disk is within the reserve (or full) */
#define STORE_ERROR (-1)

#define STORE_ROLE_MAX 16
#define STORE_NAME_MAX 128

struct store;

struct store_user {
	char login[AUTH_LOGIN_MAX + 1];
	char role[STORE_ROLE_MAX];	/* "student", "staff" or "admin" */
	char hash[AUTH_HASH_MAX];	/* crypt(3) string */
};

/* What a user's record holds besides (store_user_info()). */
struct store_user_info {
	char name[STORE_NAME_MAX];	/* the full name, or "" */
	int disabled;			/* may not log in */
	long extra_minutes;		/* more time in timed exams */
	double extra_factor;		/* their duration times this (0: none) */
};

/* Is ROLE one of the three roles? Does it see every submission (staff, admin)? */
int store_role_valid(const char *role);
int store_role_staff(const char *role);

/*
 * Opens (creating if needed) the store under DATADIR/db. On failure returns
 * STORE_ERROR with a message in ERR. Clears reader slots left by processes
 * that died. Builds what an earlier version's store lacks (summaries, the
 * grading order) once, in one transaction. The sizes are store_size_default().
 */
int store_open(const char *datadir, struct store **out, char *err, size_t errlen);

struct store_size {
	uint64_t map;		/* bytes the store may grow to; 0: the default */
	uint64_t reserve;	/* bytes kept for results; 0: the default */
};

/*
 * The default sizes for a store under DATADIR, in SZ, where it is 0:
 * $ASSAY_MAP_SIZE and $ASSAY_STORE_RESERVE (bytes, or with K, M, G) when
 * set; else the map is what the store holds plus 90% of the disk's free
 * space, at least 16 MiB and at most 16 GiB, and the reserve a twentieth of
 * the map, at least 256 KiB and at most 1 GiB.
 */
void store_size_default(const char *datadir, struct store_size *sz);

/* Parses a size: a number of bytes, or with K, M or G (powers of 1024). 0 or -1. */
int store_size_parse(const char *text, uint64_t *out);

/* store_open() with the sizes in SZ (NULL or 0 fields: the defaults). */
int store_open_sized(const char *datadir, const struct store_size *sz, struct store **out,
    char *err, size_t errlen);

/* How much of the store is used. */
struct store_use {
	uint64_t used;		/* bytes of the map in use (high-water mark) */
	uint64_t map;		/* the map's size */
	uint64_t reserve;
	uint64_t disk_free;	/* bytes free on the store's filesystem */
	size_t submissions;	/* records */
	size_t queued;		/* queue entries */
	int full;		/* would a submission get STORE_FULL now? */
};
int store_use(struct store *s, struct store_use *u);

/* Closes S; S may be NULL. */
void store_close(struct store *s);

/* What the last failed call of S went wrong with. Never NULL. */
const char *store_error(const struct store *s);

/*
 * Adds N users in one transaction. An existing login is replaced when
 * REPLACE, else left alone and counted in *SKIPPED. *ADDED counts new and
 * replaced users. Either may be NULL.
 */
int store_user_add(struct store *s, const struct store_user *users, size_t n,
    int replace, size_t *added, size_t *skipped);

/* Looks LOGIN up. STORE_NOTFOUND when there is no such user. */
int store_user_get(struct store *s, const char *login, struct store_user *out);

/*
 * All users, as a new JSON array of {"login", "role", "created", "name",
 * "disabled", "extra_minutes", "extra_factor" (1 when none)}.
 */
int store_user_list(struct store *s, json_t **out);

/* LOGIN's name, whether disabled, extra minutes. STORE_NOTFOUND when no such user. */
int store_user_info(struct store *s, const char *login, struct store_user_info *out);

/*
 * Adds or replaces the N users USERS in one transaction, keeping what a
 * replaced user had besides its role and hash ("created", "disabled",
 * "extra_minutes"; "name" unless NAMES gives one). NAMES (may be NULL, or
 * hold NULL or "") are the users' full names. *ADDED counts the new,
 * *UPDATED the replaced (either may be NULL).
 */
int store_user_put(struct store *s, const struct store_user *users,
    const char *const *names, size_t n, size_t *added, size_t *updated);

/*
 * Changes LOGIN's record: the members of CHANGES ("role", "name",
 * "disabled", "extra_minutes", "hash") replace the record's. *OUT (may be
 * NULL) gets the record as it is after, without "hash" (new reference).
 * STORE_NOTFOUND when there is no such user.
 */
int store_user_change(struct store *s, const char *login, const json_t *changes,
    json_t **out);

/* Records a session for LOGIN until EXPIRES. */
int store_session_add(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN],
    const char *login, time_t expires);

/*
 * The login of a session that has not expired at NOW. STORE_NOTFOUND when
 * there is no such session or it has expired.
 */
int store_session_get(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN],
    time_t now, char login[AUTH_LOGIN_MAX + 1]);

/* Ends a session. STORE_NOTFOUND when there was none. */
int store_session_del(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN]);

/* Removes sessions expired at NOW; *REMOVED (may be NULL) counts them. */
int store_session_purge(struct store *s, time_t now, size_t *removed);

/*
 * Called by store_submit() inside its transaction with the number of
 * submissions LOGIN already made to EXERCISE, so that an attempt limit holds
 * even against concurrent submissions. It may change RECORD (mark it
 * invalid). Returns 0 to store it, non-zero to refuse (STORE_REFUSED).
 */
typedef int store_check_fn(json_t *record, size_t previous, void *ctx);

/*
 * Stores a new submission and queues it for grading, in one transaction.
 * RECORD must hold string fields "login" and "exercise"; its "id" is set to
 * the new id, which is also returned in *ID. RECORD is not stolen. CHECK (may
 * be NULL) decides first, with CTX. STORE_FULL when the store has no more
 * than its reserve left (nothing is written).
 */
int store_submit(struct store *s, json_t *record, store_check_fn *check, void *ctx,
    uint64_t *id);

/* What store_submit_admit() counts for its check, inside its transaction. */
struct store_counts {
	size_t previous;	/* LOGIN's submissions to EXERCISE so far */
	size_t waiting;		/* LOGIN's live submissions not graded yet */
	size_t recent;		/* LOGIN's submissions in the 60 s before NOW */
	time_t oldest;		/* when the oldest of those was received */
};

/*
 * Decides on RECORD from the counts C (it may mark RECORD invalid); 0 to
 * store it, non-zero to refuse (STORE_REFUSED): the reason is CTX's.
 */
typedef int store_admit_fn(json_t *record, const struct store_counts *c, void *ctx);

/*
 * store_submit() with a check that sees every count a per-user limit
 * needs, NOW being the time of the request. The fullness check comes first.
 */
int store_submit_admit(struct store *s, json_t *record, time_t now, store_admit_fn *admit,
    void *ctx, uint64_t *id);

/* The record of submission ID (with its code), as a new reference in *OUT. */
int store_submission_get(struct store *s, uint64_t id, json_t **out);

/*
 * LOGIN's submissions, newest first, at most MAX of them, as a new JSON array
 * of records without their code in *OUT; only those for EXERCISE unless it is
 * NULL. *TOTAL (may be NULL) gets how many there are in all.
 */
int store_submission_list(struct store *s, const char *login, const char *exercise,
    size_t max, json_t **out, size_t *total);

/* store_submission_list() from the OFFSET-th newest on: a page of the history. */
int store_submission_page(struct store *s, const char *login, const char *exercise,
    size_t offset, size_t max, json_t **out, size_t *total);

/*
 * LOGIN's summaries: a new object {exercise: {best, score, submissions,
 * last}} in *OUT, one small record read per exercise.
 */
int store_summary_list(struct store *s, const char *login, json_t **out);

/* LOGIN's summary for EXERCISE in *OUT (new reference); STORE_NOTFOUND if none. */
int store_summary_get(struct store *s, const char *login, const char *exercise, json_t **out);

/*
 * Replaces the record of submission ID by RECORD (whose "id" must match),
 * and its owner's summary with it. Used by administrative commands; graders
 * use queue_finish().
 */
int store_submission_put(struct store *s, uint64_t id, json_t *record);


/*
 * ---- What staff see (store_staff.c): the index of submissions, regrade
 * jobs, the audit log ----
 *
 * A list reads the index entries (subidx, byex, bylogin), never the
 * records: each is a few dozen bytes. The source of a list is the smallest
 * index that the filter allows: LOGIN's keys in bylogin, an exercise's (or
 * a folder's range of) keys in byex, else every entry.
 */

/* A submission's index entry, as a list or a scan sees it. */
struct store_subinfo {
	uint64_t id;
	uint64_t job;		/* the regrade job it waits in, or 0 */
	time_t received;
	double score;		/* when has_score */
	int label;		/* enum label (sandbox/format/label.h) */
	int from;		/* the label before the last regrade, when changed */
	int valid, has_score, regraded, changed;
	/* NUL-terminated, valid until the callback returns (inside the store). */
	const char *login, *exercise, *language;
};

/* Which submissions. store_filter_init() sets "any" everywhere. */
struct store_filter {
	const char *exercise;	/* an id, or a folder ending in '/' (its range); NULL: any */
	const char *login;	/* NULL: any */
	const char *language;	/* NULL: any */
	int label;		/* -1: any */
	int valid;		/* -1: any; 0: invalid only; 1: valid only */
	time_t from, to;	/* received at or after FROM, at or before TO; 0: open */
};
void store_filter_init(struct store_filter *f);

/* Does SI pass F? */
int store_filter_match(const struct store_filter *f, const struct store_subinfo *si);

enum store_sort {
	STORE_SORT_RECEIVED, STORE_SORT_ID, STORE_SORT_LOGIN, STORE_SORT_EXERCISE,
	STORE_SORT_STATUS, STORE_SORT_SCORE, STORE_SORT_LANGUAGE
};

/*
 * A page of the submissions F selects, sorted by SORT (then by id), DESC or
 * not: from the OFFSET-th, at most MAX, as a new JSON array in *OUT of
 * {id, login, exercise, language, received, status, valid, score,
 * regraded, changed: null | {from, to}}; *TOTAL gets how many F selects.
 */
int store_staff_list(struct store *s, const struct store_filter *f, enum store_sort sort,
    int desc, size_t offset, size_t max, json_t **out, size_t *total);

/*
 * Calls FN(si, CTX) for every submission F selects (F may be NULL), in one
 * read transaction: by id, or BY_LOGIN by login, then exercise, then id
 * (one student after another, for a gradebook streamed a row at a time).
 * A non-zero return of FN stops the scan and is returned.
 */
typedef int store_subinfo_fn(const struct store_subinfo *si, void *ctx);
int store_subinfo_scan(struct store *s, const struct store_filter *f, int by_login,
    store_subinfo_fn *fn, void *ctx);

/* Submission ID's index entry; STORE_NOTFOUND if none. Strings are copied in BUF. */
int store_subinfo_get(struct store *s, uint64_t id, struct store_subinfo *si,
    char *buf, size_t buflen);

/* A regrade job (queue.h starts and cancels them), with its progress. */
struct store_job {
	uint64_t job;
	size_t total;		/* submissions put back in the queue */
	size_t done;		/* of those, graded again (or taken back by a cancel) */
	size_t changed;		/* of those graded, how many got another label */
	int cancelled, finished;
	time_t created;
	char by[AUTH_LOGIN_MAX + 1];
};

/* Job JOB and its progress (one index read per submission). */
int store_job_get(struct store *s, uint64_t job, struct store_job *out);

/* The audit log: one entry per login, failed login and staff action. */
int store_audit_add(struct store *s, time_t when, const char *login, const char *address,
    const char *action, const char *detail);

struct store_audit_filter {
	const char *login, *action;	/* NULL: any */
	time_t from, to;		/* 0: open */
};

/*
 * A page of the entries F selects, newest first, as a new JSON array of
 * {time, login, address, action, detail}; *TOTAL gets how many.
 */
int store_audit_list(struct store *s, const struct store_audit_filter *f, size_t offset,
    size_t max, json_t **out, size_t *total);

/*
 * ---- Sessions by login and login throttling (store_auth.c) ----
 *
 * Kept apart from the functions above. Two more things live in the
 * environment:
 *   sessions  records made by store_session_begin() also hold "created"
 *   throttle  "login:" LOGIN or "addr:" ADDRESS -> struct auth_throttle as
 *             20 bytes (failures: 4, last: 8, until: 8, big-endian)
 */

/* ---- Timed exams (store_exam.c) ---- */

/*
 * Records that LOGIN starts exam EXAM at NOW, unless a start is recorded:
 * a second call never moves it. *START gets the recorded start, *ADDED
 * the seconds staff gave during the exam, *FRESH (may be NULL) 1 when
 * this call wrote the start.
 */
int store_exam_start(struct store *s, const char *exam, const char *login, time_t now,
    time_t *start, long *added, int *fresh);

/* LOGIN's start of EXAM and the seconds added; STORE_NOTFOUND when not started. */
int store_exam_get(struct store *s, const char *exam, const char *login, time_t *start,
    long *added);

/*
 * Gives LOGIN SECONDS more in EXAM (added to what was given); *ADDED gets
 * the total. STORE_NOTFOUND when LOGIN has not started it.
 */
int store_exam_extend(struct store *s, const char *exam, const char *login, long seconds,
    long *added);

/* Who started EXAM: a new JSON object {login: [start, added]} in *OUT. */
int store_exam_list(struct store *s, const char *exam, json_t **out);

/* The id under which a session is shown and revoked: 12 hex digits of its digest. */
#define STORE_SESSION_ID_LEN 12

/*
 * Records a session for LOGIN, made at CREATED, until EXPIRES, in one
 * transaction with a check that LOGIN's password hash is still HASH, the one
 * just checked: STORE_REFUSED when it changed (or the user is gone) since,
 * so that a password change racing a login cannot leave a session behind.
 */
int store_session_begin(struct store *s, const unsigned char digest[AUTH_DIGEST_LEN],
    const char *login, const char *hash, time_t created, time_t expires);

/*
 * LOGIN's sessions that have not expired at NOW, as a new JSON array in *OUT
 * of {"id", "created" (absent for sessions older than the field), "expires"},
 * by creation.
 */
int store_session_list(struct store *s, const char *login, time_t now, json_t **out);

/*
 * Ends LOGIN's session whose id (STORE_SESSION_ID_LEN hex digits) is ID, or
 * all of LOGIN's sessions when ID is NULL, expired or not. *REMOVED (may be
 * NULL) counts them; none is not an error.
 */
int store_session_revoke(struct store *s, const char *login, const char *id,
    size_t *removed);

/*
 * Ends every session of the N logins LOGINS (in any order), in one
 * transaction: after their passwords changed. *REMOVED (may be NULL) counts.
 */
int store_session_revoke_logins(struct store *s, const char *const *logins, size_t n,
    size_t *removed);

/* The longest throttle key: "login:" and a login as the client sent it, cut. */
#define STORE_THROTTLE_KEY_MAX 80

/*
 * The records of the N keys KEYS, read in one transaction, into OUT (all
 * zero for a key with none).
 */
int store_throttle_get(struct store *s, const char *const *keys, size_t n,
    struct auth_throttle *out);

/*
 * Counts a failure at NOW for each of the N keys KEYS under KINDS[i]
 * (auth_throttle_fail), in one transaction; OUT (may be NULL) gets the
 * records as they are after it.
 */
int store_throttle_fail(struct store *s, const char *const *keys,
    const enum auth_throttle_kind *kinds, size_t n, time_t now, struct auth_throttle *out);

/* Forgets KEY's failures (a successful login). None is not an error. */
int store_throttle_clear(struct store *s, const char *key);

/*
 * Deletes the records that no longer matter at NOW (auth_throttle_stale);
 * *REMOVED (may be NULL) counts them.
 */
int store_throttle_purge(struct store *s, time_t now, size_t *removed);

/*
 * ---- Similarity marks (store_simmark.c) ----
 *
 * Staff's verdict on a pair of the similarity report, in a database the
 * module opens by name:
 *   simmark   exercise NUL a NUL b (a < b by strcmp) -> JSON {"mark":
 *             "reviewed" or "case", "by", "time" (ISO 8601), "note"}
 * A pair is the same whichever way it is named. STORE_NOTFOUND also for a
 * key that cannot be one (an empty or too long exercise or login).
 */

/* Is MARK one a pair may carry ("reviewed", "case")? 1 or 0. */
int store_simmark_valid(const char *mark);

/*
 * Records MARK on the pair A, B of EXERCISE, by BY at NOW with NOTE (may
 * be NULL), replacing any; MARK NULL removes the pair's mark (none is not
 * an error). STORE_NOTFOUND for a mark that is not valid.
 */
int store_simmark_set(struct store *s, const char *exercise, const char *a, const char *b,
    const char *mark, const char *by, time_t now, const char *note);

/*
 * The mark of the pair A, B of EXERCISE as a new JSON object in *OUT
 * {"a", "b" (a < b), "mark", "by", "time", "note"}; STORE_NOTFOUND (and
 * *OUT NULL) when it has none.
 */
int store_simmark_get(struct store *s, const char *exercise, const char *a, const char *b,
    json_t **out);

/*
 * Every marked pair of EXERCISE: a new JSON object in *OUT, keyed "A B"
 * (a < b, one space; logins hold none), of objects as store_simmark_get()
 * gives.
 */
int store_simmark_list(struct store *s, const char *exercise, json_t **out);

#endif
