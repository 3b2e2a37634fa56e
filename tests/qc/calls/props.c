/*
 * props.c - the student's functions of every kind QC_FUNCTION takes, each
 * called across to the student's process (tests/qc/test_calls.py): signed
 * and unsigned integers of every width, floats and doubles among them,
 * _Bool, void, no parameter, six parameters, pointers to blocks, strings
 * that are not blocks (literals, local arrays, changed or not), pointers
 * returned into a block and strings returned from the student's memory.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qc.h"

QC_FUNCTION(int, add, int, int);
QC_FUNCTION(long long, mul, long long, long long);
QC_FUNCTION(int, widen, signed char, short, unsigned char, unsigned short);
QC_FUNCTION(unsigned char, low_byte, unsigned);
QC_FUNCTION(short, negate16, short);
QC_FUNCTION(double, half, double);
QC_FUNCTION(float, halff, float);
QC_FUNCTION(_Bool, is_odd, long);
QC_FUNCTION(double, mix, int, double, long, float, char, double);
QC_FUNCTION(unsigned, answer, void);
QC_FUNCTION(void, fill, int *, int, int);
QC_FUNCTION(size_t, length, const char *);
QC_FUNCTION(void, upcase, char *);
QC_FUNCTION(char *, copy, const char *);
QC_FUNCTION(const char *, find, const char *, char);
QC_FUNCTION(char *, nothing, void);

QC_PROPERTY(integers, "add, mul, widen, low_byte, negate16")
{
	int a = qc_int(qc), b = qc_int(qc);
	long long x = qc_int64_range(qc, -3037000499LL, 3037000499LL);
	long long y = qc_int64_range(qc, -3037000499LL, 3037000499LL);
	int c = qc_int_range(qc, SCHAR_MIN, SCHAR_MAX);
	int s = qc_int_range(qc, SHRT_MIN, SHRT_MAX);
	unsigned u = qc_unsigned(qc);

	QC_SHOW_INT(a); QC_SHOW_INT(b); QC_SHOW_LONG(x); QC_SHOW_LONG(y);
	QC_SHOW_INT(c); QC_SHOW_INT(s); QC_SHOW_UNSIGNED(u);
	QC_EXPECT_INT((int)((unsigned)a + (unsigned)b), add(a, b));
	QC_EXPECT_INT(x * y, mul(x, y));
	QC_EXPECT_INT(c + s + (unsigned char)c + (unsigned short)s,
	    widen((signed char)c, (short)s, (unsigned char)c, (unsigned short)s));
	QC_EXPECT_UNSIGNED(u & 0xff, low_byte(u));
	QC_EXPECT_INT(s == SHRT_MIN ? SHRT_MIN : -s, negate16((short)s));
}

QC_PROPERTY(reals, "half, halff, is_odd, mix")
{
	double d = qc_double(qc), e = qc_double_range(qc, -1e6, 1e6);
	float f = (float)qc_double_range(qc, -1e6, 1e6);
	long l = qc_long(qc);
	int i = qc_int_range(qc, -1000, 1000);
	char ch = qc_char(qc, NULL);

	QC_SHOW_DOUBLE(d); QC_SHOW_DOUBLE(e); QC_SHOW_DOUBLE(f); QC_SHOW_LONG(l);
	QC_EXPECT_DOUBLE(d / 2, half(d), 0);
	QC_EXPECT_DOUBLE(f / 2, halff(f), 0);
	QC_EXPECT_BOOL(l % 2 != 0, is_odd(l));
	QC_EXPECT_DOUBLE(i + 2 * d + (double)(l % 1000) + 3.0 * f + ch + e / 4,
	    mix(i, d, l % 1000, f, ch, e), 1e-9);
	QC_EXPECT_UNSIGNED(42, answer());
}

QC_PROPERTY(blocks, "fill(a, n, v)")
{
	size_t n;
	int *a = qc_int_array(qc, 0, 10, 0, 9, &n);
	int v = qc_int_range(qc, -5, 5);

	qc_name(qc, a, "a");
	QC_SHOW_INT_ARRAY(a, n);
	fill(a, (int)n, v);
	for (size_t k = 0; k < n; k++)
		QC_EXPECT_INT(v, a[k]);
}

QC_PROPERTY(strings, "length, upcase, copy, find, nothing")
{
	char *s = qc_string(qc, 0, 12, QC_LOWER);
	char local[16];
	char *c;
	const char *f;

	QC_SHOW_STR(s);
	QC_EXPECT_INT(strlen(s), length(s));
	QC_EXPECT_INT(5, length("hello"));
	strcpy(local, "abc");
	upcase(local);
	QC_EXPECT_STR("ABC", local);
	c = copy(s);
	QC_ASSERT(c != s);
	QC_EXPECT_STR(s, c);
	f = find(s, 'q');
	if (strchr(s, 'q') == NULL)
		QC_ASSERT(f == NULL);
	else
		QC_ASSERT(f == strchr(s, 'q'));
	QC_ASSERT(nothing() == NULL);
}
