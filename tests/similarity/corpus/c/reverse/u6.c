#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;

	while ((got = getline(&line, &cap, stdin)) != -1) {
		if (got > 0 && line[got - 1] == '\n')
			line[--got] = '\0';
		for (ssize_t a = 0, b = got - 1; a < b; a++, b--) {
			char t = line[a];
			line[a] = line[b];
			line[b] = t;
		}
		puts(line);
	}
	free(line);
	return 0;
}
