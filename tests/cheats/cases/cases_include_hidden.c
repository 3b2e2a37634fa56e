/* expect: CompileError
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * report: hidden.c
 * Includes the hidden cases' program, hoping the compiler quotes it. */
#include "hidden.c"
int sqr(int x)
{
	return x * x;
}
