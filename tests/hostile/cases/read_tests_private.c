/* expect: Accepted
 * exercise: c/echo
 * Tries to open @COURSE@/c/echo/public-1.out (a host file): it must not exist in the box. */
#include <fcntl.h>
#include <stdio.h>
int main(void)
{
	int fd = open("@COURSE@/c/echo/public-1.out", O_RDONLY);
	puts(fd < 0 ? "hi" : "escaped");
	return 0;
}
