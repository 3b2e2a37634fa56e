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

int is_operator(const char *s)
{
	return strlen(s) == 1 && (*s == '+' || *s == '-' || *s == '*' || *s == '/');
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, stdin) != -1) {
		int ok = 1, pos = 0, n = (int)strlen(line);
		top = 0;
		while (ok && pos < n) {
			char item[64];
			int used;
			long lhs, rhs, res = 0;
			if (sscanf(line + pos, "%63s%n", item, &used) != 1)
				break;
			pos += used;
			if (!is_operator(item)) {
				ok = push(atol(item)) == 0;
				continue;
			}
			ok = pop(&rhs) == 0 && pop(&lhs) == 0;
			if (!ok)
				break;
			if (*item == '+') res = lhs + rhs;
			if (*item == '-') res = lhs - rhs;
			if (*item == '*') res = lhs * rhs;
			if (*item == '/') {
				ok = rhs != 0;
				res = ok ? lhs / rhs : 0;
			}
			ok = ok && push(res) == 0;
		}
		long result;
		if (ok && top == 1 && pop(&result) == 0)
			printf("%ld\n", result);
		else
			printf("error\n");
	}
	free(line);
	return 0;
}
