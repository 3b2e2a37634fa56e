#include <stdio.h>
#include <string.h>

int main(void)
{
	char str[2048];

	while (fgets(str, sizeof str, stdin))
	{
		char *last = str + strlen(str);
		if (last > str && last[-1] == '\n')
			last--;
		for (char *q = last; q > str;)
		{
			q--;
			fputc(*q, stdout);
		}
		fputc('\n', stdout);
	}

	return 0;
}
