/*
 * embed.h - files built into a grader's program, so that it needs no files
 * of its own at run time (the quickcheck tester's runner, child runtime and
 * qc.h: qc_embed.c; the doctest tester's scripts: tester_doctest.c).
 *
 *   __asm__(".section .rodata\n"
 *       EMBED_FILE(doctest_run_py, "sandbox/testers/doctest_run.py")
 *       ".previous\n");
 *   extern const char doctest_run_py[];     the file's bytes, then a NUL
 *   extern const size_t doctest_run_py_len; its size, without the NUL
 *
 * The path is the assembler's (.incbin), relative to the directory the
 * compiler runs in: the repository's root. make does not know of the file
 * through the object's dependency file: name it as a prerequisite of the
 * object in the folder's module.mk.
 */
#ifndef ASSAY_EMBED_H
#define ASSAY_EMBED_H

/* The assembly for symbols SYM and SYM_len holding FILE (a string literal). */
#define EMBED_FILE(sym, file)						\
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

#endif
