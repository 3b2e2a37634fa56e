/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/isqr
 * score: 0
 * A macro printf that makes every test print OK, whatever it computed: in
 * one program it rewrites the tests' code that follows the answer. With
 * functions: the answer is compiled alone, its macros reach nothing of the
 * tests. (On k/sqr1, the same exercise in one program (functions: no),
 * it scores 3 of 5.) */
#include <stdio.h>
#define printf(...) puts("OK")

int sqr(int x)
{
	(void)x;
	return 0;
}
