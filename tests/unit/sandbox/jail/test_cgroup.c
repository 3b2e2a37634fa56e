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


/*
 * A grader in a v1 cpu group whose quota is under one CPU (a container's
 * limit): the kernel refuses a child a larger quota (EINVAL), and the run's
 * group is made without one (-1), bounded by the grader's. In a child that moves
 * itself there before it probes. 1 when it held, 0 when not, -1 when this
 * host has no v1 cpu controller at /sys/fs/cgroup/cpu.
 */
static int
small_quota(void)
{
	char dir[256], file[300];
	int status = 0;
	pid_t pid;
	FILE *f;

	snprintf(dir, sizeof(dir), "/sys/fs/cgroup/cpu/assay-test-quota-%ld", (long)getpid());
	if (access("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", F_OK) == -1 || mkdir(dir, 0755) == -1)
		return -1;
	snprintf(file, sizeof(file), "%s/cpu.cfs_quota_us", dir);
	if ((f = fopen(file, "w")) == NULL || fputs("50000", f) == EOF || fclose(f) == EOF) {
		rmdir(dir);
		return -1;
	}
	if ((pid = fork()) == 0) {
		struct cgroup_run r;
		struct cgroup_stats st;
		char err[512] = "";

		snprintf(file, sizeof(file), "%s/cgroup.procs", dir);
		if ((f = fopen(file, "w")) == NULL || fprintf(f, "%ld", (long)getpid()) < 0 ||
		    fclose(f) == EOF)
			_exit(2);
		if (cgroup_run_create(&r, cgroup_probe(), CGROUP_BIT(CGROUP_CPU), 0, 0, 1, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "# %s\n", err);
			_exit(1);
		}
		/* Its group under the grader's, with no quota of its own. */
		{
			char q[32] = "", qf[700];

			snprintf(qf, sizeof(qf), "%s/cpu.cfs_quota_us", r.dirs[0]);
			if ((f = fopen(qf, "r")) == NULL || fgets(q, sizeof(q), f) == NULL)
				q[0] = '\0';
			if (f != NULL)
				fclose(f);
			_exit(strncmp(r.dirs[0], dir, strlen(dir)) == 0 && strcmp(q, "-1\n") == 0 &&
			    cgroup_run_finish(&r, &st, err, sizeof(err)) == 0 ? 0 : 1);
		}
	}
	waitpid(pid, &status, 0);
	rmdir(dir);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

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

	{
		int q = small_quota();

		if (q == -1)
			ok(1, "# SKIP no v1 cpu controller at /sys/fs/cgroup/cpu");
		else
			ok(q == 1, "a grader under a quota of half a CPU: its runs' groups"
			    " are made, bounded by its own");
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
