/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/isqr
 * score: 0
 * A printf and a puts of its own (gcc makes printf("%s\n", s) a puts)
 * that print OK whatever they are given: in one program the tests' calls
 * are linked to them. With functions: they are the student's process's
 * own, the tests' program prints with its C library.
 * (On k/sqr1, the same exercise in one program (functions: no), it
 * scores 3 of 5.) */
#include <unistd.h>

int
printf(const char *fmt, ...)
{
	(void)fmt;
	return (int)write(1, "OK\n", 3);
}

int
puts(const char *s)
{
	(void)s;
	return (int)write(1, "OK\n", 3);
}

int sqr(int x)
{
	(void)x;
	return 0;
}
