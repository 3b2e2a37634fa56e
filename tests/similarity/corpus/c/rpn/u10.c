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

enum type { NUM, OP, END };

struct item {
	enum type type;
	long num;
	char op;
};

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int at_end(const char *s)
{
	return *s == '\0' || *s == '\n';
}

static int is_op(const char *s)
{
	return strchr("+*/", *s) || (*s == '-' && (s[1] == ' ' || s[1] == '\n' || s[1] == '\0'));
}

static const char *read_item(const char *s, struct item *it)
{
	s = skip_blanks(s);
	if (at_end(s)) {
		it->type = END;
		return s;
	}
	if (is_op(s)) {
		it->type = OP;
		it->op = *s;
		return s + 1;
	}
	char *stop;
	it->type = NUM;
	it->num = strtol(s, &stop, 10);
	return stop == s ? s + 1 : stop;
}

static long do_op(char op, long a, long b)
{
	return op == '+' ? a + b : op == '-' ? a - b : op == '*' ? a * b : a / b;
}

static long evaluate(const char *s, int *err)
{
	struct item it;
	long a, b;
	*err = 0;
	top = 0;
	for (s = read_item(s, &it); it.type != END; s = read_item(s, &it)) {
		if (it.type == NUM) {
			*err |= push(it.num);
			continue;
		}
		if (pop(&b) || pop(&a) || (it.op == '/' && b == 0)) {
			*err = 1;
			return 0;
		}
		*err |= push(do_op(it.op, a, b));
	}
	if (top != 1)
		*err = 1;
	return top ? stack[0] : 0;
}

int main(void)
{
	char buf[400];
	int err;
	while (fgets(buf, 400, stdin)) {
		long r = evaluate(buf, &err);
		if (err) printf("error\n"); else printf("%ld\n", r);
	}
	return 0;
}
