/*
 * test_cgroup.c - the cgroups of a run on this host (needs root): probing,
 * creating with limits, counting, removing. Skips what the host lacks.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/jail/cgroup.h"
#include "tests/tap.h"


int
main(void)
{
	const struct cgroup_host *h;
	struct cgroup_run r;
	struct cgroup_stats st;
	struct stat sb;
	char err[512] = "", path[700], buf[64];
	FILE *f;

	if (geteuid() != 0) {
		printf("1..0 # SKIP cgroups need root\n");
		return 0;
	}
	/* What a grader that died left is removed by the next one's probe:
	 * two children, each probing afresh (this process has not yet). */
	{
		int p[2], status = 1;
		pid_t pid;

		if (pipe(p) == -1)
			return 1;
		if ((pid = fork()) == 0) {
			const struct cgroup_host *c = cgroup_probe();

			snprintf(path, sizeof(path), "%s/assay-999999999-1",
			    c->ctl[CGROUP_PIDS].dir);
			if (c->ctl[CGROUP_PIDS].version == 0 || mkdir(path, 0755) == -1)
				path[0] = '\0';
			if (write(p[1], path, sizeof(path)) < 0)
				_exit(1);
			_exit(0);
		}
		close(p[1]);
		if (read(p[0], path, sizeof(path)) != (ssize_t)sizeof(path))
			path[0] = '\0';
		close(p[0]);
		waitpid(pid, NULL, 0);
		if (path[0] != '\0' && (pid = fork()) == 0)
			_exit(cgroup_probe() != NULL && stat(path, &sb) == -1 ? 0 : 1);
		if (path[0] != '\0') {
			waitpid(pid, &status, 0);
			ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			    "a dead grader's group is removed by the next probe");
			rmdir(path);
		} else
			ok(1, "# SKIP no pids controller");
	}

	h = cgroup_probe();
	ok(h == cgroup_probe(), "probed once");
	for (int i = 0; i < CGROUP_NCTL; i++)
		ok(h->ctl[i].version != 0 || h->ctl[i].why[0] != '\0',
		    "%s: v%d %s%s", cgroup_ctl_name(i), h->ctl[i].version, h->ctl[i].dir,
		    h->ctl[i].why);
	if (h->ctl[CGROUP_MEMORY].version != 1 || h->ctl[CGROUP_PIDS].version == 0) {
		ok(1, "# SKIP no v1 memory and pids controllers here");
		return tap_done();
	}
	is_int(cgroup_run_create(&r, h, CGROUP_ALL, 32 * 1024, 5, 1, err, sizeof(err)), 0,
	    "a run's groups are created %s", err);
	ok(r.ndirs >= 2 && strstr(r.dirs[0], "/assay-") != NULL, "named after us: %s",
	    r.dirs[0]);
	snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", r.dirs[0]);
	buf[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(buf, sizeof(buf), f) == NULL)
			buf[0] = '\0';
		fclose(f);
	}
	is_str(buf, "33554432\n", "with the memory limit");
	snprintf(path, sizeof(path), "%s/pids.max", r.dirs[1]);
	buf[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(buf, sizeof(buf), f) == NULL)
			buf[0] = '\0';
		fclose(f);
	}
	is_str(buf, "5\n", "and the tasks limit");
	ok(r.nprocs > 0, "membership files are open");
	snprintf(path, sizeof(path), "%s", r.dirs[0]);
	is_int(cgroup_run_finish(&r, &st, err, sizeof(err)), 0, "and removed %s", err);
	ok(st.oom_kills == 0 && st.has_memory, "nothing was killed in an empty group");
	ok(stat(path, &sb) == -1, "the group is gone");

	return tap_done();
}
