/* expect: RuntimeError
 * report: forbidden system call: write (32-bit)
 * exercise: c/echo
 * A 32-bit system call (int $0x80: write = 4 on i386). */
int main(void)
{
	static const char msg[] = "escaped\n";
	long ret;
	__asm__ volatile ("int $0x80" : "=a"(ret) : "a"(4L), "b"(1L), "c"(msg), "d"(8L) : "memory");
	return ret < 0;
}
