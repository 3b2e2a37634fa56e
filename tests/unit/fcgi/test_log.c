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
	snprintf(re, sizeof(re), "^[-0-9T:]+Z %s: two\\\\nlines\\\\n$", prefix);
	ok(nl && matches(line, (size_t)(nl - line), re), "newlines in a message are escaped: %.*s",
	    nl ? (int)(nl - line) : 0, line);
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

/* Reverses log_escape(): the bytes it was given, or -1 for a malformed escape. */
static long
unescape(const char *in, unsigned char *out)
{
	size_t o = 0;

	for (const char *p = in; *p; p++) {
		if (*p != '\\') {
			out[o++] = (unsigned char)*p;
			continue;
		}
		switch (*++p) {
		case '\\': out[o++] = '\\'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'x': {
			unsigned v;

			if (sscanf(p + 1, "%2x", &v) != 1)
				return -1;
			out[o++] = (unsigned char)v;
			p += 2;
			break;
		}
		default:
			return -1;
		}
	}
	return (long)o;
}

/* Is S only printable ASCII and well-formed UTF-8 of no C1 control? */
static int
clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p < 0x80) {
			p++;
			continue;
		}
		/* C2 80..C2 9F are the C1 controls. */
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
		size_t len = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc2 ? 2 : 0;

		if (len == 0)
			return 0;
		for (size_t i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		p += len;
	}
	return 1;
}

static void
test_escape(void)
{
	char out[256], *text, *nl;
	size_t len;
	int saved;

	log_escape(out, sizeof(out), "a\r\n\x1b[31mred\x7f\\b\tc", 16);
	is_str(out, "a\\r\\n\\x1b[31mred\\x7f\\\\b\\tc", "CR, LF, ESC, DEL, backslash, tab");
	log_escape(out, sizeof(out), "caf\xc3\xa9 \xe2\x82\xac", 9);
	is_str(out, "caf\xc3\xa9 \xe2\x82\xac", "well-formed UTF-8 is kept");
	log_escape(out, sizeof(out), "\xc2\x9b" "2J \xff\xc3 \xe0\x80\x80 \xed\xa0\x80", 15);
	is_str(out, "\\xc2\\x9b2J \\xff\\xc3 \\xe0\\x80\\x80 \\xed\\xa0\\x80",
	    "C1 CSI, stray bytes, an overlong form and a surrogate are escaped");
	is_int(log_escape(out, 6, "ab\x1b", 3), 2, "a cut never splits an escape");
	is_str(out, "ab", "... and stays terminated");

	/* Random bytes: the output is clean, and it says exactly what came in. */
	unsigned seed = 12345;
	int good = 0, rounds = 20000;

	for (int r = 0; r < rounds; r++) {
		unsigned char in[48], back[256];
		char esc[48 * 4 + 1];
		size_t n = (seed = seed * 1103515245 + 12345) >> 16 & 47;
		long m;

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			/* Mostly bytes that matter: controls, backslash, UTF-8 lead and trail. */
			static const unsigned char pick[] = { 0, 1, 9, 10, 13, 27, 0x5c, 0x7f, 0x80,
			    0x9b, 0xbf, 0xc2, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xff, 'a', ' ' };
			in[i] = seed >> 16 & 1 ? (unsigned char)(seed >> 17) :
			    pick[(seed >> 17) % sizeof(pick)];
		}
		log_escape(esc, sizeof(esc), (const char *)in, n);
		m = unescape(esc, back);
		if (clean(esc) && m == (long)n && memcmp(back, in, n) == 0)
			good++;
		else if (good == r)
			diag("round %d: %s", r, esc);
	}
	is_int(good, rounds, "random bytes: clean and faithful escapes");

	/* Through log_msg, as a failed login's name would come. */
	saved = stderr_to_file();
	log_msg("00000001", "failed login for \"%s\"", "eve\r\n2026-01-01T00:00:00Z forged\x1b[2J");
	stderr_back(saved);
	if (file_read(path, &text, &len) == -1) {
		ok(0, "the log can be read back");
		return;
	}
	nl = memchr(text, '\n', len);
	ok(nl != NULL && nl + 1 == text + len, "a name with CR LF is still one line");
	ok(strstr(text, "\"eve\\r\\n2026-01-01T00:00:00Z forged\\x1b[2J\"") != NULL,
	    "... with CR, LF and ESC escaped: %s", text);
	free(text);
}

int
main(void)
{
	tmp_dir_make("log");
	snprintf(path, sizeof(path), "%s/log", tmp_dir);
	test_lines();
	test_concurrent();
	test_escape();
	tmp_dir_remove();
	return tap_done();
}
