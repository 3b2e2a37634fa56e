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
};

/* Runs until SIGINT/SIGTERM. Returns the exit status for main(). */
int launch_run(const struct launch_opts *o);

#endif
