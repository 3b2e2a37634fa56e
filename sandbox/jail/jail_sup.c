/*
 * jail_sup.c - the supervisor's side of one run (jail_sup_run(), in a
 * cell's init): what needs memory is prepared before the run starts (its
 * description in the cell's shared page, its cgroups, rlimits, input and
 * pipes), the init is sent the run, and the run is watched until the init
 * reports it: output captured, limits enforced, forbidden system calls
 * named; then what was seen becomes the jail_result. A writable run is
 * lent the box and gives it back; a run that fails once started ends the
 * cell's init (jail_sup_stop_cell()), so that no process survives it.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "sandbox/jail/cgroup.h"
#include "sandbox/jail/jail.h"
#include "sandbox/jail/jail_impl.h"
#include "sandbox/jail/sysfilter.h"
#include "sandbox/util/deadline.h"
#include "sandbox/util/errmsg.h"

/* The environment of a run whose configuration gives none (jail.h). */
static char *const default_env[] = {
	"PATH=/usr/bin:/bin",
	"LANG=C.UTF-8",
	"HOME=/tmp",
	"TMPDIR=/tmp",
	NULL
};

/* One of the run's output pipes, and what was read from it. */
struct capture {
	int fd;
	int eof;
	char *buf;
	size_t len, cap;
	size_t *kept;	/* bytes kept, against limit: both pipes' count, or
			   with discard this one's own */
	size_t limit;
	int discard;	/* past the limit, read on and count in cut */
	size_t cut;
};

/* How long a stopped run may take to end before the cell is given up. */
#define STOP_GRACE_MS 5000

/* Adds rlimit RES = SOFT/HARD (bytes or units), capped at the host's hard
 * limit, which root without CAP_SYS_RESOURCE cannot raise. */
static int
jail_sup_add_rlimit(struct jail_run_desc *d, int res, rlim_t soft, rlim_t hard)
{
	struct rlimit cur;

	if (d->nrlim == JAIL_MAX_RLIMITS) {
		errno = ENOSPC;
		return -1;
	}
	if (getrlimit(res, &cur) == -1)
		return -1;
	if (hard > cur.rlim_max)
		hard = cur.rlim_max;
	if (soft > hard)
		soft = hard;
	d->rlim_res[d->nrlim] = res;
	d->rlim[d->nrlim].rlim_cur = soft;
	d->rlim[d->nrlim].rlim_max = hard;
	d->nrlim++;
	return 0;
}

/*
 * The rlimits of a run, the CPU timer and /tmp's options, into D.
 * MEMORY_CGROUP: the box's memory is the cgroup's to limit, exactly;
 * RLIMIT_AS would make allocations fail first, an ambiguous end.
 *
 * The box's memory, tasks and CPU are cgroup limits where the host has the
 * controllers (cgroup.h): the memory limit is then exact (a process over it
 * is killed by the kernel, whose OOM counter tells us so for certain:
 * JAIL_MEMORY_LIMIT), pids.max counts processes and threads, one CPU at
 * most, and the supervisor reads the box's CPU time while it runs. File
 * size, open files, stack and CPU time per process are rlimits, and so are
 * memory (RLIMIT_AS) and processes (RLIMIT_NPROC: the uid of a slot is used
 * by one run at a time, so its count is the run's own) when there is no
 * controller. RLIMIT_CPU counts whole seconds, so an ITIMER_PROF timer (it
 * survives execve) stops each process at its limit, to the scheduler tick;
 * RLIMIT_CPU stays as the backstop a second later. Root here lacks
 * CAP_SYS_RESOURCE: rlimits are capped at the host's hard limits.
 */
static int
jail_sup_limits(struct jail_run_desc *d, const struct jail_limits *l, int memory_cgroup,
    char *err, size_t errlen)
{
	const rlim_t kib = 1024;
	struct rlimit stack;

	d->nrlim = 0;
	d->cpu_timer_on = 0;
	memset(&d->cpu_timer, 0, sizeof(d->cpu_timer));
	if (getrlimit(RLIMIT_STACK, &stack) == -1)
		goto err;
	if (l->cpu_ms > 0) {
		rlim_t s = (l->cpu_ms + 999) / 1000 + 1;

		if (jail_sup_add_rlimit(d, RLIMIT_CPU, s, s + 1) == -1)
			goto err;
		d->cpu_timer_on = 1;
		d->cpu_timer.it_value.tv_sec = l->cpu_ms / 1000;
		d->cpu_timer.it_value.tv_usec = (l->cpu_ms % 1000) * 1000;
	}
	if (l->memory_kib > 0 && !memory_cgroup &&
	    jail_sup_add_rlimit(d, RLIMIT_AS, l->memory_kib * kib,
	    l->memory_kib * kib) == -1)
		goto err;
	if (l->stack_kib > 0 || l->memory_kib > 0) {
		/* The hard limit stays high enough for gcc, which raises its
		 * own soft limit to 64 MiB; the memory limit bounds it anyway.
		 * By default half the memory: a runaway recursion is a stack
		 * overflow (SIGSEGV), not the box's memory limit. */
		rlim_t soft = l->stack_kib > 0 ? l->stack_kib * kib :
		    (l->memory_kib / 2 < 65536 ? l->memory_kib / 2 : 65536) * kib;
		rlim_t hard = l->memory_kib > 0 ? l->memory_kib * kib : stack.rlim_max;

		if (hard < soft)
			hard = soft;
		if (jail_sup_add_rlimit(d, RLIMIT_STACK, soft, hard) == -1)
			goto err;
	}
	if (l->fsize_kib > 0 &&
	    jail_sup_add_rlimit(d, RLIMIT_FSIZE, l->fsize_kib * kib,
	    l->fsize_kib * kib) == -1)
		goto err;
	if (l->files > 0 && jail_sup_add_rlimit(d, RLIMIT_NOFILE, l->files, l->files) == -1)
		goto err;
	/* Also with the pids cgroup: a second count, by uid, costs nothing. */
	if (l->processes > 0 &&
	    jail_sup_add_rlimit(d, RLIMIT_NPROC, l->processes, l->processes) == -1)
		goto err;
	/* No core dumps, and 1 rather than 0: a core_pattern that pipes to
	 * a helper (systemd-coredump, apport) ignores 0 but honours 1 (see
	 * core(5)), and 1 byte is too little for a core file. No locked
	 * memory either. */
	if (jail_sup_add_rlimit(d, RLIMIT_CORE, 1, 1) == -1 ||
	    jail_sup_add_rlimit(d, RLIMIT_MEMLOCK, 0, 0) == -1)
		goto err;
	d->tmp_kib = l->tmp_kib;
	snprintf(d->tmp_opts, sizeof(d->tmp_opts), "size=%uk,nr_inodes=1024,mode=1777",
	    l->tmp_kib > 0 ? l->tmp_kib : 4);
	return 0;
err:
	errmsg_set(err, errlen, "jail: getrlimit: %s", strerror(errno));
	return -1;
}

/* N bytes of D's arena (16-aligned), or NULL when it is full. */
static void *
jail_sup_desc_alloc(struct jail_run_desc *d, size_t n)
{
	size_t off = (d->used + 15) & ~(size_t)15;

	if (off > JAIL_DESC_ARENA || n > JAIL_DESC_ARENA - off)
		return NULL;
	d->used = off + n;
	return d->arena + off;
}

/* A copy of the NULL-terminated vector V (strings included) in D. */
static char **
jail_sup_desc_strings(struct jail_run_desc *d, char *const *v)
{
	size_t n = 0;
	char **a;

	while (v[n] != NULL)
		n++;
	if ((a = jail_sup_desc_alloc(d, (n + 1) * sizeof(*a))) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;

		if ((a[i] = jail_sup_desc_alloc(d, len)) == NULL)
			return NULL;
		memcpy(a[i], v[i], len);
	}
	a[n] = NULL;
	return a;
}

/* What CFG runs, with FILTER, into D. 0, or -1 with ERR. */
static int
jail_sup_desc_fill(struct jail_run_desc *d, const struct jail_config *cfg,
    const struct sysfilter *filter, char *err, size_t errlen)
{
	size_t n = filter->prog.len * sizeof(struct sock_filter);
	void *bpf;

	d->used = 0;
	d->writable = cfg->writable != 0;
	if ((bpf = jail_sup_desc_alloc(d, n)) == NULL ||
	    (d->argv = jail_sup_desc_strings(d, cfg->argv)) == NULL ||
	    (d->envp = jail_sup_desc_strings(d, cfg->envp != NULL ? cfg->envp :
	    default_env)) == NULL) {
		errmsg_set(err, errlen, "jail: the arguments and environment pass %u KiB",
		    (unsigned)(JAIL_DESC_ARENA / 1024));
		return -1;
	}
	memcpy(bpf, filter->prog.filter, n);
	d->prog.len = filter->prog.len;
	d->prog.filter = bpf;
	return 0;
}

/* Standard input: a sealed memfd holding INPUT (no writer, so no pipe to
 * deadlock on, and the program cannot change it). Returns the fd or -1. */
static int
jail_sup_input(const char *input, size_t len, char *err, size_t errlen)
{
	int fd;
	size_t off = 0;

	if ((fd = memfd_create("stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING)) == -1) {
		errmsg_set(err, errlen, "jail: memfd_create: %s", strerror(errno));
		return -1;
	}
	while (off < len) {
		ssize_t n = write(fd, input + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			errmsg_set(err, errlen, "jail: writing the input: %s", strerror(errno));
			goto err;
		}
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
	    F_SEAL_SEAL) == -1 || lseek(fd, 0, SEEK_SET) == -1) {
		errmsg_set(err, errlen, "jail: sealing the input: %s", strerror(errno));
		goto err;
	}
	return fd;
err:
	close(fd);
	return -1;
}

/* Reads what is available on CAP's pipe. Returns the number of bytes past
 * the limit (then stops keeping them), 0, or -1 on error. With discard,
 * what is past the limit is counted in CAP->cut and 0 returned after one
 * read: a flood must not keep the caller from its deadlines. */
static int
jail_sup_capture_read(struct capture *cap)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(cap->fd, buf, sizeof(buf));
		size_t keep;

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return 0;
		if (n == -1)
			return -1;
		if (n == 0) {
			cap->eof = 1;
			return 0;
		}
		keep = (size_t)n;
		if (*cap->kept + keep > cap->limit)
			keep = cap->limit - *cap->kept;
		if (cap->len + keep + 1 > cap->cap) {
			size_t ncap = cap->cap ? cap->cap : 4096;
			char *p;

			while (ncap < cap->len + keep + 1)
				ncap *= 2;
			if ((p = realloc(cap->buf, ncap)) == NULL)
				return -1;
			cap->buf = p;
			cap->cap = ncap;
		}
		memcpy(cap->buf + cap->len, buf, keep);
		cap->len += keep;
		cap->buf[cap->len] = '\0';
		*cap->kept += keep;
		if (keep < (size_t)n && cap->discard) {
			cap->cut += (size_t)n - keep;
			return 0;
		}
		if (keep < (size_t)n)
			return 1;
	}
}

/* Stops the run: a queued signal to the init naming the run, whose
 * handler kills every other process of the namespace (jail_init_on_stop());
 * the init's report follows. */
static int
jail_sup_stop(struct jail_watch *w, enum jail_kill_reason why, char *err, size_t errlen)
{
	siginfo_t si;

	if (w->killed != JAIL_KILL_NONE)
		return 0;
	memset(&si, 0, sizeof(si));
	si.si_signo = jail_stop_signal();
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = (int)w->run;
	if (pidfd_send_signal(w->pidfd, jail_stop_signal(), &si, 0) == -1 &&
	    errno != ESRCH) {
		errmsg_set(err, errlen, "jail: pidfd_send_signal: %s", strerror(errno));
		return -1;
	}
	w->killed = why;
	w->stop_deadline = deadline_now() + STOP_GRACE_MS;
	return 0;
}

/* Reads the messages waiting on the socket. 0, or -1 with ERR. */
int
jail_sup_read_messages(struct jail_watch *w, char *err, size_t errlen)
{
	for (;;) {
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(sizeof(int))];
		} ctl;
		struct msghdr mh;
		struct iovec iov;
		struct cmsghdr *cm;
		struct jail_msg m;
		ssize_t n;
		int fd = -1;

		jail_msg_header(&mh, &iov, &m, ctl.buf, sizeof(ctl.buf));
		n = recvmsg(w->msgfd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n == -1) {
			errmsg_set(err, errlen, "jail: reading the messages: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
				memcpy(&fd, CMSG_DATA(cm), sizeof(int));
		if (n != (ssize_t)sizeof(m)) {
			if (fd != -1)
				close(fd);
			continue;
		}
		if (m.kind == JAIL_MSG_LISTENER && fd != -1 && w->notifyfd == -1) {
			w->notifyfd = fd;
			fd = -1;
		} else if (m.kind == JAIL_MSG_ERROR && !w->failed && w->why[0] == '\0') {
			m.what[sizeof(m.what) - 1] = '\0';
			snprintf(w->why, sizeof(w->why), "%s: %s", m.what, strerror(m.err));
			/* After a stop, a step that fails (the denied execve)
			 * is the stop's doing. */
			w->failed = w->killed == JAIL_KILL_NONE;
		} else if (m.kind == JAIL_MSG_READY) {
			w->ready = 1;
			w->ready_flags = m.flags;
		} else if (m.kind == JAIL_MSG_DONE) {
			if (m.run != w->run) {
				errmsg_set(err, errlen, "jail: the init reported run %u during"
				    " run %u", m.run, w->run);
				if (fd != -1)
					close(fd);
				return -1;
			}
			w->done = 1;
			w->status = m.status;
			w->maxrss_kib = m.maxrss_kib;
			w->cpu_us = m.cpu_us;
		}
		if (fd != -1)
			close(fd);
	}
}

/*
 * A notification of the filter: the program's own first execve goes on
 * (or fails, when the run was stopped before it: the init waits for that
 * execve before it can kill anything); any other call is forbidden, named,
 * and stops the run (the caller waits in the kernel until it is killed:
 * the call never runs). A call outside the profile is notified rather
 * than killed so that it can be named (sysfilter.h); the program hands the
 * filter's listener over right after loading it (jail_prog_setup_seccomp()).
 */
static int
jail_sup_notification(struct jail_watch *w, char *err, size_t errlen)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(w->notifyfd, SECCOMP_IOCTL_NOTIF_RECV, &req) == -1) {
		/* ENOENT: the caller died (killed) before we read it. */
		if (errno == EINTR || errno == ENOENT)
			return 0;
		errmsg_set(err, errlen, "jail: receiving a seccomp notification: %s",
		    strerror(errno));
		return -1;
	}
	if (w->filter->exec_once && !w->exec_seen &&
	    sysfilter_is_execve(req.data.arch, req.data.nr)) {
		/* Before its execve the program is our own code, alone under
		 * the filter: this is that execve. */
		w->exec_seen = 1;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		if (w->killed == JAIL_KILL_NONE)
			resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		else
			resp.error = -EPERM;
		if (ioctl(w->notifyfd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == -1 &&
		    errno != ENOENT) {
			errmsg_set(err, errlen, "jail: answering a seccomp notification: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (w->killed == JAIL_KILL_NONE)
		sysfilter_call_name(req.data.arch, req.data.nr, w->syscall,
		    sizeof(w->syscall));
	return jail_sup_stop(w, JAIL_KILL_SYSCALL, err, errlen);
}

/*
 * Before each poll of a run the init has not reported: stops it past the
 * wall deadline DEADLINE, or past its CPU limit when the box's CPU time,
 * looked at once *CPU_CHECK comes (0: never), says so; gives up on a run
 * that did not end within STOP_GRACE_MS of being stopped. Returns how long
 * the poll may wait for the nearest deadline (ms), or -1 with ERR.
 */
static int
jail_sup_deadlines(struct jail_watch *w, long long deadline, long long *cpu_check,
    unsigned long long cpu_limit_ns, long long now, char *err, size_t errlen)
{
	int timeout;

	if (now >= deadline && jail_sup_stop(w, JAIL_KILL_WALL, err, errlen) == -1)
		return -1;
	if (*cpu_check > 0 && now >= *cpu_check) {
		unsigned long long used = cgroup_run_cpu_ns(w->cg);

		if (used >= cpu_limit_ns) {
			if (jail_sup_stop(w, JAIL_KILL_CPU, err, errlen) == -1)
				return -1;
			*cpu_check = 0;
		} else
			*cpu_check = now + 1 + (long long)((cpu_limit_ns - used) / 1000000);
	}
	if (w->killed != JAIL_KILL_NONE && now >= w->stop_deadline) {
		errmsg_set(err, errlen, "jail: the run did not end within %d s of"
		    " being stopped", STOP_GRACE_MS / 1000);
		return -1;
	}
	if (w->killed != JAIL_KILL_NONE)
		timeout = (int)(w->stop_deadline - now);
	else {
		timeout = (int)(deadline - now);
		if (*cpu_check > 0 && *cpu_check - now < timeout)
			timeout = (int)(*cpu_check - now);
	}
	return timeout < 0 ? 0 : timeout;
}

/*
 * Watches the run until the init reported it (or died) and the pipes are
 * drained, stopping the run past the wall deadline, the output limit or the
 * CPU limit, or at a forbidden system call. Returns 0 and the end time in
 * *END, or -1 with a message (the caller then ends the cell: SIGKILL to the
 * init, and the kernel kills the namespace).
 *
 * It polls the program's stdout and stderr pipes (so that a flood can never
 * block the program, nor a silent program block us), the message socket,
 * the filter's listener and the init's pidfd, with the nearest deadline
 * (the wall clock, the next look at the box's CPU time) as timeout.
 *
 * A little over a hundred lines, kept whole: one poll loop, whose poll set
 * and handling of each descriptor's events read best side by side.
 */
static int
jail_sup_watch(struct jail_watch *w, struct capture *out, struct capture *errc,
    const struct jail_limits *l, long long start, long long *end, char *err,
    size_t errlen)
{
	long long deadline = start + l->wall_ms, drain_deadline = 0, cpu_check = 0;
	unsigned long long cpu_limit_ns = (unsigned long long)l->cpu_ms * 1000000;
	int exited = 0;

	/* The box's CPU time can be watched while it runs: looked at when it
	 * could first have reached the limit (at most one CPU), then again
	 * when the rest could have been used. */
	if (w->cg != NULL && w->cg->usage_fd != -1 && l->cpu_ms > 0)
		cpu_check = start + l->cpu_ms;

	while (!exited || !out->eof || !errc->eof) {
		struct pollfd p[5];
		struct capture *caps[2];
		int n = 0, ncap = 0, ipid = -1, imsg = -1, inot = -1, timeout, r;
		long long now = deadline_now();

		if (!exited) {
			timeout = jail_sup_deadlines(w, deadline, &cpu_check,
			    cpu_limit_ns, now, err, errlen);
			if (timeout == -1)
				return -1;
		} else {
			if (drain_deadline == 0)
				drain_deadline = now + 1000;
			if (now >= drain_deadline)
				break;	/* a stray copy of a write end; keep what we have */
			timeout = (int)(drain_deadline - now);
		}

		if (!out->eof) {
			p[n].fd = out->fd;
			p[n++].events = POLLIN;
			caps[ncap++] = out;
		}
		if (!errc->eof) {
			p[n].fd = errc->fd;
			p[n++].events = POLLIN;
			caps[ncap++] = errc;
		}
		if (!exited) {
			ipid = n;
			p[n].fd = w->pidfd;
			p[n++].events = POLLIN;
			imsg = n;
			p[n].fd = w->msgfd;
			p[n++].events = POLLIN;
			if (w->notifyfd != -1) {
				inot = n;
				p[n].fd = w->notifyfd;
				p[n++].events = POLLIN;
			}
		}
		r = poll(p, (nfds_t)n, timeout);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			errmsg_set(err, errlen, "jail: poll: %s", strerror(errno));
			return -1;
		}
		for (int i = 0; i < ncap; i++) {
			int over;

			if (p[i].revents == 0)
				continue;
			if ((over = jail_sup_capture_read(caps[i])) == -1) {
				errmsg_set(err, errlen, "jail: reading the output: %s",
				    strerror(errno));
				return -1;
			}
			if (over > 0) {
				/* Nothing more is kept: stop listening. */
				out->eof = errc->eof = 1;
				if (jail_sup_stop(w, JAIL_KILL_OUTPUT, err, errlen) == -1)
					return -1;
			}
		}
		if (imsg != -1 && p[imsg].revents != 0 &&
		    jail_sup_read_messages(w, err, errlen) == -1)
			return -1;
		if (inot != -1 && (p[inot].revents & POLLIN) &&
		    jail_sup_notification(w, err, errlen) == -1)
			return -1;
		if (inot != -1 && (p[inot].revents & (POLLHUP | POLLERR)) &&
		    !(p[inot].revents & POLLIN)) {
			/* Nobody is under the filter any more. */
			close(w->notifyfd);
			w->notifyfd = -1;
		}
		if (ipid != -1 && (p[ipid].revents & (POLLIN | POLLHUP | POLLERR)))
			w->init_died = 1;
		if (!exited && (w->done || w->init_died)) {
			exited = 1;
			*end = deadline_now();
		}
	}
	if (!exited)
		*end = deadline_now();
	return jail_sup_read_messages(w, err, errlen);
}

/* Decides what the program did, from the supervisor's jail_watch W and the
 * cgroups' counts ST. */
static void
jail_sup_classify(struct jail_result *res, const struct jail_limits *l,
    const struct jail_watch *w, const struct cgroup_stats *st)
{
	int status = w->status;
	int sig = w->done && WIFSIGNALED(status) ? WTERMSIG(status) : 0;

	res->code = -1;
	res->signal = w->killed != JAIL_KILL_NONE ? SIGKILL : sig;
	if (w->killed == JAIL_KILL_SYSCALL) {
		res->status = JAIL_SIGNALED;
		res->signal = SIGSYS;
		snprintf(res->syscall, sizeof(res->syscall), "%s", w->syscall);
	} else if (w->killed == JAIL_KILL_OUTPUT)
		res->status = JAIL_OUTPUT_LIMIT;
	else if (st->oom_kills > 0)
		/* The kernel killed a process of the box at its memory limit:
		 * certain, whatever the program did after. */
		res->status = JAIL_MEMORY_LIMIT;
	else if (l->cpu_ms > 0 && (w->killed == JAIL_KILL_CPU || res->cpu_ms > l->cpu_ms ||
	    sig == SIGPROF || sig == SIGXCPU))
		res->status = JAIL_CPU_LIMIT;
	else if (w->killed == JAIL_KILL_WALL)
		res->status = JAIL_WALL_LIMIT;
	else if (WIFEXITED(status)) {
		res->status = JAIL_EXITED;
		res->code = WEXITSTATUS(status);
	} else
		res->status = JAIL_SIGNALED;

	/* Without a memory cgroup, RLIMIT_AS makes allocations fail: a bad
	 * end after using much of the limit may be that. */
	if (!st->has_memory && l->memory_kib > 0 &&
	    res->memory_kib * 2 >= l->memory_kib &&
	    (res->status == JAIL_SIGNALED ||
	    (res->status == JAIL_EXITED && res->code != 0)))
		res->memory_suspect = 1;
}

/* Sends run RUN's message with its descriptors FDS. 0, or -1 with ERR. */
static int
jail_sup_send_run(struct jail_cell *s, unsigned run, int flags, const int *fds,
    int nfds, char *err, size_t errlen)
{
	struct jail_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = JAIL_MSG_RUN;
	m.run = run;
	m.flags = flags;
	m.nfds = nfds;
	if (jail_msg_send(s->msgfd, &m, fds, nfds) == -1) {
		errmsg_set(err, errlen, "jail: sending the run to the init: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * A run as the supervisor holds it, from its preparation to its end: each
 * descriptor -1 and each flag 0 until made, so that jail_sup_run_end() can
 * undo whatever was done.
 */
struct run_state {
	struct jail_watch w;
	struct cgroup_run cg;		/* the run's own groups, once cg_made */
	struct cgroup_stats st;
	struct capture out, errc;
	int in_fd, outp[2], errp[2];
	int boxfd;			/* a new box's mount, for the init */
	int fds[JAIL_RUN_FDS], nfds;	/* what the RUN message carries */
	int cg_made, lent, started;
	long long start, end;
	size_t kept[2];			/* the output kept (struct capture) */
};

/*
 * The run's cgroups, which only its processes join: a memory group of its
 * own (its peak and OOM counter cannot be reset), and where the host
 * allows, the cell's pids and CPU groups, empty between runs, their limits
 * and counters set again (making and removing groups is a good part of a
 * run's cost). 0, or -1 with ERR.
 *
 * So a run's limits and counters are its own: its memory group is created
 * before it and removed after it, and only its program joins it (before
 * dropping its privileges, jail_prog_setup_cgroup()), its processes
 * inheriting it; the init stays out, so the OOM kills, the peak and the
 * limit are the run's alone. The pids and CPU groups are the run's too, or,
 * where cgroup v1 mounts them apart from memory, the cell's: empty between
 * runs, pids.max written and the CPU time taken as zero again before each
 * (their other counters, which no program reads, go on). rlimits, the CPU
 * timer, the seccomp filter and its listener are the program's, made per
 * run; a cgroup namespace per run shows it only its groups.
 */
static int
jail_sup_cgroups(struct jail_cell *s, const struct jail_limits *l,
    struct run_state *r, char *err, size_t errlen)
{
	const struct cgroup_host *cgh = cgroup_probe();

	if (!s->shared_made && (s->shared = cgroup_shareable(cgh)) != 0) {
		if (cgroup_run_create(&s->shared_cg, cgh, s->shared, 0, 0, 1, err,
		    errlen) == -1)
			return -1;
		s->shared_made = 1;
	}
	if (s->shared_made && cgroup_run_restart(&s->shared_cg, l->processes,
	    err, errlen) == -1)
		return -1;
	if (cgroup_run_create(&r->cg, cgh, CGROUP_ALL & ~s->shared, l->memory_kib,
	    l->processes, 1, err, errlen) == -1)
		return -1;
	r->cg_made = 1;
	r->w.cg = s->shared & CGROUP_BIT(CGROUP_CPU) ? &s->shared_cg : &r->cg;
	return 0;
}

/*
 * Everything run R needs before it starts, in the order the run needs it:
 * its filter and description in S's shared page, its cgroups, rlimits,
 * input and pipes, the descriptors its RUN message carries (a new box's
 * mount among them), and the box lent to the uid for a writable run.
 * 0, or -1 with ERR.
 */
static int
jail_sup_prepare(struct jail_cell *s, const struct jail_config *cfg,
    struct run_state *r, char *err, size_t errlen)
{
	const struct jail_limits *l = &cfg->limits;

	if (sysfilter_get(cfg->profile, &r->w.filter, err, errlen) == -1)
		return -1;
	if (jail_sup_desc_fill(s->desc, cfg, r->w.filter, err, errlen) == -1)
		return -1;
	if (jail_sup_cgroups(s, l, r, err, errlen) == -1)
		return -1;
	if (jail_sup_limits(s->desc, l, r->cg.active[CGROUP_MEMORY], err, errlen) == -1)
		return -1;
	if ((r->in_fd = jail_sup_input(cfg->input, cfg->input_len, err, errlen)) == -1)
		return -1;
	if (pipe2(r->outp, O_CLOEXEC) == -1 || pipe2(r->errp, O_CLOEXEC) == -1) {
		errmsg_set(err, errlen, "jail: pipe: %s", strerror(errno));
		return -1;
	}
	/* Only our ends are non-blocking: the program's writes must block. */
	if (fcntl(r->outp[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(r->errp[0], F_SETFL, O_NONBLOCK) == -1) {
		errmsg_set(err, errlen, "jail: fcntl: %s", strerror(errno));
		return -1;
	}
	r->fds[r->nfds++] = r->in_fd;
	r->fds[r->nfds++] = r->outp[1];
	r->fds[r->nfds++] = r->errp[1];
	for (int i = 0; i < r->cg.nprocs && r->nfds < 3 + JAIL_MAX_CG; i++)
		r->fds[r->nfds++] = r->cg.procs[i];
	for (int i = 0; s->shared_made && i < s->shared_cg.nprocs &&
	    r->nfds < 3 + JAIL_MAX_CG; i++)
		r->fds[r->nfds++] = s->shared_cg.procs[i];
	if (s->new_box) {
		/* The box directory's mount, for the init to use from now on. */
		if ((r->boxfd = open_tree(AT_FDCWD, s->box, OPEN_TREE_CLONE |
		    OPEN_TREE_CLOEXEC)) == -1) {
			errmsg_set(err, errlen, "jail: open_tree %s: %s", s->box,
			    strerror(errno));
			return -1;
		}
		r->fds[r->nfds++] = r->boxfd;
	}
	if (cfg->writable) {
		if (jail_sup_lend_box(cfg, err, errlen) == -1)
			return -1;
		r->lent = 1;
	}
	return 0;
}

/*
 * Starts run R: its clock, its RUN message to S's init, then our copies of
 * the descriptors the init now holds closed (the program's ends of the
 * pipes must have no other writer). 0, or -1 with ERR.
 */
static int
jail_sup_start(struct jail_cell *s, struct run_state *r, char *err, size_t errlen)
{
	r->start = deadline_now();
	s->runs++;
	r->started = 1;
	if (jail_sup_send_run(s, r->w.run, r->boxfd != -1 ? JAIL_RUN_NEW_BOX : 0,
	    r->fds, r->nfds, err, errlen) == -1)
		return -1;
	s->new_box = 0;
	s->started = 1;
	/* The init holds its own copies now. */
	close(r->outp[1]);
	close(r->errp[1]);
	close(r->in_fd);
	r->outp[1] = r->errp[1] = r->in_fd = -1;
	for (int i = 0; i < r->cg.nprocs; i++) {
		close(r->cg.procs[i]);
		r->cg.procs[i] = -1;
	}
	for (int i = 0; s->shared_made && i < s->shared_cg.nprocs; i++) {
		close(s->shared_cg.procs[i]);
		s->shared_cg.procs[i] = -1;
	}
	r->out.fd = r->outp[0];
	r->errc.fd = r->errp[0];
	return 0;
}

/*
 * What watched run R did, into RES: a failure of the jail when the init
 * said a step failed or ended before its report; else the cgroups' counts
 * (the run's groups removed), the times, the memory, the layers, the
 * verdict and the output. 0, or -1 with ERR.
 */
static int
jail_sup_result(struct jail_cell *s, const struct jail_limits *l,
    struct run_state *r, struct jail_result *res, char *err, size_t errlen)
{
	const struct jail_watch *w = &r->w;

	if (w->failed) {
		errmsg_set(err, errlen, "jail: %s", w->why);
		return -1;
	}
	if (!w->done) {
		/* Its last words, if any, say why. */
		errmsg_set(err, errlen, "jail: the cell's init ended during the run%s%s",
		    w->why[0] ? ": " : "", w->why);
		return -1;
	}
	r->cg_made = 0;
	if (cgroup_run_finish(&r->cg, &r->st, err, errlen) == -1)
		return -1;
	if (s->shared & CGROUP_BIT(CGROUP_CPU)) {
		r->st.cpu_ns = cgroup_run_cpu_ns(&s->shared_cg);
		r->st.has_cpu = 1;
	}
	for (int i = 0; i < CGROUP_NCTL; i++)
		r->cg.active[i] |= s->shared_made && s->shared_cg.active[i];
	res->wall_ms = (unsigned)(r->end - r->start);
	res->cpu_ms = r->st.has_cpu ? (unsigned)(r->st.cpu_ns / 1000000) :
	    (unsigned)(w->cpu_us / 1000);
	res->memory_kib = r->st.has_memory && r->st.memory_peak > 0 ?
	    (unsigned long)(r->st.memory_peak / 1024) : (unsigned long)w->maxrss_kib;
	res->layers = JAIL_LAYER_UID | JAIL_LAYER_NAMESPACES | JAIL_LAYER_ROOT |
	    JAIL_LAYER_SECCOMP | JAIL_LAYER_RLIMITS |
	    (r->cg.active[CGROUP_MEMORY] ? JAIL_LAYER_CGROUP_MEMORY : 0) |
	    (r->cg.active[CGROUP_PIDS] ? JAIL_LAYER_CGROUP_PIDS : 0) |
	    (r->cg.active[CGROUP_CPU] ? JAIL_LAYER_CGROUP_CPU : 0);

	jail_sup_classify(res, l, w, &r->st);
	res->out = r->out.buf;
	res->out_len = r->out.len;
	res->err = r->errc.buf;
	res->err_len = r->errc.len;
	res->out_cut = r->out.cut;
	res->err_cut = r->errc.cut;
	r->out.buf = r->errc.buf = NULL;
	/* Callers may rely on the buffers being strings. */
	if ((res->out == NULL && (res->out = strdup("")) == NULL) ||
	    (res->err == NULL && (res->err = strdup("")) == NULL)) {
		errmsg_set(err, errlen, "jail: out of memory");
		return -1;
	}
	return 0;
}

/* An nftw callback (they have no user data: this one needs none). */
static int
jail_sup_reclaim_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	mode_t mode;

	(void)ftw;
	if (type == FTW_NS)
		return ENOENT;
	if (lchown(path, 0, 0) == -1)
		return errno;
	if (type == FTW_SL || type == FTW_SLN)
		return 0;
	mode = st->st_mode & 0777 & ~(mode_t)(S_IWGRP | S_IWOTH);
	if (chmod(path, mode) == -1)
		return errno;
	return 0;
}

/* Lends the box to the uid for a writable run. */
int
jail_sup_lend_box(const struct jail_config *cfg, char *err, size_t errlen)
{
	if (chown(cfg->box, cfg->uid, cfg->gid) == -1 || chmod(cfg->box, 0700) == -1) {
		errmsg_set(err, errlen, "jail: lending the box %s: %s", cfg->box,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Takes the box back after a writable run: every file root's, no set-id
 * bits, no write access for others. */
int
jail_sup_reclaim_box(const struct jail_config *cfg, char *err, size_t errlen)
{
	int e = nftw(cfg->box, jail_sup_reclaim_one, 16, FTW_PHYS | FTW_MOUNT);

	if (e == 0 && chmod(cfg->box, 0755) == -1)
		e = errno;
	if (e != 0) {
		errmsg_set(err, errlen, "jail: taking back the box %s: %s", cfg->box,
		    strerror(e == -1 ? errno : e));
		return -1;
	}
	return 0;
}

/*
 * Ends S's init, if any: SIGKILL ends its namespace (every process of the
 * cell) and its mount namespace; then it is reaped.
 *
 * Nothing of a cell outlives it: its processes die with each run, and with
 * the pid namespace at the latest (the init has a parent-death signal: a
 * supervisor killed with SIGKILL takes the cell with it); the root, /tmp
 * and /dev are in the mount namespace, which dies with its last process;
 * SysV IPC and POSIX queues live in its private ipc namespace; a run's
 * cgroups are removed once its processes are gone, the cell's when it is
 * closed. Nothing of the host is writable but the box of a writable run,
 * whose files the supervisor gives back to root afterwards.
 */
void
jail_sup_stop_cell(struct jail_cell *s)
{
	if (s->pid > 0) {
		if (pidfd_send_signal(s->pidfd, SIGKILL, NULL, 0) == -1)
			(void)kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, __WALL) == -1 && errno == EINTR)
			;
		s->pid = -1;
	}
	if (s->pidfd != -1)
		close(s->pidfd);
	if (s->msgfd != -1)
		close(s->msgfd);
	s->pidfd = s->msgfd = -1;
	s->runs = 0;
}

/*
 * Undoes what run R made, RC saying how it went (0 or -1): after a failure
 * once started, S's init is ended (no process may survive); the run's
 * groups are removed and a lent box taken back, either failing making RC
 * -1 (ERR says why, unless it holds the failure already); every
 * descriptor and buffer of R goes, and on -1 RES's output. Returns RC.
 */
static int
jail_sup_run_end(struct jail_cell *s, const struct jail_config *cfg,
    struct run_state *r, int rc, struct jail_result *res, char *err,
    size_t errlen)
{
	if (rc == -1 && r->started)
		/* Something failed after the start: no process may survive. */
		jail_sup_stop_cell(s);
	if (r->cg_made && cgroup_run_finish(&r->cg, &r->st, rc == 0 ? err : NULL,
	    errlen) == -1)
		rc = -1;
	if (r->lent && jail_sup_reclaim_box(cfg, rc == 0 ? err : NULL, errlen) == -1)
		rc = -1;
	free(r->out.buf);
	free(r->errc.buf);
	for (int i = 0; i < 2; i++) {
		if (r->outp[i] != -1)
			close(r->outp[i]);
		if (r->errp[i] != -1)
			close(r->errp[i]);
	}
	if (r->in_fd != -1)
		close(r->in_fd);
	if (r->boxfd != -1)
		close(r->boxfd);
	if (r->w.notifyfd != -1)
		close(r->w.notifyfd);
	if (rc == -1) {
		free(res->out);
		free(res->err);
		res->out = res->err = NULL;
	}
	return rc;
}

/* One run in S's init (the body of jail_cell_run()). On -1, S's init
 * has been ended. */
int
jail_sup_run(struct jail_cell *s, const struct jail_config *cfg,
    struct jail_result *res, char *err, size_t errlen)
{
	struct run_state r;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.out.fd = r.errc.fd = -1;
	r.in_fd = r.boxfd = -1;
	r.outp[0] = r.outp[1] = r.errp[0] = r.errp[1] = -1;
	r.w.pidfd = s->pidfd;
	r.w.msgfd = s->msgfd;
	r.w.notifyfd = -1;
	r.w.run = s->runs + 1;
	r.out.limit = r.errc.limit = (size_t)cfg->limits.output_kib * 1024;
	r.out.discard = r.errc.discard = cfg->output_discard != 0;
	r.out.kept = &r.kept[0];
	r.errc.kept = &r.kept[cfg->output_discard ? 1 : 0];
	if (jail_sup_prepare(s, cfg, &r, err, errlen) == 0 &&
	    jail_sup_start(s, &r, err, errlen) == 0 &&
	    jail_sup_watch(&r.w, &r.out, &r.errc, &cfg->limits, r.start, &r.end, err,
	    errlen) == 0 &&
	    jail_sup_result(s, &cfg->limits, &r, res, err, errlen) == 0)
		rc = 0;
	return jail_sup_run_end(s, cfg, &r, rc, res, err, errlen);
}
