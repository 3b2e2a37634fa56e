#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>

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

static int compute(char op, long x, long y, long &out)
{
	switch (op) {
	case '+': out = x + y; return 0;
	case '-': out = x - y; return 0;
	case '*': out = x * y; return 0;
	case '/':
		if (y == 0)
			return -1;
		out = x / y;
		return 0;
	}
	return -1;
}

int main()
{
	std::string line;

	while (std::getline(std::cin, line)) {
		std::istringstream in(line);
		std::string word;
		bool failed = false;
		long x, y, out;

		top = 0;
		while (!failed && in >> word) {
			if (word.size() == 1 && std::strchr("+-*/", word[0])) {
				if (pop(&y) || pop(&x) || compute(word[0], x, y, out) || push(out))
					failed = true;
			} else if (push(std::strtol(word.c_str(), nullptr, 10))) {
				failed = true;
			}
		}
		if (failed || pop(&out) || top != 0)
			std::cout << "error" << std::endl;
		else
			std::cout << out << std::endl;
	}
	return 0;
}
