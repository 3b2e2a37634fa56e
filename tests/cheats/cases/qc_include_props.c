/* expect: CompileError
 * exercise: qc/strong
 * score: 0
 * Includes the property file to call its reference: it is not in the box
 * when the student's code compiles. */
#include "strong.c"
int strong(const char *pw) { return reference(pw); }
