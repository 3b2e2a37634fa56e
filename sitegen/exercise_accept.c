/* exercise_accept.c - the accept tester's languages; see exercise_accept.h. */
#include <string.h>

#include "sitegen/exercise_accept.h"

const char *
exercise_accept_language(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 32 || name[0] == '.' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+#._-") != n)
		return NULL;
	return name;
}
