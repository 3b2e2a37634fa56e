/*
 * pycross.h - py_cross.py, the module the split Python runs share (the
 * doctest tester's run 2, doctest_run.py; the Python cases' runs,
 * cases_run.py), embedded with the copy the build byte-compiled (empty
 * without a /usr/bin/python3; module.mk). A tester puts both in its box
 * under PYCROSS_SOURCE and PYCROSS_COMPILED, where the runner loads the
 * copy when its interpreter can, the source otherwise.
 */
#ifndef ASSAY_PYCROSS_H
#define ASSAY_PYCROSS_H

#include <stddef.h>

#define PYCROSS_SOURCE "assay-cross.py"
#define PYCROSS_COMPILED "assay-cross.pyc"

/* The files' bytes (each followed by a NUL) and sizes. */
extern const char pycross_py[], pycross_pyc[];
extern const size_t pycross_py_len, pycross_pyc_len;

#endif
