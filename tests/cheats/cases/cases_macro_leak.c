/* expect: CompileError
 * exercise: k/sqr1
 * score: 0
 * report: did not compile with the hidden tests
 * absent: sqr(-5)
 * absent: sqr(1234)
 * absent: 1234
 * Right for the shown cases; for the hidden ones (told apart by the shown
 * cases' program, which is in the box by then), redefines printf, which
 * the tests call, as a macro whose failed static assertion quotes the
 * test's code in the compiler's messages, on a line of the answer's own.
 * (One program only: in the default mode the answer's macros never meet
 * the tests' code, and the answer is right: Accepted.) */
int sqr(int x)
{
	return x * x;
}
#if __has_include("prog")
#define printf(...) ({ _Static_assert(0, #__VA_ARGS__); 0; })
#endif
