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

int main(int argc, char *argv[])
{
	char input[2048];
	(void)argc;
	(void)argv;
	while (scanf(" %2047[^\n]", input) == 1) {
		char *cur = input, *blank;
		int bad = 0;
		long res;
		top = 0;
		do {
			blank = strchr(cur, ' ');
			if (blank) *blank = '\0';
			if (*cur) {
				long x, y;
				int r;
				if (cur[0] && !cur[1] && strchr("+-*/", cur[0])) {
					if (pop(&y) < 0 || pop(&x) < 0) {
						r = -1;
					} else {
						switch (cur[0]) {
						case '+': r = push(x + y); break;
						case '-': r = push(x - y); break;
						case '*': r = push(x * y); break;
						default: r = y ? push(x / y) : -1;
						}
					}
				} else {
					r = push(strtol(cur, NULL, 10));
				}
				if (r < 0) bad = 1;
			}
			cur = blank ? blank + 1 : NULL;
		} while (cur && !bad);
		if (bad || pop(&res) < 0 || top > 0)
			printf("error\n");
		else
			printf("%ld\n", res);
	}
	return 0;
}
