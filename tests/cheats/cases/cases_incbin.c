/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * absent: sqr(-5)
 * absent: 1522756
 * absent: #<assay-
 * absent: #line 1
 * Embeds, when the compiler can see one, the program of the cases (shown or
 * hidden) with .incbin, and prints it: there must be none to see. */
#include <stdio.h>
#if __has_include("hidden.c")
__asm__(".section .rodata\nassay_leak: .incbin \"hidden.c\"\n.byte 0\n.previous");
extern const char assay_leak[];
#define LEAKED assay_leak
#elif __has_include("cases.c")
__asm__(".section .rodata\nassay_leak: .incbin \"cases.c\"\n.byte 0\n.previous");
extern const char assay_leak[];
#define LEAKED assay_leak
#else
#define LEAKED "nothing to embed"
#endif
int sqr(int x)
{
	(void)x;
	puts(LEAKED);
	return 0;
}
