/* expect: CompileError
 * exercise: k/sqr
 * score: 0
 * report: did not compile with the hidden tests
 * absent: sqr(-5)
 * absent: 1522756
 * Right for the shown cases; for the hidden ones, includes the program
 * being compiled through the compiler driver's standard input
 * (/proc/2/fd/0), hoping its messages quote the hidden tests. */
int sqr(int x)
{
	return x * x;
}
#if __has_include("prog") && !defined(ONCE)
#define ONCE
#include "/proc/2/fd/0"
#endif
