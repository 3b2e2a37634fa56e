/*
 * qc_embed.h - the files tester_quickcheck.c puts in every box, embedded in
 * the engine by qc_embed.c: the runner program (runner/), the student's
 * process program (callee/), the child runtime as one relocatable object
 * (child/) and qc.h for the property file.
 */
#ifndef ASSAY_QC_EMBED_H
#define ASSAY_QC_EMBED_H

#include <stddef.h>

/*
 * The file size limit a program of the box needs to call a student's
 * functions (qc-runner's children, a cases program with QC_FUNCTION stubs):
 * the calls' shared memory is a memory file (the arena and a call page).
 * The student's process is given the exercise's own limit back.
 */
#define QC_EMBED_CALLER_FSIZE_KIB	(48 * 1024)

/* The runner program, the callee program, the child runtime object and
 * qc.h, LEN bytes each. */
extern const unsigned char qc_embed_runner[], qc_embed_callee[],
    qc_embed_child[], qc_embed_header[];
extern const size_t qc_embed_runner_len, qc_embed_callee_len,
    qc_embed_child_len, qc_embed_header_len;

#endif
