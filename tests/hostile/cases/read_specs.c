/* expect: Accepted
 * exercise: c/echo
 * Tries to open @SITE@/current/specs/c/echo.json (a host file): it must not exist in the box. */
#include <fcntl.h>
#include <stdio.h>
int main(void)
{
	int fd = open("@SITE@/current/specs/c/echo.json", O_RDONLY);
	puts(fd < 0 ? "hi" : "escaped");
	return 0;
}
