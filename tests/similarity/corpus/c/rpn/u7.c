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

static int trace = 0;

static int do_op(char o, long x, long y, long *res) {
  if (trace) fprintf(stderr, "op %c\n", o);
  switch (o) {
    case '+': *res = x + y; return 0;
    case '-': *res = x - y; return 0;
    case '*': *res = x * y; return 0;
    case '/': if (y == 0) return -1; *res = x / y; return 0;
  }
  return -1;
}

int main(void) {
  char input[512];
  while (fgets(input, sizeof(input), stdin)) {
    char *piece = strtok(input, " \t\n");
    int failed = 0;
    long x, y, res;
    top = 0;
    for (; piece != NULL && !failed; piece = strtok(NULL, " \t\n")) {
      if (strlen(piece) == 1 && strchr("+-*/", piece[0])) {
        if (pop(&y) || pop(&x) || do_op(piece[0], x, y, &res) || push(res)) failed = 1;
      } else if (push(strtol(piece, NULL, 10))) {
        failed = 1;
      }
    }
    if (failed || pop(&res) || top != 0) printf("error\n");
    else printf("%ld\n", res);
  }
  return 0;
}
