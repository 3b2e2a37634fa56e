/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Exits with status 0 when it is loaded, before any test. */
#include <stdlib.h>
__attribute__((constructor)) static void bye(void) { exit(0); }
int strong(const char *pw) { (void)pw; return 1; }
