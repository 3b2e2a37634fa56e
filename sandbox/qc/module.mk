# sandbox/qc/ - the property-testing library of the quickcheck tester.
#
# Everything but the runner's main goes into the engine's library too: the
# grader uses qc_embed.c and qc_report.c's parser, and the unit tests and
# benchmarks run trials in one process. The box files are built here with flags of their own
# (never with sanitizers, whose runtimes the jail need not have) and
# embedded by qc_embed.c: the runner program, and the child runtime as one
# relocatable object that the tester links with the property file and the
# student's code inside the jail.
SANDBOX_SRCS += $(filter-out sandbox/qc/qc_runner.c,$(wildcard sandbox/qc/*.c))

QC_BOX        := $(B)/sandbox/qc/box
QC_BOX_CFLAGS := -O2 -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
		 -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral \
		 -fstack-protector-strong -fPIC
QC_CHILD_OBJS  := $(addprefix $(QC_BOX)/,qc_gen.o qc_show.o qc_child.o)
QC_RUNNER_OBJS := $(addprefix $(QC_BOX)/,qc_runner.o qc_shrink.o qc_report.o errmsg.o)

$(QC_BOX)/%.o: sandbox/qc/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(QC_BOX_CFLAGS) -c -o $@ $<

$(QC_BOX)/errmsg.o: sandbox/util/errmsg.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(QC_BOX_CFLAGS) -c -o $@ $<

$(QC_BOX)/qc-child.o: $(QC_CHILD_OBJS)
	$(CC) -r -nostdlib -o $@ $^

$(QC_BOX)/qc-runner: $(QC_RUNNER_OBJS)
	$(CC) -pie -Wl,-z,relro -Wl,-z,now -o $@ $^

$(B)/sandbox/qc/qc_embed.o: $(QC_BOX)/qc-runner $(QC_BOX)/qc-child.o sandbox/qc/qc.h
$(B)/sandbox/qc/qc_embed.o: private CPPFLAGS += -DQC_BOX_DIR='"$(QC_BOX)"'
