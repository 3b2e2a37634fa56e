/* form.c - query strings, form bodies (a submission's too), cookies, redirect
 * targets; see form.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/form.h"
#include "sandbox/util/hex.h"

long
form_decode(const char *in, size_t inlen, char *out, int plus)
{
	size_t i, o = 0;

	for (i = 0; i < inlen; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == '%') {
			int hi, lo;

			if (i + 2 >= inlen)
				return -1;
			hi = hex_value((unsigned char)in[i + 1]);
			lo = hex_value((unsigned char)in[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus) {
			out[o++] = ' ';
		} else if (c == '\0') {
			return -1;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return (long)o;
}

int
form_get(const char *data, size_t len, const char *key, char **value)
{
	size_t keylen = strlen(key), pos = 0;

	*value = NULL;
	while (pos < len) {
		const char *pair = data + pos, *amp, *eq;
		size_t pairlen, klen;
		char *kbuf;
		long n;
		int match;

		amp = memchr(pair, '&', len - pos);
		pairlen = amp ? (size_t)(amp - pair) : len - pos;
		pos += pairlen + 1;
		if (pairlen == 0)
			continue;
		eq = memchr(pair, '=', pairlen);
		klen = eq ? (size_t)(eq - pair) : pairlen;
		if ((kbuf = malloc(klen + 1)) == NULL)
			return -1;
		n = form_decode(pair, klen, kbuf, 1);
		match = n >= 0 && (size_t)n == keylen && memcmp(kbuf, key, keylen) == 0;
		free(kbuf);
		if (n < 0)
			return -1;
		if (!match)
			continue;
		if (eq == NULL) {
			*value = strdup("");
			return *value ? 0 : -1;
		}
		size_t vlen = pairlen - klen - 1;
		if ((*value = malloc(vlen + 1)) == NULL)
			return -1;
		if (form_decode(eq + 1, vlen, *value, 1) < 0) {
			free(*value);
			*value = NULL;
			return -1;
		}
		return 0;
	}
	return 1;
}

int
form_cookie(const char *header, const char *name, char *out, size_t outlen)
{
	size_t namelen = strlen(name);
	const char *p = header;

	while (p != NULL && *p != '\0') {
		const char *end, *eq;

		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL && (size_t)(eq - p) == namelen && memcmp(p, name, namelen) == 0) {
			const char *v = eq + 1, *vend = end;
			size_t vlen;

			while (vend > v && (vend[-1] == ' ' || vend[-1] == '\t'))
				vend--;
			if (vend - v >= 2 && v[0] == '"' && vend[-1] == '"') {
				v++;
				vend--;
			}
			vlen = (size_t)(vend - v);
			if (vlen + 1 > outlen)
				return -1;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = end;
	}
	return 1;
}

int
form_next(const char *data, size_t len, size_t *pos, char **key, char **value)
{
	*key = *value = NULL;
	while (*pos < len) {
		const char *pair = data + *pos, *amp, *eq;
		size_t pairlen, klen, vlen;

		amp = memchr(pair, '&', len - *pos);
		pairlen = amp ? (size_t)(amp - pair) : len - *pos;
		*pos += pairlen + (amp != NULL);
		if (pairlen == 0)
			continue;
		eq = memchr(pair, '=', pairlen);
		klen = eq ? (size_t)(eq - pair) : pairlen;
		vlen = eq ? pairlen - klen - 1 : 0;
		*key = malloc(klen + 1);
		*value = malloc(vlen + 1);
		if (*key == NULL || *value == NULL ||
		    form_decode(pair, klen, *key, 1) < 0 ||
		    form_decode(eq ? eq + 1 : "", vlen, *value, 1) < 0) {
			free(*key);
			free(*value);
			*key = *value = NULL;
			return -1;
		}
		return 0;
	}
	return 1;
}

/* Is S (N bytes) UTF-8 without overlong forms or surrogates? */
static int
utf8_ok(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);

	json_decref(j);
	return j != NULL;
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a),
	    json_string_value(*(json_t *const *)b));
}

/* Sorts the strings of array LIST in place. 0, or -1 on ENOMEM. */
static int
sort_strings(json_t *list)
{
	size_t n = json_array_size(list), i;
	json_t **v;

	if (n < 2)
		return 0;
	if ((v = malloc(n * sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(list, i));
	qsort(v, n, sizeof(*v), by_text);
	json_array_clear(list);
	for (i = 0; i < n; i++)
		json_array_append_new(list, v[i]);
	free(v);
	return 0;
}

/* CR LF -> LF in S, in place. */
static void
lf_lines(char *s)
{
	char *o = s;

	for (const char *p = s; *p != '\0'; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			*o++ = *p;
	*o = '\0';
}

int
form_submission(const char *data, size_t len, json_t **out, char *err, size_t errlen)
{
	static const char *const single[] = { "exercise", "language", "code", "quiz" };
	json_t *o = json_object(), *answers = json_object(), *list;
	char *key = NULL, *value = NULL;
	size_t pos = 0, pairs = 0, i;
	int rc, quiz = 0;
	const char *id;

	*out = NULL;
	if (o == NULL || answers == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	while ((rc = form_next(data, len, &pos, &key, &value)) == 0) {
		if (++pairs > FORM_PAIRS_MAX) {
			snprintf(err, errlen, "the form has more than %d fields", FORM_PAIRS_MAX);
			goto fail;
		}
		if (!utf8_ok(key, strlen(key)) || !utf8_ok(value, strlen(value))) {
			snprintf(err, errlen, "the form's text is not UTF-8");
			goto fail;
		}
		if (strncmp(key, "answer.", 7) == 0) {
			quiz = 1;
			if ((list = json_object_get(answers, key + 7)) == NULL &&
			    (json_object_set_new(answers, key + 7, list = json_array()) == -1 ||
			    list == NULL)) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			if (value[0] != '\0' &&
			    json_array_append_new(list, json_string(value)) == -1) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		} else {
			for (i = 0; i < sizeof(single) / sizeof(*single); i++)
				if (strcmp(key, single[i]) == 0)
					break;
			if (i == sizeof(single) / sizeof(*single)) {
				snprintf(err, errlen, "unknown field \"%.64s\": expected exercise, "
				    "language and code, or for a quiz answer.QUESTION fields", key);
				goto fail;
			}
			if (json_object_get(o, key) != NULL) {
				snprintf(err, errlen, "the field \"%s\" is given twice", key);
				goto fail;
			}
			if (i == 2)
				lf_lines(value);
			quiz |= i == 3;
			/* "quiz" is kept until the end only to refuse a second one. */
			if (json_object_set_new(o, key, json_string(value)) == -1) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		}
		free(key);
		free(value);
		key = value = NULL;
	}
	if (rc < 0) {
		snprintf(err, errlen, "the form is malformed (a bad %%-escape, or an encoded NUL)");
		goto fail;
	}
	json_object_del(o, "quiz");
	if (quiz) {
		json_object_foreach(answers, id, list)
			if (sort_strings(list) == -1) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		if (json_object_set(o, "answers", answers) == -1) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	json_decref(answers);
	*out = o;
	return 0;
fail:
	free(key);
	free(value);
	json_decref(answers);
	json_decref(o);
	return -1;
}

int
form_target_ok(const char *path)
{
	size_t n;

	if (path == NULL || path[0] != '/' || path[1] == '/' || path[1] == '\\')
		return 0;
	for (n = 0; path[n] != '\0'; n++) {
		unsigned char c = (unsigned char)path[n];

		if (c < 0x20 || c == 0x7f || c == '\\' || c == '%' || n >= 1024)
			return 0;
	}
	return 1;
}
