/* events.c - the course's events file; see events.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/format/valid.h"
#include "sandbox/util/file.h"
#include "sitegen/events.h"
#include "sitegen/text.h"

int
events_load(const char *root, struct diags *d, json_t **out)
{
	struct valid_error ve;
	char *path = NULL, *text = NULL;
	size_t len = 0, bad, line = 0;
	int rc = -1;

	*out = NULL;
	if (asprintf(&path, "%s%s%s", root, root[0] && root[strlen(root) - 1] != '/' ?
	    "/" : "", EVENTS_FILE) < 0) {
		diag_error(d, EVENTS_FILE, 0, "out of memory");
		return -1;
	}
	if (file_read(path, &text, &len) == -1) {
		if (errno == ENOENT) {
			rc = 0;		/* no events: fine */
			goto out;
		}
		diag_error(d, path, 0, "%s", strerror(errno));
		goto out;
	}
	if ((bad = text_utf8_invalid(text, len)) != len) {
		diag_error(d, path, text_line_of(text, bad), "not UTF-8 text");
		goto out;
	}
	if (memchr(text, '\0', len) != NULL) {
		diag_error(d, path, text_line_of(text, (size_t)((char *)memchr(text, '\0',
		    len) - text)), "NUL byte in the events file");
		goto out;
	}
	if (valid_events_parse(text, len, out, &line, &ve) != 0) {
		diag_error(d, path, (unsigned)(line ? line : 1), "%s",
		    ve.message[0] ? ve.message : "out of memory");
		*out = NULL;
		goto out;
	}
	rc = 0;
out:
	free(text);
	free(path);
	return rc;
}

/* Adds to USED the events TEXT names, and theirs. Returns 0, or -1. */
static int
add_names(const char *text, const json_t *events, json_t *used, int depth)
{
	for (const char *p = text; *p != '\0'; p++) {
		const char *start;
		const json_t *def;
		char *name;
		int rc;

		if ((*p != '#' && *p != '"') || !isalpha((unsigned char)p[1]))
			continue;
		start = ++p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if ((name = strndup(start, (size_t)(p - start))) == NULL)
			return -1;
		p--;
		def = json_object_get(events, name);
		if (def == NULL || json_object_get(used, name) != NULL) {
			free(name);
			continue;
		}
		rc = json_object_set(used, name, (json_t *)def);
		/* valid_events_parse refused cycles; the depth is a second guard. */
		if (rc == 0 && json_is_string(def) && depth < 64)
			rc = add_names(json_string_value(def), events, used, depth + 1);
		free(name);
		if (rc)
			return -1;
	}
	return 0;
}

json_t *
events_used(const char *text, const json_t *events)
{
	json_t *used = json_object();

	if (used == NULL || events == NULL)
		return used;
	if (add_names(text, events, used, 0)) {
		json_decref(used);
		return NULL;
	}
	return used;
}
