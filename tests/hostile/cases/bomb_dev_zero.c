/* expect: CompileError
 * report: The compiler
 * exercise: c/echo
 * The compiler reads /dev/zero for ever. */
#include "/dev/zero"
int main(void) { return 0; }
