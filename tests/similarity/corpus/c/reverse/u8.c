#include <stdio.h>
#include <string.h>

int strip_newline(char *s)
{
	int n = strlen(s);
	if (n > 0 && s[n - 1] == '\n') {
		s[n - 1] = '\0';
		n--;
	}
	return n;
}

void print_char(char ch)
{
	putchar(ch);
}

void print_backwards(const char *s, int n)
{
	for (int k = n - 1; k >= 0; k--)
		print_char(s[k]);
	print_char('\n');
}

int main(void)
{
	char row[1024];

	while (fgets(row, sizeof(row), stdin) != NULL)
		print_backwards(row, strip_newline(row));
	return 0;
}
