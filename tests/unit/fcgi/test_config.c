/* test_config.c - the options the service programs share, and the test clock. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fcgi/config.h"
#include "tests/tap.h"
#include "tests/unit/fcgi/fcgi_util.h"

static const char usage[] = "usage: prog [--data DIR]\n";
static char errfile[96];

/* Runs config_parse() on the NULL-terminated ARGS; standard error goes to ERRTEXT. */
static int
parse_extra(struct config *c, char *errtext, size_t errlen, const struct option *extra,
    int (*on_extra)(int, const char *, void *), void *ctx, const char **args)
{
	char *argv[32];
	int argc = 0, saved = dup(2), fd, rc;
	ssize_t n;

	for (; args[argc] != NULL; argc++)
		argv[argc] = (char *)args[argc];
	argv[argc] = NULL;
	fflush(stderr);
	fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	rc = config_parse(argc, argv, c, usage, extra, on_extra, ctx);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fd = open(errfile, O_RDONLY);
	n = read(fd, errtext, errlen - 1);
	errtext[n > 0 ? n : 0] = '\0';
	close(fd);
	return rc;
}

#define PARSE(c, err, ...) \
	parse_extra((c), (err), sizeof(err), NULL, NULL, NULL, (const char *[]){ "prog", __VA_ARGS__, NULL })

static void
test_defaults(void)
{
	struct config c;
	char err[1024];

	unsetenv("ASSAY_CLOCK_FILE");
	is_int(parse_extra(&c, err, sizeof(err), NULL, NULL, NULL, (const char *[]){ "prog", NULL }),
	    1, "no options: the operands start at 1");
	is_str(c.data, "var", "--data defaults to var");
	is_str(c.site, "var/site", "--site defaults to DATA/site");
	is_str(c.specdir, "var/site/current/specs", "specs under SITE/current/specs");
	is_str(c.rundir, "var/run", "sockets and locks under DATA/run");
	ok(c.socket == NULL, "no --socket: the socket is standard input");
	ok(c.origin == NULL, "no --origin: the request's own");
	is_int(c.children, 4, "4 children");
	is_int(c.max_code, 65536, "64 KiB of code");
	is_int(c.session_hours, 12, "12-hour sessions");
	ok(c.clock_file == NULL, "no clock file");
	ok(c.max_waiting == 3 && c.max_per_minute == 20, "limits: 3 waiting, 20 a minute");
	ok(c.map_size == 0 && c.store_reserve == 0, "the store's sizes: its defaults");
	is_str(err, "", "nothing said");
}

static void
test_store_options(void)
{
	struct config c;
	char err[1024];

	is_int(PARSE(&c, err, "--max-waiting", "0", "--max-per-minute", "7", "--map-size", "64M",
	    "--store-reserve", "512K"), 9, "the limits and the store's sizes");
	ok(c.max_waiting == 0 && c.max_per_minute == 7, "--max-waiting 0 (none), --max-per-minute 7");
	ok(c.map_size == 64u << 20 && c.store_reserve == 512u << 10, "--map-size 64M, --store-reserve 512K");
	setenv("ASSAY_MAX_WAITING", "9", 1);
	setenv("ASSAY_MAX_PER_MINUTE", "0", 1);
	PARSE(&c, err, "--data", "/d");
	ok(c.max_waiting == 9 && c.max_per_minute == 0, "the limits from the environment");
	PARSE(&c, err, "--max-waiting", "2");
	is_int(c.max_waiting, 2, "an option wins over the environment");
	unsetenv("ASSAY_MAX_WAITING");
	unsetenv("ASSAY_MAX_PER_MINUTE");
	ok(PARSE(&c, err, "--map-size", "100K") < 0 && strstr(err, "--map-size takes a size"),
	    "a map under 1M is refused, saying why: %s", err);
	ok(PARSE(&c, err, "--max-waiting", "lots") < 0 && strstr(err, "0: no limit"),
	    "a limit must be a number: %s", err);
	ok(PARSE(&c, err, "--store-reserve", "12Q") < 0 && strstr(err, "--store-reserve"),
	    "a size with an unknown unit is refused: %s", err);
}

static void
test_options(void)
{
	struct config c;
	char err[1024];

	is_int(PARSE(&c, err, "--data", "/d", "--site", "/s", "--socket", "/r/x.sock",
	    "--children", "64", "--origin", "https://a.example", "--max-code", "16777216",
	    "--session-hours", "8760", "--clock-file", "/c"), 17, "every option");
	is_str(c.data, "/d", "--data");
	is_str(c.site, "/s", "--site");
	is_str(c.specdir, "/s/current/specs", "specs under the given site");
	is_str(c.rundir, "/d/run", "run under the given data");
	is_str(c.socket, "/r/x.sock", "--socket");
	is_int(c.children, 64, "--children 64");
	is_str(c.origin, "https://a.example", "--origin");
	is_int(c.max_code, 16777216, "--max-code 16 MiB");
	is_int(c.session_hours, 8760, "--session-hours 8760");
	is_str(c.clock_file, "/c", "--clock-file");

	is_int(PARSE(&c, err, "--data=/e"), 2, "--data=DIR works too");
	is_str(c.data, "/e", "... so");
	is_str(c.site, "/e/site", "... and the site follows it");
	is_int(PARSE(&c, err, "--data", "/d", "user", "--children", "2"), 3,
	    "options stop at the first operand");
	is_int(c.children, 4, "... what follows it is not read as an option");

	setenv("ASSAY_CLOCK_FILE", "/from-env", 1);
	PARSE(&c, err, "--data", "/d");
	is_str(c.clock_file, "/from-env", "the clock file from ASSAY_CLOCK_FILE");
	PARSE(&c, err, "--clock-file", "/from-option");
	is_str(c.clock_file, "/from-option", "--clock-file wins over the environment");
	unsetenv("ASSAY_CLOCK_FILE");
}

static void
test_mistakes(void)
{
	static const struct {
		const char *opt, *value, *says;
	} bad[] = {
		{ "--children", "0", "prog: --children takes a number from 1 to 64\n" },
		{ "--children", "65", "prog: --children takes a number from 1 to 64\n" },
		{ "--children", "-1", "prog: --children takes a number from 1 to 64\n" },
		{ "--children", "4x", "prog: --children takes a number from 1 to 64\n" },
		{ "--max-code", "0", "prog: --max-code takes a number of bytes from 1 to 16777216\n" },
		{ "--max-code", "16777217",
		    "prog: --max-code takes a number of bytes from 1 to 16777216\n" },
		{ "--session-hours", "0", "prog: --session-hours takes a number from 1 to 8760\n" },
		{ "--session-hours", "8761", "prog: --session-hours takes a number from 1 to 8760\n" },
	};
	struct config c;
	char err[1024], longdir[PATH_MAX + 10];

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		is_int(PARSE(&c, err, bad[i].opt, bad[i].value), -1, "%s %s refused", bad[i].opt,
		    bad[i].value);
		is_str(err, bad[i].says, "... saying so");
	}
	is_int(PARSE(&c, err, "--nope"), -1, "an unknown option is refused");
	ok(strstr(err, usage) != NULL, "... with the usage");
	is_int(PARSE(&c, err, "--data"), -1, "an option without its value is refused");
	ok(strstr(err, usage) != NULL, "... with the usage");
	memset(longdir, 'd', sizeof(longdir) - 1);
	longdir[sizeof(longdir) - 1] = '\0';
	is_int(PARSE(&c, err, "--data", longdir), -1, "a data path too long is refused");
	is_str(err, "prog: path too long\n", "... saying so");
}

enum { OPT_SLOT = 1, OPT_ONCE };

struct seen {
	int slot, once;
	char arg[16];
};

static int
on_extra(int val, const char *arg, void *ctx)
{
	struct seen *s = ctx;

	if (val == OPT_ONCE) {
		s->once = 1;
		return 0;
	}
	s->slot = val;
	snprintf(s->arg, sizeof(s->arg), "%s", arg);
	return strcmp(arg, "bad") == 0 ? -1 : 0;
}

static void
test_extra(void)
{
	static const struct option extra[] = {
		{ "slot", required_argument, NULL, OPT_SLOT },
		{ "once", no_argument, NULL, OPT_ONCE },
		{ NULL, 0, NULL, 0 },
	};
	struct seen seen = { 0 };
	struct config c;
	char err[1024];

	is_int(parse_extra(&c, err, sizeof(err), extra, on_extra, &seen,
	    (const char *[]){ "prog", "--once", "--slot", "3", "--data", "/d", NULL }), 6,
	    "a program's own options mix with the common ones");
	ok(seen.once && seen.slot == OPT_SLOT, "... each handed to the callback");
	is_str(seen.arg, "3", "... with its value");
	is_str(c.data, "/d", "... the common ones still read");
	is_int(parse_extra(&c, err, sizeof(err), extra, on_extra, &seen,
	    (const char *[]){ "prog", "--slot", "bad", NULL }), -1,
	    "the callback refusing a value fails the parse");
	ok(strstr(err, usage) != NULL, "... with the usage");
}

static void
test_help(void)
{
	int out[2], status;
	char buf[256] = "";
	ssize_t n;
	pid_t pid;

	if (pipe(out) != 0)
		return;
	if ((pid = fork()) == 0) {
		char *argv[] = { "prog", "--help", NULL };
		struct config c;

		dup2(out[1], 1);
		config_parse(2, argv, &c, usage, NULL, NULL, NULL);
		_exit(9);
	}
	close(out[1]);
	n = read(out[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(out[0]);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "--help exits 0");
	is_str(buf, usage, "... after printing the usage on standard output");
}

static void
test_clock(void)
{
	struct config c = { 0 };
	char path[96];
	FILE *f;
	time_t before = time(NULL), got;

	got = config_now(&c);
	ok(got >= before && got <= time(NULL), "no clock file: the time now");
	snprintf(path, sizeof(path), "%s/clock", tmp_dir);
	c.clock_file = path;
	got = config_now(&c);
	ok(got >= before && got <= time(NULL), "a missing clock file: the time now");
	f = fopen(path, "w");
	fputs("1700000000\n", f);
	fclose(f);
	is_int(config_now(&c), 1700000000, "the clock file's time");
	f = fopen(path, "w");
	fputs("tomorrow\n", f);
	fclose(f);
	got = config_now(&c);
	ok(got >= before && got <= time(NULL), "a clock file without a number: the time now");
}

static void
test_number(void)
{
	static const char *const bad[] = { "", "-1", "+1", " 1", "1 ", "12x", "0x10", "43" };
	unsigned long v = 99;

	is_int(config_number("0", 42, &v), 0, "0 is a number");
	is_int(v, 0, "... 0");
	is_int(config_number("42", 42, &v), 0, "the maximum is allowed");
	is_int(v, 42, "... 42");
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		v = 99;
		is_int(config_number(bad[i], 42, &v), -1, "\"%s\" is refused", bad[i]);
		is_int(v, 99, "... leaving the output alone");
	}
	is_int(config_number(NULL, 42, &v), -1, "NULL is refused");
}

int
main(void)
{
	tmp_dir_make("config");
	snprintf(errfile, sizeof(errfile), "%s/stderr", tmp_dir);
	test_defaults();
	test_options();
	test_store_options();
	test_mistakes();
	test_extra();
	test_help();
	test_clock();
	test_number();
	tmp_dir_remove();
	return tap_done();
}
