/* expect: CompileError
 * exercise: c/echo
 * A gigabyte of initialised data: the object file passes the size limit. */
char big[1UL << 30] = { 1 };
int main(void) { return big[0]; }
