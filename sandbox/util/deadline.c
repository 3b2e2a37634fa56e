/* deadline.c - waits on a descriptor until a deadline; see deadline.h. */
#include <errno.h>
#include <poll.h>
#include <time.h>

#include "sandbox/util/deadline.h"

long long
deadline_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long
deadline_after(int ms)
{
	return ms < 0 ? -1 : deadline_now() + ms;
}

int
deadline_wait(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		long long left = deadline < 0 ? -1 : deadline - deadline_now();
		int rc;

		if (deadline >= 0 && left <= 0) {
			errno = ETIMEDOUT;
			return 0;
		}
		rc = poll(&p, 1, left < 0 ? -1 : left > 1000000 ? 1000000 : (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc == 0)
			continue;	/* the next turn says whether it is late */
		return rc < 0 ? -1 : 1;
	}
}
