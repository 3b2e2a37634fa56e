# tests/ - unit test programs (TAP output), built by `make tests`; the
# programs mirror the source: tests/unit/sandbox/jail/test_jail.c tests
# sandbox/jail/. Fuzz harnesses are built by tests/run with clang's
# libFuzzer.
UNIT_SRCS := $(shell find tests/unit -name 'test_*.c' | LC_ALL=C sort)
TESTS     += $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

$(B)/tests/%: $(B)/tests/unit/%.o $(SERVICE_LIB) $(SITEGEN_LIB) $(ENGINE_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(SERVICE_LIBS) $(SITEGEN_LIBS)

# The store generator and baseline of tests/bench/bench_staff.py.
TESTS += $(B)/tests/bench/gen_staff
$(B)/tests/bench/gen_staff: $(B)/tests/bench/gen_staff.o $(SERVICE_LIB) $(ENGINE_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(SERVICE_LIBS)

# The similarity engine on files: tests/bench/bench_similarity.py.
TESTS += $(B)/tests/bench/simfiles
$(B)/tests/bench/simfiles: $(B)/tests/bench/simfiles.o $(SERVICE_LIB) $(ENGINE_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(SERVICE_LIBS)

.PHONY: tests
tests: $(TESTS)
