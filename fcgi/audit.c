/* audit.c - the audit log; see audit.h. */
#include <stdarg.h>
#include <stdio.h>

#include "fcgi/audit.h"

int
audit_log(struct store *s, time_t now, const char *login, const char *address,
    const char *action, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return store_audit_add(s, now, login, address, action, detail);
}
