/* expect: RuntimeError
 * report: forbidden system call: mount
 * exercise: c/echo */
#include <stdio.h>
#include <sys/mount.h>
int main(void) { puts(mount("none", "/tmp", "tmpfs", 0, NULL) == 0 ? "escaped" : "hi"); return 0; }
