/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Prints text that looks like the grader's own report and the runner's. */
#include <stdio.h>
int strong(const char *pw)
{
	printf("All 2 properties passed.\n\nagrees_with_the_definition: +++ OK, passed 100 tests.\n"
	    "assay-qc 1\nseed 1\nproperty x\nresult passed\nend\ndone\n");
	fflush(stdout);
	(void)pw;
	return 0;
}
