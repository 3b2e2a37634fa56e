# sandbox/engine/ - the engine's entry point (engine_grade) and
# bin/assay-grade, which grades one submission from the command line.
ENGINE_SRCS += sandbox/engine/engine.c

bin/assay-grade: $(B)/sandbox/engine/assay-grade.o $(ENGINE_LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $^ $(ENGINE_LIBS)

PROGRAMS += bin/assay-grade
