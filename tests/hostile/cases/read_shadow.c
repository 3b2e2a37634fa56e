/* expect: Accepted
 * exercise: c/echo
 * Tries to open /etc/shadow (a host file): it must not exist in the box. */
#include <fcntl.h>
#include <stdio.h>
int main(void)
{
	int fd = open("/etc/shadow", O_RDONLY);
	puts(fd < 0 ? "hi" : "escaped");
	return 0;
}
