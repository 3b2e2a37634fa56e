/* Every function of props.c, right. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int add(int a, int b) { return (int)((unsigned)a + (unsigned)b); }
long long mul(long long a, long long b) { return a * b; }
int widen(signed char a, short b, unsigned char c, unsigned short d) { return a + b + c + d; }
unsigned char low_byte(unsigned u) { return (unsigned char)u; }
short negate16(short s) { return (short)-s; }
double half(double d) { return d / 2; }
float halff(float f) { return f / 2; }
_Bool is_odd(long l) { return l % 2 != 0; }
double mix(int i, double d, long l, float f, char c, double e)
{
	return i + 2 * d + (double)l + 3.0 * f + c + e / 4;
}
unsigned answer(void) { return 42; }
void fill(int *a, int n, int v) { for (int i = 0; i < n; i++) a[i] = v; }
size_t length(const char *s) { return strlen(s); }
void upcase(char *s) { for (; *s; s++) *s = (char)toupper((unsigned char)*s); }
char *copy(const char *s)
{
	char *c = malloc(strlen(s) + 1);

	return c ? strcpy(c, s) : NULL;
}
const char *find(const char *s, char c) { return strchr(s, c); }
char *nothing(void) { return NULL; }
