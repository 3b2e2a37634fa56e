/* grade.c - a grading's result; see grade.h. */
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/grade.h"

void
grade_result_clear(struct grade_result *r)
{
	if (r == NULL)
		return;
	free(r->report);
	json_decref(r->tests);
	free(r->log);
	memset(r, 0, sizeof(*r));
}
