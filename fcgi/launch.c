/* launch.c - the whole service under one supervisor; see launch.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pwd.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/launch.h"
#include "fcgi/log.h"

#define MAX_PROCS 40
#define MAX_ARGS 24

struct proc {
	char name[32];
	char *argv[MAX_ARGS];
	pid_t pid;
	time_t started;
	int quick_deaths;	/* deaths within seconds of starting, in a row */
};

struct paths {
	char data[PATH_MAX], site[PATH_MAX], run[PATH_MAX], log[PATH_MAX];
	char prefix[PATH_MAX], conf[PATH_MAX], root[PATH_MAX];
	char session_sock[PATH_MAX + 16], submissions_sock[PATH_MAX + 16];
};

/* Everything launch_run() runs, and how it goes. */
struct launch {
	const struct launch_opts *o;
	struct paths p;
	char listen[64];	/* address:port */
	struct proc procs[MAX_PROCS];
	int nprocs;
	int nginx;		/* nginx's index in procs; -1 before it starts */
	int status;		/* launch_run()'s exit status */
};

static int
mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, mode) && errno != EEXIST ? -1 : 0;
}

static int
absolute(const char *path, char out[PATH_MAX])
{
	if (realpath(path, out) == NULL) {
		fprintf(stderr, "assay serve: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Replaces every @NAME@ of the template by its value. */
static int
write_conf(const char *template, const char *out, const char *const vars[][2], size_t nvars)
{
	FILE *in = fopen(template, "re"), *o = NULL;
	char tmp[PATH_MAX + 8];
	int c, rc = -1;

	if (in == NULL) {
		fprintf(stderr, "assay serve: %s: %s\n", template, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	if ((o = fopen(tmp, "we")) == NULL) {
		fprintf(stderr, "assay serve: %s: %s\n", tmp, strerror(errno));
		goto out;
	}
	while ((c = getc(in)) != EOF) {
		char name[64];
		size_t n = 0;
		size_t i;

		if (c != '@') {
			putc(c, o);
			continue;
		}
		/* Only @UPPER_CASE@ is a variable: nginx's own '@' (named
		 * locations) passes through. */
		while ((c = getc(in)) != EOF && ((c >= 'A' && c <= 'Z') || c == '_') &&
		    n < sizeof(name) - 1)
			name[n++] = (char)c;
		name[n] = '\0';
		if (c != '@' || n == 0) {
			putc('@', o);
			fputs(name, o);
			if (c != EOF)
				ungetc(c, in);
			continue;
		}
		for (i = 0; i < nvars; i++)
			if (strcmp(vars[i][0], name) == 0)
				break;
		if (i == nvars) {
			fprintf(stderr, "assay serve: %s: unknown variable @%s@\n", template, name);
			goto out;
		}
		fputs(vars[i][1], o);
	}
	if (fclose(o) != 0) {
		o = NULL;
		fprintf(stderr, "assay serve: %s: %s\n", tmp, strerror(errno));
		goto out;
	}
	o = NULL;
	if (rename(tmp, out) != 0) {
		fprintf(stderr, "assay serve: %s: %s\n", out, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (o)
		fclose(o);
	fclose(in);
	return rc;
}

static void
proc_set(struct proc *p, const char *name, ...)
{
	va_list ap;
	const char *a;
	int n = 0;

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	va_start(ap, name);
	while ((a = va_arg(ap, const char *)) != NULL && n < MAX_ARGS - 1)
		p->argv[n++] = strdup(a);
	va_end(ap);
	p->argv[n] = NULL;
}

static void
proc_free(struct proc *p)
{
	for (int i = 0; p->argv[i]; i++)
		free(p->argv[i]);
}

static pid_t
proc_start(struct proc *p, const char *logdir)
{
	pid_t parent = getpid(), pid;
	char logpath[PATH_MAX + 64];

	snprintf(logpath, sizeof(logpath), "%s/%s.log", logdir, p->name);
	pid = fork();
	if (pid < 0) {
		log_msg(NULL, "fork for %s: %s", p->name, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		sigset_t none;
		int fd;

		/* Its own group: a Ctrl-C reaches only the supervisor, which stops
		 * everything in order. It dies with the supervisor all the same. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if ((fd = open("/dev/null", O_RDONLY)) >= 0) {
			dup2(fd, 0);
			close(fd);
		}
		if ((fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0640)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execv(p->argv[0], p->argv);
		fprintf(stderr, "cannot run %s: %s\n", p->argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	p->pid = pid;
	p->started = time(NULL);
	return pid;
}

static int
unix_ready(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

	if (fd < 0)
		return 0;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static int
tcp_ready(const char *addr, unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd, ok;

	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		return 0;
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static void
print_tail(const char *path)
{
	char buf[2048];
	FILE *f = fopen(path, "re");
	long size;
	size_t n;

	if (f == NULL)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, size > (long)sizeof(buf) - 1 ? size - (long)sizeof(buf) + 1 : 0, SEEK_SET);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	fprintf(stderr, "--- %s ---\n%s\n", path, buf);
}

/* OUT = A B, or -1 when it does not fit. */
static int
join(char *out, size_t len, const char *a, const char *b)
{
	int n = snprintf(out, len, "%s%s", a, b);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
setup_paths(const struct launch_opts *o, struct paths *p)
{
	if (mkdirs(o->data, 0750) || absolute(o->data, p->data) || absolute(o->site, p->site))
		return -1;
	if (join(p->run, sizeof(p->run), p->data, "/run") ||
	    join(p->log, sizeof(p->log), p->data, "/log") ||
	    join(p->prefix, sizeof(p->prefix), p->data, "/nginx") ||
	    join(p->conf, sizeof(p->conf), p->data, "/nginx/nginx.conf") ||
	    join(p->root, sizeof(p->root), p->site, "/current/public") ||
	    join(p->session_sock, sizeof(p->session_sock), p->run, "/session.sock") ||
	    join(p->submissions_sock, sizeof(p->submissions_sock), p->run, "/submissions.sock")) {
		fprintf(stderr, "assay serve: %s: path too long\n", p->data);
		return -1;
	}
	if (access(p->root, R_OK | X_OK) != 0) {
		fprintf(stderr, "assay serve: no site at %s: run bin/sitegen CONTENT %s first\n",
		    p->root, o->site);
		return -1;
	}
	if (mkdirs(p->run, 0755) || mkdirs(p->log, 0750) || mkdirs(p->prefix, 0755)) {
		fprintf(stderr, "assay serve: cannot create directories under %s: %s\n",
		    p->data, strerror(errno));
		return -1;
	}
	/* nginx needs its temporary directories inside its prefix. */
	static const char *const tmps[] = { "body", "proxy", "fastcgi", "uwsgi", "scgi" };
	for (size_t i = 0; i < sizeof(tmps) / sizeof(*tmps); i++) {
		char d[PATH_MAX + 32];

		snprintf(d, sizeof(d), "%s/tmp/%s", p->prefix, tmps[i]);
		if (mkdirs(d, 0700)) {
			fprintf(stderr, "assay serve: %s: %s\n", d, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * nginx started as root runs its workers as an unprivileged user; they must
 * be able to read the site. Use the owner of the data directory, which is
 * who ran `make run`.
 */
static void
nginx_user(const char *data, char *buf, size_t len)
{
	struct stat st;
	struct passwd *pw;
	struct group *gr;

	buf[0] = '\0';
	if (geteuid() != 0 || stat(data, &st) != 0)
		return;
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	if (pw && gr)
		snprintf(buf, len, "user %s %s;", pw->pw_name, gr->gr_name);
}

/* Fills the nginx template in. */
static int
write_nginx_conf(struct launch *l)
{
	char user[128];

	nginx_user(l->p.data, user, sizeof(user));
	const char *const vars[][2] = {
		{ "LISTEN", l->listen }, { "ROOT", l->p.root }, { "RUN", l->p.run },
		{ "PREFIX", l->p.prefix }, { "LOG", l->p.log }, { "USER", user },
	};

	return write_conf(l->o->template, l->p.conf, vars, sizeof(vars) / sizeof(*vars));
}

/* Starts the API programs and the graders. */
static int
start_programs(struct launch *l)
{
	const struct launch_opts *o = l->o;
	struct paths *p = &l->p;
	char exe[PATH_MAX + 32], children[16];

	snprintf(children, sizeof(children), "%d", o->children);
	snprintf(exe, sizeof(exe), "%s/assay-session", o->bindir);
	proc_set(&l->procs[l->nprocs++], "assay-session", exe, "--data", p->data, "--socket",
	    p->session_sock, "--children", children, o->origin ? "--origin" : NULL, o->origin, NULL);
	snprintf(exe, sizeof(exe), "%s/assay-submissions", o->bindir);
	proc_set(&l->procs[l->nprocs++], "assay-submissions", exe, "--data", p->data, "--site",
	    p->site, "--socket", p->submissions_sock, "--children", children,
	    o->origin ? "--origin" : NULL, o->origin, NULL);
	snprintf(exe, sizeof(exe), "%s/assay-worker", o->bindir);
	for (int i = 0; i < o->workers && l->nprocs < MAX_PROCS - 1; i++) {
		proc_set(&l->procs[l->nprocs++], "assay-worker", exe, "--data", p->data, "--site",
		    p->site, NULL);
	}
	for (int i = 0; i < l->nprocs; i++)
		if (proc_start(&l->procs[i], p->log) < 0)
			return -1;
	return 0;
}

/* Waits until both FastCGI sockets take connections, ten seconds at most. */
static int
programs_ready(struct launch *l)
{
	const struct paths *p = &l->p;
	char lp[PATH_MAX + 64];

	for (time_t deadline = time(NULL) + 10; time(NULL) < deadline;) {
		if (unix_ready(p->session_sock) && unix_ready(p->submissions_sock))
			break;
		usleep(20 * 1000);
	}
	if (unix_ready(p->session_sock) && unix_ready(p->submissions_sock))
		return 0;
	fprintf(stderr, "assay serve: the FastCGI programs did not start\n");
	snprintf(lp, sizeof(lp), "%s/assay-session.log", p->log);
	print_tail(lp);
	snprintf(lp, sizeof(lp), "%s/assay-submissions.log", p->log);
	print_tail(lp);
	l->status = 1;
	return -1;
}

/* Starts nginx, last, and waits until it takes connections. */
static int
start_nginx(struct launch *l)
{
	const struct launch_opts *o = l->o;
	char errlog[PATH_MAX + 32], prefix[PATH_MAX + 2];

	snprintf(errlog, sizeof(errlog), "%s/nginx-error.log", l->p.log);
	snprintf(prefix, sizeof(prefix), "%s/", l->p.prefix);
	l->nginx = l->nprocs;
	proc_set(&l->procs[l->nprocs++], "nginx", "/usr/sbin/nginx", "-p", prefix, "-c",
	    l->p.conf, "-e", errlog, NULL);
	if (proc_start(&l->procs[l->nginx], l->p.log) < 0)
		return -1;
	for (time_t deadline = time(NULL) + 10;
	    time(NULL) < deadline && !tcp_ready(o->bind, o->port);)
		usleep(20 * 1000);
	if (tcp_ready(o->bind, o->port))
		return 0;
	fprintf(stderr, "assay serve: nginx did not start\n");
	print_tail(errlog);
	l->status = 1;
	return -1;
}

/*
 * Process P (PID) ended with WST: restarts it, unless it keeps dying at
 * start. -1 then.
 */
static int
restart(struct launch *l, struct proc *p, pid_t pid, int wst)
{
	char lp[PATH_MAX + 64];

	p->pid = 0;
	if (WIFSIGNALED(wst))
		log_msg(NULL, "%s (%d) was killed by signal %d; restarting", p->name, (int)pid,
		    WTERMSIG(wst));
	else
		log_msg(NULL, "%s (%d) exited with status %d; restarting", p->name, (int)pid,
		    WEXITSTATUS(wst));
	if (time(NULL) - p->started < 3)
		p->quick_deaths++;
	else
		p->quick_deaths = 0;
	if (p->quick_deaths >= 5) {
		log_msg(NULL, "%s keeps dying at start; stopping", p->name);
		if (snprintf(lp, sizeof(lp), "%s/%s.log", l->p.log, p->name) < (int)sizeof(lp))
			print_tail(lp);
		l->status = 1;
		return -1;
	}
	proc_start(p, l->p.log);
	return 0;
}

/* Restarts what dies until one of SET's stop signals comes. */
static void
supervise(struct launch *l, const sigset_t *set)
{
	for (;;) {
		siginfo_t si;
		struct timespec ts = { 1, 0 };
		int sig = sigtimedwait(set, &si, &ts), wst;
		pid_t pid;

		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
			return;
		while ((pid = waitpid(-1, &wst, WNOHANG)) > 0)
			for (int i = 0; i < l->nprocs; i++)
				if (l->procs[i].pid == pid && restart(l, &l->procs[i], pid, wst))
					return;
	}
}

/*
 * Stops everything: nginx first, so that no request reaches a stopping
 * program, then the rest; kills what has not stopped after five seconds.
 */
static void
stop_all(struct launch *l)
{
	struct proc *procs = l->procs;
	int i;

	if (l->nginx >= 0 && procs[l->nginx].pid > 0) {
		struct proc *n = &procs[l->nginx];

		kill(n->pid, SIGTERM);
		for (int t = 0; t < 50 && waitpid(n->pid, NULL, WNOHANG) == 0; t++)
			usleep(100 * 1000);
		kill(-n->pid, SIGKILL);
		waitpid(n->pid, NULL, WNOHANG);
		n->pid = 0;
	}
	for (i = 0; i < l->nprocs; i++)
		if (procs[i].pid > 0)
			kill(procs[i].pid, SIGTERM);
	for (int t = 0; t < 50; t++) {
		int alive = 0;

		for (i = 0; i < l->nprocs; i++) {
			if (procs[i].pid > 0 && waitpid(procs[i].pid, NULL, WNOHANG) == procs[i].pid)
				procs[i].pid = 0;
			alive += procs[i].pid > 0;
		}
		if (!alive)
			break;
		usleep(100 * 1000);
	}
	for (i = 0; i < l->nprocs; i++) {
		if (procs[i].pid > 0) {
			log_msg(NULL, "%s did not stop; killing it", procs[i].name);
			kill(-procs[i].pid, SIGKILL);
			waitpid(procs[i].pid, NULL, 0);
		}
		proc_free(&procs[i]);
	}
	unlink(l->p.session_sock);
	unlink(l->p.submissions_sock);
	log_msg(NULL, "stopped");
}

int
launch_run(const struct launch_opts *o)
{
	static struct launch l;
	sigset_t set;

	memset(&l, 0, sizeof(l));
	l.o = o;
	l.nginx = -1;
	if (setup_paths(o, &l.p))
		return 1;
	snprintf(l.listen, sizeof(l.listen), "%s:%u", o->bind, o->port);
	if (write_nginx_conf(&l))
		return 1;
	if (tcp_ready(o->bind, o->port)) {
		fprintf(stderr, "assay serve: %s is already in use (another `make run`?); "
		    "choose another with PORT=\n", l.listen);
		return 1;
	}

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);

	/* nginx last, once the programs behind it answer. */
	if (start_programs(&l) == 0 && programs_ready(&l) == 0 && start_nginx(&l) == 0) {
		if (o->banner)
			fputs(o->banner, stdout);
		fflush(stdout);
		log_msg(NULL, "serving %s on http://%s/", l.p.root, l.listen);
		supervise(&l, &set);
	}
	stop_all(&l);
	return l.status;
}
