#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STACK_MAX 64

static long stack[STACK_MAX];
static int top = 0;

static int push(long v)
{
	if (top == STACK_MAX)
		return -1;
	stack[top++] = v;
	return 0;
}

static int pop(long *v)
{
	if (top == 0)
		return -1;
	*v = stack[--top];
	return 0;
}

int main(void)
{
	char word[64];
	int c;
	long x, y;
	int err = 0, len = 0;

	for (;;) {
		c = getchar();
		if (c == ' ' || c == '\n' || c == EOF) {
			if (len > 0) {
				word[len] = '\0';
				if (len == 1 && (word[0] == '+' || word[0] == '-' || word[0] == '*' || word[0] == '/')) {
					if (pop(&y) != 0 || pop(&x) != 0) err = 1;
					else if (word[0] == '+') push(x + y);
					else if (word[0] == '-') push(x - y);
					else if (word[0] == '*') push(x * y);
					else if (y == 0) err = 1;
					else push(x / y);
				} else if (push(atol(word)) != 0) {
					err = 1;
				}
				len = 0;
			}
			if (c == '\n' || (c == EOF && top > 0)) {
				if (!err && top == 1) {
					pop(&x);
					printf("%ld\n", x);
				} else {
					printf("error\n");
				}
				top = 0;
				err = 0;
			}
			if (c == EOF)
				break;
		} else if (len < 63) {
			word[len++] = (char)c;
		}
	}
	return 0;
}
