/* expect: Accepted
 * exercise: c/echo
 * kill(-1): reaches nothing outside the box. */
#include <signal.h>
#include <stdio.h>
int main(void) { kill(-1, SIGKILL); kill(1, SIGKILL); puts("hi"); return 0; }
