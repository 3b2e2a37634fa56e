/* shuffle.c - deterministic per-student choices; see shuffle.h. */
#include <string.h>

#include "sandbox/format/shuffle.h"

static uint64_t
fnv1a(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Does KEY end in ":DIGITS"? */
static int
has_fixed_seed(const char *key)
{
	const char *colon = strrchr(key, ':');

	if (colon == NULL || colon[1] == '\0')
		return 0;
	for (const char *p = colon + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

uint64_t
shuffle_seed(const char *login, const char *key)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv1a(h, key, strlen(key) + 1);
	if (!has_fixed_seed(key) && login != NULL)
		h = fnv1a(h, login, strlen(login));
	return h;
}

/* A uniform number below BOUND (> 0), without modulo bias. */
static unsigned
below(uint64_t *state, unsigned bound)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound, x;

	do
		x = splitmix64(state);
	while (x >= limit);
	return (unsigned)(x % bound);
}

void
shuffle_permute(uint64_t seed, unsigned n, unsigned *perm)
{
	uint64_t state = seed;

	for (unsigned i = 0; i < n; i++)
		perm[i] = i;
	for (unsigned i = n; i > 1; i--) {
		unsigned j = below(&state, i), t = perm[i - 1];

		perm[i - 1] = perm[j];
		perm[j] = t;
	}
}

unsigned
shuffle_choose(const char *login, const char *key, unsigned n, unsigned choose,
    unsigned *out)
{
	unsigned perm[SHUFFLE_MAX];

	if (n == 0 || n > SHUFFLE_MAX)
		return 0;
	if (choose == 0 || choose > n)
		choose = n;
	shuffle_permute(shuffle_seed(login, key), n, perm);
	memcpy(out, perm, choose * sizeof(*out));
	return choose;
}
