/* b64.c - base64 encoding and decoding; see b64.h. */
#include <stdint.h>
#include <stdlib.h>

#include "sandbox/util/b64.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
b64_encode(const void *p, size_t n, size_t *outlen)
{
	const unsigned char *in = p;
	size_t len = (n + 2) / 3 * 4, o = 0;
	char *out;

	if (n > (SIZE_MAX - 1) / 4 * 3 - 3 || (out = malloc(len + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? alphabet[v & 63] : '=';
	}
	out[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return out;
}

static int
digit(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

char *
b64_decode(const char *s, size_t n, size_t *outlen)
{
	size_t o = 0, pad = 0;
	char *out;

	if (n % 4 != 0)
		return NULL;
	if (n > 0 && s[n - 1] == '=')
		pad = n > 1 && s[n - 2] == '=' ? 2 : 1;
	if ((out = malloc(n / 4 * 3 + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t v = 0;
		int last = i + 4 == n;

		for (size_t k = 0; k < 4; k++) {
			int d = digit(s[i + k]);

			if (d < 0 && !(last && s[i + k] == '=' && k >= 4 - pad)) {
				free(out);
				return NULL;
			}
			v = v << 6 | (uint32_t)(d < 0 ? 0 : d);
		}
		out[o++] = (char)(v >> 16);
		if (!last || pad < 2)
			out[o++] = (char)(v >> 8 & 255);
		if (!last || pad < 1)
			out[o++] = (char)(v & 255);
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}
