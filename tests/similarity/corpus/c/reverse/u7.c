#include <string.h>
#include <stdio.h>

void flip(char *str);

int main(void)
{
	char input[1000];

	while (fgets(input, 1000, stdin)) {
		input[strcspn(input, "\n")] = 0;
		flip(input);
		printf("%s\n", input);
	}
	return 0;
}

/* reverses str in place */
void flip(char *str)
{
	int right = strlen(str) - 1;
	int left = 0;

	while (left < right) {
		char c = str[right];
		str[right] = str[left];
		str[left] = c;
		right--;
		left++;
	}
}
