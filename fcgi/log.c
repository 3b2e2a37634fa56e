/* log.c - operator log lines on standard error; see log.h. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/isotime.h"
#include "fcgi/log.h"

static const char *prog = "assay";

void
log_init(const char *progname)
{
	prog = progname;
}

void
log_msg(const char *rid, const char *fmt, ...)
{
	char line[2048], ts[ISOTIME_SIZE];
	va_list ap;
	int n;

	isotime_format(time(NULL), ts);
	n = snprintf(line, sizeof(line), "%s %s[%d]%s%s: ", ts, prog, (int)getpid(),
	    rid ? " r=" : "", rid ? rid : "");
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	/* One write per line so that lines of concurrent processes never mix. */
	for (char *p = line + n; *p; p++)
		if (*p == '\n')
			*p = ' ';
	n = 0;
	while (line[n])
		n++;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}
