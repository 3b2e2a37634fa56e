# sandbox/qc/ - the property-testing library of the quickcheck tester, in
# four parts by where they run (README.md is the map):
#   child/    the child runtime, linked in the box with the property file
#             (never with the student's code): one relocatable object,
#             qc-child.o;
#   runner/   the runner program, qc-runner, which runs in the box too and
#             never loads the student's code;
#   callee/   the student's process, qc-callee: loads the student's code
#             alone and calls it for the child;
#   the rest  what the grader uses on the host: the report format (the
#             runner writes it, the grader reads it) and the embedded files.
#
# The box's three files are built here with flags of their own (never with
# sanitizers, whose runtimes the jail need not have) and embedded by
# qc_embed.c. The engine's library gets everything but the runner's
# program: the grader uses qc_embed.c and the report's parser, and the unit
# tests and benchmarks run trials and the shrinker in one process.
QC_CHILD_SRCS   := $(wildcard sandbox/qc/child/*.c)
QC_RUNNER_SRCS  := $(wildcard sandbox/qc/runner/*.c)
QC_RUNNER_MAIN  := sandbox/qc/runner/qc_runner.c sandbox/qc/runner/qc_parent.c
QC_CALLEE_SRCS  := sandbox/qc/callee/qc_callee.c
ENGINE_SRCS += $(QC_CHILD_SRCS) $(filter-out $(QC_RUNNER_MAIN),$(QC_RUNNER_SRCS)) \
		sandbox/qc/qc_report.c sandbox/qc/qc_embed.c

QC_BOX        := $(B)/sandbox/qc/box
QC_BOX_CFLAGS := -O2 -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
		 -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral \
		 -fstack-protector-strong -fPIC
QC_CHILD_OBJS  := $(QC_CHILD_SRCS:sandbox/qc/%.c=$(QC_BOX)/%.o)
QC_RUNNER_OBJS := $(QC_RUNNER_SRCS:sandbox/qc/%.c=$(QC_BOX)/%.o) \
		  $(QC_BOX)/qc_report.o $(QC_BOX)/errmsg.o

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

$(QC_BOX)/qc-callee: $(QC_CALLEE_SRCS:sandbox/qc/%.c=$(QC_BOX)/%.o)
	$(CC) -pie -Wl,-z,relro -Wl,-z,now -o $@ $^ -lseccomp

$(B)/sandbox/qc/qc_embed.o: $(QC_BOX)/qc-runner $(QC_BOX)/qc-callee \
			    $(QC_BOX)/qc-child.o sandbox/qc/qc.h
$(B)/sandbox/qc/qc_embed.o: private CPPFLAGS += -DQC_BOX_DIR='"$(QC_BOX)"'
