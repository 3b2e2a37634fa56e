/* pycross.c - py_cross.py and its byte-compiled copy, embedded; see pycross.h. */
#include "sandbox/testers/pycross.h"
#include "sandbox/util/embed.h"

__asm__(
	".section .rodata\n"
	EMBED_FILE(pycross_py, "sandbox/testers/py_cross.py")
	EMBED_FILE(pycross_pyc, PY_CROSS_PYC)
	".previous\n"
);
