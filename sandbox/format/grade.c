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
	json_decref(r->key);
	free(r->log);
	memset(r, 0, sizeof(*r));
}

int
grade_key_reveal(json_t *result, const json_t *key)
{
	const json_t *report = json_object_get(key, "report"), *fields = json_object_get(key,
	    "tests");
	json_t *t;
	size_t i;

	if (json_is_string(report) && json_object_set(result, "report", (json_t *)report) == -1)
		return -1;
	if (!json_is_object(fields))
		return 0;
	json_array_foreach(json_object_get(result, "tests"), i, t) {
		json_t *f = json_object_get(fields, json_string_value(json_object_get(t, "name")) ?: "");

		if (json_is_object(f) && json_is_object(t) && json_object_update(t, f) == -1)
			return -1;
	}
	return 0;
}
