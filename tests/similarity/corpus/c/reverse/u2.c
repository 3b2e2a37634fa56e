#include <stdio.h>
#include <string.h>

void reverse(char *s)
{
	int i = 0;
	int j = strlen(s) - 1;

	while (i < j) {
		char tmp = s[i];
		s[i] = s[j];
		s[j] = tmp;
		i++;
		j--;
	}
}

int main(void)
{
	char buf[1000];

	while (fgets(buf, 1000, stdin)) {
		buf[strcspn(buf, "\n")] = 0;
		reverse(buf);
		printf("%s\n", buf);
	}
	return 0;
}
