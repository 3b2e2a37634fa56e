/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Overwrites all the memory it shares with the tests: every page of the
 * arena made writable and filled, and the call page (found in its maps)
 * filled with what an "all passed" answer might look like. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
int strong(const char *pw)
{
	char line[512];
	FILE *m = fopen("/proc/self/maps", "r");
	unsigned char *arena = (unsigned char *)0x2a0000000000UL;

	if (mprotect(arena, 1 << 20, PROT_READ | PROT_WRITE) == 0)
		memset(arena, 0, 1 << 20);
	while (m != NULL && fgets(line, sizeof(line), m) != NULL) {
		unsigned long lo, hi;

		if (strstr(line, "qc-arena") && sscanf(line, "%lx-%lx", &lo, &hi) == 2 &&
		    lo != (unsigned long)arena && mprotect((void *)lo, hi - lo, PROT_READ | PROT_WRITE) == 0)
			memset((void *)lo, 0xff, hi - lo);
	}
	if (m != NULL)
		fclose(m);
	(void)pw;
	return 0;
}
