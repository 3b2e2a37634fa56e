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
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/config.h"
#include "fcgi/launch.h"
#include "fcgi/log.h"
#include "fcgi/privs.h"
#include "fcgi/store.h"
#include "sandbox/engine/engine.h"

#define MAX_PROCS 48
#define MAX_ARGS 24

/* nginx's temporary directories, under its prefix's tmp/. */
static const char *const nginx_tmps[] = { "body", "proxy", "fastcgi", "uwsgi", "scgi" };

struct proc {
	char name[32];
	char *argv[MAX_ARGS];
	pid_t pid;
	time_t started;
	int quick_deaths;	/* deaths within seconds of starting, in a row */
	int sock;		/* its listening socket, as standard input; or -1 */
	int ready;		/* its readiness pipe's write end (first start); or -1 */
	int unpriv;		/* runs as the service user (when root) */
};

struct paths {
	char data[PATH_MAX], site[PATH_MAX], run[PATH_MAX], log[PATH_MAX];
	char prefix[PATH_MAX], conf[PATH_MAX], root[PATH_MAX];
	char session_sock[PATH_MAX + 16], submissions_sock[PATH_MAX + 16];
	char staff_sock[PATH_MAX + 16];
	char graderd_sock[PATH_MAX + 16], grade_sock[PATH_MAX + 16];	/* a grader host's */
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
	int root;		/* started as root: svc runs what parses HTTP */
	struct privs_user svc;
	int session_fd, submissions_fd, staff_fd;	/* the FastCGI sockets, bound here */
	int graderd_fd, grade_fd;	/* a grader host's, or the local Jobe API's:
					   its front's, its graders' */
	char key[PATH_MAX];		/* the grader key (grader_key()) */
	int nready;		/* API programs whose readiness is awaited */
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

/* PATH made absolute, the file itself not needing to exist yet. */
static int
absolute_new(const char *path, char out[PATH_MAX])
{
	char dir[PATH_MAX];

	if (path[0] == '/')
		return snprintf(out, PATH_MAX, "%s", path) >= PATH_MAX ? -1 : 0;
	if (getcwd(dir, sizeof(dir)) == NULL)
		return -1;
	return snprintf(out, PATH_MAX, "%s/%s", dir, path) >= PATH_MAX ? -1 : 0;
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
	p->sock = p->ready = -1;
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

/* FROM as file descriptor TO, kept across exec. */
static void
move_fd(int from, int to)
{
	if (from == to)
		fcntl(to, F_SETFD, 0);
	else
		dup2(from, to);
}

/*
 * In the child, after its descriptors are set: becomes the service user
 * and runs P. The program is opened while still root and run from that
 * descriptor, so the service user needs no way through the directories
 * above bin/ (a checkout under /root), only the right to execute the file.
 */
static void __attribute__((noreturn))
exec_unprivileged(const struct launch *l, struct proc *p, pid_t parent)
{
	char err[256];
	int exe = open(p->argv[0], O_RDONLY | O_CLOEXEC);

	if (exe < 0) {
		fprintf(stderr, "cannot open %s: %s\n", p->argv[0], strerror(errno));
		_exit(127);
	}
	if (privs_drop(&l->svc, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", p->name, err);
		_exit(126);
	}
	/* Changing credentials cleared it. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	fexecve(exe, p->argv, environ);
	fprintf(stderr, "cannot run %s: %s\n", p->argv[0], strerror(errno));
	_exit(127);
}

/*
 * Starts P: standard input its socket (or /dev/null), standard output and
 * error its log file, file descriptor 3 its readiness pipe (ASSAY_READY_FD,
 * prefork.h) on its first start; as the service user when P->unpriv and
 * started as root.
 */
static pid_t
proc_start(const struct launch *l, struct proc *p)
{
	pid_t parent = getpid(), pid;
	char logpath[PATH_MAX + 64];

	snprintf(logpath, sizeof(logpath), "%s/%s.log", l->p.log, p->name);
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
		if (p->sock >= 0)
			move_fd(p->sock, 0);
		else if ((fd = open("/dev/null", O_RDONLY)) >= 0) {
			dup2(fd, 0);
			close(fd);
		}
		if ((fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		if (p->ready >= 0) {
			move_fd(p->ready, 3);
			setenv("ASSAY_READY_FD", "3", 1);
		}
		if (p->unpriv && l->root)
			exec_unprivileged(l, p, parent);
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
	if (mkdirs(o->data, 0750) || absolute(o->data, p->data) ||
	    absolute(o->grader ? o->data : o->site, p->site))
		return -1;
	if (join(p->run, sizeof(p->run), p->data, "/run") ||
	    join(p->log, sizeof(p->log), p->data, "/log") ||
	    join(p->prefix, sizeof(p->prefix), p->data, "/nginx") ||
	    join(p->conf, sizeof(p->conf), p->data, "/nginx/nginx.conf") ||
	    join(p->root, sizeof(p->root), p->site, "/current/public") ||
	    join(p->session_sock, sizeof(p->session_sock), p->run, "/session.sock") ||
	    join(p->submissions_sock, sizeof(p->submissions_sock), p->run, "/submissions.sock") ||
	    join(p->staff_sock, sizeof(p->staff_sock), p->run, "/staff.sock") ||
	    join(p->graderd_sock, sizeof(p->graderd_sock), p->run, "/graderd.sock") ||
	    join(p->grade_sock, sizeof(p->grade_sock), p->run, "/grade.sock") ||
	    (o->grader && join(p->root, sizeof(p->root), p->data, "/nginx/empty"))) {
		fprintf(stderr, "assay serve: %s: path too long\n", p->data);
		return -1;
	}
	if (o->grader && mkdirs(p->root, 0755)) {
		fprintf(stderr, "assay grader: %s: %s\n", p->root, strerror(errno));
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
	for (size_t i = 0; i < sizeof(nginx_tmps) / sizeof(*nginx_tmps); i++) {
		char d[PATH_MAX + 32];

		snprintf(d, sizeof(d), "%s/tmp/%s", p->prefix, nginx_tmps[i]);
		if (mkdirs(d, 0700)) {
			fprintf(stderr, "assay serve: %s: %s\n", d, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * Who runs what parses HTTP. Root: the service user (--user or
 * LAUNCH_USER), which must exist. Not root: the caller, and --user may
 * only name the caller.
 */
static int
service_user(struct launch *l)
{
	const char *name = l->o->user ? l->o->user : LAUNCH_USER;
	struct passwd *pw;
	char err[256];

	l->root = geteuid() == 0;
	if (!l->root) {
		if (l->o->user == NULL ||
		    ((pw = getpwuid(geteuid())) != NULL && strcmp(pw->pw_name, name) == 0))
			return 0;
		fprintf(stderr, "assay serve: --user %s needs root: started as another user,"
		    " everything runs as that user\n", name);
		return -1;
	}
	if (privs_lookup(name, &l->svc, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "assay serve: %s\n"
	    "  started as root, nginx's workers and the API programs run as an unprivileged\n"
	    "  user (%s unless --user names another); create it with\n"
	    "    useradd --system --no-create-home --shell /usr/sbin/nologin %s\n"
	    "  (`make run` does), or name an existing one with --user NAME\n", err, name, name);
	return -1;
}

/* DIR root's, group the service user's, mode MODE. */
static int
root_dir(const struct launch *l, const char *dir, mode_t mode)
{
	if (chown(dir, 0, l->svc.gid) == 0 && chmod(dir, mode) == 0)
		return 0;
	fprintf(stderr, "assay serve: %s: %s\n", dir, strerror(errno));
	return -1;
}

/*
 * The wake-up FIFO (wake.h, RUN/wake), made before the graders (root)
 * make their own: root's, its group the service user's, which may write.
 */
static int
wake_fifo(const struct launch *l)
{
	char path[PATH_MAX + 16];
	struct stat st;

	snprintf(path, sizeof(path), "%s/wake", l->p.run);
	if (lstat(path, &st) == 0 && !S_ISFIFO(st.st_mode) && unlink(path) != 0)
		goto fail;
	if (mkfifo(path, 0620) != 0 && errno != EEXIST)
		goto fail;
	if (lchown(path, 0, l->svc.gid) != 0 || chmod(path, 0620) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "assay serve: %s: %s\n", path, strerror(errno));
	return -1;
}

/*
 * Started as root, what a service and a grader host share: DATA passable
 * by the service user (when it is root's), RUN root's with the service
 * user's group, nginx's temporary directories its workers'.
 */
static int
hand_over_dirs(struct launch *l)
{
	const struct paths *p = &l->p;
	char d[PATH_MAX + 32];
	struct stat st;

	/* DATA: the service user passes through (it may be another's: then
	 * privs_reach() says what bars the way). */
	if (stat(p->data, &st) == 0 && st.st_uid == 0 && (st.st_gid == 0 || st.st_gid == l->svc.gid) &&
	    root_dir(l, p->data, (st.st_mode & 07777) | 0010))
		return -1;
	if (root_dir(l, p->run, 0710))
		return -1;
	for (size_t i = 0; i < sizeof(nginx_tmps) / sizeof(*nginx_tmps); i++) {
		snprintf(d, sizeof(d), "%s/tmp/%s", p->prefix, nginx_tmps[i]);
		if (chown(d, l->svc.uid, l->svc.gid) != 0) {
			fprintf(stderr, "assay serve: %s: %s\n", d, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * Started as root: the store exists (made here, as root, if it did not)
 * and is the service user's to use but not to rearrange; RUN likewise;
 * nginx's temporary directories are its workers'.
 */
static int
hand_over(struct launch *l)
{
	const struct paths *p = &l->p;
	char db[PATH_MAX + 8], err[512];
	struct store *s;
	int given;

	if (hand_over_dirs(l))
		return -1;
	if (store_open(p->data, &s, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "assay serve: %s\n", err);
		return -1;
	}
	store_close(s);
	snprintf(db, sizeof(db), "%s/db", p->data);
	if (privs_give_dir(db, &l->svc, 0710, 0600, &given, err, sizeof(err)) != 0) {
		fprintf(stderr, "assay serve: %s\n", err);
		return -1;
	}
	if (given)
		log_msg(NULL, "%s: gave %d file%s of the store over to user %s", db, given,
		    given == 1 ? "" : "s", l->svc.name);
	return wake_fifo(l);
}

/*
 * Started as root: asks, as the service user, whether it reaches all it
 * needs; names the directory in the way when it does not.
 */
static int
reachable(const struct launch *l)
{
	const struct paths *p = &l->p;
	char path[5][PATH_MAX + 32], err[PATH_MAX + 256];
	const int modes[5] = { R_OK | X_OK, R_OK | X_OK, R_OK | W_OK, R_OK | W_OK, W_OK };
	const char *const why[5] = { "nginx's workers serve it", "assay-submissions reads it",
		"the API programs use the store", "the API programs use the store",
		"assay-submissions wakes the graders through it" };

	snprintf(path[0], sizeof(path[0]), "%s", p->root);
	snprintf(path[1], sizeof(path[1]), "%s/current", p->site);
	snprintf(path[2], sizeof(path[2]), "%s/db/data.mdb", p->data);
	snprintf(path[3], sizeof(path[3]), "%s/db/lock.mdb", p->data);
	snprintf(path[4], sizeof(path[4]), "%s/wake", p->run);
	for (int i = 0; i < 5; i++)
		if (privs_reach(&l->svc, path[i], modes[i], err, sizeof(err)) != 0) {
			fprintf(stderr, "assay serve: %s, but %s\n"
			    "  (keep DATA and the site where the service user can reach them,"
			    " or name another user with --user)\n", why[i], err);
			return -1;
		}
	return 0;
}

/*
 * A grader host's secret: KEY_FILE as it is, or a new one (32 random hex
 * digits) when missing, root's (or the caller's) and readable by the
 * service user's group, which assay-graderd runs as.
 */
static int
grader_key(const struct launch *l)
{
	const char *f = l->key;
	unsigned char r[16];
	char key[40];
	int fd;

	if (access(f, F_OK) == 0)
		return 0;
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		goto fail;
	for (int i = 0; i < 16; i++)
		snprintf(key + 2 * i, 3, "%02x", r[i]);
	key[32] = '\n';
	if ((fd = open(f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) < 0)
		goto fail;
	if (write(fd, key, 33) != 33 || (l->root && fchown(fd, 0, l->svc.gid) != 0)) {
		close(fd);
		unlink(f);
		goto fail;
	}
	close(fd);
	log_msg(NULL, "made the grader key %s: give the service the same file", f);
	return 0;
fail:
	fprintf(stderr, "assay grader: %s: %s\n", f, strerror(errno));
	return -1;
}

/*
 * What assay-graderd writes in DATA: its spec cache, Jobe's files and rate
 * buckets; the service user's when started as root.
 */
static int
front_dirs(const struct launch *l)
{
	static const char *const own[] = { "specs", "jobe-files", "jobe-rates" };
	char d[PATH_MAX + 32];

	for (size_t i = 0; i < sizeof(own) / sizeof(*own); i++) {
		snprintf(d, sizeof(d), "%s/%s", l->p.data, own[i]);
		if ((mkdir(d, 0700) != 0 && errno != EEXIST) ||
		    (l->root && chown(d, l->svc.uid, l->svc.gid) != 0)) {
			fprintf(stderr, "assay serve: %s: %s\n", d, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * Started as root, a grader host: RUN root's, group the service user's;
 * DATA/specs (the spec cache), DATA/jobe-files and DATA/jobe-rates (Jobe's
 * file cache and rate buckets) and nginx's temporary directories the
 * service user's.
 */
static int
grader_hand_over(struct launch *l)
{
	return hand_over_dirs(l) || front_dirs(l) ? -1 : 0;
}

/*
 * A listening Unix socket at PATH, bound here so that the programs behind
 * it need not create files: the service user's (or the caller's), mode
 * 0600, so that only nginx's workers and the program connect. A socket left
 * there by a run that died is replaced; anything else is an error.
 */
static int
listen_unix(const struct launch *l, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd = -1;

	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path) >= (int)sizeof(sa.sun_path)) {
		fprintf(stderr, "assay serve: %s: too long for a socket's path\n", path);
		return -1;
	}
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
		fprintf(stderr, "assay serve: %s is in the way: not a socket\n", path);
		return -1;
	}
	unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 128) != 0 ||
	    (l->root && chown(path, l->svc.uid, l->svc.gid) != 0) || chmod(path, 0600) != 0) {
		fprintf(stderr, "assay serve: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* nginx started as root runs its workers as the service user. */
static void
nginx_user(const struct launch *l, char *buf, size_t len)
{
	buf[0] = '\0';
	if (l->root)
		snprintf(buf, len, "user %s%s%s;", l->svc.name, l->svc.group[0] ? " " : "",
		    l->svc.group);
}

/* What /jobe/ (Jobe's API, fcgi/jobe.h) has wherever it is answered. */
#define JOBE_COMMON \
	"            client_max_body_size 28m;\n" \
	"            client_body_buffer_size 1m;\n"

/*
 * What every location to the grader hosts' /grader/ has, its %d their
 * count and one (proxy_next_upstream_tries): this machine's workers only;
 * a grading cut off (an error, a timeout, a 502 or a 503) goes on to the
 * next host; a host that does not take the connection within 5 s is given
 * up on.
 */
#define GRADER_PROXY \
	"            allow 127.0.0.1;\n            allow ::1;\n            deny all;\n" \
	"            client_max_body_size 48m;\n" \
	"            proxy_http_version 1.1;\n" \
	"            proxy_set_header Connection \"\";\n" \
	"            proxy_next_upstream error timeout http_502 http_503 non_idempotent;\n" \
	"            proxy_next_upstream_tries %d;\n" \
	"            proxy_connect_timeout 5s;\n" \
	"            proxy_send_timeout 60s;\n"

/*
 * The locations to COUNT grader hosts into LOC: /grader/ (specs, health;
 * ten minutes), then for each tier N of LAUNCH_GRADE_TIERS (launch.h)
 * /grader/grade/tN, sent on to the host's /grader/grade: a host that took
 * the grading and has not answered within N s is given up on and the next
 * one tried, and none is tried once N + 10 s have passed (one stalled host
 * and the next at most, so the worker, which waits 2 N + 60 s, always has
 * nginx's answer: a 504 when every host stalled); /jobe/. 0, or -1 when
 * LOC is too small.
 */
static int
grader_locations(char *loc, size_t loclen, int count)
{
	static const int tiers[] = LAUNCH_GRADE_TIERS;
	size_t n, i;

	n = (size_t)snprintf(loc, loclen, "location /grader/ {\n" GRADER_PROXY
	    "            proxy_pass http://assay_graders;\n"
	    "            proxy_read_timeout 600s;\n        }\n", count + 1);
	for (i = 0; i < sizeof(tiers) / sizeof(*tiers) && n < loclen; i++)
		n += (size_t)snprintf(loc + n, loclen - n,
		    "        location = /grader/grade/t%d {\n" GRADER_PROXY
		    "            proxy_pass http://assay_graders/grader/grade;\n"
		    "            proxy_read_timeout %ds;\n"
		    "            proxy_next_upstream_timeout %ds;\n        }\n",
		    tiers[i], count + 1, tiers[i], tiers[i] + 10);
	if (n < loclen)
		n += (size_t)snprintf(loc + n, loclen - n, "        location /jobe/ {\n" JOBE_COMMON
		    "            proxy_pass http://assay_jobe;\n"
		    "            proxy_http_version 1.1;\n"
		    "            proxy_set_header Connection \"\";\n"
		    "            proxy_next_upstream error timeout http_502 non_idempotent;\n"
		    "            proxy_read_timeout 600s;\n"
		    "        }\n");
	if (n >= loclen) {
		fprintf(stderr, "assay serve: --graders: nginx's locations too long\n");
		return -1;
	}
	return 0;
}

/*
 * The upstreams of the grader hosts GRADERS ("HOST:PORT ...") into UP, and
 * the locations that reach them into LOC (launch.h): /grader/ and its
 * timeout tiers for the workers (grader_locations()), /jobe/ for
 * CodeRunner. Without GRADERS, UP is "" and LOC /jobe/ to this machine's
 * assay-graderd (on RUN/graderd.sock). 0, or -1 after saying which entry
 * is bad.
 */
static int
graders_conf(const char *graders, const char *run, char *up, size_t uplen, char *loc,
    size_t loclen)
{
	char list[2048], *save = NULL, *hp, servers[2048] = "";
	size_t n = 0, sn = 0;
	int count = 0;

	up[0] = loc[0] = '\0';
	if (graders == NULL || graders[0] == '\0') {
		snprintf(loc, loclen, "location /jobe/ {\n" JOBE_COMMON
		    "            fastcgi_param REQUEST_METHOD  $request_method;\n"
		    "            fastcgi_param QUERY_STRING    $query_string;\n"
		    "            fastcgi_param CONTENT_TYPE    $content_type;\n"
		    "            fastcgi_param CONTENT_LENGTH  $content_length;\n"
		    "            fastcgi_param REQUEST_URI     $request_uri;\n"
		    "            fastcgi_param DOCUMENT_URI    $document_uri;\n"
		    "            fastcgi_param REQUEST_SCHEME  $scheme;\n"
		    "            fastcgi_param SERVER_PROTOCOL $server_protocol;\n"
		    "            fastcgi_param REMOTE_ADDR     $remote_addr;\n"
		    "            fastcgi_read_timeout 600s;\n"
		    "            fastcgi_pass unix:%s/graderd.sock;\n        }\n", run);
		return 0;
	}
	snprintf(list, sizeof(list), "%s", graders);
	/* A zone: nginx's workers share which host is busy and which failed,
	 * so that a host given up on (stalled) is not tried by each in turn. */
	n = (size_t)snprintf(up, uplen, "upstream assay_graders {\n        zone assay_graders 64k;\n"
	    "        least_conn;\n");
	for (hp = strtok_r(list, " ,\t", &save); hp; hp = strtok_r(NULL, " ,\t", &save)) {
		const char *colon = strrchr(hp, ':');
		unsigned long port;

		if (colon == NULL || colon == hp || config_number(colon + 1, 65535, &port) ||
		    port == 0 || strspn(hp, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789.-:[]") != strlen(hp)) {
			fprintf(stderr, "assay serve: --graders: \"%s\" is not HOST:PORT\n", hp);
			return -1;
		}
		sn += (size_t)snprintf(servers + sn, sn < sizeof(servers) ? sizeof(servers) - sn : 0,
		    "        server %s max_fails=1 fail_timeout=10s;\n", hp);
		count++;
	}
	/* Jobe's files live on the host that took them: CodeRunner's PUTs
	 * and the run that follows go to the same host (its job id, or its
	 * address). */
	n += (size_t)snprintf(up + n, n < uplen ? uplen - n : 0,
	    "%s        keepalive 16;\n    }\n    upstream assay_jobe {\n"
	    "        hash $http_x_coderunner_job_id$remote_addr consistent;\n"
	    "%s        keepalive 16;\n    }\n", servers, servers);
	if (count == 0 || n >= uplen) {
		fprintf(stderr, "assay serve: --graders: %s\n", count ? "too long" : "no host given");
		return -1;
	}
	return sn >= sizeof(servers) || grader_locations(loc, loclen, count) ? -1 : 0;
}

/* Fills the nginx template in. */
static int
write_nginx_conf(struct launch *l)
{
	static char up[8192], loc[8192];
	char user[160];

	nginx_user(l, user, sizeof(user));
	if (graders_conf(l->o->graders, l->p.run, up, sizeof(up), loc, sizeof(loc)))
		return -1;
	const char *const vars[][2] = {
		{ "LISTEN", l->listen }, { "ROOT", l->p.root }, { "RUN", l->p.run },
		{ "PREFIX", l->p.prefix }, { "LOG", l->p.log }, { "USER", user },
		{ "GRADERS_UPSTREAM", up }, { "GRADERS_LOCATION", loc },
	};

	return write_conf(l->o->template, l->p.conf, vars, sizeof(vars) / sizeof(*vars));
}

/* Adds an API program, its socket FD on standard input; RD gets its readiness pipe. */
static int
add_api_program(struct launch *l, int fd, int *rd, const char *name, ...)
{
	struct proc *p = &l->procs[l->nprocs++];
	char exe[PATH_MAX + 32], children[16];
	const char *args[8] = { NULL };
	int fds[2], n = 0;
	va_list ap;

	va_start(ap, name);
	while (n < 7 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	snprintf(children, sizeof(children), "%d", l->o->children);
	snprintf(exe, sizeof(exe), "%s/%s", l->o->bindir, name);
	proc_set(p, name, exe, "--data", l->p.data, "--children", children, args[0], args[1],
	    args[2], args[3], args[4], args[5], args[6], NULL);
	p->sock = fd;
	p->unpriv = 1;
	if (pipe2(fds, O_CLOEXEC) != 0) {
		fprintf(stderr, "assay serve: pipe: %s\n", strerror(errno));
		return -1;
	}
	*rd = fds[0];
	p->ready = fds[1];
	return 0;
}

/*
 * Grading here, the Jobe API is this machine's too (launch.h): twice as
 * many grading processes as CPUs (2 to 8) behind the local assay-graderd,
 * in the slots after the workers'. More than the CPUs, so that a core
 * never waits while a grading process is between two runs (its answer
 * going out, the next request coming in): one per CPU left 5 % of the
 * cores idle under a steady load, two left under 1 % (bench_jobe).
 */
static int
local_jobe_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 2 : n > 4 ? 8 : 2 * (int)n;
}

static int
local_jobe_graders(struct launch *l)
{
	char exe[PATH_MAX + 32];

	snprintf(exe, sizeof(exe), "%s/assay-worker", l->o->bindir);
	for (int i = 0; i < local_jobe_count() && l->nprocs < MAX_PROCS - 1; i++) {
		struct proc *w = &l->procs[l->nprocs++];

		proc_set(w, "assay-worker-jobe", exe, "--data", l->p.data, "--serve", NULL);
		w->sock = l->grade_fd;
	}
	return 0;
}

/* Starts every program set so far. */
static int
start_all(struct launch *l)
{
	for (int i = 0; i < l->nprocs; i++) {
		pid_t pid = proc_start(l, &l->procs[i]);

		if (l->procs[i].ready >= 0) {
			close(l->procs[i].ready);
			l->procs[i].ready = -1;
		}
		if (pid < 0)
			return -1;
	}
	return 0;
}

/* Starts the API programs and the graders; RD gets the API programs' readiness pipes. */
static int
start_programs(struct launch *l, int rd[4])
{
	const struct launch_opts *o = l->o;
	struct paths *p = &l->p;
	char exe[PATH_MAX + 32], remote[96], front[16];

	if (add_api_program(l, l->session_fd, &rd[0], "assay-session",
	    o->origin ? "--origin" : NULL, o->origin, NULL) ||
	    add_api_program(l, l->submissions_fd, &rd[1], "assay-submissions", "--site", p->site,
	    o->origin ? "--origin" : NULL, o->origin, NULL) ||
	    add_api_program(l, l->staff_fd, &rd[2], "assay-staff", "--site", p->site,
	    o->origin ? "--origin" : NULL, o->origin, NULL))
		return -1;
	snprintf(exe, sizeof(exe), "%s/assay-worker", o->bindir);
	snprintf(remote, sizeof(remote), "%s:%u", strcmp(o->bind, "0.0.0.0") == 0 ||
	    strcmp(o->bind, "::") == 0 ? "127.0.0.1" : o->bind, o->port);
	if (o->graders && (o->key_file == NULL || access(l->key, R_OK) != 0))
		return fprintf(stderr, "assay serve: --graders needs --grader-key-file, a file"
		    " this user reads: %s\n", o->key_file ? strerror(errno) : "none given"), -1;
	snprintf(front, sizeof(front), "%d", 2 * local_jobe_count() + 8);
	if (!o->graders && (add_api_program(l, l->graderd_fd, &rd[3], "assay-graderd",
	    "--key-file", l->key, "--children", front, o->jobe_keys ? "--jobe-keys" : NULL,
	    o->jobe_keys, NULL) || local_jobe_graders(l)))
		return -1;
	for (int i = 0; i < o->workers && l->nprocs < MAX_PROCS - 1; i++) {
		if (o->graders)
			proc_set(&l->procs[l->nprocs++], "assay-worker", exe, "--data", p->data,
			    "--site", p->site, "--remote", remote, "--key-file", l->key, NULL);
		else
			proc_set(&l->procs[l->nprocs++], "assay-worker", exe, "--data", p->data,
			    "--site", p->site, NULL);
	}
	return start_all(l);
}

/* A grader host's: its front and its grading processes (launch.h). */
static int
start_grader(struct launch *l, int rd[4])
{
	const struct launch_opts *o = l->o;
	char exe[PATH_MAX + 32], front[16];

	/* More request processes than grading ones: a Jobe run that finds
	 * none free must be one of them to wait, then answer overload. */
	snprintf(front, sizeof(front), "%d", 2 * o->workers + 8);
	if (add_api_program(l, l->graderd_fd, &rd[0], "assay-graderd", "--key-file", l->key,
	    "--children", front, o->jobe_keys ? "--jobe-keys" : NULL, o->jobe_keys, NULL))
		return -1;
	snprintf(exe, sizeof(exe), "%s/assay-worker", o->bindir);
	for (int i = 0; i < o->workers && l->nprocs < MAX_PROCS - 1; i++) {
		struct proc *w = &l->procs[l->nprocs++];

		proc_set(w, "assay-worker", exe, "--data", l->p.data, "--serve",
		    o->uid_base ? "--uid-base" : NULL, o->uid_base, NULL);
		w->sock = l->grade_fd;
	}
	return start_all(l);
}

/*
 * Waits until the API programs (four; a grader host's one) say they are ready (prefork.h's
 * ASSAY_READY_FD), ten seconds at most; a program that ends first closes
 * its pipe without a word.
 */
static int
programs_ready(struct launch *l, int rd[4])
{
	struct pollfd pf[4] = { { .fd = rd[0], .events = POLLIN }, { .fd = rd[1], .events = POLLIN },
		{ .fd = rd[2], .events = POLLIN }, { .fd = rd[3], .events = POLLIN } };
	int ready[4] = { 0, 0, 0, 0 }, n = l->nready, waiting = n;
	char lp[PATH_MAX + 64], c;

	for (int i = n; i < 4; i++)
		ready[i] = 1;	/* a grader host has one API program */
	for (time_t deadline = time(NULL) + 10; waiting > 0 && time(NULL) < deadline;) {
		if (poll(pf, (nfds_t)n, 1000) <= 0)
			continue;
		for (int i = 0; i < n; i++) {
			if (pf[i].fd < 0 || pf[i].revents == 0)
				continue;
			ready[i] = read(pf[i].fd, &c, 1) == 1;
			pf[i].fd = -1;
			waiting--;
		}
	}
	for (int i = 0; i < n; i++)
		close(rd[i]);
	if (ready[0] && ready[1] && ready[2] && ready[3])
		return 0;
	for (int i = 0; i < n; i++) {
		if (ready[i])
			continue;
		fprintf(stderr, "assay serve: %s did not start\n", l->procs[i].name);
		snprintf(lp, sizeof(lp), "%s/%s.log", l->p.log, l->procs[i].name);
		print_tail(lp);
	}
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
	if (proc_start(l, &l->procs[l->nginx]) < 0)
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
	proc_start(l, p);
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
	if (l->session_fd >= 0) {
		close(l->session_fd);
		unlink(l->p.session_sock);
	}
	if (l->submissions_fd >= 0) {
		close(l->submissions_fd);
		unlink(l->p.submissions_sock);
	}
	if (l->staff_fd >= 0) {
		close(l->staff_fd);
		unlink(l->p.staff_sock);
	}
	if (l->graderd_fd >= 0) {
		close(l->graderd_fd);
		unlink(l->p.graderd_sock);
	}
	if (l->grade_fd >= 0) {
		close(l->grade_fd);
		unlink(l->p.grade_sock);
	}
	log_msg(NULL, "stopped");
}

/* Blocks the signals supervise() waits for, into SET. */
static void
block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigprocmask(SIG_BLOCK, set, NULL);
}

/* launch_run() for a grader host (launch.h), its paths set. */
static int
grader_run(struct launch *l)
{
	const struct launch_opts *o = l->o;
	int rd[4] = { -1, -1, -1, -1 };
	sigset_t set;

	snprintf(l->listen, sizeof(l->listen), "%s:%u", o->bind, o->port);
	if (tcp_ready(o->bind, o->port)) {
		fprintf(stderr, "assay grader: %s is already in use; choose another port\n",
		    l->listen);
		return 1;
	}
	if (grader_key(l) || write_nginx_conf(l) || (l->root && grader_hand_over(l)))
		return 1;
	if ((l->graderd_fd = listen_unix(l, l->p.graderd_sock)) < 0 ||
	    (l->grade_fd = listen_unix(l, l->p.grade_sock)) < 0) {
		stop_all(l);
		return 1;
	}
	block_signals(&set);
	if (start_grader(l, rd) == 0 && programs_ready(l, rd) == 0 && start_nginx(l) == 0) {
		if (o->banner)
			fputs(o->banner, stdout);
		fflush(stdout);
		log_msg(NULL, "grading on http://%s/grader/ with %d grading processes", l->listen,
		    o->workers);
		supervise(l, &set);
	}
	stop_all(l);
	return l->status;
}

/* What the graders of the last start kept on disk (compiled boxes) goes:
 * the compilers may have changed since (engine_forget()). */
static void
forget_kept(const struct paths *p)
{
	char boxes[PATH_MAX];

	if (join(boxes, sizeof(boxes), p->data, "/boxes") == 0 && engine_forget(boxes) == -1)
		log_msg(NULL, "%s: the compiled boxes kept there: %s", boxes, strerror(errno));
}

int
launch_run(const struct launch_opts *o)
{
	static struct launch l;
	sigset_t set;
	int rd[4] = { -1, -1, -1, -1 };

	memset(&l, 0, sizeof(l));
	l.o = o;
	l.nginx = -1;
	l.session_fd = l.submissions_fd = l.staff_fd = l.graderd_fd = l.grade_fd = -1;
	l.nready = o->grader ? 1 : o->graders ? 3 : 4;
	if (service_user(&l) || setup_paths(o, &l.p))
		return 1;
	forget_kept(&l.p);
	if (o->key_file ? absolute_new(o->key_file, l.key) :
	    join(l.key, sizeof(l.key), l.p.data, "/grader.key")) {
		fprintf(stderr, "assay serve: %s: the key file's path is too long\n", o->key_file);
		return 1;
	}
	if (o->grader)
		return grader_run(&l);
	if (!o->graders && (grader_key(&l) || front_dirs(&l)))
		return 1;
	snprintf(l.listen, sizeof(l.listen), "%s:%u", o->bind, o->port);
	if (tcp_ready(o->bind, o->port)) {
		fprintf(stderr, "assay serve: %s is already in use (another `make run`?); "
		    "choose another with PORT=\n", l.listen);
		return 1;
	}
	if (write_nginx_conf(&l) || (l.root && (hand_over(&l) || reachable(&l))))
		return 1;
	if ((l.session_fd = listen_unix(&l, l.p.session_sock)) < 0 ||
	    (l.submissions_fd = listen_unix(&l, l.p.submissions_sock)) < 0 ||
	    (l.staff_fd = listen_unix(&l, l.p.staff_sock)) < 0 ||
	    (!o->graders && ((l.graderd_fd = listen_unix(&l, l.p.graderd_sock)) < 0 ||
	    (l.grade_fd = listen_unix(&l, l.p.grade_sock)) < 0))) {
		stop_all(&l);
		return 1;
	}
	if (l.root)
		log_msg(NULL, "nginx's workers, assay-session, assay-submissions and assay-staff run"
		    " as user %s (uid %u); the graders as root", l.svc.name, (unsigned)l.svc.uid);

	block_signals(&set);

	/* nginx last, once the programs behind it answer. */
	if (start_programs(&l, rd) == 0 && programs_ready(&l, rd) == 0 && start_nginx(&l) == 0) {
		if (o->banner)
			fputs(o->banner, stdout);
		fflush(stdout);
		log_msg(NULL, "serving %s on http://%s/", l.p.root, l.listen);
		supervise(&l, &set);
	}
	stop_all(&l);
	return l.status;
}
