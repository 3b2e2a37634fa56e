#include <stdio.h>

int main(void) { puts("a < b & c"); return 0; }
