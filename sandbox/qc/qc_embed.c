/*
 * qc_embed.c - the files tester_quickcheck.c puts in every box: the runner
 * program, the student's side (qc-callee), the child runtime (one
 * relocatable object) and qc.h, embedded
 * with .incbin so that a grader needs no files of its own at run time.
 * sandbox/qc/module.mk builds the first three (without sanitizers: they run in
 * the jail) and passes their directory as QC_BOX_DIR.
 */
#include <stddef.h>

#include "sandbox/qc/qc_embed.h"
#include "sandbox/util/embed.h"

#ifndef QC_BOX_DIR
#error "QC_BOX_DIR must name the directory of qc-runner and qc-child.o"
#endif

__asm__(
	".section .rodata\n"
	EMBED_FILE(qc_embed_runner, QC_BOX_DIR "/qc-runner")
	EMBED_FILE(qc_embed_callee, QC_BOX_DIR "/qc-callee")
	EMBED_FILE(qc_embed_child, QC_BOX_DIR "/qc-child.o")
	EMBED_FILE(qc_embed_header, "sandbox/qc/qc.h")
	".previous\n"
);
