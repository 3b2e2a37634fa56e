/*
 * diag.h - authoring diagnostics: errors and warnings with their place.
 *
 * Library code never prints. It reports what is wrong with the course through
 * diag_report(), which formats the message and hands it to the callback the
 * program installed (bin/sitegen prints `file:line: message`; the unit tests
 * collect messages). The counts tell the caller whether the build failed.
 */
#ifndef SITEGEN_DIAG_H
#define SITEGEN_DIAG_H

enum diag_level {
	DIAG_WARNING,
	DIAG_ERROR
};

struct diag {
	enum diag_level level;
	const char *file;	/* as the author knows it ("content/c/hello.md"); may be NULL */
	unsigned line;		/* 1-based; 0 when the message is about the whole file */
	unsigned column;	/* 1-based; 0 when unknown */
	const char *message;	/* one line, no trailing newline */
};

/* Receives one diagnostic. D and its strings are valid only during the call. */
typedef void diag_fn(void *arg, const struct diag *d);

struct diags {
	diag_fn *fn;		/* may be NULL: diagnostics are only counted */
	void *arg;
	unsigned errors;
	unsigned warnings;
};

/* Formats a message and reports it to D's callback; counts it. */
void diag_report(struct diags *d, enum diag_level level, const char *file,
    unsigned line, unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#define diag_error(d, file, line, ...) \
	diag_report((d), DIAG_ERROR, (file), (line), 0, __VA_ARGS__)
#define diag_warning(d, file, line, ...) \
	diag_report((d), DIAG_WARNING, (file), (line), 0, __VA_ARGS__)

#endif
