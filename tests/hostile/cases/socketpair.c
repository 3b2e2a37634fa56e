/* expect: RuntimeError
 * report: forbidden system call: socketpair
 * exercise: c/echo */
#include <stdio.h>
#include <sys/socket.h>
int main(void) { int sv[2]; puts(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 ? "escaped" : "hi"); return 0; }
