/* expect: RuntimeError
 * report: output limit of 64 KiB exceeded
 * exercise: c/echo */
#include <stdio.h>
int main(void) { for (;;) puts("flood flood flood flood"); }
