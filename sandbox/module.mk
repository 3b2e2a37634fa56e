# sandbox/ - the engine: spec format, jail, testers. A static library and
# bin/assay-grade (grade one submission from the command line).
SANDBOX_MAINS := sandbox/assay-grade.c
SANDBOX_SRCS  := $(filter-out $(SANDBOX_MAINS),$(wildcard sandbox/*.c))
SANDBOX_LIB   := $(B)/libassay-sandbox.a
SANDBOX_LIBS   = $(call pkg_libs,jansson libseccomp)

$(SANDBOX_LIB): $(SANDBOX_SRCS:%.c=$(B)/%.o)

bin/assay-grade: $(B)/sandbox/assay-grade.o $(SANDBOX_LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $^ $(SANDBOX_LIBS)

PROGRAMS += bin/assay-grade
