/*
 * sqlrun.h - the contract between assay-sqlrun (sqlrun.c, in the jail) and
 * the sqlite-query tester (tester_sqlite.c): its exit statuses. Its output
 * is described in sqlrun.c and read by sqlite_table.h.
 */
#ifndef ASSAY_SQLRUN_H
#define ASSAY_SQLRUN_H

#define SQLRUN_COMPILE 10	/* the query does not compile (SQLite's message) */
#define SQLRUN_REFUSED 11	/* not one read-only statement (why) */
#define SQLRUN_STEP 12		/* an error while stepping (SQLite's message) */
#define SQLRUN_FAILED 13	/* the run itself failed: usage, the database,
				   no memory */

#endif
