/* prefork.c - prefork FastCGI process model; see prefork.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "fcgi/log.h"
#include "fcgi/prefork.h"

#define MAX_CHILDREN 64

static volatile sig_atomic_t stop_flag, child_flag, busy;
static int ready_fd = -1;	/* ASSAY_READY_FD, until it is told */

static void
on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
	/* A child waiting in accept() has nothing to finish: leave now. */
	if (!busy)
		_exit(0);
}

static void
on_parent_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void
on_child(int sig)
{
	(void)sig;
	child_flag = 1;
}

static double
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* SIGTERM and SIGINT to STOP, SIGCHLD (not when a child only stops) to CHILD. */
static void
catch_signals(void (*stop)(int), void (*child)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

static void __attribute__((noreturn))
child_main(const struct prefork *pf, int fd)
{
	FCGX_Request req;
	sigset_t none;

	catch_signals(on_stop, SIG_DFL);
	if (ready_fd >= 0)
		close(ready_fd);	/* the parent's to tell */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);	/* the parent blocks these */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(0);
	if (pf->init && pf->init(pf->ctx) != 0)
		_exit(3);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, fd, 0) != 0) {
		log_msg(NULL, "cannot initialise libfcgi");
		_exit(3);
	}
	while (!stop_flag && FCGX_Accept_r(&req) >= 0) {
		struct http_req r;
		struct timespec t0;

		busy = 1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		http_req_init(&r, &req);
		pf->handle(&r, pf->ctx);
		if (!r.replied) {
			log_msg(r.rid, "%s %s: handler gave no answer", r.method, r.path);
			http_error(&r, 500, "internal error (request %s)", r.rid);
		}
		if (r.status >= 500)
			log_msg(r.rid, "%s %s -> %d in %.1f ms", r.method, r.path, r.status,
			    elapsed_ms(&t0));
		FCGX_Finish_r(&req);
		busy = 0;
	}
	_exit(0);
}

static pid_t
spawn(const struct prefork *pf, int fd)
{
	pid_t pid = fork();

	if (pid == 0)
		child_main(pf, fd);
	if (pid < 0)
		log_msg(NULL, "fork: %s", strerror(errno));
	return pid;
}

static int
open_socket(const struct prefork *pf)
{
	struct stat st;
	int fd;

	if (pf->socket_path == NULL) {
		int type;
		socklen_t len = sizeof(type);

		if (getsockopt(0, SOL_SOCKET, SO_TYPE, &type, &len) != 0) {
			log_msg(NULL, "no --socket given and standard input is not a socket");
			return -1;
		}
		return 0;
	}
	/*
	 * A socket left by a previous run that died: remove it. (libfcgi's
	 * FCGX_OpenSocket() unlinks whatever is at the path anyway, a file
	 * too: --socket must name a path of its own.)
	 */
	if (lstat(pf->socket_path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(pf->socket_path);
	fd = FCGX_OpenSocket(pf->socket_path, 128);
	if (fd < 0) {
		log_msg(NULL, "%s: cannot listen: %s", pf->socket_path, strerror(errno));
		return -1;
	}
	/* nginx's workers may run as another user; the directory guards access. */
	chmod(pf->socket_path, 0666);
	return fd;
}

/*
 * The parent's signals: SIGTERM and SIGINT stop, SIGCHLD wakes it, SIGPIPE
 * is ignored; the first three are blocked (*OLD gets the mask before) so
 * that they are only taken in sigsuspend().
 */
static void
parent_signals(sigset_t *old)
{
	struct sigaction sa;
	sigset_t block;

	catch_signals(on_parent_stop, on_child);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, old);
}

/*
 * Reaps the children of KIDS (N of them) that ended and, unless stopping,
 * starts others in their place. Children failing again and again (more
 * than five times their number within ten seconds) stop everything:
 * returns -1 then.
 */
static int
restart_children(const struct prefork *pf, int fd, pid_t *kids, int n, int *fails,
    time_t *window)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (int i = 0; i < n; i++) {
			if (kids[i] != pid)
				continue;
			kids[i] = 0;
			if (stop_flag)
				break;
			if (WIFSIGNALED(status))
				log_msg(NULL, "process %d killed by signal %d; restarting",
				    (int)pid, WTERMSIG(status));
			else if (WEXITSTATUS(status) != 0)
				log_msg(NULL, "process %d exited with status %d; restarting",
				    (int)pid, WEXITSTATUS(status));
			if (time(NULL) - *window > 10) {
				*window = time(NULL);
				*fails = 0;
			}
			if (++*fails > 5 * n) {
				log_msg(NULL, "processes keep failing; stopping");
				return -1;
			}
			kids[i] = spawn(pf, fd);
		}
	}
	return 0;
}

/* SIGTERM to every child, five seconds to finish what they do, then SIGKILL. */
static void
stop_children(pid_t *kids, int n)
{
	for (int i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	for (int waited = 0; waited < 50; waited++) {
		int alive = 0;

		for (int i = 0; i < n; i++) {
			if (kids[i] > 0 && waitpid(kids[i], NULL, WNOHANG) == kids[i])
				kids[i] = 0;
			alive += kids[i] > 0;
		}
		if (!alive)
			break;
		usleep(100 * 1000);
	}
	for (int i = 0; i < n; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], NULL, 0);
		}
}

/* The descriptor ASSAY_READY_FD names, or -1; taken out of the environment. */
static int
take_ready_fd(void)
{
	const char *v = getenv("ASSAY_READY_FD");
	char *end;
	long fd;

	if (v == NULL)
		return -1;
	errno = 0;
	fd = strtol(v, &end, 10);
	unsetenv("ASSAY_READY_FD");
	if (errno || end == v || *end || fd < 3 || fd > 1024 || fcntl((int)fd, F_GETFD) < 0) {
		log_msg(NULL, "ASSAY_READY_FD=%s: not an open descriptor above 2; ignored", v);
		return -1;
	}
	fcntl((int)fd, F_SETFD, FD_CLOEXEC);
	return (int)fd;
}

/* Says "ready" on the readiness descriptor, once, and closes it. */
static void
tell_ready(void)
{
	if (ready_fd < 0)
		return;
	(void)!write(ready_fd, "ready\n", 6);
	close(ready_fd);
	ready_fd = -1;
}

int
prefork_run(const struct prefork *pf)
{
	pid_t kids[MAX_CHILDREN] = { 0 };
	int n = pf->children, fd, fails = 0, failing = 0;
	sigset_t old;
	time_t window = time(NULL);

	if (n < 1)
		n = 1;
	if (n > MAX_CHILDREN)
		n = MAX_CHILDREN;
	ready_fd = take_ready_fd();
	if ((fd = open_socket(pf)) < 0)
		return 1;
	parent_signals(&old);
	for (int i = 0; i < n; i++)
		kids[i] = spawn(pf, fd);
	tell_ready();
	log_msg(NULL, "listening on %s with %d processes",
	    pf->socket_path ? pf->socket_path : "standard input", n);
	while (!stop_flag && !failing) {
		sigsuspend(&old);
		child_flag = 0;
		failing = restart_children(pf, fd, kids, n, &fails, &window) != 0;
	}
	stop_children(kids, n);
	if (pf->socket_path != NULL)
		unlink(pf->socket_path);
	log_msg(NULL, "stopped");
	return failing;
}
