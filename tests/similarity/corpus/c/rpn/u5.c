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

enum kind { NUMBER, OPERATOR, NOTHING };

struct token {
	enum kind kind;
	long value;
	char op;
};

static const char *next_token(const char *p, struct token *t)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '\n') {
		t->kind = NOTHING;
		return p;
	}
	if (strchr("+*/", *p) || (*p == '-' && (p[1] == ' ' || p[1] == '\n' || p[1] == '\0'))) {
		t->kind = OPERATOR;
		t->op = *p;
		return p + 1;
	}
	char *end;
	t->kind = NUMBER;
	t->value = strtol(p, &end, 10);
	return end == p ? p + 1 : end;
}

static long calc(const char *s, int *failed)
{
	struct token t;
	long a, b;
	*failed = 0;
	top = 0;
	for (s = next_token(s, &t); t.kind != NOTHING; s = next_token(s, &t)) {
		if (t.kind == NUMBER) {
			*failed |= push(t.value);
			continue;
		}
		if (pop(&b) || pop(&a) || (t.op == '/' && b == 0)) {
			*failed = 1;
			return 0;
		}
		*failed |= push(t.op == '+' ? a + b : t.op == '-' ? a - b : t.op == '*' ? a * b : a / b);
	}
	if (top != 1)
		*failed = 1;
	return top ? stack[0] : 0;
}

int main(void)
{
	char line[400];
	int failed;
	while (fgets(line, 400, stdin)) {
		long v = calc(line, &failed);
		if (failed) printf("error\n"); else printf("%ld\n", v);
	}
	return 0;
}
