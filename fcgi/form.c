/* form.c - query string, form body and cookie parsing; see form.h. */
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
