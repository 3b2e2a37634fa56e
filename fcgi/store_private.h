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

#endif
