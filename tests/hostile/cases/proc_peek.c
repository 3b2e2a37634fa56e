/* expect: Accepted
 * exercise: c/echo
 * Looks for other processes in /proc: only its own is there. */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int others = 0;
	while (d != NULL && (e = readdir(d)) != NULL)
		if (isdigit((unsigned char)e->d_name[0]) && getpid() != atoi(e->d_name))
			others++;
	if (open("/proc/1/environ", O_RDONLY) >= 0 || open("/proc/sys/kernel/hostname", O_RDONLY) >= 0)
		others++;
	puts(d != NULL && others == 0 ? "hi" : "escaped");
	return 0;
}
