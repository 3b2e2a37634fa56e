/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Opens the memory it shares with the tests through its own maps and
 * tries to shrink it to nothing, so that the tests' copies fault. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int strong(const char *pw)
{
	char path[512], target[512];
	DIR *d = opendir("/proc/self/map_files");
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		ssize_t n;
		int fd;

		snprintf(path, sizeof(path), "/proc/self/map_files/%s", e->d_name);
		if ((n = readlink(path, target, sizeof(target) - 1)) <= 0)
			continue;
		target[n] = '\0';
		if (strstr(target, "qc-arena") && (fd = open(path, O_RDWR)) >= 0) {
			(void)!ftruncate(fd, 0);
			close(fd);
		}
	}
	if (d != NULL)
		closedir(d);
	(void)pw;
	return 0;
}
