#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* copies src reversed into dst, which has room for n + 1 chars */
static void reversed_copy(char *dst, const char *src, size_t n)
{
	for (size_t k = 0; k < n; k++)
		dst[k] = src[n - 1 - k];
	dst[n] = '\0';
}

int main(void)
{
	char in[512], out[512];

	while (fgets(in, sizeof in, stdin) != NULL) {
		size_t n = strlen(in);
		while (n > 0 && (in[n - 1] == '\n' || in[n - 1] == '\r'))
			n--;
		reversed_copy(out, in, n);
		puts(out);
	}
	return EXIT_SUCCESS;
}
