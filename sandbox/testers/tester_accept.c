/*
 * tester_accept.c - the accept tester (Codex's): the submission is only
 * recorded, for the staff to grade by hand; nothing runs, nothing is
 * compared.
 *
 * No options, no tests. The code may be in any language the page names
 * (`sh`, `latex`...), which this grader need not know (engine.c lets this
 * tester take any language of its spec: env->lang is NULL). The label is
 * Accepted, as Codex gives it, with score 1 (what the gradebook counts
 * until the staff decide otherwise), and the report says plainly that
 * nobody's program checked the code: it was recorded for grading by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/testers/tester.h"
#include "sandbox/util/buf.h"
#include "sandbox/util/errmsg.h"

int
tester_accept(const struct tester_env *env, struct grade_result *out, char *log,
    size_t loglen)
{
	struct buf rep = BUF_INIT;

	buf_printf(&rep, "Your submission was recorded (%zu bytes). It is not"
	    " checked automatically: it will be graded by hand.\n",
	    env->sub->code_len);
	if (tester_finish(out, LABEL_ACCEPTED, 1, buf_steal(&rep), NULL) == -1) {
		errmsg_set(log, loglen, "accept: out of memory");
		return -1;
	}
	return 0;
}
