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

static int apply(char op, long a, long b, long *r)
{
	switch (op) {
	case '+': *r = a + b; return 0;
	case '-': *r = a - b; return 0;
	case '*': *r = a * b; return 0;
	case '/':
		if (b == 0)
			return -1;
		*r = a / b;
		return 0;
	}
	return -1;
}

int main(void)
{
	char line[512];

	while (fgets(line, sizeof(line), stdin)) {
		char *tok = strtok(line, " \t\n");
		int bad = 0;
		long a, b, r;

		top = 0;
		for (; tok != NULL && !bad; tok = strtok(NULL, " \t\n")) {
			if (strlen(tok) == 1 && strchr("+-*/", tok[0])) {
				if (pop(&b) || pop(&a) || apply(tok[0], a, b, &r) || push(r))
					bad = 1;
			} else if (push(strtol(tok, NULL, 10))) {
				bad = 1;
			}
		}
		if (bad || pop(&r) || top != 0)
			printf("error\n");
		else
			printf("%ld\n", r);
	}
	return 0;
}
