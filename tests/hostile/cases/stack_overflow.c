/* expect: RuntimeError
 * report: killed by signal SIGSEGV
 * exercise: c/echo
 * Endless recursion. */
int f(volatile int *p) { volatile int a[256]; a[0] = *p; return f(a) + a[1]; }
int main(void) { int x = 1; return f(&x); }
