/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Stops itself in the middle of a call. */
#include <signal.h>
int strong(const char *pw) { (void)pw; raise(SIGSTOP); return 1; }
