/*
 * qc_embed.c - the files tester_quickcheck.c puts in every box: the runner
 * program, the child runtime (one relocatable object) and qc.h, embedded
 * with .incbin so that a grader needs no files of its own at run time.
 * sandbox/module.mk builds the first two (without sanitizers: they run in
 * the jail) and passes their directory as QC_BOX_DIR.
 */
#include <stddef.h>

#include "qc_impl.h"

#ifndef QC_BOX_DIR
#error "QC_BOX_DIR must name the directory of qc-runner and qc-child.o"
#endif

#define QC_EMBED(sym, file)						\
	".globl " #sym "\n"						\
	".type " #sym ", @object\n"					\
	".balign 16\n"							\
	#sym ":\n"							\
	".incbin \"" file "\"\n"					\
	#sym "_end:\n"							\
	".byte 0\n"							\
	".size " #sym ", . - " #sym "\n"				\
	".globl " #sym "_len\n"						\
	".type " #sym "_len, @object\n"					\
	".balign 8\n"							\
	#sym "_len:\n"							\
	".quad " #sym "_end - " #sym "\n"				\
	".size " #sym "_len, 8\n"

__asm__(
	".section .rodata\n"
	QC_EMBED(qc_embed_runner, QC_BOX_DIR "/qc-runner")
	QC_EMBED(qc_embed_child, QC_BOX_DIR "/qc-child.o")
	QC_EMBED(qc_embed_header, "sandbox/qc.h")
	".previous\n"
);
