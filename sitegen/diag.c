/* diag.c - authoring diagnostics; see diag.h. */
#include <stdarg.h>
#include <stdio.h>

#include "sitegen/diag.h"

void
diag_report(struct diags *d, enum diag_level level, const char *file,
    unsigned line, unsigned column, const char *fmt, ...)
{
	struct diag dg = { level, file, line, column, NULL };
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dg.message = msg;
	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->fn != NULL)
		d->fn(d->arg, &dg);
}
