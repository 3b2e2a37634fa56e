# sandbox/testers/ - one file per tester (tester_*.c), what they share
# (tester.c, lang.c) and the helpers beside the tester that uses them.
ENGINE_SRCS += $(wildcard sandbox/testers/*.c)

# The doctest tester embeds its three Python scripts (.incbin).
$(B)/sandbox/testers/tester_doctest.o: sandbox/testers/doctest_prepare.py \
	sandbox/testers/doctest_run.py sandbox/testers/doctest_check.py
