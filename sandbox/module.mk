# sandbox/ - the engine: spec format, jail, testers. A static library and
# bin/assay-grade (grade one submission from the command line).
SANDBOX_MAINS := sandbox/assay-grade.c sandbox/qc_runner.c
SANDBOX_SRCS  := $(filter-out $(SANDBOX_MAINS),$(wildcard sandbox/*.c))
SANDBOX_LIB   := $(B)/libassay-sandbox.a
SANDBOX_LIBS   = $(call pkg_libs,jansson libseccomp) -lm

$(SANDBOX_LIB): $(SANDBOX_SRCS:%.c=$(B)/%.o)

bin/assay-grade: $(B)/sandbox/assay-grade.o $(SANDBOX_LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $^ $(SANDBOX_LIBS)

PROGRAMS += bin/assay-grade

# The quickcheck tester's box files (qc_embed.c embeds them): the runner
# program and the child runtime as one relocatable object, which the tester
# links with the property file and the student's code inside the jail. They
# run in the jail, so they are built with flags of their own (never with
# sanitizers, whose runtimes the jail need not have).
QC_BOX        := $(B)/sandbox/box
QC_BOX_CFLAGS := -O2 -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
		 -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral \
		 -fstack-protector-strong -fPIC
QC_CHILD_OBJS  := $(addprefix $(QC_BOX)/,qc_gen.o qc_show.o qc_child.o)
QC_RUNNER_OBJS := $(addprefix $(QC_BOX)/,qc_runner.o qc_shrink.o qc_report.o errmsg.o)

$(QC_BOX)/%.o: sandbox/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(QC_BOX_CFLAGS) -c -o $@ $<

$(QC_BOX)/qc-child.o: $(QC_CHILD_OBJS)
	$(CC) -r -nostdlib -o $@ $^

$(QC_BOX)/qc-runner: $(QC_RUNNER_OBJS)
	$(CC) -pie -Wl,-z,relro -Wl,-z,now -o $@ $^

$(B)/sandbox/qc_embed.o: $(QC_BOX)/qc-runner $(QC_BOX)/qc-child.o sandbox/qc.h
$(B)/sandbox/qc_embed.o: private CPPFLAGS += -DQC_BOX_DIR='"$(QC_BOX)"'

# The doctest tester embeds its three Python scripts (.incbin).
$(B)/sandbox/tester_doctest.o: sandbox/doctest_prepare.py sandbox/doctest_run.py \
	sandbox/doctest_check.py
