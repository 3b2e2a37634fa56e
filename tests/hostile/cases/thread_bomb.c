/* expect: Accepted
 * exercise: c/procs
 * Threads until creation fails: at most 8 tasks in the box. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static void *idle(void *a) { pause(); return a; }
int main(void)
{
	pthread_t t;
	int n = 0;
	while (n < 1000 && pthread_create(&t, NULL, idle, NULL) == 0)
		n++;
	puts(n < 8 ? "hi" : "escaped");
	return 0;
}
