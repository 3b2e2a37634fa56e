/* test_log.c - the operator's log lines: their form, and one line per event. */
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/log.h"
#include "sandbox/util/file.h"
#include "tests/tap.h"
#include "tests/unit/fcgi/fcgi_util.h"

static char path[96];

/* Standard error to a fresh file at PATH (appending, as assay serve opens logs). */
static int
stderr_to_file(void)
{
	int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);

	dup2(fd, 2);
	close(fd);
	return saved;
}

static void
stderr_back(int saved)
{
	dup2(saved, 2);
	close(saved);
}

/* Does LINE (LEN bytes, no newline) match the extended regular expression RE? */
static int
matches(const char *line, size_t len, const char *re)
{
	char *copy = strndup(line, len);
	regex_t rx;
	int m;

	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0) {
		diag("bad regular expression in the test: %s", re);
		exit(1);
	}
	m = regexec(&rx, copy, 0, NULL, 0) == 0;
	regfree(&rx);
	free(copy);
	return m;
}

/* The time at the start of LINE, or -1. */
static time_t
line_time(const char *line)
{
	struct tm tm = { 0 };

	if (strptime(line, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return -1;
	return timegm(&tm);
}

static void
test_lines(void)
{
	char *text, *line, *nl, prefix[64], re[160], *big = malloc(5000);
	time_t before = time(NULL), after, t;
	size_t len;
	int saved;

	memset(big, 'x', 4999);
	big[4999] = '\0';
	saved = stderr_to_file();
	log_init("test-log");
	log_msg("1f2e3d4c", "hello %d", 42);
	log_msg(NULL, "no request");
	log_msg(NULL, "two\nlines\n");
	log_msg(NULL, "%s", big);
	stderr_back(saved);
	after = time(NULL);
	free(big);

	if (file_read(path, &text, &len) == -1) {
		ok(0, "the log can be read back");
		return;
	}
	snprintf(prefix, sizeof(prefix), "test-log\\[%d\\]", (int)getpid());
	line = text;
	nl = memchr(line, '\n', len);
	snprintf(re, sizeof(re), "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z %s "
	    "r=1f2e3d4c: hello 42$", prefix);
	ok(nl && matches(line, (size_t)(nl - line), re), "TIME PROG[PID] r=RID: MESSAGE: %.*s",
	    nl ? (int)(nl - line) : 0, line);
	t = line_time(line);
	ok(t >= before && t <= after, "the time is now, in UTC");
	line = nl + 1;
	nl = strchr(line, '\n');
	snprintf(re, sizeof(re), "^[-0-9T:]+Z %s: no request$", prefix);
	ok(nl && matches(line, (size_t)(nl - line), re), "no request id: no r= part: %.*s",
	    nl ? (int)(nl - line) : 0, line);
	line = nl + 1;
	nl = strchr(line, '\n');
	snprintf(re, sizeof(re), "^[-0-9T:]+Z %s: two lines $", prefix);
	ok(nl && matches(line, (size_t)(nl - line), re), "newlines in a message become spaces");
	line = nl + 1;
	nl = strchr(line, '\n');
	ok(nl != NULL && nl[1] == '\0', "a long message is still one line, the last");
	ok(nl != NULL && nl - line + 1 <= 2048, "... cut to fit 2048 bytes: %d",
	    nl ? (int)(nl - line + 1) : -1);
	snprintf(re, sizeof(re), "^[-0-9T:]+Z %s: x+$", prefix);
	ok(nl && matches(line, (size_t)(nl - line), re), "... of the message's own bytes");
	free(text);
}

/*
 * Processes logging at once into one file never mix their lines: each line
 * is one write(2) (an O_APPEND file takes each write whole).
 */
static void
test_concurrent(void)
{
	enum { PROCS = 4, LINES = 300 };
	char *text, *p, msg[1500];
	size_t len, good = 0, total = 0;
	int saved, status, all_exited = 1, go[2];
	pid_t kids[PROCS];

	if (pipe(go) != 0)
		return;
	saved = stderr_to_file();
	for (int k = 0; k < PROCS; k++) {
		if ((kids[k] = fork()) == 0) {
			char c;

			/* All start together, when the parent closes the pipe. */
			close(go[1]);
			(void)!read(go[0], &c, 1);
			memset(msg, 'a' + k, sizeof(msg) - 1);
			msg[sizeof(msg) - 1] = '\0';
			for (int i = 0; i < LINES; i++)
				log_msg(NULL, "%s", msg);
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int k = 0; k < PROCS; k++)
		if (kids[k] < 0 || waitpid(kids[k], &status, 0) != kids[k] || !WIFEXITED(status))
			all_exited = 0;
	stderr_back(saved);
	ok(all_exited, "%d processes logged %d lines each", PROCS, LINES);
	if (file_read(path, &text, &len) == -1) {
		ok(0, "the log can be read back");
		return;
	}
	for (p = text; p < text + len;) {
		char *nl = memchr(p, '\n', (size_t)(text + len - p)), *end;
		long pid;
		int k = PROCS;

		if (nl == NULL)
			break;
		total++;
		/* TIME test-log[PID]: then the message of that process, whole. */
		if (line_time(p) != -1 && p[20] == ' ' && strncmp(p + 21, "test-log[", 9) == 0) {
			pid = strtol(p + 30, &end, 10);
			for (k = 0; k < PROCS && kids[k] != pid; k++)
				;
			if (k < PROCS && strncmp(end, "]: ", 3) == 0 &&
			    nl - (end + 3) == (long)sizeof(msg) - 1 &&
			    strspn(end + 3, (char[]){ (char)('a' + k), '\0' }) == sizeof(msg) - 1)
				good++;
		}
		p = nl + 1;
	}
	is_int(total, PROCS * LINES, "every line is there");
	is_int(good, PROCS * LINES, "no line is mixed with another");
	free(text);
}

int
main(void)
{
	tmp_dir_make("log");
	snprintf(path, sizeof(path), "%s/log", tmp_dir);
	test_lines();
	test_concurrent();
	tmp_dir_remove();
	return tap_done();
}
