# tests/ - unit test programs (one per module, TAP output), built by `make
# tests`; fuzz harnesses are built by tests/run with clang's libFuzzer.
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
TESTS     += $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

$(B)/tests/%: $(B)/tests/unit/%.o $(FCGI_LIB) $(SITEGEN_LIB) $(SANDBOX_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(FCGI_LIBS) $(SITEGEN_LIBS)

.PHONY: tests
tests: $(TESTS)
