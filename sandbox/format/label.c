/* label.c - names and ordering of verdicts; see label.h. */
#include <string.h>

#include "sandbox/format/label.h"

static const char *const names[LABEL__COUNT] = {
	[LABEL_EVALUATING] = "Evaluating",
	[LABEL_MISC_ERROR] = "MiscError",
	[LABEL_COMPILE_ERROR] = "CompileError",
	[LABEL_RUNTIME_ERROR] = "RuntimeError",
	[LABEL_TIME_LIMIT] = "TimeLimitExceeded",
	[LABEL_MEMORY_LIMIT] = "MemoryLimitExceeded",
	[LABEL_PRESENTATION_ERROR] = "PresentationError",
	[LABEL_WRONG_ANSWER] = "WrongAnswer",
	[LABEL_ACCEPTED] = "Accepted",
};

const char *
label_name(enum label l)
{
	if ((unsigned)l >= LABEL__COUNT)
		return "MiscError";
	return names[l];
}

int
label_parse(const char *s, enum label *out)
{
	for (int i = 0; i < LABEL__COUNT; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum label)i;
			return 0;
		}
	return -1;
}

enum label
label_worse(enum label a, enum label b)
{
	return a < b ? a : b;
}
