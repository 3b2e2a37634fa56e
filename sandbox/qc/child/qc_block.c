/*
 * qc_block.c - guarded blocks: the memory handed to the function under
 * test (qc_alloc, qc_dup and the blocks of strings and arrays), each ending
 * at a page without access and starting after a pattern; qc_freeze's
 * copies, the checks after the property, and what a fault in a guard page
 * hit, said async-signal-safely for the child's fault handler.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "sandbox/qc/qc_impl.h"

#define CANARY_LEN	QC_CANARY_LEN
#define CANARY_BYTE	0xa5

/*
 * A block of SIZE bytes whose end touches a page without access, with
 * CANARY_LEN bytes of pattern before it, in the arena: up to a page (minus
 * the canary), a slot of the pool; larger, pages of its own past the pool
 * (and a guard page), given back after the trial.
 */
struct qc_block *
qc__block_new(struct qc *qc, size_t size, size_t elsize, int kind,
    const char *name)
{
	struct qc_block *b;
	unsigned char *end;

	if (qc->nblocks == QC_MAX_BLOCKS)
		qc__author(qc, "more than %d guarded blocks in one trial (each"
		    " string, array, qc_alloc and qc_dup is one, and so is a string"
		    " literal handed to the function): make the inputs smaller, or"
		    " keep many small elements in one block", QC_MAX_BLOCKS);
	b = &qc->blocks[qc->nblocks];
	memset(b, 0, sizeof(*b));
	if (size + CANARY_LEN <= qc->page) {
		unsigned char *slot = qc->arena + 2 * qc->nblocks * qc->page;

		/* The pool's slots are opened in order, each once per process. */
		while (qc->pool_open <= qc->nblocks) {
			if (mprotect(qc->arena + 2 * qc->pool_open * qc->page, qc->page,
			    PROT_READ | PROT_WRITE) == -1)
				qc__author(qc, "out of memory for a block of %zu bytes",
				    size);
			qc->pool_open++;
		}
		end = slot + qc->page;
	} else {
		size_t pool = QC_POOL_BYTES(qc->page), pages;
		unsigned char *at;

		if (size > QC_ARENA_SIZE - pool)
			qc__author(qc, "a block of %zu bytes is too large (at most"
			    " %zu MiB in one trial)", size, (QC_ARENA_SIZE - pool) >> 20);
		pages = (size + CANARY_LEN + qc->page - 1) / qc->page;
		if ((pages + 1) * qc->page > QC_ARENA_SIZE - pool - qc->big_used)
			qc__author(qc, "blocks of more than %zu MiB in one trial",
			    (QC_ARENA_SIZE - pool) >> 20);
		at = qc->arena + pool + qc->big_used;
		if (mmap(at, pages * qc->page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			qc__author(qc, "out of memory for a block of %zu bytes", size);
		b->maplen = (pages + 1) * qc->page;
		qc->big_used += b->maplen;
		end = at + pages * qc->page;
	}
	b->data = end - size;
	b->size = size;
	b->elsize = elsize ? elsize : 1;
	b->kind = kind;
	b->name = name;
	memset(b->data - CANARY_LEN, CANARY_BYTE, CANARY_LEN);
	qc->nblocks++;
	return b;
}

static struct qc_block *
block_find(struct qc *qc, const void *p)
{
	for (size_t i = 0; i < qc->nblocks; i++)
		if (qc->blocks[i].data == p)
			return &qc->blocks[i];
	return NULL;
}

/* N elements of SIZE bytes, checked for overflow. */
static size_t
array_bytes(struct qc *qc, size_t n, size_t size)
{
	if (size == 0 || n > ((size_t)1 << 40) / size)
		qc__author(qc, "a block of %zu elements of %zu bytes", n, size);
	return n * size;
}

void *
qc_alloc(struct qc *qc, size_t n, size_t size, const char *name)
{
	size_t bytes = array_bytes(qc, n, size);
	struct qc_block *b = qc__block_new(qc, bytes, size, QC_BLOCK_RAW,
	    qc__strdup(qc, name));

	memset(b->data, 0, bytes);
	return b->data;
}

void *
qc_dup(struct qc *qc, const void *p, size_t n, size_t size, const char *name)
{
	size_t bytes = array_bytes(qc, n, size);
	struct qc_block *b = qc__block_new(qc, bytes, size, QC_BLOCK_RAW,
	    qc__strdup(qc, name));

	if (bytes > 0)
		memcpy(b->data, p, bytes);
	return b->data;
}

void
qc_name(struct qc *qc, const void *block, const char *name)
{
	struct qc_block *b = block_find(qc, block);

	if (b == NULL)
		qc__author(qc, "qc_name: not a block from a generator or qc_alloc");
	b->name = qc__strdup(qc, name);
}

void
qc_freeze(struct qc *qc, const void *block)
{
	struct qc_block *b = block_find(qc, block);

	if (b == NULL)
		qc__author(qc, "qc_freeze: not a block from a generator or qc_alloc");
	b->frozen = qc__alloc(qc, b->size ? b->size : 1);
	memcpy(b->frozen, b->data, b->size);
}

static const char *
block_name(const struct qc_block *b)
{
	return b->name != NULL ? b->name : "the input";
}

/* The contents of B (or its frozen copy) as C, for a report. */
static const char *
block_text(struct qc *qc, const struct qc_block *b, const unsigned char *data)
{
	char buf[2048];
	size_t off = 0;

	switch (b->kind) {
	case QC_BLOCK_STRING:
		qc__fmt_str(buf, sizeof(buf), (const char *)data, strnlen((const char *)data, b->size));
		return qc__strdup(qc, buf);
	case QC_BLOCK_INTS:
		off += (size_t)snprintf(buf, sizeof(buf), "{");
		for (size_t i = 0; i * sizeof(int) < b->size && off < sizeof(buf); i++) {
			int v;

			memcpy(&v, data + i * sizeof(int), sizeof(v));
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%d",
			    i ? ", " : "", v);
		}
		if (off < sizeof(buf))
			snprintf(buf + off, sizeof(buf) - off, "}");
		return qc__strdup(qc, buf);
	default:
		return NULL;
	}
}

/* Checks the canaries and frozen copies; fails the trial at the first
 * block that was damaged. */
void
qc_check_blocks(struct qc *qc)
{
	for (size_t i = 0; i < qc->nblocks; i++) {
		struct qc_block *b = &qc->blocks[i];
		size_t at;

		for (at = 0; at < CANARY_LEN; at++)
			if ((b->data - CANARY_LEN)[at] != CANARY_BYTE)
				break;
		if (at < CANARY_LEN) {
			qc->message = qc__printf(qc, "the function wrote before the start"
			    " of %s (%zu byte%s before it)", block_name(b), CANARY_LEN - at,
			    CANARY_LEN - at == 1 ? "" : "s");
			qc__stop(qc, QC_FAIL, QC_SITE_BEFORE);
		}
		if (b->frozen != NULL && memcmp(b->frozen, b->data, b->size) != 0) {
			const char *was = block_text(qc, b, b->frozen);
			const char *now = block_text(qc, b, b->data);

			if (was != NULL && now != NULL)
				qc->message = qc__printf(qc, "the function modified %s, which"
				    " must not change: it was %s, it became %s", block_name(b),
				    was, now);
			else
				qc->message = qc__printf(qc, "the function modified %s, which"
				    " must not change", block_name(b));
			qc__stop(qc, QC_FAIL, QC_SITE_FROZEN);
		}
	}
}

void
qc__blocks_release(struct qc *qc)
{
	/* The large blocks' pages go back to the reserve, without access. */
	if (qc->big_used > 0)
		(void)mmap(qc->arena + QC_POOL_BYTES(qc->page), qc->big_used,
		    PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		    MAP_FIXED, -1, 0);
	qc->big_used = 0;
	qc->nblocks = 0;
}

/* Async-signal-safe appending, for the fault handler. */
static size_t
cat(char *buf, size_t len, size_t off, const char *s)
{
	while (*s != '\0' && off + 1 < len)
		buf[off++] = *s++;
	if (off < len)
		buf[off] = '\0';
	return off;
}

static size_t
catu(char *buf, size_t len, size_t off, size_t v)
{
	char d[24];
	size_t i = sizeof(d) - 1;

	d[i] = '\0';
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	return cat(buf, len, off, d + i);
}

size_t
qc__describe_fault(const struct qc *qc, uintptr_t addr, char *buf, size_t len)
{
	for (size_t i = 0; i < qc->nblocks; i++) {
		const struct qc_block *b = &qc->blocks[i];
		uintptr_t end = (uintptr_t)(b->data + b->size);
		const char *name = block_name(b);
		size_t off = 0, index;

		if (addr < end || addr >= end + qc->page)
			continue;
		index = (size_t)(addr - (uintptr_t)b->data) / b->elsize;
		if (b->kind == QC_BLOCK_STRING) {
			off = cat(buf, len, off, "read or wrote past the end of the string ");
			off = cat(buf, len, off, name);
			off = cat(buf, len, off, " (beyond the '\\0' that ends it, at index ");
			off = catu(buf, len, off, index);
			off = cat(buf, len, off, ")");
		} else {
			size_t n = b->size / b->elsize;

			off = cat(buf, len, off, "read or wrote ");
			off = cat(buf, len, off, name);
			off = cat(buf, len, off, "[");
			off = catu(buf, len, off, index);
			off = cat(buf, len, off, "], past the end of ");
			off = cat(buf, len, off, name);
			off = cat(buf, len, off, " (");
			off = catu(buf, len, off, n);
			off = cat(buf, len, off, n == 1 ? " element)" : " elements)");
		}
		return off;
	}
	return 0;
}
