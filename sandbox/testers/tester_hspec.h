/*
 * tester_hspec.h - what the hspec tester (tester_hspec.c) shows beyond its
 * entry point (tester.h): how many test programs it has compiled in this
 * process, for the tests that check a program is compiled once per
 * exercise, not per submission.
 */
#ifndef ASSAY_TESTER_HSPEC_H
#define ASSAY_TESTER_HSPEC_H

/* The test programs compiled (built, kept or not) since the process
 * started. */
unsigned long tester_hspec_builds(void);

#endif
