/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * absent: reference(pw)
 * Looks for the property file and its object everywhere it could be (the
 * box, /tmp, the descriptors, memory and maps of every process) and prints
 * what it finds: none of it is there to read. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
static void show(const char *path)
{
	char b[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return;
	while ((n = fread(b, 1, sizeof(b), f)) > 0)
		fwrite(b, 1, n, stdout);
	fclose(f);
}
int strong(const char *pw)
{
	static int done;
	char p[300];
	DIR *d;
	struct dirent *e;

	if (done++)
		return 0;
	show("strong.c"); show("prop.so"); show("qc-child.o"); show("/tmp/box/strong.c");
	if ((d = opendir(".")) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strstr(e->d_name, ".c") || strstr(e->d_name, ".so"))
				show(e->d_name);
		closedir(d);
	}
	for (int pid = 1; pid < 64; pid++) {
		snprintf(p, sizeof(p), "/proc/%d/mem", pid); show(p);
		snprintf(p, sizeof(p), "/proc/%d/maps", pid); show(p);
		snprintf(p, sizeof(p), "/proc/%d/environ", pid); show(p);
		snprintf(p, sizeof(p), "/proc/%d/fd", pid);
		if ((d = opendir(p)) != NULL) {
			while ((e = readdir(d)) != NULL) {
				snprintf(p, sizeof(p), "/proc/%d/fd/%s", pid, e->d_name);
				show(p);
			}
			closedir(d);
		}
	}
	(void)pw;
	return 0;
}
