# sandbox/testers/ - one file per tester (tester_*.c), what they share
# (tester.c, lang.c) and the helpers beside the tester that uses them.
ENGINE_SRCS += $(wildcard sandbox/testers/*.c)

# The doctest tester embeds its three Python scripts (.incbin), and the
# runner byte-compiled by the jail's interpreter (its /usr is the host's), so
# that each run of the examples need not compile it: run 2 uses it when the
# prepare run reports the same magic number, the source otherwise (and when
# the build has no /usr/bin/python3, the file is empty).
DOCTEST_RUN_PYC := $(B)/sandbox/testers/doctest_run.pyc
$(DOCTEST_RUN_PYC): sandbox/testers/doctest_run.py
	@mkdir -p $(@D)
	/usr/bin/python3 -I -c 'import py_compile as p, sys; p.compile(sys.argv[1],\
	    sys.argv[2], "assay-run.py", True, invalidation_mode=\
	    p.PycInvalidationMode.UNCHECKED_HASH)' $< $@ || : > $@
$(B)/sandbox/testers/tester_doctest.o: sandbox/testers/doctest_prepare.py \
	sandbox/testers/doctest_run.py sandbox/testers/doctest_check.py \
	$(DOCTEST_RUN_PYC)
$(B)/sandbox/testers/tester_doctest.o: private CPPFLAGS += \
	-DDOCTEST_RUN_PYC='"$(DOCTEST_RUN_PYC)"'
