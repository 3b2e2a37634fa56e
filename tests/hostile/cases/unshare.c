/* expect: RuntimeError
 * report: forbidden system call: unshare
 * exercise: c/echo
 * A user namespace would give capabilities inside it. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
int main(void) { puts(unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0 ? "escaped" : "hi"); return 0; }
