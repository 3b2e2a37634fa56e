/*
 * fuzz_form.c - libFuzzer harness for the parsers of untrusted request text:
 * query strings and form bodies (form_get, form_decode, form_next, a
 * submission's form: form_submission; redirect targets: form_target_ok,
 * whose yes must never name another host), Cookie headers
 * (form_cookie), session tokens (auth_token_digest), CSV imports (csv) and
 * the escaping of log messages (log_escape), which carry logins clients sent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/auth.h"
#include "fcgi/csv.h"
#include "fcgi/form.h"
#include "fcgi/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct csv c;
	char *text = malloc(size + 1), *v = NULL, cookie[64];
	unsigned char digest[AUTH_DIGEST_LEN];
	static const char *const keys[] = { "login", "password", "exercise", "" };

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		if (form_get(text, size, keys[i], &v) == 0) {
			if (v == NULL)
				abort();
			free(v);
			v = NULL;
		}
	}
	{
		char *out = malloc(size + 1);
		long n = out ? form_decode(text, size, out, 1) : -1;

		if (n > (long)size)
			abort();
		free(out);
	}
	{
		size_t pos = 0;
		char *k, *val, err[256];
		json_t *o = NULL;
		int rc;

		while ((rc = form_next(text, size, &pos, &k, &val)) == 0) {
			if (strlen(k) > size || strlen(val) > size)
				abort();
			free(k);
			free(val);
		}
		if (rc == -1 && pos > size + 1)
			abort();
		if (form_submission(text, size, &o, err, sizeof(err)) == 0) {
			if (!json_is_object(o))
				abort();
			json_decref(o);
		} else if (o != NULL) {
			abort();
		}
	}
	/* A target allowed is a path: never "//host", "/\host", a scheme, a control. */
	if (form_target_ok(text)) {
		if (text[0] != '/' || text[1] == '/' || text[1] == '\\' ||
		    strpbrk(text, "\\%\r\n\t") != NULL)
			abort();
	}
	/* Cookie headers are NUL-terminated strings. */
	if (form_cookie(text, "assay_session", cookie, sizeof(cookie)) == 0) {
		if (strlen(cookie) >= sizeof(cookie))
			abort();
		auth_token_digest(cookie, digest);
	}
	auth_token_digest(text, digest);

	{
		/* Whatever came in, the log gets no control byte and no C1 control. */
		size_t max = size * 4 + 1;
		char *esc = malloc(max);

		if (esc != NULL) {
			size_t n = log_escape(esc, max, (const char *)data, size);

			if (n >= max || esc[n] != '\0')
				abort();
			for (size_t i = 0; i < n; i++) {
				unsigned char b = (unsigned char)esc[i];

				if (b < 0x20 || b == 0x7f ||
				    (b == 0xc2 && i + 1 < n && (unsigned char)esc[i + 1] >= 0x80 &&
				    (unsigned char)esc[i + 1] <= 0x9f))
					abort();
			}
			free(esc);
		}
	}
	csv_init(&c, text, size);
	for (int i = 0; i < 1000 && csv_next(&c) == 1; i++)
		for (size_t f = 0; f < c.nfields; f++)
			if (strlen(c.field[f]) > CSV_FIELD_MAX)
				abort();
	free(text);
	return 0;
}
