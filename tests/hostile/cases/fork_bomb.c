/* expect: TimeLimitExceeded
 * report: CPU time limit of 0.5 s exceeded
 * exercise: c/spin
 * Every process forks for ever: the pids limit stops the forks, the CPU
 * limit of the whole box stops the spinning. */
#include <unistd.h>
int main(void) { for (;;) fork(); }
