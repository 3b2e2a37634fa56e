/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Jumps out of the function to a frame of its constructor's, long gone. */
#include <setjmp.h>
static jmp_buf where;
static int jumped;
__attribute__((constructor)) static void mark(void)
{
	if (setjmp(where) != 0)
		jumped = 1;
}
int strong(const char *pw)
{
	(void)pw;
	if (!jumped)
		longjmp(where, 1);
	return 0;
}
