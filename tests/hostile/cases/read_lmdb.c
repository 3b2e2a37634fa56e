/* expect: Accepted
 * exercise: c/echo
 * Tries to open @DATA@/db/data.mdb (a host file): it must not exist in the box. */
#include <fcntl.h>
#include <stdio.h>
int main(void)
{
	int fd = open("@DATA@/db/data.mdb", O_RDONLY);
	puts(fd < 0 ? "hi" : "escaped");
	return 0;
}
