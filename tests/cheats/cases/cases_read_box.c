/* expect: WrongAnswer
 * exercise: k/sqr
 * exercise: k/sqr1
 * score: 0
 * absent: sqr(-5)
 * absent: 1522756
 * absent: #<assay-
 * absent: #line 1
 * Prints every file it can find in its box (but its own main.c), /tmp and
 * the directory above, looking for the hidden cases' code or expected
 * outputs. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
static void show(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512], line[256];

	while (d != NULL && (e = readdir(d)) != NULL) {
		FILE *f;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "prog") == 0 ||
		    strcmp(e->d_name, "main.c") == 0 ||
		    strcmp(e->d_name, "hidden") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		printf("== %s\n", path);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL)
			fputs(line, stdout);
		fclose(f);
	}
	if (d != NULL)
		closedir(d);
}
int sqr(int x)
{
	(void)x;
	show(".");
	show("/tmp");
	show("..");
	return 0;
}
