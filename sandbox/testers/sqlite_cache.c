/* sqlite_cache.c - the answer's tables kept between gradings; see
 * sqlite_cache.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/sqlite_cache.h"

struct entry {
	char *id, *answer, *out;
	size_t dblen, len;
	uint64_t dbhash;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry entries[SQLITE_CACHE_ENTRIES];
static size_t next;		/* the entry replaced next */

uint64_t
sqlite_cache_hash(const void *db, size_t len)
{
	const unsigned char *p = db;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static int
matches(const struct entry *e, const char *id, const char *answer, size_t dblen,
    uint64_t dbhash)
{
	return e->out != NULL && e->dblen == dblen && e->dbhash == dbhash &&
	    strcmp(e->id, id) == 0 && strcmp(e->answer, answer) == 0;
}

char *
sqlite_cache_get(const char *id, const char *answer, size_t dblen,
    uint64_t dbhash, size_t *len)
{
	char *copy = NULL;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SQLITE_CACHE_ENTRIES; i++) {
		const struct entry *e = &entries[i];

		if (!matches(e, id, answer, dblen, dbhash))
			continue;
		if ((copy = malloc(e->len + 1)) != NULL) {
			memcpy(copy, e->out, e->len + 1);
			*len = e->len;
		}
		break;
	}
	pthread_mutex_unlock(&lock);
	return copy;
}

void
sqlite_cache_put(const char *id, const char *answer, size_t dblen,
    uint64_t dbhash, const char *out, size_t len)
{
	struct entry e = { strdup(id), strdup(answer), malloc(len + 1), dblen, len,
	    dbhash };

	if (e.id == NULL || e.answer == NULL || e.out == NULL) {
		free(e.id);
		free(e.answer);
		free(e.out);
		return;
	}
	memcpy(e.out, out, len);
	e.out[len] = '\0';
	pthread_mutex_lock(&lock);
	free(entries[next].id);
	free(entries[next].answer);
	free(entries[next].out);
	entries[next] = e;
	next = (next + 1) % SQLITE_CACHE_ENTRIES;
	pthread_mutex_unlock(&lock);
}
