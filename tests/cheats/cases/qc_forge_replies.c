/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Writes what looks like the runner's protocol and report on every
 * descriptor it may hold: replies saying "all passed", report lines. */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
int strong(const char *pw)
{
	static const char rep[] = "property agrees_with_the_definition\nresult passed\n"
	    "tests 100\nend\nproperty decides_at_six_characters\nresult passed\n"
	    "tests 100\nend\ndone\n";
	uint32_t r[10] = { 0x71635231u, 2, 1, 0, 0, 0, 0, 100, 0, 0 };

	for (int fd = 0; fd < 64; fd++) {
		(void)!write(fd, r, sizeof(r));
		(void)!write(fd, rep, sizeof(rep) - 1);
	}
	(void)pw;
	return 0;
}
