/* size.c - the size schedule: a property that fails once the size reaches
 * 50, whatever max-success is (test_authoring.py). */
#include "qc.h"

QC_PROPERTY(size_below_half, "qc_size(qc)")
{
	int size = (int)qc_size(qc);

	QC_SHOW_INT(size);
	QC_CHECK_INT(size, <, 50);
}
