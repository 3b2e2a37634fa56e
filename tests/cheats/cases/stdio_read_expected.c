/* expect: WrongAnswer
 * exercise: s/sum
 * score: 0
 * absent: 42345
 * absent: 40000
 * Looks for the tests' files (sum-*.in, sum-*.out, any *.out or spec) in
 * its box, the directories above and /tmp, and prints what it finds. */
#include <glob.h>
#include <stdio.h>
int main(void)
{
	const char *pats[] = { "*.out", "*.in", "*/*.out", "../*", "../*/*.out", "/tmp/*",
	    "/*.out", "/specs/*", "*.json" };
	char line[256];

	for (size_t i = 0; i < sizeof(pats) / sizeof(*pats); i++) {
		glob_t g;

		if (glob(pats[i], 0, NULL, &g) != 0)
			continue;
		for (size_t k = 0; k < g.gl_pathc; k++) {
			FILE *f = fopen(g.gl_pathv[k], "r");

			printf("== %s\n", g.gl_pathv[k]);
			while (f != NULL && fgets(line, sizeof(line), f) != NULL)
				fputs(line, stdout);
			if (f != NULL)
				fclose(f);
		}
		globfree(&g);
	}
	puts("0");
	return 0;
}
