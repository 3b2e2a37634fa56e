/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Makes its own code writable and executable to patch it, and maps new
 * executable memory: both refused in the student's process. */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
int strong(const char *pw)
{
	void *page = (void *)((uintptr_t)&strong & ~(uintptr_t)4095);
	void *x = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) == 0)
		return 1;
	if (x != MAP_FAILED)
		return 1;
	(void)pw;
	return 0;
}
