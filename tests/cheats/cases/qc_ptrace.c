/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Attaches to its parent to change its memory: refused (ptrace is none
 * of the student's process's business). */
#include <sys/ptrace.h>
#include <unistd.h>
int strong(const char *pw) { (void)pw; ptrace(PTRACE_ATTACH, getppid(), 0, 0); return 0; }
