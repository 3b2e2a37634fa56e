#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[1024];

	while (fgets(line, sizeof(line), stdin) != NULL) {
		int len = strlen(line);
		if (len > 0 && line[len - 1] == '\n') {
			line[len - 1] = '\0';
			len--;
		}
		for (int i = len - 1; i >= 0; i--)
			putchar(line[i]);
		putchar('\n');
	}
	return 0;
}
