/*
 * hs_text.h - the hspec tester's text work, apart from the jail: a
 * Haskell submission checked and made a module, the exercise's skeleton
 * made compilable, GHC's interface dumps (-ddump-hi) compared, and the
 * test program's output judged.
 *
 * Nothing here runs a program or touches a file, so that a fuzzer can
 * drive every function (tests/fuzz/fuzz_hstext.c). Every input is
 * untrusted text of the given length, NUL bytes included; every string
 * returned is malloc'd (the caller frees it), NULL on ENOMEM.
 */
#ifndef ASSAY_HS_TEXT_H
#define ASSAY_HS_TEXT_H

#include <stddef.h>

/*
 * The first pragma of CODE (LEN bytes) that would take a module out of
 * Safe Haskell or let its compile read or run something ({-# OPTIONS_GHC
 * ... #-} and the other OPTIONS pragmas, INCLUDE, LANGUAGE with CPP,
 * TemplateHaskell, QuasiQuotes, Trustworthy or Unsafe), named in WHY (LEN
 * bytes: "the pragma OPTIONS_GHC", "the extension CPP"). Returns 1 when
 * there is one, 0 otherwise. Pragma names are matched as GHC does, without
 * regard to case; extensions as written (GHC's are case-sensitive).
 */
int hs_text_refused(const char *code, size_t len, char *why, size_t whylen);

/*
 * The student's CODE as the module Submission: unchanged when it has a
 * module header (a line starting "module "), else with the header
 * "module Submission where" and a LINE pragma before it, so that GHC's
 * messages keep the student's line numbers.
 */
char *hs_text_module(const char *code, size_t len);

/*
 * The exercise's skeleton CODE made a module that compiles: as
 * hs_text_module(), with "NAME = undefined" added for each top-level type
 * signature without an equation (Codex's skeletons often give the
 * signature alone).
 */
char *hs_text_skeleton(const char *code, size_t len);

/*
 * Compares the interface dumps (ghc -ddump-hi) of the skeleton, SKEL, and
 * of the student's module, STU: every declaration and instance of the
 * skeleton must be in the student's with exactly the same text, up to
 * white space and the synonym String. Returns NULL when they match, else
 * a message for the student, one line per mismatch ("strongPasswd must
 * have type String -> Bool"), or NULL with *NOMEM set on ENOMEM.
 */
char *hs_text_compare(const char *skel, size_t skel_len, const char *stu,
    size_t stu_len, int *nomem);

/*
 * The packages of an interface dump DUMP ("package dependencies:"), as
 * GHC's link options: " -package base-4.15.1.0 -package containers-...",
 * appended to *OUT (a string, "" at first, reallocated). 0, or -1 on
 * ENOMEM.
 */
int hs_text_packages(const char *dump, size_t len, char **out);

/* What hs_text_judge() found in the test program's output. */
enum hs_verdict {
	HS_NO_MARKER,		/* it never reached its end: crashed, was
				   killed, or exited from inside */
	HS_PASSED,		/* its main returned, and nothing failed */
	HS_FAILED,		/* its main failed: tests failed, or an
				   exception escaped */
};

/*
 * Judges OUT (LEN bytes), the test program's standard output, whose last
 * line the runner (AssayRun.hs) writes as "MARKER passed" or "MARKER
 * failed" after the spec's main ends: only that line counts, and only when
 * it is the last. With QC, a plain QuickCheck program's output (no hspec):
 * a line starting "*** Failed" or "*** Gave up" fails it too. *SHOWN is
 * what the student sees: the output before the marker line, without
 * hspec's "To rerun use" and "Finished in" lines (malloc'd, never NULL
 * unless ENOMEM, then the verdict is HS_NO_MARKER and *NOMEM is set).
 */
enum hs_verdict hs_text_judge(const char *out, size_t len, const char *marker,
    int qc, char **shown, int *nomem);

#endif
