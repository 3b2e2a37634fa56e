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

typedef long (*fn2)(long, long);

static int evaluate(char *s, long *result);

int main(void)
{
	char text[1024];
	long r;
	while (fgets(text, sizeof text, stdin) != NULL) {
		top = 0;
		if (evaluate(text, &r) == 0)
			printf("%ld\n", r);
		else
			puts("error");
	}
	return 0;
}

static long plus(long a, long b) { return a + b; }
static long minus(long a, long b) { return a - b; }
static long times(long a, long b) { return a * b; }
static long divide(long a, long b) { return a / b; }

static fn2 find_op(const char *s)
{
	if (s[1] != '\0')
		return NULL;
	if (s[0] == '+') return plus;
	if (s[0] == '-') return minus;
	if (s[0] == '*') return times;
	if (s[0] == '/') return divide;
	return NULL;
}

static int evaluate(char *s, long *result)
{
	char *ctx = NULL;
	char *w = strtok_r(s, " \n", &ctx);
	while (w) {
		fn2 g = find_op(w);
		if (g) {
			long x, y;
			if (pop(&y) || pop(&x) || (g == divide && y == 0))
				return -1;
			push(g(x, y));
		} else {
			char *e;
			long n = strtol(w, &e, 10);
			if (*e != '\0' || push(n))
				return -1;
		}
		w = strtok_r(NULL, " \n", &ctx);
	}
	return (pop(result) || top) ? -1 : 0;
}
