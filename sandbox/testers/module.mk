# sandbox/testers/ - one file per tester (tester_*.c), what they share
# (tester.c, lang.c) and the helpers beside the tester that uses them.
ENGINE_SRCS += $(wildcard sandbox/testers/*.c)

# The doctest tester embeds its three Python scripts (.incbin), the cases
# tester its Python runner (cases_run.py), and pycross.c the module both
# runners share (py_cross.py). doctest's runner and py_cross are also
# byte-compiled by the jail's interpreter (its /usr is the host's), so that
# each run need not compile them: doctest's run 2 uses its runner's copy
# when the prepare run reports the same magic number, the source otherwise;
# each runner loads py_cross's copy when the interpreter can, the source
# otherwise (and when the build has no /usr/bin/python3, the copies are
# empty). Each copy names its frames as the box's file ($(PYC_NAME)).
DOCTEST_RUN_PYC := $(B)/sandbox/testers/doctest_run.pyc
PY_CROSS_PYC := $(B)/sandbox/testers/py_cross.pyc
$(DOCTEST_RUN_PYC): PYC_NAME := assay-run.py
$(PY_CROSS_PYC): PYC_NAME := assay-cross.py
$(B)/sandbox/testers/%.pyc: sandbox/testers/%.py
	@mkdir -p $(@D)
	/usr/bin/python3 -I -c 'import py_compile as p, sys; p.compile(sys.argv[1],\
	    sys.argv[2], sys.argv[3], True, invalidation_mode=\
	    p.PycInvalidationMode.UNCHECKED_HASH)' $< $@ $(PYC_NAME) || : > $@
$(B)/sandbox/testers/tester_doctest.o: sandbox/testers/doctest_prepare.py \
	sandbox/testers/doctest_run.py sandbox/testers/doctest_check.py \
	$(DOCTEST_RUN_PYC)
$(B)/sandbox/testers/tester_doctest.o: private CPPFLAGS += \
	-DDOCTEST_RUN_PYC='"$(DOCTEST_RUN_PYC)"'
$(B)/sandbox/testers/tester_cases.o: sandbox/testers/cases_run.py
# The mutation tester embeds its run and check (and uses doctest's scripts).
$(B)/sandbox/testers/tester_mudoctest.o: sandbox/testers/mudoctest_run.py \
	sandbox/testers/mudoctest_check.py
$(B)/sandbox/testers/pycross.o: sandbox/testers/py_cross.py $(PY_CROSS_PYC)
$(B)/sandbox/testers/pycross.o: private CPPFLAGS += -DPY_CROSS_PYC='"$(PY_CROSS_PYC)"'

# The sqlite-query tester's program in the jail, assay-sqlrun (sqlrun/):
# built with flags of its own (never with sanitizers, whose runtimes the
# jail need not have), linked with Debian's SQLite and jansson, and
# embedded by tester_sqlite.c, which puts it in each of its boxes.
SQLRUN_BOX := $(B)/sandbox/testers/box
$(SQLRUN_BOX)/sqlrun.o: sandbox/testers/sqlrun/sqlrun.c sandbox/testers/sqlrun/sqlrun.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(QC_BOX_CFLAGS) -c -o $@ $<
$(SQLRUN_BOX)/assay-sqlrun: $(SQLRUN_BOX)/sqlrun.o
	$(CC) -pie -Wl,-z,relro -Wl,-z,now -o $@ $^ $(call pkg_libs,sqlite3 jansson)
$(B)/sandbox/testers/tester_sqlite.o: $(SQLRUN_BOX)/assay-sqlrun
$(B)/sandbox/testers/tester_sqlite.o: private CPPFLAGS += \
	-DSQLRUN_PATH='"$(SQLRUN_BOX)/assay-sqlrun"'
$(B)/sandbox/testers/tester_hspec.o: sandbox/testers/codex_quickcheck.hs
