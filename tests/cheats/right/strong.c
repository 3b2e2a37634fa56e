/* exercise: qc/strong
 * The right answer: the exercise can be passed. */
#include <ctype.h>
#include <string.h>
int strong(const char *pw)
{
	int u = 0, l = 0, d = 0;
	size_t n = strlen(pw);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)pw[i];

		u |= c >= 'A' && c <= 'Z';
		l |= c >= 'a' && c <= 'z';
		d |= c >= '0' && c <= '9';
	}
	return n >= 6 && u && l && d;
}
