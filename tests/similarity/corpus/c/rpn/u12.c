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

static int calc(char sym, long lhs, long rhs, long *res)
{
	switch (sym) {
	case '+': *res = lhs + rhs; return 0;
	case '-': *res = lhs - rhs; return 0;
	case '*': *res = lhs * rhs; return 0;
	case '/':
		if (rhs == 0)
			return -1;
		*res = lhs / rhs;
		return 0;
	}
	return -1;
}

static int is_sym(const char *w, int len)
{
	return len == 1 && (w[0] == '+' || w[0] == '-' || w[0] == '*' || w[0] == '/');
}

int main(void)
{
	int ch = 0;

	while (ch != EOF) {
		char w[32];
		int len = 0, broken = 0;
		long lhs, rhs, res;

		top = 0;
		ch = getchar();
		if (ch == EOF)
			break;
		while (ch != '\n' && ch != EOF) {
			len = 0;
			while (ch == ' ')
				ch = getchar();
			while (ch != ' ' && ch != '\n' && ch != EOF) {
				if (len < 31)
					w[len++] = (char)ch;
				ch = getchar();
			}
			w[len] = '\0';
			if (len == 0 || broken)
				continue;
			if (is_sym(w, len))
				broken = pop(&rhs) || pop(&lhs) || calc(w[0], lhs, rhs, &res) || push(res);
			else
				broken = push(atol(w)) != 0;
		}
		if (!broken && top == 1 && pop(&res) == 0)
			printf("%ld\n", res);
		else
			puts("error");
	}
	return 0;
}
