/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Sleeps, hoping a hang passes for an answer. */
#include <unistd.h>
int strong(const char *pw) { (void)pw; sleep(30); return 1; }
