/*
 * exercise_sqlite.h - an exercise page of Codex's sqlite-query tester
 * turned into its spec's options; the counterpart of the engine's
 * sandbox/testers/tester_sqlite.c, which grades them. The student writes
 * one SQL query; it runs on each database and its table must be the
 * answer's.
 *
 *   tester: sqlite-query
 *   language: sql                 # the only language of this tester
 *   answer: |                     # the author's query (a ~~~ fence around
 *     ~~~                         # it, as Codex writes it, is dropped)
 *     select title from film order by title
 *     ~~~
 *   public-databases: [db/films.sqlite]   # globs, relative to the page
 *   private-databases: db/hidden.sql      # ([] or absent: none)
 *   ignore-order: yes             # rows compared as a multiset (default no)
 *   compare-column-names: yes     # Assay's own: the columns' names must be
 *                                 # the answer's too (default: ignored)
 * Codex's `databases` (its update tester's name) is read as
 * public-databases; giving both is an error. At least one database is
 * needed. A database is an SQLite file (its first bytes must say so) or,
 * when its name ends in .sql, a script that makes one: run here, in
 * memory, and the database it made is what the spec carries. The files go
 * into options.databases [{"name", "public", "data": base64}], public ones
 * first, each glob's matches in natural order; at most
 * EXERCISE_SQLITE_MAX bytes of databases in all. The answer is prepared on
 * each database at build time, so that a query that does not compile there
 * (a typo, a table the database lacks) or that would write is an error of
 * the page, not a MiscError of every submission.
 *
 * A private database (or script) is a grading file: never published. A
 * public one is a dependency of the page (a change rebuilds it) and may be
 * offered for download with `attachments:`.
 */
#ifndef SITEGEN_EXERCISE_SQLITE_H
#define SITEGEN_EXERCISE_SQLITE_H

#include "sandbox/format/spec.h"
#include "sitegen/exercise.h"
#include "sitegen/page.h"

/* The most bytes of databases an exercise's spec carries. */
#define EXERCISE_SQLITE_MAX (8L << 20)

/* "sql" when NAME (any case) names SQL, else NULL. */
const char *exercise_sqlite_language(const char *name);

/*
 * Reads P's sqlite-query fields into S's options, reporting each mistake to
 * C's diags at its field; marks the private databases as grading files and
 * the public ones as dependencies.
 */
void exercise_sqlite_build(const struct page *p, struct spec *s,
    const struct exercise_ctx *c);

#endif
