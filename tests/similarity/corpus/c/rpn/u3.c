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

typedef long (*binop)(long, long);

static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }
static long quo(long a, long b) { return a / b; }

static binop lookup(const char *s)
{
	if (s[1] != '\0')
		return NULL;
	if (s[0] == '+') return add;
	if (s[0] == '-') return sub;
	if (s[0] == '*') return mul;
	if (s[0] == '/') return quo;
	return NULL;
}

static int eval(char *text, long *out)
{
	char *save = NULL;
	for (char *t = strtok_r(text, " \n", &save); t; t = strtok_r(NULL, " \n", &save)) {
		binop f = lookup(t);
		if (f) {
			long l, r;
			if (pop(&r) || pop(&l) || (f == quo && r == 0))
				return -1;
			push(f(l, r));
		} else {
			char *end;
			long v = strtol(t, &end, 10);
			if (*end != '\0' || push(v))
				return -1;
		}
	}
	return (pop(out) || top) ? -1 : 0;
}

int main(void)
{
	char buf[1024];
	long v;
	while (fgets(buf, sizeof buf, stdin) != NULL) {
		top = 0;
		if (eval(buf, &v) == 0)
			printf("%ld\n", v);
		else
			puts("error");
	}
	return 0;
}
