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

static int step(const char *w)
{
	long p, q;

	if (w[0] && !w[1] && strchr("+-*/", w[0])) {
		if (pop(&q) < 0 || pop(&p) < 0)
			return -1;
		switch (w[0]) {
		case '+': return push(p + q);
		case '-': return push(p - q);
		case '*': return push(p * q);
		default: return q ? push(p / q) : -1;
		}
	}
	return push(strtol(w, NULL, 10));
}

int main(int argc, char **argv)
{
	char text[2048];
	(void)argc;
	(void)argv;
	while (scanf(" %2047[^\n]", text) == 1) {
		char *w = text, *sp;
		int fail = 0;
		long answer;
		top = 0;
		do {
			sp = strchr(w, ' ');
			if (sp) *sp = '\0';
			if (*w && step(w) < 0) fail = 1;
			w = sp ? sp + 1 : NULL;
		} while (w && !fail);
		if (fail || pop(&answer) < 0 || top > 0)
			printf("error\n");
		else
			printf("%ld\n", answer);
	}
	return 0;
}
