/* expect: RuntimeError
 * report: forbidden system call: ptrace
 * exercise: c/echo */
#include <stdio.h>
#include <sys/ptrace.h>
int main(void) { puts(ptrace(PTRACE_ATTACH, 1, 0, 0) == 0 ? "escaped" : "hi"); return 0; }
