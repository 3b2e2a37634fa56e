/*
 * qc_trial.c - one trial from start to end (qc__trial: the property, the
 * blocks' checks, the failure's report records) and a batch of random
 * trials (qc__batch), as the child and the in-process tests run them.
 */
#include <string.h>

#include "sandbox/qc/qc_impl.h"

static void
record_str(struct qc *qc, int tag, const char *s)
{
	if (s != NULL)
		qc__record(qc, tag, s, strlen(s));
}

int
qc__trial(struct qc *qc, const struct qc_property *p, int text)
{
	qc__trial_reset(qc);
	qc->text = qc->eager != NULL ? qc->eager->text : qc->own_text;
	qc->text_len = 0;
	if (qc->eager != NULL)
		qc->eager->text_len = 0;
	qc->prop = p;
	if (qc->nshared != NULL)
		*qc->nshared = 0;
	if (setjmp(qc->jb) == 0) {
		p->fn(qc);
		qc_check_blocks(qc);
	}
	qc__blocks_release(qc);
	if (text && (qc->status == QC_FAIL || qc->status == QC_AUTHOR)) {
		/* The failure's texts are in the arena, which formatting the
		 * shows may extend but not move; running out of memory there
		 * only shortens the report. */
		volatile int status = qc->status;
		volatile uint32_t site = qc->site;

		if (qc->eager == NULL && setjmp(qc->jb) == 0)
			qc__format_shows(qc, NULL, QC_TAG_INPUT, 0);
		record_str(qc, QC_TAG_EXPECTED, qc->expected);
		record_str(qc, QC_TAG_GOT, qc->got);
		record_str(qc, QC_TAG_MESSAGE, qc->message);
		if (setjmp(qc->jb) == 0)
			qc__format_shows(qc, NULL, 0, QC_TAG_NOTE);
		qc->status = status;
		qc->site = site;
	}
	return qc->status;
}

int
qc__batch(struct qc *qc, const struct qc_property *p, uint64_t seed,
    uint32_t prop_index, unsigned first, unsigned count, unsigned max_success,
    unsigned max_size, unsigned max_discard, volatile uint64_t *ticks,
    volatile uint32_t *passed_out, volatile uint32_t *discarded_out,
    unsigned *size)
{
	unsigned passed = 0, discarded = 0, since = 0;	/* rejected since a pass */
	uint32_t attempt = first;
	int st;

	for (;;) {
		if (passed >= count)
			return QC_PASS;
		if (discarded > max_discard)
			return QC_DISCARD;
		qc->random = 1;
		qc->size = qc__size_for(first + passed, since, max_success, max_size);
		qc__seed(qc, seed, prop_index, attempt++);
		*size = qc->size;
		*passed_out = passed;
		*discarded_out = discarded;
		if (ticks != NULL)
			(*ticks)++;
		st = qc__trial(qc, p, 1);
		if (st == QC_PASS) {
			passed++;
			since = 0;
		} else if (st == QC_DISCARD) {
			discarded++;
			since++;
		} else
			return st;
	}
}
