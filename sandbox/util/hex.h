/*
 * hex.h - the value of a hexadecimal digit, for the parsers of untrusted
 * text that decode %XX and \xXX escapes (fcgi/form.c, sandbox/qc/qc_report.c).
 */
#ifndef ASSAY_HEX_H
#define ASSAY_HEX_H

/* The value (0 to 15) of the hexadecimal digit C, either case; -1 when C is
 * no hexadecimal digit. */
static inline int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
