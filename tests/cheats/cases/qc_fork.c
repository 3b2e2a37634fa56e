/* expect: WrongAnswer
 * exercise: qc/strong
 * score: 0
 * Forks to outlive the call and answer later (and starts a thread). */
#include <pthread.h>
#include <unistd.h>
static void *spin(void *a) { for (;;) pause(); return a; }
int strong(const char *pw)
{
	pthread_t t;

	(void)pw;
	if (fork() == 0)
		for (;;) pause();
	pthread_create(&t, 0, spin, 0);
	return 0;
}
