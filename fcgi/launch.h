/*
 * launch.h - run the whole service on one machine: nginx, the FastCGI
 * programs and the graders; `assay serve`, as `make run` and the
 * integration tests use it.
 *
 * launch_run() writes an nginx configuration from a template, starts every
 * program as its child (each in its own process group, with standard error
 * going to DATA/log/NAME.log, and told to die with it), restarts a program
 * that dies, and on SIGINT or SIGTERM stops them all: nginx first, so no
 * request arrives half-way, then the rest; what has not stopped after five
 * seconds is killed. Nothing is left behind.
 *
 * Started as root, it runs nginx's workers and the API programs (which
 * parse untrusted HTTP) as the service user, `assay` or --user NAME, and
 * only the graders (their jail needs root) and nginx's master (it binds the
 * port) as root. Before anything starts:
 *   - the service user must exist: otherwise the error says how to create
 *     it (useradd --system ...; `make run` does) or to name another;
 *   - DATA is given the service user's group and g+x when it is root's
 *     with group root (another owner's DATA is left as it is);
 *   - the store is made, as root, when there is none; DATA/db is then
 *     root's, group the service user's, mode 0710 (the service user opens
 *     the files it knows but cannot list, add, rename or replace entries:
 *     no symbolic link planted there can make a root grader or `assay`
 *     open another file), and every file in it (data.mdb, lock.mdb) the
 *     service user's, mode 0600: an older store, made by `assay user add`
 *     as root, is given over with a log line;
 *   - DATA/run is root's, group the service user's, mode 0710; its wake-up
 *     FIFO (wake.h) root's, group-writable (0620); nginx's temporary
 *     directories the service user's;
 *   - a process become the service user checks that it reaches the site,
 *     the store and the FIFO, and the error names the directory that bars
 *     it when it does not (a DATA under /root, mode 0700, say).
 * The supervisor binds both FastCGI sockets (DATA/run/session.sock and
 * submissions.sock, the service user's, mode 0600) and hands each program
 * its socket on standard input, so no program creates a file there; each
 * API program is opened as root, then its process drops privileges for
 * good (privs.h) and runs it from that descriptor (fexecve), so bin/ may
 * lie where the service user cannot look. The API programs say when they
 * are ready through a pipe (ASSAY_READY_FD, prefork.h), and nginx starts
 * only then. Not root, everything runs as the caller, as before, with the
 * same sockets (the caller's, 0600); --user is then an error unless it
 * names the caller.
 *
 * A grader host (GRADER set; `assay grader`) is the same supervision of
 * other programs: no store, no site; assay-graderd (the service user's,
 * behind nginx, on RUN/graderd.sock) and WORKERS grading processes
 * (`assay-worker --serve`, root, a slot each) sharing RUN/grade.sock, which
 * only the service user may connect to; nginx from nginx/grader.conf.in.
 * KEY_FILE is the deployment's secret: when missing, one is made (32
 * random hex digits), root's, readable by the service user's group.
 *
 * With GRADERS (and KEY_FILE, the deployment's grader key), the service
 * grades on those hosts: nginx gets an upstream of them (in a zone its
 * workers share, least_conn, max_fails 1, fail_timeout 10 s; a grading
 * that meets an error, a timeout, a 502 or a 503 is sent to the next
 * host) at /grader/, open to this machine only, and the WORKERS workers
 * hand their gradings to it (`assay-worker --remote`), keeping their
 * leases in the store as local workers do. A grading goes to
 * /grader/grade/tN, N one of LAUNCH_GRADE_TIERS: the same upstream, but
 * nginx gives up on a host that has not answered within N seconds (it took
 * the job and stalled, or is overloaded) and sends the grading to the
 * next; nginx's proxy_read_timeout takes no variables, so the worker picks
 * the tier that fits the spec's limits.
 *
 * Template variables (nginx/nginx.conf.in): @LISTEN@ (address:port),
 * @ROOT@ (the served tree), @RUN@ (sockets), @PREFIX@ (nginx's own
 * directory), @LOG@ (logs), @USER@ (a user directive or nothing),
 * @GRADERS_UPSTREAM@ and @GRADERS_LOCATION@ (that upstream and that
 * location, or nothing).
 */
#ifndef ASSAY_LAUNCH_H
#define ASSAY_LAUNCH_H

struct launch_opts {
	const char *data;	/* data directory (store, logs, run/) */
	const char *site;	/* sitegen's output directory */
	const char *template;	/* nginx configuration template */
	const char *bindir;	/* where assay-session etc. are */
	const char *bind;	/* address to listen on, "127.0.0.1" */
	const char *origin;	/* --origin for the API programs, or NULL */
	unsigned port;
	int workers;		/* graders */
	int children;		/* request processes per FastCGI program */
	const char *banner;	/* printed once everything answers, or NULL */
	const char *user;	/* service user when root, or NULL: LAUNCH_USER */
	int grader;		/* a grader host (`assay grader`) instead: below */
	const char *key_file;	/* a grader host's secret (made when missing) */
	const char *uid_base;	/* its grading processes' --uid-base, or NULL */
	const char *graders;	/* the service's grader hosts, "HOST:PORT ...", or
				   NULL: grading here (below) */
	const char *jobe_keys;	/* Jobe's API keys (jobe_keys.h), or NULL */
};

/*
 * The service's nginx's timeout tiers for a grading on the grader hosts, in
 * seconds, ascending: /grader/grade/t40 ... /grader/grade/t600. A worker's
 * timeout is over 30 s, so no tier is shorter; the last is the ten minutes
 * a grader host's own nginx waits.
 */
#define LAUNCH_GRADE_TIERS { 40, 60, 120, 300, 600 }

/* The service user when none is named. */
#define LAUNCH_USER "assay"

/* Runs until SIGINT/SIGTERM. Returns the exit status for main(). */
int launch_run(const struct launch_opts *o);

#endif
