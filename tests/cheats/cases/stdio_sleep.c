/* expect: TimeLimitExceeded
 * exercise: s/sum
 * score: 0
 * Sleeps instead of answering, hoping a hang passes. */
#include <unistd.h>
int main(void)
{
	sleep(30);
	return 0;
}
