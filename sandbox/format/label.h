/*
 * label.h - the verdicts a grading can end with.
 *
 * A label is the `status` field of a submission (see DESIGN.md). The enum is
 * ordered worst first, so the verdict of a run of several tests is the
 * numerically smallest label among them that is not LABEL_ACCEPTED, which
 * label_worse() computes. Evaluating is not a verdict: it is the state of a
 * submission that is queued or being graded.
 *
 * Names are the exact strings of the HTTP API; label_name() and label_parse()
 * convert both ways and are the only place those strings are written.
 */
#ifndef ASSAY_LABEL_H
#define ASSAY_LABEL_H

enum label {
	LABEL_EVALUATING = 0,
	LABEL_MISC_ERROR,		/* the platform failed; never the student's fault */
	LABEL_COMPILE_ERROR,
	LABEL_RUNTIME_ERROR,
	LABEL_TIME_LIMIT,
	LABEL_MEMORY_LIMIT,
	LABEL_PRESENTATION_ERROR,
	LABEL_WRONG_ANSWER,
	LABEL_ACCEPTED,
	LABEL__COUNT
};

/* The API spelling ("Accepted", "WrongAnswer", ...). Never NULL. */
const char *label_name(enum label l);

/*
 * Parse an API spelling. Returns 0 and sets *out, or -1 when the string names
 * no label (case matters, as in the API).
 */
int label_parse(const char *s, enum label *out);

/*
 * The worse of two verdicts (Evaluating is treated as worse than all, so a
 * combination that still contains an unfinished part stays unfinished).
 */
enum label label_worse(enum label a, enum label b);

#endif
