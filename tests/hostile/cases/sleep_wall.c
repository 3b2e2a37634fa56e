/* expect: TimeLimitExceeded
 * report: wall time limit of 2 s exceeded
 * exercise: c/echo */
#include <unistd.h>
int main(void) { sleep(30); return 0; }
