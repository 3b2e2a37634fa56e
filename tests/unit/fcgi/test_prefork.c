/*
 * test_prefork.c - the process model of the FastCGI programs, for real:
 * prefork_run() in a process of its own on a Unix socket in a private
 * directory, driven by FastCGI requests written here byte by byte (libfcgi
 * has no client side). Checked: N children answer; one that dies is
 * replaced; SIGTERM stops them all, a request in progress finishing first;
 * children that cannot start stop the program; the socket on standard
 * input; a stale socket is replaced; readiness told on ASSAY_READY_FD.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/log.h"
#include "fcgi/prefork.h"
#include "sandbox/util/file.h"
#include "tests/tap.h"
#include "tests/unit/fcgi/fcgi_util.h"

static char sock[PATH_MAX], logpath[PATH_MAX], started[PATH_MAX], crashed[PATH_MAX];

/* ---- the program under test -------------------------------------------- */

static void
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd >= 0) {
		(void)!write(fd, text, strlen(text));
		close(fd);
	}
}

static void
reply_pid(struct http_req *r, const char *what)
{
	json_t *j = json_pack("{s:i, s:s}", "pid", (int)getpid(), "what", what);

	http_reply(r, 200, j);
	json_decref(j);
}

/*
 * /pid answers the process's pid; /crash kills it (saying its pid first);
 * /slow says it started, then takes half a second, signals or not;
 * /silent answers nothing (the loop must answer 500).
 */
static void
handle(struct http_req *r, void *ctx)
{
	(void)ctx;
	if (strcmp(r->path, "/pid") == 0) {
		reply_pid(r, "pid");
	} else if (strcmp(r->path, "/crash") == 0) {
		char pid[16];

		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		write_file(crashed, pid);
		kill(getpid(), SIGKILL);
	} else if (strcmp(r->path, "/slow") == 0) {
		struct timespec until;

		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += 500000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		write_file(started, "1");
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
			;
		reply_pid(r, "slow");
	} else if (strcmp(r->path, "/silent") != 0) {
		http_error(r, 404, "no such path");
	}
}

static int
init_fails(void *ctx)
{
	(void)ctx;
	return -1;
}

/*
 * Runs prefork_run(PF) in a new process, its standard error into the log
 * file and, when STDIN_FD >= 0, that descriptor as its standard input.
 */
static pid_t
start(struct prefork *pf, int stdin_fd)
{
	pid_t pid;

	unlink(logpath);
	if ((pid = fork()) == 0) {
		int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);

		dup2(fd, 2);
		close(fd);
		if (stdin_fd >= 0) {
			dup2(stdin_fd, 0);
			close(stdin_fd);
		}
		log_init("test-prefork");
		_exit(prefork_run(pf));
	}
	return pid;
}

/*
 * Waits for PID's exit, at most MS milliseconds: its status, or -1 after
 * killing it (its children die with it: PR_SET_PDEATHSIG), so that a failed
 * test leaves nothing running.
 */
static int
wait_exit(pid_t pid, int ms)
{
	int status;

	for (double end = now_ms() + ms; now_ms() < end; sleep_ms(10))
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* The processes whose parent is PARENT, into KIDS (MAX at most). */
static int
children_of(pid_t parent, pid_t *kids, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)) != NULL) {
		char path[300], buf[512], *p;
		long ppid;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if (file_read_small(path, buf, sizeof(buf)) || (p = strrchr(buf, ')')) == NULL)
			continue;
		/* ") S PPID ..." */
		if (sscanf(p + 1, " %*c %ld", &ppid) == 1 && ppid == parent && n < max)
			kids[n++] = (pid_t)atoi(e->d_name);
	}
	if (d)
		closedir(d);
	return n;
}

/* Waits until PARENT has N children (other than NOT, when NOT > 0). */
static int
wait_children(pid_t parent, int n, pid_t not)
{
	pid_t kids[64];

	for (double end = now_ms() + 5000; now_ms() < end; sleep_ms(10)) {
		int got = children_of(parent, kids, 64), has_not = 0;

		for (int i = 0; i < got; i++)
			has_not |= kids[i] == not;
		if (got == n && !has_not)
			return 1;
	}
	return 0;
}

/* Does the log hold TEXT, or come to within five seconds? */
static int
log_has(const char *text)
{
	for (double end = now_ms() + 5000; now_ms() < end; sleep_ms(10)) {
		char *log;
		size_t len;
		int found;

		if (file_read(logpath, &log, &len) == -1)
			continue;
		found = strstr(log, text) != NULL;
		free(log);
		if (found)
			return 1;
	}
	return 0;
}

/* ---- a FastCGI client ---------------------------------------------------- */

enum { BEGIN_REQUEST = 1, END_REQUEST = 3, PARAMS = 4, STDIN = 5, STDOUT = 6 };

/* The address of the Unix socket at PATH (short: under a /tmp directory). */
static struct sockaddr_un
unix_addr(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path)) {
		diag("socket path too long: %s", path);
		exit(1);
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	return sa;
}

static int
connect_to(const char *path)
{
	struct sockaddr_un sa = unix_addr(path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Appends a record of TYPE with LEN bytes of BODY to OUT at *N. */
static void
record(unsigned char *out, size_t *n, int type, const void *body, size_t len)
{
	unsigned char h[8] = { 1, (unsigned char)type, 0, 1, (unsigned char)(len >> 8),
	    (unsigned char)len, 0, 0 };

	memcpy(out + *n, h, 8);
	memcpy(out + *n + 8, body, len);
	*n += 8 + len;
}

/* Appends the name-value pair NAME=VALUE (both under 128 bytes) to P at *N. */
static void
pair(unsigned char *p, size_t *n, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);

	p[(*n)++] = (unsigned char)nl;
	p[(*n)++] = (unsigned char)vl;
	memcpy(p + *n, name, nl);
	memcpy(p + *n + nl, value, vl);
	*n += nl + vl;
}

/* Connects and sends GET PATH. The connection, or -1. */
static int
send_get(const char *socket_path, const char *path)
{
	static const unsigned char begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };	/* responder */
	unsigned char params[512], msg[1024];
	size_t np = 0, n = 0;
	int fd = connect_to(socket_path);

	if (fd < 0)
		return -1;
	pair(params, &np, "REQUEST_METHOD", "GET");
	pair(params, &np, "DOCUMENT_URI", path);
	pair(params, &np, "REQUEST_SCHEME", "http");
	pair(params, &np, "HTTP_HOST", "localhost");
	record(msg, &n, BEGIN_REQUEST, begin, sizeof(begin));
	record(msg, &n, PARAMS, params, np);
	record(msg, &n, PARAMS, "", 0);
	record(msg, &n, STDIN, "", 0);
	if (write(fd, msg, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t k = read(fd, buf + got, len - got);

		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

/*
 * Reads the answer on FD (then closes it): its HTTP status, and its body in
 * BODY. -1 when the connection ends without a whole answer.
 */
static int
read_answer(int fd, char *body, size_t bodylen)
{
	char out[8192];
	size_t n = 0;
	int status = -1;

	body[0] = '\0';
	for (;;) {
		unsigned char h[8], content[65536 + 256];
		size_t len, pad;

		if (read_full(fd, h, 8))
			break;
		len = (size_t)h[4] << 8 | h[5];
		pad = h[6];
		if (read_full(fd, content, len + pad))
			break;
		if (h[1] == STDOUT && n + len < sizeof(out)) {
			memcpy(out + n, content, len);
			n += len;
		}
		if (h[1] == END_REQUEST) {
			char *sep;

			out[n] = '\0';
			if (sscanf(out, "Status: %d", &status) != 1)
				status = -1;
			if ((sep = strstr(out, "\r\n\r\n")) != NULL)
				snprintf(body, bodylen, "%.*s", (int)strcspn(sep + 4, "\n"), sep + 4);
			break;
		}
	}
	close(fd);
	return status;
}

static int
get(const char *socket_path, const char *path, char *body, size_t bodylen)
{
	int fd = send_get(socket_path, path);

	if (fd < 0) {
		body[0] = '\0';
		return -1;
	}
	return read_answer(fd, body, bodylen);
}

/* The "pid" of a JSON answer, or -1. */
static pid_t
answer_pid(const char *body)
{
	json_t *j = json_loads(body, 0, NULL);
	pid_t pid = j ? (pid_t)json_integer_value(json_object_get(j, "pid")) : -1;

	json_decref(j);
	return pid > 0 ? pid : -1;
}

static int
wait_socket(const char *path)
{
	for (double end = now_ms() + 5000; now_ms() < end; sleep_ms(10)) {
		int fd = connect_to(path);

		if (fd >= 0) {
			close(fd);
			return 1;
		}
	}
	return 0;
}

/* ---- the tests ----------------------------------------------------------- */

static void
test_serve_restart_stop(void)
{
	struct prefork pf = { .socket_path = sock, .children = 3, .handle = handle };
	pid_t server, kids[64], dead;
	char body[4096], line[PATH_MAX + 64];
	int nkids, status, all_children = 1, answered = 0, fd;
	double t0;

	server = start(&pf, -1);
	ok(wait_socket(sock), "the socket takes connections");
	ok(wait_children(server, 3, 0), "3 children run");
	snprintf(line, sizeof(line), "listening on %s with 3 processes", sock);
	ok(log_has(line), "the log says so");
	nkids = children_of(server, kids, 64);
	for (int i = 0; i < 12; i++) {
		pid_t pid;
		int k;

		status = get(sock, "/pid", body, sizeof(body));
		answered += status == 200;
		pid = answer_pid(body);
		for (k = 0; k < nkids && kids[k] != pid; k++)
			;
		all_children &= k < nkids;
	}
	is_int(answered, 12, "12 requests, 12 answers");
	ok(all_children, "each from one of the children");
	is_int(get(sock, "/nowhere", body, sizeof(body)), 404, "the handler's own status");
	is_int(get(sock, "/silent", body, sizeof(body)), 500,
	    "a handler that answers nothing: 500");
	ok(strstr(body, "internal error (request ") != NULL, "... naming the request: %s", body);
	ok(log_has(": GET /silent: handler gave no answer"), "... and logged");

	is_int(get(sock, "/crash", body, sizeof(body)), -1, "a request that kills its process");
	{
		char *text = NULL;
		size_t len;

		dead = file_read(crashed, &text, &len) == 0 ? (pid_t)atoi(text) : 0;
		free(text);
	}
	ok(dead > 0 && wait_children(server, 3, dead), "... the dead child is replaced: 3 run");
	snprintf(line, sizeof(line), "process %d killed by signal 9; restarting", (int)dead);
	ok(log_has(line), "the log says so");
	is_int(get(sock, "/pid", body, sizeof(body)), 200, "requests are answered after it");

	/* SIGTERM while a request is in progress: it finishes, then all stop. */
	nkids = children_of(server, kids, 64);
	unlink(started);
	fd = send_get(sock, "/slow");
	for (double end = now_ms() + 5000; access(started, F_OK) != 0 && now_ms() < end;)
		sleep_ms(5);
	ok(access(started, F_OK) == 0, "a slow request is in progress");
	t0 = now_ms();
	kill(server, SIGTERM);
	is_int(read_answer(fd, body, sizeof(body)), 200, "SIGTERM: the request in progress finishes");
	ok(strstr(body, "\"what\":\"slow\"") != NULL, "... whole: %s", body);
	is_int(wait_exit(server, 7000), 0, "the program then exits 0");
	ok(now_ms() - t0 < 4000, "... without waiting for the five-second kill (%.0f ms)",
	    now_ms() - t0);
	{
		int gone = 1;

		for (int i = 0; i < nkids; i++)
			gone &= kill(kids[i], 0) == -1 && errno == ESRCH;
		ok(gone, "no child is left");
	}
	ok(access(sock, F_OK) != 0, "the socket is removed");
	ok(log_has("test-prefork[") && log_has("]: stopped"), "the log says it stopped");
}

static void
test_idle_stop(void)
{
	struct prefork pf = { .socket_path = sock, .children = 2, .handle = handle };
	pid_t server = start(&pf, -1);
	double t0;

	ok(wait_socket(sock) && wait_children(server, 2, 0), "2 idle children run");
	t0 = now_ms();
	kill(server, SIGINT);
	is_int(wait_exit(server, 7000), 0, "SIGINT stops the program too");
	ok(now_ms() - t0 < 2000, "idle children leave at once (%.0f ms)", now_ms() - t0);
}

static void
test_failing_init(void)
{
	struct prefork pf = { .socket_path = sock, .children = 2, .init = init_fails,
	    .handle = handle };
	pid_t server = start(&pf, -1);

	is_int(wait_exit(server, 10000), 1, "children that cannot start: the program exits 1");
	ok(log_has("exited with status 3; restarting"), "each failure is logged");
	ok(log_has("processes keep failing; stopping"), "... and why it gave up");
	ok(access(sock, F_OK) != 0, "the socket is removed");
}

static void
test_socket_on_stdin(void)
{
	struct prefork pf = { .socket_path = NULL, .children = 1, .handle = handle };
	struct sockaddr_un sa;
	char path[PATH_MAX + 8], body[4096];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), devnull;
	pid_t server;

	snprintf(path, sizeof(path), "%s/inherited.sock", tmp_dir);
	sa = unix_addr(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 8) != 0) {
		ok(0, "a listening socket for standard input");
		return;
	}
	server = start(&pf, fd);
	close(fd);
	is_int(get(path, "/pid", body, sizeof(body)), 200,
	    "a socket on standard input (systemd, spawn-fcgi) is served");
	ok(log_has("listening on standard input with 1 processes"), "the log says so");
	kill(server, SIGTERM);
	is_int(wait_exit(server, 7000), 0, "... and stops cleanly");
	ok(access(path, F_OK) == 0, "a socket it did not create is left alone");

	devnull = open("/dev/null", O_RDONLY);
	server = start(&pf, devnull);
	close(devnull);
	is_int(wait_exit(server, 5000), 1, "no --socket and no socket on standard input: exit 1");
	ok(log_has("no --socket given and standard input is not a socket"), "... saying why");
}

static void
test_stale_socket(void)
{
	struct prefork pf = { .socket_path = sock, .children = 1, .handle = handle };
	struct sockaddr_un sa = unix_addr(sock);
	char body[4096];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t server;

	/* A socket left by a run that died: bound, never removed. */
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		ok(0, "a stale socket");
		return;
	}
	close(fd);
	server = start(&pf, -1);
	ok(wait_socket(sock), "a stale socket is replaced");
	is_int(get(sock, "/pid", body, sizeof(body)), 200, "... and served");
	kill(server, SIGTERM);
	is_int(wait_exit(server, 7000), 0, "... and stops cleanly");
}

/* Starts PF with ASSAY_READY_FD naming a pipe; what the pipe said before its end, into BUF. */
static pid_t
start_told(struct prefork *pf, int stdin_fd, char *buf, size_t len)
{
	char num[16];
	int fds[2];
	ssize_t n, got = 0;
	pid_t server;

	buf[0] = '\0';
	if (pipe(fds) != 0)
		return -1;
	snprintf(num, sizeof(num), "%d", fds[1]);
	setenv("ASSAY_READY_FD", num, 1);
	server = start(pf, stdin_fd);
	unsetenv("ASSAY_READY_FD");
	close(fds[1]);
	/* Until end of file: the children must not hold the pipe open. */
	while ((size_t)got < len - 1 && (n = read(fds[0], buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = '\0';
	close(fds[0]);
	return server;
}

static void
test_ready(void)
{
	struct prefork pf = { .socket_path = sock, .children = 2, .handle = handle };
	char said[64], body[4096];
	pid_t server = start_told(&pf, -1, said, sizeof(said));
	int devnull;

	is_str(said, "ready\n", "ASSAY_READY_FD: \"ready\", then end of file while the children run");
	ok(wait_children(server, 2, 0), "... and they do");
	is_int(get(sock, "/pid", body, sizeof(body)), 200, "... and answer");
	kill(server, SIGTERM);
	is_int(wait_exit(server, 7000), 0, "... and stop cleanly");

	/* No socket at all (standard input is not one). */
	pf.socket_path = NULL;
	devnull = open("/dev/null", O_RDONLY);
	server = start_told(&pf, devnull, said, sizeof(said));
	close(devnull);
	is_str(said, "", "a program that cannot start closes the pipe without a word");
	is_int(wait_exit(server, 5000), 1, "... and exits 1");
}

int
main(void)
{
	tmp_dir_make("prefork");
	snprintf(sock, sizeof(sock), "%s/test.sock", tmp_dir);
	snprintf(logpath, sizeof(logpath), "%s/log", tmp_dir);
	snprintf(started, sizeof(started), "%s/started", tmp_dir);
	snprintf(crashed, sizeof(crashed), "%s/crashed", tmp_dir);
	test_serve_restart_stop();
	test_idle_stop();
	test_failing_init();
	test_socket_on_stdin();
	test_stale_socket();
	test_ready();
	tmp_dir_remove();
	return tap_done();
}
