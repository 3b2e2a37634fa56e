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
 * only the graders as root (their jail needs it):
 *   - the supervisor binds the FastCGI sockets (DATA/run/*.sock, the
 *     service user's, mode 0600) and hands each program its socket on
 *     standard input, so a program never needs to create a file;
 *   - each API program drops privileges (privs.h) after its socket, log
 *     and standard input are set up, before exec: it never runs as root;
 *   - DATA/db is root's, group the service user's, mode 0710 (the service
 *     user can open the store's files but cannot list, add, rename or
 *     replace entries: no symbolic link can make the root graders open
 *     another file), the files in it the service user's, mode 0600; an
 *     older DATA/db (root's, from `assay user add` as root) is given over
 *     at start, with a log line. DATA/run is root's, group the service
 *     user's, mode 0710; its wake-up FIFO group-writable (0620).
 *   - before anything starts, a process become the service user checks
 *     that it can reach what it needs (the store, the site, the programs)
 *     and says which directory bars it when it cannot.
 * Not root, everything runs as the caller, as before; --user is then an
 * error unless it names the caller.
 *
 * Template variables (nginx/nginx.conf.in): @LISTEN@ (address:port),
 * @ROOT@ (the served tree), @RUN@ (sockets), @PREFIX@ (nginx's own
 * directory), @LOG@ (logs), @USER@ (a user directive or nothing).
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
};

/* The service user when none is named. */
#define LAUNCH_USER "assay"

/* Runs until SIGINT/SIGTERM. Returns the exit status for main(). */
int launch_run(const struct launch_opts *o);

#endif
