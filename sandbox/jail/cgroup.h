/*
 * cgroup.h - the control groups of a run: memory, processes and CPU of the
 * whole box, counted and limited by the kernel.
 *
 * A host offers each controller through cgroup v2 (the unified tree) or
 * cgroup v1 (one mount per controller, or a few co-mounted), or not at all.
 * cgroup_probe() finds out, once per process, from /proc/self/cgroup and
 * /proc/self/mountinfo: the runs' groups are children of the group the
 * caller is in, never of a fixed path. The jail uses a controller when it is
 * there and falls back to rlimits when it is not (jail.h says how); the
 * worker decides whether a missing one is acceptable (`assay doctor`).
 *
 *   controller  limit              counted
 *   memory      memory.max (v2)    memory.peak, memory.events oom_kill (v2)
 *               memory.limit_in_bytes and memsw (v1)
 *                                  memory.max_usage_in_bytes, oom_control's
 *                                  oom_kill (v1)
 *   pids        pids.max           -
 *   cpu         one CPU (cpu.max, cpu.cfs_quota_us): a box never takes both
 *               cores of a grader from the other slot
 *                                  cpu.stat usage_usec (v2), cpuacct.usage (v1)
 *
 * A run's groups are named after the grader's pid and a count
 * ("assay-4242-17"), so that graders of other data directories, or tests,
 * running at the same time with the same uids never meet; a group left by
 * a grader that died is removed by the next grader's cgroup_probe().
 */
#ifndef ASSAY_CGROUP_H
#define ASSAY_CGROUP_H

#include <stddef.h>
#include <sys/types.h>

enum { CGROUP_MEMORY, CGROUP_PIDS, CGROUP_CPU, CGROUP_NCTL };

/* How the host offers one controller. */
struct cgroup_ctl {
	int version;		/* 1 or 2; 0: not available */
	char dir[512];		/* the caller's group of that controller */
	char acct_dir[512];	/* v1 cpu: the cpuacct group (may equal dir) */
	char why[256];		/* version 0: why not; else "" */
};

struct cgroup_host {
	struct cgroup_ctl ctl[CGROUP_NCTL];
};

/*
 * Finds the controllers of this host (done once per process; later calls
 * return the same answer). Never fails: a controller that cannot be used
 * says why in its `why`. The result is static; do not free.
 */
const struct cgroup_host *cgroup_probe(void);

/* The controller's short name: "memory", "pids", "cpu". */
const char *cgroup_ctl_name(int ctl);

/* Controllers as bits, for cgroup_run_create()'s WHICH. */
#define CGROUP_BIT(ctl) (1u << (ctl))
#define CGROUP_ALL (CGROUP_BIT(CGROUP_MEMORY) | CGROUP_BIT(CGROUP_PIDS) | \
	CGROUP_BIT(CGROUP_CPU))

/*
 * The groups of one run, or of the runs of a cell, one after another:
 * a jail cell keeps its pids and CPU groups for all its runs (their
 * counters start again with each run: cgroup_run_restart()) and makes a
 * memory group per run, whose peak and OOM counter cannot be reset. Zero
 * it, then cgroup_run_create().
 */
struct cgroup_run {
	int active[CGROUP_NCTL];	/* the controller is used by this run */
	char dirs[4][600];	/* groups created (memory, pids, cpu, cpuacct) */
	int ndirs;
	int procs[4];		/* open "tasks" (v1) or cgroup.procs (v2) of
				   each group, -1 */
	int nprocs;
	int usage_fd;		/* cpuacct.usage or cpu.stat, -1 */
	int usage_v2;
	unsigned long long cpu_base;	/* ns used before this run */
};

/* What a run's groups counted. */
struct cgroup_stats {
	unsigned long long cpu_ns;	/* 0 when not counted */
	unsigned long long memory_peak;	/* bytes; 0 when not counted */
	unsigned long long oom_kills;	/* processes the OOM killer ended */
	int has_cpu, has_memory;
};

/*
 * Creates the groups of a run under the controllers in WHICH (CGROUP_BIT
 * of each) that HOST offers and sets the limits: MEMORY_KIB (0: none),
 * TASKS (pids.max; 0: none), and one CPU when CPU_QUOTA. Returns 0 with R's
 * membership files open (the program writes "0" to each to join:
 * cgroup_run_join()), or -1 with a message in ERR; R is then clean.
 */
int cgroup_run_create(struct cgroup_run *r, const struct cgroup_host *host,
    unsigned which, unsigned long memory_kib, unsigned tasks, int cpu_quota,
    char *err, size_t errlen);

/*
 * The controllers (CGROUP_BIT of each) whose groups a run can join beside
 * a memory group of its own: those of cgroup v1 mounted apart from the
 * memory controller (a process is in one group per hierarchy, and v2 has
 * one). 0 when none is.
 */
unsigned cgroup_shareable(const struct cgroup_host *host);

/*
 * Makes R's groups, empty again (every process of the run before has been
 * reaped), ready for another run: pids.max becomes TASKS (0: none), the CPU
 * time used so far the new run's zero, and the membership files are opened
 * again. Returns 0, or -1 with a message in ERR.
 */
int cgroup_run_restart(struct cgroup_run *r, unsigned tasks, char *err,
    size_t errlen);

/*
 * Moves the calling process into every group of R (for the box's init,
 * between fork and exec: async-signal-safe, no allocation) and closes the
 * descriptors. Returns 0, or -1 with errno set.
 */
int cgroup_run_join(const int *procs, int nprocs);

/* CPU time used so far by the run's processes, in ns (since the last
 * cgroup_run_restart()); 0 if not counted. */
unsigned long long cgroup_run_cpu_ns(const struct cgroup_run *r);

/*
 * Reads what R's groups counted into ST, then removes them (retrying while
 * the last processes finish leaving). Returns 0, or -1 with a message when
 * a group could not be read or removed. Always closes R's descriptors.
 */
int cgroup_run_finish(struct cgroup_run *r, struct cgroup_stats *st,
    char *err, size_t errlen);

#endif
