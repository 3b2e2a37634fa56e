/* expect: RuntimeError
 * report: forbidden system call: execve
 * exercise: c/echo */
#include <stdio.h>
#include <unistd.h>
int main(void) { execl("/bin/sh", "sh", "-c", "echo escaped", (char *)NULL); puts("hi"); return 0; }
