/*
 * test_jail.c - the jail, with real runs of real programs (needs root).
 *
 * Limits are short (a few hundred milliseconds) so that the whole program
 * runs in seconds, and assertions are on outcomes, never on exact timings.
 * The runs use uids of their own (TEST_UID) so that other suites running at
 * the same time cannot be confused with this one's processes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/jail/jail.h"
#include "tests/tap.h"
#include "tests/unit/engine_util.h"

#define TEST_UID 64900
#define PY "/usr/bin/python3"

static struct jail_box *bx;
static const char *box;
/* Second pass: every run in the one cell of bx (jail_box_run()), so
 * that each guarantee of a run is checked after every kind of run before. */
static int in_cell;

static struct jail_limits
limits(void)
{
	struct jail_limits l = {
		.cpu_ms = 2000, .wall_ms = 5000, .memory_kib = 256 * 1024,
		.output_kib = 64, .fsize_kib = 1024, .files = 64, .processes = 8,
		.tmp_kib = 1024,
	};
	return l;
}

/* Runs ARGV with limits L and INPUT; returns jail_run's value. */
static int
run_in(char *const *argv, const struct jail_limits *l, const char *input,
    int writable, struct jail_result *res, char *err, size_t errlen)
{
	struct jail_config cfg = {
		.box = box, .writable = writable, .uid = TEST_UID, .gid = TEST_UID,
		.argv = argv, .input = input, .input_len = input ? strlen(input) : 0,
		.limits = *l,
	};
	return in_cell ? jail_box_run(bx, &cfg, res, err, errlen) :
	    jail_run(&cfg, res, err, errlen);
}

/* Runs "sh -c SCRIPT" with the default limits. */
static int
sh(const char *script, struct jail_result *res)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	struct jail_limits l = limits();
	char err[256] = "";
	int rc = run_in(argv, &l, NULL, 0, res, err, sizeof(err));

	if (rc != 0)
		diag("jail_run: %s", err);
	return rc;
}

/* Runs python3 -c CODE with limits L. */
static int
py(const char *code, const struct jail_limits *l, struct jail_result *res)
{
	char *argv[] = { PY, "-I", "-c", (char *)code, NULL };
	char err[256] = "";
	int rc = run_in(argv, l, NULL, 0, res, err, sizeof(err));

	if (rc != 0)
		diag("jail_run: %s", err);
	return rc;
}

static void
test_exit_and_signals(void)
{
	struct jail_result r;

	is_int(sh("exit 0", &r), 0, "true runs");
	is_int(r.status, JAIL_EXITED, "exit 0: exited");
	is_int(r.code, 0, "exit 0: code 0");
	jail_result_clear(&r);

	sh("exit 3", &r);
	ok(r.status == JAIL_EXITED && r.code == 3, "exit 3: exited with code 3");
	jail_result_clear(&r);

	sh("kill -SEGV $$", &r);
	ok(r.status == JAIL_SIGNALED && r.signal == SIGSEGV, "killed by SIGSEGV");
	is_str(jail_signal_name(r.signal), "SIGSEGV", "signal name");
	jail_result_clear(&r);

	sh("kill -ABRT $$", &r);
	ok(r.status == JAIL_SIGNALED && r.signal == SIGABRT, "killed by SIGABRT");
	jail_result_clear(&r);

	sh("echo out; echo err >&2; exit 1", &r);
	is_str(r.out, "out\n", "stdout captured");
	is_str(r.err, "err\n", "stderr captured apart");
	jail_result_clear(&r);
}

static void
test_input(void)
{
	struct jail_result r;
	struct jail_limits l = limits();
	char *cat[] = { "/bin/cat", NULL }, *tru[] = { "/bin/true", NULL };
	char err[256];
	size_t big = 1 << 20;
	char *in = malloc(big + 1);

	is_int(run_in(cat, &l, "hello\nworld\n", 0, &r, err, sizeof(err)), 0, "cat runs");
	is_str(r.out, "hello\nworld\n", "stdin comes from the buffer");
	jail_result_clear(&r);

	for (size_t i = 0; i < big; i++)
		in[i] = (char)('a' + i % 26);
	in[big] = '\0';
	l.output_kib = 2048;
	is_int(run_in(cat, &l, in, 0, &r, err, sizeof(err)), 0, "cat of 1 MiB runs");
	ok(r.status == JAIL_EXITED && r.out_len == big && memcmp(r.out, in, big) == 0,
	    "1 MiB in and out, no deadlock");
	jail_result_clear(&r);

	is_int(run_in(tru, &l, in, 0, &r, err, sizeof(err)), 0, "unread input");
	ok(r.status == JAIL_EXITED && r.code == 0, "a program may ignore its input");
	jail_result_clear(&r);
	free(in);

	sh("echo x >/dev/stdin", &r);
	ok(r.status == JAIL_EXITED && r.code != 0, "the input cannot be changed");
	jail_result_clear(&r);

	sh("exec >&- 2>&-; sleep 0.2; exit 4", &r);
	ok(r.status == JAIL_EXITED && r.code == 4,
	    "a program that closes its outputs is still waited for");
	jail_result_clear(&r);
}

static void
test_time_limits(void)
{
	struct jail_result r;
	struct jail_limits l = limits();
	char *loop[] = { "/bin/sh", "-c", "while :; do :; done", NULL };
	char *slp[] = { "/bin/sleep", "10", NULL };
	char err[256];

	l.cpu_ms = 300;
	is_int(run_in(loop, &l, NULL, 0, &r, err, sizeof(err)), 0, "busy loop runs");
	is_int(r.status, JAIL_CPU_LIMIT, "busy loop: CPU time limit");
	ok(r.cpu_ms >= 200, "CPU time measured: %u ms", r.cpu_ms);
	jail_result_clear(&r);

	l = limits();
	l.wall_ms = 300;
	is_int(run_in(slp, &l, NULL, 0, &r, err, sizeof(err)), 0, "sleep runs");
	is_int(r.status, JAIL_WALL_LIMIT, "sleep: wall time limit");
	ok(r.wall_ms >= 300 && r.cpu_ms < 300, "wall %u ms, CPU %u ms", r.wall_ms, r.cpu_ms);
	jail_result_clear(&r);
}

static void
test_output_limit(void)
{
	struct jail_result r;
	struct jail_limits l = limits();
	char *yes[] = { "/usr/bin/yes", NULL };
	char *yes2[] = { "/bin/sh", "-c", "yes >&2", NULL };
	char err[256];

	l.output_kib = 16;
	is_int(run_in(yes, &l, NULL, 0, &r, err, sizeof(err)), 0, "yes runs");
	is_int(r.status, JAIL_OUTPUT_LIMIT, "stdout flood: output limit");
	is_int(r.out_len, 16 * 1024, "the first 16 KiB are kept");
	jail_result_clear(&r);

	is_int(run_in(yes2, &l, NULL, 0, &r, err, sizeof(err)), 0, "yes >&2 runs");
	is_int(r.status, JAIL_OUTPUT_LIMIT, "stderr flood: output limit");
	jail_result_clear(&r);

	/* output_discard: each stream kept to the limit, the rest counted,
	 * the run going on to its end. */
	{
		char *both[] = { "/bin/sh", "-c", "head -c 100000 /dev/zero;"
		    " head -c 30000 /dev/zero >&2; exit 7", NULL };
		struct jail_config cfg = {
			.box = box, .uid = TEST_UID, .gid = TEST_UID, .argv = both,
			.limits = l, .output_discard = 1,
		};
		int rc = in_cell ? jail_box_run(bx, &cfg, &r, err, sizeof(err)) :
		    jail_run(&cfg, &r, err, sizeof(err));

		is_int(rc, 0, "output_discard: runs");
		is_int(r.status, JAIL_EXITED, "output_discard: not stopped");
		is_int(r.code, 7, "output_discard: its own end");
		is_int(r.out_len, 16 * 1024, "output_discard: 16 KiB of stdout kept");
		is_int(r.out_cut, 100000 - 16 * 1024, "output_discard: the rest counted");
		is_int(r.err_len, 16 * 1024, "output_discard: 16 KiB of stderr kept");
		is_int(r.err_cut, 30000 - 16 * 1024, "output_discard: stderr's rest counted");
		jail_result_clear(&r);
	}
}

static void
test_processes(void)
{
	struct jail_result r;
	struct jail_limits l = limits();

	/* Tries 50 forks, and says how many worked; the children wait. */
	l.processes = 4;
	is_int(py("import os, time\n"
	    "n = 0\n"
	    "for i in range(50):\n"
	    "    try:\n"
	    "        pid = os.fork()\n"
	    "    except OSError:\n"
	    "        break\n"
	    "    if pid == 0:\n"
	    "        time.sleep(20)\n"
	    "        os._exit(0)\n"
	    "    n += 1\n"
	    "print(n)\n", &l, &r), 0, "fork loop runs");
	is_str(r.out, "3\n", "4 processes: 3 forks succeed, the rest fail");
	is_int(count_procs(TEST_UID), 0, "the sleeping children are gone");
	jail_result_clear(&r);

	/* A real fork bomb: every process forks for ever, failures ignored. */
	l.wall_ms = 500;
	is_int(py("import os\n"
	    "while True:\n"
	    "    try:\n"
	    "        os.fork()\n"
	    "    except OSError:\n"
	    "        pass\n", &l, &r), 0, "fork bomb runs");
	ok(r.status == JAIL_WALL_LIMIT || r.status == JAIL_CPU_LIMIT,
	    "fork bomb: stopped by a time limit (%d)", r.status);
	is_int(count_procs(TEST_UID), 0, "and nothing of it survives");
	jail_result_clear(&r);

	sh("(setsid sleep 30 >/dev/null 2>&1 &); (sleep 30 &); echo started", &r);
	ok(r.status == JAIL_EXITED && r.code == 0, "daemonizing program exits");
	is_str(r.out, "started\n", "and printed");
	ok(r.wall_ms < 10000, "the run ends with the program, not the daemons");
	is_int(count_procs(TEST_UID), 0, "no process of the uid survives a daemon");
	jail_result_clear(&r);

	l = limits();
	l.wall_ms = 300;
	{
		char *argv[] = { "/bin/sh", "-c", "sleep 30 & sleep 30", NULL };
		char err[256];

		run_in(argv, &l, NULL, 0, &r, err, sizeof(err));
		is_int(r.status, JAIL_WALL_LIMIT, "background sleeper: wall limit");
		is_int(count_procs(TEST_UID), 0, "no process survives a wall limit kill");
		jail_result_clear(&r);
	}
}

static void
test_memory(void)
{
	struct jail_result r;
	struct jail_limits l = limits();

	l.memory_kib = 128 * 1024;
	is_int(py("x = bytearray(300 * 1024 * 1024)", &l, &r), 0, "memory hog runs");
	if (r.layers & JAIL_LAYER_CGROUP_MEMORY)
		is_int(r.status, JAIL_MEMORY_LIMIT,
		    "300 MiB in 128 MiB: the memory cgroup's limit, for certain");
	else
		ok(r.status == JAIL_EXITED && r.code == 1 && strstr(r.err, "MemoryError"),
		    "300 MiB in 128 MiB: the allocation fails (no memory cgroup)");
	jail_result_clear(&r);

	/* Two processes of 80 MiB each: only the box's total passes 128 MiB. */
	l.processes = 4;
	py("import os\n"
	    "os.fork()\n"
	    "x = bytearray(80 * 1024 * 1024)\n"
	    "import time; time.sleep(0.3)\n", &l, &r);
	if (r.layers & JAIL_LAYER_CGROUP_MEMORY)
		is_int(r.status, JAIL_MEMORY_LIMIT, "the limit is the whole box's");
	else
		ok(1, "the limit is per process (no memory cgroup) # SKIP");
	jail_result_clear(&r);
	l.processes = 8;

	is_int(py("x = bytearray(64 * 1024 * 1024); print(len(x))", &l, &r), 0,
	    "64 MiB in 128 MiB runs");
	is_str(r.out, "67108864\n", "and succeeds");
	ok(r.memory_kib >= 64 * 1024, "peak memory measured: %lu KiB", r.memory_kib);
	jail_result_clear(&r);
}

static void
test_credentials(void)
{
	struct jail_result r;
	char want[64];

	sh("id -u; id -g; id -G", &r);
	snprintf(want, sizeof(want), "%d\n%d\n%d\n", TEST_UID, TEST_UID, TEST_UID);
	is_str(r.out, want, "own uid and gid, no supplementary groups");
	jail_result_clear(&r);

	/* The supervisor ignores SIGPIPE: the program must not inherit that. */
	signal(SIGPIPE, SIG_IGN);
	sh("grep -E '^(CapEff|NoNewPrivs|SigIgn|SigBlk)' /proc/self/status", &r);
	is_str(r.out, "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n"
	    "CapEff:\t0000000000000000\nNoNewPrivs:\t1\n",
	    "no capabilities, no new privileges, default signals");
	jail_result_clear(&r);
	signal(SIGPIPE, SIG_DFL);

	{
		struct jail_limits l = limits();

		py("import os; print(os.getsid(0) == os.getpid(), os.getpgid(0) == os.getpid())",
		    &l, &r);
		is_str(r.out, "True True\n", "own session and process group");
		jail_result_clear(&r);
	}
}

static void
test_namespaces(void)
{
	struct jail_result r;
	struct jail_limits l = limits();
	struct sockaddr_in sa;
	socklen_t salen = sizeof(sa);
	int lfd, cfd;
	char code[512];

	sh("echo /proc/[0-9]*; uname -n", &r);
	is_str(r.out, "/proc/2\nassay\n", "own pid namespace and host name");
	jail_result_clear(&r);

	sh("cat /proc/self/cgroup | cut -d: -f3 | sort -u", &r);
	is_str(r.out, "/\n", "own cgroup namespace");
	jail_result_clear(&r);

	/* A listener of our own on the host's loopback: the jail must not reach it. */
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok(lfd != -1 && bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    listen(lfd, 8) == 0 && getsockname(lfd, (struct sockaddr *)&sa, &salen) == 0,
	    "loopback listener");
	snprintf(code, sizeof(code),
	    "import socket\n"
	    "s = socket.socket()\n"
	    "s.settimeout(1)\n"
	    "try:\n"
	    "    s.connect(('127.0.0.1', %d))\n"
	    "    print('connected')\n"
	    "except OSError as e:\n"
	    "    print(e.strerror)\n", ntohs(sa.sin_port));
	py(code, &l, &r);
	ok(r.status == JAIL_SIGNALED && r.signal == SIGSYS, "socket() ends the run");
	is_str(r.syscall, "socket", "and is named");
	is_str(r.out, "", "nothing was connected");
	cfd = accept(lfd, NULL, NULL);
	ok(cfd == -1 && (errno == EAGAIN || errno == EWOULDBLOCK),
	    "the listener saw no connection");
	if (cfd != -1)
		close(cfd);
	close(lfd);
	jail_result_clear(&r);
}

static void
test_files(void)
{
	struct jail_result r;
	struct jail_limits l = limits();
	char *big[] = { "/bin/sh", "-c", "exec head -c 2000000 /dev/zero >big", NULL };
	char *wr[] = { "/bin/sh", "-c", "echo x >f && chmod 6777 f && mkdir d && touch d/g", NULL };
	char err[256], path[512];
	struct stat st;
	int fd;

	/* What the first pass left. */
	for (const char *const *f = (const char *const[]){ "f", "d/g", "big", NULL };
	    *f != NULL; f++) {
		snprintf(path, sizeof(path), "%s/%s", box, *f);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/d", box);
	rmdir(path);

	sh("echo x >f", &r);
	ok(r.status == JAIL_EXITED && r.code != 0 && strstr(r.err, "Read-only"),
	    "the box is read-only when not writable");
	jail_result_clear(&r);

	is_int(run_in(wr, &l, NULL, 1, &r, err, sizeof(err)), 0, "writable run");
	ok(r.status == JAIL_EXITED && r.code == 0, "a writable run writes in the box");
	snprintf(path, sizeof(path), "%s/f", box);
	ok(stat(path, &st) == 0 && st.st_uid == 0 && st.st_gid == 0 &&
	    (st.st_mode & 07022) == 0, "afterwards its files are root's, no set-id bits");
	snprintf(path, sizeof(path), "%s/d/g", box);
	ok(stat(path, &st) == 0 && st.st_uid == 0, "also in subdirectories");
	ok(stat(box, &st) == 0 && st.st_uid == 0 && (st.st_mode & 0777) == 0755,
	    "and the box is root's again");
	jail_result_clear(&r);

	l.fsize_kib = 1024;
	is_int(run_in(big, &l, NULL, 1, &r, err, sizeof(err)), 0, "big writer runs");
	ok(r.status == JAIL_SIGNALED && r.signal == SIGXFSZ, "file size limit: SIGXFSZ");
	jail_result_clear(&r);

	sh("echo secret >/tmp/assay-test-leak && cat /tmp/assay-test-leak", &r);
	is_str(r.out, "secret\n", "a private /tmp is writable");
	ok(access("/tmp/assay-test-leak", F_OK) == -1, "and invisible to the host");
	jail_result_clear(&r);
	sh("cat /tmp/assay-test-leak", &r);
	ok(r.status == JAIL_EXITED && r.code != 0, "and to the next run");
	jail_result_clear(&r);

	sh("touch /var/tmp/assay-test-leak || touch /dev/shm/assay-test-leak || echo refused", &r);
	is_str(r.out, "refused\n", "the rest of the host is read-only");
	jail_result_clear(&r);

	/* A descriptor the supervisor forgot to close must not leak in. */
	fd = open("/dev/null", O_RDONLY);
	sh("ls /proc/self/fd", &r);
	is_str(r.out, "0\n1\n2\n3\n", "only 0, 1 and 2 (and ls's own) are open");
	jail_result_clear(&r);
	close(fd);
}

static void
test_failures(void)
{
	struct jail_result r;
	struct jail_limits l = limits();
	char *missing[] = { "/nonexistent/prog", NULL };
	char err[256] = "";

	is_int(run_in(missing, &l, NULL, 0, &r, err, sizeof(err)), -1,
	    "a missing program is a failure of the jail");
	ok(strstr(err, "execve") != NULL, "which says why: %s", err);
	jail_result_clear(&r);

	l.wall_ms = 0;
	ok(run_in(missing, &l, NULL, 0, &r, err, sizeof(err)) == -1 && strstr(err, "wall"),
	    "a run without a wall limit is refused: %s", err);
	jail_result_clear(&r);

	{
		struct jail_config cfg = {
			.box = box, .uid = 0, .gid = 0, .argv = missing,
			.limits = limits(),
		};

		ok(jail_run(&cfg, &r, err, sizeof(err)) == -1 && strstr(err, "root"),
		    "root is refused: %s", err);
		jail_result_clear(&r);
	}
	is_int(count_procs(TEST_UID), 0, "no process left by failures");
}

/* Runs "sh -c SCRIPT" under PROFILE with limits L. */
static int
sh_as(enum jail_profile profile, const char *script, const struct jail_limits *l,
    struct jail_result *res)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	struct jail_config cfg = {
		.box = box, .uid = TEST_UID, .gid = TEST_UID, .argv = argv,
		.limits = *l, .profile = profile,
	};
	char err[256] = "";
	int rc = jail_run(&cfg, res, err, sizeof(err));

	if (rc != 0)
		diag("jail_run: %s", err);
	return rc;
}

static void
test_root(void)
{
	struct jail_result r;

	/* What the host has of /bin, /lib..., /etc/alternatives, the JDKs'
	 * /etc/java-* and GHC's /var/lib/ghc, decides the rest (a chroot may
	 * lack some). */
	sh("ls -A / | grep -v -x -E 'bin|sbin|lib|lib32|lib64|libx32|var'; echo;"
	    " ls -A /etc | grep -v -x -E 'alternatives|java-.*'; echo; ls -A /dev", &r);
	is_str(r.out, "dev\netc\nproc\ntmp\nusr\n\n"
	    "group\nld.so.cache\nnsswitch.conf\npasswd\n\n"
	    "fd\nnull\nstderr\nstdin\nstdout\nurandom\nzero\n",
	    "a minimal root: /usr, links, a few /etc files, three devices");
	jail_result_clear(&r);

	sh("test -e /etc/shadow || test -e /root || test -e /home || (test -e /var &&"
	    " test \"$(ls -A /var)/$(ls -A /var/lib)\" != lib/ghc) || echo none", &r);
	is_str(r.out, "none\n", "no /etc/shadow, /root, /home; of /var only /var/lib/ghc");
	jail_result_clear(&r);

	sh("echo x >/dev/null && head -c 3 /dev/zero | od -An -c | tr -d ' ' &&"
	    " head -c 16 /dev/urandom | wc -c", &r);
	is_str(r.out, "\\0\\0\\0\n16\n", "null, zero and urandom work");
	jail_result_clear(&r);

	sh("touch /x || touch /usr/x || touch /etc/x || touch /dev/x || echo refused", &r);
	is_str(r.out, "refused\n", "the root, /usr, /etc and /dev are read-only");
	jail_result_clear(&r);

	sh("id -un; grep -c . /etc/passwd", &r);
	is_str(r.out, "assay\n2\n", "a passwd naming only root and the run's uid");
	jail_result_clear(&r);

	sh("cat /proc/self/mounts | wc -l; ls /proc/sys /proc/kcore 2>/dev/null | wc -l", &r);
	ok(r.status == JAIL_EXITED && strncmp(r.out, "0\n", 2) != 0 &&
	    strstr(r.out, "\n0\n") != NULL, "/proc has the processes, not the kernel's"
	    " tables: %s", r.out);
	jail_result_clear(&r);
}

static void
test_seccomp(void)
{
	struct jail_result r;
	struct jail_limits l = limits();

	is_int(sh_as(JAIL_PROFILE_C, "exit 7", &l, &r), 0, "the C profile runs a program");
	ok(r.status == JAIL_EXITED && r.code == 7, "its first execve goes through");
	jail_result_clear(&r);

	sh_as(JAIL_PROFILE_C, "/bin/true; exit 7", &l, &r);
	ok(r.status == JAIL_SIGNALED && r.signal == SIGSYS, "a second execve ends it");
	is_str(r.syscall, "execve", "named");
	jail_result_clear(&r);

	sh_as(JAIL_PROFILE_COMPILER, "/bin/true && exit 7", &l, &r);
	ok(r.status == JAIL_EXITED && r.code == 7, "the compiler's profile may exec");
	jail_result_clear(&r);

	py("import ctypes\n"
	    "ctypes.CDLL(None).syscall(101, 0, 0, 0, 0)\n", &l, &r);
	ok(r.status == JAIL_SIGNALED && r.signal == SIGSYS, "ptrace ends the run");
	is_str(r.syscall, "ptrace", "named");
	jail_result_clear(&r);

	py("import ctypes\n"
	    "ctypes.CDLL(None).syscall(319, b'x', 0)\n", &l, &r);
	is_str(r.syscall, "memfd_create", "memfd_create is forbidden");
	jail_result_clear(&r);

	py("import ctypes\n"
	    "ctypes.CDLL(None).syscall(272, 0x10000000)\n", &l, &r);
	is_str(r.syscall, "unshare", "unshare is forbidden");
	jail_result_clear(&r);

	py("import os, threading\n"
	    "t = threading.Thread(target=print, args=('thread',)); t.start(); t.join()\n"
	    "r, w = os.pipe2(os.O_CLOEXEC)\n"
	    "pid = os.fork()\n"
	    "if pid == 0:\n"
	    "    os.write(w, b'child'); os._exit(0)\n"
	    "print(os.read(r, 5).decode(), os.waitpid(pid, 0)[1])\n", &l, &r);
	is_str(r.out, "thread\nchild 0\n", "threads, pipe2, fork and wait4 are allowed");
	jail_result_clear(&r);
}

/* Our runs' groups left under the controllers' directories. */
static int
cgroups_left(void)
{
	const char *dirs[] = { "memory", "pids", "cpu", "cpuacct" };
	char cmd[512];
	int n = 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		FILE *f;
		char line[256];

		snprintf(cmd, sizeof(cmd), "find /sys/fs/cgroup/%s -maxdepth 4 -name"
		    " 'assay-%ld-*' 2>/dev/null", dirs[i], (long)getpid());
		if ((f = popen(cmd, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL)
			n++;
		pclose(f);
	}
	return n;
}

static void
test_cgroups(void)
{
	struct jail_result r;
	struct jail_limits l = limits();

	sh("exit 0", &r);
	if (!(r.layers & JAIL_LAYER_CGROUP_CPU)) {
		ok(1, "# SKIP no cpu cgroup on this host");
		jail_result_clear(&r);
		return;
	}
	jail_result_clear(&r);
	/* Two busy processes: neither passes 300 ms alone for a while, the
	 * box does, and is stopped then rather than at the end. */
	l.cpu_ms = 300;
	l.wall_ms = 10000;
	sh("(while :; do :; done) & while :; do :; done", &r);
	is_int(r.status, JAIL_CPU_LIMIT, "the box's CPU time is watched");
	ok(r.wall_ms < 9000, "and stopped before the wall limit (%u ms)", r.wall_ms);
	jail_result_clear(&r);

	l = limits();
	l.processes = 3;
	sh_as(JAIL_PROFILE_DEFAULT, "sleep 5 & sleep 5 & sleep 5 & echo $?", &l, &r);
	ok(r.status == JAIL_EXITED && r.code != 0, "pids.max: the third child fails");
	jail_result_clear(&r);
	if (in_cell) {
		/* The cell's own groups stay until it ends. */
		jail_cell_close(bx->cell);
		bx->cell = NULL;
	}
	is_int(cgroups_left(), 0, "no cgroup of the runs is left");
}

static void
test_layers(void)
{
	struct jail_result r;
	char name[] = "/tmp/assay-test-probe-XXXXXX";
	struct jail_probe p;
	unsigned layers;
	char err[256];

	sh("exit 0", &r);
	layers = r.layers;
	ok((layers & (JAIL_LAYER_UID | JAIL_LAYER_NAMESPACES | JAIL_LAYER_ROOT |
	    JAIL_LAYER_SECCOMP | JAIL_LAYER_RLIMITS)) == (JAIL_LAYER_UID |
	    JAIL_LAYER_NAMESPACES | JAIL_LAYER_ROOT | JAIL_LAYER_SECCOMP |
	    JAIL_LAYER_RLIMITS), "every run has the essential layers (%#x)", layers);
	jail_result_clear(&r);

	if (mkdtemp(name) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	jail_probe(name, TEST_UID, &p);
	is_int((int)p.active, (int)layers, "jail_probe finds the layers a run has");
	ok(strstr(p.detail[2], "pivot_root") != NULL, "and says how: %s", p.detail[2]);
	rmdir(name);

	ok(jail_layer_parse("seccomp,cgroup", &layers, err, sizeof(err)) == 0 &&
	    layers == (JAIL_LAYER_SECCOMP | JAIL_LAYER_CGROUPS), "layer names parse");
	ok(jail_layer_parse("seccomp,bogus", &layers, err, sizeof(err)) == -1 &&
	    strstr(err, "bogus") != NULL, "an unknown one is refused: %s", err);
	is_str(jail_layer_name(JAIL_LAYER_CGROUP_PIDS), "cgroup-pids", "layer name");
}

static void
test_speed(void)
{
	struct jail_result r;
	struct jail_limits l = limits();
	char *tru[] = { "/bin/true", NULL };
	char err[256];
	struct timespec a, b;
	int n = 50, fails = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++) {
		if (run_in(tru, &l, NULL, 0, &r, err, sizeof(err)) != 0 ||
		    r.status != JAIL_EXITED || r.code != 0)
			fails++;
		jail_result_clear(&r);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	is_int(fails, 0, "%d runs of /bin/true", n);
	diag("one %s of /bin/true: %.2f ms", in_cell ? "run in a cell" :
	    "jail run", ((b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6) / n);
}

/*
 * What one run of a cell leaves, the next must not see: processes, /tmp,
 * the box's writability, the pid counter, the cgroup counters; and a run
 * that was stopped, or failed, leaves the cell usable.
 */
static void
test_cell(void)
{
	struct jail_cell *s = NULL;
	struct jail_result r;
	struct jail_limits l = limits();
	struct jail_config cfg = {
		.box = box, .uid = TEST_UID, .gid = TEST_UID, .limits = l,
	};
	char *daemon[] = { "/bin/sh", "-c", "(setsid sleep 30 >/dev/null 2>&1 &);"
	    " echo secret >/tmp/left; echo $$", NULL };
	char *look[] = { "/bin/sh", "-c", "echo $$; echo /proc/[0-9]*;"
	    " ls -A /tmp; cat /tmp/left 2>&1 >/dev/null | wc -l", NULL };
	char *write[] = { "/bin/sh", "-c", "echo x >made && stat -c %U made", NULL };
	char *touch[] = { "/bin/sh", "-c", "stat -c %U made; echo y >>made", NULL };
	char *hog[] = { PY, "-I", "-c", "x = bytearray(100 * 1024 * 1024)", NULL };
	char *small[] = { "/bin/true", NULL };
	char *spin[] = { "/bin/sh", "-c", "while :; do :; done", NULL };
	char *sock[] = { PY, "-I", "-c", "import socket; socket.socket()", NULL };
	char err[256] = "";

	is_int(jail_cell_open(box, TEST_UID, TEST_UID, &s, err, sizeof(err)), 0,
	    "cell opened %s", err);
	if (s == NULL)
		return;

	cfg.argv = daemon;
	is_int(jail_cell_run(s, &cfg, &r, err, sizeof(err)), 0, "run 1 %s", err);
	is_str(r.out, "2\n", "run 1 is pid 2");
	jail_result_clear(&r);
	is_int(count_procs(TEST_UID), 0, "its daemon is gone when the run is");

	cfg.argv = look;
	is_int(jail_cell_run(s, &cfg, &r, err, sizeof(err)), 0, "run 2 %s", err);
	is_str(r.out, "2\n/proc/2\nbox\n1\n", "run 2: pid 2 again, alone, a fresh /tmp");
	jail_result_clear(&r);

	cfg.argv = write;
	cfg.writable = 1;
	jail_cell_run(s, &cfg, &r, err, sizeof(err));
	ok(r.status == JAIL_EXITED && r.code == 0, "a writable run writes the box");
	jail_result_clear(&r);
	cfg.argv = touch;
	cfg.writable = 0;
	jail_cell_run(s, &cfg, &r, err, sizeof(err));
	ok(r.status == JAIL_EXITED && r.code != 0 && strncmp(r.out, "root\n", 5) == 0,
	    "the next, read-only, cannot: its file is root's (%s)", r.out);
	jail_result_clear(&r);

	cfg.argv = hog;
	jail_cell_run(s, &cfg, &r, err, sizeof(err));
	ok(r.status == JAIL_EXITED && r.memory_kib >= 100 * 1024,
	    "a run of 100 MiB: %lu KiB", r.memory_kib);
	jail_result_clear(&r);
	cfg.argv = small;
	jail_cell_run(s, &cfg, &r, err, sizeof(err));
	ok(r.status == JAIL_EXITED && r.memory_kib < 50 * 1024,
	    "the next run's peak is its own: %lu KiB", r.memory_kib);
	jail_result_clear(&r);

	cfg.argv = spin;
	cfg.limits.wall_ms = 300;
	cfg.limits.cpu_ms = 5000;
	jail_cell_run(s, &cfg, &r, err, sizeof(err));
	is_int(r.status, JAIL_WALL_LIMIT, "a run stopped at its wall limit");
	ok(r.cpu_ms >= 100, "after using the CPU: %u ms", r.cpu_ms);
	jail_result_clear(&r);
	cfg.argv = small;
	jail_cell_run(s, &cfg, &r, err, sizeof(err));
	ok(r.status == JAIL_EXITED && r.cpu_ms < 100,
	    "the next run's CPU time is its own: %u ms", r.cpu_ms);
	jail_result_clear(&r);
	cfg.limits = l;
	cfg.argv = sock;
	jail_cell_run(s, &cfg, &r, err, sizeof(err));
	is_str(r.syscall, "socket", "then one stopped at a forbidden call");
	jail_result_clear(&r);
	cfg.argv = look;
	is_int(jail_cell_run(s, &cfg, &r, err, sizeof(err)), 0,
	    "the cell goes on %s", err);
	is_str(r.out, "2\n/proc/2\nbox\n1\n", "as fresh as ever");
	jail_result_clear(&r);
	is_int(count_procs(TEST_UID), 0, "nothing of the cell's runs is left");

	cfg.uid = TEST_UID + 1;
	ok(jail_cell_run(s, &cfg, &r, err, sizeof(err)) == -1 &&
	    strstr(err, "cell") != NULL, "a run of another uid is refused: %s", err);
	jail_result_clear(&r);
	cfg.uid = TEST_UID;
	ok(jail_cell_run(s, &cfg, &r, err, sizeof(err)) == -1 &&
	    strstr(err, "failed before") != NULL, "and the cell is over: %s", err);
	jail_result_clear(&r);
	jail_cell_close(s);

	/* jail_box_run() opens a new cell after a failed run. */
	cfg.argv = (char *[]){ "/nonexistent", NULL };
	ok(jail_box_run(bx, &cfg, &r, err, sizeof(err)) == -1, "a box's run fails");
	jail_result_clear(&r);
	ok(bx->cell == NULL, "and its cell is closed");
	cfg.argv = look;
	is_int(jail_box_run(bx, &cfg, &r, err, sizeof(err)), 0,
	    "the next run opens another %s", err);
	ok(bx->cell != NULL, "which the box keeps");
	jail_result_clear(&r);
}

static const char *path_in(const char *dir, const char *name);

/* Kills every child of this thread (the inits of its cells). */
static void
kill_children(void)
{
	char path[64];
	FILE *f;
	long pid;

	snprintf(path, sizeof(path), "/proc/self/task/%ld/children", (long)gettid());
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fscanf(f, "%ld", &pid) == 1)
		kill((pid_t)pid, SIGKILL);
	fclose(f);
}

/*
 * A box's cell is kept for the slot's next box (the grader's next
 * grading), which sees its own directory and nothing of the one before.
 */
static void
test_kept_cell(void)
{
	struct jail_cell *kept;
	struct jail_result r;
	char err[256] = "";
	char *ls[] = { "/bin/sh", "-c", "ls -A; cat marker; echo $$", NULL };
	struct jail_config cfg = {
		.uid = TEST_UID, .gid = TEST_UID, .argv = ls, .limits = limits(),
	};

	cfg.box = bx->path;
	ok(jail_box_put(bx, "marker", "one\n", 4, 0644, err, sizeof(err)) == 0 &&
	    jail_box_put(bx, "left", "", 0, 0644, err, sizeof(err)) == 0,
	    "files put in the box %s", err);
	is_int(jail_box_run(bx, &cfg, &r, err, sizeof(err)), 0, "a run in the box %s", err);
	ok(strstr(r.out, "left\n") && strstr(r.out, "marker\none\n2\n"), "sees them: %s", r.out);
	jail_result_clear(&r);
	kept = bx->cell;
	ok(kept != NULL, "the box has a cell");

	{
		/* A forked child that closes its copy of the cell, then
		 * exits, leaves the parent's cell alone. */
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			jail_cell_close(bx->cell);
			exit(0);
		}
		ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st),
		    "a forked child closes its copy of the cell");
		is_int(jail_box_run(bx, &cfg, &r, err, sizeof(err)), 0,
		    "the parent's cell still runs %s", err);
		ok(bx->cell == kept, "the same one");
		jail_result_clear(&r);
	}
	is_int(jail_box_free(bx, err, sizeof(err)), 0, "the box is freed %s", err);
	bx = NULL;
	{
		/* Nor does a child's exit() with a cell kept. */
		pid_t pid = fork();
		int st;

		if (pid == 0)
			exit(0);
		ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st),
		    "a forked child exits");
	}
	is_int(jail_box_create(box_root, 0, &bx, err, sizeof(err)), 0,
	    "and the slot's next one made %s", err);
	if (bx == NULL)
		return;
	box = bx->path;
	cfg.box = bx->path;
	jail_box_put(bx, "marker", "two\n", 4, 0644, err, sizeof(err));
	is_int(jail_box_run(bx, &cfg, &r, err, sizeof(err)), 0, "a run in it %s", err);
	is_str(r.out, "marker\ntwo\n2\n", "sees the new box, nothing of the old");
	jail_result_clear(&r);
	ok(bx->cell == kept, "in the cell kept from the box before");
	cfg.writable = 1;
	cfg.argv = (char *[]){ "/bin/sh", "-c", "echo x >new", NULL };
	jail_box_run(bx, &cfg, &r, err, sizeof(err));
	ok(r.status == JAIL_EXITED && r.code == 0, "a writable run writes it");
	jail_result_clear(&r);
	ok(access(path_in(bx->path, "new"), F_OK) == 0, "the new directory, on the host");
	{
		/* Files taken out of the box between runs: read, then gone; a
		 * link removed, never followed. */
		char *data = NULL;
		size_t len = 0;

		ok(jail_box_remove(bx, "new", &data, &len, err, sizeof(err)) == 0 &&
		    len == 2 && memcmp(data, "x\n", 2) == 0 &&
		    access(path_in(bx->path, "new"), F_OK) != 0,
		    "a file read and removed from the box %s", err);
		free(data);
		ok(symlink("/etc/passwd", path_in(bx->path, "link")) == 0 &&
		    jail_box_remove(bx, "link", &data, &len, err, sizeof(err)) == -1 &&
		    data == NULL, "a link is not read: %s", err);
		ok(jail_box_remove(bx, "link", NULL, NULL, err, sizeof(err)) == 0 &&
		    access("/etc/passwd", F_OK) == 0 &&
		    faccessat(AT_FDCWD, path_in(bx->path, "link"), F_OK,
		    AT_SYMLINK_NOFOLLOW) != 0, "but removed, its target left");
		ok(jail_box_remove(bx, "gone", NULL, NULL, err, sizeof(err)) == 0 &&
		    jail_box_remove(bx, "gone", &data, &len, err, sizeof(err)) == -1 &&
		    jail_box_remove(bx, "../x", NULL, NULL, err, sizeof(err)) == -1,
		    "a missing file: no error unless it was to be read; no '/'");
	}

	/* A kept cell whose init died is replaced, and the run goes on. */
	jail_box_free(bx, NULL, 0);
	bx = NULL;
	kill_children();
	usleep(100000);
	is_int(jail_box_create(box_root, 0, &bx, err, sizeof(err)), 0, "another box %s", err);
	if (bx == NULL)
		return;
	box = bx->path;
	cfg.box = bx->path;
	cfg.writable = 0;
	cfg.argv = ls;
	jail_box_put(bx, "marker", "three\n", 6, 0644, err, sizeof(err));
	is_int(jail_box_run(bx, &cfg, &r, err, sizeof(err)), 0,
	    "a run after the kept cell died %s", err);
	is_str(r.out, "marker\nthree\n2\n", "runs in a new one");
	jail_result_clear(&r);
}

/* DIR/NAME, in a static buffer. */
static const char *
path_in(const char *dir, const char *name)
{
	static char path[PATH_MAX + 256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void
test_boxes(void)
{
	struct jail_box *other = NULL;
	char err[256] = "";
	FILE *f;

	ok(jail_box_create(box_root, 0, &other, err, sizeof(err)) == -1 &&
	    strstr(err, "in use"), "a slot in use is refused: %s", err);
	ok(other == NULL, "and no box is returned");

	/* What a crashed grader of slot 1 would have left. */
	mkdir(path_in(box_root, "box-1"), 0755);
	if ((f = fopen(path_in(box_root, "box-1/stale"), "w")) != NULL)
		fclose(f);
	is_int(jail_box_create(box_root, 1, &other, err, sizeof(err)), 0,
	    "a stale box of a free slot is replaced %s", err);
	ok(access(path_in(box_root, "box-1/stale"), F_OK) == -1, "and is empty");
	ok(jail_box_put(other, "../x", "", 0, 0644, err, sizeof(err)) == -1,
	    "a file name with '/' is refused");
	is_int(jail_box_put(other, "f", "abc", 3, 0640, err, sizeof(err)), 0,
	    "a file is put in the box");
	ok(jail_box_put(other, "f", "abc", 3, 0640, err, sizeof(err)) == -1,
	    "but never over an existing one");
	is_int(jail_box_free(other, err, sizeof(err)), 0, "and freed %s", err);
	ok(access(path_in(box_root, "box-1"), F_OK) == -1, "with its contents");
	ok(jail_box_free(NULL, err, sizeof(err)) == 0, "freeing NULL is fine");
}

int
main(void)
{
	char err[256] = "";

	if (skip_without_root())
		return 0;
	box_root_make(TEST_UID);
	is_int(jail_box_create(box_root, 0, &bx, err, sizeof(err)), 0, "box created %s", err);
	if (bx == NULL)
		return tap_done();
	box = bx->path;

	for (in_cell = 0; in_cell < 2; in_cell++) {
		diag("every run %s", in_cell ? "in the box's cell" :
		    "in a jail of its own");
		test_exit_and_signals();
		test_input();
		test_time_limits();
		test_output_limit();
		test_processes();
		test_memory();
		test_credentials();
		test_namespaces();
		test_files();
		test_failures();
		test_root();
		test_seccomp();
		test_cgroups();
		test_layers();
		test_speed();
	}
	in_cell = 0;
	test_cell();
	test_kept_cell();

	test_boxes();
	is_int(jail_box_free(bx, err, sizeof(err)), 0, "box freed %s", err);
	bx = NULL;
	ok(access(path_in(box_root, "box-0"), F_OK) == -1, "its directory is gone");
	box_root_remove();
	return tap_done();
}
