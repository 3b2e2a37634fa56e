/* A reference solution of c/gcd.md (never published: see solutions/README). */
int gcd(int a, int b)
{
	while (b != 0) {
		int r = a % b;

		a = b;
		b = r;
	}
	return a < 0 ? -a : a;
}
