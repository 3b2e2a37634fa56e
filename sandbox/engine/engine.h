/*
 * engine.h - grade one submission against one exercise spec.
 *
 * The engine is the whole of grading: it picks the tester the spec names,
 * which compiles and runs the submission inside the jail (jail.h) and
 * compares what it did with what the spec expects. It knows nothing of HTTP,
 * sessions or storage: a spec and a submission in, a result out. The caller
 * (the worker, or bin/assay-grade) decides where the result goes.
 *
 * Honesty rule: when the platform itself fails (the jail cannot be set up, a
 * spec is broken, a file cannot be written) the result is LABEL_MISC_ERROR
 * with the reason in result.log for the operator, never a student's label.
 */
#ifndef ASSAY_ENGINE_H
#define ASSAY_ENGINE_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#include "sandbox/format/grade.h"
#include "sandbox/format/spec.h"

struct engine_config {
	const char *box_root;	/* directory for per-run scratch directories */
	unsigned slot;		/* concurrent slot of this grader (0, 1, ...) */
	uid_t uid_base;		/* the run's uid and gid are uid_base + slot */
};

/*
 * Grades SUB against SPEC. Always fills OUT (a failure of the platform is a
 * MiscError result, not a return code). Returns 0, or -1 only when OUT could
 * not be filled at all (out of memory).
 */
int engine_grade(const struct engine_config *cfg, const struct spec *spec,
    const struct grade_submission *sub, struct grade_result *out);

/*
 * Forgets what the testers keep on the host's disk between gradings under
 * BOX_ROOT (the run tester's compiled boxes: sandbox/testers/run_cache.h),
 * for a service or a grader host that starts: its compilers may have
 * changed since. Returns 0, or -1 with errno set.
 */
int engine_forget(const char *box_root);

#endif
