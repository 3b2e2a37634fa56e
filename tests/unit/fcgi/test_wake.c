/* test_wake.c - nudging idle graders through the FIFO DATA/run/wake. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/wake.h"
#include "tests/tap.h"
#include "tests/unit/fcgi/fcgi_util.h"

/* How long wake_wait(FD, MS) took, in milliseconds. */
static double
waited(int fd, int ms)
{
	double t0 = now_ms();

	wake_wait(fd, ms);
	return now_ms() - t0;
}

int
main(void)
{
	char run[96], fifo[128];
	struct stat st;
	double t;
	int fd, fd2;

	tmp_dir_make("wake");
	snprintf(run, sizeof(run), "%s/run", tmp_dir);
	snprintf(fifo, sizeof(fifo), "%s/wake", run);

	wake_poke(run);
	ok(stat(run, &st) != 0 && errno == ENOENT, "a nudge with no grader listening: silent, "
	    "nothing created");
	fd = wake_listen(run);
	ok(fd >= 0, "a grader listens");
	ok(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode), "... on the FIFO RUNDIR/wake, created");
	t = waited(fd, 200);
	ok(t >= 150, "no nudge: the wait lasts its timeout (%.0f ms)", t);
	wake_poke(run);
	t = waited(fd, 5000);
	ok(t < 1000, "a nudge ends the wait at once (%.0f ms)", t);
	wake_poke(run);
	wake_poke(run);
	ok(waited(fd, 5000) < 1000 && waited(fd, 5000) < 1000,
	    "two nudges wake two waits: one is taken at a time");
	t = waited(fd, 200);
	ok(t >= 150, "... and then none is left (%.0f ms)", t);
	fd2 = wake_listen(run);
	ok(fd2 >= 0, "a second grader listens on the same FIFO");
	wake_poke(run);
	ok(waited(fd2, 5000) < 1000, "... and can take the nudge");
	close(fd);
	close(fd2);
	tmp_dir_remove();
	return tap_done();
}
