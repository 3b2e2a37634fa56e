/* expect: CompileError
 * exercise: qc/strong
 * score: 0
 * Assembles the property file into its own object, to print it. */
__asm__(".section .rodata\n.globl leak\nleak:\n.incbin \"strong.c\"\n.byte 0\n.previous\n");
int strong(const char *pw) { (void)pw; return 0; }
