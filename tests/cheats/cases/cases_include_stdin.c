/* expect: CompileError
 * exercise: k/sqr1
 * score: 0
 * report: did not compile with the hidden tests
 * absent: sqr(-5)
 * absent: 1522756
 * Right for the shown cases; for the hidden ones, includes the program
 * being compiled through the compiler driver's standard input
 * (/proc/2/fd/0), hoping its messages quote the hidden tests.
 * (One program only: in the default mode the answer compiles alone, with
 * nothing of the tests' on the compiler's input, and is right: Accepted.) */
int sqr(int x)
{
	return x * x;
}
#if __has_include("prog") && !defined(ONCE)
#define ONCE
#include "/proc/2/fd/0"
#endif
