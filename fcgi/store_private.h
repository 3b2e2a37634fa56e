/*
 * store_private.h - what store.c shares with queue.c, and no one else.
 */
#ifndef ASSAY_STORE_PRIVATE_H
#define ASSAY_STORE_PRIVATE_H

#include <lmdb.h>

#include "fcgi/store.h"

struct store {
	MDB_env *env;
	MDB_dbi users, sessions, subs, bylogin, queue, meta;
	MDB_dbi sched, waiting, summary, rate;	/* see store.h */
	MDB_dbi subidx, byex, jobs, audit;	/* store.h, "What staff see" */
	uint64_t reserve;	/* bytes kept free for the graders' results */
	int mdb_rc;		/* the LMDB (or errno) code of the last failure */
	char dir[4096];		/* DATA/db */
	char error[256];
};

/* Sets S's error message from an LMDB code and what was being done. */
int store_fail(struct store *s, int rc, const char *what);

/* Begins a transaction of S: FLAGS 0 (read-write) or MDB_RDONLY. */
int store_txn_begin(struct store *s, unsigned flags, MDB_txn **txn);

/*
 * Ends read-write transaction TXN, whose work gave RC: commits it when RC is
 * STORE_OK (STORE_ERROR if the commit fails: then nothing was written), else
 * aborts it and returns RC. TXN is gone either way.
 */
int store_txn_end(struct store *s, MDB_txn *txn, int rc);

/*
 * Begins a transaction (FLAGS as for store_txn_begin) and opens a cursor on
 * DBI in it. On failure nothing is left open.
 */
int store_scan_begin(struct store *s, unsigned flags, MDB_dbi dbi, MDB_txn **txn,
    MDB_cursor **cur);

/* The 8-byte big-endian key of an id (KEY must hold 8 bytes). */
void store_id_key(uint64_t id, unsigned char key[8]);
uint64_t store_key_id(const unsigned char key[8]);

/* Reads the JSON value stored at KEY in DBI within TXN into *OUT. */
int store_get_json(struct store *s, MDB_txn *txn, MDB_dbi dbi, MDB_val *key, json_t **out);

/* Writes J at KEY in DBI within TXN. */
int store_put_json(struct store *s, MDB_txn *txn, MDB_dbi dbi, MDB_val *key, json_t *j);

/*
 * Submission records (subs). A record is stored as its JSON without the
 * code, then the code's bytes as they are (store.h); one written by an older
 * version is its whole JSON. store_get_sub() reads both, with the code
 * when CODE, else without it (a list needs no code); store_put_sub() writes
 * the new form.
 */
int store_get_sub(struct store *s, MDB_txn *txn, MDB_val *key, int code, json_t **out);
int store_put_sub(struct store *s, MDB_txn *txn, MDB_val *key, json_t *rec);

/*
 * The grading order (sched): a key is a class (0: a student's live work, 1:
 * a regrade), a round (big-endian 8 bytes), and the id. A live submission's
 * round is one after its owner's last waiting one, or the current round
 * (meta "round", the round of the last claimed entry) when it has none: so
 * claiming in key order takes each student's oldest waiting submission in
 * turn. A live entry's value is its owner's login (queue_claim() grades
 * one of a student's at a time; an older store's entries have none), a
 * regrade's is empty. "waiting" maps login NUL id to the sched key of a
 * live entry.
 */
#define STORE_SCHED_KEY 17
void store_sched_key(unsigned char key[STORE_SCHED_KEY], int regrade, uint64_t round,
    uint64_t id);

/*
 * Adds the sched entry of a regrade of ID by LOGIN (class 1: after all live
 * work; not in "waiting", so not counted against LOGIN), unless it still
 * waits as live work.
 */
int store_sched_regrade(struct store *s, MDB_txn *txn, const char *login, uint64_t id);

/* Removes ID's entries from sched and waiting (LOGIN: its owner, may be NULL). */
int store_sched_remove(struct store *s, MDB_txn *txn, const char *login, uint64_t id);

/* Marks round ROUND as reached (meta "round"), when it is later than the current one. */
int store_round_reached(struct store *s, MDB_txn *txn, uint64_t round);

/*
 * Folds the result of REC (status and score) into its owner's summary for
 * its exercise (store.h), within TXN.
 */
int store_summary_fold(struct store *s, MDB_txn *txn, const json_t *rec);

/*
 * Recomputes the summary of LOGIN's EXERCISE from every submission, within
 * TXN (after a result was taken back: a regrade, an edit).
 */
int store_summary_rebuild(struct store *s, MDB_txn *txn, const char *login,
    const char *exercise);

/*
 * Index entries (subidx, store.h): decodes V, the entry of ID, into SI,
 * whose strings point into V. 0, or -1 when V is not an entry.
 */
int store_subinfo_decode(const MDB_val *v, uint64_t id, struct store_subinfo *si);

/* The 8-byte key of meta NAME as a number (0 when absent), and its writing. */
int store_meta_u64(struct store *s, MDB_txn *txn, const char *name, uint64_t *out);
int store_meta_put_u64(struct store *s, MDB_txn *txn, const char *name, uint64_t n);

/* Writes a job's record within TXN (store.h's jobs). */
int store_job_put(struct store *s, MDB_txn *txn, uint64_t job, json_t *rec);

#endif
