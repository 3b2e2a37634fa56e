/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * A constructor looks for the property table (__start_qc_props), makes it
 * writable and replaces every property by an empty function, then the
 * function answers 0 to everything. The table is in another process. */
#include <stdint.h>
#include <sys/mman.h>
struct qc_property { const char *name, *call; void (*fn)(void *); const char *file; int line; };
extern struct qc_property __start_qc_props[] __attribute__((weak));
extern struct qc_property __stop_qc_props[] __attribute__((weak));
static void nothing(void *qc) { (void)qc; }
__attribute__((constructor)) static void patch(void)
{
	for (struct qc_property *p = __start_qc_props; p != 0 && p < __stop_qc_props; p++) {
		mprotect((void *)((uintptr_t)p & ~(uintptr_t)4095), 8192, PROT_READ | PROT_WRITE);
		p->fn = nothing;
	}
}
int strong(const char *pw) { (void)pw; return 0; }
